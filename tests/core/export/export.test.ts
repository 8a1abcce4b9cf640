// The export package of a generated, closed business day: its CSV totals equal the daily cash
// report, the GL file balances, the files are formula-safe RFC 4180, the manifest describes them,
// a delivered day is refused unless a supervisor re-sends it (byte for byte, audited), only
// closed days export, and a missing, non-folder, unwritable or full target leaves no partial
// package and the next run delivers.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core';
import { sequentialIds } from '../../../src-main/core/deps';
import { tempDir, type TestCore } from '../../helpers/core';
import { cents, fullDiskFs, listTarget, makeExportCore, makeTownAccounts, parseCsv, readCsv, SUP, workDay } from './helpers';

const DAY1 = '2026-03-16';
const DAY2 = '2026-03-17';
const DAY3 = '2026-03-18';
const COLLECTION_KINDS = new Set(['payment', 'void', 'returned_payment', 'over_short']);
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('export package', () => {
  let t: TestCore;
  let target: string;
  let sup: string;
  let admin: string;

  beforeAll(async () => {
    t = await makeExportCore({ now: `${DAY1}T13:00:00Z` });
    const accounts = makeTownAccounts(t, 30);
    await workDay(t, DAY1, accounts, { payments: 120, seed: 7, returnCheck: true, shortCents: 100, formulaText: true });
    await workDay(t, DAY2, accounts, { payments: 40, seed: 8, returnCheck: true, shortCents: 0 });
    // Day 3 stays open.
    t.clock.set(`${DAY3}T14:00:00Z`);
    await t.must('drawer.open', { counts: [{ denominationCents: 2000, count: 10 }] }, await t.signIn('cashier'));
    target = tempDir('tc-export-');
    sup = await t.signIn('supervisor');
    admin = await t.signIn('admin');
    await t.must('export.updateSettings', { values: { folder: target }, reason: 'central finance share' }, admin);
  }, 120_000);

  afterAll(() => t.close());

  it('writes a package whose CSV totals equal the daily cash report', async () => {
    const res = await t.must('export.run', { businessDate: DAY1 }, sup);
    expect(res).toMatchObject({ businessDate: DAY1, station: 'S1', outcome: 'delivered', identical: null, folder: path.join(target, `${DAY1}_S1`) });
    expect(listTarget(target)).toEqual([`${DAY1}_S1`]);
    expect(listTarget(res.folder)).toEqual(['adjustments.csv', 'check_requests.csv', 'gl.csv', 'manifest.json', 'payments.csv', 'returned.csv', 'revenue.csv', 'voids.csv', 'work_orders.csv']);
    const report = await t.must('reports.daily', { businessDate: DAY1 }, sup);
    const read = (n: string) => readCsv(path.join(res.folder, n));
    const payments = read('payments.csv');
    const revenue = read('revenue.csv');
    const voids = read('voids.csv');
    const returned = read('returned.csv');
    const adjustments = read('adjustments.csv');
    const gl = read('gl.csv');
    for (const rows of [payments, revenue, voids, returned, adjustments, gl]) for (const r of rows) expect(r.business_date).toBe(DAY1);

    // Net collections: utility payments (counter and mail) and other revenue, voided receipts left out.
    const sum = (rows: Array<Record<string, string>>, pick: (r: Record<string, string>) => boolean, col = 'amount') => rows.filter(pick).reduce((s, r) => s + cents(r[col]!), 0);
    const utility = sum(payments, (r) => r.voided === 'N' && (r.source === 'counter' || r.source === 'mail'));
    const other = sum(revenue, (r) => r.voided === 'N');
    expect(utility + other).toBe(report.netCollectedCents);
    expect(utility).toBe(report.byRevenue.find((b) => b.label === 'Utility accounts')!.amountCents);
    for (const b of report.byRevenue.filter((x) => x.label !== 'Utility accounts')) {
      const code = b.label.split(' ')[0]!;
      expect(sum(revenue, (r) => r.voided === 'N' && r.revenue_code === code)).toBe(b.amountCents);
      expect(revenue.filter((r) => r.revenue_code === code).every((r) => r.gl_code === b.glCode)).toBe(true);
    }
    // One row per allocation: every payment receipt is there with its allocations and credit.
    const receiptTotals = new Map<string, number>();
    for (const r of [...payments, ...revenue]) receiptTotals.set(r.receipt_number!, (receiptTotals.get(r.receipt_number!) ?? 0) + cents(r.amount!));
    const dbReceipts = t.core.deps.db.prepare('SELECT number, total_cents FROM receipts WHERE business_date = ?').all(DAY1) as Array<{ number: string; total_cents: number }>;
    expect(receiptTotals.size).toBe(dbReceipts.length);
    for (const r of dbReceipts) expect(receiptTotals.get(r.number)).toBe(r.total_cents);
    expect(payments.filter((r) => r.charge_kind !== 'credit').every((r) => /^\d+$/.test(r.charge_id!) && r.charge_description !== '')).toBe(true);
    expect(payments.some((r) => r.source === 'mail')).toBe(true);
    // Voids, returned checks, over/short.
    expect(voids.map((v) => v.receipt_number)).toEqual(report.voids.map((v) => v.receiptNumber));
    expect(sum(voids, () => true)).toBe(report.voids.reduce((s, v) => s + v.amountCents, 0));
    expect(payments.filter((r) => r.voided === 'Y').map((r) => r.receipt_number).every((n) => voids.some((v) => v.receipt_number === n))).toBe(true);
    expect(returned.map((r) => [r.receipt_number, cents(r.amount!), cents(r.fee!), r.source])).toEqual(report.returned.map((r) => [r.receiptNumber, r.amountCents, r.feeCents, 'counter']));
    expect(report.overShortCents).toBe(-100);
    expect(sum(adjustments, (r) => r.entry_kind === 'over_short' && r.gl_code !== '5900')).toBe(report.overShortCents);
    expect(adjustments.find((r) => r.gl_code === '5900')).toMatchObject({ amount: '1.00', entry_kind: 'over_short', drawer_id: expect.stringMatching(/^\d+$/) });
    expect(adjustments.find((r) => r.gl_code === '1010')!.amount).toBe('-1.00');
    // The GL of the collection entries equals the report's GL summary.
    const byGl = new Map<string, { debit: number; credit: number }>();
    for (const r of gl.filter((x) => COLLECTION_KINDS.has(x.entry_kind!))) {
      const g = byGl.get(r.gl_code!) ?? { debit: 0, credit: 0 };
      g.debit += cents(r.debit!);
      g.credit += cents(r.credit!);
      byGl.set(r.gl_code!, g);
    }
    expect([...byGl.entries()].sort().map(([glCode, g]) => ({ glCode, debitCents: g.debit, creditCents: g.credit }))).toEqual(report.byGl.map((g) => ({ glCode: g.glCode, debitCents: g.debitCents, creditCents: g.creditCents })));
  });

  it('balances the GL file, in total and for every station and kind of entry', () => {
    const gl = readCsv(path.join(target, `${DAY1}_S1`, 'gl.csv'));
    const debit = gl.reduce((s, r) => s + cents(r.debit!), 0);
    const credit = gl.reduce((s, r) => s + cents(r.credit!), 0);
    expect(debit).toBeGreaterThan(0);
    expect(debit).toBe(credit);
    const groups = new Map<string, number>();
    for (const r of gl) groups.set(`${r.station}|${r.entry_kind}`, (groups.get(`${r.station}|${r.entry_kind}`) ?? 0) + cents(r.debit!) - cents(r.credit!));
    expect([...groups.values()].every((v) => v === 0)).toBe(true);
    expect(new Set(gl.map((r) => r.entry_kind))).toEqual(new Set(['payment', 'void', 'returned_payment', 'fee', 'over_short']));
  });

  it('writes RFC 4180 CSV, UTF-8 with CRLF, and no cell a spreadsheet would run as a formula', () => {
    const dir = path.join(target, `${DAY1}_S1`);
    for (const name of ['payments.csv', 'revenue.csv', 'gl.csv', 'voids.csv', 'returned.csv', 'adjustments.csv', 'work_orders.csv', 'check_requests.csv']) {
      const bytes = fs.readFileSync(path.join(dir, name));
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
      const text = bytes.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
      const rows = parseCsv(text);
      const header = rows[0]!;
      const moneyCols = header.map((h, i) => (['amount', 'debit', 'credit', 'fee'].includes(h) ? i : -1)).filter((i) => i >= 0);
      for (const row of rows.slice(1)) {
        row.forEach((cell, i) => {
          if (moneyCols.includes(i)) expect(cell).toMatch(/^-?\d+\.\d{2}$/);
          else expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        });
      }
    }
    // Text a user typed: a void reason and a returned-check reason that look like formulas.
    expect(readCsv(path.join(dir, 'voids.csv'))[0]!.reason).toBe('\'=HYPERLINK("http://x","click"), "quoted"');
    expect(fs.readFileSync(path.join(dir, 'voids.csv'), 'utf8')).toContain(',"\'=HYPERLINK(""http://x"",""click""), ""quoted""",');
    expect(readCsv(path.join(dir, 'returned.csv'))[0]!.reason).toBe("'-NSF @bank");
    expect(readCsv(path.join(dir, 'revenue.csv')).find((r) => r.revenue_code === 'MISC')!.description).toBe('Miscellaneous - =HYPERLINK("http://x","click"), "quoted"');
    expect(readCsv(path.join(dir, 'payments.csv')).some((r) => r.tender_summary!.includes('check 1001'))).toBe(true);
  });

  it('describes every file in manifest.json: rows, bytes, SHA-256, controls, version, station, close time', async () => {
    const dir = path.join(target, `${DAY1}_S1`);
    const manifestBytes = fs.readFileSync(path.join(dir, 'manifest.json'));
    const m = JSON.parse(manifestBytes.toString('utf8')) as {
      format: string; formatVersion: number; businessDate: string; station: string; appVersion: string; createdAt: string; town: string;
      files: Array<{ name: string; rows: number; bytes: number; sha256: string; controls: Record<string, number | boolean> }>;
      totals: Record<string, number | boolean>;
    };
    const day = (await t.must('day.list', { limit: 10 }, sup)).days.find((d) => d.businessDate === DAY1)!;
    expect(m).toMatchObject({ format: 'towncounter-day-export', formatVersion: 3, businessDate: DAY1, station: 'S1', appVersion: '9.9.9-test', createdAt: day.closedAt, town: 'Town of Mayberry' });
    expect(m.files.map((f) => f.name)).toEqual(['payments.csv', 'revenue.csv', 'gl.csv', 'voids.csv', 'returned.csv', 'adjustments.csv', 'work_orders.csv', 'check_requests.csv']);
    for (const f of m.files) {
      const bytes = fs.readFileSync(path.join(dir, f.name));
      expect(f.sha256).toBe(sha(bytes));
      expect(f.bytes).toBe(bytes.length);
      expect(f.rows).toBe(parseCsv(bytes.toString('utf8')).length - 1);
    }
    const report = await t.must('reports.daily', { businessDate: DAY1 }, sup);
    expect(m.totals).toMatchObject({ collectedCents: report.netCollectedCents, overShortCents: report.overShortCents, balanced: true, voidedCents: report.voids.reduce((s, v) => s + v.amountCents, 0) });
    expect(m.files.find((f) => f.name === 'gl.csv')!.controls).toMatchObject({ balanced: true, debitCents: m.totals.glDebitCents, creditCents: m.totals.glCreditCents });
    const status = await t.must('export.status', { limit: 10 }, sup);
    expect(status.days.find((d) => d.businessDate === DAY1)).toMatchObject({ status: 'delivered', folder: dir, station: 'S1', attempts: 1, lastError: null, resent: 0 });
    expect(t.core.deps.db.prepare('SELECT manifest_sha256 FROM export_deliveries WHERE business_date = ?').get(DAY1)).toEqual({ manifest_sha256: sha(manifestBytes) });
  });

  it('refuses a delivered day; a supervisor re-send rewrites byte-identical files and is audited', async () => {
    const dir = path.join(target, `${DAY1}_S1`);
    const before = new Map(listTarget(dir).map((n) => [n, fs.readFileSync(path.join(dir, n))]));
    const again = await t.call('export.run', { businessDate: DAY1 }, sup);
    expect(again.ok ? null : again.error.code).toBe('ALREADY_DELIVERED');
    // When, in town time (not UTC ISO).
    expect(again.ok ? null : again.error.message).toMatch(/was delivered on \d\d\/\d\d\/\d{4}, \d{1,2}:\d\d [AP]M to /);
    // An administrator may run exports, but a re-send needs a supervisor.
    const noSup = await t.call('export.run', { businessDate: DAY1, force: true, reason: 'central lost it' }, admin);
    expect(noSup.ok ? null : noSup.error.code).toBe('NEEDS_SUPERVISOR');
    // A wrong PIN, and an approver who is not a supervisor, are refused too, each leaving a row.
    const wrongPin = await t.call('export.run', { businessDate: DAY1, force: true, reason: 'central lost it', override: { ...SUP, secret: '0001' } }, admin);
    expect(wrongPin.ok ? null : wrongPin.error.code).toBe('NEEDS_SUPERVISOR');
    const clerkApproves = await t.call('export.run', { businessDate: DAY1, force: true, reason: 'central lost it', override: { username: 'clerk', secret: '2222' } }, admin);
    expect(clerkApproves.ok ? null : clerkApproves.error).toMatchObject({ code: 'NEEDS_SUPERVISOR', message: 'clerk is not a supervisor.' });
    const refusedAudit = (await t.must('audit.list', { limit: 20, action: 'export.resend.refused' }, sup)).rows;
    expect(refusedAudit.map((r) => [r.user, r.subject, r.reason, (r.details as { message: string }).message])).toEqual([
      ['admin', DAY1, 'central lost it', 'clerk is not a supervisor.'],
      ['admin', DAY1, 'central lost it', expect.stringMatching(/^Supervisor approval failed/)],
      ['admin', DAY1, 'central lost it', "Re-sending a delivered day needs a supervisor's approval."],
    ]);
    const forced = await t.must('export.run', { businessDate: DAY1, force: true, reason: 'central lost it', override: SUP }, admin);
    expect(forced).toMatchObject({ outcome: 'redelivered', identical: true });
    for (const [n, bytes] of before) expect(fs.readFileSync(path.join(dir, n)).equals(bytes)).toBe(true);
    // The central system took the folder away; a re-send puts the same bytes back.
    fs.rmSync(dir, { recursive: true });
    await t.must('export.run', { businessDate: DAY1, force: true, reason: 'central lost it again' }, sup);
    for (const [n, bytes] of before) expect(fs.readFileSync(path.join(dir, n)).equals(bytes)).toBe(true);
    expect(listTarget(target)).toEqual([`${DAY1}_S1`]);
    const audit = (await t.must('audit.list', { limit: 20, action: 'export.resend' }, sup)).rows;
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ subject: DAY1, reason: 'central lost it again', user: 'supervisor', details: { identical: true } });
    expect(audit[1]).toMatchObject({ user: 'admin', approvedBy: 'supervisor' });
    const log = t.core.deps.db.prepare("SELECT outcome, forced FROM export_log WHERE business_date = ? ORDER BY id").all(DAY1);
    expect(log).toEqual([
      { outcome: 'ok', forced: 0 },
      { outcome: 'refused', forced: 0 },
      { outcome: 'refused', forced: 1 },
      { outcome: 'refused', forced: 1 },
      { outcome: 'refused', forced: 1 },
      { outcome: 'ok', forced: 1 },
      { outcome: 'ok', forced: 1 },
    ]);
    expect((await t.must('export.status', {}, sup)).days.find((d) => d.businessDate === DAY1)!.resent).toBe(2);
  });

  it('exports only closed days', async () => {
    const open = await t.call('export.run', { businessDate: DAY3 }, sup);
    expect(open.ok ? null : open.error).toMatchObject({ code: 'DAY_NOT_CLOSED' });
    const none = await t.call('export.run', { businessDate: '2026-01-01' }, sup);
    expect(none.ok ? null : none.error.code).toBe('NOT_FOUND');
    expect(listTarget(target)).toEqual([`${DAY1}_S1`]);
    const cashier = await t.call('export.run', { businessDate: DAY2 }, await t.signIn('cashier'));
    expect(cashier.ok ? null : cashier.error.code).toBe('FORBIDDEN');
  });

  it('a missing, non-folder or unwritable target leaves nothing behind; the error shows; the next run delivers', async () => {
    const missing = path.join(target, 'not-mounted', 'share');
    await t.must('export.updateSettings', { values: { folder: missing }, reason: 'wrong path' }, admin);
    const r1 = await t.call('export.run', { businessDate: DAY2 }, sup);
    expect(r1.ok ? null : r1.error).toMatchObject({ code: 'EXPORT_TARGET_UNAVAILABLE', message: expect.stringContaining('does not exist') });
    expect(fs.existsSync(path.join(target, 'not-mounted'))).toBe(false);

    const aFile = path.join(tempDir('tc-export-file-'), 'export.txt');
    fs.writeFileSync(aFile, 'not a folder');
    await t.must('export.updateSettings', { values: { folder: aFile }, reason: 'wrong path' }, admin);
    const r2 = await t.call('export.run', { businessDate: DAY2 }, sup);
    expect(r2.ok ? null : r2.error).toMatchObject({ code: 'EXPORT_TARGET_UNAVAILABLE', message: expect.stringContaining('is not a folder') });
    expect(fs.readFileSync(aFile, 'utf8')).toBe('not a folder');

    // A folder even root cannot write in (sysfs refuses new entries), where the system has one.
    let unwritable: string | null = null;
    try {
      fs.mkdirSync('/sys/tc-probe');
      fs.rmdirSync('/sys/tc-probe');
    } catch (err) {
      if (fs.existsSync('/sys') && ['EPERM', 'EACCES', 'EROFS'].includes((err as NodeJS.ErrnoException).code ?? '')) unwritable = '/sys';
    }
    if (unwritable) {
      await t.must('export.updateSettings', { values: { folder: unwritable }, reason: 'read-only path' }, admin);
      const r3 = await t.call('export.run', { businessDate: DAY2 }, sup);
      expect(r3.ok ? null : r3.error).toMatchObject({ code: 'EXPORT_TARGET_UNAVAILABLE', message: expect.stringMatching(/not writable|read-only/) });
    }
    const status = await t.must('export.status', {}, sup);
    expect(status.lastError).toMatchObject({ businessDate: DAY2, message: expect.any(String) });
    expect(status.days.find((d) => d.businessDate === DAY2)).toMatchObject({ status: 'failed', attempts: unwritable ? 3 : 2 });

    await t.must('export.updateSettings', { values: { folder: target }, reason: 'share fixed' }, admin);
    const ok = await t.must('export.run', { businessDate: DAY2 }, sup);
    expect(ok.outcome).toBe('delivered');
    expect(listTarget(target)).toEqual([`${DAY1}_S1`, `${DAY2}_S1`]);
    const after = await t.must('export.status', {}, sup);
    expect(after.lastError).toBeNull();
    expect(after.days.find((d) => d.businessDate === DAY2)).toMatchObject({ status: 'delivered', lastError: null });
    expect(after.pendingDays).toBe(0);
  });

  it('a full disk mid-export leaves no partial package and no temporary folder; the next run delivers identical bytes', async () => {
    const target2 = tempDir('tc-export-full-');
    const disk = fullDiskFs('gl.csv');
    const db = t.core.deps.db;
    const full = createCore({ db, clock: t.clock, ids: sequentialIds('full'), station: 'S1', ledgerFile: ':memory:', appVersion: '9.9.9-test', log: () => {}, exporting: { fs: disk } });
    await expect(full.exporter.exportDay({ businessDate: DAY2, source: 'manual', force: true, target: target2 })).rejects.toMatchObject({ code: 'EXPORT_FAILED', message: expect.stringContaining('full') });
    expect(disk.failures).toBe(1);
    expect(listTarget(target2)).toEqual([]);
    const last = db.prepare('SELECT outcome, message, target FROM export_log ORDER BY id DESC LIMIT 1').get() as { outcome: string; message: string; target: string };
    expect(last).toMatchObject({ outcome: 'error', target: target2, message: expect.stringContaining('no space left') });
    const done = await t.core.exporter.exportDay({ businessDate: DAY2, source: 'manual', force: true, target: target2 });
    expect(done.identical).toBe(true);
    const a = path.join(target, `${DAY2}_S1`);
    const b = path.join(target2, `${DAY2}_S1`);
    for (const n of listTarget(a)) expect(fs.readFileSync(path.join(b, n)).equals(fs.readFileSync(path.join(a, n)))).toBe(true);
  });

  it('records every attempt in the export log and keeps it append-only once finished', () => {
    const db = t.core.deps.db;
    const rows = db.prepare('SELECT outcome FROM export_log').all() as Array<{ outcome: string }>;
    expect(rows.every((r) => ['ok', 'error', 'refused'].includes(r.outcome))).toBe(true);
    expect(() => db.prepare("UPDATE export_log SET message = 'x' WHERE id = 1").run()).toThrow(/APPEND_ONLY/);
    expect(() => db.prepare('DELETE FROM export_deliveries').run()).toThrow(/APPEND_ONLY/);
  });
});

describe('a package left in place without its record', () => {
  it('is recognised as delivered (even under another station’s name); another ledger’s package is left alone', async () => {
    const { buildDayPackage } = await import('../../../src-main/export/day-package');
    const { nodeExportFs, writePackage } = await import('../../../src-main/export/atomic');
    const t = await makeExportCore({ now: '2026-03-16T13:00:00Z', station: 'S2' });
    try {
      await workDay(t, DAY1, makeTownAccounts(t, 5), { payments: 6, seed: 11 });
      await workDay(t, DAY2, makeTownAccounts(t, 3), { payments: 4, seed: 12 });
      const target = tempDir('tc-export-left-');
      const db = t.core.deps.db;
      const closedAt = (d: string) => (db.prepare('SELECT closed_at FROM business_days WHERE business_date = ?').get(d) as { closed_at: string }).closed_at;
      // Station S1's exporter renamed DAY1's package into place and died before recording it.
      const left = await buildDayPackage(db, { businessDate: DAY1, station: 'S1', appVersion: '9.9.9-test', townName: 'Town of Mayberry', createdAt: closedAt(DAY1) });
      await writePackage(nodeExportFs, target, left, { force: false, me: { host: 'elsewhere', pid: 1 }, active: new Set() });
      // Another ledger delivered its own DAY2 from its station S9.
      fs.mkdirSync(path.join(target, `${DAY2}_S9`));
      fs.writeFileSync(path.join(target, `${DAY2}_S9`, 'manifest.json'), '{"another":"ledger"}\n');

      const one = await t.core.exporter.exportDay({ businessDate: DAY1, source: 'manual', target });
      expect(one).toMatchObject({ outcome: 'recovered', station: 'S1', manifestSha256: left.manifestSha256 });
      const two = await t.core.exporter.exportDay({ businessDate: DAY2, source: 'manual', target });
      expect(two).toMatchObject({ outcome: 'delivered', station: 'S2' });
      expect(listTarget(target)).toEqual([`${DAY1}_S1`, `${DAY2}_S2`, `${DAY2}_S9`]);
      expect(fs.readFileSync(path.join(target, `${DAY2}_S9`, 'manifest.json'), 'utf8')).toBe('{"another":"ledger"}\n');
      expect(db.prepare('SELECT business_date, station FROM export_deliveries ORDER BY business_date').all()).toEqual([
        { business_date: DAY1, station: 'S1' },
        { business_date: DAY2, station: 'S2' },
      ]);
    } finally {
      t.close();
    }
  });
});
