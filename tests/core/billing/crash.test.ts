// Kills a process posting a billing run with SIGKILL part-way, several times (after a chosen
// number of bills each time), then posts the run again: the run finishes exactly the rest — no
// account billed twice, none skipped — and the ledger checks clean.
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeTestCore, tempDir } from '../../helpers/core';
import { makeAccount } from '../../helpers/fixtures';
import { addReading, installMeter } from '../../helpers/meters';

const child = path.resolve(__dirname, 'crash-child.ts');
const ACCOUNTS = 240;

/** Runs the child; kills it once the run has `killAt` bills (read from another connection), or lets it finish. */
function run(file: string, killAt: number | null): Promise<{ killed: boolean; billedAtKill: number; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, file, '1', '2026-03'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let billedAtKill = -1;
    const guard = setTimeout(() => p.kill('SIGKILL'), 60_000);
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    let poll: NodeJS.Timeout | null = null;
    p.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (killAt !== null && !poll && stdout.includes('START\n')) {
        poll = setInterval(() => {
          const n = reader.prepare('SELECT count(*) FROM bills WHERE run_id IS NOT NULL').pluck().get() as number;
          if (n >= killAt) {
            billedAtKill = n;
            p.kill('SIGKILL');
            clearInterval(poll!);
          }
        }, 1);
      }
    });
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (poll) clearInterval(poll);
      reader.close();
      resolve({ killed: signal === 'SIGKILL', billedAtKill, stderr, stdout });
    });
    p.on('error', reject);
  });
}

describe('billing run crash safety', () => {
  it('finishes exactly the rest after SIGKILLs in the middle: none billed twice, none skipped', async () => {
    const file = path.join(tempDir('tc-billrun-crash-'), 'ledger.sqlite');
    const setup = await makeTestCore({ file });
    const db = setup.core.deps.db;
    const expected: number[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const a = makeAccount(db, { last: `Crash${i}`, street: `${i + 1} Oak St` });
      const m = installMeter(db, { accountId: a.id, number: `W-${i}` });
      addReading(db, m, '2026-01-25', 1000 * i);
      // Every tenth account has no reading in the window: held, never billed.
      if (i % 10 !== 9) {
        addReading(db, m, '2026-02-25', 1000 * i + 2500 + i);
        expected.push(a.id);
      }
    }
    const preview = await setup.must('billing.preview', { cycle: 1, period: '2026-03' }, await setup.signIn('supervisor'));
    expect(preview).toMatchObject({ toBill: expected.length, heldTotal: ACCOUNTS - expected.length });
    setup.close();

    // Killed three times part-way, each after more bills than the last.
    let last = 0;
    for (const killAt of [15, 90, 170]) {
      const r = await run(file, killAt);
      expect(r.killed).toBe(true);
      expect(r.stdout).not.toContain('DONE');
      expect(r.billedAtKill).toBeGreaterThanOrEqual(Math.max(killAt, last));
      expect(r.billedAtKill).toBeLessThan(expected.length);
      last = r.billedAtKill;
    }

    // The next post finishes the run.
    const t = await makeTestCore({ file });
    try {
      const sup = await t.signIn('supervisor');
      const before = await t.must('billing.runs', {}, sup);
      expect(before.runs[0]).toMatchObject({ status: 'posting', active: false });
      expect(before.runs[0]!.billed).toBeGreaterThanOrEqual(last);
      const done = await t.must('billing.post', { cycle: 1, period: '2026-03', confirm: true }, sup);
      expect(done.run).toMatchObject({ status: 'posted', billed: expected.length });
      expect(done.billedNow).toBe(expected.length - before.runs[0]!.billed);
      const tdb = t.core.deps.db;
      const billed = tdb.prepare('SELECT account_id FROM bills WHERE run_id = ? ORDER BY account_id').pluck().all(done.run.id) as number[];
      expect(billed).toEqual([...expected].sort((x, y) => x - y));
      // One bill entry per bill, each with its key; no orphan entry from a killed chunk.
      expect(tdb.prepare("SELECT count(*) FROM journal_entries WHERE kind = 'bill'").pluck().get()).toBe(expected.length);
      expect(tdb.prepare("SELECT count(DISTINCT idempotency_key) FROM journal_entries WHERE idempotency_key LIKE 'bill:1:2026-03:%'").pluck().get()).toBe(expected.length);
      expect(tdb.prepare('SELECT count(*) FROM bill_readings').pluck().get()).toBe(expected.length);
      expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);
      // And once more: nothing.
      expect((await t.must('billing.post', { cycle: 1, period: '2026-03', confirm: true }, sup)).billedNow).toBe(0);
    } finally {
      t.close();
    }
  }, 120_000);

  it('two processes posting the same run at once bill each account once, and both end with the run posted', async () => {
    const file = path.join(tempDir('tc-billrun-two-'), 'ledger.sqlite');
    const setup = await makeTestCore({ file });
    const db = setup.core.deps.db;
    const expected: number[] = [];
    for (let i = 0; i < 120; i++) {
      const a = makeAccount(db, { last: `Twice${i}`, street: `${i + 1} Elm St` });
      const m = installMeter(db, { accountId: a.id, number: `W-T${i}` });
      addReading(db, m, '2026-01-25', 1000 * i);
      addReading(db, m, '2026-02-25', 1000 * i + 3000 + i);
      expected.push(a.id);
    }
    setup.close();
    const [a, b] = await Promise.all([run(file, null), run(file, null)]);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    expect(a.stdout).toContain('DONE');
    expect(b.stdout).toContain('DONE');
    const t = await makeTestCore({ file });
    try {
      const sup = await t.signIn('supervisor');
      const runs = await t.must('billing.runs', {}, sup);
      expect(runs.runs).toHaveLength(1);
      expect(runs.runs[0]).toMatchObject({ status: 'posted', billed: expected.length });
      const tdb = t.core.deps.db;
      expect(tdb.prepare('SELECT count(*) FROM bills WHERE run_id IS NOT NULL').pluck().get()).toBe(expected.length);
      expect(tdb.prepare('SELECT count(DISTINCT account_id) FROM bills WHERE run_id IS NOT NULL').pluck().get()).toBe(expected.length);
      expect(tdb.prepare("SELECT count(*) FROM journal_entries WHERE kind = 'bill'").pluck().get()).toBe(expected.length);
      expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);
    } finally {
      t.close();
    }
  }, 120_000);
});
