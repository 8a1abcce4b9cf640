// Finds the premise (service location) a new service or a transfer goes to by its address, and
// says for each whether it is vacant or who is served there now. Choosing one shows any earlier
// debt there, marked "not this customer's" unless it was the customer's own.
import { useState } from 'react';
import type { z } from 'zod';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { LocationView, PriorAccountView } from '../../../src-shared/ipc/intake-schemas';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { money } from '../../ui/format';

type PriorAccount = z.infer<typeof PriorAccountView>;

export function PremisePicker({ customerId, onChosen }: { customerId: number | null; onChosen(l: LocationView | null): void }) {
  const api = useApi();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<LocationView[] | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [debt, setDebt] = useState<PriorAccount[]>([]);
  const [error, setError] = useState<AppError | null>(null);

  async function search() {
    if (!query.trim()) return;
    const env = await api.call('serviceDesk.locations', { query: query.trim(), limit: 20 });
    if (env.ok) {
      setError(null);
      setResults(env.value.locations);
    } else setError(env.error);
  }

  async function choose(l: LocationView) {
    setChosen(l.locationId);
    onChosen(l);
    const env = await api.call('serviceDesk.priorDebt', { locationId: l.locationId, ...(customerId ? { customerId } : {}) });
    setDebt(env.ok ? env.value.accounts : []);
  }

  return (
    <fieldset className="sd-premise">
      <legend>New premise</legend>
      <div className="sd-row">
        <TextField
          label="Find premise by address"
          value={query}
          onChange={setQuery}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
        />
        <button type="button" onClick={() => void search()}>
          Find premise
        </button>
      </div>
      <ErrorAlert error={error} prefix="Could not search:" />
      {results && results.length === 0 && <p role="status">No premise matches.</p>}
      {results && results.length > 0 && (
        <div role="radiogroup" aria-label="Premises found">
          {results.map((l) => (
            <label key={l.locationId} className="check">
              <input type="radio" name="premise" checked={chosen === l.locationId} onChange={() => void choose(l)} />
              {l.address} — {l.occupiedBy ? `served on ${l.occupiedBy.accountNumber} (${l.occupiedBy.customerName})` : 'vacant'}
            </label>
          ))}
        </div>
      )}
      {debt.length > 0 && (
        <div role="note" aria-label="Earlier debt at this premise" className="alert">
          <ul>
            {debt.map((d) => (
              <li key={d.accountId}>
                {d.accountNumber} ({d.customerName}, {d.occupancy}) owes {money(d.balanceCents)} —{' '}
                {d.whose === 'not_this_customer' ? "not this customer's: it is never put on the new account" : "this customer's own debt (collect it separately)"}
              </li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}
