// Audit log (supervisor, admin): the newest sensitive actions, optionally for one action.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useApi } from '../app/context';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useTownTime } from '../ui/format';
import { useLoad } from '../ui/use-load';

const LIMIT = 200;

function describeDetails(details: unknown): string {
  if (details === null || details === undefined) return '';
  const text = typeof details === 'string' ? details : JSON.stringify(details);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export function AuditLogScreen() {
  const { stamp } = useTownTime();
  const api = useApi();
  const [draft, setDraft] = useState('');
  const [action, setAction] = useState('');
  const log = useLoad(() => api.call('audit.list', action ? { limit: LIMIT, action } : { limit: LIMIT }), action);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  function submit(e: FormEvent) {
    e.preventDefault();
    const next = draft.trim();
    if (next === action) void log.reload();
    else setAction(next);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape' && draft !== '') {
      e.preventDefault();
      setDraft('');
      setAction('');
    }
  }

  const rows = log.value?.rows ?? [];
  return (
    <div className="audit-log">
      <h1 ref={headingRef} tabIndex={-1}>
        Audit log
      </h1>
      <form className="filter-row" onSubmit={submit} aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" value={draft} maxLength={64} placeholder="All actions, or e.g. session.signIn" onChange={(e) => setDraft(e.target.value)} onKeyDown={onKeyDown} spellCheck={false} autoComplete="off" />
        </div>
        <button type="submit">Show</button>
      </form>
      <p role="status" className="search-status">
        {log.loading ? 'Loading…' : log.value ? `${rows.length === LIMIT ? `Newest ${LIMIT}` : rows.length} entr${rows.length === 1 ? 'y' : 'ies'}${action ? ` for ${action}` : ''}.` : ''}
      </p>
      <ErrorAlert error={log.error} />
      {rows.length > 0 && (
        <table className="data audit">
          <caption>Audit log entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">User</th>
              <th scope="col">Approved by</th>
              <th scope="col">Action</th>
              <th scope="col">Subject</th>
              <th scope="col">Reason</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{stamp(r.at)}</td>
                <td>{r.user ?? ''}</td>
                <td>{r.approvedBy ?? ''}</td>
                <td>{r.action}</td>
                <td>{r.subject ?? ''}</td>
                <td>{r.reason ?? ''}</td>
                <td className="details-cell">{describeDetails(r.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
