// The Billing screen (clerk: preview; supervisor: post): choose a cycle and period, preview the
// run (totals by service and class, held accounts with their reasons, open exceptions, last
// month beside this one with a bar chart), post it with a progress bar fed by billing.runs, then
// open the run's bills (PDF, in parts of 500) and the print vendor's CSV. Every number comes
// from the core.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { roleHas, SERVICE_LABELS } from '../../../src-shared/domain';
import type { BillingPreview, BillingRunView } from '../../../src-shared/ipc/billing-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatCount, formatDate, money, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';
import { ComparisonChart } from './ComparisonChart';
import { saveText } from '../../ui/save-text';
import './billing.css';

const CYCLES = [1, 2, 3, 4].map((c) => ({ value: String(c), label: `Cycle ${c}` }));
const POLL_MS = 300;

/** The month after the business date's: the period a clerk usually previews next. */
function nextPeriod(businessDate: string): string {
  if (!businessDate) return '';
  const [y, m] = businessDate.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function BillingScreen() {
  const api = useApi();
  const { stamp } = useTownTime();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const businessDate = useAppState((s) => s.status?.businessDate ?? '');
  const canPost = roles !== null && roleHas(roles, 'billing.run');
  const [cycle, setCycle] = useState('1');
  const [period, setPeriod] = useState(() => nextPeriod(businessDate));
  const [preview, setPreview] = useState<BillingPreview | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [posting, setPosting] = useState<BillingRunView | null>(null);
  const [isPosting, setIsPosting] = useState(false);
  const [posted, setPosted] = useState<{ run: BillingRunView; billedNow: number; held: number } | null>(null);
  const runs = useLoad(() => api.call('billing.runs', { limit: 24 }), 'billing-runs');
  const confirmRef = useRef<HTMLButtonElement>(null);
  const summaryRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!period && businessDate) setPeriod(nextPeriod(businessDate));
  }, [businessDate, period]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  // A new preview takes the focus to its heading (after it is on the page).
  useEffect(() => {
    if (preview) summaryRef.current?.focus();
  }, [preview]);

  async function runPreview(e?: FormEvent) {
    e?.preventDefault();
    setBusy(true);
    setConfirming(false);
    setPosted(null);
    const env = await api.call('billing.preview', { cycle: Number(cycle), period });
    setBusy(false);
    if (env.ok) {
      setPreview(env.value);
      setError(null);
    } else {
      setPreview(null);
      setError(env.error);
    }
  }

  async function post() {
    if (!preview) return;
    setConfirming(false);
    setBusy(true);
    setIsPosting(true);
    setPosting(preview.run ?? null);
    // The post resolves when the run is posted; meanwhile billing.runs says how far it got.
    const timer = setInterval(() => {
      void api.call('billing.runs', { limit: 24 }).then((env) => {
        if (!env.ok) return;
        const live = env.value.runs.find((r) => r.cycle === preview.cycle && r.period === preview.period);
        if (live) setPosting(live);
      });
    }, POLL_MS);
    const env = await api.call('billing.post', { cycle: preview.cycle, period: preview.period, confirm: true });
    clearInterval(timer);
    setBusy(false);
    setIsPosting(false);
    setPosting(null);
    if (env.ok) {
      setPosted(env.value);
      setError(null);
    } else setError(env.error);
    void runs.reload();
  }

  const progress = posting ? Math.round(posting.progress * 100) : 0;
  return (
    <div className="screen billing-screen">
      <h1>Billing</h1>
      <form className="card billing-choose" onSubmit={(e) => void runPreview(e)} aria-label="Billing run">
        <SelectField label="Billing cycle" value={cycle} onChange={setCycle} options={CYCLES} />
        <TextField label="Period (YYYY-MM)" value={period} onChange={setPeriod} pattern="\d{4}-(0[1-9]|1[0-2])" required hint="The month the bills are dated" />
        <div className="billing-actions">
          <button type="submit" className="primary" disabled={busy}>
            Preview
          </button>
          {canPost && preview && preview.toBill > 0 && !confirming && (
            <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
              Post {formatCount(preview.toBill)} bills…
            </button>
          )}
        </div>
        {!canPost && preview && <p className="hint">Posting a run needs a supervisor.</p>}
      </form>
      {confirming && preview && (
        <div className="card billing-confirm" role="group" aria-label="Confirm posting" onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
          <p>
            Post {formatCount(preview.toBill)} bills for cycle {preview.cycle}, {preview.period} (dated {formatDate(preview.billDate)}, due {formatDate(preview.dueDate)}), {money(preview.totalCents)} in all?{' '}
            {preview.heldTotal > 0 && `${formatCount(preview.heldTotal)} held accounts are not billed.`}
          </p>
          <button type="button" className="primary" ref={confirmRef} onClick={() => void post()}>
            Post the run
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <ErrorAlert error={error} />
      {isPosting && preview && (
        <div className="card billing-progress">
          <label htmlFor="billing-progress">Posting cycle {preview.cycle}, {preview.period}</label>
          <progress id="billing-progress" aria-label="Billing run progress" max={100} value={progress} />
          <p aria-live="polite">
            {posting ? `${formatCount(posting.billed)} bills posted (${progress} %)` : 'Starting…'}
          </p>
        </div>
      )}
      {posted && <RunResult result={posted} onError={setError} />}
      {preview && <PreviewView p={preview} headingRef={summaryRef} />}
      <section className="card" aria-labelledby="billing-runs">
        <h2 id="billing-runs">Billing runs</h2>
        <ErrorAlert error={runs.error} />
        {runs.value && runs.value.runs.length === 0 && <p className="muted">No billing run yet.</p>}
        {runs.value && runs.value.runs.length > 0 && (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Cycle</th>
                <th scope="col">Period</th>
                <th scope="col">Bill date</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Bills</th>
                <th scope="col" className="num">Total</th>
                <th scope="col">Started</th>
                <th scope="col">Documents</th>
              </tr>
            </thead>
            <tbody>
              {runs.value.runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.cycle}</td>
                  <td>{r.period}</td>
                  <td>{formatDate(r.billDate)}</td>
                  <td>{r.status === 'posted' ? 'Posted' : r.active ? `Posting ${Math.round(r.progress * 100)} %` : 'Interrupted — post again to finish'}</td>
                  <td className="num">{formatCount(r.billed)}</td>
                  <td className="num">{money(r.totalCents)}</td>
                  <td>{stamp(r.startedAt)}</td>
                  <td>
                    <RunDocuments run={r} onError={setError} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function RunResult({ result, onError }: { result: { run: BillingRunView; billedNow: number; held: number }; onError: (e: AppError | null) => void }) {
  const r = result.run;
  return (
    <section className="card" aria-labelledby="billing-posted">
      <h2 id="billing-posted" tabIndex={-1}>
        Cycle {r.cycle}, {r.period} posted
      </h2>
      <p role="status">
        {formatCount(result.billedNow)} bills posted now ({formatCount(r.billed)} in the run, {money(r.totalCents)}, {formatCount(r.estimated)} estimated); {formatCount(result.held)} accounts held.
      </p>
      <RunDocuments run={r} onError={onError} />
    </section>
  );
}

/** The run's bills as PDF (a part of 500 bills at a time) and its vendor CSV. */
function RunDocuments({ run, onError }: { run: BillingRunView; onError: (e: AppError | null) => void }) {
  const api = useApi();
  const [part, setPart] = useState('1');
  const [busy, setBusy] = useState(false);
  if (run.billed === 0) return <span className="muted">No bills</span>;
  async function pdf() {
    setBusy(true);
    const env = await api.call('billing.pdf', { runId: run.id, part: Number(part) });
    setBusy(false);
    if (env.ok) saveDocument(env.value);
    else onError(env.error);
  }
  async function csv() {
    setBusy(true);
    const env = await api.call('billing.vendorCsv', { runId: run.id });
    setBusy(false);
    if (env.ok) saveText(env.value.filename, env.value.text, 'text/csv');
    else onError(env.error);
  }
  const label = `cycle ${run.cycle} ${run.period}`;
  return (
    <div className="run-docs">
      {run.parts > 1 && (
        <SelectField
          label={`Bills part (${label})`}
          value={part}
          onChange={setPart}
          options={Array.from({ length: run.parts }, (_, i) => ({ value: String(i + 1), label: `Part ${i + 1} of ${run.parts}` }))}
        />
      )}
      <button type="button" disabled={busy} onClick={() => void pdf()} aria-label={`Open bills PDF, ${label}`}>
        Bills PDF
      </button>
      <button type="button" disabled={busy} onClick={() => void csv()} aria-label={`Download print vendor CSV, ${label}`}>
        Vendor CSV
      </button>
    </div>
  );
}

function PreviewView({ p, headingRef }: { p: BillingPreview; headingRef: React.Ref<HTMLHeadingElement> }) {
  return (
    <>
      <section className="card" aria-labelledby="billing-preview">
        <h2 id="billing-preview" ref={headingRef} tabIndex={-1}>
          Preview: cycle {p.cycle}, {p.period}
        </h2>
        <p>
          Bill date {formatDate(p.billDate)}, due {formatDate(p.dueDate)}; readings from {formatDate(p.readFrom)} to {formatDate(p.readTo)}.
        </p>
        <dl className="billing-facts">
          <div>
            <dt>Accounts to bill</dt>
            <dd>{formatCount(p.toBill)}</dd>
          </div>
          <div>
            <dt>Already billed in this run</dt>
            <dd>{formatCount(p.alreadyBilled)}</dd>
          </div>
          <div>
            <dt>Held</dt>
            <dd>{formatCount(p.heldTotal)}</dd>
          </div>
          <div>
            <dt>Total</dt>
            <dd>{money(p.totalCents)}</dd>
          </div>
          <div>
            <dt>Estimated readings</dt>
            <dd>
              {formatCount(p.estimatedReadings)} ({formatCount(p.estimatedBills)} bills)
            </dd>
          </div>
          <div>
            <dt>Open exceptions</dt>
            <dd>{formatCount(p.exceptionsTotal)}</dd>
          </div>
        </dl>
        {p.run && <p className="hint">{p.run.status === 'posted' ? 'This run is posted: posting again bills nothing twice.' : 'This run was interrupted: posting again finishes the rest.'}</p>}
        <div className="billing-tables">
          <table className="data">
            <caption>Totals by service</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col" className="num">Bills</th>
                <th scope="col" className="num">This run</th>
                <th scope="col" className="num">Last month ({p.lastMonth.period})</th>
              </tr>
            </thead>
            <tbody>
              {p.byService.map((s) => (
                <tr key={s.service}>
                  <th scope="row">{SERVICE_LABELS[s.service]}</th>
                  <td className="num">{formatCount(s.bills)}</td>
                  <td className="num">{money(s.cents)}</td>
                  <td className="num">{money(p.lastMonth.byService.find((x) => x.service === s.service)?.cents ?? 0)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">All</th>
                <td className="num">{formatCount(p.toBill)}</td>
                <td className="num">{money(p.totalCents)}</td>
                <td className="num">
                  {money(p.lastMonth.totalCents)} ({formatCount(p.lastMonth.bills)} bills)
                </td>
              </tr>
            </tbody>
          </table>
          <table className="data">
            <caption>Totals by class</caption>
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col" className="num">Bills</th>
                <th scope="col" className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {p.byClass.map((k) => (
                <tr key={k.serviceClass}>
                  <th scope="row">{k.serviceClass === 'residential' ? 'Residential' : 'Commercial'}</th>
                  <td className="num">{formatCount(k.bills)}</td>
                  <td className="num">{money(k.cents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ComparisonChart preview={p} />
      </section>
      <section className="card" aria-labelledby="billing-held">
        <h2 id="billing-held">Held accounts ({formatCount(p.heldTotal)})</h2>
        {p.heldTotal === 0 ? (
          <p className="muted">No account is held.</p>
        ) : (
          <>
            {p.held.length < p.heldTotal && (
              <p className="hint">
                {formatCount(p.held.length)} of {formatCount(p.heldTotal)} shown.
              </p>
            )}
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Name</th>
                  <th scope="col">Service address</th>
                  <th scope="col">Why held</th>
                </tr>
              </thead>
              <tbody>
                {p.held.map((h) => (
                  <tr key={h.accountId}>
                    <td>{h.accountNumber}</td>
                    <td>{h.name}</td>
                    <td>{h.serviceAddress}</td>
                    <td>{h.reasons.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="billing-exceptions">
        <h2 id="billing-exceptions">Open reading exceptions ({formatCount(p.exceptionsTotal)})</h2>
        {p.exceptionsTotal === 0 ? (
          <p className="muted">No open exception.</p>
        ) : (
          <>
            {p.exceptions.length < p.exceptionsTotal && (
              <p className="hint">
                {formatCount(p.exceptions.length)} of {formatCount(p.exceptionsTotal)} shown.
              </p>
            )}
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Meter</th>
                  <th scope="col">Account</th>
                  <th scope="col">Route</th>
                  <th scope="col">Read on</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {p.exceptions.map((x) => (
                  <tr key={x.id}>
                    <td>{x.meterNumber}</td>
                    <td>{x.accountNumber ?? '—'}</td>
                    <td>{x.routeCode ?? '—'}</td>
                    <td>{formatDate(x.readOn)}</td>
                    <td>{x.reason.replace(/_/g, ' ')}</td>
                    <td>{x.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </>
  );
}
