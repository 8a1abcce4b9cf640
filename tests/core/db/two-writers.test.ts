// Issue 9 item 3: two processes on one ledger, each with four clients posting payments through
// the real bridge, while the export CLI (`npm run export`) writes the same file: nothing fails
// (every write transaction begins IMMEDIATE and waits out the other writers' locks).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { makeTestCore, tempDir } from '../../helpers/core';
import { listTarget, makeExportCore, makeTownAccounts, workDay } from '../export/helpers';

const ROOT = path.resolve(__dirname, '../../..');
const WORKER = path.resolve(__dirname, '../../helpers/writer-worker.ts');
const CLIENTS = 4;
const PER_CLIENT = 25;

interface WorkerResult {
  posted: number;
  failed: number;
  errors: string[];
}

function startWriter(args: string[]): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; done: Promise<WorkerResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  let onFailed: (e: Error) => void = () => {};
  const ready = new Promise<void>((r, j) => {
    onReady = r;
    onFailed = j;
  });
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes('READY\n')) onReady();
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const done = new Promise<WorkerResult>((resolve, reject) => {
    child.on('exit', (code) => {
      onFailed(new Error(`writer exited ${code} before it was ready: ${err}`));
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`writer exited ${code}: ${err}`));
      else resolve(JSON.parse(last) as WorkerResult);
    });
  });
  return { child, ready, done };
}

function runCli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/export.ts'), ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('two writers on one ledger (issue 9 item 3)', () => {
  it(`two processes x ${CLIENTS} clients post ${2 * CLIENTS * PER_CLIENT} payments while the export CLI writes: 0 failures`, async () => {
    const file = path.join(tempDir('tc-writers-'), 'ledger.sqlite');
    const t = await makeExportCore({ file, now: '2026-03-16T13:00:00Z' });
    const accounts = makeTownAccounts(t, 8);
    await workDay(t, '2026-03-16', accounts, { payments: 6, seed: 1 });
    await workDay(t, '2026-03-17', accounts, { payments: 6, seed: 2 });
    t.close();
    const now = '2026-03-18T15:00:00Z';
    const s2 = await makeTestCore({ file, now, station: 'S2' });
    await s2.must('drawer.open', { counts: [{ denominationCents: 2000, count: 10 }] }, await s2.signIn('supervisor'));
    s2.close();
    const s1 = await makeTestCore({ file, now, station: 'S1' });
    await s1.must('drawer.open', { counts: [{ denominationCents: 2000, count: 10 }] }, await s1.signIn('cashier'));
    s1.close();

    const ids = accounts.map((a) => a.id).join(',');
    const a = startWriter([file, 'S1', 'cashier', '1111', now, ids, String(CLIENTS), String(PER_CLIENT)]);
    const b = startWriter([file, 'S2', 'supervisor', '9999', now, ids, String(CLIENTS), String(PER_CLIENT)]);
    await Promise.all([a.ready, b.ready]);
    const to = tempDir('tc-writers-out-');
    a.child.stdin.write('GO\n');
    b.child.stdin.write('GO\n');
    const exported = runCli(['--db', file, '--pending', '--to', to]);
    const [ra, rb, cli] = await Promise.all([a.done, b.done, exported]);

    expect(ra).toEqual({ posted: CLIENTS * PER_CLIENT, failed: 0, errors: [] });
    expect(rb).toEqual({ posted: CLIENTS * PER_CLIENT, failed: 0, errors: [] });
    expect(cli).toMatchObject({ code: 0, out: expect.stringContaining('Delivered 2026-03-17') });
    expect(listTarget(to)).toEqual(['2026-03-16_S1', '2026-03-17_S1']);

    const check = await makeTestCore({ file, now });
    const db = check.core.deps.db;
    expect(db.prepare("SELECT count(*) FROM receipts WHERE business_date = '2026-03-18'").pluck().get()).toBe(2 * CLIENTS * PER_CLIENT);
    // Receipt numbers per station have no gaps and no duplicates.
    for (const station of ['S1', 'S2']) {
      const seq = db.prepare('SELECT seq FROM receipts WHERE station = ? ORDER BY seq').pluck().all(station) as number[];
      expect(seq).toEqual(seq.map((_, i) => seq[0]! + i));
    }
    expect((await check.must('ledger.verify', {}, await check.signIn('supervisor'))).violations).toEqual([]);
    check.close();
  }, 240_000);
});
