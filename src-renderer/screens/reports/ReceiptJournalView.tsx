// The receipt journal of one business day on screen: every receipt (counter and mail) with its
// cashier, payer, tenders, total and status — posted, VOID or RETURNED.
import { useId, useRef } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import { AmountCell, DataTable, TotalRow } from '../../ui/DataTable';
import { formatDate, useTownTime } from '../../ui/format';
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
  const { stamp } = useTownTime();
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const voids = r.rows.filter((x) => x.status === 'void').length;
  return (
    <section ref={sectionRef} className="report receipt-journal" aria-labelledby={headingId}>
      <h2 id={headingId}>Receipt journal {formatDate(r.businessDate)}</h2>
      <DataTable
        caption={
          <>
            Receipts of {formatDate(r.businessDate)}: {r.rows.length} ({voids} void)
          </>
        }
        columns={[{ label: 'Receipt' }, { label: 'Time' }, { label: 'Cashier' }, { label: 'Source' }, { label: 'Payer' }, { label: 'Tenders' }, { label: 'Total', num: true }, { label: 'Status' }]}
        rows={r.rows}
        empty="No receipts on this day."
        row={(x) => (
          <tr key={x.number} className={x.status === 'void' ? 'row-void' : undefined}>
            <td>{x.number}</td>
            <td>{stamp(x.postedAt)}</td>
            <td>{x.cashier}</td>
            <td>{x.source === 'mail' ? 'Mail' : 'Counter'}</td>
            <td>{x.payer ?? ''}</td>
            <td>{tenderSummary(x.tenders)}</td>
            <AmountCell cents={x.totalCents} />
            <td>{STATUS[x.status].className ? <span className={STATUS[x.status].className}>{STATUS[x.status].label}</span> : STATUS[x.status].label}</td>
          </tr>
        )}
        foot={
          <>
            <TotalRow label="Total posted (not void)" span={6}>
              <AmountCell cents={r.totalPostedCents} />
              <td />
            </TotalRow>
            <TotalRow label="Total void" span={6}>
              <AmountCell cents={r.totalVoidCents} />
              <td />
            </TotalRow>
          </>
        }
      />
      <ReportActions pdfs={canDownload ? [{ label: 'Download PDF', request: { kind: 'receiptJournal', businessDate: r.businessDate } }] : []} onPrint={() => printSection(sectionRef.current)} />
    </section>
  );
}
