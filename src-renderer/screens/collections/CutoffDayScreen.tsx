// The Cut-off day screen (Alt+X): on or after a ready cut-off list's date, create the disconnect
// orders for the accounts still on it (the core judges each again: paid, arranged, promised or
// disputed accounts are left off with the reason); then the accounts disconnected now and what
// reconnects each (balance + reconnect fee), or its reconnect order.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { DisconnectRunResult } from '../../../src-shared/ipc/disconnect-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField } from '../../ui/fields';
import { formatCount, formatDate, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

export function CutoffDayScreen() {
  const api = useApi();
  const { store } = useServices();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const businessDate = useAppState((s) => s.status?.businessDate ?? '');
  const canRun = roles !== null && roleHas(roles, 'collections.run');
  const lists = useLoad(() => api.call('collections.cutoffList.lists', { limit: 20 }), 'cutoff-day-lists');
  const disconnected = useLoad(() => api.call('collections.disconnects.list', { limit: 200 }), 'cutoff-day-disconnected');
  const [listId, setListId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [result, setResult] = useState<DisconnectRunResult | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const ready = (lists.value?.lists ?? []).filter((l) => l.status === 'ready');
  // The newest ready list until the user picks another (no state to wait for: what shows is what is used).
  const chosen = ready.find((l) => String(l.id) === listId) ?? ready[0] ?? null;
  const tooEarly = chosen !== null && businessDate !== '' && chosen.cutoffDate > businessDate;

  async function create(e: FormEvent) {
    e.preventDefault();
    if (!chosen || busy) return;
    setBusy(true);
    setError(null);
    const r = await api.call('collections.disconnects.create', { listId: chosen.id });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setResult(r.value);
    void lists.reload();
    void disconnected.reload();
  }

  return (
    <section className="screen" aria-labelledby="cutoff-day-heading">
      <h1 id="cutoff-day-heading" tabIndex={-1} ref={headingRef}>
        Cut-off day
      </h1>
      <form onSubmit={(e) => void create(e)} aria-label="Disconnect orders">
        {ready.length === 0 ? (
          <p>No ready cut-off list. Generate one on the Cut-off list screen (Alt+U).</p>
        ) : (
          <SelectField
            label="Cut-off list"
            value={chosen ? String(chosen.id) : ''}
            onChange={setListId}
            options={ready.map((l) => ({
              value: String(l.id),
              label: `List ${l.id} for ${formatDate(l.cutoffDate)}: ${formatCount(l.onListCount)} on the list${l.disconnectsCreatedAt ? ', disconnect orders created' : ''}`,
            }))}
          />
        )}
        {tooEarly && <p role="note">Disconnect orders are created on the cut-off date ({formatDate(chosen.cutoffDate)}) or after it.</p>}
        {canRun ? (
          <button type="submit" disabled={!chosen || busy || tooEarly}>
            {busy ? 'Creating disconnect orders…' : 'Create disconnect orders'}
          </button>
        ) : (
          <p>A supervisor creates the disconnect orders.</p>
        )}
      </form>
      <ErrorAlert error={error} />
      {result && (
        <div>
          <p role="status" aria-label="Disconnect orders result">
            {plural(result.created.length, 'disconnect order')} created; {plural(result.leftOff.length, 'account')} left off since the list was made.
          </p>
          {result.created.length > 0 && (
            <table aria-label="Disconnect orders created">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Work order</th>
                </tr>
              </thead>
              <tbody>
                {result.created.map((c) => (
                  <tr key={c.accountId}>
                    <td>{c.accountId}</td>
                    <td>{c.workOrderNumber}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.leftOff.length > 0 && (
            <table aria-label="Left off on cut-off day">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {result.leftOff.map((c) => (
                  <tr key={c.accountId}>
                    <td>{c.accountId}</td>
                    <td>{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <h2 id="disconnected-heading">Disconnected accounts</h2>
      <ErrorAlert error={disconnected.error} />
      {disconnected.value && disconnected.value.accounts.length === 0 && <p>No account is disconnected for non-payment.</p>}
      {disconnected.value && disconnected.value.accounts.length > 0 && (
        <table aria-labelledby="disconnected-heading">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Name</th>
              <th scope="col">Disconnected</th>
              <th scope="col">Balance</th>
              <th scope="col">Reconnect</th>
            </tr>
          </thead>
          <tbody>
            {disconnected.value.accounts.map((a) => (
              <tr key={a.accountId}>
                <td>
                  <button type="button" className="link-button" onClick={() => store.getState().openAccount(a.accountId)} aria-label={`Open account ${a.accountNumber}`}>
                    {a.accountNumber}
                  </button>
                </td>
                <td>{a.name}</td>
                <td>{formatDate(a.disconnectedOn)}</td>
                <td>{money(a.balanceCents)}</td>
                <td>{a.reconnectOrder ? `Reconnect ordered (${a.reconnectOrder})` : `On payment of ${money(a.reconnectCents ?? 0)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
