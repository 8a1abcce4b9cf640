// Drawer (cashier, supervisor): open the cash drawer with the starting bank counted by
// denomination, then the day's journal of that drawer — every receipt with its tenders,
// totals by tender and the cash expected in the drawer. Any receipt opens on screen (from
// its row, or by number), where a posted one can be voided. During the day a supervisor
// records cash pickups; at the end of the day the cashier closes the drawer blind
// (CloseDrawerFlow) and gets the drawer report and deposit slip. A supervisor can pick any
// drawer of the day to see its journal or report and take a pickup from it.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { DrawerJournal, DrawerView } from '../../../src-shared/ipc/counter-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatDate, useTownTime, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { DrawerPrinterActions } from '../printer/DrawerPrinterActions';
import { ReceiptDialog } from '../receipts/ReceiptDialog';
import { TENDER_LABELS } from '../receipts/ReceiptDocument';
import { DrawerReportView, PickupsTable, type DrawerReport } from '../reports/DrawerReportView';
import { varianceText } from '../reports/report-format';
import { CloseDrawerFlow } from './CloseDrawerFlow';
import { CountFields, countsInput, countsTotal, type Counts } from './CountFields';
import { PickupDialog } from './PickupDialog';
import '../counter/counter.css';

export function DrawerScreen() {
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const current = useLoad(() => api.call('drawer.current', {}), 'drawer');
  const [receiptNumber, setReceiptNumber] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [closing, setClosing] = useState(false);
  const [closed, setClosed] = useState<DrawerReport | null>(null);
  /** Another drawer of the day being looked at (null: the signed-in user's own). */
  const [selected, setSelected] = useState<number | null>(null);
  const drawer = current.value?.drawer ?? null;
  const bump = () => setVersion((v) => v + 1);
  const viewingOther = selected !== null && selected !== drawer?.id && selected !== closed?.drawerId;

  function select(id: number | null) {
    setSelected(id === drawer?.id ? null : id);
    if (id !== null && id !== closed?.drawerId) setClosed(null);
  }

  if (closing && drawer) {
    return (
      <div className="drawer-screen">
        <h1>Drawer</h1>
        <CloseDrawerFlow
          drawer={drawer}
          onCancel={() => setClosing(false)}
          onClosed={(report) => {
            setClosing(false);
            setClosed(report);
            bump();
            void current.reload();
          }}
        />
      </div>
    );
  }

  return (
    <div className="drawer-screen">
      <h1>Drawer</h1>
      {!current.value && current.loading && <p role="status">Checking your cash drawer…</p>}
      <ErrorAlert error={current.error} prefix="Could not check your cash drawer:" />
      {viewingOther ? (
        <OtherDrawer key={selected} drawerId={selected} version={version} onChanged={bump} onOpenReceipt={setReceiptNumber} onBack={() => setSelected(null)} />
      ) : closed ? (
        <ClosedDrawer report={closed} onDone={() => setClosed(null)} />
      ) : (
        <>
          {current.value && !drawer && <OpenDrawerForm onOpened={() => void current.reload()} />}
          {drawer && <OwnDrawer drawer={drawer} version={version} onChanged={bump} onOpenReceipt={setReceiptNumber} onClose={() => setClosing(true)} />}
        </>
      )}
      {role && roleHas(role, 'drawer.operate') && <DrawersToday ownId={drawer?.id ?? null} showingId={viewingOther ? selected : (closed?.drawerId ?? drawer?.id ?? null)} version={version} supervisor={role.includes('supervisor')} onSelect={select} />}
      <ReceiptLookup onOpen={setReceiptNumber} />
      {receiptNumber && <ReceiptDialog number={receiptNumber} onClose={() => setReceiptNumber(null)} onChanged={bump} />}
    </div>
  );
}

/** Reloads in place (keeping what is shown) when something changed the drawer: a void, a pickup, a close. */
function useReloadOn(version: number, reload: () => Promise<void>) {
  useEffect(() => {
    if (version > 0) void reload();
  }, [version, reload]);
}

/** The signed-in user's open drawer: its journal and pickups, a pickup, and the blind close. */
function OwnDrawer({ drawer, version, onChanged, onOpenReceipt, onClose }: { drawer: DrawerView; version: number; onChanged: () => void; onOpenReceipt: (n: string) => void; onClose: () => void }) {
  const [pickingUp, setPickingUp] = useState(false);
  return (
    <>
      <JournalView
        drawerId={drawer.id}
        own
        version={version}
        onOpenReceipt={onOpenReceipt}
        actions={
          <>
            <button type="button" onClick={() => setPickingUp(true)}>
              Cash pickup
            </button>
            <button type="button" onClick={onClose}>
              Close drawer (blind)
            </button>
          </>
        }
      />
      <DrawerPrinterActions />
      <DrawerPickups drawerId={drawer.id} version={version} />
      {pickingUp && <PickupDialog drawerId={drawer.id} cashier={drawer.cashier} onClose={() => setPickingUp(false)} onRecorded={onChanged} />}
    </>
  );
}

/** A drawer of the day picked from the list: journal and pickups while open, its report once closed. */
function OtherDrawer({ drawerId, version, onChanged, onOpenReceipt, onBack }: { drawerId: number; version: number; onChanged: () => void; onOpenReceipt: (n: string) => void; onBack: () => void }) {
  const api = useApi();
  const isSupervisor = useAppState((s) => s.session?.user.roles.includes('supervisor') ?? false);
  const report = useLoad(() => api.call('reports.drawer', { drawerId }), String(drawerId));
  useReloadOn(version, report.reload);
  const [pickingUp, setPickingUp] = useState(false);
  const r = report.value;
  return (
    <>
      <div className="page-actions">
        <button type="button" onClick={onBack}>
          Back to my drawer
        </button>
      </div>
      {!r && report.loading && <p role="status">Loading drawer {drawerId}…</p>}
      <ErrorAlert error={report.error} prefix={`Could not open drawer ${drawerId}:`} />
      {r && r.closedAt && <DrawerReportView report={r} showExpected={isSupervisor} focusOnMount />}
      {r && !r.closedAt && (
        <>
          <JournalView
            drawerId={drawerId}
            own={false}
            version={version}
            onOpenReceipt={onOpenReceipt}
            actions={
              <button type="button" onClick={() => setPickingUp(true)}>
                Cash pickup
              </button>
            }
          />
          <DrawerPrinterActions drawerId={drawerId} />
          <PickupsTable pickups={r.pickups} totalCents={r.pickupsCents} />
          {pickingUp && <PickupDialog drawerId={drawerId} cashier={r.cashier} onClose={() => setPickingUp(false)} onRecorded={onChanged} />}
        </>
      )}
    </>
  );
}

/** The pickups taken from the user's own open drawer (the journal does not list them). */
function DrawerPickups({ drawerId, version }: { drawerId: number; version: number }) {
  const api = useApi();
  const report = useLoad(() => api.call('reports.drawer', { drawerId }), String(drawerId));
  useReloadOn(version, report.reload);
  const r = report.value;
  return (
    <>
      <ErrorAlert error={report.error} prefix="Could not load the pickups:" />
      {r && <PickupsTable pickups={r.pickups} totalCents={r.pickupsCents} />}
    </>
  );
}

/** Right after the blind close: the drawer report, its PDFs, and nothing that posts. */
function ClosedDrawer({ report, onDone }: { report: DrawerReport; onDone: () => void }) {
  return (
    <>
      <p role="status" className="banner banner-ok">
        Drawer {report.drawerId} is closed. Over/short: {varianceText(report.overShortCents ?? 0)}.
      </p>
      <DrawerReportView report={report} showExpected focusOnMount />
      <div className="page-actions">
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </>
  );
}

/**
 * The drawers of the open business day (a cashier sees their own): a supervisor picks one to
 * see it and take a pickup; a cashier finds a drawer closed earlier. No amounts here, so the
 * list never gives away what a drawer should hold.
 */
function DrawersToday({ ownId, showingId, version, supervisor, onSelect }: { ownId: number | null; showingId: number | null; version: number; supervisor: boolean; onSelect: (id: number | null) => void }) {
  const { stamp } = useTownTime();
  const api = useApi();
  const list = useLoad(() => api.call('drawer.list', {}), 'drawers');
  useReloadOn(version, list.reload);
  const drawers = list.value?.drawers ?? [];
  if (!supervisor && !drawers.some((d) => d.drawerId !== ownId)) return <ErrorAlert error={list.error} prefix="Could not list today’s drawers:" />;
  return (
    <section className="drawers-today" aria-labelledby="drawers-today-heading">
      <h2 id="drawers-today-heading">Drawers today</h2>
      <ErrorAlert error={list.error} prefix="Could not list today’s drawers:" />
      {list.value && drawers.length === 0 && <p className="muted">No drawers opened today yet.</p>}
      {drawers.length > 0 && (
        <table className="data">
          <caption className="visually-hidden">Drawers of the business day</caption>
          <thead>
            <tr>
              <th scope="col">Drawer</th>
              <th scope="col">Cashier</th>
              <th scope="col">Station</th>
              <th scope="col">Opened</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {drawers.map((d) => (
              <tr key={d.drawerId} aria-current={d.drawerId === showingId ? 'true' : undefined}>
                <td>
                  <button type="button" className="link-button" onClick={() => onSelect(d.drawerId === ownId ? null : d.drawerId)} aria-label={`Show drawer ${d.drawerId}`}>
                    Drawer {d.drawerId}
                  </button>
                </td>
                <td>{d.cashier}</td>
                <td>{d.station}</td>
                <td>{stamp(d.openedAt)}</td>
                <td>{d.closedAt ? <span className="badge badge-ok">Closed</span> : <span className="badge badge-warn">Open</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function OpenDrawerForm({ onOpened }: { onOpened: () => void }) {
  const api = useApi();
  const { store } = useServices();
  const settings = useLoad(() => api.call('settings.get', {}), 'settings');
  const [counts, setCounts] = useState<Counts>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => firstRef.current?.focus(), []);

  const total = countsTotal(counts);
  const expected = settings.value?.drawerStartingBankCents ?? null;
  const difference = expected === null ? null : total - expected;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (total === 0) {
      setError({ code: 'BAD_INPUT', message: 'Count the starting bank first: every denomination in the drawer.' });
      firstRef.current?.focus();
      return;
    }
    setBusy(true);
    const env = await api.call('drawer.open', { counts: countsInput(counts) });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setOpened(money(env.value.startingCents));
    onOpened();
  }

  return (
    <form className="open-drawer card" onSubmit={(e) => void submit(e)} aria-labelledby="open-drawer-heading" noValidate>
      <h2 id="open-drawer-heading">Open drawer</h2>
      <p>Count the starting bank by denomination. Enter moves to the next count.</p>
      <CountFields counts={counts} onChange={setCounts} firstRef={firstRef} onLastEnter={() => buttonRef.current?.focus()} />
      <dl className="figures compact" aria-live="polite">
        <div className="figure">
          <dt>Total counted</dt>
          <dd>{money(total)}</dd>
        </div>
        <div className="figure">
          <dt>Starting bank setting</dt>
          <dd>{expected === null ? '…' : money(expected)}</dd>
        </div>
        <div className={`figure${difference ? ' figure-alert' : ''}`}>
          <dt>Difference</dt>
          <dd>{difference === null ? '…' : difference === 0 ? 'Matches' : difference > 0 ? `${money(difference)} over` : `${money(-difference)} short`}</dd>
        </div>
      </dl>
      <ErrorAlert error={error} prefix="The drawer was not opened:" />
      {opened && (
        <p role="status" className="done">
          Drawer opened with {opened}.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" ref={buttonRef} className="primary" disabled={busy} aria-busy={busy}>
          Open drawer
        </button>
        <button type="button" onClick={() => store.getState().navigate('counter')}>
          Back to Counter
        </button>
      </div>
    </form>
  );
}

const TOTAL_ROWS: ReadonlyArray<{ key: keyof DrawerJournal['totals']; label: string }> = [
  { key: 'cash', label: 'Cash' },
  { key: 'check', label: 'Checks' },
  { key: 'card', label: 'Cards' },
  { key: 'money_order', label: 'Money orders' },
  { key: 'remittance', label: 'Remittances' },
  { key: 'change', label: 'Change given' },
  { key: 'net', label: 'Net collected' },
];

function JournalView({ drawerId, own, version, onOpenReceipt, actions }: { drawerId: number; own: boolean; version: number; onOpenReceipt: (n: string) => void; actions?: ReactNode }) {
  const { stamp } = useTownTime();
  const api = useApi();
  const { store } = useServices();
  const journal = useLoad(() => api.call('drawer.journal', { drawerId }), String(drawerId));
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  // A receipt was voided or cash picked up: reload in place (focus stays where it is).
  useReloadOn(version, journal.reload);
  const j = journal.value;
  const headingId = `journal-heading-${drawerId}`;

  return (
    <section aria-labelledby={headingId} className="journal">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {own ? 'Today’s journal' : `Drawer ${drawerId} journal${j ? ` (${j.drawer.cashier})` : ''}`}
      </h2>
      {!j && journal.loading && <p role="status">Loading the journal…</p>}
      <ErrorAlert error={journal.error} prefix="Could not load the journal:" />
      {j && (
        <>
          <dl className="figures compact">
            <div className="figure">
              <dt>Cashier</dt>
              <dd>{j.drawer.cashier}</dd>
            </div>
            <div className="figure">
              <dt>Business date</dt>
              <dd>{formatDate(j.drawer.businessDate)}</dd>
            </div>
            <div className="figure">
              <dt>Opened</dt>
              <dd>{stamp(j.drawer.openedAt)}</dd>
            </div>
            <div className="figure">
              <dt>Starting bank</dt>
              <dd>{money(j.drawer.startingCents)}</dd>
            </div>
            {j.expectedCashCents !== null && (
              <div className="figure figure-strong">
                <dt>Expected cash</dt>
                <dd>{money(j.expectedCashCents)}</dd>
              </div>
            )}
          </dl>
          <div className="page-actions">
            {own && (
              <button type="button" className="primary" onClick={() => store.getState().navigate('counter')} aria-keyshortcuts="Alt+1">
                Go to Counter <kbd aria-hidden="true">Alt+1</kbd>
              </button>
            )}
            {actions}
          </div>
          {j.rows.length === 0 ? (
            <p className="muted">No receipts in this drawer yet.</p>
          ) : (
            <table className="data journal-table">
              <caption>
                Receipts in this drawer: {j.receiptCount} posted, {j.voidCount} void
              </caption>
              <thead>
                <tr>
                  <th scope="col">Receipt</th>
                  <th scope="col">Time</th>
                  <th scope="col">Payer and description</th>
                  <th scope="col">Tenders</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {j.rows.map((r) => (
                  <tr key={r.receiptNumber} className={r.status === 'void' ? 'row-void' : undefined}>
                    <td>
                      <button type="button" className="link-button" onClick={() => onOpenReceipt(r.receiptNumber)} aria-label={`Open receipt ${r.receiptNumber}`}>
                        {r.receiptNumber}
                      </button>
                    </td>
                    <td>{stamp(r.postedAt)}</td>
                    <td>{[r.payer, r.description].filter(Boolean).join(' — ')}</td>
                    <td>
                      {r.tenders.map((t) => `${TENDER_LABELS[t.kind as keyof typeof TENDER_LABELS] ?? t.kind} ${money(t.amountCents)}`).join('; ')}
                      {r.changeCents > 0 && <span className="sub"> (change {money(r.changeCents)})</span>}
                    </td>
                    <td className="num">{money(r.totalCents)}</td>
                    <td>{r.status === 'void' ? <span className="badge badge-alert">VOID</span> : 'Posted'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table className="data counts">
            <caption>Totals by tender</caption>
            <thead>
              <tr>
                <th scope="col">Tender</th>
                <th scope="col" className="num">
                  Posted
                </th>
                <th scope="col" className="num">
                  Voided
                </th>
              </tr>
            </thead>
            <tbody>
              {TOTAL_ROWS.map((t) => (
                <tr key={t.key}>
                  <th scope="row">{t.label}</th>
                  <td className="num">{money(j.totals[t.key])}</td>
                  <td className="num">{money(j.voidTotals[t.key])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ReceiptLookup({ onOpen }: { onOpen: (n: string) => void }) {
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    const n = number.trim().toUpperCase();
    if (n.length < 3) {
      setError('Enter a receipt number, like S1-000123.');
      return;
    }
    setError(null);
    onOpen(n);
  }
  return (
    <form className="filter-row receipt-lookup" onSubmit={submit} aria-label="Find a receipt" noValidate>
      <TextField label="Receipt number" value={number} maxLength={20} onChange={setNumber} error={error} placeholder="S1-000123" />
      <button type="submit">Open receipt</button>
    </form>
  );
}
