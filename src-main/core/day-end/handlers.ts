// End-of-day IPC handlers: pickups, blind count and close, reports (screen data and PDF),
// and closing the business day.
import { hasRole, userHas } from '../../../src-shared/domain';
import type { Db } from '../../db/open-ledger';
import { dailyCashReportPdf, depositSlipPdf, drawerReportPdf, mailDepositSlipPdf, receiptJournalPdf } from '../../documents/day-end-pdfs';
import { recordAudit } from '../audit';
import { requireSupervisor, type SessionInfo } from '../auth/users';
import { openBusinessDate } from '../counter/day';
import { findOpenDrawer, getDrawer } from '../counter/drawer';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { closeDrawer, countResult, drawerChecks, drawerReport, latestCountId, recordCount, recordPickup } from './drawer-close';
import { dailyCashReport, mailDepositSlip, receiptJournal, requireBusinessDay } from './reports';

type DayEndMethods =
  | 'drawer.pickup'
  | 'drawer.count'
  | 'drawer.latestCount'
  | 'drawer.checks'
  | 'drawer.close'
  | 'drawer.list'
  | 'reports.drawer'
  | 'reports.daily'
  | 'reports.receiptJournal'
  | 'reports.pdf'
  | 'day.list'
  | 'day.close';

function businessDay(db: Db, date: string) {
  const d = requireBusinessDay(db, date);
  const openDrawers = (db.prepare('SELECT count(*) AS n FROM drawers WHERE business_date = ? AND closed_at IS NULL').get(date) as { n: number }).n;
  const openBatches = (db.prepare('SELECT count(*) AS n FROM mail_batches WHERE business_date = ? AND posted_at IS NULL').get(date) as { n: number }).n;
  return { businessDate: d.business_date, openedAt: d.opened_at, closedAt: d.closed_at, closedBy: d.closed_by, openDrawers, openBatches };
}

export function dayEndHandlers(env: CoreEnv): Pick<Handlers, DayEndMethods> {
  const { db } = env;
  const limit = () => env.settings().drawerVarianceLimitCents;
  const seesAll = (s: SessionInfo) => hasRole(s.user, 'supervisor') || hasRole(s.user, 'admin');
  const mayReadDrawer = (s: SessionInfo, drawerId: number) => {
    const d = getDrawer(db, drawerId);
    if (d.userId !== s.user.id && !seesAll(s)) throw new CoreError('FORBIDDEN', "Only a supervisor may see another cashier's drawer.");
    return d;
  };
  /** The close is blind: until the drawer is counted, expected amounts are for supervisors only. */
  const reportFor = (s: SessionInfo, drawerId: number) => {
    const r = drawerReport(db, drawerId, limit());
    return r.closedAt === null && r.count === null && !seesAll(s) ? { ...r, expected: null } : r;
  };
  const town = () => {
    const st = env.settings();
    return { name: st.townName, address: st.townAddress, timeZone: st.timeZone };
  };

  return {
    'drawer.pickup': (input, ctx) => {
      const s = signedIn(ctx);
      const supervisorId = requireSupervisor(db, s, input.override, env.clock.now(), env.lockPolicy(), 'A cash pickup');
      return db.transaction(() => {
        const pickup = recordPickup(db, { drawerId: input.drawerId, supervisorId, at: env.nowIso(), counts: input.counts, note: input.note });
        env.printQueue?.pickupRecorded(pickup, s.user.id); // the slip commits with the pickup
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, approvedBy: supervisorId, station: s.station, action: 'drawer.pickup', subject: `drawer ${input.drawerId}`, reason: input.note ?? null, details: { amountCents: pickup.amountCents } });
        return pickup;
      })();
    },

    'drawer.count': (input, ctx) => {
      const s = signedIn(ctx);
      const open = findOpenDrawer(db, s.user.id, s.station);
      if (!open) throw new CoreError('DRAWER_NOT_OPEN', 'You have no open drawer at this station to count.');
      return db.transaction(() => {
        const r = recordCount(db, { drawerId: open.id, userId: s.user.id, at: env.nowIso(), cash: input.counts, checks: input.checks, cardBatchCents: input.cardBatchCents, limitCents: limit() });
        // Every count is audited; a recount names the count of record it sits beside.
        const first = r.counts[0]!;
        recordAudit(db, {
          at: env.nowIso(),
          userId: s.user.id,
          station: s.station,
          action: r.recount ? 'drawer.recount' : 'drawer.count',
          subject: `drawer ${open.id}`,
          details: {
            countId: r.countId,
            counted: { cash: r.countedCashCents, checks: r.countedChecksCents, card: r.cardBatchCents },
            variances: r.variances,
            ...(r.recount ? { countOfRecord: { countId: first.countId, at: first.at, countedBy: first.countedBy, variances: first.variances }, recountNumber: r.counts.length - 1 } : {}),
          },
        });
        return r;
      })();
    },

    'drawer.latestCount': (_input, ctx) => {
      const s = signedIn(ctx);
      const open = findOpenDrawer(db, s.user.id, s.station);
      if (!open) return { count: null };
      const id = latestCountId(db, open.id);
      return { count: id === null ? null : countResult(db, id, limit()) };
    },

    'drawer.checks': (_input, ctx) => {
      const s = signedIn(ctx);
      const open = findOpenDrawer(db, s.user.id, s.station);
      if (!open) throw new CoreError('DRAWER_NOT_OPEN', 'You have no open drawer at this station.');
      return { checks: drawerChecks(db, open.id) };
    },

    'drawer.close': (input, ctx) => {
      const s = signedIn(ctx);
      const result = countResult(db, input.countId, limit());
      const drawer = mayReadDrawer(s, result.drawerId);
      let approvedBy: number | null = null;
      if (result.needsSupervisor) {
        if (!input.note) throw new CoreError('NEEDS_SUPERVISOR', "A variance over the limit needs a supervisor's note.", { variances: result.variances, limitCents: result.limitCents });
        approvedBy = requireSupervisor(db, s, input.override, env.clock.now(), env.lockPolicy(), 'A drawer variance over the limit');
      }
      return db.transaction(() => {
        closeDrawer(db, { countId: input.countId, userId: s.user.id, approvedBy, note: input.note ?? null, at: env.nowIso(), limitCents: limit(), station: s.station });
        recordAudit(db, {
          at: env.nowIso(),
          userId: s.user.id,
          approvedBy,
          station: s.station,
          action: result.needsSupervisor ? 'drawer.close.variance' : 'drawer.close',
          subject: `drawer ${drawer.id}`,
          reason: input.note ?? null,
          details: { countId: result.countId, variances: result.variances, counts: result.counts.map((c) => ({ countId: c.countId, at: c.at, countedBy: c.countedBy, recount: c.recount, variances: c.variances })) },
        });
        return drawerReport(db, drawer.id, limit());
      })();
    },

    'drawer.list': (input, ctx) => {
      const s = signedIn(ctx);
      const date = input.businessDate ?? openBusinessDate(db);
      if (!date) return { drawers: [] };
      const rows = db.prepare('SELECT id, user_id FROM drawers WHERE business_date = ? ORDER BY id').all(date) as Array<{ id: number; user_id: number }>;
      return { drawers: rows.filter((r) => seesAll(s) || r.user_id === s.user.id).map((r) => reportFor(s, r.id)) };
    },

    'reports.drawer': (input, ctx) => {
      const s = signedIn(ctx);
      mayReadDrawer(s, input.drawerId);
      return reportFor(s, input.drawerId);
    },

    'reports.daily': (input) => dailyCashReport(db, input.businessDate, env.settings().townName),

    'reports.receiptJournal': (input) => receiptJournal(db, input.businessDate),

    'reports.pdf': async (input, ctx) => {
      const s = signedIn(ctx);
      let out: { bytes: Buffer; pages: number };
      let filename: string;
      if (input.kind === 'drawer' || input.kind === 'depositSlip') {
        const d = mayReadDrawer(s, input.drawerId);
        const report = reportFor(s, input.drawerId);
        if (input.kind === 'depositSlip' && !report.count) throw new CoreError('DAY_NOT_READY', 'Count the drawer before printing its deposit slip.');
        out = input.kind === 'drawer' ? await drawerReportPdf(report, town()) : await depositSlipPdf(report, town());
        filename = `${input.kind === 'drawer' ? 'drawer-report' : 'deposit-slip'}-${d.businessDate}-drawer-${d.id}.pdf`;
      } else if (input.kind === 'mailDepositSlip') {
        if (!userHas(s.user, 'mail.post') && !seesAll(s)) throw new CoreError('FORBIDDEN', 'Mail deposit slips are for those who key mail batches.');
        const slip = mailDepositSlip(db, input.batchId);
        out = await mailDepositSlipPdf(slip, town());
        filename = `deposit-slip-${slip.businessDate}-mail-batch-${slip.batchId}.pdf`;
      } else {
        if (!seesAll(s)) throw new CoreError('FORBIDDEN', 'Day reports are for supervisors.');
        if (input.kind === 'daily') {
          out = await dailyCashReportPdf(dailyCashReport(db, input.businessDate, env.settings().townName), { timeZone: env.settings().timeZone });
          filename = `daily-cash-report-${input.businessDate}.pdf`;
        } else {
          out = await receiptJournalPdf(receiptJournal(db, input.businessDate), town());
          filename = `receipt-journal-${input.businessDate}.pdf`;
        }
      }
      return { filename, contentBase64: out.bytes.toString('base64'), pages: out.pages };
    },

    'day.list': (input) => {
      const rows = db.prepare('SELECT business_date FROM business_days ORDER BY business_date DESC LIMIT ?').all(input.limit) as Array<{ business_date: string }>;
      return { days: rows.map((r) => businessDay(db, r.business_date)) };
    },

    'day.close': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const day = businessDay(db, input.businessDate);
        if (day.closedAt) throw new CoreError('CONFLICT', `Business day ${input.businessDate} is already closed.`);
        if (day.openDrawers > 0 || day.openBatches > 0) {
          throw new CoreError('DAY_NOT_READY', `Business day ${input.businessDate} still has ${day.openDrawers} open drawer(s) and ${day.openBatches} unposted mail batch(es).`, { openDrawers: day.openDrawers, openBatches: day.openBatches });
        }
        db.prepare('UPDATE business_days SET closed_at = ?, closed_by = ? WHERE business_date = ?').run(env.nowIso(), s.user.id, input.businessDate);
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'day.close', subject: input.businessDate });
        return businessDay(db, input.businessDate);
      })();
    },
  };
}
