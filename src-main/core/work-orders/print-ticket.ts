// workOrders.printTicket: the short crew ticket of an open order, queued for this station's
// receipt printer like any other slip (the print worker sends it after the commit, retries while
// the printer is offline, and the job shows in the printer's queue). Audited. Asking again
// queues another copy: a ticket is not money, so there is no DUPLICATE marking.
import { recordAudit } from '../audit';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import type { CrewTicketPayload } from '../printing/documents';
import { jobView } from '../printing/queue';
import type { PrintingService } from '../printing/service';
import { findOrderId, getType, getWorkOrder } from './orders';

export function crewTicketHandlers(env: CoreEnv, printing: PrintingService): Pick<Handlers, 'workOrders.printTicket'> {
  const { db } = env;
  return {
    'workOrders.printTicket': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const { history: _history, ...order } = getWorkOrder(db, findOrderId(db, input), env.nowIso());
        if (order.status !== 'new' && order.status !== 'dispatched') {
          throw new CoreError('CONFLICT', `${order.number} is ${order.status}; a crew ticket is printed only for a new or dispatched order (the PDF ticket is still available).`, { status: order.status });
        }
        if (!printing.config().printer) throw new CoreError('PRINTER_NOT_CONFIGURED', 'No receipt printer is set up at this station. An administrator can set one up under Printer settings.');
        const payload: CrewTicketPayload = { ticket: { order, readsMeter: getType(db, order.type).readsMeter, requestedBy: s.user.displayName, requestedAt: env.nowIso() } };
        const id = printing.enqueue({ kind: 'crew_ticket', target: 'printer', payload, openDrawer: false, requestedBy: s.user.id });
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'workOrders.printTicket', subject: order.number, details: { jobId: id, workOrderId: order.id, status: order.status } });
        return { job: jobView(db, id), number: order.number };
      })();
    },
  };
}
