import { cutoffDateProblem, cutoffStanding, generateCutoffList, nextCutoffDate, winterRuleApplies } from '../../../src-main/core/collections/cutoff';
import { DEFAULT_SETTINGS } from '../../../src-main/core/settings';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const errorOf = (r: Envelope<unknown>) => (r.ok ? null : r.error);
let keys = 0;
const key = () => `cutoff-key-${String(++keys).padStart(4, '0')}`;

describe('the cut-off calendar', () => {
  const s = DEFAULT_SETTINGS;
  it('refuses the day before a holiday, the holiday, the weekend after it, and takes the Monday', () => {
    // Independence Day 2026 is observed on Friday 2026-07-03.
    expect(cutoffDateProblem('2026-07-01', s)).toBeNull();
    expect(cutoffDateProblem('2026-07-02', s)).toBe('2026-07-02 is the day before Independence Day (observed)');
    expect(cutoffDateProblem('2026-07-03', s)).toBe('2026-07-03 is a town holiday (Independence Day (observed))');
    expect(cutoffDateProblem('2026-07-04', s)).toBe('2026-07-04 is a Saturday');
    expect(cutoffDateProblem('2026-07-05', s)).toBe('2026-07-05 is a Sunday');
    expect(cutoffDateProblem('2026-07-06', s)).toBeNull();
    expect(nextCutoffDate('2026-07-02', s)).toBe('2026-07-06');
    // A plain Friday, and the Wednesday before Thanksgiving.
    expect(cutoffDateProblem('2026-03-20', s)).toBe('2026-03-20 is a Friday');
    expect(cutoffDateProblem('2026-11-25', s)).toBe('2026-11-25 is the day before Thanksgiving');
    expect(nextCutoffDate('2026-11-25', s)).toBe('2026-11-30');
    // Holidays are the settings' table: without it, 07-02 is a plain Thursday.
    expect(cutoffDateProblem('2026-07-02', { townHolidays: [] })).toBeNull();
  });

  it('applies the winter rule only when on, inside its window, wrapping the year end', () => {
    const on = { winterRuleEnabled: true, winterRuleFrom: '11-01', winterRuleTo: '03-31' };
    expect(winterRuleApplies('2026-12-15', on)).toBe(true);
    expect(winterRuleApplies('2027-01-05', on)).toBe(true);
    expect(winterRuleApplies('2026-11-01', on)).toBe(true);
    expect(winterRuleApplies('2027-03-31', on)).toBe(true);
    expect(winterRuleApplies('2027-04-01', on)).toBe(false);
    expect(winterRuleApplies('2026-10-31', on)).toBe(false);
    expect(winterRuleApplies('2026-12-15', { ...on, winterRuleEnabled: false })).toBe(false);
    // A window inside one year.
    const summer = { winterRuleEnabled: true, winterRuleFrom: '06-01', winterRuleTo: '08-31' };
    expect(winterRuleApplies('2026-07-06', summer)).toBe(true);
    expect(winterRuleApplies('2026-12-15', summer)).toBe(false);
  });

  it('is answered through the contract, and a list for a refused date is refused with the reason (nothing written)', async () => {
    const t = await makeTestCore({ now: '2026-06-29T15:00:00Z' });
    const sup = await t.signIn('supervisor');
    expect(await t.must('collections.cutoffCalendar', { date: '2026-07-02' }, sup)).toEqual({ date: '2026-07-02', problem: '2026-07-02 is the day before Independence Day (observed)', nextValid: '2026-07-06', winterRule: false });
    for (const d of ['2026-07-02', '2026-07-03', '2026-07-04', '2026-07-05']) {
      const r = await t.call('collections.cutoffList.generate', { cutoffDate: d }, sup);
      expect(errorOf(r)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'cutoffDate', nextValid: '2026-07-06' } });
    }
    expect(errorOf(await t.call('collections.cutoffList.generate', { cutoffDate: '2026-07-02' }, sup))?.message).toContain('day before Independence Day (observed)');
    expect(errorOf(await t.call('collections.cutoffList.generate', { cutoffDate: '2026-06-24' }, sup))?.code).toBe('BAD_INPUT'); // in the past
    expect(errorOf(await t.call('collections.cutoffList.generate', { cutoffDate: '2026-07-32' }, sup))?.code).toBe('BAD_INPUT');
    expect((t.core.deps.db.prepare('SELECT count(*) AS n FROM cutoff_lists').get() as { n: number }).n).toBe(0);
    const list = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-07-06' }, sup);
    expect(list).toMatchObject({ cutoffDate: '2026-07-06', status: 'ready', progress: 1, onListCount: 0 });
    // A clerk may read lists but not generate them.
    const clerk = await t.signIn('clerk');
    expect(errorOf(await t.call('collections.cutoffList.generate', { cutoffDate: '2026-07-07' }, clerk))?.code).toBe('FORBIDDEN');
    t.close();
  });
});

describe('the cut-off list, each rule alone', () => {
  let t: TestCore;
  let sup: string;
  let clerk: string;
  beforeEach(async () => {
    t = await makeTestCore(); // Monday 2026-03-16
    sup = await t.signIn('supervisor');
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  /** An account owing a bill dated billDate (due 20 days later). */
  const owing = (last: string, billDate: string, water: number, extra: Parameters<typeof makeAccount>[1] = {}) => {
    const a = makeAccount(t.core.deps.db, { last, street: `${last.length + keys++} ${last} St`, ...extra });
    const b = billAccount(t.core.deps.db, a.id, billDate, { water });
    return { ...a, billId: b.billId };
  };
  const generate = async (cutoffDate = '2026-03-24') => {
    const list = await t.must('collections.cutoffList.generate', { cutoffDate }, sup);
    const got = await t.must('collections.cutoffList.get', { listId: list.id, limit: 500 }, clerk);
    return { list, got, entry: (accountId: number) => got.entries.find((e) => e.accountId === accountId) };
  };

  it('puts an account at least 10 days and $25 past due on the list, and leaves off one short of either', async () => {
    const on = owing('Pyle', '2026-02-01', 8743); // due 2026-02-21
    const recent = owing('Lawson', '2026-02-25', 9000); // due 2026-03-17: 7 days past due on 03-24
    const small = owing('Sprague', '2026-02-01', 2499);
    const justMin = owing('Walker', '2026-02-01', 2500);
    const notDue = owing('Crump', '2026-03-10', 9000); // due 2026-03-30
    const { list, got, entry } = await generate();
    expect(entry(on.id)).toMatchObject({ onList: true, reasonCode: 'past_due', reason: 'on the list: $87.43 past due since 2026-02-21', pastDueCents: 8743, oldestDueDate: '2026-02-21' });
    expect(entry(recent.id)).toMatchObject({ onList: false, reasonCode: 'not_due_long_enough', pastDueCents: 9000, reason: 'left off: $90.00 past due since 2026-03-17, not yet 10 days past due on 2026-03-24' });
    expect(entry(small.id)).toMatchObject({ onList: false, reasonCode: 'below_minimum', reason: 'left off: $24.99 past due, below the $25.00 minimum' });
    expect(entry(justMin.id)).toMatchObject({ onList: true, reasonCode: 'past_due' });
    expect(entry(notDue.id)).toBeUndefined(); // nothing past due: no entry
    expect(list).toMatchObject({ onListCount: 2, leftOffCount: 2, onListCents: 8743 + 2500 });
    expect(got.byReason).toEqual([
      { onList: true, reasonCode: 'past_due', count: 2, cents: 11243 },
      { onList: false, reasonCode: 'below_minimum', count: 1, cents: 2499 },
      { onList: false, reasonCode: 'not_due_long_enough', count: 1, cents: 9000 },
    ]);
    // The filter pages.
    const onOnly = await t.must('collections.cutoffList.get', { listId: list.id, filter: 'on' }, clerk);
    expect(onOnly.total).toBe(2);
    const belowOnly = await t.must('collections.cutoffList.get', { listId: list.id, reasonCode: 'below_minimum' }, clerk);
    expect(belowOnly.entries.map((e) => e.accountId)).toEqual([small.id]);
  });

  it('counts a payment made before the list: paid below the minimum is left off', async () => {
    const a = owing('Pyle', '2026-02-01', 8743);
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: key(), lines: [{ type: 'account', accountId: a.id, amountCents: 7000 }], tenders: [{ kind: 'cash', amountCents: 7000 }] } as never, cashier);
    const { entry } = await generate();
    expect(entry(a.id)).toMatchObject({ reasonCode: 'below_minimum', pastDueCents: 1743 });
  });

  it('leaves off a Medical Alert account through its expiry date, and lists it after', async () => {
    const through = owing('Goss', '2026-02-01', 9000, { medicalAlertUntil: '2026-03-24' });
    const expired = owing('Beasley', '2026-02-01', 9000, { medicalAlertUntil: '2026-03-23' });
    const { entry } = await generate();
    expect(entry(through.id)).toMatchObject({ onList: false, reasonCode: 'medical_alert', reason: 'excluded: Medical Alert until 2026-03-24', pastDueCents: 9000 });
    expect(entry(expired.id)).toMatchObject({ onList: true, reasonCode: 'past_due' });
  });

  it('leaves off an account keeping an arrangement', async () => {
    const a = owing('Pyle', '2026-02-01', 9000);
    await t.must('arrangements.create', { accountId: a.id, kind: 'arrangement', installments: [{ dueDate: '2026-03-30', amountCents: 4500 }, { dueDate: '2026-04-15', amountCents: 4500 }], idempotencyKey: key() }, clerk);
    const { entry } = await generate();
    expect(entry(a.id)).toMatchObject({ onList: false, reasonCode: 'arrangement', reason: 'excluded: active payment arrangement, $0.00 of $90.00 paid' });
  });

  it('leaves off an account with an adjustment dispute pending', async () => {
    const a = owing('Pyle', '2026-02-01', 9000);
    const chargeId = (t.core.deps.db.prepare('SELECT id FROM charges WHERE account_id = ?').get(a.id) as { id: number }).id;
    await t.must('adjustments.request', { accountId: a.id, chargeId, reasonCode: 'billing_error', amountCents: 6000, explanation: 'Meter read twice', idempotencyKey: key() }, clerk);
    const { entry } = await generate();
    expect(entry(a.id)).toMatchObject({ onList: false, reasonCode: 'dispute', reason: 'excluded: adjustment dispute pending ($60.00)' });
  });

  it('leaves off an account already disconnected, or with a disconnect order open', async () => {
    const off = owing('Pyle', '2026-02-01', 9000);
    t.core.deps.db.prepare("UPDATE accounts SET disconnected_on = '2026-03-02' WHERE id = ?").run(off.id);
    const ordered = owing('Lawson', '2026-02-01', 9000);
    const wo = await t.must('workOrders.create', { type: 'disconnect_nonpay', accountId: ordered.id, source: 'collections', idempotencyKey: key() }, clerk);
    const { entry } = await generate();
    expect(entry(off.id)).toMatchObject({ onList: false, reasonCode: 'disconnected', reason: 'excluded: already disconnected on 2026-03-02' });
    expect(entry(ordered.id)).toMatchObject({ onList: false, reasonCode: 'disconnected', reason: `excluded: disconnect order ${wo.number} already open` });
  });

  it('leaves off an account that is not active', async () => {
    const a = owing('Pyle', '2026-02-01', 9000);
    t.core.deps.db.prepare("UPDATE accounts SET status = 'final_billed' WHERE id = ?").run(a.id);
    const { entry } = await generate();
    expect(entry(a.id)).toMatchObject({ onList: false, reasonCode: 'no_service', reason: 'excluded: account final billed, no service to cut' });
  });

  it('applies the winter rule to a certified customer only while the rule is on', async () => {
    const cert = owing('Pyle', '2026-02-01', 9000);
    const plain = owing('Lawson', '2026-02-01', 9000);
    const c = await t.must('collections.winter.certify', { accountId: cert.id, kind: 'elderly', certifiedBy: 'Mount Pilot DSS', certifiedOn: '2026-01-05', validUntil: '2026-03-31' }, clerk);
    expect(c).toMatchObject({ kind: 'elderly', state: 'in_force', customerId: cert.customerId });
    expect(errorOf(await t.call('collections.winter.certify', { accountId: cert.id, kind: 'disabled', certifiedBy: 'Dr. Roberts', certifiedOn: '2026-03-17', validUntil: '2026-12-31' }, clerk))?.code).toBe('BAD_INPUT');
    // Off (the default): both on the list.
    let r = await generate();
    expect(r.entry(cert.id)).toMatchObject({ onList: true });
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { winterRuleEnabled: true }, reason: 'Council turned the winter rule on' }, admin);
    r = await generate();
    expect(r.entry(cert.id)).toMatchObject({ onList: false, reasonCode: 'winter', reason: 'excluded: winter rule, customer certified elderly until 2026-03-31' });
    expect(r.entry(plain.id)).toMatchObject({ onList: true });
    // Outside the window (April) the certified customer is listed again.
    expect(cutoffStanding(t.core.deps.db, cert.id, '2026-04-01', '2026-03-16', (await t.must('settings.get', {}, admin)) as never)).toMatchObject({ onList: true });
    // Withdrawn: listed.
    await t.must('collections.winter.withdraw', { id: c.id, reason: 'Moved in with family' }, clerk);
    r = await generate();
    expect(r.entry(cert.id)).toMatchObject({ onList: true });
  });

  it('applies the winter rule across the year end, and not after its last day', async () => {
    t.clock.set('2026-12-28T15:00:00Z');
    const a = owing('Pyle', '2026-11-20', 9000); // due 2026-12-10
    await t.must('collections.winter.certify', { accountId: a.id, kind: 'disabled', certifiedBy: 'Dr. Roberts', certifiedOn: '2026-11-02', validUntil: '2027-12-31' }, clerk);
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { winterRuleEnabled: true }, reason: 'Council turned the winter rule on' }, admin);
    // 2027-01-05 (a Tuesday) is inside 11-01..03-31 though the window wraps the year end.
    expect(await t.must('collections.cutoffCalendar', { date: '2027-01-05' }, clerk)).toMatchObject({ problem: null, winterRule: true });
    let r = await generate('2027-01-05');
    expect(r.entry(a.id)).toMatchObject({ onList: false, reasonCode: 'winter', reason: 'excluded: winter rule, customer certified disabled until 2027-12-31' });
    // 2027-04-01 (a Thursday) is after the window: on the list.
    expect(await t.must('collections.cutoffCalendar', { date: '2027-04-01' }, clerk)).toMatchObject({ problem: null, winterRule: false });
    r = await generate('2027-04-01');
    expect(r.entry(a.id)).toMatchObject({ onList: true, reasonCode: 'past_due' });
    // Switched off: on the list in January too.
    await t.must('settings.update', { values: { winterRuleEnabled: false }, reason: 'Council turned the winter rule off' }, admin);
    r = await generate('2027-01-05');
    expect(r.entry(a.id)).toMatchObject({ onList: true });
  });

  it('a new list for the date supersedes the older one; lists are kept', async () => {
    owing('Pyle', '2026-02-01', 9000);
    const first = await generate();
    const second = await generate();
    const lists = await t.must('collections.cutoffList.lists', { cutoffDate: '2026-03-24' }, clerk);
    expect(lists.lists.map((l) => [l.id, l.status])).toEqual([
      [second.list.id, 'ready'],
      [first.list.id, 'superseded'],
    ]);
    expect(second.got.entries).toEqual(first.got.entries);
    const audit = (await t.must('audit.list', {}, sup)).rows.filter((r) => r.action === 'cutoffList.generate');
    expect(audit).toHaveLength(2);
  });

  it('continues an interrupted list where it stopped, writing nothing twice', async () => {
    const ids = [owing('Pyle', '2026-02-01', 9000), owing('Lawson', '2026-02-01', 1000), owing('Goss', '2026-02-25', 9000), owing('Crump', '2026-02-01', 5000)].map((a) => a.id);
    const db = t.core.deps.db;
    const s = await t.must('settings.get', {}, await t.signIn('admin'));
    let chunks = 0;
    const progress: number[] = [];
    const id = await generateCutoffList(db, { cutoffDate: '2026-03-24', today: '2026-03-16', settings: s, at: 'now', userId: null, station: 'S1', tuning: { chunk: 1 }, onProgress: (d) => progress.push(d), shouldStop: () => ++chunks === 2 });
    expect(progress).toEqual([1]); // the second chunk committed, then the walk stopped
    let lists = await t.must('collections.cutoffList.lists', {}, clerk);
    expect(lists.lists[0]).toMatchObject({ id, status: 'building', progress: 0.5, onListCount: 1, leftOffCount: 1 });
    // The contract continues the same list.
    const done = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    expect(done).toMatchObject({ id, status: 'ready', onListCount: 2, leftOffCount: 2 });
    lists = await t.must('collections.cutoffList.lists', {}, clerk);
    expect(lists.lists).toHaveLength(1);
    expect((db.prepare('SELECT count(*) AS n FROM cutoff_list_entries WHERE list_id = ?').get(id) as { n: number }).n).toBe(4);
    const got = await t.must('collections.cutoffList.get', { listId: id }, clerk);
    expect(got.entries.map((e) => e.accountId).sort()).toEqual(ids.sort());

    // A list left building for a date that has passed is abandoned by the next generation.
    const stale = await generateCutoffList(db, { cutoffDate: '2026-03-25', today: '2026-03-16', settings: s, at: 'now', userId: null, station: 'S1', tuning: { chunk: 1 }, shouldStop: () => true });
    t.clock.set('2026-03-26T15:00:00Z');
    await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-30' }, sup);
    lists = await t.must('collections.cutoffList.lists', {}, clerk);
    expect(lists.lists.find((l) => l.id === stale)).toMatchObject({ status: 'abandoned', progress: 1 });
  });

  it('gives the list as CSV and PDF', async () => {
    owing('Pyle', '2026-02-01', 8743);
    owing('Sprague', '2026-02-01', 1000, { first: 'Emmett' });
    const { list } = await generate();
    const csv = await t.must('collections.cutoffList.csv', { listId: list.id }, clerk);
    expect(csv.rows).toBe(2);
    expect(csv.content.split('\r\n')[0]).toBe('account,name,phone,service_address,on_list,reason_code,reason,past_due,oldest_due_date');
    expect(csv.content).toContain(',yes,past_due,on the list: $87.43 past due since 2026-02-21,87.43,2026-02-21');
    expect(csv.content).toContain(',no,below_minimum,');
    const pdf = await t.must('collections.cutoffList.pdf', { listId: list.id }, clerk);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    const dir = tempDir('tc-cutoff-pdf-');
    fs.writeFileSync(path.join(dir, 'list.pdf'), Buffer.from(pdf.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'list.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Cut-off list for 2026-03-24');
    expect(text).toMatch(/On the list\s+1 accounts, \$87\.43 past due/);
    expect(text).toContain('on the list: $87.43 past due since 2026-02-21');
    expect(text).toContain('left off: $10.00 past due, below the $25.00 minimum');
    // Printed in parts of 1,000 entries: this list has one.
    expect(errorOf(await t.call('collections.cutoffList.pdf', { listId: list.id, part: 2 }, clerk))?.code).toBe('NOT_FOUND');
    const onlyOn = await t.must('collections.cutoffList.pdf', { listId: list.id, filter: 'off', reasonCode: 'below_minimum' }, clerk);
    fs.writeFileSync(path.join(dir, 'off.pdf'), Buffer.from(onlyOn.contentBase64, 'base64'));
    const offText = execFileSync('pdftotext', ['-layout', path.join(dir, 'off.pdf'), '-'], { encoding: 'utf8' });
    expect(offText).toContain('accounts left off (below the minimum)');
    expect(offText).not.toContain('on the list: $87.43');
  });
});

describe('courtesy calls', () => {
  let t: TestCore;
  let sup: string;
  let clerk: string;
  beforeEach(async () => {
    t = await makeTestCore(); // Monday 2026-03-16
    sup = await t.signIn('supervisor');
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  it('calls the listed accounts with a phone; a promise keeps one off until its date, a broken promise puts it back on', async () => {
    const db = t.core.deps.db;
    const a = makeAccount(db, { last: 'Pyle' });
    billAccount(db, a.id, '2026-02-01', { water: 8743 });
    const noPhone = makeAccount(db, { last: 'Lawson', street: '9 Elm St', phone: '' });
    billAccount(db, noPhone.id, '2026-02-01', { water: 9000 });
    const list = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    const calls = await t.must('collections.courtesyCalls.list', { listId: list.id }, clerk);
    expect(calls.toCall.map((e) => e.accountId)).toEqual([a.id]);

    const tooLate = await t.call('collections.courtesyCalls.log', { listId: list.id, accountId: a.id, outcome: 'promise', promiseDate: '2026-03-31' }, clerk);
    expect(errorOf(tooLate)).toMatchObject({ code: 'BAD_INPUT', details: { field: 'promiseDate' } });
    expect(errorOf(await t.call('collections.courtesyCalls.log', { listId: list.id, accountId: a.id, outcome: 'promise' }, clerk))?.code).toBe('BAD_INPUT');
    expect(errorOf(await t.call('collections.courtesyCalls.log', { listId: list.id, accountId: noPhone.id + 100, outcome: 'no_answer' }, clerk))?.code).toBe('BAD_INPUT');
    const call = await t.must('collections.courtesyCalls.log', { idempotencyKey: key(), listId: list.id, accountId: a.id, outcome: 'promise', promiseDate: '2026-03-20', note: 'Will pay Friday' }, clerk);
    expect(call).toMatchObject({ outcome: 'promise', promiseDate: '2026-03-20', calledOn: '2026-03-16', calledBy: expect.any(String), phone: '(336) 555-0142' });
    expect((await t.must('collections.courtesyCalls.list', { listId: list.id }, clerk)).toCall).toEqual([]);

    // A new list while the promise runs: left off.
    let again = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    let entry = (await t.must('collections.cutoffList.get', { listId: again.id }, clerk)).entries.find((e) => e.accountId === a.id);
    expect(entry).toMatchObject({ onList: false, reasonCode: 'promise', reason: 'excluded: promise to pay until 2026-03-20' });
    const standing = await t.must('collections.cutoffStanding', { accountId: a.id, cutoffDate: '2026-03-24' }, clerk);
    expect(standing.standing.reasonCode).toBe('promise');
    expect(standing.calls.map((c) => c.id)).toEqual([call.id]);

    // The date passes unpaid: back on the list.
    t.clock.set('2026-03-23T15:00:00Z');
    again = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    entry = (await t.must('collections.cutoffList.get', { listId: again.id }, clerk)).entries.find((e) => e.accountId === a.id);
    expect(entry).toMatchObject({ onList: true, reasonCode: 'broken_promise', reason: 'back on the list: promise to pay by 2026-03-20 broken, $87.43 past due since 2026-02-21' });
    // On cut-off day itself (what part C re-checks).
    expect(cutoffStanding(db, a.id, '2026-03-24', '2026-03-24', (await t.must('settings.get', {}, await t.signIn('admin'))) as never)).toMatchObject({ onList: true, reasonCode: 'broken_promise' });
  });

  it('a kept promise (paid) leaves the account off as nothing past due', async () => {
    const db = t.core.deps.db;
    const a = makeAccount(db, { last: 'Pyle' });
    billAccount(db, a.id, '2026-02-01', { water: 8743 });
    const list = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    await t.must('collections.courtesyCalls.log', { listId: list.id, accountId: a.id, outcome: 'promise', promiseDate: '2026-03-18' }, clerk);
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: key(), lines: [{ type: 'account', accountId: a.id, amountCents: 8743 }], tenders: [{ kind: 'cash', amountCents: 8743 }] } as never, cashier);
    t.clock.set('2026-03-24T15:00:00Z');
    const s = (await t.must('settings.get', {}, await t.signIn('admin'))) as never;
    expect(cutoffStanding(db, a.id, '2026-03-24', '2026-03-24', s)).toMatchObject({ onList: false, reasonCode: 'nothing_past_due' });
  });

  it('a disputed call keeps the account off until a clerk resolves it', async () => {
    const db = t.core.deps.db;
    const a = makeAccount(db, { last: 'Pyle' });
    billAccount(db, a.id, '2026-02-01', { water: 8743 });
    const list = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    const noAnswer = await t.must('collections.courtesyCalls.log', { listId: list.id, accountId: a.id, outcome: 'no_answer' }, clerk);
    expect(errorOf(await t.call('collections.courtesyCalls.resolveDispute', { callId: noAnswer.id, resolution: 'nothing to resolve' }, clerk))?.code).toBe('BAD_INPUT');
    const call = await t.must('collections.courtesyCalls.log', { listId: list.id, accountId: a.id, outcome: 'disputed', note: 'Says the meter was read twice' }, clerk);
    let standing = await t.must('collections.cutoffStanding', { accountId: a.id, cutoffDate: '2026-03-24' }, clerk);
    expect(standing.standing).toMatchObject({ onList: false, reasonCode: 'dispute', reason: 'excluded: dispute logged on a courtesy call 2026-03-16' });
    const resolved = await t.must('collections.courtesyCalls.resolveDispute', { callId: call.id, resolution: 'Reading checked, bill correct' }, clerk);
    expect(resolved).toMatchObject({ resolution: 'Reading checked, bill correct', resolvedBy: expect.any(String) });
    expect(errorOf(await t.call('collections.courtesyCalls.resolveDispute', { callId: call.id, resolution: 'again' }, clerk))?.code).toBe('CONFLICT');
    standing = await t.must('collections.cutoffStanding', { accountId: a.id, cutoffDate: '2026-03-24' }, clerk);
    expect(standing.standing).toMatchObject({ onList: true, reasonCode: 'past_due' });
    // The standing's default date is the next date a cut-off can happen after today.
    const next = await t.must('collections.cutoffStanding', { accountId: a.id }, clerk);
    expect(next.cutoffDate).toBe('2026-03-17');
    // Calls are written once.
    expect(() => db.prepare("UPDATE courtesy_calls SET outcome = 'no_answer' WHERE id = ?").run(call.id)).toThrow(/APPEND_ONLY/);
  });
});

describe('the demo town', () => {
  it('has accounts for a cut-off list, on it and left off, and a few winter-rule certifications', async () => {
    const t = await makeTestCore({ town: { accounts: 400, seed: 1 } });
    const sup = await t.signIn('supervisor');
    const list = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    expect(list.onListCount).toBeGreaterThan(0);
    expect(list.leftOffCount).toBeGreaterThan(0);
    const got = await t.must('collections.cutoffList.get', { listId: list.id, filter: 'off' }, sup);
    expect(got.byReason.map((r) => r.reasonCode)).toEqual(expect.arrayContaining(['below_minimum', 'not_due_long_enough']));
    const certs = t.core.deps.db.prepare("SELECT count(*) FROM winter_certifications WHERE certified_by = 'Surry County DSS' AND valid_until = '2026-03-31'").pluck().get() as number;
    expect(certs).toBe(4);
    t.close();
  }, 60_000);

  it('serves the counter while a list is generated: a payment posts between chunks, and the list counts it', async () => {
    const t = await makeTestCore({ town: { accounts: 400, seed: 1 }, boot: { cutoff: { chunk: 10 } } });
    const db = t.core.deps.db;
    const sup = await t.signIn('supervisor');
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    // The last account on the list: paid in full while the walk is still on the first chunks.
    const before = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    const last = (await t.must('collections.cutoffList.get', { listId: before.id, filter: 'on', limit: 500 }, sup)).entries.sort((a, b) => b.accountId - a.accountId)[0]!;
    const owed = (await t.must('accounts.get', { accountId: last.accountId }, sup)).balanceCents;
    const order: string[] = [];
    const generating = t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup).then((l) => (order.push('list'), l));
    await new Promise((r) => setImmediate(r));
    const building = db.prepare("SELECT last_account_id FROM cutoff_lists WHERE status = 'building'").pluck().get() as number;
    expect(building).toBeLessThan(last.accountId);
    await t.must('payments.post', { idempotencyKey: key(), lines: [{ type: 'account', accountId: last.accountId, amountCents: owed }], tenders: [{ kind: 'cash', amountCents: owed }] } as never, cashier).then(() => order.push('payment'));
    const after = await generating;
    expect(order).toEqual(['payment', 'list']);
    const entry = (await t.must('collections.cutoffList.get', { listId: after.id, limit: 500 }, sup)).entries.find((e) => e.accountId === last.accountId);
    expect(entry).toBeUndefined(); // paid: nothing past due, no entry
    expect(after.onListCount).toBe(before.onListCount - 1);
    t.close();
  }, 60_000);
});
