// The returned-payment letter (NSF, closed account, stop payment) as a one-page PDF: the town's
// heading, the date in the town's time zone, the customer's mailing address, what was returned,
// the fee charged (G.S. 25-3-506), what is owed now and how to pay it.
import type { ReturnedPaymentLetter } from '../core/counter/returns';
import { formatCents } from '../../src-shared/money';
import type { PdfResult } from './day-end-pdfs';
import { PdfWriter } from './pdf';

const m = (c: number) => formatCents(c, { symbol: true });

/** "March 16, 2026" for an instant, in the town's calendar. */
function townDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
}

export async function returnedPaymentLetterPdf(l: ReturnedPaymentLetter, town: { name: string; address: string; phone: string; timeZone: string }): Promise<PdfResult> {
  const pdf = new PdfWriter(`Returned payment letter ${l.letterId}`);
  pdf.heading({ town: town.name, title: 'Returned payment notice', subtitle: `${town.address} — ${town.phone}` });
  pdf.text(townDate(l.createdAt, town.timeZone));
  pdf.text(' ');
  for (const line of [l.customer.name, l.customer.street, `${l.customer.city}, ${l.customer.state} ${l.customer.zip}`]) pdf.text(line);
  pdf.text(' ');
  pdf.text(`Account ${l.accountNumber}`);
  pdf.text(`Re: ${l.subject}`);
  pdf.text(' ');
  pdf.text(`Dear ${l.customer.name}:`);
  pdf.text(' ');
  const what = l.checkNumber ? `check number ${l.checkNumber}` : 'payment';
  pdf.text(
    `Your ${what}${l.amountCents !== null ? ` for ${m(l.amountCents)}` : ''}${l.receiptNumber ? `, received on receipt ${l.receiptNumber},` : ''} was returned unpaid by your bank${l.reason ? ` (${l.reason})` : ''}. The payment has been removed from your account.`,
  );
  pdf.text(' ');
  if (l.feeCents > 0) pdf.text(`A returned payment fee of ${m(l.feeCents)} has been charged to your account, as North Carolina law allows (G.S. 25-3-506).`);
  pdf.keyValues([
    ['Returned payment', l.amountCents !== null ? m(l.amountCents) : '—'],
    ['Returned payment fee', m(l.feeCents)],
    ['Balance on your account now', m(l.balanceCents)],
  ]);
  pdf.text(' ');
  pdf.text('Please pay the balance in cash, by money order or with certified funds at the town office, or call us to make arrangements, so your service is not interrupted.');
  if (l.cashOnly) {
    pdf.text(' ');
    pdf.text('Because this is the second returned payment on your account in twelve months, the town can no longer accept personal checks or bank drafts from you: please pay in cash, by money order or with certified funds.');
  }
  pdf.text(' ');
  pdf.text('Sincerely,');
  pdf.text(' ');
  pdf.text(`${town.name} Utility Billing Office`);
  return pdf.finish(`${town.name} returned payment letter ${l.letterId}`);
}
