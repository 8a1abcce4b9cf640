// Follow-ups: the clerks' worklist of open follow-ups across accounts, overdue first (the core
// orders it). Filter by owner (anyone, me, unassigned, a colleague) or to the overdue ones; open
// the account a follow-up is on; resolve it here.
import { useEffect, useRef, useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { FollowUp } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField } from '../../ui/fields';
import { formatCount, formatDate, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

/** The owner filter: '' anyone, 'me', 'none' unassigned, or a user id. */
function ownerInput(owner: string, me: number | null): { ownerId?: number; unassigned?: boolean } {
  if (owner === 'none') return { unassigned: true };
  if (owner === 'me') return me === null ? {} : { ownerId: me };
  if (owner === '') return {};
  return { ownerId: Number(owner) };
}

export function FollowUpsScreen() {
  const api = useApi();
  const { stamp } = useTownTime();
  const { store } = useServices();
  const me = useAppState((s) => s.session?.user.id ?? null);
  const role = useAppState((s) => s.session?.user.role ?? null);
  const canWrite = role !== null && roleHas(role, 'accounts.write');
  const [owner, setOwner] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const owners = useLoad(() => api.call('followUps.owners', {}), 'owners');
  const list = useLoad(() => api.call('followUps.list', { ...ownerInput(owner, me), overdueOnly }), `${owner}|${overdueOnly}`);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function resolve(f: FollowUp) {
    if (busy) return;
    setBusy(true);
    setDone('');
    const env = await api.call('accounts.resolveNote', { noteId: f.id });
    if (env.ok) {
      setError(null);
      await list.reload();
      setDone(`Follow-up on ${f.accountNumber} resolved.`);
      // The Resolve button that had focus is gone with its row.
      headingRef.current?.focus();
    } else setError(env.error);
    setBusy(false);
  }

  const v = list.value;
  const ownerOptions = [
    { value: 'me', label: 'Me' },
    { value: 'none', label: 'Unassigned' },
    ...(owners.value?.owners ?? []).filter((o) => o.id !== me).map((o) => ({ value: String(o.id), label: o.displayName })),
  ];
  return (
    <div className="follow-ups-screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Follow-ups
      </h1>
      <div className="follow-up-filters" role="group" aria-label="Filter follow-ups">
        <SelectField label="Owner" value={owner} placeholder="Anyone" options={ownerOptions} onChange={setOwner} />
        <label className="check">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> Only overdue
        </label>
      </div>
      <ErrorAlert error={list.error} prefix="Could not load the follow-ups:" />
      <ErrorAlert error={error} prefix="Not resolved:" />
      <p role="status" className="done">
        {done}
        {done && v ? ' ' : ''}
        {v ? `${formatCount(v.total)} open follow-up${v.total === 1 ? '' : 's'}${overdueOnly ? ' overdue' : `, ${formatCount(v.overdue)} overdue`}.` : list.loading ? 'Loading the follow-ups…' : ''}
      </p>
      {v && v.followUps.length === 0 && <p className="muted">No open follow-ups{overdueOnly ? ' overdue' : ''}.</p>}
      {v && v.followUps.length > 0 && (
        <table className="data" aria-label="Open follow-ups">
          <thead>
            <tr>
              <th scope="col">Due</th>
              <th scope="col">Account</th>
              <th scope="col">Customer</th>
              <th scope="col">Follow-up</th>
              <th scope="col">Owner</th>
              <th scope="col">Added</th>
              {canWrite && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {v.followUps.map((f) => (
              <tr key={f.id} className={f.overdue ? 'row-alert' : undefined}>
                <td>
                  {f.dueOn ? formatDate(f.dueOn) : <span className="muted">None</span>}
                  {f.overdue && <span className="badge badge-alert cell-badge">Overdue</span>}
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => store.getState().openAccount(f.accountId)} aria-label={`Open account ${f.accountNumber}`}>
                    {f.accountNumber}
                  </button>
                </td>
                <td>
                  {f.accountName}
                  <span className="sub"> {f.serviceAddress}</span>
                </td>
                <td className="note-text">{f.text}</td>
                <td>{f.ownerName ?? <span className="muted">Anyone</span>}</td>
                <td>
                  {stamp(f.at)}
                  {f.author && <span className="sub"> by {f.author}</span>}
                </td>
                {canWrite && (
                  <td>
                    <button type="button" onClick={() => void resolve(f)} disabled={busy} aria-label={`Resolve follow-up on ${f.accountNumber}: ${snippet(f.text)}`}>
                      Resolve
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {v && v.followUps.length < (overdueOnly ? v.overdue : v.total) && <p className="muted">Showing the first {formatCount(v.followUps.length)}.</p>}
    </div>
  );
}
