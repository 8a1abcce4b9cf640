// The Conversion screen (Alt+I, administrator): bring a town's data in from its previous system.
// Check a conversion set (a dry run) or load it, from a folder on this computer, with a progress
// bar; then the control totals to compare with the old trial balance, the rejected rows (the
// first 200; the whole report downloads as CSV), what each file group did, and the runs so far.
// The core reads, checks and loads (conversion.*, on a worker thread); this screen only asks.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ACCOUNT_STATUSES, SERVICES } from '../../../src-shared/domain';
import { CONVERSION_GROUPS, type ConversionGroup, type ConversionGroupView, type ConversionJobView, type ConversionResult, type ConversionRunView, type ConversionSummary } from '../../../src-shared/ipc/conversion-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatCount, formatDate, money, serviceLabel, STATUS_LABELS, useTownTime } from '../../ui/format';
import { saveText } from '../../ui/save-text';
import { useLoad } from '../../ui/use-load';
import { AgingChart } from '../collections/AgingScreen';
import './admin.css';

const POLL_MS = 300;
const SHOWN_REJECTS = 200;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const GROUP_LABELS: Record<ConversionGroup, string> = {
  accounts: 'Accounts (customers, locations, meters, accounts)',
  balances: 'Balances (open charges, deposits, past bills)',
  extras: 'Extras (bank drafts, Medical Alert, notes)',
};
const OUTCOME_LABELS = { loaded: 'Loaded', already_loaded: 'Already loaded', not_loaded: 'Not loaded' } as const;
const RUN_STATUS_LABELS = { running: 'Running', checked: 'Checked', loaded: 'Loaded', refused: 'Refused', failed: 'Failed' } as const;
const PHASE_LABELS = { reading: 'Reading', checking: 'Checking', loading: 'Loading', done: 'Done' } as const;

/** Polls a job until it has finished; the latest view, or null before the first answer. */
function useJob(jobId: number | null): { job: ConversionJobView | null; error: AppError | null } {
  const api = useApi();
  const [job, setJob] = useState<ConversionJobView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    setJob(null);
    setError(null);
    if (jobId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      const env = await api.call('conversion.status', { jobId });
      if (stopped) return;
      if (!env.ok) {
        setError(env.error);
        return;
      }
      setJob(env.value);
      if (env.value.state === 'running') timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, jobId]);
  return { job, error };
}

export function ConversionScreen() {
  const api = useApi();
  const businessDate = useAppState((s) => s.status?.businessDate ?? '');
  const [folder, setFolder] = useState('');
  const [asOf, setAsOf] = useState('');
  const [acceptRejects, setAcceptRejects] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<AppError | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [downloadError, setDownloadError] = useState<AppError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { job, error: jobError } = useJob(jobId);
  const running = job?.state === 'running' || starting;
  const runs = useLoad(() => api.call('conversion.runs', { limit: 20 }), `conversion-runs-${jobId ?? 0}-${job?.state ?? ''}`);

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (!asOf && businessDate) setAsOf(businessDate);
  }, [asOf, businessDate]);
  // A run going on in this app (started before the screen was opened): follow it.
  useEffect(() => {
    if (jobId === null && runs.value?.running) setJobId(runs.value.running);
  }, [jobId, runs.value]);

  const start = useCallback(
    async (dryRun: boolean) => {
      setConfirming(false);
      if (folder.trim() === '') {
        setFolderError('Name the folder that holds the conversion files.');
        return;
      }
      setFolderError(null);
      setStartError(null);
      setStarting(true);
      const env = await api.call('conversion.start', { folder: folder.trim(), dryRun, acceptRejects, ...(DATE_RE.test(asOf) ? { asOf } : {}) });
      setStarting(false);
      if (env.ok) setJobId(env.value.jobId);
      else setStartError(env.error);
    },
    [api, folder, asOf, acceptRejects],
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!running) void start(true);
  }

  async function download(which: 'rejects' | 'summary') {
    if (!job) return;
    setDownloadError(null);
    const env = await api.call('conversion.report', { jobId: job.jobId, which });
    if (env.ok) saveText(env.value.fileName, env.value.text, which === 'rejects' ? 'text/csv' : 'text/plain');
    else setDownloadError(env.error);
  }

  const failure: AppError | null = job?.state === 'failed' && job.error ? { code: 'INTERNAL', message: job.error.message } : null;

  return (
    <div className="screen conversion-screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Conversion
      </h1>
      <form className="card" aria-label="Conversion set" onSubmit={onSubmit}>
        <p>
          Bring the town&apos;s customers, accounts and balances in from the previous system: one folder of CSV files (layouts in docs/IMPORT.md). Check the set first: nothing is written, and the control totals and the rejected rows come back to compare with the old
          system&apos;s trial balance. Then load it.
        </p>
        <TextField label="Folder with the conversion files" value={folder} onChange={setFolder} error={folderError} hint="The whole path of the folder on this computer, for example /home/office/conversion or C:\Conversion." disabled={running} />
        <TextField label="As of" type="date" value={asOf} onChange={setAsOf} hint="The conversion date: opening balances are dated this day and aging counts to it." disabled={running} />
        <div className="field field-check">
          <input id="conversion-accept-rejects" type="checkbox" checked={acceptRejects} onChange={(e) => setAcceptRejects(e.target.checked)} disabled={running} />
          <label htmlFor="conversion-accept-rejects">Load without the rejected rows</label>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={running}>
            Check (dry run)
          </button>
          <button type="button" onClick={() => setConfirming(true)} disabled={running}>
            Load
          </button>
        </div>
      </form>
      {confirming && (
        <Dialog label="Load the conversion set" onClose={() => setConfirming(false)}>
          <h2>Load the conversion set?</h2>
          <p>
            Load {folder.trim() || 'the folder'} as of {formatDate(asOf) || 'today'}
            {acceptRejects ? ', leaving the rejected rows out' : '; it is refused if any row is rejected'}.
          </p>
          <p>
            The files load in four groups (accounts, balances, history, extras), each all at once: while a group loads, it holds the ledger, and the counter and every other station wait until it is in. Load when the office is closed. A group already
            loaded is not loaded again.
          </p>
          <div className="form-actions">
            <button type="button" className="primary" onClick={() => void start(false)}>
              Load now
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
      <ErrorAlert error={startError} prefix="Not started:" />
      <ErrorAlert error={jobError} />
      {(running || job) && <JobProgress job={job} />}
      {failure && <FailureAlert jobId={job?.jobId ?? 0} error={failure} />}
      {job?.result && <ResultView job={job} result={job.result} onDownload={(w) => void download(w)} />}
      <ErrorAlert error={downloadError} prefix="Not downloaded:" />
      <RunHistory runs={runs.value} error={runs.error} />
    </div>
  );
}

function FailureAlert({ jobId, error }: { jobId: number; error: AppError }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [jobId]);
  return (
    <div ref={ref} tabIndex={-1}>
      <ErrorAlert error={error} prefix="The conversion stopped:" />
    </div>
  );
}

function JobProgress({ job }: { job: ConversionJobView | null }) {
  const p = job?.progress;
  const pct = p && p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : p?.phase === 'done' ? 100 : 0;
  const what = job ? (job.dryRun ? 'Check' : 'Load') : 'Conversion';
  const ref = useRef<HTMLElement>(null);
  const runningId = job?.state === 'running' ? job.jobId : null;
  // Starting disables the form's buttons (dropping keyboard focus): the progress takes it.
  useEffect(() => {
    if (runningId !== null) ref.current?.focus();
  }, [runningId]);
  return (
    <section ref={ref} tabIndex={-1} className="card" aria-label="Conversion progress">
      <progress aria-label={`${what} progress`} max={100} value={pct} aria-valuetext={p ? `${PHASE_LABELS[p.phase]}: ${p.message}` : 'Starting'} />
      <p role="status" aria-label="Conversion step">
        {!p ? 'Starting…' : p.phase === 'done' ? `Done — ${p.message}` : `${p.message}${p.total > 0 ? ` — ${pct} %` : ''}`}
      </p>
    </section>
  );
}

function ResultView({ job, result, onDownload }: { job: ConversionJobView; result: ConversionResult; onDownload: (which: 'rejects' | 'summary') => void }) {
  const s = result.summary;
  const shown = result.rejects.slice(0, SHOWN_REJECTS);
  const ref = useRef<HTMLParagraphElement>(null);
  // The buttons were disabled while the run went on (which drops keyboard focus): the result takes it.
  useEffect(() => ref.current?.focus(), [job.jobId]);
  return (
    <>
      <p ref={ref} tabIndex={-1} role="status" aria-label="Conversion result" className={`card ${result.status === 'refused' ? 'alert alert-error' : ''}`}>
        {result.dryRun ? 'Check' : 'Load'} of {job.folder} as of {formatDate(job.asOf)} (run {result.runId}): {RUN_STATUS_LABELS[result.status]}. {result.message}
      </p>
      {result.report && (
        <div className="form-actions">
          <button type="button" onClick={() => onDownload('rejects')}>
            Download rejects (CSV)
          </button>
          <button type="button" onClick={() => onDownload('summary')}>
            Download summary
          </button>
        </div>
      )}
      <ControlTotals s={s} />
      <section className="card" aria-labelledby="conversion-rejects-heading">
        <h2 id="conversion-rejects-heading">Rejected rows ({formatCount(result.rejectCount)})</h2>
        {result.rejectCount === 0 ? (
          <p>No row was rejected.</p>
        ) : (
          <>
            {result.rejectCount > shown.length && (
              <p className="hint">
                The first {formatCount(shown.length)} of {formatCount(result.rejectCount)}; every one is in the rejects report (Download rejects).
              </p>
            )}
            <table className="data" aria-label="Rejected rows">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Line</th>
                  <th scope="col">Column</th>
                  <th scope="col">Code</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r, i) => (
                  <tr key={`${r.file}-${r.line}-${r.column}-${i}`}>
                    <td>{r.file}</td>
                    <td className="num">{r.line}</td>
                    <td>{r.column}</td>
                    <td>{r.code}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      {result.groups.length > 0 && (
        <table className="data card" aria-label="File groups">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Outcome</th>
              <th scope="col">Rows</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {result.groups.map((g) => (
              <tr key={g.group}>
                <td>{GROUP_LABELS[g.group]}</td>
                <td>{OUTCOME_LABELS[g.outcome]}</td>
                <td className="num">{formatCount(g.rows)}</td>
                <td>{g.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function ControlTotals({ s }: { s: ConversionSummary }) {
  const accountTotal = ACCOUNT_STATUSES.reduce((t, k) => t + (s.accountsByStatus[k] ?? 0), 0);
  const serviceTotal = SERVICES.reduce((t, k) => t + (s.balanceByService[k] ?? 0), 0);
  return (
    <section className="card" aria-labelledby="conversion-totals-heading">
      <h2 id="conversion-totals-heading">Control totals as of {formatDate(s.asOf)}</h2>
      <div className="conversion-totals">
        <table className="data" aria-label="Accounts by status">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Accounts</th>
            </tr>
          </thead>
          <tbody>
            {ACCOUNT_STATUSES.map((k) => (
              <tr key={k}>
                <td>{STATUS_LABELS[k]}</td>
                <td className="num">{formatCount(s.accountsByStatus[k] ?? 0)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">All accounts</th>
              <td className="num">{formatCount(accountTotal)}</td>
            </tr>
          </tbody>
        </table>
        <table className="data" aria-label="Receivable">
          <thead>
            <tr>
              <th scope="col">Open charges</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {SERVICES.map((k) => (
              <tr key={k}>
                <td>{serviceLabel(k)}</td>
                <td className="num">{money(s.balanceByService[k] ?? 0)}</td>
              </tr>
            ))}
            <tr>
              <td>All services</td>
              <td className="num">{money(serviceTotal)}</td>
            </tr>
            <tr>
              <td>Penalties</td>
              <td className="num">{money(s.penaltiesCents)}</td>
            </tr>
            <tr>
              <td>Fees</td>
              <td className="num">{money(s.feesCents)}</td>
            </tr>
            <tr>
              <td>Balance forward</td>
              <td className="num">{money(s.balanceForwardCents)}</td>
            </tr>
            <tr>
              <td>Less unapplied credits</td>
              <td className="num">{money(-s.creditsCents)}</td>
            </tr>
            <tr>
              <th scope="row">Receivable ({formatCount(s.openChargesCount)} open charges)</th>
              <td className="num">{money(s.receivableCents)}</td>
            </tr>
          </tbody>
        </table>
        <table className="data" aria-label="Deposits and other records">
          <thead>
            <tr>
              <th scope="col">Records</th>
              <th scope="col">Count</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Deposits held</td>
              <td className="num">{formatCount(s.depositsCount)}</td>
              <td className="num">{money(s.depositsCents)}</td>
            </tr>
            <tr>
              <td>Customers</td>
              <td className="num">{formatCount(s.customers)}</td>
              <td />
            </tr>
            <tr>
              <td>Service locations</td>
              <td className="num">{formatCount(s.locations)}</td>
              <td />
            </tr>
            <tr>
              <td>Meters</td>
              <td className="num">{formatCount(s.meters)}</td>
              <td />
            </tr>
            <tr>
              <td>Bills of history</td>
              <td className="num">{formatCount(s.historyBills)}</td>
              <td className="num">{money(s.historyBilledCents)}</td>
            </tr>
            <tr>
              <td>Bank drafts</td>
              <td className="num">{formatCount(s.bankDrafts)}</td>
              <td />
            </tr>
            <tr>
              <td>Medical Alert certifications</td>
              <td className="num">{formatCount(s.medicalAlerts)}</td>
              <td />
            </tr>
            <tr>
              <td>Notes</td>
              <td className="num">{formatCount(s.notes)}</td>
              <td />
            </tr>
          </tbody>
        </table>
      </div>
      <h3>Aging of the open charges</h3>
      <div className="conversion-totals">
        <table className="data" aria-label="Aging">
          <thead>
            <tr>
              <th scope="col">Days past due</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Current</td>
              <td className="num">{money(s.aging.currentCents)}</td>
            </tr>
            <tr>
              <td>30–59 days</td>
              <td className="num">{money(s.aging.days30Cents)}</td>
            </tr>
            <tr>
              <td>60–89 days</td>
              <td className="num">{money(s.aging.days60Cents)}</td>
            </tr>
            <tr>
              <td>90+ days</td>
              <td className="num">{money(s.aging.days90Cents)}</td>
            </tr>
          </tbody>
        </table>
        <AgingChart totals={s.aging} />
      </div>
      <h3>Files</h3>
      <table className="data" aria-label="Files read">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">File</th>
            <th scope="col">Encoding</th>
            <th scope="col">Rows read</th>
            <th scope="col">Accepted</th>
            <th scope="col">Rejected</th>
            <th scope="col">Ignored columns</th>
          </tr>
        </thead>
        <tbody>
          {s.files.map((f) => (
            <tr key={f.kind}>
              <td>{f.kind}</td>
              <td>{f.file ?? 'not in the folder'}</td>
              <td>{f.encoding ?? ''}</td>
              <td className="num">{formatCount(f.rowsRead)}</td>
              <td className="num">{formatCount(f.rowsAccepted)}</td>
              <td className="num">{formatCount(f.rowsRejected)}</td>
              <td>{f.ignoredColumns.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RunHistory({ runs, error }: { runs: { runs: ConversionRunView[]; groups: ConversionGroupView[] } | null; error: AppError | null }) {
  const { stamp } = useTownTime();
  if (error) return <ErrorAlert error={error} />;
  if (!runs) return null;
  const loaded = new Map(runs.groups.map((g) => [g.group, g]));
  return (
    <section className="card" aria-labelledby="conversion-history-heading">
      <h2 id="conversion-history-heading">Conversion runs</h2>
      <table className="data" aria-label="Groups loaded">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Loaded</th>
            <th scope="col">By run</th>
            <th scope="col">Rows</th>
          </tr>
        </thead>
        <tbody>
          {CONVERSION_GROUPS.map((k) => {
            const g = loaded.get(k);
            return (
              <tr key={k}>
                <td>{GROUP_LABELS[k]}</td>
                <td>{g ? stamp(g.loadedAt) : 'Not yet'}</td>
                <td className="num">{g ? g.runId : ''}</td>
                <td className="num">{g ? formatCount(g.rowsLoaded) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {runs.runs.length === 0 ? (
        <p>No conversion has been run on this ledger.</p>
      ) : (
        <table className="data" aria-label="Conversion runs">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Started</th>
              <th scope="col">By</th>
              <th scope="col">Kind</th>
              <th scope="col">Folder</th>
              <th scope="col">As of</th>
              <th scope="col">Status</th>
              <th scope="col">Rejected rows</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {runs.runs.map((r) => (
              <tr key={r.id}>
                <td className="num">{r.id}</td>
                <td>{stamp(r.startedAt)}</td>
                <td>{r.by ?? 'command line'}</td>
                <td>{r.dryRun ? 'Check' : 'Load'}</td>
                <td>{r.source}</td>
                <td>{formatDate(r.asOf)}</td>
                <td title={r.message ?? undefined}>{RUN_STATUS_LABELS[r.status]}</td>
                <td className="num">{r.rejectCount === null ? '' : formatCount(r.rejectCount)}</td>
                <td>{r.finishedAt ? stamp(r.finishedAt) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
