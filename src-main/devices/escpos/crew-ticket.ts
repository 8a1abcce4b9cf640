// The short crew ticket on the receipt printer (issue 12 item 4): what a crew needs at the site
// on one strip of paper — the order's number, type and priority, where to go, the meter and its
// last reading, what to do, the customer's words — and lines to write the reading, findings,
// time and initials on. Times are in the town's zone. A ticket never opens the drawer.
import type { WorkOrderDetail } from '../../../src-shared/ipc/work-order-schemas';
import type { LayoutLine } from './layout';
import { LineBuilder, localDateTime } from './layout';
import { cleanField } from './sanitize';

/** The order as it was when the ticket was asked for (the job's payload snapshot). */
export type CrewTicketOrder = Omit<WorkOrderDetail, 'history'>;

export interface CrewTicket {
  order: CrewTicketOrder;
  /** The type reads a meter: the ticket has a line for the reading and its read code. */
  readsMeter: boolean;
  /** Who asked for the ticket (display name) and when (the audit log has it too). */
  requestedBy: string;
  requestedAt: string;
}

export interface CrewTicketOptions {
  columns: number;
  /** The town's name (the first header line); the rest of the header is left off the short form. */
  headerLines: string[];
  timeZone: string;
  /** When this attempt prints (a ticket may wait in the queue while the printer is off). */
  printedAt: string;
}

const PRIORITY: Record<CrewTicketOrder['priority'], string> = { emergency: 'EMERGENCY', high: 'HIGH', normal: 'Normal', low: 'Low' };
const SERVICE: Record<'water' | 'electric', string> = { water: 'Water', electric: 'Electric' };
const DIVISION: Record<CrewTicketOrder['division'], string> = { electric: 'Electric', water: 'Water', sewer: 'Sewer', sanitation: 'Sanitation', streets: 'Streets' };
const READ_CODE: Record<string, string> = { ok: '', meter_changed: ' (meter changed)', rollover: ' (rollover)', no_access: ' (no access)' };

/** "2026-03-02" → "03/02/2026". */
const usDate = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}` : cleanField(d));

/** A label followed by a line to write on, exactly the paper's width. */
function fillLine(b: LineBuilder, label: string): void {
  b.text(`${label} ${'_'.repeat(Math.max(4, b.columns - label.length - 1))}`.slice(0, b.columns));
}

/** A label and its value on one line when both fit; otherwise the value on its own lines under the label. */
function field(b: LineBuilder, label: string, value: string, bold = false): void {
  const v = cleanField(value);
  if (label.length + 1 + v.length <= b.columns) b.pair(label, v, { bold });
  else {
    b.text(label, { bold });
    b.text(v, { indent: 2, bold });
  }
}

export function layoutCrewTicket(t: CrewTicket, opts: CrewTicketOptions): LayoutLine[] {
  const o = t.order;
  const tz = opts.timeZone;
  const b = new LineBuilder(opts.columns);
  if (opts.headerLines[0]) b.header([opts.headerLines[0]]);
  b.banner('CREW TICKET');
  if (o.priority === 'emergency') b.banner('EMERGENCY');
  b.blank();
  field(b, 'Order', o.number, true);
  field(b, 'Type', o.typeLabel);
  field(b, 'Division', DIVISION[o.division]);
  field(b, 'Priority', PRIORITY[o.priority], o.priority === 'emergency' || o.priority === 'high');
  field(b, 'Crew', o.crewName ? `${o.crewName}${o.routeSeq !== null ? ` (stop ${o.routeSeq})` : ''}` : 'not dispatched');
  field(b, 'Created', localDateTime(o.createdAt, tz));
  field(b, 'Due', localDateTime(o.dueAt, tz));
  b.rule();
  b.text('Address', { bold: true });
  b.text(o.address, { indent: 2 });
  if (o.landmark) {
    b.text('Directions / landmark', { bold: true });
    b.text(o.landmark, { indent: 2 });
  }
  if (o.accountNumber) {
    field(b, 'Account', o.accountNumber);
    if (o.customerName) b.text(o.customerName, { indent: 2 });
  }
  // Someone at the premises depends on powered medical equipment: the crew must know before it acts.
  if (o.medicalAlertUntil) field(b, 'MEDICAL ALERT until', usDate(o.medicalAlertUntil), true);
  if (o.meterNumber && o.meterService) {
    b.rule();
    field(b, `${SERVICE[o.meterService]} meter`, o.meterNumber, true);
    const last = o.lastReading;
    field(b, 'Last reading', last ? `${last.value.toLocaleString('en-US')} on ${usDate(last.readOn)}${READ_CODE[last.readCode] ?? ` (${last.readCode})`}` : 'none on record');
  }
  b.rule();
  b.text('What to do', { bold: true });
  b.text(o.instructions ?? o.typeLabel, { indent: 2 });
  b.text("Customer's words", { bold: true });
  b.text(o.customerWords ? `"${o.customerWords}"` : '(none recorded)', { indent: 2 });
  b.rule();
  b.text('Filled in by the crew', { bold: true });
  b.blank();
  if (t.readsMeter || o.meterNumber) {
    fillLine(b, 'Reading:');
    // Runs of spaces collapse in text(): the boxes go two to a line, or one on very narrow paper.
    const boxes = ['[ ] OK', '[ ] Rollover', '[ ] Meter changed', '[ ] No access'];
    if (b.columns >= 32) for (let i = 0; i < boxes.length; i += 2) b.text(`${boxes[i]!} ${boxes[i + 1]!}`);
    else for (const x of boxes) b.text(x);
    b.blank();
  }
  fillLine(b, 'Findings:');
  b.blank();
  b.text('_'.repeat(b.columns));
  b.blank();
  b.text('_'.repeat(b.columns));
  b.blank();
  fillLine(b, 'Date/time done:');
  b.blank();
  fillLine(b, 'Initials:');
  b.blank();
  b.text(`Asked for by ${t.requestedBy}`, { align: 'center' });
  b.text(`Printed ${localDateTime(opts.printedAt, tz)}`, { align: 'center' });
  b.blank();
  return b.lines;
}
