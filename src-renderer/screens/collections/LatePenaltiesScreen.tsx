// The Late penalties screen (Alt+L): preview today's late penalty run (bills to penalize, total,
// sample rows, bills left without a penalty by reason), then run it with a progress bar. The
// core decides everything; a second run the same day posts nothing.
import { useEffect, useRef, useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { PENALTY_SKIP_LABELS, type PenaltyPreviewView, type PenaltyRunView } from '../../../src-shared/ipc/penalty-schemas';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatCount, formatDate, money, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { useWalkProgress, WalkProgress } from './WalkProgress';

export function LatePenaltiesScreen() {
  const api = useApi();
  const { store } = useServices();
  const { stamp } = useTownTime();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canRun = roles !== null && roleHas(roles, 'collections.run');
  const [preview, setPreview] = useState<PenaltyPreviewView | null>(null);
  const [result, setResult] = useState<{ run: PenaltyRunView; penalizedNow: number; penalizedCentsNow: number } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'run' | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const progress = useWalkProgress(busy !== null);
  const runs = useLoad(() => api.call('collections.penalties.runs', { limit: 10 }), `penalty-runs-${result?.run.id ?? 0}-${result?.penalizedNow ?? 0}`);

  useEffect(() => headingRef.current?.focus(), []);

  async function doPreview() {
    setBusy('preview');
    setResult(null);
    const env = await api.call('collections.penalties.preview', {});
    setBusy(null);
    if (env.ok) {
      setPreview(env.value);
      setError(null);
    } else setError(env.error);
  }
  async function doRun() {
    setBusy('run');
    const env = await api.call('collections.penalties.run', { confirm: true });
    setBusy(null);
    if (env.ok) {
      setResult(env.value);
      setPreview(null);
      setError(null);
    } else setError(env.error);
  }

  return (
    <div className="screen penalties-screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Late penalties
      </h1>
      <section className="card" aria-label="Penalty run">
        <p>
          Each bill past its due date with charges still open gets one late penalty, once: the larger of the minimum and the percentage of what is still open on it (Policy settings). Closed accounts, accounts with a no-penalty date and accounts keeping an arrangement
          or extension are left out, each with its reason.
        </p>
        <button type="button" className="primary" onClick={() => void doPreview()} disabled={busy !== null}>
          Preview today&apos;s run
        </button>
      </section>
      {busy && <WalkProgress label={busy === 'run' ? 'Penalty run progress' : 'Preview progress'} progress={progress} />}
      <ErrorAlert error={error} prefix={busy === 'run' ? 'Not run:' : undefined} />
      {preview && (
        <section className="card" aria-labelledby="penalty-preview-heading">
          <h2 id="penalty-preview-heading">Preview for {formatDate(preview.runDate)}</h2>
          <p role="status" aria-label="Preview totals">
            {preview.alreadyRun ? "Today's run is done; running again posts nothing new. " : ''}
            {formatCount(preview.toPenalizeCount)} bills on {formatCount(preview.toPenalizeAccounts)} accounts to penalize, {money(preview.totalCents)} in all.
          </p>
          {preview.skipped.length > 0 && (
            <table className="data" aria-label="Left without a penalty">
              <thead>
                <tr>
                  <th scope="col">Left out because</th>
                  <th scope="col">Bills</th>
                  <th scope="col">Past due</th>
                </tr>
              </thead>
              <tbody>
                {preview.skipped.map((s) => (
                  <tr key={s.code}>
                    <td>{PENALTY_SKIP_LABELS[s.code]}</td>
                    <td className="num">{formatCount(s.count)}</td>
                    <td className="num">{money(s.pastDueCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.samples.length > 0 && (
            <table className="data" aria-label="Penalties to post (first bills)">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Bill due</th>
                  <th scope="col">Still open</th>
                  <th scope="col">Penalty</th>
                </tr>
              </thead>
              <tbody>
                {preview.samples.map((s) => (
                  <tr key={s.billId}>
                    <td>
                      <button type="button" className="link-button" onClick={() => store.getState().openAccount(s.accountId)} aria-label={`Open account ${s.accountNumber}`}>
                        {s.accountNumber}
                      </button>
                    </td>
                    <td>{s.name}</td>
                    <td>{formatDate(s.billDueDate)}</td>
                    <td className="num">{money(s.pastDueCents)}</td>
                    <td className="num">{money(s.penaltyCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {canRun ? (
            <button type="button" className="primary" onClick={() => void doRun()} disabled={busy !== null || preview.toPenalizeCount === 0}>
              Post {formatCount(preview.toPenalizeCount)} penalties ({money(preview.totalCents)})
            </button>
          ) : (
            <p className="hint">Running the penalties needs a supervisor.</p>
          )}
        </section>
      )}
      {result && (
        <p role="status" aria-label="Run result" className="card">
          Run for {formatDate(result.run.runDate)} done: {formatCount(result.penalizedNow)} penalties posted now ({money(result.penalizedCentsNow)}); {formatCount(result.run.penalizedCount)} in this run, {formatCount(result.run.skippedCount)} bills left out.
        </p>
      )}
      <ErrorAlert error={runs.error} />
      {runs.value && runs.value.runs.length > 0 && (
        <table className="data" aria-label="Penalty runs">
          <thead>
            <tr>
              <th scope="col">Run date</th>
              <th scope="col">Status</th>
              <th scope="col">Penalties</th>
              <th scope="col">Amount</th>
              <th scope="col">Left out</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {runs.value.runs.map((r) => (
              <tr key={r.id}>
                <td>{formatDate(r.runDate)}</td>
                <td>{r.status === 'done' ? 'Done' : `Interrupted at ${Math.round(r.progress * 100)} % (run again to finish)`}</td>
                <td className="num">{formatCount(r.penalizedCount)}</td>
                <td className="num">{money(r.penalizedCents)}</td>
                <td className="num">{formatCount(r.skippedCount)}</td>
                <td>{r.finishedAt ? stamp(r.finishedAt) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
