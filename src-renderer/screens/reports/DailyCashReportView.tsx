// The daily cash report of one business day on screen (the same data as its PDF): totals by
// tender, by revenue and by GL account (debits and credits), by cashier, each drawer with its
// over/short, voids, returned payments and mail batches.
import { useId, useRef } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import { AmountCell, AmountRow, DataTable, TotalRow } from '../../ui/DataTable';
import { Fact } from '../../ui/Fact';
import { formatDate, useTownTime, money } from '../../ui/format';
import { printSection } from './print-section';
import { ReportActions } from './ReportActions';
import { varianceClass, varianceText } from './report-format';

export type DailyCashReport = MethodOutput<'reports.daily'>;

const TENDERS: ReadonlyArray<{ key: keyof DailyCashReport['tenders']; label: string }> = [
  { key: 'cash', label: 'Cash' },
  { key: 'check', label: 'Checks' },
  { key: 'card', label: 'Cards' },
  { key: 'money_order', label: 'Money orders' },
  { key: 'remittance', label: 'Remittances' },
];

export function DailyCashReportView({ report: r, canDownload }: { report: DailyCashReport; canDownload: boolean }) {
  const { stamp } = useTownTime();
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  const debits = sum(r.byGl.map((g) => g.debitCents));
  const credits = sum(r.byGl.map((g) => g.creditCents));

  return (
    <section ref={sectionRef} className="report daily-report" aria-labelledby={headingId}>
      <h2 id={headingId}>Daily cash report {formatDate(r.businessDate)}</h2>
      <dl className="report-facts">
        <Fact label="Town">{r.townName}</Fact>
        <Fact label="Business date">{formatDate(r.businessDate)}</Fact>
        <Fact label="Day">{r.status === 'closed' ? `Closed${r.closedAt ? ` ${stamp(r.closedAt)}` : ''}${r.closedBy ? ` by ${r.closedBy}` : ''}` : 'Open (figures can still change)'}</Fact>
        <Fact label="Receipts">{r.receiptCount}</Fact>
        <Fact label="Net collected">{money(r.netCollectedCents)}</Fact>
        <Fact label="Over/short" className={varianceClass(r.overShortCents)}>{varianceText(r.overShortCents)}</Fact>
      </dl>

      <div className="report-grid">
        <DataTable
          caption="Totals by tender"
          columns={[{ label: 'Tender' }, { label: 'Amount', num: true }]}
          rows={TENDERS}
          row={(t) => <AmountRow key={t.key} label={t.label} cents={r.tenders[t.key]} />}
          after={<AmountRow label="Change given" cents={-r.changeCents} />}
          foot={<AmountRow label="Net collected" cents={r.netCollectedCents} />}
        />

        <DataTable
          caption="By revenue"
          columns={[{ label: 'Revenue' }, { label: 'GL' }, { label: 'Amount', num: true }]}
          rows={r.byRevenue}
          empty="None"
          row={(x) => (
            <tr key={`${x.glCode}-${x.label}`}>
              <th scope="row">{x.label}</th>
              <td>{x.glCode}</td>
              <AmountCell cents={x.amountCents} />
            </tr>
          )}
          foot={
            <TotalRow label="Total" span={2}>
              <AmountCell cents={sum(r.byRevenue.map((x) => x.amountCents))} />
            </TotalRow>
          }
        />
      </div>

      <DataTable
        caption="By GL account"
        columns={[{ label: 'GL' }, { label: 'Account' }, { label: 'Debit', num: true }, { label: 'Credit', num: true }]}
        rows={r.byGl}
        empty="None"
        row={(g) => (
          <tr key={g.glCode}>
            <td>{g.glCode}</td>
            <th scope="row">{g.name}</th>
            <td className="num">{g.debitCents ? money(g.debitCents) : ''}</td>
            <td className="num">{g.creditCents ? money(g.creditCents) : ''}</td>
          </tr>
        )}
        foot={
          <TotalRow label="Totals" span={2}>
            <AmountCell cents={debits} />
            <AmountCell cents={credits} />
          </TotalRow>
        }
      />

      <div className="report-grid">
        <DataTable
          caption="By cashier"
          columns={[{ label: 'Cashier' }, { label: 'Receipts', num: true }, { label: 'Voids', num: true }, { label: 'Net', num: true }]}
          rows={r.byCashier}
          empty="None"
          row={(c) => (
            <tr key={c.cashier}>
              <th scope="row">{c.cashier}</th>
              <td className="num">{c.receipts}</td>
              <td className="num">{c.voids}</td>
              <AmountCell cents={c.netCents} />
            </tr>
          )}
          foot={
            <TotalRow label="Total">
              <td className="num">{sum(r.byCashier.map((c) => c.receipts))}</td>
              <td className="num">{sum(r.byCashier.map((c) => c.voids))}</td>
              <AmountCell cents={sum(r.byCashier.map((c) => c.netCents))} />
            </TotalRow>
          }
        />
      </div>

      <DataTable
        caption="Drawers"
        columns={[{ label: 'Drawer' }, { label: 'Cashier' }, { label: 'Station' }, { label: 'Status' }, { label: 'Over/short', num: true }]}
        rows={r.drawers}
        empty="None"
        row={(d) => (
          <tr key={d.drawerId}>
            <td>{d.drawerId}</td>
            <th scope="row">{d.cashier}</th>
            <td>{d.station}</td>
            <td>{d.closed ? 'Closed' : <span className="badge badge-warn">Open</span>}</td>
            <td className={`num${d.overShortCents === null ? '' : ` ${varianceClass(d.overShortCents)}`}`}>{d.overShortCents === null ? 'Not closed' : varianceText(d.overShortCents)}</td>
          </tr>
        )}
        foot={
          <TotalRow label="Over/short" span={4}>
            <td className={`num ${varianceClass(r.overShortCents)}`}>{varianceText(r.overShortCents)}</td>
          </TotalRow>
        }
      />

      <DataTable
        caption="Voids"
        columns={[{ label: 'Receipt' }, { label: 'Cashier' }, { label: 'Reason' }, { label: 'Approved by' }, { label: 'Amount', num: true }]}
        rows={r.voids}
        empty="None"
        row={(v) => (
          <tr key={v.receiptNumber}>
            <td>{v.receiptNumber}</td>
            <td>{v.cashier}</td>
            <td>{v.reason ?? ''}</td>
            <td>{v.approvedBy ?? ''}</td>
            <AmountCell cents={v.amountCents} />
          </tr>
        )}
      />

      <DataTable
        caption="Returned payments"
        columns={[{ label: 'Receipt' }, { label: 'Reason' }, { label: 'Amount', num: true }, { label: 'Fee charged', num: true }]}
        rows={r.returned}
        empty="None"
        row={(x, i) => (
          <tr key={`${x.receiptNumber}-${i}`}>
            <td>{x.receiptNumber}</td>
            <td>{x.reason}</td>
            <AmountCell cents={x.amountCents} />
            <AmountCell cents={x.feeCents} />
          </tr>
        )}
      />

      <DataTable
        caption="Mail batches"
        columns={[{ label: 'Batch' }, { label: 'Payments', num: true }, { label: 'Total', num: true }, { label: 'Posted' }]}
        rows={r.mailBatches}
        empty="None"
        row={(b) => (
          <tr key={b.id}>
            <td>Batch {b.id}</td>
            <td className="num">{b.count}</td>
            <AmountCell cents={b.totalCents} />
            <td>{b.postedAt ? stamp(b.postedAt) : <span className="badge badge-warn">Not posted</span>}</td>
          </tr>
        )}
      />

      <ReportActions pdfs={canDownload ? [{ label: 'Download PDF', request: { kind: 'daily', businessDate: r.businessDate } }] : []} onPrint={() => printSection(sectionRef.current)} />
    </section>
  );
}
