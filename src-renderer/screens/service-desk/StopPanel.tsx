// Stop service at the customer's request: find the account, the stop date (and why), Enter.
// The final read order goes to the crew; when its reading is in the final bill is made. Until
// then (or when the read came back without a reading) the clerk can enter the final reading here
// to make the final bill — of a stop, or of the account a transfer leaves.
import { useState } from 'react';
import type { AccountDetail } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { ServiceRequestView } from '../../../src-shared/ipc/intake-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { AccountLookup } from './AccountLookup';
import { Confirmation } from './Confirmation';

export function StopPanel() {
  const api = useApi();
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [stopOn, setStopOn] = useState(today);
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [request, setRequest] = useState<ServiceRequestView | null>(null);

  async function found(a: AccountDetail | null) {
    setAccount(a);
    setRequest(null);
    setError(null);
    if (!a) return;
    // An open stop for this account: show it (and its final bill form when the read didn't bill).
    const env = await api.call('serviceDesk.forAccount', { accountId: a.id });
    if (env.ok) setRequest(env.value.requests.find((r) => r.status === 'open' && ((r.kind === 'stop' && r.accountId === a.id) || (r.kind === 'transfer' && r.fromAccountId === a.id))) ?? null);
  }

  async function submit() {
    if (!account || busy) return;
    setBusy(true);
    const env = await api.call('serviceDesk.stop', { accountId: account.id, stopOn, reason: reason.trim() || undefined, idempotencyKey: key });
    setBusy(false);
    if (env.ok) {
      setError(null);
      setRequest(env.value);
      setKey(newIdempotencyKey());
    } else setError(env.error);
  }

  return (
    <div className="sd-panel">
      <AccountLookup label="Account to stop" onFound={(a) => void found(a)} />
      {account && !request && (
        <form
          aria-label="Stop service"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <TextField label="Stop date" type="date" value={stopOn} onChange={setStopOn} required />
          <TextField label="Reason (optional)" value={reason} onChange={setReason} maxLength={200} />
          <button type="submit" disabled={busy}>
            Request stop
          </button>
        </form>
      )}
      <ErrorAlert error={error} prefix="Not stopped:" />
      {request && <Confirmation request={request} />}
      {request && account && !request.finalBill && <FinalReadingForm request={request} account={account} onBilled={setRequest} />}
    </div>
  );
}

function FinalReadingForm({ request, account, onBilled }: { request: ServiceRequestView; account: AccountDetail; onBilled(r: ServiceRequestView): void }) {
  const api = useApi();
  const [readOn, setReadOn] = useState(request.effectiveOn);
  const [water, setWater] = useState('');
  const [electric, setElectric] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  async function submit() {
    const readings = [
      ...(account.location.waterMeter && water.trim() ? [{ service: 'water' as const, meterNumber: account.location.waterMeter, value: Number(water), readCode: 'ok' as const }] : []),
      ...(account.location.electricMeter && electric.trim() ? [{ service: 'electric' as const, meterNumber: account.location.electricMeter, value: Number(electric), readCode: 'ok' as const }] : []),
    ];
    const env = await api.call('serviceDesk.finalBill', { requestId: request.id, readOn, readings, confirmAnyway: false });
    if (env.ok) {
      setError(null);
      onBilled(env.value);
    } else setError(env.error);
  }
  return (
    <form
      aria-label="Final reading"
      aria-describedby="sd-final-reading-hint"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p id="sd-final-reading-hint" className="hint">
        {request.finalBillProblem ?? 'The final bill is made when the crew completes the final read order; enter the final reading here when the crew cannot.'}
      </p>
      <TextField label="Final read date" type="date" value={readOn} onChange={setReadOn} required />
      {account.location.waterMeter && <TextField label={`Final reading, water meter ${account.location.waterMeter}`} inputMode="numeric" value={water} onChange={setWater} />}
      {account.location.electricMeter && <TextField label={`Final reading, electric meter ${account.location.electricMeter}`} inputMode="numeric" value={electric} onChange={setElectric} />}
      <button type="submit">Make final bill</button>
      <ErrorAlert error={error} prefix="No final bill:" />
    </form>
  );
}
