// Close-out of a final-billed account — or of a pending one whose service never started (its
// connect order cancelled): the arithmetic to the cent before anything posts (the deposit applied
// to what is owed, a remaining credit refunded by check, or what is still owed), then Close out:
// the refund entry, the check request and the account closed. The core decides what may close.
import { useState } from 'react';
import type { AccountDetail } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { CloseOutArithmetic, ServiceRequestView } from '../../../src-shared/ipc/intake-schemas';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { money } from '../../ui/format';
import { AccountLookup } from './AccountLookup';
import { Arithmetic, Confirmation } from './Confirmation';

export function CloseOutPanel() {
  const api = useApi();
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [math, setMath] = useState<CloseOutArithmetic | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [request, setRequest] = useState<ServiceRequestView | null>(null);

  async function found(a: AccountDetail | null) {
    setAccount(a);
    setMath(null);
    setRequest(null);
    setError(null);
    if (!a) return;
    const env = await api.call('serviceDesk.closeOutPreview', { accountId: a.id });
    if (env.ok) setMath(env.value);
    else setError(env.error);
  }

  async function closeOut() {
    if (!account || busy) return;
    setBusy(true);
    const env = await api.call('serviceDesk.closeOut', { accountId: account.id, idempotencyKey: key });
    setBusy(false);
    if (env.ok) {
      setError(null);
      setRequest(env.value);
      setMath(null);
      setKey(newIdempotencyKey());
    } else setError(env.error);
  }

  const closable = account?.status === 'final_billed' || account?.status === 'pending';
  return (
    <div className="sd-panel">
      <AccountLookup label="Account to close out" onFound={(a) => void found(a)} />
      {math && account && !request && (
        <div>
          <Arithmetic lines={math.lines} caption={`Close-out of ${math.accountNumber}`} />
          <p>
            {math.refundCents > 0
              ? `${money(math.refundCents)} will be refunded by check to ${account.customer.displayName}.`
              : math.remainingDueCents > 0
                ? `${money(math.remainingDueCents)} is still owed after the deposit; the account closes with it.`
                : 'Nothing is owed or refunded.'}
          </p>
          <button type="button" disabled={busy || !closable} onClick={() => void closeOut()}>
            Close out account
          </button>
          {account.status === 'pending' && <p className="hint">A pending account closes only when its service never started: cancel its connect order first.</p>}
          {!closable && <p className="hint">Only a final-billed account (or a pending one that was never connected) can be closed out.</p>}
        </div>
      )}
      <ErrorAlert error={error} prefix="Not closed out:" />
      {request && <Confirmation request={request} />}
    </div>
  );
}
