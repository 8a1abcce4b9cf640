// The Aging screen (Alt+G): what the town is owed as of a date, in the buckets current / 30 / 60 /
// 90+ days past due — a bar chart of the four buckets (the table beside it carries the same
// numbers for a screen reader), filters (at least an amount, something in a bucket, a status) and
// the accounts, largest past due first; Enter on an account opens it. Save as PDF. The walk over
// a town-sized ledger shows a progress bar fed by collections.progress.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { AGING_BUCKETS, type AgingBucketsView, type AgingView } from '../../../src-shared/ipc/penalty-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { parseCents } from '../../../src-shared/money';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatCount, formatDate, money, STATUS_LABELS } from '../../ui/format';
import { saveDocument } from '../reports/pdf-download';
import { useWalkProgress, WalkProgress } from './WalkProgress';

const PAGE = 100;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
type Bucket = (typeof AGING_BUCKETS)[number];
type Status = keyof typeof STATUS_LABELS;

export const BUCKET_LABELS: Record<Bucket, string> = { current: 'Current', '30': '30–59 days', '60': '60–89 days', '90': '90+ days' };
const FIELD: Record<Bucket, keyof AgingBucketsView> = { current: 'currentCents', '30': 'days30Cents', '60': 'days60Cents', '90': 'days90Cents' };

export function AgingChart({ totals }: { totals: AgingBucketsView }) {
  const WIDTH = 420;
  const HEIGHT = 160;
  const max = Math.max(1, ...AGING_BUCKETS.map((b) => totals[FIELD[b]]));
  const bar = (WIDTH - 20) / 4;
  return (
    <figure className="aging-chart">
      <svg role="img" aria-label={`Aging: ${AGING_BUCKETS.map((b) => `${BUCKET_LABELS[b]} ${money(totals[FIELD[b]])}`).join(', ')}`} width={WIDTH} height={HEIGHT + 36} viewBox={`0 0 ${WIDTH} ${HEIGHT + 36}`}>
        {AGING_BUCKETS.map((b, i) => {
          const h = Math.round((HEIGHT - 16) * (totals[FIELD[b]] / max));
          const x = 10 + i * bar;
          return (
            <g key={b}>
              <rect x={x + 8} y={HEIGHT - h} width={bar - 16} height={Math.max(h, 1)} fill={i === 0 ? '#9bb3cc' : i === 3 ? '#a4262c' : i === 2 ? '#d47500' : '#e3b505'} />
              <text x={x + bar / 2} y={HEIGHT - h - 4} fontSize={11} textAnchor="middle">
                {money(totals[FIELD[b]])}
              </text>
              <text x={x + bar / 2} y={HEIGHT + 16} fontSize={12} textAnchor="middle">
                {BUCKET_LABELS[b]}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Open amounts by days past due</figcaption>
    </figure>
  );
}

export function AgingScreen() {
  const api = useApi();
  const { store } = useServices();
  const businessDate = useAppState((s) => s.status?.businessDate ?? '');
  const [asOf, setAsOf] = useState('');
  const [minText, setMinText] = useState('');
  const [bucket, setBucket] = useState('');
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const [view, setView] = useState<AgingView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [docError, setDocError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const progress = useWalkProgress(busy);

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (!asOf && businessDate) setAsOf(businessDate);
  }, [asOf, businessDate]);

  const minCents = minText.trim() === '' ? undefined : parseCents(minText);
  const minError = minCents === null ? 'Enter an amount like 25.00' : undefined;
  const filters = () => ({ asOf, minCents: minCents ?? undefined, bucket: (bucket || undefined) as Bucket | undefined, status: (status || undefined) as Status | undefined });

  async function load(at: number) {
    if (!DATE_RE.test(asOf) || minCents === null) return;
    setBusy(true);
    const env = await api.call('collections.aging', { ...filters(), offset: at, limit: PAGE });
    setBusy(false);
    if (env.ok) {
      setView(env.value);
      setOffset(at);
      setError(null);
    } else setError(env.error);
  }
  // The first look: as of the business date.
  const first = useRef(false);
  useEffect(() => {
    if (first.current || !DATE_RE.test(asOf)) return;
    first.current = true;
    void load(0);
  }, [asOf]);

  function submit(e: FormEvent) {
    e.preventDefault();
    void load(0);
  }
  async function pdf() {
    const env = await api.call('collections.agingPdf', filters());
    if (env.ok) {
      setDocError(null);
      saveDocument(env.value);
    } else setDocError(env.error);
  }

  return (
    <div className="screen aging-screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Aging
      </h1>
      <form className="card" aria-label="Aging filters" onSubmit={submit}>
        <TextField label="As of" type="date" value={asOf} onChange={setAsOf} required />
        <TextField label="At least (open)" value={minText} onChange={setMinText} inputMode="decimal" error={minError} hint="Leave empty for every account with anything open." />
        <SelectField label="Bucket" value={bucket} onChange={setBucket} placeholder="Any bucket" options={AGING_BUCKETS.map((b) => ({ value: b, label: `Something ${b === 'current' ? 'current' : BUCKET_LABELS[b]}` }))} />
        <SelectField label="Status" value={status} onChange={setStatus} placeholder="Any status" options={(Object.keys(STATUS_LABELS) as Status[]).map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        <button type="submit" className="primary" disabled={busy || !DATE_RE.test(asOf) || minCents === null}>
          Show aging
        </button>
        <button type="button" onClick={() => void pdf()} disabled={busy || !DATE_RE.test(asOf) || minCents === null}>
          Save as PDF
        </button>
      </form>
      {busy && <WalkProgress label="Aging progress" progress={progress} />}
      <ErrorAlert error={error} />
      <ErrorAlert error={docError} prefix="Could not make the file:" />
      {view && (
        <section className="card" aria-labelledby="aging-heading">
          <h2 id="aging-heading">Aging as of {formatDate(view.asOf)}</h2>
          <p role="status" aria-label="Aging totals">
            {money(view.openCents)} open on {formatCount(view.accounts)} accounts; {formatCount(view.matching)} shown by the filters.
          </p>
          <div className="cutoff-summary">
            <AgingChart totals={view.totals} />
            <table className="data" aria-label="Aging buckets">
              <thead>
                <tr>
                  <th scope="col">Bucket</th>
                  <th scope="col">All accounts</th>
                  <th scope="col">Shown</th>
                </tr>
              </thead>
              <tbody>
                {AGING_BUCKETS.map((b) => (
                  <tr key={b}>
                    <td>{BUCKET_LABELS[b]}</td>
                    <td className="num">{money(view.totals[FIELD[b]])}</td>
                    <td className="num">{money(view.matchingTotals[FIELD[b]])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <table className="data" aria-label="Aging accounts">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
                {AGING_BUCKETS.map((b) => (
                  <th key={b} scope="col">
                    {BUCKET_LABELS[b]}
                  </th>
                ))}
                <th scope="col">Past due</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr key={r.accountId}>
                  <td>
                    <button type="button" className="link-button" onClick={() => store.getState().openAccount(r.accountId)} aria-label={`Open account ${r.accountNumber}`}>
                      {r.accountNumber}
                    </button>
                  </td>
                  <td>{r.name}</td>
                  <td>{STATUS_LABELS[r.status]}</td>
                  {AGING_BUCKETS.map((b) => (
                    <td key={b} className="num">
                      {money(r.buckets[FIELD[b]])}
                    </td>
                  ))}
                  <td className="num">{money(r.pastDueCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {view.matching === 0 ? 'No accounts.' : `Accounts ${formatCount(offset + 1)}–${formatCount(Math.min(offset + PAGE, view.matching))} of ${formatCount(view.matching)}.`}{' '}
            <button type="button" disabled={busy || offset === 0} onClick={() => void load(Math.max(0, offset - PAGE))}>
              Previous page
            </button>
            <button type="button" disabled={busy || offset + PAGE >= view.matching} onClick={() => void load(offset + PAGE)}>
              Next page
            </button>
          </p>
        </section>
      )}
    </div>
  );
}
