// The receipt journal of one business day on screen: every receipt (counter and mail) with its
// cashier, payer, tenders, total and status — posted, VOID or RETURNED.
import { useId, useRef } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import { formatDate, formatTimestamp, money } from '../../ui/format';
import { printSection } from './print-section';
import { ReportActions } from './ReportActions';
import { tenderSummary } from './report-format';

export type ReceiptJournal = MethodOutput<'reports.receiptJournal'>;

const STATUS: Record<ReceiptJournal['rows'][number]['status'], { label: string; className: string }> = {
  posted: { label: 'Posted', className: '' },
  void: { label: 'VOID', className: 'badge badge-alert' },
  returned: { label: 'RETURNED', className: 'badge badge-warn' },
};

export function ReceiptJournalView({ report: r, canDownload }: { report: ReceiptJournal; canDownload: boolean }) {
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const voids = r.rows.filter((x) => x.status === 'void').length;
  return (
    <section ref={sectionRef} className="report receipt-journal" aria-labelledby={headingId}>
      <h2 id={headingId}>Receipt journal {formatDate(r.businessDate)}</h2>
      <table className="data">
        <caption>
          Receipts of {formatDate(r.businessDate)}: {r.rows.length} ({voids} void)
        </caption>
        <thead>
          <tr>
            <th scope="col">Receipt</th>
            <th scope="col">Time</th>
            <th scope="col">Cashier</th>
            <th scope="col">Source</th>
            <th scope="col">Payer</th>
            <th scope="col">Tenders</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {r.rows.length === 0 ? (
            <tr>
              <td colSpan={8}>No receipts on this day.</td>
            </tr>
          ) : (
            r.rows.map((x) => (
              <tr key={x.number} className={x.status === 'void' ? 'row-void' : undefined}>
                <td>{x.number}</td>
                <td>{formatTimestamp(x.postedAt)}</td>
                <td>{x.cashier}</td>
                <td>{x.source === 'mail' ? 'Mail' : 'Counter'}</td>
                <td>{x.payer ?? ''}</td>
                <td>{tenderSummary(x.tenders)}</td>
                <td className="num">{money(x.totalCents)}</td>
                <td>{STATUS[x.status].className ? <span className={STATUS[x.status].className}>{STATUS[x.status].label}</span> : STATUS[x.status].label}</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={6}>
              Total posted (not void)
            </th>
            <td className="num">{money(r.totalPostedCents)}</td>
            <td />
          </tr>
          <tr>
            <th scope="row" colSpan={6}>
              Total void
            </th>
            <td className="num">{money(r.totalVoidCents)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      <ReportActions pdfs={canDownload ? [{ label: 'Download PDF', request: { kind: 'receiptJournal', businessDate: r.businessDate } }] : []} onPrint={() => printSection(sectionRef.current)} />
    </section>
  );
}
