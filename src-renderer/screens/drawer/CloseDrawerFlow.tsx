// Closing the drawer blind. Step 1: the cashier counts the cash by denomination, lists the
// checks and money orders and types the card terminal's batch total — nothing on screen says
// what the drawer should hold. "Submit count" records the count; only then step 2 shows
// counted against expected with each variance. A variance over the limit needs a supervisor's
// note and approval before "Close drawer"; "Count again" records a new count.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { DrawerView } from '../../../src-shared/ipc/counter-schemas';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { parseCents } from '../../../src-shared/money';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { money } from '../../ui/format';
import { approvalErrors, approvalOverride, SupervisorFields, type Approval } from '../receipts/SupervisorFields';
import { CountComparison } from '../reports/CountComparison';
import type { DrawerReport } from '../reports/DrawerReportView';
import { varianceText } from '../reports/report-format';
import { ChecksList, checkRowsInput, type CheckRow, type CheckRowErrors } from './ChecksList';
import { CountFields, countsInput, countsTotal, type Counts } from './CountFields';
import '../reports/reports.css';

type CountResult = MethodOutput<'drawer.count'>;

function checkCardTotal(text: string): { ok: true; cents: number } | { ok: false; message: string } {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Enter the card terminal’s batch total (0 if it took no cards).' };
  const c = parseCents(t);
  if (c === null) return { ok: false, message: 'Enter an amount in dollars and cents, like 125.50.' };
  if (c < 0) return { ok: false, message: 'The batch total can’t be negative.' };
  return { ok: true, cents: c };
}

export function CloseDrawerFlow({ drawer, onCancel, onClosed }: { drawer: DrawerView; onCancel: () => void; onClosed: (r: DrawerReport) => void }) {
  const [counts, setCounts] = useState<Counts>({});
  const [rows, setRows] = useState<CheckRow[]>([]);
  const [card, setCard] = useState('');
  const [result, setResult] = useState<CountResult | null>(null);
  const [recounts, setRecounts] = useState(0);

  return (
    <div className="close-flow">
      {!result ? (
        <CountStep
          key={recounts}
          drawer={drawer}
          recount={recounts > 0}
          counts={counts}
          onCounts={setCounts}
          rows={rows}
          onRows={setRows}
          card={card}
          onCard={setCard}
          onCounted={setResult}
          onCancel={onCancel}
        />
      ) : (
        <ReviewStep
          result={result}
          onCountAgain={() => {
            setResult(null);
            setRecounts((n) => n + 1);
          }}
          onClosed={onClosed}
        />
      )}
    </div>
  );
}

function CountStep(p: {
  drawer: DrawerView;
  recount: boolean;
  counts: Counts;
  onCounts: (c: Counts) => void;
  rows: CheckRow[];
  onRows: (r: CheckRow[]) => void;
  card: string;
  onCard: (v: string) => void;
  onCounted: (r: CountResult) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [attempted, setAttempted] = useState(false);
  const [rowErrors, setRowErrors] = useState<CheckRowErrors>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const firstRef = useRef<HTMLInputElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const cardRef = useRef<HTMLInputElement>(null);
  useEffect(() => firstRef.current?.focus(), []);

  const cardCheck = checkCardTotal(p.card);
  const cash = countsTotal(p.counts);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busyRef.current) return;
    setAttempted(true);
    const checks = checkRowsInput(p.rows);
    setRowErrors(checks.errors);
    const badRow = p.rows.find((r) => checks.errors[r.key]);
    if (badRow) {
      const e = checks.errors[badRow.key]!;
      document.getElementById(`close-check-${badRow.key}-${e.number ? 'number' : 'amount'}`)?.focus();
      return;
    }
    if (!cardCheck.ok) {
      cardRef.current?.focus();
      return;
    }
    busyRef.current = true;
    setBusy(true);
    const env = await api.call('drawer.count', { counts: countsInput(p.counts), checks: checks.items, cardBatchCents: cardCheck.cents });
    busyRef.current = false;
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    p.onCounted(env.value);
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="blind-count-heading" noValidate>
      <h2 id="blind-count-heading">{p.recount ? 'Count again' : 'Close drawer (blind)'}</h2>
      <p>
        Drawer {p.drawer.id}, {p.drawer.cashier}. Count the cash by denomination, list every check and money order, and type the card terminal’s batch total. What the drawer should hold is shown only after you submit the count.
      </p>
      <fieldset>
        <legend>Cash by denomination</legend>
        <CountFields idPrefix="close" counts={p.counts} onChange={p.onCounts} firstRef={firstRef} onLastEnter={() => (p.rows.length > 0 ? document.getElementById(`close-check-${p.rows[0]!.key}-number`)?.focus() : addRef.current?.focus())} />
        <p className="hint" aria-live="polite">
          Cash counted: {money(cash)}
        </p>
      </fieldset>
      <ChecksList rows={p.rows} onChange={p.onRows} errors={rowErrors} addRef={addRef} onDone={() => cardRef.current?.focus()} />
      <TextField label="Card terminal batch total" value={p.card} maxLength={16} inputMode="decimal" className="amount-field" inputRef={cardRef} onChange={p.onCard} error={attempted && !cardCheck.ok ? cardCheck.message : null} hint="From the terminal’s settlement slip; 0 if it took no cards." />
      <ErrorAlert error={error} prefix="The count was not recorded:" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          Submit count
        </button>
        <button type="button" onClick={p.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ReviewStep({ result: r, onCountAgain, onClosed }: { result: CountResult; onCountAgain: () => void; onClosed: (rep: DrawerReport) => void }) {
  const api = useApi();
  const isSupervisor = useAppState((s) => s.session?.user.roles.includes('supervisor') ?? false);
  // The core decides; if it asks for a supervisor when the count did not (the limit changed), ask too.
  const [coreWantsSupervisor, setCoreWantsSupervisor] = useState(false);
  const needsSupervisor = r.needsSupervisor || coreWantsSupervisor;
  const needsOverride = needsSupervisor && !isSupervisor;
  const [note, setNote] = useState('');
  const [approval, setApproval] = useState<Approval>({ username: '', pin: '' });
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const noteError = needsSupervisor && note.trim().length < 3 ? 'A variance over the limit needs a supervisor note (at least 3 characters).' : !needsSupervisor && note.trim().length > 0 && note.trim().length < 3 ? 'A note is at least 3 characters (or leave it empty).' : null;
  const approvalErr = approvalErrors(needsOverride, approval);
  const variance = r.variances.cash + r.variances.checks + r.variances.card;
  const anyVariance = r.variances.cash !== 0 || r.variances.checks !== 0 || r.variances.card !== 0;

  async function close(e: FormEvent) {
    e.preventDefault();
    if (busyRef.current) return;
    setAttempted(true);
    if (noteError) {
      noteRef.current?.focus();
      return;
    }
    if (approvalErr) return;
    busyRef.current = true;
    setBusy(true);
    const env = await api.call('drawer.close', { countId: r.countId, ...(note.trim() ? { note: note.trim() } : {}), override: approvalOverride(needsOverride, approval) });
    busyRef.current = false;
    setBusy(false);
    if (env.ok) {
      onClosed(env.value);
      return;
    }
    setError(env.error);
    if (env.error.code === 'NEEDS_SUPERVISOR') {
      setCoreWantsSupervisor(true);
      setApproval((a) => ({ ...a, pin: '' }));
      if (note.trim().length < 3) noteRef.current?.focus();
      else pinRef.current?.focus();
    }
  }

  return (
    <section className="card" aria-labelledby="count-result-heading">
      <h2 id="count-result-heading" ref={headingRef} tabIndex={-1}>
        Count result
      </h2>
      <CountComparison c={{ counted: { cash: r.countedCashCents, checks: r.countedChecksCents, card: r.cardBatchCents }, expected: r.expected, variances: r.variances }} />
      <p role="status" className={`banner ${needsSupervisor ? 'banner-danger' : anyVariance ? 'banner-warn' : 'banner-ok'}`}>
        {needsSupervisor
          ? `Over the ${money(r.limitCents)} limit (${varianceText(variance)} in all): a supervisor’s note and approval are needed to close.`
          : anyVariance
            ? `${varianceText(variance)} in all, within the ${money(r.limitCents)} limit. Over/short posts when the drawer closes.`
            : 'The drawer balances.'}
      </p>
      <form onSubmit={(e) => void close(e)} aria-label="Close the drawer" noValidate>
        <TextField
          label={needsSupervisor ? 'Supervisor note' : 'Close note'}
          value={note}
          maxLength={500}
          inputRef={noteRef}
          onChange={setNote}
          hint={needsSupervisor ? 'Required: what the supervisor found.' : 'Optional'}
          error={attempted ? noteError : null}
          aria-required={needsSupervisor || undefined}
        />
        {needsOverride && <SupervisorFields value={approval} onChange={setApproval} errors={attempted ? (approvalErr ?? undefined) : undefined} pinRef={pinRef} />}
        <ErrorAlert error={error} prefix="The drawer was not closed:" />
        {error?.code === 'CONFLICT' && <p className="hint">Count the drawer again: the close uses the latest count of the drawer as it is now.</p>}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            Close drawer
          </button>
          <button type="button" onClick={onCountAgain}>
            Count again
          </button>
        </div>
      </form>
    </section>
  );
}
