// Courtesy calls (Alt+K): the call list of a ready cut-off list (accounts on it with a phone,
// not yet called for it), logging each call's outcome from the keyboard (choose the account,
// the outcome, a promise date, a note, Enter), and the calls logged for the list, where a
// dispute is resolved. The core checks the promise date and decides the standing.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import { COURTESY_OUTCOME_LABELS, COURTESY_OUTCOMES, type CourtesyOutcome, type CutoffEntryView } from '../../../src-shared/ipc/cutoff-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate, money, useTownTime } from '../../ui/format';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { useLoad } from '../../ui/use-load';

export function CourtesyCallsScreen() {
  const api = useApi();
  const { store } = useServices();
  const { stamp } = useTownTime();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canWork = roles !== null && roleHas(roles, 'collections.work');
  const [listId, setListId] = useState<number | null>(null);
  const [calling, setCalling] = useState<CutoffEntryView | null>(null);
  const [outcome, setOutcome] = useState<CourtesyOutcome>('no_answer');
  const [promiseDate, setPromiseDate] = useState('');
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const [resolving, setResolving] = useState<number | null>(null);
  const [resolution, setResolution] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const toCallRef = useRef<HTMLElement>(null);
  const [refocus, setRefocus] = useState(0);

  useEffect(() => headingRef.current?.focus(), []);
  const lists = useLoad(() => api.call('collections.cutoffList.lists', { limit: 20 }), 'cutoff-lists');
  const ready = lists.value?.lists.filter((l) => l.status === 'ready') ?? [];
  useEffect(() => {
    if (listId === null && ready[0]) setListId(ready[0].id);
  }, [listId, ready]);
  const calls = useLoad(() => (listId === null ? Promise.resolve({ ok: true as const, value: null }) : api.call('collections.courtesyCalls.list', { listId })), `calls-${listId}`);
  useEffect(() => {
    if (calling) outcomeRef.current?.querySelector('select')?.focus();
  }, [calling]);
  // After a call is logged, the next account to call (or the list's heading) takes the focus.
  useEffect(() => {
    if (refocus === 0) return;
    const next = toCallRef.current?.querySelector<HTMLButtonElement>('tbody button:not(.link-button)') ?? toCallRef.current?.querySelector<HTMLElement>('h2');
    next?.focus();
  }, [refocus, calls.value]);

  function startCall(e: CutoffEntryView) {
    setCalling(e);
    setOutcome('no_answer');
    setPromiseDate('');
    setNote('');
    setKey(newIdempotencyKey());
    setError(null);
  }

  async function log(e: FormEvent) {
    e.preventDefault();
    if (!calling || listId === null) return;
    const env = await api.call('collections.courtesyCalls.log', {
      idempotencyKey: key,
      listId,
      accountId: calling.accountId,
      outcome,
      promiseDate: outcome === 'promise' ? promiseDate : undefined,
      note: note || undefined,
    });
    if (!env.ok) return setError(env.error);
    setError(null);
    setDone(`Logged for ${calling.accountNumber}: ${COURTESY_OUTCOME_LABELS[env.value.outcome]}${env.value.promiseDate ? ` by ${formatDate(env.value.promiseDate)}` : ''}.`);
    setCalling(null);
    await calls.reload();
    setRefocus((n) => n + 1);
  }

  async function resolve(e: FormEvent) {
    e.preventDefault();
    if (resolving === null) return;
    const env = await api.call('collections.courtesyCalls.resolveDispute', { callId: resolving, resolution });
    if (!env.ok) return setError(env.error);
    setError(null);
    setResolving(null);
    setResolution('');
    setDone(`Dispute resolved for ${env.value.accountNumber}.`);
    await calls.reload();
  }

  const v = calls.value;
  return (
    <div className="screen courtesy-calls-screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Courtesy calls
      </h1>
      <ErrorAlert error={lists.error} />
      {lists.value && ready.length === 0 && <p className="muted">No ready cut-off list: generate one on the Cut-off list screen (Alt+U).</p>}
      {ready.length > 0 && (
        <SelectField
          label="Cut-off list"
          value={listId === null ? '' : String(listId)}
          onChange={(x) => {
            setListId(x ? Number(x) : null);
            setCalling(null);
          }}
          options={ready.map((l) => ({ value: String(l.id), label: `${formatDate(l.cutoffDate)} — list ${l.id}, ${l.onListCount} on the list` }))}
        />
      )}
      <ErrorAlert error={calls.error} />
      {done && <p role="status">{done}</p>}
      {v && (
        <>
          <section className="card" aria-labelledby="calls-to-make" ref={toCallRef}>
            <h2 id="calls-to-make" tabIndex={-1}>To call ({v.toCall.length})</h2>
            {v.toCall.length === 0 ? (
              <p className="muted">Every account on the list with a phone has been called.</p>
            ) : (
              <table className="data" aria-label="Accounts to call">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Phone</th>
                    <th scope="col">Past due</th>
                    <th scope="col">Call</th>
                  </tr>
                </thead>
                <tbody>
                  {v.toCall.map((e) => (
                    <tr key={e.accountId} className={calling?.accountId === e.accountId ? 'row-selected' : undefined}>
                      <td>
                        <button type="button" className="link-button" onClick={() => store.getState().openAccount(e.accountId)} aria-label={`Open account ${e.accountNumber}`}>
                          {e.accountNumber}
                        </button>
                      </td>
                      <td>{e.name}</td>
                      <td>{e.phone}</td>
                      <td className="num">{money(e.pastDueCents)}</td>
                      <td>
                        {canWork && (
                          <button type="button" onClick={() => startCall(e)} aria-label={`Log a call to ${e.name} (${e.accountNumber})`}>
                            Log call…
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {calling && (
            <form className="card" aria-label={`Call to ${calling.name}`} onSubmit={(e) => void log(e)} onKeyDown={(e) => e.key === 'Escape' && setCalling(null)}>
              <h2>
                Call to {calling.name}, {calling.phone} ({calling.accountNumber}, {money(calling.pastDueCents)} past due)
              </h2>
              <div ref={outcomeRef}>
                <SelectField label="Outcome" value={outcome} onChange={(x) => setOutcome(x as CourtesyOutcome)} options={COURTESY_OUTCOMES.map((o) => ({ value: o, label: COURTESY_OUTCOME_LABELS[o] }))} />
              </div>
              {outcome === 'promise' && <TextField label="Promised to pay by" type="date" value={promiseDate} onChange={setPromiseDate} required />}
              <TextField label="Call note" value={note} onChange={setNote} maxLength={500} />
              <button type="submit" className="primary">
                Log the call
              </button>
              <button type="button" onClick={() => setCalling(null)}>
                Cancel
              </button>
            </form>
          )}
          <ErrorAlert error={error} prefix="Not saved:" />
          <section className="card" aria-labelledby="calls-logged">
            <h2 id="calls-logged">Calls logged ({v.calls.length})</h2>
            {v.calls.length > 0 && (
              <table className="data" aria-label="Calls logged">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Account</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Note</th>
                    <th scope="col">By</th>
                    <th scope="col">Dispute</th>
                  </tr>
                </thead>
                <tbody>
                  {v.calls.map((c) => (
                    <tr key={c.id}>
                      <td>{stamp(c.calledAt)}</td>
                      <td>{c.accountNumber}</td>
                      <td>{c.name}</td>
                      <td>
                        {COURTESY_OUTCOME_LABELS[c.outcome]}
                        {c.promiseDate ? ` by ${formatDate(c.promiseDate)}` : ''}
                      </td>
                      <td>{c.note ?? ''}</td>
                      <td>{c.calledBy ?? ''}</td>
                      <td>
                        {c.outcome === 'disputed' &&
                          (c.resolvedAt ? (
                            `Resolved: ${c.resolution ?? ''}`
                          ) : canWork ? (
                            <button type="button" onClick={() => setResolving(c.id)} aria-label={`Resolve the dispute of ${c.accountNumber}`}>
                              Resolve…
                            </button>
                          ) : (
                            'Open'
                          ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {resolving !== null && (
            <form className="card" aria-label="Resolve dispute" onSubmit={(e) => void resolve(e)}>
              <TextField label="How the dispute was resolved" value={resolution} onChange={setResolution} required autoFocus />
              <button type="submit">Resolve dispute</button>
              <button type="button" onClick={() => setResolving(null)}>
                Cancel
              </button>
            </form>
          )}
        </>
      )}
    </div>
  );
}
