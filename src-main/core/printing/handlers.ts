// IPC handlers for the receipt printer and the cash drawer: settings (admin, audited), status,
// test page, the queue (list, retry), reprints marked DUPLICATE, a receipt's print state, the
// supervisor's no-sale, the drawer summary and the virtual printer's received jobs. Each
// request only queues a job; the worker prints it after the commit.
import { hasRole, userHas } from '../../../src-shared/domain';
import type { PrinterSettingsView } from '../../../src-shared/ipc/printer-schemas';
import { renderText } from '../../devices/escpos/decoder';
import { describeEndpoint } from '../../devices/escpos/transport';
import { recordAudit } from '../audit';
import { requireSupervisor } from '../auth/users';
import { drawerJournal, findOpenDrawer, getDrawer } from '../counter/drawer';
import { drawerReport } from '../day-end/drawer-close';
import { findReceiptRow, receiptDocument } from '../counter/payments';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import type { NoSalePayload, ReceiptPayload } from './documents';
import { cancelJob, jobsForReceipt, jobView, listJobs } from './queue';
import type { PrintingService } from './service';
import { mergePrinterSettings, writePrinterSettings } from './settings';

type PrintingMethods =
  | 'printer.getSettings'
  | 'printer.updateSettings'
  | 'printer.status'
  | 'printer.testPrint'
  | 'printer.jobs'
  | 'printer.retry'
  | 'printer.cancel'
  | 'printer.virtualJobs'
  | 'receipts.reprint'
  | 'receipts.printStatus'
  | 'drawer.noSale'
  | 'drawer.printSummary'
  | 'drawer.printDepositSummary';

/** ledgerFile: refused as a printer device path. */
export function printingHandlers(env: CoreEnv, printing: PrintingService, ledgerFile: string): Pick<Handlers, PrintingMethods> {
  const { db } = env;

  const settingsView = (): PrinterSettingsView => {
    const c = printing.config();
    return {
      station: env.station,
      settings: c.settings,
      effectiveHeaderLines: printing.effectiveHeaderLines(),
      override: c.override ? { endpoint: describeEndpoint(c.override.endpoint), description: c.override.description } : null,
      updatedAt: c.updatedAt,
    };
  };

  const requirePrinter = () => {
    if (!printing.config().printer) throw new CoreError('PRINTER_NOT_CONFIGURED', 'No receipt printer is set up at this station. An administrator can set one up under Printer settings.');
  };

  const receiptRow = (ref: { number: string } | { receiptId: number }) => {
    const r = findReceiptRow(db, ref);
    if (!r) throw new CoreError('NOT_FOUND', `No receipt ${'number' in ref ? ref.number : ref.receiptId}.`);
    return r;
  };

  return {
    'printer.getSettings': () => settingsView(),

    'printer.updateSettings': (input, ctx) => {
      const s = signedIn(ctx);
      db.transaction(() => {
        const before = printing.config().settings;
        let next;
        try {
          next = mergePrinterSettings(before, input.values);
        } catch (err) {
          const issues = (err as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues ?? [];
          throw new CoreError('BAD_INPUT', issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ') || 'Invalid printer settings.');
        }
        if (next.kind === 'device' && next.devicePath === ledgerFile) throw new CoreError('BAD_INPUT', 'devicePath: that is the ledger file.');
        const changed = (Object.keys(next) as Array<keyof typeof next>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
        writePrinterSettings(db, env.station, next, env.nowIso(), s.user.id);
        recordAudit(db, {
          at: env.nowIso(),
          userId: s.user.id,
          station: s.station,
          action: 'printer.settings.update',
          subject: `station ${env.station}`,
          reason: input.reason,
          details: { changed, before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, next[k]])) },
        });
      })();
      printing.settingsChanged();
      return settingsView();
    },

    'printer.status': (input) => printing.status(input.refresh),

    'printer.testPrint': (input, ctx) => {
      const s = signedIn(ctx);
      requirePrinter();
      if (input.openDrawer && !userHas(s.user, 'settings.write')) throw new CoreError('FORBIDDEN', 'Only an administrator may open the drawer from a test print; use No sale.');
      if (input.openDrawer && !printing.config().drawerConfigured) throw new CoreError('PRINTER_NOT_CONFIGURED', 'No cash drawer is set up at this station.');
      return db.transaction(() => {
        const ids: number[] = [];
        if (input.openDrawer) {
          const pulse = printing.queuePulse('test', s.user.id);
          if (pulse !== null) ids.push(pulse);
        }
        ids.unshift(printing.enqueue({ kind: 'test', target: 'printer', payload: { station: env.station }, openDrawer: false, requestedBy: s.user.id }));
        if (input.openDrawer) recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'drawer.testOpen', subject: `station ${env.station}` });
        return { jobs: ids.map((id) => jobView(db, id)) };
      })();
    },

    'printer.jobs': (input) => ({ jobs: listJobs(db, env.station, input) }),

    'printer.cancel': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const outcome = cancelJob(db, env.station, input.jobId, env.nowIso(), s.user.id, input.reason);
        if (outcome === 'not_found') throw new CoreError('NOT_FOUND', `No print job ${input.jobId} at this station.`);
        if (outcome === 'finished') throw new CoreError('CONFLICT', `Print job ${input.jobId} has already printed or been cancelled.`);
        if (outcome === 'in_progress') throw new CoreError('CONFLICT', `Print job ${input.jobId} is being sent to the printer right now; cancel it once the attempt ends.`);
        const job = jobView(db, input.jobId);
        recordAudit(db, {
          at: env.nowIso(),
          userId: s.user.id,
          station: s.station,
          action: 'printer.job.cancel',
          subject: job.receiptNumber ?? `print job ${job.id}`,
          reason: input.reason,
          details: { jobId: job.id, kind: job.kind, attempts: job.attempts, handedOver: job.handedOver, lastError: job.lastError },
        });
        printing.kick();
        return { job };
      })();
    },

    'printer.retry': (input) => {
      const requeued = printing.retry(input.jobId);
      if (input.jobId !== undefined && requeued === 0) throw new CoreError('NOT_FOUND', `No failed or waiting print job ${input.jobId} at this station.`);
      return { requeued };
    },

    'printer.virtualJobs': (input) => {
      const vp = printing.virtualPrinter();
      if (!vp) return { active: false, endpoint: null, jobs: [] };
      const columns = printing.config().settings.columns;
      const jobs = vp
        .jobs()
        .slice(-input.limit)
        .reverse()
        .map((j) => ({
          id: j.id,
          receivedAt: j.receivedAt,
          byteCount: j.bytes.length,
          text: renderText(j.decoded.lines, columns),
          lines: j.decoded.lines,
          cuts: j.decoded.cuts,
          drawerPulses: j.decoded.pulses.map((p) => ({ pin: p.pin, onMs: p.onMs, offMs: p.offMs, hex: p.hex })),
          codePage: j.decoded.codePage,
          warnings: j.decoded.warnings,
        }));
      return { active: true, endpoint: describeEndpoint({ kind: 'network', host: vp.host, port: vp.port }), jobs };
    },

    'receipts.reprint': (input, ctx) => {
      const s = signedIn(ctx);
      requirePrinter();
      const r = receiptRow(input);
      return db.transaction(() => {
        const receipt = receiptDocument(db, { receiptId: r.id }, env.settings());
        const payload: ReceiptPayload = { receipt, duplicate: true };
        const id = printing.enqueue({ kind: 'duplicate', target: 'printer', receiptId: r.id, payload, openDrawer: false, requestedBy: s.user.id });
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'receipt.reprint', subject: r.number, details: { jobId: id, status: receipt.status } });
        return { job: jobView(db, id) };
      })();
    },

    'receipts.printStatus': (input) => {
      const r = receiptRow(input);
      const jobs = jobsForReceipt(db, r.id).filter((j) => j.target === 'printer' && j.kind !== 'drawer_kick');
      const newest = jobs[0];
      const state = !newest ? 'not_queued' : newest.status === 'done' ? 'printed' : newest.status;
      // queued/printing/failed: "posted — not printed" until a job for it prints.
      return { receiptId: r.id, receiptNumber: r.number, state, printerConfigured: printing.config().printer !== null, lastError: newest?.lastError ?? null, jobs };
    },

    'drawer.noSale': (input, ctx) => {
      const s = signedIn(ctx);
      const c = printing.config();
      if (!c.drawerConfigured) throw new CoreError('PRINTER_NOT_CONFIGURED', 'No cash drawer is set up at this station.');
      const drawer = findOpenDrawer(db, s.user.id, s.station) ?? openDrawerAtStation(env);
      if (!drawer) throw new CoreError('DRAWER_NOT_OPEN', 'No cash drawer is open at this station.');
      const approvedBy = requireSupervisor(db, s, input.override, env.clock.now(), env.lockPolicy(), 'Opening the drawer without a sale');
      return db.transaction(() => {
        const approver = db.prepare('SELECT display_name FROM users WHERE id = ?').get(approvedBy) as { display_name: string };
        const payload: NoSalePayload = { station: s.station, cashier: s.user.displayName, approvedBy: approver.display_name, at: env.nowIso(), reason: input.reason };
        const ids: number[] = [];
        // The pulse is its own job, sent at once; the slip follows in the printer's order.
        const pulse = printing.queuePulse('no_sale', s.user.id, { drawerId: drawer.id });
        if (c.printer) ids.push(printing.enqueue({ kind: 'no_sale', target: 'printer', drawerId: drawer.id, payload, openDrawer: false, requestedBy: s.user.id }));
        if (pulse !== null) ids.push(pulse);
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, approvedBy, station: s.station, action: 'drawer.noSale', subject: `drawer ${drawer.id}`, reason: input.reason, details: { jobIds: ids } });
        return { jobs: ids.map((id) => jobView(db, id)) };
      })();
    },

    'drawer.printSummary': (input, ctx) => {
      const s = signedIn(ctx);
      requirePrinter();
      let drawerId = input.drawerId;
      if (drawerId === undefined) {
        const open = findOpenDrawer(db, s.user.id, s.station);
        if (!open) throw new CoreError('DRAWER_NOT_OPEN', 'You have no open drawer at this station.');
        drawerId = open.id;
      } else if (!hasRole(s.user, 'supervisor') && getDrawer(db, drawerId).userId !== s.user.id) {
        throw new CoreError('FORBIDDEN', "Only a supervisor may print another cashier's drawer.");
      }
      const journal = drawerJournal(db, drawerId);
      return db.transaction(() => {
        const id = printing.enqueue({ kind: 'drawer_summary', target: 'printer', drawerId, payload: { journal }, openDrawer: false, requestedBy: s.user.id });
        return { job: jobView(db, id) };
      })();
    },

    'drawer.printDepositSummary': (input, ctx) => {
      const s = signedIn(ctx);
      requirePrinter();
      const d = getDrawer(db, input.drawerId);
      if (!hasRole(s.user, 'supervisor') && d.userId !== s.user.id) throw new CoreError('FORBIDDEN', "Only a supervisor may print another cashier's deposit.");
      const report = drawerReport(db, input.drawerId, env.settings().drawerVarianceLimitCents);
      if (!report.count) throw new CoreError('DAY_NOT_READY', 'Count the drawer before printing its deposit summary.');
      return db.transaction(() => {
        const id = printing.enqueue({ kind: 'deposit_summary', target: 'printer', drawerId: d.id, payload: { report }, openDrawer: false, requestedBy: s.user.id });
        return { job: jobView(db, id) };
      })();
    },
  };
}

function openDrawerAtStation(env: CoreEnv): { id: number } | null {
  return (env.db.prepare('SELECT id FROM drawers WHERE station = ? AND closed_at IS NULL').get(env.station) as { id: number } | undefined) ?? null;
}
