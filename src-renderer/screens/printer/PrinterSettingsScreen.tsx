// Printer settings (administrator): this station's receipt printer (none, network host:port,
// or a device path), paper and text (width, columns, code page, header and footer lines), the
// cash drawer (on the printer's kick-out port with its pin and pulse timing, or a standalone
// drawer on its own device path), saved with a reason (audited by the core); the printer's
// status; a test page (with or without a drawer kick); and the recent print jobs with their
// outcome, where failed jobs can go back in the queue.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { CODE_PAGES, type PrinterSettingsView, type PrintJobView } from '../../../src-shared/ipc/printer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { JobOutcome } from './JobOutcome';
import { isPending, JOB_KIND_LABELS, JOB_STATUS_LABELS, printerStateText, queueText } from './labels';
import { usePrinterStatus } from './printer-status';
import { fieldDomId, fromDraft, settingsPatch, toDraft, withPaperWidth, type Draft, type FieldErrors } from './settings-form';
import { usePoll } from './use-poll';
import '../counter/counter.css';
import './printer.css';

const KIND_OPTIONS = [
  { value: 'none', label: 'No receipt printer' },
  { value: 'network', label: 'Network printer (host and port)' },
  { value: 'device', label: 'Device path (USB or serial)' },
];
const PAPER_OPTIONS = [
  { value: '80', label: '80 mm' },
  { value: '58', label: '58 mm' },
];
const DRAWER_MODE_OPTIONS = [
  { value: 'none', label: 'No cash drawer' },
  { value: 'printer', label: 'On the printer’s drawer port' },
  { value: 'device', label: 'Standalone drawer on its own device path' },
];
const PIN_OPTIONS = [
  { value: '2', label: 'Pin 2 (most drawers)' },
  { value: '5', label: 'Pin 5' },
];
const LEVEL_OPTIONS = [
  { value: 'high', label: 'High' },
  { value: 'low', label: 'Low' },
];

export function PrinterSettingsScreen() {
  const { stamp } = useTownTime();
  const api = useApi();
  const loaded = useLoad(() => api.call('printer.getSettings', {}), 'printer-settings');
  // What the last save answered, else what was loaded.
  const [savedView, setSavedView] = useState<PrinterSettingsView | null>(null);
  const view = savedView ?? loaded.value;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [jobsRound, setJobsRound] = useState(0);
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <div className="printer-settings">
      <h1 ref={headingRef} tabIndex={-1}>
        Printer settings
      </h1>
      {!view && loaded.loading && <p role="status">Loading the printer settings…</p>}
      <ErrorAlert error={loaded.error} prefix="Could not load the printer settings:" />
      {view && (
        <>
          <p className="muted">
            Station {view.station}
            {view.updatedAt ? ` · last changed ${stamp(view.updatedAt)}` : ' · never changed (defaults)'}
          </p>
          {view.override && (
            <p className="alert alert-info">
              This session prints to the {view.override.description} at {view.override.endpoint}. The settings below are kept, and are used when the app runs without it.
            </p>
          )}
          <StatusCard />
          <SettingsForm view={view} onSaved={setSavedView} />
          <TestPrint onQueued={() => setJobsRound((r) => r + 1)} />
        </>
      )}
      <JobsTable round={jobsRound} />
    </div>
  );
}

function StatusCard() {
  const { stamp } = useTownTime();
  const frame = usePrinterStatus();
  const headingId = useId();
  const s = frame?.status ?? null;
  if (!s) return null;
  const q = queueText(s.queue);
  return (
    <section className="card printer-status-card" aria-labelledby={headingId}>
      <h2 id={headingId}>Printer status</h2>
      <dl className="printer-facts">
        <div>
          <dt>State</dt>
          <dd>
            {printerStateText(s.state)}
            {s.virtual ? ' (virtual)' : ''}
          </dd>
        </div>
        <div>
          <dt>Printer says</dt>
          <dd>{s.message}</dd>
        </div>
        {s.endpoint && (
          <div>
            <dt>Connection</dt>
            <dd>{s.endpoint}</dd>
          </div>
        )}
        <div>
          <dt>Paper</dt>
          <dd>{{ ok: 'OK', near_end: 'Running low', out: 'Out', unknown: 'Not reported' }[s.paper]}</dd>
        </div>
        <div>
          <dt>Cash drawer</dt>
          <dd>{!s.drawer.configured ? 'Not set up' : s.drawer.open === null ? 'Set up (open or shut not reported)' : s.drawer.open ? 'Open' : 'Shut'}</dd>
        </div>
        <div>
          <dt>Queue</dt>
          <dd>{q || 'Empty'}</dd>
        </div>
        <div>
          <dt>Last printed</dt>
          <dd>{s.lastPrintedAt ? stamp(s.lastPrintedAt) : 'Never'}</dd>
        </div>
        {s.lastError && (
          <div>
            <dt>Last error</dt>
            <dd>
              {stamp(s.lastError.at)}, job {s.lastError.jobId}: {s.lastError.message}
            </dd>
          </div>
        )}
        {s.checkedAt && (
          <div>
            <dt>Checked</dt>
            <dd>{stamp(s.checkedAt)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function CheckboxField({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="field check-field">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function LinesField({ id, label, value, onChange, error, hint }: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string | undefined; hint: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={4} value={value} spellCheck={false} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')} />
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function SettingsForm({ view, onSaved }: { view: PrinterSettingsView; onSaved: (v: PrinterSettingsView) => void }) {
  const api = useApi();
  const frame = usePrinterStatus();
  const [draft, setDraft] = useState<Draft>(() => toDraft(view.settings, view.effectiveHeaderLines));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(null);
  };
  const err = (key: string) => errors[key];
  const d = draft;

  function focusField(key: string) {
    const el = document.getElementById(fieldDomId(key));
    el?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setSaved(null);
    const { settings, errors: found } = fromDraft(draft);
    const all: FieldErrors = { ...found };
    if (reason.trim().length < 3) all.reason = 'Give the reason for the change (at least 3 characters).';
    setErrors(all);
    const keys = Object.keys(all);
    if (keys.length > 0 || !settings) {
      const first = keys[0] ?? 'kind';
      setRefusal(`Not saved: ${all[first] ?? 'check the settings.'}`);
      focusField(first);
      return;
    }
    const patch = settingsPatch(view.settings, settings);
    if (!patch) {
      setRefusal('Nothing to save: no setting was changed.');
      return;
    }
    setRefusal(null);
    setBusy(true);
    const env = await api.call('printer.updateSettings', { values: patch, reason: reason.trim() });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setReason('');
    setErrors({});
    setDraft(toDraft(env.value.settings, env.value.effectiveHeaderLines));
    setSaved('Printer settings saved.');
    void frame?.refresh(true);
    onSaved(env.value);
  }

  return (
    <form className="printer-form" onSubmit={(e) => void submit(e)} aria-label="Printer settings" noValidate>
      <fieldset>
        <legend>Receipt printer</legend>
        <SelectField id={fieldDomId('kind')} label="Printer connection" value={d.kind} options={KIND_OPTIONS} onChange={(v) => set({ kind: v as Draft['kind'] })} />
        {d.kind === 'network' && (
          <div className="field-row">
            <TextField id={fieldDomId('host')} label="Printer host" value={d.host} maxLength={253} placeholder="192.168.1.50" onChange={(host) => set({ host })} error={err('host')} hint="Host name or IP address" />
            <TextField id={fieldDomId('port')} label="Printer port" value={d.port} maxLength={5} inputMode="numeric" onChange={(port) => set({ port })} error={err('port')} hint="Usually 9100" />
          </div>
        )}
        {d.kind === 'device' && (
          <TextField id={fieldDomId('devicePath')} label="Printer device path" value={d.devicePath} maxLength={260} placeholder="/dev/usb/lp0" onChange={(devicePath) => set({ devicePath })} error={err('devicePath')} />
        )}
        {d.kind === 'network' && (
          <CheckboxField label="Ask the printer for its status" checked={d.statusCheck} onChange={(statusCheck) => set({ statusCheck })} hint="Before and after each job (paper out, cover open, offline); turn off only for a printer that never answers." />
        )}
        <TextField id={fieldDomId('timeoutMs')} label="Time limit per wait (ms)" value={d.timeoutMs} maxLength={6} inputMode="numeric" onChange={(timeoutMs) => set({ timeoutMs })} error={err('timeoutMs')} hint="How long to wait for the printer to connect or answer (100–10000)." />
      </fieldset>
      <fieldset>
        <legend>Paper and text</legend>
        <div className="field-row">
          <SelectField id={fieldDomId('paperWidthMm')} label="Paper width" value={d.paperWidthMm} options={PAPER_OPTIONS} onChange={(v) => setDraft((x) => withPaperWidth(x, v === '58' ? '58' : '80'))} />
          <TextField id={fieldDomId('columns')} label="Characters per line" value={d.columns} maxLength={2} inputMode="numeric" onChange={(columns) => set({ columns })} error={err('columns')} hint="32 for most 58 mm printers, 48 for 80 mm" />
          <SelectField id={fieldDomId('codePage')} label="Code page" value={d.codePage} options={CODE_PAGES.map((c) => ({ value: c, label: c }))} onChange={(v) => set({ codePage: v as Draft['codePage'] })} />
        </div>
        <CheckboxField label="Header: the town’s name, address and phone" checked={d.townHeader} onChange={(townHeader) => set({ townHeader })} hint="From the town’s settings. Turn off to write your own header." />
        {d.townHeader ? (
          <div className="header-preview">
            <p className="hint" id="printer-header-preview-label">
              Header printed:
            </p>
            <figure aria-labelledby="printer-header-preview-label">
              <pre>{view.effectiveHeaderLines.join('\n')}</pre>
            </figure>
          </div>
        ) : (
          <LinesField id={fieldDomId('headerLines')} label="Header lines" value={d.headerLines} onChange={(headerLines) => set({ headerLines })} error={err('headerLines')} hint="One line each, at most 6 lines of 64 characters." />
        )}
        <LinesField id={fieldDomId('footerLines')} label="Footer lines" value={d.footerLines} onChange={(footerLines) => set({ footerLines })} error={err('footerLines')} hint="One line each, at most 6 lines of 64 characters." />
        <CheckboxField label="Print how each payment was applied to charges" checked={d.showAllocations} onChange={(showAllocations) => set({ showAllocations })} />
      </fieldset>
      <fieldset>
        <legend>Cash drawer</legend>
        <SelectField id={fieldDomId('drawer.mode')} label="Cash drawer connection" value={d.drawerMode} options={DRAWER_MODE_OPTIONS} onChange={(v) => set({ drawerMode: v as Draft['drawerMode'] })} />
        {d.drawerMode === 'device' && (
          <TextField id={fieldDomId('drawer.devicePath')} label="Drawer device path" value={d.drawerDevicePath} maxLength={260} placeholder="/dev/ttyUSB0" onChange={(drawerDevicePath) => set({ drawerDevicePath })} error={err('drawer.devicePath')} />
        )}
        {d.drawerMode !== 'none' && (
          <div className="field-row">
            <SelectField id={fieldDomId('drawer.pin')} label="Drawer kick pin" value={d.drawerPin} options={PIN_OPTIONS} onChange={(v) => set({ drawerPin: v === '5' ? '5' : '2' })} error={err('drawer.pin')} />
            <TextField id={fieldDomId('drawer.onMs')} label="Pulse on (ms)" value={d.drawerOnMs} maxLength={3} inputMode="numeric" onChange={(drawerOnMs) => set({ drawerOnMs })} error={err('drawer.onMs')} />
            <TextField id={fieldDomId('drawer.offMs')} label="Pulse off (ms)" value={d.drawerOffMs} maxLength={3} inputMode="numeric" onChange={(drawerOffMs) => set({ drawerOffMs })} error={err('drawer.offMs')} />
            <SelectField id={fieldDomId('drawer.openLevel')} label="Drawer open level" value={d.drawerOpenLevel} options={LEVEL_OPTIONS} onChange={(v) => set({ drawerOpenLevel: v === 'low' ? 'low' : 'high' })} hint="Which level of the drawer switch (pin 3) means open." />
          </div>
        )}
      </fieldset>
      <TextField id={fieldDomId('reason')} label="Reason for the change" value={reason} maxLength={500} onChange={setReason} error={err('reason')} hint="Required; kept in the audit log." />
      {refusal && (
        <p role="alert" className="alert alert-error">
          {refusal}
        </p>
      )}
      <ErrorAlert error={error} prefix="Not saved:" />
      {saved && (
        <p role="status" className="done">
          {saved}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          Save printer settings
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(toDraft(view.settings, view.effectiveHeaderLines));
            setErrors({});
            setRefusal(null);
            setError(null);
          }}
        >
          Undo changes
        </button>
      </div>
    </form>
  );
}

function TestPrint({ onQueued }: { onQueued: () => void }) {
  const api = useApi();
  const frame = usePrinterStatus();
  const headingId = useId();
  const [jobs, setJobs] = useState<PrintJobView[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function test(openDrawer: boolean) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setJobs(null);
    const env = await api.call('printer.testPrint', { openDrawer });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setJobs(env.value.jobs);
    onQueued();
    void frame?.refresh(false);
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Test print</h2>
      <p className="hint">Prints a test page with the saved settings (save your changes first).</p>
      <div className="print-actions">
        <button type="button" onClick={() => void test(false)} disabled={busy} aria-busy={busy}>
          Test print
        </button>
        <button type="button" onClick={() => void test(true)} disabled={busy}>
          Test print with drawer kick
        </button>
      </div>
      <ErrorAlert error={error} prefix="Test page not printed:" />
      {jobs && <JobOutcome jobs={jobs} />}
    </section>
  );
}

const JOBS_SHOWN = 25;

function JobsTable({ round }: { round: number }) {
  const { stamp } = useTownTime();
  const api = useApi();
  const frame = usePrinterStatus();
  const headingId = useId();
  const polled = usePoll(() => api.call('printer.jobs', { limit: JOBS_SHOWN }), `jobs-${round}`, { pending: (v) => v.jobs.some(isPending) });
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const jobs = polled.value?.jobs ?? [];

  async function retry(jobId?: number) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    const env = await api.call('printer.retry', jobId === undefined ? {} : { jobId });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    const n = env.value.requeued;
    setNotice(jobId !== undefined ? `Job ${jobId} is back in the queue.` : n === 0 ? 'No failed jobs to retry.' : `${n} failed job${n === 1 ? ' is' : 's are'} back in the queue.`);
    polled.restart();
    void frame?.refresh(false);
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Recent print jobs</h2>
      <div className="print-actions">
        <button type="button" onClick={() => void retry()} disabled={busy}>
          Retry failed jobs
        </button>
        <button type="button" onClick={polled.restart}>
          Refresh jobs
        </button>
      </div>
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      <ErrorAlert error={error} prefix="Could not retry:" />
      <ErrorAlert error={polled.error} prefix="Could not load the print jobs:" />
      {polled.value && jobs.length === 0 && <p className="muted">No print jobs yet at this station.</p>}
      {jobs.length > 0 && (
        <table className="data print-jobs">
          <caption>Print jobs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">What</th>
              <th scope="col">Receipt</th>
              <th scope="col">Status</th>
              <th scope="col">Tries</th>
              <th scope="col">Last error</th>
              <th scope="col">Queued</th>
              <th scope="col">By</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td className="num">{j.id}</td>
                <td>
                  {JOB_KIND_LABELS[j.kind]}
                  {j.opensDrawer ? ' + drawer' : ''}
                </td>
                <td>{j.receiptNumber ?? ''}</td>
                <td>{JOB_STATUS_LABELS[j.status]}</td>
                <td className="num">{j.attempts}</td>
                <td>{j.lastError ?? ''}</td>
                <td>{stamp(j.createdAt)}</td>
                <td>{j.requestedBy ?? ''}</td>
                <td>
                  {j.status === 'failed' && (
                    <button type="button" onClick={() => void retry(j.id)} disabled={busy}>
                      Retry job {j.id}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
