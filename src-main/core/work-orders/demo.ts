// Work orders for the demo town: a few hundred orders over the three weeks before "today", in
// every state (new, dispatched, completed, verified, cancelled), some past their target, made
// through the same functions the screens use. Deterministic for a seed.
import { WORK_ORDER_TYPES, type WorkOrderType } from '../../../src-shared/ipc/work-order-schemas';
import type { Db } from '../../db/open-ledger';
import { Rng } from '../../demo/rng';
import { CoreError } from '../errors';
import { zonedInstant } from '../export/local-time';
import { addDays } from '../deps';
import { cancelWorkOrder, completeWorkOrder, createWorkOrder, dispatchWorkOrder, verifyWorkOrder, type WoContext } from './orders';
import { averageMonthly, lastReading } from './readings';

const HOUR = 3_600_000;
const STREETS = ['Main St', 'Elm St', 'Church St', 'Court Sq', 'Depot Rd', 'Mill Creek Rd', 'Oak Ave', 'Pine St'];
const WORDS = ['Water running at the meter box', 'No water since this morning', 'Trash cart was not emptied Tuesday', 'Streetlight flickers all night', 'Deep hole in the right lane', 'Sewage smell in the yard', 'Bill looks too high', 'Moving out Friday'];

/**
 * A crew's reading that continues the meter's register at the account's usual pace (so the
 * demo's readings stay a chain the billing run and the reading import can follow), rolling over
 * past the meter's dials; with no earlier reading, a plausible register from `draw`.
 */
function plausibleReading(db: Db, service: 'water' | 'electric', meterNumber: string, accountId: number | null, at: string, draw: number): { value: number; readCode: 'ok' | 'rollover' } {
  const last = lastReading(db, service, meterNumber);
  if (!last) return { value: 10_000 + draw, readCode: 'ok' };
  const avg = (accountId ? averageMonthly(db, accountId, service) : null) ?? (service === 'water' ? 4000 : 900);
  const dials = (db.prepare('SELECT dials FROM meters WHERE service = ? AND number = ? AND removed_on IS NULL').get(service, meterNumber) as { dials: number } | undefined)?.dials ?? 7;
  const days = Math.max(0, (Date.parse(at) - Date.parse(`${last.readOn}T12:00:00Z`)) / 86_400_000);
  const sum = last.value + Math.round((avg * days * (0.9 + (0.2 * draw) / 80_000)) / 30);
  return { value: sum % 10 ** dials, readCode: sum >= 10 ** dials ? 'rollover' : 'ok' };
}

export function generateDemoWorkOrders(db: Db, o: { today: string; timeZone: string; seed: number; count?: number }): number {
  const rng = new Rng(o.seed, 4242);
  const user = (name: string) => (db.prepare('SELECT id FROM users WHERE username = ?').get(name) as { id: number } | undefined)?.id;
  const clerk = user('clerk');
  const supervisor = user('supervisor');
  if (!clerk || !supervisor) return 0;
  const accounts = (db.prepare("SELECT count(*) AS n FROM accounts WHERE status = 'active'").get() as { n: number }).n;
  if (accounts === 0) return 0;
  const count = o.count ?? Math.min(400, Math.max(40, Math.floor(accounts / 12)));
  const crews = db.prepare('SELECT id, division FROM crews WHERE active = 1').all() as Array<{ id: number; division: string }>;
  const now = zonedInstant(o.today, 15, 0, o.timeZone).getTime();
  const start = zonedInstant(addDays(o.today, -21), 8, 0, o.timeZone).getTime();
  const accountAt = db.prepare("SELECT id FROM accounts WHERE status = 'active' ORDER BY id LIMIT 1 OFFSET ?");
  const plans = Array.from({ length: count }, () => ({ at: start + rng.int(0, now - start - HOUR), r: rng.int(0, 1_000_000) })).sort((a, b) => a.at - b.at);
  let made = 0;
  const ctx = (at: number, userId: number): WoContext => ({ at: new Date(Math.min(at, now)).toISOString(), userId, station: 'S1', timeZone: o.timeZone });
  db.transaction(() => {
    for (const p of plans) {
      const r = new Rng(o.seed, 4243, p.r);
      const type = WORK_ORDER_TYPES[r.int(0, WORK_ORDER_TYPES.length - 1)] as WorkOrderType;
      const needsAccount = ['connect', 'disconnect_nonpay', 'disconnect_request', 'reconnect', 'final_read', 'reread', 'meter_test'].includes(type);
      const withAccount = needsAccount || r.chance(0.5);
      let order;
      try {
        order = createWorkOrder(
          db,
          {
            type,
            ...(withAccount ? { accountId: (accountAt.get(r.int(0, accounts - 1)) as { id: number }).id } : { address: `${r.int(1, 999)} ${STREETS[r.int(0, STREETS.length - 1)]}` }),
            priority: r.chance(0.08) ? 'emergency' : r.chance(0.15) ? 'high' : 'normal',
            source: (['counter', 'phone', 'phone', 'intake', 'collections', 'billing'] as const)[r.int(0, 5)]!,
            ...(r.chance(0.6) ? { customerWords: WORDS[r.int(0, WORDS.length - 1)] } : {}),
          },
          ctx(p.at, clerk),
        );
      } catch (err) {
        if (err instanceof CoreError && err.code === 'DUPLICATE_WORK_ORDER') continue;
        throw err;
      }
      made++;
      const fate = r.weighted([15, 20, 20, 35, 10]); // new, dispatched, completed, verified, cancelled
      if (fate === 0) continue;
      if (fate === 4) {
        cancelWorkOrder(db, { id: order.id, reason: 'customer called back; not needed' }, ctx(p.at + HOUR, clerk));
        continue;
      }
      const crew = crews.filter((c) => c.division === order.division);
      if (crew.length === 0) continue;
      const dispatchedAt = p.at + r.int(1, 6) * HOUR;
      if (dispatchedAt >= now) continue;
      dispatchWorkOrder(db, { id: order.id, crewId: crew[r.int(0, crew.length - 1)]!.id }, ctx(dispatchedAt, clerk));
      if (fate === 1) continue;
      // Done in 20 % to 160 % of the target: most on time, some late.
      const doneAt = p.at + Math.round(order.targetHours * HOUR * (0.2 + r.int(0, 140) / 100));
      if (doneAt >= now || doneAt <= dispatchedAt) continue;
      const reads = order.meterNumber !== null;
      const draw = r.int(0, 80_000);
      const reading = reads ? plausibleReading(db, order.meterService!, order.meterNumber!, order.accountId, new Date(doneAt).toISOString(), draw) : null;
      completeWorkOrder(
        db,
        { id: order.id, completedAt: new Date(doneAt).toISOString(), ...(reading ? { reading: reading.value } : {}), readCode: reading?.readCode ?? 'ok', findings: 'Done as asked', confirmAnyway: true },
        ctx(doneAt, clerk),
        { highPercent: 300, lowPercent: 30 },
      );
      if (fate === 3 && doneAt + 20 * HOUR < now) verifyWorkOrder(db, { id: order.id }, ctx(doneAt + 20 * HOUR, supervisor));
    }
  })();
  return made;
}
