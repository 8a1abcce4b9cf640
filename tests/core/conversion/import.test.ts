// The conversion import on a real ledger: control totals against an independent reading of the
// input, the load (ledger.verify clean, accounts keep their numbers, payable at the counter,
// aging right), re-runs, every reject reason, accepting rejects, encodings and the mapping file.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { runConversion } from '../../../src-main/core/conversion/run';
import type { ConversionOptions } from '../../../src-main/core/conversion/types';
import { createSecrets } from '../../../src-main/core/secrets';
import type { ConversionKind, ConversionResult, RejectCode } from '../../../src-shared/ipc/conversion-schemas';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { BASE_SET, withLine, withLines, writeSet } from '../../helpers/conversion';
import { makeAccount, STARTING_BANK } from '../../helpers/fixtures';

async function core(): Promise<{ t: TestCore; run: (dir: string, o?: Partial<ConversionOptions>) => ConversionResult }> {
  const keyFile = path.join(tempDir('tc-key-'), 'key');
  const t = await makeTestCore({ boot: { keyFile } });
  const db = t.core.deps.db;
  const run = (dir: string, o: Partial<ConversionOptions> = {}) =>
    runConversion(db, {
      dir,
      dryRun: false,
      acceptRejects: false,
      asOf: '2026-03-16',
      checkDigit: 'luhn',
      timeZone: 'America/New_York',
      userId: null,
      station: 'S1',
      secrets: createSecrets(db, keyFile),
      reportDir: path.join(dir, 'report'),
      now: () => t.clock.now(),
      ...o,
    });
  return { t, run };
}

const count = (t: TestCore, table: string) => (t.core.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Dollars in a CSV cell to cents, read independently of the importer. */
function cents(s: string): number {
  const neg = /^\(.*\)$/.test(s) || s.startsWith('-');
  const digits = s.replace(/[()$,\-\s]/g, '');
  const [d, c = ''] = digits.split('.');
  return (neg ? -1 : 1) * (Number(d) * 100 + Number(c.padEnd(2, '0')));
}

function records(kind: ConversionKind): Array<Record<string, string>> {
  return parse<Record<string, string>>(BASE_SET[kind], { columns: true, skip_empty_lines: true });
}

describe('conversion import: a clean set', () => {
  it('checks everything in a dry run, writes nothing, and its control totals are the sums of the input', async () => {
    const { t, run } = await core();
    const dir = writeSet();
    const r = run(dir, { dryRun: true });
    expect(r.status).toBe('checked');
    expect(r.rejectCount).toBe(0);
    expect(count(t, 'accounts')).toBe(0);
    expect(count(t, 'journal_entries')).toBe(0);
    expect(count(t, 'conversion_groups')).toBe(0);

    const charges = records('open_charges');
    const owed = charges.filter((c) => c.service !== 'CREDIT');
    const byService = (codes: string[]) => owed.filter((c) => codes.includes(c.service!)).reduce((s, c) => s + cents(c.amount!), 0);
    const s = r.summary;
    expect(s.accounts).toBe(records('accounts').length);
    expect(s.customers).toBe(records('customers').length);
    expect(s.balanceByService).toEqual({ water: byService(['W']), sewer: byService(['S']), electric: byService(['E']), solid_waste: 0, stormwater: 0 });
    expect(s.penaltiesCents).toBe(byService(['PENALTY']));
    expect(s.feesCents).toBe(byService(['FEE']));
    expect(s.balanceForwardCents).toBe(byService(['BALANCE']));
    expect(s.creditsCents).toBe(-charges.filter((c) => c.service === 'CREDIT').reduce((x, c) => x + cents(c.amount!), 0));
    expect(s.receivableCents).toBe(owed.reduce((x, c) => x + cents(c.amount!), 0) - s.creditsCents);
    expect(s.receivableCents).toBe(151_225);
    expect(s.depositsCents).toBe(records('deposits').reduce((x, d) => x + cents(d.amount!), 0));
    expect(s.depositsCount).toBe(3);
    const aging = s.aging.currentCents + s.aging.days30Cents + s.aging.days60Cents + s.aging.days90Cents;
    expect(aging).toBe(s.receivableCents + s.creditsCents);
    expect(s.aging).toEqual({ currentCents: 3825 + 4110 + 2500, days30Cents: 3000 + 1000, days60Cents: 8840 + 6000, days90Cents: 123_450 });
    expect(s.historyBilledCents).toBe(records('history').reduce((x, h) => x + cents(h.total!), 0));
    expect(s.accountsByStatus).toEqual({ active: 4, pending: 1, final_billed: 0, closed: 1 });

    // The report files say the same.
    expect(fs.readFileSync(r.report!.rejectsCsv, 'utf8')).toBe('file,line,column,code,reason\r\n');
    expect(JSON.parse(fs.readFileSync(r.report!.summaryJson, 'utf8')).receivableCents).toBe(151_225);
    expect(fs.readFileSync(r.report!.summaryTxt, 'utf8')).toMatch(/Total receivable\s+\$1,512\.25/);
    expect(fs.statSync(r.report!.rejectsCsv).mode & 0o777).toBe(0o600);
    t.close();
  });

  it('loads every group: verify clean, old numbers kept, the balance payable at the counter, aging as the summary said', async () => {
    const { t, run } = await core();
    const r = run(writeSet());
    expect(r.status).toBe('loaded');
    expect(r.groups.map((g) => g.outcome)).toEqual(['loaded', 'loaded', 'loaded']);
    const supervisor = await t.signIn('supervisor');
    const verify = await t.must('ledger.verify', {}, supervisor);
    expect(verify.violations).toEqual([]);
    expect(verify.ok).toBe(true);

    const db = t.core.deps.db;
    const rows = db.prepare('SELECT number, legacy_number, legacy_key, status FROM accounts ORDER BY id').all();
    expect(rows).toEqual([
      { number: '1000017-2', legacy_number: '10-0001-7', legacy_key: '1000017', status: 'active' },
      { number: '1000025-5', legacy_number: '10-0002-5', legacy_key: '1000025', status: 'active' },
      { number: '2000032-9', legacy_number: '20-0003-2', legacy_key: '2000032', status: 'active' },
      // Already TownCounter's form: the number itself.
      { number: '0000040-6', legacy_number: null, legacy_key: null, status: 'active' },
      { number: '1000058-6', legacy_number: '10-0005-8', legacy_key: '1000058', status: 'closed' },
      { number: '1000066-9', legacy_number: '10-0006-6', legacy_key: '1000066', status: 'pending' },
    ]);
    // The balance, deposits and flags through the contract.
    const andy = await t.must('accounts.get', { number: '1000017-2' }, supervisor);
    expect(andy.balanceCents).toBe(3825 + 4110);
    expect(andy.depositCents).toBe(15_000);
    expect(andy.customer.taxIdMasked).toBe('***-**-6789');
    expect(andy.location.waterMeter).toBe('W1001');
    expect(andy.services).toEqual(expect.arrayContaining(['water', 'sewer', 'solid_waste']));
    const gomer = await t.must('accounts.get', { number: '0000040-6' }, supervisor);
    expect(gomer.balanceCents).toBe(8840 - 1500);
    // The tax id and bank number are encrypted at rest, not in clear.
    const tax = db.prepare("SELECT tax_id_enc, tax_id_last4 FROM customers WHERE legacy_id = 'C1'").get() as { tax_id_enc: Buffer; tax_id_last4: string };
    expect(tax.tax_id_last4).toBe('6789');
    expect(tax.tax_id_enc.includes(Buffer.from('123456789'))).toBe(false);
    const draft = db.prepare('SELECT bank_account_enc, bank_account_last4, status FROM draft_enrolments').get() as { bank_account_enc: Buffer; bank_account_last4: string; status: string };
    expect(draft).toMatchObject({ bank_account_last4: '6789', status: 'active' });
    expect(draft.bank_account_enc.includes(Buffer.from('123456789'))).toBe(false);
    expect(db.prepare("SELECT medical_alert_until FROM accounts WHERE number = '1000025-5'").pluck().get()).toBe('2026-09-30');
    // Four bills of history, and Andy's bill of 2026-03-01 (not yet due on the conversion date, not in
    // the history) made from its open charges.
    expect(db.prepare("SELECT count(*) FROM bills WHERE entry_id IS NULL").pluck().get()).toBe(5);
    expect(db.prepare("SELECT at FROM account_notes WHERE text LIKE 'Asked%'").pluck().get()).toBe('2026-02-14T15:30:00.000Z');
    expect(db.prepare("SELECT value FROM meter_readings WHERE meter_number = 'W1001' AND source = 'converted'").pluck().get()).toBe(123_456);
    expect(db.prepare("SELECT route_code FROM service_locations WHERE legacy_id = 'L3'").pluck().get()).toBe('R20');
    expect(db.prepare("SELECT cycle FROM routes WHERE code = 'R20'").pluck().get()).toBe(2);

    // Aging as of the conversion date matches the summary.
    const aging = await t.must('collections.aging', { asOf: '2026-03-16' }, supervisor);
    expect(aging.totals).toEqual(r.summary.aging);

    // Found by search, and paid at the counter: payments allocate to the converted charges.
    const hits = await t.must('accounts.search', { query: 'Emmett' }, supervisor);
    expect(hits.results[0]!.number).toBe('2000032-9');
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const acct = await t.must('accounts.get', { number: '2000032-9' }, cashier);
    await t.must('payments.post', { idempotencyKey: 'conv-pay-1', lines: [{ type: 'account', accountId: acct.id, amountCents: 2500 }], tenders: [{ kind: 'cash', amountCents: 2500 }] }, cashier);
    const after = await t.must('accounts.get', { number: '2000032-9' }, cashier);
    expect(after.balanceCents).toBe(acct.balanceCents - 2500);
    expect((await t.must('ledger.verify', {}, supervisor)).ok).toBe(true);
    t.close();
  });

  it('a re-run adds nothing; a group whose files changed after loading is refused', async () => {
    const { t, run } = await core();
    const dir = writeSet();
    run(dir);
    const before = ['customers', 'accounts', 'charges', 'journal_lines', 'bills', 'account_notes', 'draft_enrolments', 'medical_alert_certifications', 'meters'].map((x) => count(t, x));
    const again = run(dir);
    expect(again.status).toBe('loaded');
    expect(again.groups.map((g) => g.outcome)).toEqual(['already_loaded', 'already_loaded', 'already_loaded']);
    expect(again.message).toMatch(/nothing new/i);
    expect(['customers', 'accounts', 'charges', 'journal_lines', 'bills', 'account_notes', 'draft_enrolments', 'medical_alert_certifications', 'meters'].map((x) => count(t, x))).toEqual(before);
    // The charges file changed after it was loaded.
    fs.writeFileSync(path.join(dir, 'open_charges.csv'), `${BASE_SET.open_charges}\n10-0002-5,G,2026-03-01,2026-03-21,18.00,\n`);
    const changed = run(dir);
    expect(changed.status).toBe('refused');
    expect(changed.message).toMatch(/balances group was already loaded from different files/);
    expect(count(t, 'charges')).toBe(before[2]);
    t.close();
  });

  it('loads a group left out before (a set completed later) and only that one; the history comes with the balances', async () => {
    const { t, run } = await core();
    const dir = writeSet({ history: null, notes: null, bank_drafts: null, medical_alerts: null });
    const first = run(dir);
    expect(first.groups.map((g) => g.outcome)).toEqual(['loaded', 'loaded', 'not_loaded']);
    expect(count(t, 'bills')).toBe(1); // Andy's bill not yet due, made from its open charges
    fs.writeFileSync(path.join(dir, 'notes.csv'), `${BASE_SET.notes}\n`);
    const second = run(dir);
    expect(second.groups.map((g) => g.outcome)).toEqual(['already_loaded', 'already_loaded', 'loaded']);
    expect(count(t, 'account_notes')).toBe(2);
    // The history is part of the balances group: once the balances are in, it can't be added apart.
    fs.writeFileSync(path.join(dir, 'history.csv'), `${BASE_SET.history}\n`);
    const third = run(dir);
    expect(third.status).toBe('refused');
    expect(third.message).toMatch(/balances group was already loaded from different files/);
    expect(count(t, 'bills')).toBe(1);
    t.close();
  });
});

interface Case {
  name: string;
  code: RejectCode;
  changes: Partial<Record<ConversionKind, string | null>>;
  extra?: Record<string, string | Buffer>;
  file: string;
  line: number;
  column: string;
}

const CASES: Case[] = [
  { name: 'a required file left out', code: 'FILE_MISSING', changes: { customers: null }, file: 'customers.csv', line: 0, column: '' },
  { name: 'a spreadsheet instead of CSV', code: 'FILE_UNREADABLE', changes: {}, extra: { 'notes.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]) }, file: 'notes.csv', line: 0, column: '' },
  { name: 'a quote never closed', code: 'FILE_UNREADABLE', changes: withLines('notes', '10-0001-7,2026-03-01,"never closed,N'), file: 'notes.csv', line: 0, column: '' },
  { name: 'a broken mapping file', code: 'FILE_UNREADABLE', changes: {}, extra: { 'mapping.json': '{"columns":{"customers":{"CUSTNUM":"cust_key"}}}' }, file: 'mapping.json', line: 0, column: '' },
  { name: 'a required column missing', code: 'COLUMN_MISSING', changes: { deposits: 'account_number,amount\n10-0001-7,150.00' }, file: 'deposits.csv', line: 1, column: 'paid_on' },
  { name: 'a row with too few fields', code: 'MALFORMED_ROW', changes: withLine('deposits', 2, '10-0001-7,150.00'), file: 'deposits.csv', line: 2, column: '' },
  { name: 'a stray quote after a quoted field', code: 'MALFORMED_ROW', changes: withLine('deposits', 3, '"20-0003-2"x,300.00,2010-01-15'), file: 'deposits.csv', line: 3, column: '' },
  { name: 'a required value empty', code: 'REQUIRED', changes: withLine('locations', 3, 'L2,,,Mayberry,NC,27030,R,Y,'), file: 'locations.csv', line: 3, column: 'service_address' },
  { name: 'a date not on the calendar', code: 'BAD_DATE', changes: withLine('deposits', 2, '10-0001-7,150.00,02/30/2015'), file: 'deposits.csv', line: 2, column: 'paid_on' },
  { name: 'an amount that is not one', code: 'BAD_AMOUNT', changes: withLine('deposits', 2, '10-0001-7,15O.00,2015-04-01'), file: 'deposits.csv', line: 2, column: 'amount' },
  { name: 'a zero charge', code: 'BAD_AMOUNT', changes: withLine('open_charges', 2, '10-0001-7,W,2026-03-01,2026-03-21,0.00,'), file: 'open_charges.csv', line: 2, column: 'amount' },
  { name: 'a cycle out of range', code: 'BAD_NUMBER', changes: withLine('accounts', 3, '10-0002-5,C2,L2,A,03/15/2018,,7,R1,20,W S G,T,N,'), file: 'accounts.csv', line: 3, column: 'cycle' },
  { name: 'a state that is none', code: 'BAD_VALUE', changes: withLine('customers', 3, 'C2,P,Lawson,Helen,,,22 Elm St,Mayberry,ZZ,27030,,,,,,EN'), file: 'customers.csv', line: 3, column: 'mail_state' },
  { name: 'a service twice', code: 'BAD_VALUE', changes: withLine('accounts', 3, '10-0002-5,C2,L2,A,03/15/2018,,1,R1,20,W S W,T,N,'), file: 'accounts.csv', line: 3, column: 'services' },
  { name: 'a note too long', code: 'TOO_LONG', changes: withLines('notes', `10-0001-7,2026-03-01,${'x'.repeat(2001)},N`), file: 'notes.csv', line: 4, column: 'text' },
  { name: 'a card number in a note', code: 'CARD_NUMBER', changes: withLines('notes', '10-0001-7,2026-03-01,paid with 4111 1111 1111 1111,N'), file: 'notes.csv', line: 4, column: 'text' },
  { name: 'an account number failing its check digit', code: 'CHECK_DIGIT', changes: withLine('accounts', 3, '10-0002-6,C2,L2,A,03/15/2018,,1,R1,20,W S G,T,N,'), file: 'accounts.csv', line: 3, column: 'account_number' },
  { name: 'a routing number failing its check digit', code: 'CHECK_DIGIT', changes: withLine('bank_drafts', 2, '10-0001-7,Andy Taylor,053000197,123456789,C,2020-01-10,active'), file: 'bank_drafts.csv', line: 2, column: 'routing_number' },
  { name: 'an SSN never issued', code: 'BAD_TAX_ID', changes: withLine('customers', 2, 'C1,P,Taylor,Andy,J,,14 Maple St,Mayberry,NC,27030,336-555-0101,,andy@example.com,666-45-6789,SSN,EN'), file: 'customers.csv', line: 2, column: 'tax_id' },
  { name: 'a customer twice', code: 'DUPLICATE', changes: withLines('customers', 'C5,P,Crump,Clara,,,5 Church St,Mayberry,NC,27030,,,,,,'), file: 'customers.csv', line: 7, column: 'customer_id' },
  { name: 'a bill date twice for an account', code: 'DUPLICATE', changes: withLines('history', '10-0001-7,2026-02-01,2026-02-21,2026-01-01,2026-01-31,5400,,38.25,41.10,,18.00,,,97.35,97.35,2026-02-15'), file: 'history.csv', line: 6, column: 'bill_date' },
  { name: 'a charge for an account not in the set', code: 'UNKNOWN_REFERENCE', changes: withLines('open_charges', '99-9999-5,W,2026-03-01,2026-03-21,10.00,'), file: 'open_charges.csv', line: 11, column: 'account_number' },
  { name: 'an account of a rejected customer', code: 'REFERENCE_REJECTED', changes: withLine('customers', 3, 'C2,P,Lawson,Helen,,,22 Elm St,Mayberry,NC,2703,,,,,,EN'), file: 'accounts.csv', line: 3, column: 'customer_id' },
  { name: 'a due date before the bill date', code: 'DATE_ORDER', changes: withLine('open_charges', 2, '10-0001-7,W,2026-03-01,2026-02-21,38.25,'), file: 'open_charges.csv', line: 2, column: 'due_date' },
  { name: 'a history total that is not the sum', code: 'TOTAL_MISMATCH', changes: withLine('history', 2, '10-0001-7,2026-02-01,2026-02-21,2026-01-01,2026-01-31,5400,,38.25,41.10,,18.00,,,97.53,97.35,2026-02-15'), file: 'history.csv', line: 2, column: 'total' },
  { name: 'two live accounts at one location', code: 'CONFLICT', changes: withLines('accounts', '10-0007-4,C2,L1,A,2024-01-01,,1,R1,10,W,T,N,'), file: 'accounts.csv', line: 8, column: 'location_id' },
  { name: 'a route in two cycles', code: 'CONFLICT', changes: withLines('accounts', '10-0007-4,C2,L4,F,2019-01-01,2020-05-31,3,R1,10,W,T,N,'), file: 'accounts.csv', line: 8, column: 'route' },
  { name: 'two due dates for one bill not yet due', code: 'CONFLICT', changes: withLine('open_charges', 3, '10-0001-7,S,2026-03-01,2026-03-25,41.10,'), file: 'open_charges.csv', line: 3, column: 'due_date' },
  {
    name: 'a bill not yet due whose history row gives another due date',
    code: 'CONFLICT',
    changes: withLines('history', '10-0001-7,2026-03-01,2026-03-20,2026-02-01,2026-02-28,5300,,38.25,41.10,,,,,79.35,,'),
    file: 'history.csv',
    line: 6,
    column: 'due_date',
  },
];

describe('conversion import: a bill not yet due on the conversion date', () => {
  it('is a bill of the ledger holding its open charges, penalized once after its due date; bills already past due never', async () => {
    const { t, run } = await core();
    // Andy's bill of 2026-03-01 (due 2026-03-21, after the conversion date 2026-03-16) is in the history
    // too, partly paid in the old system: its open charges belong to that history bill.
    const r = run(writeSet(withLines('history', '10-0001-7,2026-03-01,2026-03-21,2026-02-01,2026-02-28,5300,,45.00,41.10,,18.00,,,104.10,24.75,2026-03-10')));
    expect(r.status).toBe('loaded');
    const db = t.core.deps.db;
    const bill = db.prepare("SELECT b.id, b.due_date AS dueDate, b.total_cents AS total FROM bills b JOIN accounts a ON a.id = b.account_id WHERE a.number = '1000017-2' AND b.bill_date = '2026-03-01'").get() as { id: number; dueDate: string; total: number };
    expect(bill).toMatchObject({ dueDate: '2026-03-21', total: 10_410 });
    expect(db.prepare('SELECT amount_cents FROM charges WHERE bill_id = ? ORDER BY id').pluck().all(bill.id)).toEqual([3825, 4110]);
    // Charges of bills past due at conversion, penalties, fees of past-due bills and balances forward belong to no bill.
    expect(db.prepare('SELECT count(*) FROM charges WHERE bill_id IS NULL').pluck().get()).toBe(count(t, 'charges') - 2);
    const supervisor = await t.signIn('supervisor');
    const andy = await t.must('accounts.get', { number: '1000017-2' }, supervisor);
    expect(andy.bills[0]).toMatchObject({ billDate: '2026-03-01', converted: true, totalCents: 10_410, paidCents: 2475, openCents: 7935 });

    // The day after the due date: one penalty, for Andy's bill only (the others were the old system's to penalize).
    t.clock.set('2026-03-22T14:00:00Z');
    const sup = await t.signIn('supervisor');
    const preview = await t.must('collections.penalties.preview', {}, sup);
    expect(preview.samples.map((x) => [x.billId, x.pastDueCents, x.penaltyCents])).toEqual([[bill.id, 7935, 1000]]);
    const ran = await t.must('collections.penalties.run', { confirm: true }, sup);
    expect(ran).toMatchObject({ penalizedNow: 1, penalizedCentsNow: 1000 });
    t.clock.set('2026-04-22T14:00:00Z');
    expect((await t.must('collections.penalties.preview', {}, await t.signIn('supervisor'))).toPenalizeCount).toBe(0);
    expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);
    t.close();
  });

  it('a bill not yet due and absent from the history is written from its open charges; paid on time, no penalty', async () => {
    const { t, run } = await core();
    expect(run(writeSet({ history: null })).status).toBe('loaded');
    const db = t.core.deps.db;
    const bill = db.prepare("SELECT b.* FROM bills b JOIN accounts a ON a.id = b.account_id WHERE a.number = '1000017-2'").get() as Record<string, unknown>;
    expect(bill).toMatchObject({ bill_date: '2026-03-01', due_date: '2026-03-21', period_from: '2026-03-01', period_to: '2026-03-01', water_cents: 3825, sewer_cents: 4110, total_cents: 7935, converted_paid_cents: null, entry_id: null });
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const acct = await t.must('accounts.get', { number: '1000017-2' }, cashier);
    await t.must('payments.post', { idempotencyKey: 'conv-ontime-1', lines: [{ type: 'account', accountId: acct.id, amountCents: 7935 }], tenders: [{ kind: 'cash', amountCents: 7935 }] }, cashier);
    t.clock.set('2026-03-22T14:00:00Z');
    const sup = await t.signIn('supervisor');
    expect((await t.must('collections.penalties.preview', {}, sup)).samples.map((x) => x.billId)).not.toContain(bill.id);
    t.close();
  });
});

describe('conversion import: every reject reason', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.name}`, async () => {
      const { t, run } = await core();
      const r = run(writeSet(c.changes, c.extra ?? {}), { dryRun: true });
      expect(r.rejects).toContainEqual(expect.objectContaining({ file: c.file, line: c.line, column: c.column, code: c.code }));
      expect(r.rejects.every((x) => x.reason.length > 0)).toBe(true);
      // A load is refused while there are rejects, and nothing is written.
      const load = run(writeSet(c.changes, c.extra ?? {}));
      expect(load.status).toBe('refused');
      expect(count(t, 'accounts')).toBe(0);
      expect(count(t, 'journal_entries')).toBe(0);
      t.close();
    });
  }

  it('cascades: a rejected customer rejects its account, and the account its charges, deposits and history', async () => {
    const { run, t } = await core();
    const r = run(writeSet(withLine('customers', 2, 'C1,P,,Andy,J,,14 Maple St,Mayberry,NC,27030,,,,,,EN')), { dryRun: true });
    const codes = r.rejects.map((x) => `${x.file}:${x.line}:${x.column}:${x.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'customers.csv:2:last_name:REQUIRED',
        'accounts.csv:2:customer_id:REFERENCE_REJECTED',
        'accounts.csv:7:customer_id:REFERENCE_REJECTED',
        'open_charges.csv:2:account_number:REFERENCE_REJECTED',
        'open_charges.csv:3:account_number:REFERENCE_REJECTED',
        'deposits.csv:2:account_number:REFERENCE_REJECTED',
        'history.csv:2:account_number:REFERENCE_REJECTED',
        'bank_drafts.csv:2:account_number:REFERENCE_REJECTED',
        'notes.csv:2:account_number:REFERENCE_REJECTED',
      ]),
    );
    // The report is in file order, then line.
    const csv = fs.readFileSync(r.report!.rejectsCsv, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('file,line,column,code,reason');
    expect(csv[1]).toMatch(/^customers\.csv,2,last_name,REQUIRED,/);
    expect(csv.length - 1).toBe(r.rejectCount);
    // The control totals leave the rejected rows out.
    expect(r.summary.accounts).toBe(4);
    expect(r.summary.depositsCents).toBe(50_000);
    t.close();
  });

  it('loads without the rejected rows when told to, and the ledger verifies', async () => {
    const { t, run } = await core();
    const dir = writeSet(withLine('customers', 2, 'C1,P,,Andy,J,,14 Maple St,Mayberry,NC,27030,,,,,,EN'));
    const r = run(dir, { acceptRejects: true });
    expect(r.status).toBe('loaded');
    expect(r.message).toMatch(/without \d+ rejects/);
    expect(count(t, 'accounts')).toBe(4);
    expect(count(t, 'draft_enrolments')).toBe(0);
    const supervisor = await t.signIn('supervisor');
    expect((await t.must('ledger.verify', {}, supervisor)).ok).toBe(true);
    const total = t.core.deps.db.prepare("SELECT sum(amount_cents) FROM journal_lines WHERE gl_code = '1200'").pluck().get();
    expect(total).toBe(r.summary.receivableCents);
    t.close();
  });

  it('whole-file rejects stop the load even when rejects are accepted', async () => {
    const { t, run } = await core();
    const r = run(writeSet({ deposits: 'account_number,amount\n10-0001-7,150.00' }), { acceptRejects: true });
    expect(r.status).toBe('refused');
    expect(r.message).toMatch(/whole files/);
    expect(count(t, 'accounts')).toBe(0);
    t.close();
  });

  it('refuses old numbers, customers and own-form numbers already in the ledger (CONFLICT)', async () => {
    const { t, run } = await core();
    const a = makeAccount(t.core.deps.db, { last: 'Barney' });
    const b = makeAccount(t.core.deps.db, { last: 'Fife' });
    t.core.deps.db.prepare("UPDATE accounts SET legacy_number = '10-0001-7', legacy_key = '1000017' WHERE id = ?").run(a.id);
    t.core.deps.db.prepare("UPDATE accounts SET number = '0000040-6' WHERE id = ?").run(b.id);
    t.core.deps.db.prepare("UPDATE customers SET legacy_id = 'C5' WHERE id = ?").run(a.customerId);
    const r = run(writeSet(), { dryRun: true });
    expect(r.rejects).toContainEqual(expect.objectContaining({ file: 'accounts.csv', line: 2, column: 'account_number', code: 'CONFLICT' }));
    expect(r.rejects).toContainEqual(expect.objectContaining({ file: 'accounts.csv', line: 5, column: 'account_number', code: 'CONFLICT' }));
    expect(r.rejects).toContainEqual(expect.objectContaining({ file: 'customers.csv', line: 6, column: 'customer_id', code: 'CONFLICT' }));
    t.close();
  });

  it('refuses to load while a cash drawer is open (the load holds the ledger)', async () => {
    const { t, run } = await core();
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const r = run(writeSet());
    expect(r.status).toBe('refused');
    expect(r.message).toMatch(/drawer is open/);
    expect(count(t, 'accounts')).toBe(0);
    t.close();
  });

  it('refuses to load while a mail batch is open', async () => {
    const { t, run } = await core();
    const clerk = await t.signIn('clerk');
    await t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 1000 }, clerk);
    const r = run(writeSet());
    expect(r.status).toBe('refused');
    expect(r.message).toMatch(/mail batch is open/);
    expect(count(t, 'accounts')).toBe(0);
    t.close();
  });
});

describe('conversion import: files as towns have them', () => {
  it('reads Windows-1252, a byte-order mark, quoted line breaks, and a mapping file with the town’s own names', async () => {
    const { t, run } = await core();
    const customers = BASE_SET.customers.replace('CUSTOMER_ID'.toLowerCase(), 'CUSTNUM').replace('Crump', 'Muñoz');
    const dir = writeSet({ customers: null, notes: `account_number,noted_on,text,follow_up\n10-0001-7,2026-02-14,"Two lines:\r\nsecond line",N` });
    fs.writeFileSync(path.join(dir, 'CUSTMAST.CSV'), Buffer.from(`${customers}\r\n`, 'latin1'));
    fs.writeFileSync(path.join(dir, 'locations.csv'), `\ufeff${BASE_SET.locations}\n`);
    fs.writeFileSync(path.join(dir, 'mapping.json'), JSON.stringify({ files: { customers: 'CUSTMAST.CSV' }, columns: { customers: { CUSTNUM: 'customer_id' } } }));
    const r = run(dir);
    expect(r.rejects).toEqual([]);
    expect(r.status).toBe('loaded');
    expect(r.summary.files.find((f) => f.kind === 'customers')).toMatchObject({ file: 'CUSTMAST.CSV', encoding: 'windows-1252', rowsAccepted: 5 });
    expect(t.core.deps.db.prepare("SELECT last_name FROM customers WHERE legacy_id = 'C5'").pluck().get()).toBe('Muñoz');
    expect(t.core.deps.db.prepare('SELECT text FROM account_notes').pluck().get()).toBe('Two lines:\r\nsecond line');
    t.close();
  });

  it('ignores columns it does not know and lists them; the check digit rule is a setting', async () => {
    const { run, t } = await core();
    const accounts = BASE_SET.accounts.split('\n').map((l, i) => `${l},${i === 0 ? 'BALANCE_AT_CONVERSION' : '0.00'}`).join('\n');
    const r = run(writeSet({ accounts }), { dryRun: true });
    expect(r.rejects).toEqual([]);
    expect(r.summary.files.find((f) => f.kind === 'accounts')!.ignoredColumns).toEqual(['BALANCE_AT_CONVERSION']);
    // mod 11 numbers, and no rule at all.
    const mod11 = run(writeSet(), { dryRun: true, checkDigit: 'mod11' });
    expect(mod11.rejects.filter((x) => x.code === 'CHECK_DIGIT').length).toBeGreaterThan(0);
    const none = run(writeSet(withLine('accounts', 3, 'OLD-7A,C2,L2,A,03/15/2018,,1,R1,20,W S G,T,N,')), { dryRun: true, checkDigit: 'none' });
    expect(none.rejects.filter((x) => x.file === 'accounts.csv')).toEqual([]);
    t.close();
  });
});

describe('conversion import: a file changed during the run', () => {
  it('refuses to load a file that changed after it was checked; its group is not loaded, the groups before it are', async () => {
    const { t, run } = await core();
    const dir = writeSet();
    const r = (() => {
      try {
        return run(dir, {
          afterGroupWrite: (g) => {
            // Someone saves the history file while the accounts go in.
            if (g === 'accounts') fs.appendFileSync(path.join(dir, 'history.csv'), '10-0002-5,2025-12-01,2025-12-21,2025-11-01,2025-11-30,100,,1.00,,,,,,1.00,,\n');
          },
        });
      } catch (e) {
        return e as Error & { code?: string };
      }
    })();
    expect(r).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/history\.csv changed after it was checked/) });
    expect(count(t, 'bills')).toBe(0);
    expect(t.core.deps.db.prepare('SELECT group_name FROM conversion_groups ORDER BY group_name').pluck().all()).toEqual(['accounts']);
    expect(count(t, 'charges')).toBe(0);
    expect(t.core.deps.db.prepare('SELECT status FROM conversion_runs').pluck().all()).toEqual(['failed']);
    t.close();
  });
});
