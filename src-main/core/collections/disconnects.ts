// Cut-off day, disconnect and reconnect (issue 15, DOMAIN.md "Collections").
//
// - Cut-off day: createDisconnects walks a ready cut-off list's on-list accounts on or after its
//   cut-off date, judges each again now (cutoffStanding: a payment, an arrangement, a promise or
//   a dispute since the list was made takes it off) and creates ONE disconnect_nonpay work order
//   per account still on it. An account with a disconnect order already open stands
//   "disconnected" in cutoffStanding, so running it again creates nothing twice.
// - Completing a disconnect_nonpay order sets accounts.disconnected_on (the completion date);
//   completing a reconnect order clears it.
// - Reconnect: "payment in full" is the account's whole balance (past due and current) plus the
//   reconnect fee. When a payment leaves a disconnected account (with no reconnect ordered yet)
//   owing nothing and holding at least the fee as credit, then in the payment's own transaction
//   the reconnect fee is charged (charge kind 'fee', GL 4210), paid from that payment's
//   unallocated part, and a reconnect work order is created. An arrangement made for a
//   disconnected account does the same, the fee then owed like any charge. A payment short of
//   that leaves the account disconnected (the counter keeps saying what reconnects it).
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { accountBalance } from '../accounts/queries';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry } from '../ledger/journal';
import { createWorkOrder } from '../work-orders/orders';
import { cutoffStanding } from './cutoff';

export interface CollectionsCtx {
  at: string;
  today: string;
  userId: number;
  station: string;
  timeZone: string;
}

/** After workOrders.complete: a disconnect for non-payment turns service off, a reconnect back on. */
export function afterCollectionsOrderCompleted(db: Db, workOrderId: number, today: string): void {
  const o = db.prepare('SELECT type, account_id, status FROM work_orders WHERE id = ?').get(workOrderId) as { type: string; account_id: number | null; status: string } | undefined;
  if (!o || o.account_id === null || o.status !== 'completed') return;
  if (o.type === 'disconnect_nonpay') db.prepare('UPDATE accounts SET disconnected_on = ? WHERE id = ? AND disconnected_on IS NULL').run(today, o.account_id);
  else if (o.type === 'reconnect') db.prepare('UPDATE accounts SET disconnected_on = NULL WHERE id = ?').run(o.account_id);
}

function openReconnect(db: Db, accountId: number): { id: number; number: string } | undefined {
  return db.prepare("SELECT id, number FROM work_orders WHERE account_id = ? AND type = 'reconnect' AND status IN ('new', 'dispatched') ORDER BY id DESC LIMIT 1").get(accountId) as
    | { id: number; number: string }
    | undefined;
}

export interface ReconnectOutcome {
  accountId: number;
  feeCents: number;
  feeChargeId: number;
  workOrderId: number;
  workOrderNumber: string;
}

/**
 * Orders the reconnect of a disconnected account: charges the reconnect fee and creates the
 * reconnect work order. With a payment entry, the fee is paid from up to payLeftoverCents of it.
 * Inside the caller's transaction.
 */
function orderReconnect(db: Db, accountId: number, why: string, ctx: CollectionsCtx & { feeCents: number }, pay?: { entryId: number; leftoverCents: number }): ReconnectOutcome {
  const feeCents = ctx.feeCents;
  let feeChargeId = 0;
  if (feeCents > 0) {
    const entryId = postEntry(db, {
      kind: 'fee',
      businessDate: ctx.today,
      postedAt: ctx.at,
      userId: ctx.userId,
      station: ctx.station,
      memo: `Reconnect fee (${why})`,
      lines: [
        { glCode: GL.receivables, accountId, amountCents: feeCents },
        { glCode: GL.fees, amountCents: -feeCents },
      ],
    });
    feeChargeId = Number(
      db.prepare("INSERT INTO charges (account_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, 'fee', 'Reconnect fee', ?, ?, ?)").run(accountId, entryId, GL.fees, feeCents, ctx.today)
        .lastInsertRowid,
    );
    const paid = pay ? Math.min(feeCents, pay.leftoverCents) : 0;
    if (paid > 0) db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)').run(pay!.entryId, feeChargeId, paid);
  }
  const order = createWorkOrder(
    db,
    { type: 'reconnect', accountId, priority: 'high', source: 'collections', instructions: `Reconnect: ${why}.`, idempotencyKey: null },
    { at: ctx.at, userId: ctx.userId, station: ctx.station, timeZone: ctx.timeZone },
  );
  return { accountId, feeCents, feeChargeId, workOrderId: order.id, workOrderNumber: order.number };
}

/**
 * After a payment posted (postPlannedPayment, inside its transaction): a disconnected account
 * paid in full — owing nothing and holding at least the reconnect fee as credit — gets its
 * reconnect ordered. leftoverCents: the part of this payment's line not allocated to charges.
 */
export function afterPaymentPosted(
  db: Db,
  p: { accountId: number; entryId: number; leftoverCents: number; receiptNumber?: string },
  ctx: Omit<CollectionsCtx, 'timeZone'>,
  /** Read only for a disconnected account (a payment on any other account costs one lookup). */
  settingsOf: () => Pick<SettingsValues, 'reconnectFeeCents' | 'timeZone'>,
): ReconnectOutcome | null {
  const a = db.prepare('SELECT disconnected_on FROM accounts WHERE id = ?').get(p.accountId) as { disconnected_on: string | null } | undefined;
  if (!a?.disconnected_on || openReconnect(db, p.accountId)) return null;
  const settings = settingsOf();
  if (accountBalance(db, p.accountId) > -settings.reconnectFeeCents) return null;
  return orderReconnect(db, p.accountId, `paid in full${p.receiptNumber ? ` (receipt ${p.receiptNumber})` : ''}`, { ...ctx, timeZone: settings.timeZone, feeCents: settings.reconnectFeeCents }, p);
}

/** After an arrangement is made (inside its transaction): a disconnected account's reconnect is ordered. */
export function afterArrangementMade(db: Db, accountId: number, ctx: Omit<CollectionsCtx, 'timeZone'>, settings: Pick<SettingsValues, 'reconnectFeeCents' | 'timeZone'>): ReconnectOutcome | null {
  const a = db.prepare('SELECT disconnected_on FROM accounts WHERE id = ?').get(accountId) as { disconnected_on: string | null } | undefined;
  if (!a?.disconnected_on || openReconnect(db, accountId)) return null;
  return orderReconnect(db, accountId, 'payment arrangement made', { ...ctx, timeZone: settings.timeZone, feeCents: settings.reconnectFeeCents });
}

export interface DisconnectRunResult {
  listId: number;
  cutoffDate: string;
  created: Array<{ accountId: number; workOrderNumber: string }>;
  /** On the list when it was made, off it now (paid, arrangement, promise, dispute…), with the reason. */
  leftOff: Array<{ accountId: number; reason: string }>;
}

const CHUNK = 100;

/** Cut-off day: one disconnect_nonpay order per account still on the list. */
export async function createDisconnects(db: Db, listId: number, ctx: CollectionsCtx, settings: SettingsValues): Promise<DisconnectRunResult> {
  const list = db.prepare('SELECT id, cutoff_date, status FROM cutoff_lists WHERE id = ?').get(listId) as { id: number; cutoff_date: string; status: string } | undefined;
  if (!list) throw new CoreError('NOT_FOUND', `No cut-off list ${listId}.`);
  if (list.status !== 'ready') throw new CoreError('CONFLICT', `Cut-off list ${listId} is ${list.status}, not ready: disconnect orders come from the current list for the date.`);
  if (list.cutoff_date > ctx.today) throw new CoreError('BAD_INPUT', `Disconnect orders are created on the cut-off date (${list.cutoff_date}) or after it, not before.`, { field: 'listId' });
  const ids = (db.prepare('SELECT account_id FROM cutoff_list_entries WHERE list_id = ? AND on_list = 1 ORDER BY account_id').all(listId) as Array<{ account_id: number }>).map((r) => r.account_id);
  const out: DisconnectRunResult = { listId, cutoffDate: list.cutoff_date, created: [], leftOff: [] };
  for (let i = 0; i < ids.length; i += CHUNK) {
    db.transaction(() => {
      for (const accountId of ids.slice(i, i + CHUNK)) {
        const s = cutoffStanding(db, accountId, list.cutoff_date, ctx.today, settings);
        if (!s.onList) {
          out.leftOff.push({ accountId, reason: s.reason });
          continue;
        }
        const order = createWorkOrder(
          db,
          {
            type: 'disconnect_nonpay',
            accountId,
            priority: 'normal',
            source: 'collections',
            instructions: `Cut-off ${list.cutoff_date} (list ${listId}): ${s.reason}.`,
            idempotencyKey: `disconnect:list:${listId}:account:${accountId}`,
          },
          ctx,
        );
        out.created.push({ accountId, workOrderNumber: order.number });
      }
    })();
    await new Promise<void>((r) => setImmediate(r));
  }
  db.transaction(() => db.prepare('UPDATE cutoff_lists SET disconnects_created_at = coalesce(disconnects_created_at, ?) WHERE id = ?').run(ctx.at, listId))();
  return out;
}

/** The accounts disconnected for non-payment now, with their reconnect status. */
export function disconnectedAccounts(db: Db, limit: number, settings: Pick<SettingsValues, 'reconnectFeeCents'>) {
  const rows = db
    .prepare(
      `SELECT a.id, a.number, c.display_name AS name, a.disconnected_on,
              (SELECT coalesce(sum(j.amount_cents), 0) FROM journal_lines j WHERE j.account_id = a.id AND j.gl_code = '${GL.receivables}') AS balance,
              (SELECT w.number FROM work_orders w WHERE w.account_id = a.id AND w.type = 'reconnect' AND w.status IN ('new', 'dispatched') ORDER BY w.id DESC LIMIT 1) AS reconnect_order
         FROM accounts a JOIN customers c ON c.id = a.customer_id
        WHERE a.disconnected_on IS NOT NULL ORDER BY a.disconnected_on DESC, a.number LIMIT ?`,
    )
    .all(limit) as Array<{ id: number; number: string; name: string; disconnected_on: string; balance: number; reconnect_order: string | null }>;
  return rows.map((r) => ({
    accountId: r.id,
    accountNumber: r.number,
    name: r.name,
    disconnectedOn: r.disconnected_on,
    balanceCents: r.balance,
    reconnectCents: r.reconnect_order ? null : Math.max(0, r.balance) + settings.reconnectFeeCents,
    reconnectOrder: r.reconnect_order,
  }));
}
