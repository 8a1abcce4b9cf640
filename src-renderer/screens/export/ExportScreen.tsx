// The Export screen (supervisor, admin): each recent business day and its delivery to the
// central system, "Send now" for a closed day not yet delivered, "Re-send" for a delivered one
// (a reason and a supervisor), the package written, the folder and the last error. An
// administrator also sets the folder, the nightly time and the schedule here.
import { useEffect, useRef, useState, type FormEvent, type Ref } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { ExportDayStatus, ExportRunResult, ExportStatus } from '../../../src-shared/ipc/export-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatCount, formatDate, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { ReasonApprovalFields, useReasonApproval } from '../receipts/SupervisorFields';
import { exportChanged } from './ExportFrameStatus';
import { ExportSettingsForm } from './ExportSettingsForm';

const DAY_STATUS_LABELS: Record<ExportDayStatus['status'], string> = {
  open: 'Open (not closed)',
  pending: 'Waiting',
  failed: 'Failed',
  delivered: 'Delivered',
};

const OUTCOME_LABELS: Record<ExportRunResult['outcome'], string> = {
  delivered: 'Delivered',
  redelivered: 'Sent again',
  recovered: 'Recorded (the package was already in place)',
};

export function ExportScreen() {
  const { stamp } = useTownTime();
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canRun = role !== null && roleHas(role, 'export.run');
  const isAdmin = role !== null && roleHas(role, 'settings.write');
  const status = useLoad(() => api.call('export.status', { limit: 60 }), 'export');
  const [busyDay, setBusyDay] = useState<string | null>(null);
  const [runError, setRunError] = useState<AppError | null>(null);
  const [result, setResult] = useState<ExportRunResult | null>(null);
  const [resendDay, setResendDay] = useState<string | null>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  async function afterRun(r: ExportRunResult) {
    setResult(r);
    setRunError(null);
    setResendDay(null);
    await status.reload();
    exportChanged();
  }

  async function sendNow(day: string) {
    if (busyDay) return;
    setBusyDay(day);
    setResult(null);
    const env = await api.call('export.run', { businessDate: day });
    setBusyDay(null);
    if (env.ok) return afterRun(env.value);
    setRunError(env.error);
    await status.reload();
    exportChanged();
  }

  const s = status.value;
  return (
    <div className="export-screen">
      <h1>Export to the central system</h1>
      {!s && status.loading && <p role="status">Loading the export status…</p>}
      <ErrorAlert error={status.error} prefix="Could not load the export status:" />
      {s && <ExportSummary s={s} />}
      <ErrorAlert error={runError} prefix="Not sent:" />
      {result && <RunResult r={result} headingRef={resultRef} />}
      {resendDay && <ResendForm day={resendDay} onDone={(r) => void afterRun(r)} onCancel={() => setResendDay(null)} />}
      {s && (
        <section aria-labelledby="export-days" className="card">
          <h2 id="export-days">Business days</h2>
          {s.days.length === 0 ? (
            <p className="muted">No business days yet.</p>
          ) : (
            <table className="data" aria-labelledby="export-days">
              <thead>
                <tr>
                  <th scope="col">Business date</th>
                  <th scope="col">Status</th>
                  <th scope="col">Delivered</th>
                  <th scope="col">Package folder</th>
                  <th scope="col" className="num">Attempts</th>
                  <th scope="col">Last attempt</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {s.days.map((d) => (
                  <tr key={d.businessDate}>
                    <td>{formatDate(d.businessDate)}</td>
                    <td>
                      {DAY_STATUS_LABELS[d.status]}
                      {d.resent > 0 && <span className="sub"> (sent again {d.resent}×)</span>}
                    </td>
                    <td>{d.deliveredAt ? stamp(d.deliveredAt) : ''}</td>
                    <td>
                      {d.folder && <code>{d.folder}</code>}
                      {d.folder && canRun && <OpenFolderButton businessDate={d.businessDate} label={`Open the folder of ${formatDate(d.businessDate)}`} />}
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td>{d.lastAttemptAt ? stamp(d.lastAttemptAt) : ''}</td>
                    <td>{d.lastError ?? ''}</td>
                    <td>
                      {canRun && (d.status === 'pending' || d.status === 'failed') && (
                        <button type="button" onClick={() => void sendNow(d.businessDate)} disabled={busyDay !== null} aria-busy={busyDay === d.businessDate} aria-label={`Send ${formatDate(d.businessDate)} now`}>
                          Send now
                        </button>
                      )}
                      {canRun && d.status === 'delivered' && (
                        <button type="button" onClick={() => { setResult(null); setRunError(null); setResendDay(d.businessDate); }} disabled={busyDay !== null} aria-label={`Re-send ${formatDate(d.businessDate)}`}>
                          Re-send
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {isAdmin && <ExportSettingsForm onSaved={() => { void status.reload(); exportChanged(); }} />}
    </div>
  );
}

/** Opens the folder in the desktop's file manager; in the browser the core says where it is instead. */
function OpenFolderButton({ businessDate, label }: { businessDate?: string; label: string }) {
  const api = useApi();
  const [error, setError] = useState<AppError | null>(null);
  async function open() {
    const env = await api.call('export.openFolder', businessDate ? { businessDate } : {});
    setError(env.ok ? null : env.error);
  }
  return (
    <>
      {' '}
      <button type="button" className="link" onClick={() => void open()} aria-label={label}>
        Open folder
      </button>
      <ErrorAlert error={error} />
    </>
  );
}

function ExportSummary({ s }: { s: ExportStatus }) {
  const { stamp } = useTownTime();
  return (
    <section aria-labelledby="export-summary" className="card">
      <h2 id="export-summary">Status</h2>
      <dl className="details">
        <div className="detail">
          <dt>Export folder</dt>
          <dd>
            {s.folder ? <code>{s.folder}</code> : <span className="muted">Not set (an administrator sets it)</span>}
            {s.folder && <OpenFolderButton label="Open the export folder" />}
          </dd>
        </div>
        <div className="detail">
          <dt>Schedule</dt>
          <dd>
            {s.enabled ? `Each night at ${s.time}` : 'Off'}
            {s.scheduled && s.nextRunAt && <span className="sub"> — next run {stamp(s.nextRunAt)}</span>}
            {s.retryAt && <span className="sub"> — retrying {stamp(s.retryAt)}</span>}
            {s.running && <span className="sub"> — running now</span>}
          </dd>
        </div>
        <div className="detail">
          <dt>Days waiting</dt>
          <dd>{formatCount(s.pendingDays)}</dd>
        </div>
        <div className="detail">
          <dt>Last delivery</dt>
          <dd>{s.lastDelivery ? `${stamp(s.lastDelivery.at)} (business day ${formatDate(s.lastDelivery.businessDate)})` : <span className="muted">None yet</span>}</dd>
        </div>
        <div className="detail">
          <dt>Last error</dt>
          <dd>{s.lastError ? `${stamp(s.lastError.at)}${s.lastError.businessDate ? ` (${formatDate(s.lastError.businessDate)})` : ''}: ${s.lastError.message}` : <span className="muted">None</span>}</dd>
        </div>
      </dl>
    </section>
  );
}

function RunResult({ r, headingRef }: { r: ExportRunResult; headingRef: Ref<HTMLHeadingElement> }) {
  return (
    <section aria-labelledby="export-result" className="card">
      <h2 id="export-result" ref={headingRef} tabIndex={-1}>
        {OUTCOME_LABELS[r.outcome]}: {formatDate(r.businessDate)} (station {r.station})
      </h2>
      {r.identical !== null && <p>{r.identical ? 'The files are byte-identical to the first delivery.' : 'The files differ from the first delivery.'}</p>}
      <p>
        Folder: <code>{r.folder}</code>
      </p>
      <table className="data" aria-label="Files sent">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" className="num">Rows</th>
            <th scope="col" className="num">Bytes</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {r.files.map((f) => (
            <tr key={f.name}>
              <td>{f.name}</td>
              <td className="num">{formatCount(f.rows)}</td>
              <td className="num">{formatCount(f.bytes)}</td>
              <td>
                <code>{f.sha256}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Manifest SHA-256: <code>{r.manifestSha256}</code>
      </p>
    </section>
  );
}

function ResendForm({ day, onDone, onCancel }: { day: string; onDone: (r: ExportRunResult) => void; onCancel: () => void }) {
  const api = useApi();
  const isSupervisor = useAppState((s) => s.session?.user.roles.includes('supervisor') ?? false);
  const f = useReasonApproval({ needsApproval: !isSupervisor, escalate: true, reasonError: (reason) => (reason.trim().length < 3 ? 'Say why the day is sent again (at least 3 characters).' : null) });

  function submit(e: FormEvent) {
    return f.submit(e, (reason, override) => api.call('export.run', { businessDate: day, force: true, reason, override }), onDone);
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label={`Re-send ${formatDate(day)}`} noValidate>
      <h2>Re-send {formatDate(day)}</h2>
      <p className="hint">The day was delivered already. Sending it again rewrites the same files in its folder and is recorded in the audit log.</p>
      <ReasonApprovalFields form={f} label="Reason for re-sending" maxLength={500} autoFocus />
      <ErrorAlert error={f.error} prefix="Not sent:" />
      <div className="form-actions">
        <button type="submit" disabled={f.busy} aria-busy={f.busy}>
          Re-send day
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
