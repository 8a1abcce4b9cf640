// The daily cash report of one business day on screen (the same data as its PDF): totals by
// tender, by revenue and by GL account (debits and credits), by cashier, each drawer with its
// over/short, voids, returned payments and mail batches.
import { useId, useRef } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import { formatDate, formatTimestamp, money } from '../../ui/format';
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

function Empty({ cols, text = 'None' }: { cols: number; text?: string }) {
  return (
    <tr>
      <td colSpan={cols}>{text}</td>
    </tr>
  );
}

export function DailyCashReportView({ report: r, canDownload }: { report: DailyCashReport; canDownload: boolean }) {
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  const debits = sum(r.byGl.map((g) => g.debitCents));
  const credits = sum(r.byGl.map((g) => g.creditCents));

  return (
    <section ref={sectionRef} className="report daily-report" aria-labelledby={headingId}>
      <h2 id={headingId}>Daily cash report {formatDate(r.businessDate)}</h2>
      <dl className="report-facts">
        <div>
          <dt>Town</dt>
          <dd>{r.townName}</dd>
        </div>
        <div>
          <dt>Business date</dt>
          <dd>{formatDate(r.businessDate)}</dd>
        </div>
        <div>
          <dt>Day</dt>
          <dd>{r.status === 'closed' ? `Closed${r.closedAt ? ` ${formatTimestamp(r.closedAt)}` : ''}${r.closedBy ? ` by ${r.closedBy}` : ''}` : 'Open (figures can still change)'}</dd>
        </div>
        <div>
          <dt>Receipts</dt>
          <dd>{r.receiptCount}</dd>
        </div>
        <div>
          <dt>Net collected</dt>
          <dd>{money(r.netCollectedCents)}</dd>
        </div>
        <div>
          <dt>Over/short</dt>
          <dd className={varianceClass(r.overShortCents)}>{varianceText(r.overShortCents)}</dd>
        </div>
      </dl>

      <div className="report-grid">
        <table className="data">
          <caption>Totals by tender</caption>
          <thead>
            <tr>
              <th scope="col">Tender</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {TENDERS.map((t) => (
              <tr key={t.key}>
                <th scope="row">{t.label}</th>
                <td className="num">{money(r.tenders[t.key])}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Change given</th>
              <td className="num">{money(-r.changeCents)}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Net collected</th>
              <td className="num">{money(r.netCollectedCents)}</td>
            </tr>
          </tfoot>
        </table>

        <table className="data">
          <caption>By revenue</caption>
          <thead>
            <tr>
              <th scope="col">Revenue</th>
              <th scope="col">GL</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {r.byRevenue.length === 0 ? (
              <Empty cols={3} />
            ) : (
              r.byRevenue.map((x) => (
                <tr key={`${x.glCode}-${x.label}`}>
                  <th scope="row">{x.label}</th>
                  <td>{x.glCode}</td>
                  <td className="num">{money(x.amountCents)}</td>
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td className="num">{money(sum(r.byRevenue.map((x) => x.amountCents)))}</td>
            </tr>
          </tfoot>
        </table>
      </div>

      <table className="data">
        <caption>By GL account</caption>
        <thead>
          <tr>
            <th scope="col">GL</th>
            <th scope="col">Account</th>
            <th scope="col" className="num">
              Debit
            </th>
            <th scope="col" className="num">
              Credit
            </th>
          </tr>
        </thead>
        <tbody>
          {r.byGl.length === 0 ? (
            <Empty cols={4} />
          ) : (
            r.byGl.map((g) => (
              <tr key={g.glCode}>
                <td>{g.glCode}</td>
                <th scope="row">{g.name}</th>
                <td className="num">{g.debitCents ? money(g.debitCents) : ''}</td>
                <td className="num">{g.creditCents ? money(g.creditCents) : ''}</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Totals
            </th>
            <td className="num">{money(debits)}</td>
            <td className="num">{money(credits)}</td>
          </tr>
        </tfoot>
      </table>

      <div className="report-grid">
        <table className="data">
          <caption>By cashier</caption>
          <thead>
            <tr>
              <th scope="col">Cashier</th>
              <th scope="col" className="num">
                Receipts
              </th>
              <th scope="col" className="num">
                Voids
              </th>
              <th scope="col" className="num">
                Net
              </th>
            </tr>
          </thead>
          <tbody>
            {r.byCashier.length === 0 ? (
              <Empty cols={4} />
            ) : (
              r.byCashier.map((c) => (
                <tr key={c.cashier}>
                  <th scope="row">{c.cashier}</th>
                  <td className="num">{c.receipts}</td>
                  <td className="num">{c.voids}</td>
                  <td className="num">{money(c.netCents)}</td>
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num">{sum(r.byCashier.map((c) => c.receipts))}</td>
              <td className="num">{sum(r.byCashier.map((c) => c.voids))}</td>
              <td className="num">{money(sum(r.byCashier.map((c) => c.netCents)))}</td>
            </tr>
          </tfoot>
        </table>
      </div>

      <table className="data">
        <caption>Drawers</caption>
        <thead>
          <tr>
            <th scope="col">Drawer</th>
            <th scope="col">Cashier</th>
            <th scope="col">Station</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Over/short
            </th>
          </tr>
        </thead>
        <tbody>
          {r.drawers.length === 0 ? (
            <Empty cols={5} />
          ) : (
            r.drawers.map((d) => (
              <tr key={d.drawerId}>
                <td>{d.drawerId}</td>
                <th scope="row">{d.cashier}</th>
                <td>{d.station}</td>
                <td>{d.closed ? 'Closed' : <span className="badge badge-warn">Open</span>}</td>
                <td className={`num${d.overShortCents === null ? '' : ` ${varianceClass(d.overShortCents)}`}`}>{d.overShortCents === null ? 'Not closed' : varianceText(d.overShortCents)}</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              Over/short
            </th>
            <td className={`num ${varianceClass(r.overShortCents)}`}>{varianceText(r.overShortCents)}</td>
          </tr>
        </tfoot>
      </table>

      <table className="data">
        <caption>Voids</caption>
        <thead>
          <tr>
            <th scope="col">Receipt</th>
            <th scope="col">Cashier</th>
            <th scope="col">Reason</th>
            <th scope="col">Approved by</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {r.voids.length === 0 ? (
            <Empty cols={5} />
          ) : (
            r.voids.map((v) => (
              <tr key={v.receiptNumber}>
                <td>{v.receiptNumber}</td>
                <td>{v.cashier}</td>
                <td>{v.reason ?? ''}</td>
                <td>{v.approvedBy ?? ''}</td>
                <td className="num">{money(v.amountCents)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <table className="data">
        <caption>Returned payments</caption>
        <thead>
          <tr>
            <th scope="col">Receipt</th>
            <th scope="col">Reason</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Fee charged
            </th>
          </tr>
        </thead>
        <tbody>
          {r.returned.length === 0 ? (
            <Empty cols={4} />
          ) : (
            r.returned.map((x, i) => (
              <tr key={`${x.receiptNumber}-${i}`}>
                <td>{x.receiptNumber}</td>
                <td>{x.reason}</td>
                <td className="num">{money(x.amountCents)}</td>
                <td className="num">{money(x.feeCents)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <table className="data">
        <caption>Mail batches</caption>
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col" className="num">
              Payments
            </th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Posted</th>
          </tr>
        </thead>
        <tbody>
          {r.mailBatches.length === 0 ? (
            <Empty cols={4} />
          ) : (
            r.mailBatches.map((b) => (
              <tr key={b.id}>
                <td>Batch {b.id}</td>
                <td className="num">{b.count}</td>
                <td className="num">{money(b.totalCents)}</td>
                <td>{b.postedAt ? formatTimestamp(b.postedAt) : <span className="badge badge-warn">Not posted</span>}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <ReportActions pdfs={canDownload ? [{ label: 'Download PDF', request: { kind: 'daily', businessDate: r.businessDate } }] : []} onPrint={() => printSection(sectionRef.current)} />
    </section>
  );
}
