// The importer on the committed sample sets (tests/fixtures/conversion): the clean set loads with
// the generator's control totals; the copy with deliberate errors yields exactly the expected
// rejects. And a load killed (SIGKILL) inside each group, and at random moments, leaves each
// group entirely in or entirely out; a re-run then finishes it and adds nothing twice.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runConversion } from '../../../src-main/core/conversion/run';
import { createSecrets } from '../../../src-main/core/secrets';
import { openLedger } from '../../../src-main/db/open-ledger';
import { verifyLedger } from '../../../src-main/core/ledger/verify';
import { writeConversionSet } from '../../../src-main/demo/conversion-set';
import { makeTestCore, tempDir } from '../../helpers/core';

const FIXTURES = path.resolve(__dirname, '../../fixtures/conversion');
const worker = path.resolve(__dirname, '../../helpers/conversion-kill-worker.ts');

const options = (db: ReturnType<typeof openLedger>, dir: string, keyFile: string, dryRun = false) => ({
  dir,
  dryRun,
  acceptRejects: false,
  asOf: '2026-03-16',
  checkDigit: 'luhn' as const,
  timeZone: 'America/New_York',
  userId: null,
  station: 'S1',
  secrets: createSecrets(db, keyFile),
  reportDir: null,
  now: () => new Date('2026-03-16T15:00:00Z'),
});

const TABLES = ['customers', 'service_locations', 'meters', 'accounts', 'account_services', 'charges', 'journal_entries', 'journal_lines', 'bills', 'draft_enrolments', 'medical_alert_certifications', 'account_notes', 'conversion_groups'];
const counts = (db: ReturnType<typeof openLedger>) => Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
const GROUP_TABLES: Record<string, string[]> = {
  accounts: ['customers', 'service_locations', 'meters', 'accounts', 'account_services'],
  balances: ['charges', 'journal_entries', 'journal_lines', 'bills'],
  extras: ['draft_enrolments', 'medical_alert_certifications', 'account_notes'],
};

/** A fresh migrated ledger file (with no users: the importer needs none). */
async function ledger(): Promise<{ file: string; keyFile: string }> {
  const dir = tempDir('tc-conv-kill-');
  const file = path.join(dir, 'ledger.sqlite');
  const t = await makeTestCore({ file, users: false });
  t.close();
  return { file, keyFile: path.join(dir, 'key') };
}

describe('conversion import: the committed sample sets', () => {
  it('the clean sample loads with the generator’s control totals and verifies', async () => {
    const { file, keyFile } = await ledger();
    const db = openLedger(file);
    const expected = writeConversionSet({ dir: tempDir('tc-conv-regen-'), accounts: 300, seed: 1, today: '2026-03-16' });
    const r = runConversion(db, options(db, path.join(FIXTURES, 'sample'), keyFile));
    expect(r.rejects).toEqual([]);
    expect(r.status).toBe('loaded');
    const s = r.summary;
    for (const k of ['customers', 'locations', 'meters', 'accounts', 'accountsByStatus', 'balanceByService', 'penaltiesCents', 'feesCents', 'balanceForwardCents', 'creditsCents', 'openChargesCount', 'receivableCents', 'depositsCount', 'depositsCents', 'aging', 'historyBills', 'historyBilledCents', 'bankDrafts', 'medicalAlerts', 'notes'] as const) {
      expect({ [k]: s[k] }).toEqual({ [k]: expected[k] });
    }
    const v = verifyLedger(db, new Date());
    expect(v.violations).toEqual([]);
    // The ledger's receivable is the summary's.
    expect(db.prepare("SELECT sum(amount_cents) FROM journal_lines WHERE gl_code = '1200'").pluck().get()).toBe(s.receivableCents);
    expect(-(db.prepare("SELECT sum(amount_cents) FROM journal_lines WHERE gl_code = '2200'").pluck().get() as number)).toBe(s.depositsCents);
    db.close();
  });

  it('the copy with deliberate errors yields exactly the expected rejects', async () => {
    const { file, keyFile } = await ledger();
    const db = openLedger(file);
    const r = runConversion(db, options(db, path.join(FIXTURES, 'sample-errors'), keyFile, true));
    const expected = fs
      .readFileSync(path.join(FIXTURES, 'sample-errors/expected-rejects.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',').slice(0, 4).join(','))
      .sort();
    expect(r.rejectCount).toBe(expected.length);
    expect(r.rejects.map((x) => [x.file, x.line, x.column, x.code].join(',')).sort()).toEqual(expected);
    db.close();
  });
});

function runChild(file: string, dir: string, keyFile: string, stopIn: string, killAfterMs: number | null): Promise<{ seen: string[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, file, dir, keyFile, stopIn], { stdio: ['ignore', 'pipe', 'pipe'] });
    const seen: string[] = [];
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        seen.push(line);
        if (line === `IN ${stopIn}`) child.kill('SIGKILL');
        // Timed kills count from the moment the import starts (not from the process start).
        if (line === 'START' && killAfterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    let timer: NodeJS.Timeout | null = null;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      clearTimeout(guard);
      if (signal === 'SIGKILL' || code === 0) resolve({ seen, killed: signal === 'SIGKILL' });
      else reject(new Error(`worker failed (${code}): ${err}`));
    });
  });
}

describe('conversion import: killed mid-load', () => {
  const dir = path.join(FIXTURES, 'sample');
  let full: Record<string, number>;

  beforeAll(async () => {
    const { file, keyFile } = await ledger();
    const db = openLedger(file);
    runConversion(db, options(db, dir, keyFile));
    full = counts(db);
    db.close();
  });

  /** Every group is either entirely in (its tables at the full count) or entirely out (empty). */
  function wholeGroups(now: Record<string, number>): string[] {
    const done: string[] = [];
    for (const [g, tables] of Object.entries(GROUP_TABLES)) {
      const inGroup = tables.map((t) => now[t]!);
      if (inGroup.every((n, i) => n === full[tables[i]!])) done.push(g);
      else expect({ group: g, counts: inGroup }).toEqual({ group: g, counts: tables.map(() => 0) });
    }
    expect(now.conversion_groups).toBe(done.length);
    return done;
  }

  const GROUPS = ['accounts', 'balances', 'extras'];
  for (const group of GROUPS) {
    it(`inside the ${group} group: nothing of it is in, the groups before are; a re-run finishes`, async () => {
      const { file, keyFile } = await ledger();
      const r = await runChild(file, dir, keyFile, group, null);
      expect(r.killed).toBe(true);
      const db = openLedger(file);
      const done = wholeGroups(counts(db));
      expect(done).toEqual(GROUPS.slice(0, GROUPS.indexOf(group)));
      expect(verifyLedger(db, new Date()).violations).toEqual([]);
      const again = runConversion(db, options(db, dir, keyFile));
      expect(again.status).toBe('loaded');
      expect(counts(db)).toEqual(full);
      // The killed run is marked interrupted, not left "running".
      expect(db.prepare('SELECT status, message FROM conversion_runs WHERE id < ? ORDER BY id DESC LIMIT 1').get(again.runId)).toEqual({ status: 'failed', message: expect.stringMatching(/^Interrupted/) });
      expect(verifyLedger(db, new Date()).violations).toEqual([]);
      db.close();
    }, 60_000);
  }

  it('one conversion at a time: a run while another process is loading is refused (CONVERSION_RUNNING)', async () => {
    const { file, keyFile } = await ledger();
    const child = spawn(process.execPath, ['--import', 'tsx', worker, file, dir, keyFile, 'balances'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('IN balances')) resolve();
      });
    });
    const db = openLedger(file);
    expect(() => runConversion(db, options(db, dir, keyFile, true))).toThrow(expect.objectContaining({ code: 'CONVERSION_RUNNING' }));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    // Its process gone, the claim is stale: the next run goes ahead and finishes the load.
    expect(runConversion(db, options(db, dir, keyFile)).status).toBe('loaded');
    expect(counts(db)).toEqual(full);
    db.close();
  }, 60_000);

  it('at random moments of the load: never a half-loaded group; a re-run completes it', async () => {
    // How long a whole load takes in a child, from the start of the import to its end.
    const probe = await ledger();
    const t0 = performance.now();
    const whole = await runChild(probe.file, dir, probe.keyFile, '-', null);
    expect(whole.seen.at(-1)).toBe('DONE');
    const span = Math.max(50, performance.now() - t0 - 400);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 4; k++) {
      const { file, keyFile } = await ledger();
      const r = await runChild(file, dir, keyFile, '-', Math.floor(rand() * span * 0.8));
      const db = openLedger(file);
      const done = wholeGroups(counts(db));
      // Killed before it finished: the groups in are exactly those it announced writing before the kill
      // (a group announced but not yet committed is out).
      if (r.killed) expect(done.length).toBeLessThanOrEqual(r.seen.filter((l) => l.startsWith('IN ')).length);
      expect(verifyLedger(db, new Date()).violations).toEqual([]);
      runConversion(db, options(db, dir, keyFile));
      expect(counts(db)).toEqual(full);
      expect(verifyLedger(db, new Date()).violations).toEqual([]);
      db.close();
    }
  }, 120_000);
});
