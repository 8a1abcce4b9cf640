// Counter (cashier, supervisor): take a payment without the mouse. Find the account (or scan
// its stub), check the amount, add revenue lines and tenders, read the core's allocation
// preview and totals, post (F9), and hand over the receipt (whether it printed, with Retry
// printing and Reprint); F2 or Escape starts the next transaction. Without an open drawer
// the screen sends the cashier to the Drawer screen.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { PaymentPreview } from '../../../src-shared/ipc/counter-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useServices } from '../../app/context';
import { amountText } from '../../ui/amount';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate, useTownTime, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { ReceiptPrintPanel } from '../printer/ReceiptPrintPanel';
import { ReceiptDocument } from '../receipts/ReceiptDocument';
import { AccountFinder, type Picked } from './AccountFinder';
import { FieldErrorsContext, makeFieldErrors } from './field-errors';
import { AccountLineCard, RevenueLineCard } from './LineCards';
import { AllocationPreview, Totals } from './PreviewPanel';
import { TenderCard } from './TenderCards';
import { checkTransaction, fieldId, TENDER_KINDS, useTransaction, useTransactionStore, type PaymentRequestInput, type TenderKind } from './transaction';
import './counter.css';

type Posted = MethodOutput<'payments.post'>;
type DrawerInfo = NonNullable<MethodOutput<'drawer.current'>['drawer']>;

export function CounterScreen() {
  const api = useApi();
  const current = useLoad(() => api.call('drawer.current', {}), 'drawer');
  const [posted, setPosted] = useState<Posted | null>(null);

  if (!current.value) {
    return (
      <div className="counter">
        <h1>Counter</h1>
        {current.loading && <p role="status">Checking your cash drawer…</p>}
        <ErrorAlert error={current.error} prefix="Could not check your cash drawer:" />
      </div>
    );
  }
  if (posted) return <PostedView result={posted} onNew={() => setPosted(null)} />;
  const drawer = current.value.drawer;
  if (!drawer) return <NoDrawer />;
  return <TransactionView drawer={drawer} onPosted={setPosted} onDrawerGone={() => void current.reload()} />;
}

function NoDrawer() {
  const { store } = useServices();
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="counter">
      <h1>Counter</h1>
      <div className="banner banner-warn">
        <p className="banner-title">No cash drawer is open</p>
        <p>Open your drawer with the counted starting bank before taking payments.</p>
      </div>
      <button type="button" ref={ref} className="primary" onClick={() => store.getState().navigate('drawer')} aria-keyshortcuts="Alt+3">
        Go to Drawer <kbd aria-hidden="true">Alt+3</kbd>
      </button>
    </div>
  );
}

function PostedView({ result, onNew }: { result: Posted; onNew: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'F2' && e.key !== 'Escape')) return;
      e.preventDefault();
      onNew();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onNew]);
  const r = result.receipt;
  return (
    <div className="counter posted">
      <h1>Payment posted</h1>
      {result.replayed && (
        <p role="status" className="alert alert-info">
          This payment was already posted (the first answer did not arrive); here is its receipt. Nothing was posted twice.
        </p>
      )}
      <dl className="change-due">
        <dt>Change due</dt>
        <dd>{money(r.changeCents)}</dd>
      </dl>
      <div className="page-actions">
        <button type="button" ref={ref} className="primary" onClick={onNew} aria-keyshortcuts="F2 Escape">
          New transaction <kbd aria-hidden="true">F2</kbd>
          <kbd aria-hidden="true">Esc</kbd>
        </button>
      </div>
      <ReceiptPrintPanel number={r.number} />
      <ReceiptDocument receipt={r} />
    </div>
  );
}

function TransactionView({ drawer, onPosted, onDrawerGone }: { drawer: DrawerInfo; onPosted: (p: Posted) => void; onDrawerGone: () => void }) {
  const { stamp } = useTownTime();
  const api = useApi();
  const { searchDelayMs } = useServices();
  const tx = useTransactionStore();
  const lines = useTransaction((s) => s.lines);
  const tenders = useTransaction((s) => s.tenders);
  const idempotencyKey = useTransaction((s) => s.idempotencyKey);
  const codesLoad = useLoad(() => api.call('revenueCodes.list', {}), 'revenue-codes');
  const codes = useMemo(() => codesLoad.value?.codes ?? [], [codesLoad.value]);
  const checked = useMemo(() => checkTransaction(lines, tenders, codes), [lines, tenders, codes]);

  const [visited, setVisited] = useState<ReadonlySet<string>>(new Set());
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [showAll, setShowAll] = useState(false);
  const fieldErrors = makeFieldErrors(
    checked.problems,
    visited,
    showAll,
    refused,
    (f) => setVisited((v) => (v.has(f) ? v : new Set(v).add(f))),
    (f, m) =>
      setRefused((r) => {
        if ((r[f] ?? null) === m) return r;
        const next = { ...r };
        if (m === null) delete next[f];
        else next[f] = m;
        return next;
      }),
  );

  const [preview, setPreview] = useState<{ for: string; value: PaymentPreview } | null>(null);
  const [previewError, setPreviewError] = useState<AppError | null>(null);
  // F9 pressed before the preview caught up: the request it was pressed for.
  const [postIntent, setPostIntent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [postError, setPostError] = useState<AppError | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [pendingFocus, setPendingFocus] = useState<string | null>(null);
  const busyRef = useRef(false);
  const previewSeq = useRef(0);
  const findRef = useRef<HTMLInputElement>(null);

  const previewJson = checked.preview ? JSON.stringify(checked.preview) : null;
  const freshPreview = preview !== null && preview.for === previewJson ? preview.value : null;
  const canPost = freshPreview !== null && freshPreview.canPost && checked.post !== null && !busy;
  const latest = useRef({ checked, idempotencyKey });
  latest.current = { checked, idempotencyKey };

  useEffect(() => findRef.current?.focus(), []);

  // Move focus to a field once it has rendered (a new line's amount, a new tender's amount).
  useEffect(() => {
    if (!pendingFocus) return;
    const el = document.getElementById(pendingFocus);
    if (!el) return;
    el.focus();
    if (el instanceof HTMLInputElement) el.select();
    setPendingFocus(null);
  });

  // The allocation preview: debounced, and an answer to an older request is dropped.
  useEffect(() => {
    if (previewJson === null) {
      previewSeq.current++;
      return;
    }
    if (preview?.for === previewJson) return;
    const mine = ++previewSeq.current;
    const timer = setTimeout(
      () => {
        void api.call('payments.preview', JSON.parse(previewJson) as PaymentRequestInput).then((env) => {
          if (mine !== previewSeq.current) return;
          if (env.ok) {
            setPreview({ for: previewJson, value: env.value });
            setPreviewError(null);
          } else {
            setPreviewError(env.error);
            setPostIntent(null);
          }
        });
      },
      postIntent === previewJson ? 0 : searchDelayMs,
    );
    return () => clearTimeout(timer);
    // `preview` is read only to skip a request already answered: a new answer must not ask again.
  }, [previewJson, postIntent, api, searchDelayMs]);

  useEffect(() => () => void previewSeq.current++, []);

  // F9 pressed before the preview caught up: post as soon as it does, if it says we can —
  // unless the transaction changed in the meantime (then the cashier presses F9 again).
  useEffect(() => {
    if (postIntent === null) return;
    if (postIntent !== previewJson) {
      setPostIntent(null);
      return;
    }
    if (!freshPreview) return;
    setPostIntent(null);
    if (freshPreview.canPost) void doPost();
    else setRefusal(freshPreview.problems.map((p) => p.message).join(' '));
  });

  async function doPost() {
    const { checked: c, idempotencyKey: key } = latest.current;
    if (busyRef.current || !c.post) return;
    busyRef.current = true;
    setBusy(true);
    setPostError(null);
    setRefusal(null);
    // The same key on every attempt of this transaction: a retry or a double click posts once.
    const env = await api.call('payments.post', { ...c.post, idempotencyKey: key });
    busyRef.current = false;
    setBusy(false);
    if (!env.ok) {
      setPostError(env.error);
      if (env.error.code === 'DRAWER_NOT_OPEN') onDrawerGone();
      return;
    }
    tx.getState().reset();
    onPosted(env.value);
  }

  function requestPost() {
    if (busyRef.current) return;
    setRefusal(null);
    if (!checked.post) {
      setShowAll(true);
      const first = checked.problems[0];
      setRefusal(first ? `${first.where}: ${first.message}` : 'Find an account or add a revenue line first.');
      if (first) setPendingFocus(first.field);
      return;
    }
    if (freshPreview) {
      if (freshPreview.canPost) void doPost();
      else setRefusal(freshPreview.problems.map((p) => p.message).join(' '));
      return;
    }
    setPostIntent(previewJson);
  }

  const requestPostRef = useRef(requestPost);
  requestPostRef.current = requestPost;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'F9' || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      requestPostRef.current();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  function onPick({ account, stubAmountCents }: Picked) {
    const existing = lines.find((l) => l.type === 'account' && l.account.id === account.id);
    if (existing) {
      if (stubAmountCents !== null) tx.getState().updateLine(existing.key, { amount: amountText(stubAmountCents), fromStub: true });
      setPendingFocus(fieldId(existing.key, 'amount'));
      return;
    }
    const key = tx.getState().addAccount(account, amountText(stubAmountCents ?? account.balanceCents), stubAmountCents !== null);
    setPendingFocus(fieldId(key, 'amount'));
    void api.call('accounts.get', { accountId: account.id }).then((env) => {
      if (env.ok) tx.getState().setDue(account.id, { pastDueCents: env.value.pastDueCents, currentDueCents: env.value.currentDueCents, nextDueDate: env.value.nextDueDate });
    });
  }

  function addTender(kind: TenderKind) {
    const remaining = Math.max(0, checked.linesCents - checked.tenderedCents);
    const firstAccount = lines.find((l) => l.type === 'account');
    const payer = kind === 'check' && firstAccount?.type === 'account' ? firstAccount.account.name : '';
    const key = tx.getState().addTender(kind, amountText(remaining), payer);
    setPendingFocus(fieldId(key, 'amount'));
  }

  function onAmountEnter() {
    const first = tenders[0];
    if (first) setPendingFocus(fieldId(first.key, 'amount'));
    else addTender('cash');
  }

  function clearTransaction() {
    tx.getState().reset();
    setVisited(new Set());
    setRefused({});
    setShowAll(false);
    setRefusal(null);
    setPostError(null);
    setPreviewError(null);
    setPreview(null);
    findRef.current?.focus();
  }

  const updating = previewJson !== null && !freshPreview && previewError === null;
  let waitingFor: string | null = null;
  if (lines.length === 0) waitingFor = 'Find an account or add a revenue line to see where the money goes.';
  else if (previewJson === null) waitingFor = 'Enter every amount to see where the money goes.';
  const shownPreview = previewJson === null ? null : (preview?.value ?? null);

  return (
    <FieldErrorsContext.Provider value={fieldErrors}>
      <div className="counter">
        <div className="counter-title">
          <h1>Counter</h1>
          <p className="muted">
            Drawer open since {stamp(drawer.openedAt)} · Business date {formatDate(drawer.businessDate)}
          </p>
        </div>
        <div className="counter-grid">
          <div className="counter-entry">
            <AccountFinder onPick={onPick} boxRef={findRef} />
            <section aria-labelledby="lines-heading" className="card">
              <h2 id="lines-heading">Payment lines</h2>
              {lines.length === 0 && <p className="muted">No lines yet: find an account above, or add a revenue line.</p>}
              {lines.map((l, i) =>
                l.type === 'account' ? (
                  <AccountLineCard
                    key={l.key}
                    line={l}
                    index={i}
                    onAmountEnter={onAmountEnter}
                    onRemove={() => {
                      tx.getState().removeLine(l.key);
                      findRef.current?.focus();
                    }}
                  />
                ) : (
                  <RevenueLineCard
                    key={l.key}
                    line={l}
                    index={i}
                    codes={codes}
                    onRemove={() => {
                      tx.getState().removeLine(l.key);
                      setPendingFocus('add-revenue');
                    }}
                  />
                ),
              )}
              <ErrorAlert error={codesLoad.error} prefix="Could not load the revenue codes:" />
              <button type="button" id="add-revenue" onClick={() => setPendingFocus(fieldId(tx.getState().addRevenue(), 'code'))}>
                Add revenue line
              </button>
            </section>
            <section aria-labelledby="tenders-heading" className="card">
              <h2 id="tenders-heading">Tenders</h2>
              {tenders.length === 0 && <p className="muted">No tenders yet. The amount of a new tender starts at what is still due.</p>}
              {tenders.map((t, i) => (
                <TenderCard
                  key={t.key}
                  tender={t}
                  index={i}
                  onRemove={() => {
                    tx.getState().removeTender(t.key);
                    setPendingFocus('add-cash');
                  }}
                />
              ))}
              <div className="tender-buttons">
                {TENDER_KINDS.map((k) => (
                  <button type="button" key={k.kind} id={`add-${k.kind.replace('_', '-')}`} onClick={() => addTender(k.kind)}>
                    Add {k.label.toLowerCase()}
                  </button>
                ))}
              </div>
            </section>
          </div>
          <div className="counter-side">
            <Totals preview={shownPreview} updating={updating} />
            <div className="post-row">
              <button type="button" className="primary post-button" disabled={!canPost} aria-busy={busy} aria-keyshortcuts="F9" onClick={requestPost}>
                Post payment <kbd aria-hidden="true">F9</kbd>
              </button>
              <button type="button" onClick={clearTransaction}>
                Clear transaction
              </button>
            </div>
            {refusal && (
              <div role="alert" className="alert alert-error">
                Not posted: {refusal}
              </div>
            )}
            <ErrorAlert error={postError} prefix="Not posted:" />
            <ErrorAlert error={previewError} prefix="Could not preview the payment:" />
            {checked.problems.length > 0 && (
              <div className="missing">
                <p id="missing-heading" className="hint">
                  Still to fill in:
                </p>
                <ul aria-labelledby="missing-heading" className="hint">
                  {checked.problems.map((p) => (
                    <li key={p.field}>
                      {p.where}: {p.message}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <AllocationPreview preview={shownPreview} updating={updating} waitingFor={waitingFor} />
          </div>
        </div>
      </div>
    </FieldErrorsContext.Provider>
  );
}
