// The Readings screen: the held exceptions (by route and reason, with the account, meter, last
// reading, 12-month average and the detail) and what a clerk does with each — by keyboard on
// the selected row: A accept as read (confirmed when implausible), C correct, E estimate (from
// the 12-month average; refused right after an estimate), R re-read work order, X dismiss with
// a reason. Plus the import of a reading file (profile, dry run, counts) and a single reading
// keyed by hand. Every decision is the core's; this screen only asks and shows.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { EXCEPTION_REASONS, type ExceptionReason, type ExceptionView } from '../../../src-shared/ipc/reading-schemas';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatCount, formatDate } from '../../ui/format';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { useLoad } from '../../ui/use-load';
import { ImportPanel } from './ImportPanel';
import { ManualEntryPanel } from './ManualEntryPanel';
import { ProfilesPanel } from './ProfilesPanel';
import { readCodeLabel, REASON_LABELS, units } from './labels';
import './readings.css';

type View = 'exceptions' | 'import' | 'manual' | 'profiles';

export function ReadingsScreen() {
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canWrite = role !== null && roleHas(role, 'readings.import');
  const [view, setView] = useState<View>('exceptions');
  return (
    <div className="screen readings">
      <div className="rd-title">
        <h1>Readings</h1>
        <div role="group" aria-label="View" className="rd-tabs">
          <button type="button" aria-pressed={view === 'exceptions'} onClick={() => setView('exceptions')}>
            Exceptions
          </button>
          {canWrite && (
            <button type="button" aria-pressed={view === 'import'} onClick={() => setView('import')}>
              Import a file
            </button>
          )}
          {canWrite && (
            <button type="button" aria-pressed={view === 'manual'} onClick={() => setView('manual')}>
              Manual entry
            </button>
          )}
          <button type="button" aria-pressed={view === 'profiles'} onClick={() => setView('profiles')}>
            Vendor profiles
          </button>
        </div>
      </div>
      {view === 'exceptions' && <ExceptionsPanel canWrite={canWrite} />}
      {view === 'import' && <ImportPanel onDone={() => undefined} />}
      {view === 'manual' && <ManualEntryPanel />}
      {view === 'profiles' && <ProfilesPanel />}
    </div>
  );
}

type Action = 'accept' | 'correct' | 'estimate' | 'reread' | 'dismiss';

const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : v.toLocaleString('en-US'));

function ExceptionsPanel({ canWrite }: { canWrite: boolean }) {
  const api = useApi();
  const [route, setRoute] = useState('');
  const [reason, setReason] = useState('');
  const filter = { ...(route ? { routeCode: route } : {}), ...(reason ? { reason: reason as ExceptionReason } : {}) };
  const list = useLoad(() => api.call('readings.exceptions', filter), `${route}|${reason}`);
  const [selected, setSelected] = useState<number | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const rowRefs = useRef(new Map<number, HTMLButtonElement>());

  const rows = list.value?.exceptions ?? [];
  const current = rows.find((e) => e.id === selected) ?? null;
  useEffect(() => {
    if (selected === null || !rows.some((e) => e.id === selected)) setSelected(rows[0]?.id ?? null);
  }, [rows, selected]);

  const focusRow = (id: number | null) => {
    setSelected(id);
    if (id !== null) requestAnimationFrame(() => rowRefs.current.get(id)?.focus());
  };

  // After a resolution the next exception takes the resolved one's place (and the focus).
  const focusAt = useRef<number | null>(null);
  useEffect(() => {
    if (focusAt.current === null || list.loading) return;
    const i = focusAt.current;
    focusAt.current = null;
    focusRow(rows[Math.min(i, rows.length - 1)]?.id ?? null);
  }, [rows, list.loading]);

  async function done(message: string, index: number) {
    setAction(null);
    setError(null);
    setNotice(message);
    focusAt.current = index;
    await list.reload();
  }

  function start(a: Action, e: ExceptionView) {
    setNotice(null);
    setError(null);
    if (a === 'estimate' && e.estimate.refused) {
      setError({ code: 'CONFLICT', message: `${e.meterNumber}: ${e.estimate.refused}` });
      return;
    }
    setAction(a);
  }

  function onRowKey(ev: KeyboardEvent<HTMLButtonElement>, e: ExceptionView, i: number) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    let handled = true;
    if (key === 'ArrowDown') focusRow(rows[Math.min(i + 1, rows.length - 1)]!.id);
    else if (key === 'ArrowUp') focusRow(rows[Math.max(i - 1, 0)]!.id);
    else if (key === 'Home') focusRow(rows[0]!.id);
    else if (key === 'End') focusRow(rows[rows.length - 1]!.id);
    else if (canWrite && key === 'a') start('accept', e);
    else if (canWrite && key === 'c') start('correct', e);
    else if (canWrite && key === 'e') start('estimate', e);
    else if (canWrite && key === 'r') start('reread', e);
    else if (canWrite && key === 'x') start('dismiss', e);
    else handled = false;
    if (handled) ev.preventDefault();
  }

  const counts = list.value?.byReason ?? {};
  const index = current ? rows.indexOf(current) : 0;
  return (
    <>
      <div className="rd-filters" role="group" aria-label="Filters">
        <SelectField label="Route" value={route} onChange={setRoute} options={[{ value: '', label: 'All routes' }, ...(list.value?.routes ?? []).map((r) => ({ value: r, label: `Route ${r}` }))]} />
        <SelectField
          label="Reason"
          value={reason}
          onChange={setReason}
          options={[{ value: '', label: 'All reasons' }, ...EXCEPTION_REASONS.filter((r) => counts[r] || r === reason).map((r) => ({ value: r, label: `${REASON_LABELS[r]} (${formatCount(counts[r] ?? 0)})` }))]}
        />
        <p className="rd-total" role="status">
          {list.value ? `${formatCount(list.value.total)} open exception${list.value.total === 1 ? '' : 's'}${list.value.total > rows.length ? ` (the first ${formatCount(rows.length)} shown; pick a route or reason to see others)` : ''}` : ''}
        </p>
      </div>
      {canWrite && (
        <p className="hint">
          Arrow keys move between exceptions; on one: <kbd>A</kbd> accept as read, <kbd>C</kbd> correct, <kbd>E</kbd> estimate, <kbd>R</kbd> re-read order, <kbd>X</kbd> dismiss.
        </p>
      )}
      {notice && (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      )}
      <ErrorAlert error={error} />
      <ErrorAlert error={list.error} prefix="Could not load the exceptions:" />
      {!list.value && list.loading && <p role="status">Loading the exceptions…</p>}
      {list.value && rows.length === 0 && <p>No open exceptions{route || reason ? ' for this filter' : ''}.</p>}
      {rows.length > 0 && (
        <div className="rd-table-wrap">
          <table className="data rd-exceptions">
            <caption>Open reading exceptions by route and reason</caption>
            <thead>
              <tr>
                <th scope="col">Meter (route)</th>
                <th scope="col">Account</th>
                <th scope="col">Read</th>
                <th scope="col">Last reading</th>
                <th scope="col">12-month average</th>
                <th scope="col">Reason and detail</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e, i) => (
                <tr key={e.id} aria-selected={e.id === selected} className={e.id === selected ? 'selected' : undefined}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      ref={(el) => {
                        if (el) rowRefs.current.set(e.id, el);
                        else rowRefs.current.delete(e.id);
                      }}
                      tabIndex={e.id === selected ? 0 : -1}
                      aria-current={e.id === selected ? 'true' : undefined}
                      aria-label={`Meter ${e.meterNumber}: ${REASON_LABELS[e.reason]}${e.accountNumber ? `, account ${e.accountNumber}` : ''}`}
                      onFocus={() => setSelected(e.id)}
                      onClick={() => setSelected(e.id)}
                      onKeyDown={(ev) => onRowKey(ev, e, i)}
                    >
                      {e.meterNumber}
                    </button>
                    {e.routeCode && <span className="hint"> ({e.routeCode})</span>}
                  </td>
                  <td>
                    {e.accountNumber ? (
                      <>
                        <span className="rd-nowrap">{e.accountNumber}</span> {e.customerName}
                        <br />
                        <span className="hint">{e.address}</span>
                      </>
                    ) : (
                      <span className="hint">none</span>
                    )}
                  </td>
                  <td>
                    <span className="rd-nowrap">{formatDate(e.readOn)}</span>
                    <br />
                    {e.rawValue ?? ''}
                    {e.readCode && e.readCode !== 'ok' ? ` (${readCodeLabel(e.readCode)})` : ''}
                  </td>
                  <td>
                    {e.lastReading ? (
                      <>
                        {n(e.lastReading.value)}
                        <br />
                        <span className="rd-nowrap">
                          {formatDate(e.lastReading.readOn)}
                          {e.lastReading.readCode !== 'ok' ? ` (${readCodeLabel(e.lastReading.readCode)})` : ''}
                        </span>
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                  <td className="num">{e.averageMonthly !== null ? `${n(e.averageMonthly)} ${units(e.service)}` : 'none'}</td>
                  <td className="rd-detail">
                    <strong>{REASON_LABELS[e.reason]}</strong>: {e.detail}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && current && (
        <div className="rd-actions" role="group" aria-label={`Resolve meter ${current.meterNumber}`}>
          <button type="button" aria-keyshortcuts="A" onClick={() => start('accept', current)}>
            Accept as read <kbd aria-hidden="true">A</kbd>
          </button>
          <button type="button" aria-keyshortcuts="C" onClick={() => start('correct', current)}>
            Correct <kbd aria-hidden="true">C</kbd>
          </button>
          <button type="button" aria-keyshortcuts="E" onClick={() => start('estimate', current)} aria-describedby={current.estimate.refused ? 'rd-est-refused' : undefined}>
            Estimate <kbd aria-hidden="true">E</kbd>
          </button>
          <button type="button" aria-keyshortcuts="R" onClick={() => start('reread', current)}>
            Re-read order <kbd aria-hidden="true">R</kbd>
          </button>
          <button type="button" aria-keyshortcuts="X" onClick={() => start('dismiss', current)}>
            Dismiss <kbd aria-hidden="true">X</kbd>
          </button>
          {current.estimate.refused && (
            <span id="rd-est-refused" className="hint">
              {current.estimate.refused}
            </span>
          )}
        </div>
      )}
      {action && current && (
        <ResolveDialog
          action={action}
          exception={current}
          onClose={() => {
            setAction(null);
            focusRow(current.id);
          }}
          onDone={(msg) => void done(msg, index)}
        />
      )}
    </>
  );
}

const TITLES: Record<Action, string> = {
  accept: 'Accept the reading as read',
  correct: 'Correct the reading',
  estimate: 'Estimate the reading',
  reread: 'Send a re-read work order',
  dismiss: 'Dismiss the exception',
};

function ResolveDialog({ action, exception: e, onClose, onDone }: { action: Action; exception: ExceptionView; onClose: () => void; onDone: (message: string) => void }) {
  const api = useApi();
  const [value, setValue] = useState('');
  const [text, setText] = useState('');
  const [confirm, setConfirm] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const formRef = useRef<HTMLFormElement>(null);
  // The dialog takes focus when it opens; then its first field (or, for an estimate, its button) gets it.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, button[type="submit"]')?.focus();
  }, []);

  async function submit(confirmAnyway: boolean) {
    setError(null);
    setFieldError(null);
    let input: Parameters<typeof api.call<'readings.resolve'>>[1];
    if (action === 'accept') input = { action, exceptionId: e.id, confirmAnyway, ...(text.trim() ? { note: text.trim() } : {}) };
    else if (action === 'correct') {
      if (!/^\d{1,10}$/.test(value.trim())) {
        setFieldError('The register as read: digits only.');
        return;
      }
      input = { action, exceptionId: e.id, value: Number(value.trim()), confirmAnyway, ...(text.trim() ? { note: text.trim() } : {}) };
    } else if (action === 'estimate') input = { action, exceptionId: e.id };
    else if (action === 'reread') input = { action, exceptionId: e.id, idempotencyKey: key.current, ...(text.trim() ? { instructions: text.trim() } : {}) };
    else {
      if (text.trim().length < 3) {
        setFieldError('Say why it is dismissed.');
        return;
      }
      input = { action, exceptionId: e.id, reason: text.trim() };
    }
    setBusy(true);
    const env = await api.call('readings.resolve', input);
    setBusy(false);
    if (env.ok) {
      const r = env.value;
      const what =
        action === 'reread'
          ? `re-read order ${r.workOrderNumber} created`
          : action === 'dismiss'
            ? 'dismissed'
            : `${action === 'accept' ? 'accepted' : action === 'correct' ? 'corrected' : 'estimated'}: ${n(r.reading?.value)} on ${formatDate(r.reading?.readOn)}`;
      onDone(`Meter ${e.meterNumber}: ${what}.`);
      return;
    }
    const details = env.error.details as { confirmable?: boolean } | undefined;
    if (env.error.code === 'READING_IMPLAUSIBLE' && details?.confirmable !== false) setConfirm(env.error.message);
    else setError(env.error);
  }

  return (
    <Dialog label={TITLES[action]} onClose={onClose} className="rd-dialog">
      <h2>{TITLES[action]}</h2>
      <p>
        Meter <strong>{e.meterNumber}</strong>
        {e.accountNumber ? `, account ${e.accountNumber} ${e.customerName ?? ''}` : ''} — {REASON_LABELS[e.reason]}: {e.detail}
      </p>
      <form
        ref={formRef}
        onSubmit={(ev) => {
          ev.preventDefault();
          if (!busy) void submit(confirm !== null);
        }}
      >
        {action === 'correct' && <TextField label="Correct reading" value={value} onChange={setValue} inputMode="numeric" error={fieldError} />}
        {action === 'estimate' && (
          <p>
            Estimate: <strong>{n(e.estimate.value)}</strong> on {formatDate(e.estimate.readOn)} (last reading {n(e.lastReading?.value)} on {formatDate(e.lastReading?.readOn)}, 12-month average {n(e.averageMonthly)} {units(e.service)} a month).
          </p>
        )}
        {(action === 'accept' || action === 'correct') && <TextField label="Note (optional)" value={text} onChange={setText} />}
        {action === 'reread' && <TextField label="Instructions for the crew (optional)" value={text} onChange={setText} />}
        {action === 'dismiss' && <TextField label="Reason" value={text} onChange={setText} error={fieldError} />}
        {confirm && (
          <p role="alert" className="alert alert-warn">
            {confirm}
          </p>
        )}
        <ErrorAlert error={error} />
        <div className="dialog-actions">
          <button type="submit" disabled={busy}>
            {confirm ? 'Record it anyway' : action === 'accept' ? 'Accept' : action === 'correct' ? 'Record correction' : action === 'estimate' ? 'Record estimate' : action === 'reread' ? 'Create re-read order' : 'Dismiss exception'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
