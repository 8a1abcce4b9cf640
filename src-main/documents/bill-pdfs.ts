// Bill documents: one letter page per bill — the town's heading, account and service address,
// the meter readings behind the bill (estimated ones marked), charges by service, the account's
// story since the last bill (previous balance, payments since, amount due, due date), a
// 13-month consumption bar chart drawn with the writer's vector operations, and a tear-off
// stub with the scan line the counter and the mail batch read. Pages are streamed (the writer's
// stream mode): a part of a run is rendered page by page into its output, never held whole.
import type { Writable } from 'node:stream';
import type { BillDoc } from '../core/billing/bill-docs';
import { SERVICE_LABELS } from '../../src-shared/domain';
import { PdfWriter } from './pdf';

export interface BillTown {
  name: string;
  address: string;
  phone: string;
  timeZone: string;
}

const money = (cents: number) => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const day = (iso: string | null) => (iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : '');
const num = (n: number | null) => (n === null ? '' : n.toLocaleString('en-US'));

/** Top of the tear-off stub (points from the top of a letter page). */
const STUB_TOP = 612;

function drawBill(pdf: PdfWriter, b: BillDoc, town: BillTown, opts: { duplicate: boolean; printedAt: string | null }): void {
  const doc = pdf.doc;
  const L = pdf.left;
  const R = pdf.right;
  pdf.heading({ town: town.name, title: opts.duplicate ? 'Utility bill — DUPLICATE' : 'Utility bill', subtitle: `${town.address} · ${town.phone}` });
  if (opts.duplicate) {
    // A plain box in the corner (not a rotated watermark: the text must read back in order).
    const y0 = doc.y;
    doc.save().lineWidth(1.5).rect(pdf.right - 110, 44, 110, 24).stroke().restore();
    doc.font('Helvetica-Bold').fontSize(14).text('DUPLICATE', pdf.right - 110, 50, { width: 110, align: 'center', lineBreak: false });
    doc.font('Helvetica').fontSize(10);
    doc.y = y0;
  }
  // Account block (left) and the dates (right).
  let y = doc.y;
  doc.font('Helvetica').fontSize(9);
  const left: Array<[string, string]> = [
    ['Account', b.accountNumber],
    ['Name', b.name],
    ['Service address', b.serviceAddress],
    ['Mailing address', `${b.mailing.street}, ${b.mailing.city}, ${b.mailing.state} ${b.mailing.zip}`],
  ];
  const right: Array<[string, string]> = [
    ['Bill date', day(b.billDate)],
    ['Service period', `${day(b.periodFrom)} – ${day(b.periodTo)}`],
    ['Due date', day(b.dueDate)],
    ...(opts.printedAt ? ([['Printed', pdf.time(opts.printedAt)]] as Array<[string, string]>) : []),
  ];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    const r = right[i];
    if (l) {
      doc.font('Helvetica-Bold').text(l[0], L, y, { width: 90, lineBreak: false });
      doc.font('Helvetica').text(l[1], L + 90, y, { width: 215, lineBreak: false, ellipsis: true });
    }
    if (r) {
      doc.font('Helvetica-Bold').text(r[0], L + 310, y, { width: 75, lineBreak: false });
      doc.font('Helvetica').text(r[1], L + 385, y, { width: R - L - 385, lineBreak: false });
    }
    y += 13;
  }

  // Meter readings.
  y += 8;
  doc.font('Helvetica-Bold').fontSize(10).text('Meter readings', L, y);
  y += 14;
  const cols = [
    { h: 'Service', x: L, w: 60 },
    { h: 'Meter', x: L + 60, w: 70 },
    { h: 'Previous', x: L + 130, w: 120 },
    { h: 'Current', x: L + 250, w: 130 },
    { h: 'Mult.', x: L + 380, w: 40 },
    { h: 'Consumption', x: L + 420, w: R - L - 420 },
  ];
  doc.font('Helvetica-Bold').fontSize(8);
  for (const c of cols) doc.text(c.h, c.x, y, { width: c.w - 4, lineBreak: false, align: c.h === 'Consumption' || c.h === 'Mult.' ? 'right' : 'left' });
  y += 11;
  doc.moveTo(L, y - 2).lineTo(R, y - 2).lineWidth(0.5).stroke();
  doc.font('Helvetica');
  if (b.readings.length === 0) {
    doc.text('No metered service on this bill.', L, y, { lineBreak: false });
    y += 11;
  }
  for (const r of b.readings) {
    const unit = r.service === 'water' ? 'gal' : 'kWh';
    const cells = [
      r.service === 'water' ? 'Water' : 'Electric',
      r.meterNumber,
      r.prevReadOn ? `${day(r.prevReadOn)}  ${num(r.prevValue)}` : num(r.prevValue),
      `${day(r.curReadOn)}  ${num(r.curValue)}${r.estimated ? ' (ESTIMATED)' : ''}`,
      String(r.multiplier),
      `${num(r.consumption)} ${unit}`,
    ];
    cells.forEach((v, i) => doc.text(v, cols[i]!.x, y, { width: cols[i]!.w - 4, lineBreak: false, align: i >= 4 ? 'right' : 'left' }));
    y += 11;
  }
  if (b.estimated) {
    doc.font('Helvetica-Oblique').text('An estimated reading: the next actual reading will true up the difference.', L, y, { lineBreak: false });
    doc.font('Helvetica');
    y += 11;
  }

  // Charges (left) and the account summary (right).
  y += 10;
  const top = y;
  doc.font('Helvetica-Bold').fontSize(10).text('Current charges', L, y);
  y += 14;
  doc.font('Helvetica').fontSize(9);
  for (const c of b.charges) {
    doc.text(SERVICE_LABELS[c.service], L, y, { width: 150, lineBreak: false });
    doc.text(money(c.cents), L + 150, y, { width: 90, align: 'right', lineBreak: false });
    y += 12;
  }
  doc.moveTo(L, y).lineTo(L + 240, y).lineWidth(0.5).stroke();
  y += 3;
  doc.font('Helvetica-Bold').text('Total current charges', L, y, { width: 150, lineBreak: false });
  doc.text(money(b.currentCents), L + 150, y, { width: 90, align: 'right', lineBreak: false });
  const leftBottom = y + 14;

  let ry = top;
  const RX = L + 290;
  doc.font('Helvetica-Bold').fontSize(10).text('Account summary', RX, ry);
  ry += 14;
  doc.font('Helvetica').fontSize(9);
  const summary: Array<[string, number, boolean]> = [
    ['Previous balance', b.previousBalanceCents, false],
    ['Payments and credits since last bill', b.paymentsSinceCents, false],
    ...(b.otherChargesSinceCents !== 0 ? ([['Other charges since last bill', b.otherChargesSinceCents, false]] as Array<[string, number, boolean]>) : []),
    ['Current charges', b.currentCents, false],
    ['Amount due', b.amountDueCents, true],
  ];
  for (const [label, cents, bold] of summary) {
    if (bold) {
      doc.moveTo(RX, ry).lineTo(R, ry).lineWidth(0.5).stroke();
      ry += 3;
    }
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(label, RX, ry, { width: 170, lineBreak: false });
    doc.text(money(cents), RX + 170, ry, { width: R - RX - 170, align: 'right', lineBreak: false });
    ry += 12;
  }
  doc.font('Helvetica-Bold').text(`Due by ${day(b.dueDate)}`, RX, ry + 2, { lineBreak: false });
  y = Math.max(leftBottom, ry + 16) + 10;

  // 13-month consumption chart, drawn with vector operations.
  drawChart(pdf, b, L, y, R - L, Math.min(170, STUB_TOP - 24 - y));

  // Tear-off stub.
  const sy = STUB_TOP;
  doc.save().dash(4, { space: 3 }).moveTo(L - 20, sy).lineTo(R + 20, sy).lineWidth(0.7).stroke().undash().restore();
  doc.font('Helvetica').fontSize(7).text('Detach and return this stub with your payment', L, sy + 3, { width: R - L, align: 'center', lineBreak: false });
  doc.font('Helvetica-Bold').fontSize(11).text(town.name, L, sy + 18, { lineBreak: false });
  doc.font('Helvetica').fontSize(9);
  const stub: Array<[string, string]> = [
    ['Account', b.accountNumber],
    ['Name', b.name],
    ['Service address', b.serviceAddress],
    ['Due date', day(b.dueDate)],
    ['Amount due', money(Math.max(0, b.amountDueCents))],
  ];
  let ty = sy + 36;
  for (const [k, v] of stub) {
    doc.font('Helvetica-Bold').text(k, L, ty, { width: 90, lineBreak: false });
    doc.font('Helvetica').text(v, L + 90, ty, { width: 220, lineBreak: false, ellipsis: true });
    ty += 12;
  }
  doc.font('Helvetica').fontSize(8).text('Amount enclosed', L + 330, sy + 36, { lineBreak: false });
  doc.rect(L + 330, sy + 48, R - L - 330, 22).lineWidth(0.7).stroke();
  doc.font('Helvetica').fontSize(8).text(`Make checks payable to ${town.name}`, L + 330, sy + 76, { width: R - L - 330, lineBreak: false });
  doc.font('Courier-Bold').fontSize(13).text(b.scanLine, L, sy + 104, { width: R - L, align: 'center', lineBreak: false, characterSpacing: 1.5 });
  doc.font('Helvetica').fontSize(10);
}

function drawChart(pdf: PdfWriter, b: BillDoc, x: number, y: number, width: number, height: number): void {
  const doc = pdf.doc;
  const pts = b.history.points;
  doc.font('Helvetica-Bold').fontSize(10).text(`Your consumption, last ${pts.length} bill${pts.length === 1 ? '' : 's'} (${b.history.unit})`, x, y, { lineBreak: false });
  const top = y + 16;
  const axisY = top + height - 42;
  const chartH = axisY - top - 10;
  const max = Math.max(1, ...pts.map((p) => p.units));
  const slot = width / 13;
  doc.moveTo(x, axisY).lineTo(x + width, axisY).lineWidth(0.5).stroke();
  pts.forEach((p, i) => {
    const h = Math.round((p.units / max) * chartH);
    const bx = x + i * slot + slot * 0.15;
    const bw = slot * 0.7;
    const last = i === pts.length - 1;
    if (h > 0) doc.rect(bx, axisY - h, bw, h).fill(last ? '#1f4e79' : '#8aa9c8');
    doc.fillColor('black').font('Helvetica').fontSize(6.5);
    doc.text(num(p.units), bx - 6, axisY - h - 9, { width: bw + 12, align: 'center', lineBreak: false });
    doc.text(`${p.billDate.slice(5, 7)}/${p.billDate.slice(2, 4)}`, bx - 4, axisY + 3, { width: bw + 8, align: 'center', lineBreak: false });
  });
  doc.fillColor('black');
}

/**
 * Renders bills to `out`, one page each, drawing them one at a time from `bills` (a generator
 * that reads each from the ledger as it is needed) and yielding to the event loop every few
 * pages. Resolves with the page count once every byte has reached `out`.
 */
export async function streamBillsPdf(
  bills: Iterable<BillDoc>,
  town: BillTown,
  out: Writable,
  opts: { title: string; duplicate?: boolean; printedAt?: string | null; onPage?: (pages: number) => void } = { title: 'Bills' },
): Promise<{ pages: number }> {
  const pdf = new PdfWriter(opts.title, { timeZone: town.timeZone, stream: out, creationDate: new Date(0) });
  let n = 0;
  for (const b of bills) {
    if (n > 0) pdf.newPage();
    drawBill(pdf, b, town, { duplicate: opts.duplicate === true, printedAt: opts.printedAt ?? null });
    n++;
    opts.onPage?.(n);
    if (n % 20 === 0) await new Promise<void>((r) => setImmediate(r));
  }
  if (n === 0) pdf.text('No bills.');
  return pdf.finishStream();
}
