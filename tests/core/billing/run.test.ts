// The billing run through the contract: preview (bills, held accounts with reasons, totals by
// service and class, estimates, last month, open exceptions), post (one journal entry per bill
// with a charge per service, bill_readings), rollover, meter change, multiplier, an estimated
// reading flagged, an idempotent re-run, the next month starting where the last bill stopped,
// a counter payment allocated on the new charges, the scan line found at the counter, and the
// bill documents (PDF text, a page as PNG, the vendor CSV, a duplicate).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseScanLine } from '../../../src-shared/scan-line';
import { writeRunFiles } from '../../../src-main/core/billing/bill-files';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { STARTING_BANK, billAccount, makeAccount } from '../../helpers/fixtures';
import { addReading, installMeter, openException, removeMeter } from '../../helpers/meters';

/** One CSV record (RFC 4180 quoting; no line breaks inside fields here). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

let t: TestCore;
let sup: string;
const ids: Record<string, number> = {};
const dir = tempDir('tc-billrun-');

beforeAll(async () => {
  t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
  const db = t.core.deps.db;
  // A: 5,400 gallons, water + sewer + solid waste, inside the limits.
  const a = makeAccount(db, { last: 'Alpha', street: '1 Elm St' });
  const ma = installMeter(db, { accountId: a.id, number: 'W-A' });
  addReading(db, ma, '2026-01-25', 10000);
  addReading(db, ma, '2026-02-25', 15400);
  billAccount(db, a.id, '2026-02-01', { water: 3000, sewer: 3500, solid_waste: 1975 });
  // B: a 4-dial meter rolls over from 9,800 to 300 (500 gallons).
  const b = makeAccount(db, { last: 'Bravo', street: '2 Elm St' });
  const mb = installMeter(db, { accountId: b.id, number: 'W-B', dials: 4 });
  addReading(db, mb, '2026-01-25', 9800);
  addReading(db, mb, '2026-02-24', 300, 'rollover');
  // C: the meter was changed on Feb 10: 600 gallons on the old one, 1,000 on the new one.
  const c = makeAccount(db, { last: 'Charlie', street: '3 Elm St' });
  const mc1 = installMeter(db, { accountId: c.id, number: 'W-C1' });
  addReading(db, mc1, '2026-01-25', 5000);
  removeMeter(db, mc1, '2026-02-10', 5600);
  const mc2 = installMeter(db, { accountId: c.id, number: 'W-C2', installedOn: '2026-02-10', installReading: 100 });
  addReading(db, mc2, '2026-02-26', 1100);
  // D: an estimated reading (2,000 gallons).
  const d = makeAccount(db, { last: 'Delta', street: '4 Elm St' });
  const md = installMeter(db, { accountId: d.id, number: 'W-D' });
  addReading(db, md, '2026-01-25', 1000);
  addReading(db, md, '2026-02-24', 3000, 'estimated');
  // E: held by an open exception on its meter.
  const e = makeAccount(db, { last: 'Echo', street: '5 Elm St' });
  const me = installMeter(db, { accountId: e.id, number: 'W-E' });
  addReading(db, me, '2026-01-25', 1000);
  openException(db, { meterId: me, accountId: e.id, readOn: '2026-02-25', value: 99000 });
  // F: held, no reading in the read window.
  const f = makeAccount(db, { last: 'Foxtrot', street: '6 Elm St' });
  const mf = installMeter(db, { accountId: f.id, number: 'W-F' });
  addReading(db, mf, '2026-01-25', 1000);
  // G: commercial electric with a x10 multiplier: 80 on the dials = 800 kWh.
  const g = makeAccount(db, { business: 'Golf Garage', street: '7 Elm St', services: ['electric'] });
  const mg = installMeter(db, { accountId: g.id, service: 'electric', number: 'E-G', multiplier: 10 });
  addReading(db, mg, '2026-01-25', 1000);
  addReading(db, mg, '2026-02-25', 1080);
  Object.assign(ids, { a: a.id, b: b.id, c: c.id, d: d.id, e: e.id, f: f.id, g: g.id, ma, mb });
  sup = await t.signIn('supervisor');
});

afterAll(() => {
  t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('billing run', () => {
  it('previews the cycle: bills, held accounts with reasons, totals, estimates, last month, exceptions', async () => {
    const p = await t.must('billing.preview', { cycle: 1, period: '2026-03' }, sup);
    expect(p).toMatchObject({ billDate: '2026-03-01', dueDate: '2026-03-21', readFrom: '2026-02-19', readTo: '2026-02-28', run: null, toBill: 5, heldTotal: 2, estimatedReadings: 1, estimatedBills: 1, exceptionsTotal: 1 });
    const held = Object.fromEntries(p.held.map((h) => [h.accountId, h.reasons.join('; ')]));
    expect(held[ids.e!]).toMatch(/open exception on meter W-E: high consumption/);
    expect(held[ids.f!]).toMatch(/no water reading counting for billing from 2026-02-19 to 2026-02-28 \(meter W-F\)/);
    // A: water $18.50 + 3,400 gal x $6.25/1,000 = $39.75; sewer $22.00 + 3,400 x $7.10/1,000 = $46.14; solid waste $19.75.
    // B 500 gal, C 1,600 gal, D 2,000 gal: base only (water 18.50, sewer 22.00, solid waste 19.75 each).
    // G: $15.00 + 800 kWh x $0.11 = $103.00.
    const water = 3975 + 3 * 1850;
    const sewer = 4614 + 3 * 2200;
    expect(p.byService).toEqual([
      { service: 'water', bills: 4, cents: water },
      { service: 'sewer', bills: 4, cents: sewer },
      { service: 'electric', bills: 1, cents: 10300 },
      { service: 'solid_waste', bills: 4, cents: 4 * 1975 },
    ]);
    expect(p.byClass).toEqual([
      { serviceClass: 'residential', bills: 4, cents: water + sewer + 4 * 1975 },
      { serviceClass: 'commercial', bills: 1, cents: 10300 },
    ]);
    expect(p.totalCents).toBe(water + sewer + 4 * 1975 + 10300);
    expect(p.lastMonth).toEqual({ period: '2026-02', billDate: '2026-02-01', bills: 1, totalCents: 8475, byService: [{ service: 'water', bills: 1, cents: 3000 }, { service: 'sewer', bills: 1, cents: 3500 }, { service: 'solid_waste', bills: 1, cents: 1975 }] });
    expect(p.exceptions).toEqual([expect.objectContaining({ meterNumber: 'W-E', reason: 'high_consumption', readOn: '2026-02-25' })]);
    // A preview writes nothing.
    expect(t.core.deps.db.prepare('SELECT count(*) FROM billing_runs').pluck().get()).toBe(0);
  });

  it('refuses a post without confirm, and a clerk', async () => {
    const bad = await t.call('billing.post', { cycle: 1, period: '2026-03' } as never, sup);
    expect(bad.ok ? null : bad.error.code).toBe('BAD_INPUT');
    const clerk = await t.call('billing.post', { cycle: 1, period: '2026-03', confirm: true }, await t.signIn('clerk'));
    expect(clerk.ok ? null : clerk.error.code).toBe('FORBIDDEN');
    expect(t.core.deps.db.prepare('SELECT count(*) FROM billing_runs').pluck().get()).toBe(0);
  });

  it('posts one bill per account with a charge per service and the readings behind it', async () => {
    const db = t.core.deps.db;
    const r = await t.must('billing.post', { cycle: 1, period: '2026-03', confirm: true }, sup);
    expect(r).toMatchObject({ billedNow: 5, held: 2, run: { status: 'posted', billed: 5, estimated: 1, progress: 1, active: false, parts: 1 } });
    const bill = (accountId: number) => db.prepare('SELECT * FROM bills WHERE run_id = ? AND account_id = ?').get(r.run.id, accountId) as Record<string, number | string>;
    expect(bill(ids.a!)).toMatchObject({ bill_date: '2026-03-01', due_date: '2026-03-21', period_from: '2026-01-26', period_to: '2026-02-25', water_gallons: 5400, water_cents: 3975, sewer_cents: 4614, solid_waste_cents: 1975, total_cents: 10564, estimated: 0, bill_kind: 'regular' });
    expect(bill(ids.b!)).toMatchObject({ water_gallons: 500 });
    expect(bill(ids.c!)).toMatchObject({ water_gallons: 1600 });
    expect(bill(ids.d!)).toMatchObject({ water_gallons: 2000, estimated: 1 });
    expect(bill(ids.g!)).toMatchObject({ electric_kwh: 800, electric_cents: 10300, water_gallons: null });
    expect(bill(ids.e!)).toBeUndefined();
    // Meter change: the old meter to its removal register, the new one from its install register.
    expect(db.prepare('SELECT meter_number, prev_read_on, prev_value, cur_read_on, cur_value, consumption, estimated FROM bill_readings WHERE bill_id = ? ORDER BY cur_read_on').all(bill(ids.c!).id)).toEqual([
      { meter_number: 'W-C1', prev_read_on: '2026-01-25', prev_value: 5000, cur_read_on: '2026-02-10', cur_value: 5600, consumption: 600, estimated: 0 },
      { meter_number: 'W-C2', prev_read_on: '2026-02-10', prev_value: 100, cur_read_on: '2026-02-26', cur_value: 1100, consumption: 1000, estimated: 0 },
    ]);
    expect(db.prepare('SELECT prev_value, cur_value, consumption, multiplier FROM bill_readings WHERE bill_id = ?').get(bill(ids.g!).id)).toEqual({ prev_value: 1000, cur_value: 1080, consumption: 800, multiplier: 10 });
    expect(db.prepare('SELECT estimated FROM bill_readings WHERE bill_id = ?').pluck().get(bill(ids.d!).id)).toBe(1);
    // One journal entry per bill, keyed, and a charge per service.
    const entry = db.prepare('SELECT kind, idempotency_key FROM journal_entries WHERE id = ?').get(bill(ids.a!).entry_id);
    expect(entry).toEqual({ kind: 'bill', idempotency_key: `bill:1:2026-03:${ids.a}` });
    expect(db.prepare('SELECT service, amount_cents FROM charges WHERE bill_id = ? ORDER BY service').all(bill(ids.a!).id)).toEqual([
      { service: 'sewer', amount_cents: 4614 },
      { service: 'solid_waste', amount_cents: 1975 },
      { service: 'water', amount_cents: 3975 },
    ]);
    expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);
  });

  it('bills nothing twice when posted again, and lists the run', async () => {
    const db = t.core.deps.db;
    const before = db.prepare('SELECT (SELECT count(*) FROM bills) AS b, (SELECT count(*) FROM journal_entries) AS e').get();
    const again = await t.must('billing.post', { cycle: 1, period: '2026-03', confirm: true }, sup);
    expect(again).toMatchObject({ billedNow: 0, run: { billed: 5, status: 'posted' } });
    expect(db.prepare('SELECT (SELECT count(*) FROM bills) AS b, (SELECT count(*) FROM journal_entries) AS e').get()).toEqual(before);
    const runs = await t.must('billing.runs', {}, await t.signIn('clerk'));
    expect(runs.runs).toEqual([expect.objectContaining({ cycle: 1, period: '2026-03', status: 'posted', billed: 5, totalCents: 10564 + 3 * (1850 + 2200 + 1975) + 10300 })]);
    const p = await t.must('billing.preview', { cycle: 1, period: '2026-03' }, sup);
    expect(p).toMatchObject({ toBill: 0, alreadyBilled: 5, heldTotal: 2, run: { status: 'posted' } });
  });

  it('allocates a counter payment on the new charges, unchanged', async () => {
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const bal = (await t.must('accounts.get', { accountId: ids.a! }, cashier)).balanceCents;
    const p = await t.must('payments.post', { idempotencyKey: 'billrun-pay-0001', lines: [{ type: 'account', accountId: ids.a!, amountCents: bal }], tenders: [{ kind: 'cash', amountCents: bal }] }, cashier);
    expect(p.replayed).toBe(false);
    const db = t.core.deps.db;
    // The allocation paid the February bill first (older due date), then the run's bill, charge by charge.
    const paid = db
      .prepare(
        `SELECT b.run_id IS NOT NULL AS run, c.service, c.amount_cents AS charged, sum(a.amount_cents) AS paid FROM allocations a JOIN charges c ON c.id = a.charge_id JOIN bills b ON b.id = c.bill_id
         WHERE c.account_id = ? GROUP BY c.id ORDER BY c.due_date, c.id`,
      )
      .all(ids.a!) as Array<{ run: number; service: string; charged: number; paid: number }>;
    expect(paid.filter((x) => x.run === 1).map((x) => [x.service, x.paid])).toEqual([['water', 3975], ['sewer', 4614], ['solid_waste', 1975]]);
    expect(paid.every((x) => x.paid === x.charged)).toBe(true);
    expect(paid.reduce((s, x) => s + x.paid, 0)).toBe(bal);
    expect((await t.must('accounts.get', { accountId: ids.a! }, cashier)).balanceCents).toBe(0);
    expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);
  });

  it("puts a scan line on the bill that the counter reads back to the account and the amount due", async () => {
    const csv = await t.must('billing.vendorCsv', { runId: 1 }, sup);
    expect(csv.rows).toBe(5);
    const lines = csv.text.trimEnd().split('\r\n').map(parseCsvLine);
    const header = lines[0]!;
    expect(header).toEqual(expect.arrayContaining(['account_number', 'name', 'mail_street', 'service_address', 'amount_due', 'due_date', 'scan_line']));
    const rowOf = (accountNumber: string) => lines.slice(1).find((c) => c[0] === accountNumber)!;
    const bNumber = t.core.deps.db.prepare('SELECT number FROM accounts WHERE id = ?').pluck().get(ids.b!) as string;
    const row = rowOf(bNumber);
    const scan = row[header.indexOf('scan_line')]!;
    const due = row[header.indexOf('amount_due')]!;
    expect(due).toBe('60.25');
    const cashier = await t.signIn('cashier');
    const found = await t.must('accounts.search', { query: scan }, cashier);
    expect(found.results[0]).toMatchObject({ id: ids.b, number: bNumber, balanceCents: 6025 });
    expect(parseScanLine(scan)).toEqual({ accountNumber: bNumber, amountDueCents: 6025 });
  });

  it('renders the run as PDF: text read back with pdftotext, a page as PNG of the right size', async () => {
    const pdf = await t.must('billing.pdf', { runId: 1 }, sup);
    expect(pdf.pages).toBe(5);
    const file = path.join(dir, pdf.filename);
    fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pages = text.split('\f');
    expect(pages.filter((p) => p.trim()).length).toBe(5);
    const dNumber = t.core.deps.db.prepare('SELECT number FROM accounts WHERE id = ?').pluck().get(ids.d!) as string;
    const dPage = pages.find((p) => p.includes(dNumber))!;
    expect(dPage).toContain('Town of Mayberry');
    expect(dPage).toContain('Utility bill');
    expect(dPage).toContain('4 Elm St');
    expect(dPage).toMatch(/02\/24\/2026\s+3,000 \(ESTIMATED\)/);
    expect(dPage).toContain('Due date');
    expect(dPage).toContain('03/21/2026');
    expect(dPage).toMatch(/Amount due\s+\$60\.25/);
    expect(dPage).toContain('Detach and return this stub');
    expect(dPage).toMatch(/Your consumption, last 1 bill \(gallons\)/);
    const cPage = pages.find((p) => p.includes('W-C1'))!;
    expect(cPage).toMatch(/W-C1.*5,600.*600 gal/);
    expect(cPage).toMatch(/W-C2.*1,100.*1,000 gal/);
    // The scan line printed on the stub (pdftotext keeps Courier's digits with their spacing).
    const csv = await t.must('billing.vendorCsv', { runId: 1 }, sup);
    const scan = parseCsvLine(csv.text.split('\r\n').find((l) => l.startsWith(`${dNumber},`))!).at(-1)!;
    expect(dPage.replace(/\s/g, '')).toContain(scan);
    // One page as PNG at 50 dpi: a US letter page is 425 x 550 pixels.
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page1')]);
    const png = fs.readFileSync(path.join(dir, 'page1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([425, 550]);
    expect(png.length).toBeGreaterThan(5000);
  });

  it("writes a run's documents to a folder: PDF parts streamed to files and the vendor CSV, with progress", async () => {
    const out = path.join(dir, 'print-shop');
    const seen: number[] = [];
    const r = await writeRunFiles(t.core.deps.db, 1, out, { name: 'Town of Mayberry', address: '104 N Main St', phone: '(336) 555-0100', timeZone: 'America/New_York' }, (p) => seen.push(p.bills));
    expect(r).toEqual({ bills: 5, files: [path.join(out, 'bills-cycle1-2026-03.pdf'), path.join(out, 'bills-cycle1-2026-03.csv')] });
    expect(seen.at(-1)).toBe(5);
    expect(fs.readdirSync(out).sort()).toEqual(['bills-cycle1-2026-03.csv', 'bills-cycle1-2026-03.pdf']);
    const text = execFileSync('pdftotext', [r.files[0]!, '-'], { encoding: 'utf8' });
    expect(text.split('\f').filter((p) => p.trim()).length).toBe(5);
    // The same CSV as billing.vendorCsv gives.
    const csv = await t.must('billing.vendorCsv', { runId: 1 }, sup);
    expect(fs.readFileSync(r.files[1]!, 'utf8')).toBe(csv.text);
  });

  it('prints a duplicate of the latest bill from the account page, marked DUPLICATE', async () => {
    const clerk = await t.signIn('clerk');
    const dup = await t.must('billing.duplicate', { accountId: ids.a! }, clerk);
    const file = path.join(dir, dup.filename);
    fs.writeFileSync(file, Buffer.from(dup.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(dup.pages).toBe(1);
    expect(text).toContain('Utility bill — DUPLICATE');
    // Printed at 11:00 AM in the town's zone (15:00 UTC in March is EDT).
    expect(text).toContain('03/16/2026 11:00 AM EDT');
    expect(text).toMatch(/Previous balance\s+\$84\.75/);
    const none = await t.call('billing.duplicate', { accountId: ids.f! }, clerk);
    expect(none.ok ? null : none.error.code).toBe('NOT_FOUND');
  });

  it('starts the next month where the last bill stopped', async () => {
    const db = t.core.deps.db;
    addReading(db, ids.ma!, '2026-03-26', 18400);
    addReading(db, ids.mb!, '2026-03-25', 1300);
    const r = await t.must('billing.post', { cycle: 1, period: '2026-04', confirm: true }, sup);
    expect(r.run.period).toBe('2026-04');
    const a = db.prepare('SELECT b.id, b.period_from, b.period_to, b.water_gallons FROM bills b WHERE b.run_id = ? AND b.account_id = ?').get(r.run.id, ids.a!);
    expect(a).toMatchObject({ period_from: '2026-02-26', period_to: '2026-03-26', water_gallons: 3000 });
    expect(db.prepare('SELECT b.water_gallons FROM bills b WHERE b.run_id = ? AND b.account_id = ?').pluck().get(r.run.id, ids.b!)).toBe(1000);
    const p = await t.must('billing.preview', { cycle: 1, period: '2026-05' }, sup);
    expect(p.lastMonth).toMatchObject({ period: '2026-04', bills: 2 });
    expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);
  });
});
