// One drawer's report on screen (the same data as its PDF): tenders, voids, pickups with both
// names, and — once counted — counted against expected with over/short, the close note and
// approver, the cash by denomination and the checks listed. Before a drawer is counted, what
// it should hold is shown only to a supervisor: the cashier's count stays blind.
import { useEffect, useId, useRef, useState } from 'react';
import { DENOMINATIONS } from '../../../src-shared/denominations';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { AmountCell, AmountRow, DataTable, TotalRow } from '../../ui/DataTable';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Fact } from '../../ui/Fact';
import { formatDate, useTownTime, money } from '../../ui/format';
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
  const { stamp } = useTownTime();
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
        <Fact label="Cashier">{r.cashier}</Fact>
        <Fact label="Station">{r.station}</Fact>
        <Fact label="Business date">{formatDate(r.businessDate)}</Fact>
        <Fact label="Opened">{stamp(r.openedAt)}</Fact>
        <Fact label="Status">{r.closedAt ? <span className="badge badge-ok">Closed {stamp(r.closedAt)}</span> : <span className="badge badge-warn">Open</span>}</Fact>
        <Fact label="Starting bank">{money(r.startingCents)}</Fact>
        <Fact label="Receipts posted">{r.receiptCount}</Fact>
        <div>
          <dt>Voids</dt>
          <dd>
            {r.voids.count} ({money(r.voids.totalCents)})
          </dd>
        </div>
      </dl>

      <DataTable
        caption="Tenders"
        className="data counts"
        columns={[{ label: 'Tender' }, { label: 'Amount', num: true }]}
        rows={TENDER_ROWS}
        row={(t) => <AmountRow key={t.key} label={t.label} cents={r.tenders[t.key]} />}
        after={<AmountRow label="Change given" cents={-r.tenders.change} />}
        foot={<AmountRow label="Collected (net of voids)" cents={r.collectedCents} />}
      />

      <PickupsTable pickups={r.pickups} totalCents={r.pickupsCents} />

      {count && r.variances && r.expected ? (
        <>
          <CountComparison
            c={{ counted: { cash: count.countedCashCents, checks: count.countedChecksCents, card: count.cardBatchCents }, expected: r.expected, variances: r.variances }}
            caption={`Count of ${stamp(count.at)}: counted and expected`}
          />
          <dl className="report-facts">
            <Fact label="Over/short" className={varianceClass(r.overShortCents ?? 0)}>{varianceText(r.overShortCents ?? 0)}</Fact>
            {r.closeNote && (
              <Fact label="Close note">{r.closeNote}</Fact>
            )}
            {r.approvedBy && (
              <Fact label="Approved by">{r.approvedBy}</Fact>
            )}
          </dl>
          <DataTable
            caption="Cash counted by denomination"
            className="data counts"
            columns={[{ label: 'Denomination' }, { label: 'Count', num: true }, { label: 'Amount', num: true }]}
            rows={count.cash}
            row={(c) => (
              <tr key={c.denominationCents}>
                <th scope="row">{denominationLabel(c.denominationCents)}</th>
                <td className="num">{c.count}</td>
                <AmountCell cents={c.denominationCents * c.count} />
              </tr>
            )}
            foot={
              <TotalRow label="Cash counted" span={2}>
                <AmountCell cents={count.countedCashCents} />
              </TotalRow>
            }
          />
          <DataTable
            caption="Checks and money orders counted"
            className="data counts"
            columns={[{ label: 'Number' }, { label: 'Payer' }, { label: 'Amount', num: true }]}
            rows={count.checks}
            empty="None"
            row={(c, i) => (
              <tr key={`${c.checkNumber}-${i}`}>
                <td>{c.checkNumber}</td>
                <td>{c.payer ?? ''}</td>
                <AmountCell cents={c.amountCents} />
              </tr>
            )}
            foot={
              <TotalRow
                label={
                  <>
                    {count.checks.length} item{count.checks.length === 1 ? '' : 's'}
                  </>
                }
                span={2}
              >
                <AmountCell cents={count.countedChecksCents} />
              </TotalRow>
            }
          />
        </>
      ) : (
        <>
          <p className="muted">Not counted yet.</p>
          {showExpected && r.expected && (
            <dl className="report-facts">
              <Fact label="Expected cash now">{money(r.expected.cash)}</Fact>
              <Fact label="Expected checks now">{money(r.expected.checks)}</Fact>
              <Fact label="Expected card batch now">{money(r.expected.card)}</Fact>
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
  const { stamp } = useTownTime();
  if (pickups.length === 0) return null;
  return (
    <DataTable
      caption="Cash pickups"
      columns={[{ label: 'Time' }, { label: 'Supervisor' }, { label: 'Cashier' }, { label: 'Note' }, { label: 'Amount', num: true }]}
      rows={pickups}
      row={(p) => (
        <tr key={p.id}>
          <td>{stamp(p.at)}</td>
          <td>{p.supervisor}</td>
          <td>{p.cashier}</td>
          <td>{p.note ?? ''}</td>
          <AmountCell cents={p.amountCents} />
        </tr>
      )}
      foot={
        <TotalRow label="Total picked up" span={4}>
          <AmountCell cents={totalCents} />
        </TotalRow>
      }
    />
  );
}
