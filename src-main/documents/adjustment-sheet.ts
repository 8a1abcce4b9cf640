// The adjustment sheet: one page per adjustment with the account, the charge it corrects, the
// reason, amount and explanation, who requested and who approved (or rejected) it and when (in
// the town's time zone), a leak calculation's arithmetic, and signature lines. Drawn only from
// the adjustment as recorded, so a reprint is the same sheet.
import type { AdjustmentView } from '../../src-shared/ipc/adjustment-schemas';
import { formatCents } from '../../src-shared/money';
import { PdfWriter } from './pdf';
import type { PdfDoc, TownInfo } from './work-order-pdfs';

const money = (c: number) => formatCents(c, { symbol: true });
const STATUS = { pending: 'PENDING SUPERVISOR APPROVAL', posted: 'POSTED', rejected: 'REJECTED' } as const;

export async function renderAdjustmentSheet(a: AdjustmentView, town: TownInfo): Promise<PdfDoc> {
  const pdf = new PdfWriter(`Adjustment ${a.number}`, { timeZone: town.timeZone });
  pdf.heading({ town: town.name, title: `Adjustment sheet ${a.number}`, subtitle: `${a.reasonLabel} — ${STATUS[a.status]}` });
  pdf.keyValues([
    ['Account', `${a.accountNumber} — ${a.customerName}`],
    ['Charge corrected', `${a.chargeDescription} (due ${a.chargeDueDate})`],
    ['Charge amount', money(a.chargeAmountCents)],
    ['Reason', a.reasonLabel],
    ['Adjustment amount', money(a.amountCents)],
    ['Still open on the charge', money(a.chargeOpenCents)],
  ]);
  pdf.section('Explanation');
  pdf.text(a.explanation);
  if (a.calculation) {
    const c = a.calculation;
    pdf.section('Leak calculation');
    pdf.text(`Bill of ${c.billDate} for ${c.periodFrom} to ${c.periodTo}: ${c.gallons.toLocaleString('en-US')} gallons.`);
    for (const line of c.arithmetic) pdf.text(line);
  }
  pdf.section('Requested and decided');
  const rows: Array<[string, string]> = [['Requested', `${pdf.time(a.requestedAt)} by ${a.requestedBy ?? 'unknown'} at station ${a.station}`]];
  if (a.status === 'posted') rows.push([a.needsApproval ? 'Approved' : 'Posted (within the approval limit)', `${pdf.time(a.decidedAt)} by ${a.decidedBy ?? ''}`]);
  if (a.status === 'rejected') rows.push(['Rejected', `${pdf.time(a.decidedAt)} by ${a.decidedBy ?? ''}: ${a.decisionReason ?? ''}`]);
  if (a.status === 'pending') rows.push(['Approval', 'waiting for a supervisor']);
  if (a.entryId !== null) rows.push(['Journal entry', String(a.entryId)]);
  pdf.keyValues(rows);
  pdf.signatureLines(['Requested by (clerk)', 'Approved by (supervisor)']);
  const out = await pdf.finish(`${town.name} — ${a.number}`);
  return { filename: `${a.number}.pdf`, contentBase64: out.bytes.toString('base64'), pages: out.pages };
}
