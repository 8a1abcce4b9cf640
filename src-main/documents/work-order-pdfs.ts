// Work order documents: a crew ticket per order (everything the crew needs at the site, and
// room to write the reading and findings), a crew's route sheet for a day, and the turnaround
// report with a chart of the share done within target. Times are in the town's zone.
import type { CrewView, TurnaroundReport, WorkOrderDetail } from '../../src-shared/ipc/work-order-schemas';
import { PdfWriter } from './pdf';

export interface TownInfo {
  name: string;
  address: string;
  phone: string;
  timeZone: string;
}

export interface PdfDoc {
  filename: string;
  contentBase64: string;
  pages: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** "12/04/2026 3:05 PM" in the town's zone. */
/** 2026-06-30 → 06/30/2026. */
const usDate = (d: string) => `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}`;

export function townDateTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit' });
    formats.set(timeZone, f);
  }
  return f.format(new Date(iso)).replace(',', '');
}

const PRIORITY = { emergency: 'EMERGENCY', high: 'High', normal: 'Normal', low: 'Low' } as const;
const SERVICE = { water: 'Water', electric: 'Electric' } as const;

function writeLines(pdf: PdfWriter, label: string, count: number): void {
  pdf.block(18 + count * 18, (doc, x) => {
    doc.font('Helvetica-Bold').fontSize(10).text(label, x.left, doc.y);
    let y = doc.y + 4;
    for (let i = 0; i < count; i++) {
      y += 16;
      doc.moveTo(x.left, y).lineTo(x.right, y).lineWidth(0.5).stroke();
    }
    doc.y = y + 6;
  });
}

function ticketBody(pdf: PdfWriter, o: WorkOrderDetail, town: TownInfo): void {
  pdf.heading({ town: town.name, title: `Work order ${o.number}`, subtitle: `${o.typeLabel} — ${o.division} — priority ${PRIORITY[o.priority]}` });
  pdf.keyValues([
    ['Address', o.address],
    ['Directions / landmark', o.landmark ?? ''],
    ['Account', o.accountNumber ? `${o.accountNumber} — ${o.customerName ?? ''}` : 'none (address only)'],
    ...(o.medicalAlertUntil ? [['MEDICAL ALERT', `certified until ${usDate(o.medicalAlertUntil)}: life-support equipment at the premises`] as [string, string]] : []),
    ['Crew', o.crewName ?? 'not dispatched'],
    ['Created', `${townDateTime(o.createdAt, town.timeZone)} by ${o.createdBy} (${o.source})`],
    ['Due (target)', `${townDateTime(o.dueAt, town.timeZone)} (${o.targetHours} h)`],
  ]);
  if (o.meterNumber) {
    pdf.section('Meter');
    pdf.keyValues([
      [`${SERVICE[o.meterService!]} meter`, o.meterNumber],
      ['Last reading', o.lastReading ? `${o.lastReading.value.toLocaleString('en-US')} on ${o.lastReading.readOn}` : 'none on record'],
      ['12-month average per month', o.averageMonthly === null ? 'no history' : `${o.averageMonthly.toLocaleString('en-US')} ${o.meterService === 'water' ? 'gallons' : 'kWh'}`],
    ]);
  }
  pdf.section('What to do');
  pdf.text(o.instructions ?? o.typeLabel);
  pdf.section("The customer's words");
  pdf.text(o.customerWords ?? '(none recorded)');
  pdf.section('Filled in by the crew');
  if (o.meterNumber) pdf.text('Reading: ______________________    Read code:  [ ] OK   [ ] Meter changed   [ ] Rollover   [ ] No access');
  writeLines(pdf, 'Findings', 4);
  writeLines(pdf, 'Materials used', 2);
  pdf.text('Completed by: ______________________    Date and time: ______________________');
}

export async function renderTicketPdf(o: WorkOrderDetail, town: TownInfo): Promise<PdfDoc> {
  const pdf = new PdfWriter(`Work order ${o.number}`, { timeZone: town.timeZone });
  ticketBody(pdf, o, town);
  const out = await pdf.finish(`${town.name} — ${o.number}`);
  return { filename: `${o.number}.pdf`, contentBase64: out.bytes.toString('base64'), pages: out.pages };
}

export async function renderRouteSheetPdf(crew: CrewView, date: string, orders: WorkOrderDetail[], town: TownInfo): Promise<PdfDoc> {
  const pdf = new PdfWriter(`Route sheet ${crew.name} ${date}`, { timeZone: town.timeZone });
  pdf.heading({ town: town.name, title: `Route sheet — ${crew.name}`, subtitle: `${date} — ${orders.length} order(s), in route order` });
  if (orders.length === 0) pdf.text('No orders are dispatched to this crew.');
  else
    pdf.table(
      [
        { header: '#', width: 24 },
        { header: 'Order', width: 100 },
        { header: 'Type', width: 80 },
        { header: 'Address / landmark', width: 130 },
        { header: 'Meter (last read)', width: 90 },
        { header: 'Reading', width: 44 },
        { header: 'Done', width: 44 },
      ],
      orders.map((o, i) => [
        String(o.routeSeq ?? i + 1),
        `${o.number}${o.priority === 'emergency' || o.priority === 'high' ? ` (${PRIORITY[o.priority]})` : ''}`,
        o.typeLabel,
        o.landmark ? `${o.address} — ${o.landmark}` : o.address,
        o.meterNumber ? `${o.meterNumber}${o.lastReading ? ` (${o.lastReading.value.toLocaleString('en-US')})` : ''}` : '',
        '',
        '',
      ]),
    );
  const out = await pdf.finish(`${town.name} — route sheet ${crew.name} ${date}`);
  return { filename: `route-sheet-${crew.name.replace(/[^A-Za-z0-9]+/g, '-')}-${date}.pdf`, contentBase64: out.bytes.toString('base64'), pages: out.pages };
}

const hours = (h: number | null) => (h === null ? '—' : h.toFixed(1));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

export async function renderTurnaroundPdf(r: TurnaroundReport, town: TownInfo): Promise<PdfDoc> {
  const pdf = new PdfWriter(`Work order turnaround ${r.from} to ${r.to}`, { timeZone: town.timeZone });
  pdf.heading({ town: town.name, title: 'Work order turnaround', subtitle: `Orders created ${r.from} to ${r.to} (${r.timeZone})` });
  pdf.section('By type');
  pdf.table(
    [
      { header: 'Type', width: 120 },
      { header: 'Division', width: 62 },
      { header: 'Target h', width: 50, align: 'right' },
      { header: 'Created', width: 50, align: 'right' },
      { header: 'Done', width: 40, align: 'right' },
      { header: 'Median h', width: 55, align: 'right' },
      { header: '90th pct h', width: 60, align: 'right' },
      { header: 'In target', width: 75, align: 'right' },
    ],
    r.rows.map((x) => [x.typeLabel, x.division, String(x.targetHours), String(x.created), String(x.completed), hours(x.medianHours), hours(x.p90Hours), `${x.withinTarget} (${pct(x.withinTargetShare)})`]),
  );
  pdf.section('By division');
  pdf.table(
    [
      { header: 'Division', width: 120 },
      { header: 'Created', width: 70, align: 'right' },
      { header: 'Done', width: 70, align: 'right' },
      { header: 'Median h', width: 80, align: 'right' },
      { header: '90th pct h', width: 80, align: 'right' },
      { header: 'In target', width: 92, align: 'right' },
    ],
    r.divisions.map((x) => [x.division, String(x.created), String(x.completed), hours(x.medianHours), hours(x.p90Hours), `${x.withinTarget} (${pct(x.withinTargetShare)})`]),
  );
  // The chart: share of completed orders done within target, one bar per type.
  const chartRows = r.rows.filter((x) => x.withinTargetShare !== null);
  if (chartRows.length) {
    pdf.section('Share done within target');
    for (const x of chartRows) {
      pdf.block(14, (doc, edge) => {
        const barLeft = edge.left + 150;
        const barWidth = edge.right - barLeft - 40;
        const y = doc.y;
        const share = x.withinTargetShare ?? 0;
        doc.font('Helvetica').fontSize(8).fillColor('black').text(x.typeLabel, edge.left, y + 2, { width: 145, lineBreak: false });
        doc.rect(barLeft, y, barWidth, 10).lineWidth(0.5).stroke();
        if (share > 0) doc.rect(barLeft, y, barWidth * share, 10).fill(share >= 0.9 ? '#2e7d32' : share >= 0.7 ? '#f9a825' : '#c62828');
        doc.fillColor('black').text(pct(share), barLeft + barWidth + 4, y + 2, { lineBreak: false });
        doc.y = y + 14;
      });
    }
  }
  const out = await pdf.finish(`${town.name} — work order turnaround ${r.from} to ${r.to}`);
  return { filename: `work-order-turnaround-${r.from}-to-${r.to}.pdf`, contentBase64: out.bytes.toString('base64'), pages: out.pages };
}
