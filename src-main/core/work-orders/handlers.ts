// Work order IPC handlers: the contract's doorway to orders.ts. Every write runs in one
// transaction with its history row; type and crew changes are admin settings, audited.
import { recordAudit } from '../audit';
import { signedIn, type CallContext, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import {
  cancelWorkOrder,
  checkOrderReading,
  completeWorkOrder,
  createWorkOrder,
  dispatchWorkOrder,
  findOrderId,
  getType,
  getWorkOrder,
  listTypes,
  ordersForAccount,
  verifyWorkOrder,
  workOrderBoard,
  type WoContext,
} from './orders';
import { turnaroundReport } from './turnaround';
import { afterWorkOrderCompleted } from '../service-desk/intake';
import { afterCollectionsOrderCompleted } from '../collections/disconnects';
import { renderRouteSheetPdf, renderTicketPdf, renderTurnaroundPdf } from '../../documents/work-order-pdfs';

type WorkOrderMethods =
  | 'workOrders.types'
  | 'workOrders.updateType'
  | 'workOrders.crews'
  | 'workOrders.saveCrew'
  | 'workOrders.create'
  | 'workOrders.get'
  | 'workOrders.forAccount'
  | 'workOrders.board'
  | 'workOrders.dispatch'
  | 'workOrders.checkReading'
  | 'workOrders.complete'
  | 'workOrders.verify'
  | 'workOrders.cancel'
  | 'workOrders.turnaround'
  | 'workOrders.pdf';

interface CrewRow {
  id: number;
  name: string;
  division: 'electric' | 'water' | 'sewer' | 'sanitation' | 'streets';
  active: number;
  open_orders: number;
}

const CREW_SELECT = `SELECT c.id, c.name, c.division, c.active,
  (SELECT count(*) FROM work_orders w WHERE w.crew_id = c.id AND w.status = 'dispatched') AS open_orders FROM crews c`;
const toCrew = (c: CrewRow) => ({ id: c.id, name: c.name, division: c.division, active: c.active === 1, openOrders: c.open_orders });

export function workOrderHandlers(env: CoreEnv): Pick<Handlers, WorkOrderMethods> {
  const { db } = env;
  const ctxOf = (ctx: CallContext): WoContext => {
    const s = signedIn(ctx);
    return { at: env.nowIso(), userId: s.user.id, station: s.station, timeZone: env.settings().timeZone };
  };
  const policy = () => {
    const s = env.settings();
    return { highPercent: s.readingHighPercent, lowPercent: s.readingLowPercent };
  };
  return {
    'workOrders.types': () => ({ types: listTypes(db) }),

    'workOrders.updateType': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const before = getType(db, input.code);
        const after = { ...before, label: input.label ?? before.label, division: input.division ?? before.division, targetHours: input.targetHours ?? before.targetHours };
        db.prepare('UPDATE work_order_types SET label = ?, division = ?, target_hours = ? WHERE code = ?').run(after.label, after.division, after.targetHours, input.code);
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'workOrders.type.update', subject: input.code, reason: input.reason, details: { before, after } });
        return after;
      })();
    },

    'workOrders.crews': (input) => ({ crews: (db.prepare(`${CREW_SELECT} ${input.includeInactive ? '' : 'WHERE c.active = 1'} ORDER BY c.division, c.name`).all() as CrewRow[]).map(toCrew) }),

    'workOrders.saveCrew': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const clash = db.prepare('SELECT id FROM crews WHERE name = ? COLLATE NOCASE AND id IS NOT ?').get(input.name, input.id ?? null);
        if (clash) throw new CoreError('CONFLICT', `There is already a crew named ${input.name}.`);
        let id = input.id;
        let before: unknown = null;
        if (id !== undefined) {
          before = db.prepare('SELECT name, division, active FROM crews WHERE id = ?').get(id);
          if (!before) throw new CoreError('NOT_FOUND', `No crew with id ${id}.`);
          if (!input.active) {
            const open = (db.prepare("SELECT count(*) AS n FROM work_orders WHERE crew_id = ? AND status = 'dispatched'").get(id) as { n: number }).n;
            if (open > 0) throw new CoreError('CONFLICT', `${input.name} still has ${open} dispatched order(s); move them to another crew first.`);
          }
          db.prepare('UPDATE crews SET name = ?, division = ?, active = ? WHERE id = ?').run(input.name, input.division, input.active ? 1 : 0, id);
        } else {
          id = Number(db.prepare('INSERT INTO crews (name, division, active) VALUES (?, ?, ?)').run(input.name, input.division, input.active ? 1 : 0).lastInsertRowid);
        }
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'workOrders.crew.save', subject: input.name, reason: input.reason, details: { before, after: { name: input.name, division: input.division, active: input.active } } });
        return toCrew(db.prepare(`${CREW_SELECT} WHERE c.id = ?`).get(id) as CrewRow);
      })();
    },

    'workOrders.create': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => createWorkOrder(db, input, c))();
    },

    'workOrders.get': (input) => getWorkOrder(db, findOrderId(db, input), env.nowIso()),

    'workOrders.forAccount': (input) => ({ orders: ordersForAccount(db, input.accountId, input.limit, env.nowIso()) }),

    'workOrders.board': (input) => workOrderBoard(db, input, env.nowIso()),

    'workOrders.dispatch': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => dispatchWorkOrder(db, input, c))();
    },

    'workOrders.checkReading': (input) => checkOrderReading(db, input.id, input.reading, input.readCode, policy(), env.nowIso()),

    'workOrders.complete': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => {
        const done = completeWorkOrder(db, input, c, policy());
        // A service request's connect or final read: the final bill, the transfer's move (service desk).
        afterWorkOrderCompleted(db, done.order.id, { at: c.at, today: env.today(), userId: c.userId, station: c.station, settings: env.settings() });
        // A disconnect for non-payment turns service off; a reconnect turns it back on (collections).
        afterCollectionsOrderCompleted(db, done.order.id, env.today());
        return { ...done, order: getWorkOrder(db, done.order.id, env.nowIso()) };
      })();
    },

    'workOrders.verify': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => verifyWorkOrder(db, input, c))();
    },

    'workOrders.cancel': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => cancelWorkOrder(db, input, c))();
    },

    'workOrders.turnaround': (input) => turnaroundReport(db, input, env.settings().timeZone),

    'workOrders.pdf': async (input) => {
      const s = env.settings();
      const town = { name: s.townName, address: s.townAddress, phone: s.townPhone, timeZone: s.timeZone };
      if (input.kind === 'ticket') return renderTicketPdf(getWorkOrder(db, input.id, env.nowIso()), town);
      if (input.kind === 'routeSheet') {
        const crew = db.prepare(`${CREW_SELECT} WHERE c.id = ?`).get(input.crewId) as CrewRow | undefined;
        if (!crew) throw new CoreError('NOT_FOUND', `No crew with id ${input.crewId}.`);
        const ids = db
          .prepare("SELECT id FROM work_orders WHERE crew_id = ? AND status = 'dispatched' ORDER BY route_seq IS NULL, route_seq, address, id")
          .all(input.crewId) as Array<{ id: number }>;
        return renderRouteSheetPdf(toCrew(crew), input.date, ids.map((r) => getWorkOrder(db, r.id, env.nowIso())), town);
      }
      return renderTurnaroundPdf(turnaroundReport(db, input, s.timeZone), town);
    },
  };
}
