// Kills a process running the late penalty run with SIGKILL at random points (after a random
// number of penalties each time, from a seeded generator so the test is repeatable), then runs
// it again: every past-due bill ends with exactly one penalty, none skipped, no orphan entry,
// and the ledger checks clean. Two processes running at once also penalize each bill once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { penaltyFor } from '../../../src-main/core/collections/penalties';
import { DEFAULT_SETTINGS } from '../../../src-main/core/settings';
import { makeTestCore, tempDir } from '../../helpers/core';
import { billAccount, makeAccount } from '../../helpers/fixtures';

const child = path.resolve(__dirname, 'penalty-crash-child.ts');
const NOW = '2026-02-22T14:00:00Z';
const ACCOUNTS = 150;

function run(file: string, killAt: number | null): Promise<{ killed: boolean; doneAtKill: number; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, file, NOW], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let doneAtKill = -1;
    const guard = setTimeout(() => p.kill('SIGKILL'), 60_000);
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    let poll: NodeJS.Timeout | null = null;
    p.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (killAt !== null && !poll && stdout.includes('START\n')) {
        poll = setInterval(() => {
          const n = reader.prepare('SELECT count(*) FROM bill_penalties').pluck().get() as number;
          if (n >= killAt) {
            doneAtKill = n;
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
      resolve({ killed: signal === 'SIGKILL', doneAtKill, stderr, stdout });
    });
    p.on('error', reject);
  });
}

/** mulberry32: a seeded generator, so the "random" kill points are the same every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A ledger of ACCOUNTS accounts, each with a bill past due on 2026-02-22 (every seventh has two); returns the bills and their expected penalties. */
async function setUp(prefix: string): Promise<{ file: string; expected: Map<number, number> }> {
  const file = path.join(tempDir(prefix), 'ledger.sqlite');
  const setup = await makeTestCore({ file, now: NOW });
  const db = setup.core.deps.db;
  const expected = new Map<number, number>();
  for (let i = 0; i < ACCOUNTS; i++) {
    const a = makeAccount(db, { last: `Late${i}`, street: `${i + 1} Elm St` });
    const cents = 2000 + i * 997;
    expected.set(billAccount(db, a.id, '2026-02-01', { water: cents }).billId, penaltyFor(cents, DEFAULT_SETTINGS));
    if (i % 7 === 0) expected.set(billAccount(db, a.id, '2026-01-01', { sewer: 5000 }).billId, penaltyFor(5000, DEFAULT_SETTINGS));
    billAccount(db, a.id, '2026-02-10', { water: 1000 }); // due 2026-03-02: not past due, no penalty
  }
  setup.close();
  return { file, expected };
}

async function checkExactlyOnce(file: string, expected: Map<number, number>): Promise<void> {
  const t = await makeTestCore({ file, now: NOW });
  try {
    const sup = await t.signIn('supervisor');
    const db = t.core.deps.db;
    const got = db.prepare('SELECT bill_id AS billId, penalty_cents AS cents FROM bill_penalties ORDER BY bill_id').all() as Array<{ billId: number; cents: number }>;
    expect(got).toEqual([...expected].sort((x, y) => x[0] - y[0]).map(([billId, cents]) => ({ billId, cents })));
    // One entry and one charge per penalty, each with its key; nothing orphaned by a killed chunk.
    expect(db.prepare("SELECT count(*) FROM journal_entries WHERE kind = 'penalty'").pluck().get()).toBe(expected.size);
    expect(db.prepare("SELECT count(DISTINCT idempotency_key) FROM journal_entries WHERE kind = 'penalty' AND idempotency_key LIKE 'penalty:bill:%'").pluck().get()).toBe(expected.size);
    expect(db.prepare("SELECT count(*) FROM charges WHERE kind = 'penalty'").pluck().get()).toBe(expected.size);
    const runs = await t.must('collections.penalties.runs', {}, sup);
    expect(runs.runs).toHaveLength(1);
    expect(runs.runs[0]).toMatchObject({ status: 'done', penalizedCount: expected.size, penalizedCents: [...expected.values()].reduce((a, b) => a + b, 0), progress: 1 });
    expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);
    // And once more: nothing.
    expect((await t.must('collections.penalties.run', { confirm: true }, sup)).penalizedNow).toBe(0);
  } finally {
    t.close();
  }
}

describe('late penalty run crash safety', () => {
  it('after SIGKILLs at random points, the next run finishes exactly the rest: every bill penalized once', async () => {
    const { file, expected } = await setUp('tc-penalty-crash-');
    const rand = seeded(20260222);
    // Three kills at increasing random points.
    const points = [0, 0, 0].map(() => 1 + Math.floor(rand() * (expected.size - 2))).sort((a, b) => a - b);
    let last = 0;
    for (const killAt of points) {
      const r = await run(file, killAt);
      expect(r.stderr).toBe('');
      expect(r.killed).toBe(true);
      expect(r.stdout).not.toContain('DONE');
      expect(r.doneAtKill).toBeGreaterThanOrEqual(Math.max(killAt, last));
      expect(r.doneAtKill).toBeLessThan(expected.size);
      last = r.doneAtKill;
    }
    // The child may have committed a chunk between the count and the kill: count what is there.
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    const before = reader.prepare('SELECT count(*) FROM bill_penalties').pluck().get() as number;
    expect(reader.prepare("SELECT status FROM penalty_runs").pluck().get()).toBe('running');
    reader.close();
    expect(before).toBeGreaterThanOrEqual(last);
    const done = await run(file, null);
    expect(done.stderr).toBe('');
    const out = JSON.parse(done.stdout.split('DONE ')[1]!) as { penalizedNow: number; run: { penalizedCount: number } };
    expect(out.run.penalizedCount).toBe(expected.size);
    expect(out.penalizedNow).toBe(expected.size - before);
    await checkExactlyOnce(file, expected);
  }, 120_000);

  it('two processes running at once penalize each bill once', async () => {
    const { file, expected } = await setUp('tc-penalty-two-');
    const [a, b] = await Promise.all([run(file, null), run(file, null)]);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    expect(a.stdout).toContain('DONE');
    expect(b.stdout).toContain('DONE');
    await checkExactlyOnce(file, expected);
  }, 120_000);
});
