// Finds the account a service desk flow is about by its number (check digit checked by the core):
// type it, Enter. Shows who and where, the status and the balance, so the clerk confirms it.
import { useState } from 'react';
import type { AccountDetail } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { money, STATUS_LABELS } from '../../ui/format';

export function AccountLookup({ label, onFound, autoFocus }: { label: string; onFound(a: AccountDetail | null): void; autoFocus?: boolean }) {
  const api = useApi();
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<AccountDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  async function find() {
    if (!number.trim()) return;
    const env = await api.call('accounts.get', { number: number.trim() });
    if (env.ok) {
      setError(null);
      setFound(env.value);
      onFound(env.value);
    } else {
      setError(env.error);
      setFound(null);
      onFound(null);
    }
  }

  return (
    <div className="sd-lookup">
      <div className="sd-row">
        <TextField
          label={label}
          value={number}
          onChange={setNumber}
          autoFocus={autoFocus}
          maxLength={40}
          hint="The account number with its check digit, e.g. 0000012-3, or the old number on the customer’s bill; Enter finds it."
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void find();
            }
          }}
        />
        <button type="button" onClick={() => void find()}>
          Find account
        </button>
      </div>
      <ErrorAlert error={error} prefix="Not found:" />
      {found && (
        <p role="status" aria-label={`${label} found`} className="sd-found">
          {found.number} — {found.customer.displayName}, {found.location.address} — {STATUS_LABELS[found.status]}, balance {money(found.balanceCents)}
          {found.depositCents > 0 ? `, deposit held ${money(found.depositCents)}` : ''}
        </p>
      )}
    </div>
  );
}
