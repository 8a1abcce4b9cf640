// End-of-day PDFs: deposit slip, drawer report, daily cash report and receipt journal, each
// built from the same report data the screens show.
import { DENOMINATIONS } from '../../src-shared/denominations';
import type { DailyCashReport, DrawerReport, MailDepositSlip, ReceiptJournalReport } from '../../src-shared/ipc/day-end-schemas';
import { formatCents } from '../../src-shared/money';
import { PdfWriter } from './pdf';

const m = (c: number) => formatCents(c, { symbol: true });
const denomLabel = (cents: number) => DENOMINATIONS.find((d) => d.cents === cents)?.label ?? `${m(cents)}`;
const TENDER_LABELS: Record<string, string> = { cash: 'Cash', check: 'Checks', card: 'Card', money_order: 'Money orders', remittance: 'Third-party remittances' };

/** The town as a document needs it: its name, and the time zone every printed time is in. */
export interface Town {
  name: string;
  timeZone?: string;
}

export interface PdfResult {
  bytes: Buffer;
  pages: number;
}

export async function depositSlipPdf(r: DrawerReport, town: Town & { address: string }): Promise<PdfResult> {
  if (!r.count) throw new Error('the drawer has not been counted');
  const pdf = new PdfWriter(`Deposit slip ${r.businessDate} drawer ${r.drawerId}`, { timeZone: town.timeZone });
  pdf.heading({ town: town.name, title: 'Deposit slip', subtitle: `Business date ${r.businessDate} — station ${r.station} — ${r.cashier} — drawer ${r.drawerId}` });
  pdf.section('Currency and coin');
  const cashRows = r.count.cash.map((c) => [denomLabel(c.denominationCents), String(c.count), m(c.denominationCents * c.count)]);
  const pickupCash = r.pickupsCents;
  cashRows.push(['Counted in drawer', '', m(r.count.countedCashCents)]);
  cashRows.push(['Less starting bank kept for tomorrow', '', m(-r.startingCents)]);
  if (pickupCash > 0) cashRows.push(['Plus cash picked up during the day', '', m(pickupCash)]);
  const cashDeposit = r.count.countedCashCents - r.startingCents + pickupCash;
  cashRows.push(['Cash to deposit', '', m(cashDeposit)]);
  pdf.table([{ header: 'Denomination', width: 260 }, { header: 'Count', width: 80, align: 'right' }, { header: 'Amount', width: 172, align: 'right' }], cashRows, { boldLast: true });
  pdf.section('Checks and money orders');
  const checkRows = r.count.checks.map((c) => [c.checkNumber, c.payer ?? '', m(c.amountCents)]);
  checkRows.push([`${r.count.checks.length} items`, 'Total checks', m(r.count.countedChecksCents)]);
  pdf.table([{ header: 'Check / MO number', width: 140 }, { header: 'Payer', width: 200 }, { header: 'Amount', width: 172, align: 'right' }], checkRows, { boldLast: true });
  pdf.section('Deposit total');
  pdf.keyValues([
    ['Cash', m(cashDeposit)],
    ['Checks and money orders', m(r.count.countedChecksCents)],
    ['Grand total', m(cashDeposit + r.count.countedChecksCents)],
  ]);
  pdf.text(`Deposit daily as required by G.S. 159-32. ${town.address}`);
  pdf.signatureLines(['Prepared by (cashier)', 'Verified by (supervisor)']);
  return pdf.finish(`${town.name} deposit slip ${r.businessDate}`);
}

export async function drawerReportPdf(r: DrawerReport, town: Town): Promise<PdfResult> {
  const pdf = new PdfWriter(`Drawer report ${r.businessDate} drawer ${r.drawerId}`, { timeZone: town.timeZone });
  pdf.heading({ town: town.name, title: 'Drawer report', subtitle: `Business date ${r.businessDate} — station ${r.station} — ${r.cashier}` });
  pdf.keyValues([
    ['Opened', pdf.time(r.openedAt)],
    ['Closed', pdf.time(r.closedAt, 'still open')],
    ['Starting bank', m(r.startingCents)],
    ['Receipts posted', String(r.receiptCount)],
    ['Collected (net of voids)', m(r.collectedCents)],
    ['Voids', `${r.voids.count} (${m(r.voids.totalCents)})`],
  ]);
  pdf.section('Tenders');
  pdf.table(
    [{ header: 'Tender', width: 300 }, { header: 'Amount', width: 212, align: 'right' }],
    [...Object.entries(TENDER_LABELS).map(([k, label]) => [label, m(r.tenders[k as keyof DrawerReport['tenders']])]), ['Change given', m(-r.tenders.change)]],
  );
  if (r.pickups.length > 0) {
    pdf.section('Cash pickups');
    pdf.table(
      [{ header: 'Time', width: 180 }, { header: 'Supervisor', width: 160 }, { header: 'Amount', width: 172, align: 'right' }],
      [...r.pickups.map((p) => [pdf.time(p.at), p.supervisor, m(p.amountCents)]), ['', 'Total pickups', m(r.pickupsCents)]],
      { boldLast: true },
    );
  }
  pdf.section('Count and variance');
  const exp = (k: 'cash' | 'checks' | 'card') => (r.expected ? m(r.expected[k]) : '—');
  const rows: string[][] = [
    ['Cash', exp('cash'), r.count ? m(r.count.countedCashCents) : '—', r.variances ? m(r.variances.cash) : '—'],
    ['Checks and money orders', exp('checks'), r.count ? m(r.count.countedChecksCents) : '—', r.variances ? m(r.variances.checks) : '—'],
    ['Card (terminal batch)', exp('card'), r.count ? m(r.count.cardBatchCents) : '—', r.variances ? m(r.variances.card) : '—'],
  ];
  if (r.overShortCents !== null) rows.push(['Over (short)', '', '', m(r.overShortCents)]);
  pdf.table([{ header: '', width: 180 }, { header: 'Expected', width: 110, align: 'right' }, { header: 'Counted', width: 110, align: 'right' }, { header: 'Variance', width: 112, align: 'right' }], rows, { boldLast: r.overShortCents !== null });
  if (r.counts.length > 0) {
    // Every submitted count: the cashier's count of record first, then each recount (who, when).
    pdf.section(r.counts.length > 1 ? `Counts (${r.counts.length}): the first is the count of record` : 'Count of record');
    pdf.table(
      [{ header: 'Count', width: 72 }, { header: 'Counted by', width: 90 }, { header: 'When', width: 110 }, { header: 'Cash', width: 60, align: 'right' }, { header: 'Checks', width: 60, align: 'right' }, { header: 'Card', width: 55, align: 'right' }, { header: 'Variance', width: 65, align: 'right' }],
      r.counts.map((c, i) => [i === 0 ? 'Count of record' : `Recount ${i}`, c.countedBy, pdf.time(c.at), m(c.countedCashCents), m(c.countedChecksCents), m(c.cardBatchCents), m(c.variances.cash + c.variances.checks + c.variances.card)]),
    );
  }
  if (r.closeNote) pdf.text(`Supervisor note (${r.approvedBy ?? ''}): ${r.closeNote}`);
  pdf.signatureLines(['Cashier', 'Supervisor']);
  return pdf.finish(`${town.name} drawer report ${r.businessDate}`);
}

export async function dailyCashReportPdf(r: DailyCashReport, opts: { timeZone?: string } = {}): Promise<PdfResult> {
  const pdf = new PdfWriter(`Daily cash report ${r.businessDate}`, { timeZone: opts.timeZone });
  pdf.heading({ town: r.townName, title: 'Daily cash report', subtitle: `Business date ${r.businessDate} — ${r.status === 'closed' ? `closed ${pdf.time(r.closedAt)} by ${r.closedBy ?? ''}` : 'day still open'}` });
  pdf.section('Totals by tender');
  pdf.table(
    [{ header: 'Tender', width: 300 }, { header: 'Amount', width: 212, align: 'right' }],
    [...Object.entries(TENDER_LABELS).map(([k, label]) => [label, m(r.tenders[k as keyof DailyCashReport['tenders']])]), ['Change given', m(-r.changeCents)], ['Net collected', m(r.netCollectedCents)]],
    { boldLast: true },
  );
  pdf.section('By revenue');
  pdf.table([{ header: 'Revenue', width: 300 }, { header: 'GL', width: 60 }, { header: 'Amount', width: 152, align: 'right' }], r.byRevenue.map((x) => [x.label, x.glCode, m(x.amountCents)]));
  pdf.section('By GL account (payments, voids, returned payments, over/short)');
  pdf.table(
    [{ header: 'GL', width: 50 }, { header: 'Account', width: 250 }, { header: 'Debits', width: 106, align: 'right' }, { header: 'Credits', width: 106, align: 'right' }],
    [...r.byGl.map((g) => [g.glCode, g.name, m(g.debitCents), m(g.creditCents)]), ['', 'Totals', m(r.byGl.reduce((s, g) => s + g.debitCents, 0)), m(r.byGl.reduce((s, g) => s + g.creditCents, 0))]],
    { boldLast: true },
  );
  pdf.section('Reconciliation: tender totals to the GL section');
  pdf.table(
    [{ header: '', width: 352 }, { header: 'Entries', width: 60, align: 'right' }, { header: 'Amount', width: 100, align: 'right' }],
    [
      ...r.reconciliation.lines.map((l) => [l.label, l.count === null ? '' : String(l.count), m(l.amountCents)]),
      ['Collection accounts in the GL section should net to', '', m(r.reconciliation.expectedGlCents)],
      ['Collection accounts in the GL section (1010–1060, debits less credits)', '', m(r.reconciliation.glCents)],
      [r.reconciliation.differenceCents === 0 ? 'Difference (ties out)' : 'Difference — does not tie out', '', m(r.reconciliation.differenceCents)],
    ],
    { boldLast: true },
  );
  pdf.section('Deposit slips');
  const depositRows = r.deposits.map((d) => [d.label, m(d.cashCents), `${d.checkCount}`, m(d.checksCents), m(d.cashCents + d.checksCents)]);
  depositRows.push(['Total to deposit', m(r.deposits.reduce((x, d) => x + d.cashCents, 0)), String(r.deposits.reduce((x, d) => x + d.checkCount, 0)), m(r.deposits.reduce((x, d) => x + d.checksCents, 0)), m(r.deposits.reduce((x, d) => x + d.cashCents + d.checksCents, 0))]);
  pdf.table([{ header: 'Slip', width: 192 }, { header: 'Cash', width: 80, align: 'right' }, { header: 'Checks', width: 60, align: 'right' }, { header: 'Checks amount', width: 90, align: 'right' }, { header: 'Total', width: 90, align: 'right' }], depositRows, { boldLast: true });
  if (r.checksNotDeposited.length === 0) pdf.text('Every check and money order received on the day is on a deposit slip.');
  else {
    pdf.text('Checks and money orders on no deposit slip:');
    pdf.table([{ header: 'Receipt', width: 90 }, { header: 'Kind', width: 80 }, { header: 'Number', width: 80 }, { header: 'Why', width: 182 }, { header: 'Amount', width: 80, align: 'right' }], r.checksNotDeposited.map((c) => [c.receiptNumber, TENDER_LABELS[c.kind] ?? c.kind, c.checkNumber ?? 'not given', c.why, m(c.amountCents)]));
  }
  pdf.section('By cashier');
  pdf.table([{ header: 'Cashier', width: 250 }, { header: 'Receipts', width: 80, align: 'right' }, { header: 'Voids', width: 60, align: 'right' }, { header: 'Net', width: 122, align: 'right' }], r.byCashier.map((c) => [c.cashier, String(c.receipts), String(c.voids), m(c.netCents)]));
  pdf.section('Drawers and over/short');
  pdf.table(
    [{ header: 'Drawer', width: 60 }, { header: 'Cashier', width: 200 }, { header: 'Station', width: 80 }, { header: 'Over (short)', width: 172, align: 'right' }],
    [...r.drawers.map((d) => [String(d.drawerId), d.cashier, d.station, d.overShortCents === null ? 'not closed' : m(d.overShortCents)]), ['', 'Total over (short)', '', m(r.overShortCents)]],
    { boldLast: true },
  );
  pdf.section('Voids');
  if (r.voids.length === 0) pdf.text('None.');
  else pdf.table([{ header: 'Receipt', width: 90 }, { header: 'Cashier', width: 120 }, { header: 'Approved by', width: 110 }, { header: 'Reason', width: 112 }, { header: 'Amount', width: 80, align: 'right' }], r.voids.map((v) => [v.receiptNumber, v.cashier, v.approvedBy ?? '', v.reason ?? '', m(v.amountCents)]));
  pdf.section('Returned payments');
  if (r.returned.length === 0) pdf.text('None.');
  else pdf.table([{ header: 'Receipt', width: 100 }, { header: 'Reason', width: 232 }, { header: 'Fee', width: 80, align: 'right' }, { header: 'Amount', width: 100, align: 'right' }], r.returned.map((x) => [x.receiptNumber, x.reason, m(x.feeCents), m(x.amountCents)]));
  pdf.section('Mail batches');
  if (r.mailBatches.length === 0) pdf.text('None.');
  else pdf.table([{ header: 'Batch', width: 80 }, { header: 'Items', width: 80, align: 'right' }, { header: 'Posted', width: 200 }, { header: 'Total', width: 152, align: 'right' }], r.mailBatches.map((b) => [String(b.id), String(b.count), pdf.time(b.postedAt, 'not posted'), m(b.totalCents)]));
  pdf.section('Payment transfers');
  if (r.transfers.length === 0) pdf.text('None.');
  else pdf.table([{ header: 'Receipt', width: 80 }, { header: 'From account', width: 90 }, { header: 'To account', width: 90 }, { header: 'Reason', width: 172 }, { header: 'Amount', width: 80, align: 'right' }], r.transfers.map((x) => [x.receiptNumber, x.fromAccountNumber, x.toAccountNumber, `${x.reason}${x.approvedBy ? ` (approved by ${x.approvedBy})` : ''}`, m(x.amountCents)]));
  pdf.signatureLines(['Prepared by', 'Finance officer']);
  return pdf.finish(`${r.townName} daily cash report ${r.businessDate}`);
}

export async function receiptJournalPdf(r: ReceiptJournalReport, town: Town): Promise<PdfResult> {
  const pdf = new PdfWriter(`Receipt journal ${r.businessDate}`, { timeZone: town.timeZone });
  pdf.heading({ town: town.name, title: 'Receipt journal', subtitle: `Business date ${r.businessDate}` });
  pdf.table(
    [{ header: 'Receipt', width: 62 }, { header: 'Cashier', width: 70 }, { header: 'Source', width: 40 }, { header: 'Status', width: 52 }, { header: 'Payer / paid for', width: 150 }, { header: 'Tenders', width: 80 }, { header: 'Total', width: 58, align: 'right' }],
    r.rows.map((x) => [x.number, x.cashier, x.source, x.status.toUpperCase(), [x.payer, x.paidFor].filter((v) => v && v.length > 0).join(' — '), x.tenders.map((t) => `${TENDER_LABELS[t.kind] ?? t.kind} ${formatCents(t.amountCents)}`).join(', '), m(x.totalCents)]),
  );
  pdf.keyValues([
    ['Receipts', String(r.rows.length)],
    ['Total posted', m(r.totalPostedCents)],
    ['Total void', m(r.totalVoidCents)],
  ]);
  return pdf.finish(`${town.name} receipt journal ${r.businessDate}`);
}

/** A posted mail batch's deposit slip: every check and money order of the batch, with its total. */
export async function mailDepositSlipPdf(r: MailDepositSlip, town: { name: string; address: string }): Promise<PdfResult> {
  const pdf = new PdfWriter(`Deposit slip ${r.businessDate} mail batch ${r.batchId}`);
  pdf.heading({ town: town.name, title: 'Deposit slip — mail payments', subtitle: `Business date ${r.businessDate} — station ${r.station} — mail batch ${r.batchId}` });
  pdf.section('Checks and money orders');
  const rows = r.items.map((i) => [i.kind === 'check' ? (i.checkNumber ?? 'check, number not given') : `money order${i.checkNumber ? ` ${i.checkNumber}` : ''}`, i.payer ?? '', i.accountNumber, i.receiptNumber ?? '', m(i.amountCents)]);
  rows.push([`${r.items.length} items`, '', '', 'Total', m(r.totalCents)]);
  pdf.table([{ header: 'Check / MO number', width: 120 }, { header: 'Payer', width: 150 }, { header: 'Account', width: 80 }, { header: 'Receipt', width: 72 }, { header: 'Amount', width: 90, align: 'right' }], rows, { boldLast: true });
  pdf.section('Deposit total');
  pdf.keyValues([
    ['Checks and money orders', m(r.totalCents)],
    ['Grand total', m(r.totalCents)],
  ]);
  pdf.text(`Deposit daily as required by G.S. 159-32. ${town.address}`);
  pdf.signatureLines(['Prepared by', 'Verified by (supervisor)']);
  return pdf.finish(`${town.name} mail deposit slip ${r.businessDate}`);
}
