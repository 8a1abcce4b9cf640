// Words for the printer's states, print jobs and settings choices, as the counter reads them.
import type { PrinterStateName, PrintJobView } from '../../../src-shared/ipc/printer-schemas';

export const PRINTER_STATE_TEXT: Record<PrinterStateName, string> = {
  not_configured: 'Printer: not configured',
  ready: 'Printer: ready',
  connected: 'Printer: connected',
  paper_near_end: 'Printer: paper low',
  paper_out: 'Printer: paper out',
  cover_open: 'Printer: cover open',
  offline: 'Printer: offline',
  no_reply: 'Printer: not answering',
  error: 'Printer: error',
};

export function printerStateText(state: PrinterStateName): string {
  return PRINTER_STATE_TEXT[state];
}

/** "2 waiting · 1 failed", or "" when the queue is empty. */
export function queueText(q: { queued: number; printing: number; failed: number }): string {
  const waiting = q.queued + q.printing;
  return [waiting > 0 ? `${waiting} waiting` : '', q.failed > 0 ? `${q.failed} failed` : ''].filter(Boolean).join(' · ');
}

export const JOB_KIND_LABELS: Record<PrintJobView['kind'], string> = {
  receipt: 'Receipt',
  duplicate: 'Reprint (DUPLICATE)',
  void: 'VOID slip',
  drawer_summary: 'Drawer summary',
  test: 'Test page',
  no_sale: 'No sale',
  drawer_kick: 'Drawer kick',
  pickup_slip: 'Pickup slip',
  deposit_summary: 'Deposit summary',
  crew_ticket: 'Crew ticket',
};

export const JOB_STATUS_LABELS: Record<PrintJobView['status'], string> = {
  queued: 'Waiting',
  printing: 'Printing',
  done: 'Printed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** A job that is still on its way to the printer. */
export function isPending(j: Pick<PrintJobView, 'status'>): boolean {
  return j.status === 'queued' || j.status === 'printing';
}
