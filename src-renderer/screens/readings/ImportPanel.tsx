// Import a reading file: choose the file and the vendor profile (optionally the cycle and
// period it is for), try it as a dry run, then import; the counts come back from the core
// (rows read, accepted, exceptions by reason, unchanged, replaced, not read). While a big file
// imports, the bar follows the core's progress. A file the core refuses whole says which line
// and column.
import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { ExceptionReason, ImportSummary } from '../../../src-shared/ipc/reading-schemas';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatCount, formatDate, useTownTime } from '../../ui/format';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { useLoad } from '../../ui/use-load';
import { REASON_LABELS } from './labels';

/** The largest reading file the contract takes: its base64 is at most 16 MiB (the host allows that body for readings.import). */
const BROWSER_MAX_FILE = 12 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function readFile(file: File): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error ?? new Error('could not read the file'));
    r.readAsArrayBuffer(file);
  });
}

export function ImportPanel({ onDone }: { onDone: (s: ImportSummary) => void }) {
  const api = useApi();
  const profiles = useLoad(() => api.call('readings.profiles', {}), 'profiles');
  const history = useLoad(() => api.call('readings.imports', { limit: 10 }), 'imports');
  const { stamp } = useTownTime();
  const [file, setFile] = useState<File | null>(null);
  const [profile, setProfile] = useState('default');
  const [cycle, setCycle] = useState('');
  const [period, setPeriod] = useState('');
  const [busy, setBusy] = useState<null | 'dry' | 'import'>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [periodError, setPeriodError] = useState<string | null>(null);
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);

  useEffect(() => () => {
    if (poll.current) clearInterval(poll.current);
  }, []);

  async function run(dryRun: boolean) {
    setError(null);
    setSummary(null);
    setPeriodError(null);
    if (!file) {
      setError({ code: 'BAD_INPUT', message: 'Choose the reading file first.' });
      return;
    }
    // The file goes as base64 (a third bigger) and the contract takes at most 16 MiB of it.
    if (file.size > BROWSER_MAX_FILE) {
      setError({ code: 'BAD_INPUT', message: `The file is ${formatCount(Math.round(file.size / 1024))} KB; a reading file can be at most ${formatCount(BROWSER_MAX_FILE / 1024)} KB. Split it by route.` });
      return;
    }
    if (period && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
      setPeriodError('The period is YYYY-MM, e.g. 2026-11.');
      return;
    }
    if (period && !cycle) {
      setPeriodError('A period needs its cycle.');
      return;
    }
    setBusy(dryRun ? 'dry' : 'import');
    const progressKey = newIdempotencyKey();
    setProgress({ done: 0, total: 0 });
    poll.current = setInterval(() => {
      void api.call('readings.importProgress', { progressKey }).then((env) => {
        if (env.ok && env.value.state !== 'unknown') setProgress({ done: env.value.done, total: env.value.total });
      });
    }, 400);
    try {
      const bytes = await readFile(file);
      const env = await api.call('readings.import', {
        fileName: file.name,
        contentBase64: toBase64(bytes),
        profile,
        dryRun,
        progressKey,
        ...(cycle ? { cycle: Number(cycle) } : {}),
        ...(period ? { period } : {}),
      });
      if (env.ok) {
        setSummary(env.value);
        if (!dryRun) {
          onDone(env.value);
          void history.reload();
        }
      } else setError(env.error);
    } finally {
      if (poll.current) clearInterval(poll.current);
      poll.current = null;
      setProgress(null);
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="rd-import" className="card rd-import">
      <h2 id="rd-import">Import a reading file</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void run(false);
        }}
      >
        <div className="rd-import-fields">
          <div className="field">
            <label htmlFor="rd-file">Reading file</label>
            <input id="rd-file" type="file" accept=".csv,.txt,.tsv,text/csv,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <SelectField label="Vendor profile" value={profile} onChange={setProfile} options={(profiles.value?.profiles ?? [{ name: 'default', label: 'Default' }]).map((p) => ({ value: p.name, label: p.label }))} />
          <SelectField label="Cycle" value={cycle} onChange={setCycle} options={[{ value: '', label: "Each meter's own cycle" }, ...[1, 2, 3, 4].map((c) => ({ value: String(c), label: `Cycle ${c}` }))]} />
          <TextField label="Period (optional)" value={period} onChange={setPeriod} placeholder="YYYY-MM" error={periodError} hint="With a cycle: the month whose read window the dates must be in; its routes' unread meters are listed." />
        </div>
        <div className="dialog-actions">
          <button type="button" disabled={busy !== null} onClick={() => void run(true)}>
            Dry run (check only)
          </button>
          <button type="submit" disabled={busy !== null}>
            Import
          </button>
        </div>
      </form>
      <ErrorAlert error={profiles.error} prefix="Could not load the profiles:" />
      {busy && (
        <p role="status">
          {busy === 'dry' ? 'Checking' : 'Importing'} {file?.name}…{' '}
          <progress aria-label="Import progress" value={progress?.done ?? 0} max={Math.max(1, progress?.total ?? 1)} />
          {progress && progress.total > 0 ? ` ${formatCount(progress.done)} of ${formatCount(progress.total)} rows` : ''}
        </p>
      )}
      <ErrorAlert error={error} prefix={error?.code === 'BAD_INPUT' && file ? `${file.name} was not imported:` : undefined} />
      {summary && <SummaryView s={summary} />}
      {(history.value?.imports.length ?? 0) > 0 && (
        <table className="data rd-history">
          <caption>Recent imports, newest first</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Profile</th>
              <th scope="col">Imported</th>
              <th scope="col">Rows</th>
              <th scope="col">Accepted</th>
              <th scope="col">Held</th>
              <th scope="col">Unchanged</th>
              <th scope="col">Not read</th>
            </tr>
          </thead>
          <tbody>
            {history.value!.imports.map((i) => (
              <tr key={i.id}>
                <td>
                  {i.fileName}
                  {i.state === 'running' ? ' (not finished)' : ''}
                </td>
                <td>{i.profile}</td>
                <td>
                  {stamp(i.importedAt)}
                  {i.importedBy ? ` by ${i.importedBy}` : ''}
                </td>
                <td className="num">{formatCount(i.rowsRead)}</td>
                <td className="num">{formatCount(i.accepted)}</td>
                <td className="num">{formatCount(i.exceptions)}</td>
                <td className="num">{formatCount(i.unchanged)}</td>
                <td className="num">{i.notRead === null ? '' : formatCount(i.notRead)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SummaryView({ s }: { s: ImportSummary }) {
  const reasons = Object.entries(s.byReason) as Array<[ExceptionReason, number]>;
  return (
    <div className="rd-summary" role="status" aria-label="Import result">
      <h3>
        {s.dryRun ? 'Dry run of' : 'Imported'} {s.fileName} ({s.encoding === 'windows-1252' ? 'Windows-1252 text' : 'UTF-8 text'})
      </h3>
      {s.sameFileAs && <p className="hint">This very file was imported before (import {s.sameFileAs.importId}); rows already there are counted unchanged.</p>}
      <table className="data rd-counts">
        <caption>Counts</caption>
        <tbody>
          <tr>
            <th scope="row">Rows read</th>
            <td className="num">{formatCount(s.rowsRead)}</td>
          </tr>
          <tr>
            <th scope="row">{s.dryRun ? 'Would be accepted' : 'Accepted'}</th>
            <td className="num">{formatCount(s.accepted)}</td>
          </tr>
          <tr>
            <th scope="row">{s.dryRun ? 'Would be held' : 'Held as exceptions'}</th>
            <td className="num">{formatCount(s.exceptions)}</td>
          </tr>
          {reasons.map(([r, c]) => (
            <tr key={r} className="rd-sub">
              <th scope="row">— {REASON_LABELS[r]}</th>
              <td className="num">{formatCount(c)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Unchanged (already there)</th>
            <td className="num">{formatCount(s.unchanged)}</td>
          </tr>
          <tr>
            <th scope="row">Held exceptions replaced</th>
            <td className="num">{formatCount(s.replaced)}</td>
          </tr>
          <tr>
            <th scope="row">Meters on the route not read</th>
            <td className="num">{formatCount(s.notRead)}</td>
          </tr>
        </tbody>
      </table>
      {s.windows.length > 0 && (
        <p>
          Read window{s.windows.length > 1 ? 's' : ''}: {s.windows.map((w) => `cycle ${w.cycle}, ${w.period}: ${formatDate(w.readFrom)} to ${formatDate(w.readTo)}`).join('; ')}
          {s.routes.length > 0 ? ` — routes ${s.routes.join(', ')}` : ''}.
        </p>
      )}
      {s.sample.length > 0 && (
        <details>
          <summary>First rows held ({s.sample.length})</summary>
          <ul>
            {s.sample.map((x, i) => (
              <li key={i}>
                {x.line !== null ? `Line ${x.line}: ` : ''}
                {x.meterNumber} — {REASON_LABELS[x.reason]}: {x.detail}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
