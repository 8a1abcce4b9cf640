// One drawer's report on screen (the same data as its PDF): tenders, voids, pickups with both
// names, and — once counted — counted against expected with over/short, the close note and
// approver, the cash by denomination and the checks listed. Before a drawer is counted, what
// it should hold is shown only to a supervisor: the cashier's count stays blind.
import { useEffect, useId, useRef, useState } from 'react';
import { DENOMINATIONS } from '../../../src-shared/denominations';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate, formatTimestamp, money } from '../../ui/format';
import { CountComparison } from './CountComparison';
import { printSection } from './print-section';
import { ReportActions } from './ReportActions';
import { varianceClass, varianceText } from './report-format';
import './reports.css';

export type DrawerReport = MethodOutput<'reports.drawer'>;
type Pickup = DrawerReport['pickups'][number];

const TENDER_ROWS: ReadonlyArray<{ key: keyof DrawerReport['tenders']; label: string }> = [
  { key: 'cash', label: 'Cash' },
  { key: 'check', label: 'Checks' },
  { key: 'card', label: 'Cards' },
  { key: 'money_order', label: 'Money orders' },
  { key: 'remittance', label: 'Remittances' },
];

const denominationLabel = (cents: number) => DENOMINATIONS.find((d) => d.cents === cents)?.label ?? money(cents);

export function DrawerReportView({ report: r, showExpected, focusOnMount = false }: { report: DrawerReport; showExpected: boolean; focusOnMount?: boolean }) {
  const headingId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
  }, [focusOnMount]);
  const count = r.count;

  return (
    <section ref={sectionRef} className="report drawer-report" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Drawer {r.drawerId} report
      </h2>
      <dl className="report-facts">
        <div>
          <dt>Cashier</dt>
          <dd>{r.cashier}</dd>
        </div>
        <div>
          <dt>Station</dt>
          <dd>{r.station}</dd>
        </div>
        <div>
          <dt>Business date</dt>
          <dd>{formatDate(r.businessDate)}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>{formatTimestamp(r.openedAt)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{r.closedAt ? <span className="badge badge-ok">Closed {formatTimestamp(r.closedAt)}</span> : <span className="badge badge-warn">Open</span>}</dd>
        </div>
        <div>
          <dt>Starting bank</dt>
          <dd>{money(r.startingCents)}</dd>
        </div>
        <div>
          <dt>Receipts posted</dt>
          <dd>{r.receiptCount}</dd>
        </div>
        <div>
          <dt>Voids</dt>
          <dd>
            {r.voids.count} ({money(r.voids.totalCents)})
          </dd>
        </div>
      </dl>

      <table className="data counts">
        <caption>Tenders</caption>
        <thead>
          <tr>
            <th scope="col">Tender</th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {TENDER_ROWS.map((t) => (
            <tr key={t.key}>
              <th scope="row">{t.label}</th>
              <td className="num">{money(r.tenders[t.key])}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Change given</th>
            <td className="num">{money(-r.tenders.change)}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Collected (net of voids)</th>
            <td className="num">{money(r.collectedCents)}</td>
          </tr>
        </tfoot>
      </table>

      <PickupsTable pickups={r.pickups} totalCents={r.pickupsCents} />

      {count && r.variances && r.expected ? (
        <>
          <CountComparison
            c={{ counted: { cash: count.countedCashCents, checks: count.countedChecksCents, card: count.cardBatchCents }, expected: r.expected, variances: r.variances }}
            caption={`Count of ${formatTimestamp(count.at)}: counted and expected`}
          />
          <dl className="report-facts">
            <div>
              <dt>Over/short</dt>
              <dd className={varianceClass(r.overShortCents ?? 0)}>{varianceText(r.overShortCents ?? 0)}</dd>
            </div>
            {r.closeNote && (
              <div>
                <dt>Close note</dt>
                <dd>{r.closeNote}</dd>
              </div>
            )}
            {r.approvedBy && (
              <div>
                <dt>Approved by</dt>
                <dd>{r.approvedBy}</dd>
              </div>
            )}
          </dl>
          <table className="data counts">
            <caption>Cash counted by denomination</caption>
            <thead>
              <tr>
                <th scope="col">Denomination</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {count.cash.map((c) => (
                <tr key={c.denominationCents}>
                  <th scope="row">{denominationLabel(c.denominationCents)}</th>
                  <td className="num">{c.count}</td>
                  <td className="num">{money(c.denominationCents * c.count)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Cash counted
                </th>
                <td className="num">{money(count.countedCashCents)}</td>
              </tr>
            </tfoot>
          </table>
          <table className="data counts">
            <caption>Checks and money orders counted</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Payer</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {count.checks.length === 0 ? (
                <tr>
                  <td colSpan={3}>None</td>
                </tr>
              ) : (
                count.checks.map((c, i) => (
                  <tr key={`${c.checkNumber}-${i}`}>
                    <td>{c.checkNumber}</td>
                    <td>{c.payer ?? ''}</td>
                    <td className="num">{money(c.amountCents)}</td>
                  </tr>
                ))
              )}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {count.checks.length} item{count.checks.length === 1 ? '' : 's'}
                </th>
                <td className="num">{money(count.countedChecksCents)}</td>
              </tr>
            </tfoot>
          </table>
        </>
      ) : (
        <>
          <p className="muted">Not counted yet.</p>
          {showExpected && r.expected && (
            <dl className="report-facts">
              <div>
                <dt>Expected cash now</dt>
                <dd>{money(r.expected.cash)}</dd>
              </div>
              <div>
                <dt>Expected checks now</dt>
                <dd>{money(r.expected.checks)}</dd>
              </div>
              <div>
                <dt>Expected card batch now</dt>
                <dd>{money(r.expected.card)}</dd>
              </div>
            </dl>
          )}
        </>
      )}

      <ReportActions
        pdfs={[
          { label: 'Download PDF', request: { kind: 'drawer', drawerId: r.drawerId } },
          ...(count ? [{ label: 'Download deposit slip PDF', request: { kind: 'depositSlip' as const, drawerId: r.drawerId } }] : []),
        ]}
        onPrint={() => printSection(sectionRef.current)}
      />
      {count && <PrintDepositSummary drawerId={r.drawerId} />}
    </section>
  );
}

/** The deposit summary on the receipt printer (the PDF deposit slip is the bank's copy). */
function PrintDepositSummary({ drawerId }: { drawerId: number }) {
  const api = useApi();
  const [state, setState] = useState<{ error: AppError | null; done: string }>({ error: null, done: '' });
  const [busy, setBusy] = useState(false);
  async function print() {
    setBusy(true);
    const env = await api.call('drawer.printDepositSummary', { drawerId });
    setBusy(false);
    setState(env.ok ? { error: null, done: `Deposit summary sent to the receipt printer (job ${env.value.job.id}).` } : { error: env.error, done: '' });
  }
  return (
    <div className="page-actions no-print">
      <button type="button" onClick={() => void print()} disabled={busy} aria-busy={busy}>
        Print deposit summary on receipt printer
      </button>
      {state.done && <p role="status">{state.done}</p>}
      <ErrorAlert error={state.error} prefix="Could not print the deposit summary:" />
    </div>
  );
}

export function PickupsTable({ pickups, totalCents }: { pickups: readonly Pickup[]; totalCents: number }) {
  if (pickups.length === 0) return null;
  return (
    <table className="data">
      <caption>Cash pickups</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Supervisor</th>
          <th scope="col">Cashier</th>
          <th scope="col">Note</th>
          <th scope="col" className="num">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {pickups.map((p) => (
          <tr key={p.id}>
            <td>{formatTimestamp(p.at)}</td>
            <td>{p.supervisor}</td>
            <td>{p.cashier}</td>
            <td>{p.note ?? ''}</td>
            <td className="num">{money(p.amountCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={4}>
            Total picked up
          </th>
          <td className="num">{money(totalCents)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
