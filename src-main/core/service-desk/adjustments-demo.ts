// Arrangements and adjustments for the demo town: every account the generator flagged as on a
// payment arrangement gets the arrangement behind the flag (two installments for what it owes,
// within the limits; a flagged account that owes nothing loses the flag), and a few adjustments
// over the approval limit wait in the supervisor's queue. Made through the same functions the
// screens use; nothing is posted (no business day is opened). Deterministic for a seed.
import { DEFAULT_SETTINGS } from '../settings';
import type { Db } from '../../db/open-ledger';
import { Rng } from '../../demo/rng';
import { accountBalance } from '../accounts/queries';
import { addDays } from '../deps';
import { zonedInstant } from '../export/local-time';
import { requestAdjustment } from './adjustments';
import { createArrangement, type DeskContext } from './arrangements';

const EXPLANATIONS = ['Reader transposed two digits', 'Billed for a vacant week after move-in', 'Meter register misread at the last reading', 'Courtesy credit after the main break'] as const;

export function generateDemoAdjustments(db: Db, o: { today: string; timeZone: string; seed: number; station?: string }): { arrangements: number; pending: number } {
  const rng = new Rng(o.seed, 5151);
  const clerk = (db.prepare("SELECT id FROM users WHERE username = 'clerk'").get() as { id: number } | undefined)?.id;
  if (!clerk) return { arrangements: 0, pending: 0 };
  const settings = { ...DEFAULT_SETTINGS };
  const ctx: DeskContext = { at: zonedInstant(o.today, 9, 30, o.timeZone).toISOString(), today: o.today, userId: clerk, station: o.station ?? 'S1', timeZone: o.timeZone };
  return db.transaction(() => {
    let arrangements = 0;
    const flagged = db.prepare("SELECT id FROM accounts WHERE payment_arrangement = 1 ORDER BY id").all() as Array<{ id: number }>;
    for (const { id } of flagged) {
      const owed = accountBalance(db, id);
      const status = (db.prepare('SELECT status FROM accounts WHERE id = ?').get(id) as { status: string }).status;
      if (owed < 200 || status !== 'active') {
        db.prepare('UPDATE accounts SET payment_arrangement = 0 WHERE id = ?').run(id);
        continue;
      }
      const first = Math.floor(owed / 2);
      createArrangement(
        db,
        {
          accountId: id,
          kind: 'arrangement',
          installments: [
            { dueDate: addDays(o.today, rng.int(5, 20)), amountCents: first },
            { dueDate: addDays(o.today, rng.int(35, 55)), amountCents: owed - first },
          ],
          note: 'Demo arrangement',
          idempotencyKey: `demo-arr-${id}`,
        },
        ctx,
        settings,
      );
      arrangements++;
    }
    // A handful of requests over the limit for the approval queue, on open service charges.
    const candidates = db
      .prepare(
        `SELECT c.id, c.account_id, c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.charge_id = c.id), 0) AS open_cents
           FROM charges c JOIN accounts ac ON ac.id = c.account_id
          WHERE c.kind = 'service' AND ac.status = 'active' AND c.amount_cents > ? ORDER BY c.id DESC LIMIT 400`,
      )
      .all(settings.adjustmentApprovalLimitCents + 500) as Array<{ id: number; account_id: number; open_cents: number }>;
    let pending = 0;
    const used = new Set<number>();
    for (const c of candidates) {
      if (pending >= 6) break;
      if (c.open_cents <= settings.adjustmentApprovalLimitCents + 100 || used.has(c.account_id) || !rng.chance(0.2)) continue;
      used.add(c.account_id);
      const amount = rng.int(settings.adjustmentApprovalLimitCents + 100, Math.min(c.open_cents, settings.adjustmentApprovalLimitCents * 3));
      requestAdjustment(
        db,
        { accountId: c.account_id, chargeId: c.id, reasonCode: pending % 2 === 0 ? 'meter_misread' : 'billing_error', amountCents: amount, explanation: EXPLANATIONS[pending % EXPLANATIONS.length]!, idempotencyKey: `demo-adj-${c.id}` },
        ctx,
        settings,
      );
      pending++;
    }
    return { arrangements, pending };
  })();
}
