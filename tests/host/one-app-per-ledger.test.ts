// Issue 9 item 3: one interactive app per ledger. A second browser-mode host (or the desktop
// app) on a ledger already open is refused at start-up, naming the first (process, kind, since
// when); a claim left by a killed process does not block; the export CLI still works beside it.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimFileFor, claimLedger, LedgerInUseError } from '../../src-main/db/ledger-claim';
import { openConfiguredLedger } from '../../src-main/electron/ledger-config';
import { makeTestCore, MIGRATIONS_DIR, tempDir } from '../helpers/core';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'src-main/host/cli.ts');

interface Host {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the URL once serving, or rejects with the output if the process exits first. */
  started: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

function startHostProcess(file: string): Host {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--db', file, '--port', '0', '--no-virtual-printer'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let resolveStarted: (url: string) => void = () => {};
  let rejectStarted: (e: Error) => void = () => {};
  const started = new Promise<string>((res, rej) => {
    resolveStarted = res;
    rejectStarted = rej;
  });
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    const m = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
    if (m) resolveStarted(m[1]!);
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((res) =>
    child.on('exit', (code, signal) => {
      rejectStarted(new Error(`host exited (${code ?? signal}) before serving: ${err}`));
      res({ code, signal, out, err });
    }),
  );
  return { child, started, exited };
}

async function status(url: string): Promise<{ ok: boolean; value: { file: string; healthy: boolean } }> {
  const r = await fetch(`${url}rpc/ledger.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return (await r.json()) as { ok: boolean; value: { file: string; healthy: boolean } };
}

describe('one app per ledger (issue 9 item 3)', () => {
  it('refuses a second browser-mode host naming the first; a killed host leaves no block; the export CLI works beside it', async () => {
    const dir = tempDir('tc-claim-');
    const file = path.join(dir, 'ledger.sqlite');
    (await makeTestCore({ file })).close();

    const first = startHostProcess(file);
    const url = await first.started;
    expect((await status(url)).value).toMatchObject({ file: 'ledger.sqlite', healthy: true });
    const claim = JSON.parse(fs.readFileSync(claimFileFor(file), 'utf8')) as { pid: number; kind: string; since: string };
    expect(claim).toMatchObject({ pid: first.child.pid, kind: 'browser mode' });

    const second = startHostProcess(file);
    second.started.catch(() => {});
    const refused = await second.exited;
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('already open in another TownCounter');
    expect(refused.err).toContain(`browser mode, process ${first.child.pid}`);
    expect(refused.err).toContain(`since ${claim.since}`);
    // The first host is unaffected.
    expect((await status(url)).ok).toBe(true);

    // The export CLI (a scheduled task) still runs beside the app.
    const to = tempDir('tc-claim-out-');
    const exported = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/export.ts'), '--db', file, '--pending', '--to', to], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('Nothing to export');

    // A crashed (SIGKILLed) host leaves its claim behind; it is stale and does not block.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(fs.existsSync(claimFileFor(file))).toBe(true);
    const third = startHostProcess(file);
    const url3 = await third.started;
    expect((await status(url3)).ok).toBe(true);
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
    // A clean stop releases the claim, and closes the ledger last: no write-ahead log left beside it.
    expect(fs.existsSync(claimFileFor(file))).toBe(false);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(`${file}-shm`)).toBe(false);
  }, 180_000);

  it('the desktop app is refused on a ledger open in browser mode, with the same message', async () => {
    const dir = tempDir('tc-claim-desktop-');
    const file = path.join(dir, 'ledger.sqlite');
    (await makeTestCore({ file })).close();
    const held = claimLedger(file, 'browser mode');
    try {
      const opening = openConfiguredLedger({ ledgerFile: file, station: 'S1', source: 'arg', warnings: [] }, { migrationsDir: MIGRATIONS_DIR, appVersion: 'test' });
      await expect(opening).rejects.toBeInstanceOf(LedgerInUseError);
      await expect(opening).rejects.toThrow(`browser mode, process ${process.pid}`);
    } finally {
      held.release();
    }
    // Released: the desktop app opens it and claims it in turn.
    const core = await openConfiguredLedger({ ledgerFile: file, station: 'S1', source: 'arg', warnings: [] }, { migrationsDir: MIGRATIONS_DIR, appVersion: 'test' });
    expect(JSON.parse(fs.readFileSync(claimFileFor(file), 'utf8'))).toMatchObject({ kind: 'desktop app', pid: process.pid });
    core.close();
    expect(fs.existsSync(claimFileFor(file))).toBe(false);
  });

  it('a claim whose process is gone is stale; garbage in the claim file is replaced once old', () => {
    const dir = tempDir('tc-claim-stale-');
    const file = path.join(dir, 'ledger.sqlite');
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    expect(dead.status).toBe(0);
    fs.writeFileSync(claimFileFor(file), JSON.stringify({ pid: dead.pid, kind: 'desktop app', since: '2026-03-16T12:00:00.000Z', host: os.hostname() }));
    const c = claimLedger(file, 'browser mode');
    expect(c.holder.pid).toBe(process.pid);
    c.release();
    fs.writeFileSync(claimFileFor(file), 'not json');
    const old = new Date(Date.parse('2026-03-16T12:00:00Z'));
    fs.utimesSync(claimFileFor(file), old, old);
    const again = claimLedger(file, 'desktop app');
    expect(again.holder.kind).toBe('desktop app');
    again.release();
  });
});
