// Drawer (cashier, supervisor): open the cash drawer with the starting bank counted by
// denomination, then the day's journal of that drawer — every receipt with its tenders,
// totals by tender and the cash expected in the drawer. Any receipt opens on screen (from
// its row, or by number), where a posted one can be voided.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { countTotal, DENOMINATIONS } from '../../../src-shared/denominations';
import type { DrawerJournal } from '../../../src-shared/ipc/counter-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatDate, formatTimestamp, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { ReceiptDialog } from '../receipts/ReceiptDialog';
import { TENDER_LABELS } from '../receipts/ReceiptDocument';
import '../counter/counter.css';

export function DrawerScreen() {
  const api = useApi();
  const current = useLoad(() => api.call('drawer.current', {}), 'drawer');
  const [receiptNumber, setReceiptNumber] = useState<string | null>(null);
  const [journalVersion, setJournalVersion] = useState(0);
  const drawer = current.value?.drawer ?? null;

  return (
    <div className="drawer-screen">
      <h1>Drawer</h1>
      {!current.value && current.loading && <p role="status">Checking your cash drawer…</p>}
      <ErrorAlert error={current.error} prefix="Could not check your cash drawer:" />
      {current.value && !drawer && <OpenDrawerForm onOpened={() => void current.reload()} />}
      {drawer && <JournalView version={journalVersion} onOpenReceipt={setReceiptNumber} />}
      <ReceiptLookup onOpen={setReceiptNumber} />
      {receiptNumber && <ReceiptDialog number={receiptNumber} onClose={() => setReceiptNumber(null)} onChanged={() => setJournalVersion((v) => v + 1)} />}
    </div>
  );
}

type Counts = Record<number, string>;

function OpenDrawerForm({ onOpened }: { onOpened: () => void }) {
  const api = useApi();
  const { store } = useServices();
  const settings = useLoad(() => api.call('settings.get', {}), 'settings');
  const [counts, setCounts] = useState<Counts>({});
  const [refused, setRefused] = useState<Record<number, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => firstRef.current?.focus(), []);

  const parsed = DENOMINATIONS.map((d) => ({ denominationCents: d.cents, count: Number(counts[d.cents] ?? '') || 0 }));
  const total = countTotal(parsed);
  const expected = settings.value?.drawerStartingBankCents ?? null;
  const difference = expected === null ? null : total - expected;

  function onCount(cents: number, v: string) {
    if (!/^\d{0,5}$/.test(v.trim())) {
      setRefused((r) => ({ ...r, [cents]: 'Type how many, as a whole number (up to 99,999).' }));
      return;
    }
    setRefused((r) => {
      const next = { ...r };
      delete next[cents];
      return next;
    });
    setCounts((c) => ({ ...c, [cents]: v.trim() }));
  }

  // Enter moves down the count like a calculator's tape; from the last count to the button.
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>, index: number) {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const next = DENOMINATIONS[index + 1];
    if (next) document.getElementById(`count-${next.cents}`)?.focus();
    else buttonRef.current?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (total === 0) {
      setError({ code: 'BAD_INPUT', message: 'Count the starting bank first: every denomination in the drawer.' });
      firstRef.current?.focus();
      return;
    }
    setBusy(true);
    const env = await api.call('drawer.open', { counts: parsed.filter((c) => c.count > 0) });
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
      <div className="count-grid">
        {DENOMINATIONS.map((d, i) => (
          <div key={d.cents} className="count-row">
            <TextField
              id={`count-${d.cents}`}
              label={`${d.label} count`}
              value={counts[d.cents] ?? ''}
              inputMode="numeric"
              maxLength={5}
              inputRef={i === 0 ? firstRef : undefined}
              onChange={(v) => onCount(d.cents, v)}
              onKeyDown={(e) => onKeyDown(e, i)}
              error={refused[d.cents]}
            />
            <span className="num count-subtotal" aria-hidden="true">
              {money(d.cents * (Number(counts[d.cents] ?? '') || 0))}
            </span>
          </div>
        ))}
      </div>
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

function JournalView({ version, onOpenReceipt }: { version: number; onOpenReceipt: (n: string) => void }) {
  const api = useApi();
  const { store } = useServices();
  const journal = useLoad(() => api.call('drawer.journal', {}), 'journal');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  // A receipt was voided from its dialog: reload in place (focus stays in the dialog).
  const { reload } = journal;
  useEffect(() => {
    if (version > 0) void reload();
  }, [version, reload]);
  const j = journal.value;

  return (
    <section aria-labelledby="journal-heading" className="journal">
      <h2 id="journal-heading" ref={headingRef} tabIndex={-1}>
        Today’s journal
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
              <dd>{formatTimestamp(j.drawer.openedAt)}</dd>
            </div>
            <div className="figure">
              <dt>Starting bank</dt>
              <dd>{money(j.drawer.startingCents)}</dd>
            </div>
            <div className="figure figure-strong">
              <dt>Expected cash</dt>
              <dd>{money(j.expectedCashCents)}</dd>
            </div>
          </dl>
          <div className="page-actions">
            <button type="button" className="primary" onClick={() => store.getState().navigate('counter')} aria-keyshortcuts="Alt+1">
              Go to Counter <kbd aria-hidden="true">Alt+1</kbd>
            </button>
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
                    <td>{formatTimestamp(r.postedAt)}</td>
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
