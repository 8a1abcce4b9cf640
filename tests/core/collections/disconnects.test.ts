// Cut-off day: disconnect orders for the accounts still on a ready list; completing one turns
// service off; payment in full (balance + reconnect fee) or an arrangement orders the reconnect
// and charges the fee once; a payment short of it does not.
import type { Envelope } from '../../../src-shared/ipc/envelope';
import type { Db } from '../../../src-main/db/open-ledger';
import { makeTestCore, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const errorOf = (r: Envelope<unknown>) => (r.ok ? null : r.error.code);
let keys = 0;
const key = () => `disc-key-${String(++keys).padStart(4, '0')}`;

describe('cut-off day, disconnect and reconnect', () => {
  let t: TestCore;
  let db: Db;
  let sup: string;
  let clerk: string;
  beforeEach(async () => {
    t = await makeTestCore(); // Monday 2026-03-16
    db = t.core.deps.db;
    sup = await t.signIn('supervisor');
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  const owing = (last: string, water: number) => {
    const a = makeAccount(db, { last, street: `${++keys} ${last} St` });
    billAccount(db, a.id, '2026-02-01', { water }); // due 2026-02-21
    return a;
  };
  const waterCrew = () => (db.prepare("SELECT id FROM crews WHERE division = 'water' ORDER BY id LIMIT 1").get() as { id: number }).id;
  const complete = async (orderId: number) => {
    await t.must('workOrders.dispatch', { id: orderId, crewId: waterCrew() }, clerk);
    return t.must('workOrders.complete', { id: orderId, reading: 1500, readCode: 'ok', findings: 'done', confirmAnyway: true }, clerk);
  };
  const orders = (accountId: number, type: string) => db.prepare('SELECT id, number, status FROM work_orders WHERE account_id = ? AND type = ? ORDER BY id').all(accountId, type) as Array<{ id: number; number: string; status: string }>;
  const flags = async (accountId: number) => (await t.must('accounts.get', { accountId }, clerk)).flags;

  it('creates one disconnect order per account still on the list, on the cut-off date, never twice', async () => {
    const stays = owing('Pyle', 8743);
    const pays = owing('Lawson', 9000);
    const list = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    expect(list.onListCount).toBe(2);
    // Before the cut-off date: refused, nothing created.
    expect(errorOf(await t.call('collections.disconnects.create', { listId: list.id }, sup))).toBe('BAD_INPUT');
    expect(errorOf(await t.call('collections.disconnects.create', { listId: list.id }, clerk))).toBe('FORBIDDEN');
    expect(errorOf(await t.call('collections.disconnects.create', { listId: 0 }, sup))).toBe('BAD_INPUT');
    expect(orders(stays.id, 'disconnect_nonpay')).toEqual([]);

    // One pays before cut-off day.
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: key(), lines: [{ type: 'account', accountId: pays.id, amountCents: 9000 }], tenders: [{ kind: 'cash', amountCents: 9000 }] } as never, cashier);

    t.clock.set('2026-03-24T14:00:00Z');
    const r = await t.must('collections.disconnects.create', { listId: list.id }, sup);
    expect(r.created.map((c) => c.accountId)).toEqual([stays.id]);
    expect(r.leftOff).toEqual([{ accountId: pays.id, reason: expect.stringMatching(/nothing past due|paid|left off/i) }]);
    const again = await t.must('collections.disconnects.create', { listId: list.id }, sup);
    expect(again.created).toEqual([]);
    expect(orders(stays.id, 'disconnect_nonpay')).toHaveLength(1);
    expect((await t.must('collections.cutoffList.lists', { limit: 5 }, clerk)).lists.find((l) => l.id === list.id)?.disconnectsCreatedAt).not.toBeNull();
  });

  it('completing the disconnect turns service off; a payment short of balance + fee leaves it off; payment in full orders the reconnect and charges the fee once', async () => {
    const a = owing('Pyle', 8743);
    const wo = await t.must('workOrders.create', { type: 'disconnect_nonpay', accountId: a.id, source: 'collections', idempotencyKey: key() }, clerk);
    await complete(wo.id);
    expect(await flags(a.id)).toMatchObject({ disconnectedOn: '2026-03-16', reconnectCents: 8743 + 5000, reconnectOrder: null });
    expect((await t.must('collections.disconnects.list', {}, clerk)).accounts).toEqual([
      expect.objectContaining({ accountId: a.id, disconnectedOn: '2026-03-16', balanceCents: 8743, reconnectCents: 13743, reconnectOrder: null }),
    ]);

    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const pay = (cents: number) => t.must('payments.post', { idempotencyKey: key(), lines: [{ type: 'account', accountId: a.id, amountCents: cents }], tenders: [{ kind: 'cash', amountCents: cents }] } as never, cashier);
    // The balance alone is not enough: the fee is part of payment in full.
    await pay(8743);
    expect(orders(a.id, 'reconnect')).toEqual([]);
    expect(await flags(a.id)).toMatchObject({ disconnectedOn: '2026-03-16', reconnectCents: 5000 });
    await pay(4999);
    expect(orders(a.id, 'reconnect')).toEqual([]);
    await pay(1);
    const rec = orders(a.id, 'reconnect');
    expect(rec).toHaveLength(1);
    const fee = db.prepare("SELECT id, amount_cents, gl_code FROM charges WHERE account_id = ? AND description = 'Reconnect fee'").all(a.id) as Array<{ id: number; amount_cents: number; gl_code: string }>;
    expect(fee).toEqual([{ id: expect.any(Number), amount_cents: 5000, gl_code: '4210' }]);
    // Paid from the last payment's leftover (1 cent); the earlier 4,999 stays credit that nets it.
    expect((await t.must('accounts.get', { accountId: a.id }, clerk)).balanceCents).toBe(0);
    expect(await flags(a.id)).toMatchObject({ disconnectedOn: '2026-03-16', reconnectOrder: rec[0]!.number, reconnectCents: null });
    // Another payment while the reconnect is ordered: no second fee, no second order.
    await pay(2000);
    expect(orders(a.id, 'reconnect')).toHaveLength(1);
    expect(db.prepare("SELECT count(*) AS n FROM charges WHERE account_id = ? AND description = 'Reconnect fee'").get(a.id)).toEqual({ n: 1 });
    // The crew reconnects: service on.
    await complete(rec[0]!.id);
    expect(await flags(a.id)).toMatchObject({ disconnectedOn: null, reconnectCents: null, reconnectOrder: null });
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
  });

  it('a payment of balance + fee in one go pays the fee from it', async () => {
    const a = owing('Lawson', 9000);
    db.prepare("UPDATE accounts SET disconnected_on = '2026-03-10' WHERE id = ?").run(a.id);
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: key(), lines: [{ type: 'account', accountId: a.id, amountCents: 14000 }], tenders: [{ kind: 'cash', amountCents: 14000 }] } as never, cashier);
    expect(orders(a.id, 'reconnect')).toHaveLength(1);
    const open = await t.must('accounts.get', { accountId: a.id }, clerk);
    expect(open.balanceCents).toBe(0);
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
  });

  it('an arrangement for a disconnected account orders the reconnect with the fee owed', async () => {
    const a = owing('Sprague', 9000);
    db.prepare("UPDATE accounts SET disconnected_on = '2026-03-10' WHERE id = ?").run(a.id);
    await t.must(
      'arrangements.create',
      { idempotencyKey: key(), accountId: a.id, kind: 'arrangement', installments: [{ dueDate: '2026-03-30', amountCents: 4500 }, { dueDate: '2026-04-15', amountCents: 4500 }] } as never,
      clerk,
    );
    expect(orders(a.id, 'reconnect')).toHaveLength(1);
    expect((await t.must('accounts.get', { accountId: a.id }, clerk)).balanceCents).toBe(9000 + 5000);
  });
});
