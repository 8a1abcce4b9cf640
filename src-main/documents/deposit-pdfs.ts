// The deposit liability report as PDF: per account the deposit held, unpaid and paid, the totals,
// and the GL 2200 balance they must equal.
import { formatCents } from '../../src-shared/money';
import type { LiabilityReport } from '../core/service-desk/deposit-refunds';
import type { PdfResult } from './day-end-pdfs';
import { PdfWriter } from './pdf';
import { longDate } from './letters';

const m = (c: number) => formatCents(c, { symbol: true });

export async function liabilityReportPdf(r: LiabilityReport, town: { name: string; timeZone: string }, printedAt: string): Promise<PdfResult> {
  const pdf = new PdfWriter('Deposit liability report', { timeZone: town.timeZone });
  pdf.heading({ town: town.name, title: 'Deposit liability report', subtitle: `As of ${longDate(r.asOf, 'en')} — printed ${pdf.time(printedAt)}` });
  pdf.keyValues([
    ['Accounts holding a deposit', r.totals.accounts.toLocaleString('en-US')],
    ['Deposits held', m(r.totals.heldCents)],
    ['Charged, not yet paid', m(r.totals.unpaidCents)],
    ['Paid and held', m(r.totals.paidCents)],
    ['GL 2200 customer deposits', m(r.glBalanceCents)],
  ]);
  pdf.text(' ');
  pdf.table(
    [
      { header: 'Account', width: 70 },
      { header: 'Name', width: 170 },
      { header: 'Status', width: 62 },
      { header: 'Held', width: 70, align: 'right' },
      { header: 'Unpaid', width: 70, align: 'right' },
      { header: 'Paid', width: 70, align: 'right' },
    ],
    [
      ...r.rows.map((x) => [x.accountNumber, x.name, x.status.replace('_', ' '), m(x.heldCents), m(x.unpaidCents), m(x.paidCents)]),
      ['Total', `${r.totals.accounts} accounts`, '', m(r.totals.heldCents), m(r.totals.unpaidCents), m(r.totals.paidCents)],
    ],
    { boldLast: true },
  );
  return pdf.finish(`${town.name} deposit liability report as of ${r.asOf}`);
}
