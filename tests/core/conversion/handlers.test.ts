// The Conversion screen's contract: conversion.start (admin only, a real folder, one run at a
// time, audited), conversion.status (progress to done), conversion.report (the rejects CSV and
// the summary) and conversion.runs, with the run on a worker thread against a ledger file.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openLedger } from '../../../src-main/db/open-ledger';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import type { ConversionJobView } from '../../../src-shared/ipc/conversion-schemas';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { SET_ACCOUNTS, SET_RECEIVABLE_CENTS, writeConversionSet } from '../../helpers/conversion-set';

const codeOf = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code);

async function waitForJob(t: TestCore, token: string, jobId: number, seen?: ConversionJobView[], meanwhile?: () => Promise<void>): Promise<ConversionJobView> {
  const until = Date.now() + 30_000;
  for (;;) {
    const s = await t.must('conversion.status', { jobId }, token);
    seen?.push(s);
    if (s.state === 'running') await meanwhile?.();
    if (s.state !== 'running') return s;
    if (Date.now() > until) throw new Error(`job ${jobId} still running: ${JSON.stringify(s.progress)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('conversion handlers', () => {
  let dir: string;
  let t: TestCore;
  let admin: string;
  beforeEach(async () => {
    dir = tempDir('tc-conv-');
    fs.mkdirSync(path.join(dir, 'office'));
    t = await makeTestCore({ file: path.join(dir, 'office', 'ledger.sqlite'), boot: { keyFile: path.join(dir, 'office', 'towncounter.key') } });
    admin = await t.signIn('admin');
  });
  afterEach(() => {
    t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is for the administrator only', async () => {
    const set = writeConversionSet(path.join(dir, 'set'));
    for (const user of ['cashier', 'clerk', 'supervisor']) {
      const token = await t.signIn(user);
      expect(codeOf(await t.call('conversion.start', { folder: set, dryRun: true, acceptRejects: false }, token))).toBe('FORBIDDEN');
      expect(codeOf(await t.call('conversion.runs', {}, token))).toBe('FORBIDDEN');
      expect(codeOf(await t.call('conversion.status', { jobId: 1 }, token))).toBe('FORBIDDEN');
    }
    expect(codeOf(await t.call('conversion.start', { folder: set, dryRun: true, acceptRejects: false }, null))).toBe('NOT_SIGNED_IN');
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM conversion_runs').get()).toEqual({ n: 0 });
  });

  it('refuses a folder that is not there, not a folder, not absolute or not a path, changing nothing', async () => {
    const file = path.join(dir, 'customers.csv');
    fs.writeFileSync(file, 'customer_id\n');
    const audits = () => (t.core.deps.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'conversion.%'").get() as { n: number }).n;
    const cases: Array<[string, string]> = [
      [path.join(dir, 'no-such-folder'), 'NOT_FOUND'],
      [path.join(file, 'below-a-file'), 'NOT_FOUND'],
      [file, 'BAD_INPUT'],
      ['relative/folder', 'BAD_INPUT'],
      ['', 'BAD_INPUT'],
      [`${dir}/a\u0000b`, 'BAD_INPUT'],
      [`/${'x'.repeat(1024)}`, 'BAD_INPUT'],
      // The ledger's own folder: its reports would land inside the set.
      [path.dirname(t.file), 'BAD_INPUT'],
    ];
    for (const [folder, code] of cases) {
      const r = await t.call('conversion.start', { folder, dryRun: true, acceptRejects: false }, admin);
      expect([folder.slice(0, 60), codeOf(r)]).toEqual([folder.slice(0, 60), code]);
    }
    const noDate = await t.call('conversion.start', { folder: dir, dryRun: true, acceptRejects: false, asOf: '2026-02-30' }, admin);
    expect(codeOf(noDate)).toBe('BAD_INPUT');
    expect(codeOf(await t.call('conversion.status', { jobId: 99 }, admin))).toBe('NOT_FOUND');
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM conversion_runs').get()).toEqual({ n: 0 });
    expect(audits()).toBe(0);
  });

  it('checks a set on a worker thread, one run at a time, with progress to done, reports to download and the run listed', async () => {
    const set = writeConversionSet(path.join(dir, 'set'), { bad: true });
    const { jobId } = await t.must('conversion.start', { folder: set, dryRun: true, acceptRejects: false }, admin);
    // A second run while this one goes is refused; the app keeps answering meanwhile.
    const second = await t.call('conversion.start', { folder: set, dryRun: false, acceptRejects: true }, admin);
    expect(codeOf(second)).toBe('CONVERSION_RUNNING');
    expect((await t.must('conversion.runs', {}, admin)).running).toBe(jobId);
    expect((await t.must('ledger.status', {})).healthy).toBe(true);
    const seen: ConversionJobView[] = [];
    const job = await waitForJob(t, admin, jobId, seen);
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    expect(job.asOf).toBe('2026-03-16');
    expect(job.progress.phase).toBe('done');
    expect(seen.some((s) => s.state === 'running')).toBe(true);
    const result = job.result!;
    expect(result.status).toBe('checked');
    expect(result.dryRun).toBe(true);
    const codes = result.rejects.map((r) => r.code);
    expect(codes).toContain('CHECK_DIGIT');
    expect(codes).toContain('REFERENCE_REJECTED');
    expect(result.summary.accounts).toBe(2);
    // The reports are written under the ledger's folder, never inside the set.
    expect(result.report!.rejectsCsv.startsWith(path.join(path.dirname(t.file), 'conversion-reports') + path.sep)).toBe(true);
    expect(fs.readdirSync(set).sort()).toEqual(['accounts.csv', 'customers.csv', 'deposits.csv', 'locations.csv', 'open_charges.csv']);
    const rejects = await t.must('conversion.report', { jobId, which: 'rejects' }, admin);
    expect(rejects.fileName).toBe(`conversion-rejects-2026-03-16-run${result.runId}.csv`);
    expect(rejects.text.split(/\r?\n/)[0]).toBe('file,line,column,code,reason');
    expect(rejects.text).toContain('CHECK_DIGIT');
    const summary = await t.must('conversion.report', { jobId, which: 'summary' }, admin);
    expect(summary.fileName).toMatch(/^conversion-summary-2026-03-16-run\d+\.txt$/);
    expect(summary.text.length).toBeGreaterThan(20);
    // Nothing loaded by a dry run; the run is listed with who ran it.
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
    const runs = await t.must('conversion.runs', {}, admin);
    expect(runs.running).toBeNull();
    expect(runs.runs[0]).toMatchObject({ id: result.runId, by: 'admin', dryRun: true, status: 'checked', rejectCount: result.rejectCount, source: expect.stringContaining('set') });
    expect(runs.groups).toEqual([]);
    const audit = (t.core.deps.db.prepare("SELECT action, subject, user_id, details FROM audit_log WHERE action IN ('conversion.start', 'conversion.finish') ORDER BY id").all() as Array<{ action: string; subject: string; user_id: number; details: string }>).map((a) => ({ ...a, details: JSON.parse(a.details) as unknown }));
    const adminId = (t.core.deps.db.prepare("SELECT id FROM users WHERE username = 'admin'").get() as { id: number }).id;
    expect(audit).toEqual([
      { action: 'conversion.start', subject: set, user_id: adminId, details: expect.objectContaining({ jobId, dryRun: true, acceptRejects: false, asOf: '2026-03-16', checkDigit: 'luhn' }) },
      { action: 'conversion.finish', subject: set, user_id: adminId, details: expect.objectContaining({ jobId, dryRun: true, runId: result.runId, status: 'checked', rejectCount: result.rejectCount }) },
    ]);
  });

  it('loads a set on the worker, and the app connection sees the accounts at once', async () => {
    const set = writeConversionSet(path.join(dir, 'set'));
    const refusedFirst = await t.must('conversion.start', { folder: set, dryRun: false, acceptRejects: false, asOf: '2026-03-16' }, admin);
    const job = await waitForJob(t, admin, refusedFirst.jobId);
    expect(job.error).toBeNull();
    expect(job.result!.status).toBe('loaded');
    expect(job.result!.summary.receivableCents).toBe(SET_RECEIVABLE_CENTS);
    expect(job.result!.groups.filter((g) => g.outcome === 'loaded').map((g) => g.group)).toEqual(expect.arrayContaining(['accounts', 'balances']));
    const runs = await t.must('conversion.runs', {}, admin);
    expect(runs.groups.map((g) => g.group)).toEqual(expect.arrayContaining(['accounts', 'balances']));
    const cashier = await t.signIn('cashier');
    const taylor = t.core.deps.db.prepare('SELECT number FROM accounts WHERE legacy_number = ?').get(SET_ACCOUNTS[0].number) as { number: string };
    const found = await t.must('accounts.search', { query: taylor.number }, cashier);
    expect(found.results.map((r) => [r.number, r.name, r.balanceCents])).toEqual([[taylor.number, `${SET_ACCOUNTS[0].first} ${SET_ACCOUNTS[0].last}`, 7500]]);
    // …and by the number on the customer's old bill.
    const byOld = await t.must('accounts.search', { query: SET_ACCOUNTS[0].number }, cashier);
    expect(byOld.results.map((r) => r.number)).toEqual([taylor.number]);
    expect((await t.must('ledger.verify', {}, await t.signIn('supervisor'))).ok).toBe(true);
    expect(t.core.deps.db.prepare("SELECT json_extract(details, '$.status') AS status FROM audit_log WHERE action = 'conversion.finish'").all()).toEqual([{ status: 'loaded' }]);
  });
});

describe('the committed sample sets through the screen contract', () => {
  const FIXTURES = path.resolve(__dirname, '../../fixtures/conversion');

  it('reports exactly the expected rejects of sample-errors, then loads sample (300 accounts) with ledger.verify clean', async () => {
    const dir = tempDir('tc-conv-sample-');
    fs.mkdirSync(path.join(dir, 'office'));
    const t = await makeTestCore({ file: path.join(dir, 'office', 'ledger.sqlite'), boot: { keyFile: path.join(dir, 'office', 'towncounter.key') } });
    try {
      const admin = await t.signIn('admin');
      const check = await t.must('conversion.start', { folder: path.join(FIXTURES, 'sample-errors'), dryRun: true, acceptRejects: false }, admin);
      const checked = await waitForJob(t, admin, check.jobId);
      expect(checked.error).toBeNull();
      const report = await t.must('conversion.report', { jobId: check.jobId, which: 'rejects' }, admin);
      const keyOf = (line: string) => line.split(',').slice(0, 4).join(',');
      const got = report.text.split(/\r?\n/).slice(1).filter(Boolean).map(keyOf).sort();
      const expected = fs.readFileSync(path.join(FIXTURES, 'sample-errors', 'expected-rejects.csv'), 'utf8').split(/\r?\n/).slice(1).filter(Boolean).sort();
      expect(got).toEqual(expected);
      expect(checked.result!.rejectCount).toBe(expected.length);

      const load = await t.must('conversion.start', { folder: path.join(FIXTURES, 'sample'), dryRun: false, acceptRejects: false }, admin);
      // While the worker reads, checks and loads, the app's own connection keeps answering.
      const clerk = await t.signIn('clerk');
      const seen: ConversionJobView[] = [];
      let answered = 0;
      const loaded = await waitForJob(t, admin, load.jobId, seen, async () => {
        await t.must('accounts.search', { query: 'Taylor' }, clerk);
        await t.must('ledger.status', {});
        answered++;
      });
      expect(answered).toBeGreaterThanOrEqual(2);
      expect(new Set(seen.map((v) => v.progress.phase))).toContain('loading');
      expect(loaded.error).toBeNull();
      expect(loaded.result!.status).toBe('loaded');
      expect(loaded.result!.rejectCount).toBe(0);
      expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: loaded.result!.summary.accounts });
      expect((await t.must('ledger.verify', {}, await t.signIn('supervisor'))).ok).toBe(true);
      // A second load adds nothing: every group is already loaded.
      const again = await t.must('conversion.start', { folder: path.join(FIXTURES, 'sample'), dryRun: false, acceptRejects: false }, admin);
      const rerun = await waitForJob(t, admin, again.jobId);
      expect(rerun.result!.groups.map((g) => g.outcome)).toEqual(['already_loaded', 'already_loaded', 'already_loaded']);
      expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: loaded.result!.summary.accounts });
    } finally {
      t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a conversion job that stops', () => {
  const SAMPLE = path.resolve(__dirname, '../../fixtures/conversion/sample');

  it('reports a worker that cannot start as failed (logged, not shown), and the next run may start', async () => {
    const dir = tempDir('tc-conv-fail-');
    fs.mkdirSync(path.join(dir, 'office'));
    const logged: string[] = [];
    const t = await makeTestCore({ file: path.join(dir, 'office', 'ledger.sqlite'), boot: { log: (m) => logged.push(m), conversion: { worker: { url: pathToFileURL(path.join(dir, 'no-such-worker.cjs')) } } } });
    try {
      const admin = await t.signIn('admin');
      const { jobId } = await t.must('conversion.start', { folder: SAMPLE, dryRun: true, acceptRejects: false }, admin);
      const job = await waitForJob(t, admin, jobId);
      expect(job.state).toBe('failed');
      expect(job.result).toBeNull();
      expect(job.error).toEqual({ code: 'INTERNAL', message: expect.stringContaining('the problem was logged') });
      expect(logged.some((m) => m.includes('conversion worker'))).toBe(true);
      expect(codeOf(await t.call('conversion.report', { jobId, which: 'rejects' }, admin))).toBe('NOT_FOUND');
      expect((await t.must('conversion.runs', {}, admin)).running).toBeNull();
      expect(t.core.deps.db.prepare("SELECT json_extract(details, '$.error.code') AS code FROM audit_log WHERE action = 'conversion.finish'").all()).toEqual([{ code: 'INTERNAL' }]);
    } finally {
      t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closing the app during a load stops the worker: each group is in whole or not at all, and a new load finishes it', async () => {
    const dir = tempDir('tc-conv-close-');
    const file = path.join(dir, 'office', 'ledger.sqlite');
    fs.mkdirSync(path.dirname(file));
    const keyFile = path.join(dir, 'office', 'towncounter.key');
    let t = await makeTestCore({ file, boot: { keyFile } });
    try {
      let admin = await t.signIn('admin');
      const { jobId } = await t.must('conversion.start', { folder: SAMPLE, dryRun: false, acceptRejects: false }, admin);
      for (const until = Date.now() + 30_000; Date.now() < until; ) {
        const s = await t.must('conversion.status', { jobId }, admin);
        if (s.state !== 'running' || s.progress.phase === 'loading') break;
        await new Promise((r) => setTimeout(r, 5));
      }
      t.close();
      await new Promise((r) => setTimeout(r, 300)); // the worker's termination is asynchronous
      const db = openLedger(file);
      try {
        const groups = new Set((db.prepare('SELECT group_name FROM conversion_groups').all() as Array<{ group_name: string }>).map((g) => g.group_name));
        const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
        expect(count('SELECT count(*) AS n FROM accounts') > 0).toBe(groups.has('accounts'));
        expect(count('SELECT count(*) AS n FROM customers') > 0).toBe(groups.has('accounts'));
        expect(count("SELECT count(*) AS n FROM conversion_groups WHERE group_name = 'balances' AND entry_id IS NOT NULL") > 0).toBe(groups.has('balances'));
        expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
      t = await makeTestCore({ file, boot: { keyFile } });
      admin = await t.signIn('admin');
      const again = await t.must('conversion.start', { folder: SAMPLE, dryRun: false, acceptRejects: false }, admin);
      const job = await waitForJob(t, admin, again.jobId);
      expect(job.error).toBeNull();
      expect(job.result!.status).toBe('loaded');
      expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM conversion_groups').get()).toEqual({ n: 3 });
      expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: job.result!.summary.accounts });
      expect((await t.must('ledger.verify', {}, await t.signIn('supervisor'))).ok).toBe(true);
    } finally {
      t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('conversion on an in-memory ledger', () => {
  it('runs in-process after the start call has answered', async () => {
    const dir = tempDir('tc-conv-mem-');
    const t = await makeTestCore({ boot: { conversion: { reportRoot: path.join(dir, 'reports') } } });
    try {
      const admin = await t.signIn('admin');
      const set = writeConversionSet(path.join(dir, 'set'));
      const { jobId } = await t.must('conversion.start', { folder: set, dryRun: true, acceptRejects: false }, admin);
      expect((await t.must('conversion.status', { jobId }, admin)).state).toBe('running');
      const job = await waitForJob(t, admin, jobId);
      expect(job.state).toBe('done');
      expect(job.result!.status).toBe('checked');
      expect(job.result!.report!.summaryTxt.startsWith(path.join(dir, 'reports'))).toBe(true);
    } finally {
      t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
