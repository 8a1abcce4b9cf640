// What each kind of print job puts on paper: the payload snapshot taken when the job was
// queued, laid out for this printer's columns and header, and encoded to ESC/POS with or
// without the drawer pulse.
import type { DrawerJournal, Receipt } from '../../../src-shared/ipc/counter-schemas';
import type { DrawerReport, Pickup } from '../../../src-shared/ipc/day-end-schemas';
import type { PrinterSettings } from '../../../src-shared/ipc/printer-schemas';
import type { DrawerPulse } from '../../devices/escpos/commands';
import { layoutCrewTicket, type CrewTicket } from '../../devices/escpos/crew-ticket';
import { encodeDrawerKick, encodeLayout } from '../../devices/escpos/encoder';
import type { LayoutLine } from '../../devices/escpos/layout';
import { defaultHeader, layoutDepositSummary, layoutDrawerSummary, layoutNoSale, layoutPickupSlip, layoutReceipt, layoutTestPage } from '../../devices/escpos/layout';
import type { JobRow } from './queue';

export interface ReceiptPayload {
  receipt: Receipt;
  duplicate: boolean;
}
export interface DrawerSummaryPayload {
  journal: DrawerJournal;
}
export interface NoSalePayload {
  station: string;
  cashier: string;
  approvedBy: string;
  at: string;
  reason: string;
}
export interface PickupSlipPayload {
  pickup: Pickup;
  station: string;
}
export interface DepositSummaryPayload {
  report: DrawerReport;
}
/** A work order's short crew ticket (no drawer pulse, ever). */
export interface CrewTicketPayload {
  ticket: CrewTicket;
}
export interface TestPayload {
  station: string;
}

export interface BuildContext {
  settings: PrinterSettings;
  /** The header for slips (summaries, no-sale, test); receipts use the town details they carry. */
  headerLines: string[];
  timeZone: string;
  /** When the attempt is made (printed on summaries and test pages). */
  now: string;
  endpoint: string;
  /** A drawer job's pulse (receipts and slips never carry one: the pulse is a job of its own). */
  pulse: DrawerPulse | null;
  /** Send the pulse as the real-time DLE DC4 1 m t rather than ESC p. */
  realtimePulse?: boolean;
  /** The printer may already have printed this job: print it marked REPRINT. */
  reprint?: boolean;
}

/** Why a drawer job opens the drawer (drawer_pulses.purpose). */
export type PulsePurpose = 'sale' | 'void' | 'no_sale' | 'test';
export interface DrawerKickPayload {
  purpose?: PulsePurpose;
}

export function layoutJob(job: Pick<JobRow, 'kind' | 'payload'>, ctx: Omit<BuildContext, 'pulse'>): LayoutLine[] {
  const reprint = ctx.reprint ?? false;
  const s = ctx.settings;
  const slip = { columns: s.columns, headerLines: ctx.headerLines, timeZone: ctx.timeZone, printedAt: ctx.now };
  switch (job.kind) {
    case 'receipt':
    case 'duplicate':
    case 'void': {
      const p = JSON.parse(job.payload) as ReceiptPayload;
      return layoutReceipt(p.receipt, {
        columns: s.columns,
        headerLines: s.headerLines ?? defaultHeader(p.receipt),
        footerLines: s.footerLines,
        duplicate: p.duplicate,
        reprint,
        timeZone: ctx.timeZone,
        showAllocations: s.showAllocations,
      });
    }
    case 'drawer_summary':
      return layoutDrawerSummary((JSON.parse(job.payload) as DrawerSummaryPayload).journal, slip);
    case 'no_sale':
      return layoutNoSale(JSON.parse(job.payload) as NoSalePayload, slip);
    case 'test':
      return layoutTestPage({ station: (JSON.parse(job.payload) as TestPayload).station, endpoint: ctx.endpoint, paperWidthMm: s.paperWidthMm, codePage: s.codePage }, slip);
    case 'pickup_slip': {
      const p = JSON.parse(job.payload) as PickupSlipPayload;
      return layoutPickupSlip({ ...p.pickup, station: p.station }, slip);
    }
    case 'deposit_summary':
      return layoutDepositSummary((JSON.parse(job.payload) as DepositSummaryPayload).report, slip);
    case 'crew_ticket':
      // Like the other slips, a retry after an unconfirmed hand-over prints the same ticket again
      // unmarked: a second ticket for the same order costs nothing and moves no money.
      return layoutCrewTicket((JSON.parse(job.payload) as CrewTicketPayload).ticket, { columns: s.columns, headerLines: ctx.headerLines, timeZone: ctx.timeZone, printedAt: ctx.now });
    case 'drawer_kick':
      return [];
  }
}

/** The bytes for one attempt at a job. */
export function buildJobBytes(job: Pick<JobRow, 'kind' | 'payload' | 'target'>, ctx: BuildContext): Buffer {
  if (job.kind === 'drawer_kick') {
    if (!ctx.pulse) throw new Error('a drawer job without a pulse');
    return encodeDrawerKick(ctx.pulse, ctx.realtimePulse ?? false);
  }
  // A crew ticket never carries a pulse, whatever the caller passes.
  return encodeLayout(layoutJob(job, ctx), { codePage: ctx.settings.codePage, cut: true, drawerPulse: job.kind === 'crew_ticket' ? null : ctx.pulse });
}
