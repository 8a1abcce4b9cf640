// Transfer of service: the account the customer leaves, the premise they move to, the services
// there, owner or tenant, and the two dates. The old premise gets a final read order and the new
// one a connect order; when the old account is final-billed its balance and deposit move.
import { useState } from 'react';
import { SERVICES, type Service } from '../../../src-shared/domain';
import type { AccountDetail } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { LocationView, ServiceRequestView } from '../../../src-shared/ipc/intake-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { serviceLabel } from '../../ui/format';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { AccountLookup } from './AccountLookup';
import { Confirmation } from './Confirmation';
import { PremisePicker } from './PremisePicker';

export function ServicesField({ available, value, onChange }: { available: readonly Service[]; value: readonly Service[]; onChange(v: Service[]): void }) {
  return (
    <fieldset className="sd-services">
      <legend>Services</legend>
      {SERVICES.filter((s) => available.includes(s)).map((s) => (
        <label key={s} className="check">
          <input type="checkbox" checked={value.includes(s)} onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))} /> {serviceLabel(s)}
        </label>
      ))}
    </fieldset>
  );
}

export function TransferPanel() {
  const api = useApi();
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [premise, setPremise] = useState<LocationView | null>(null);
  const [services, setServices] = useState<Service[]>([]);
  const [occupancy, setOccupancy] = useState<'owner' | 'tenant'>('tenant');
  const [moveOutOn, setMoveOutOn] = useState(today);
  const [moveInOn, setMoveInOn] = useState(today);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [request, setRequest] = useState<ServiceRequestView | null>(null);

  async function submit() {
    if (!account || !premise || busy) return;
    setBusy(true);
    const env = await api.call('serviceDesk.transfer', { fromAccountId: account.id, locationId: premise.locationId, services, occupancy, moveOutOn, moveInOn, idempotencyKey: key });
    setBusy(false);
    if (env.ok) {
      setError(null);
      setRequest(env.value);
      setKey(newIdempotencyKey());
    } else setError(env.error);
  }

  return (
    <div className="sd-panel">
      <AccountLookup
        label="Account moving out"
        onFound={(a) => {
          setAccount(a);
          setRequest(null);
        }}
      />
      {account && !request && (
        <form
          aria-label="Transfer service"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <PremisePicker
            customerId={account.customer.id}
            onChosen={(l) => {
              setPremise(l);
              setServices(l ? account.services.filter((s) => l.services.includes(s)) : []);
            }}
          />
          {premise && <ServicesField available={premise.services} value={services} onChange={setServices} />}
          <SelectField
            label="Occupancy"
            value={occupancy}
            onChange={(v) => setOccupancy(v === 'owner' ? 'owner' : 'tenant')}
            options={[
              { value: 'tenant', label: 'Tenant (rents the premise)' },
              { value: 'owner', label: 'Owner' },
            ]}
          />
          <TextField label="Move-out date (final read)" type="date" value={moveOutOn} onChange={setMoveOutOn} required />
          <TextField label="Move-in date (connect)" type="date" value={moveInOn} onChange={setMoveInOn} required />
          <button type="submit" disabled={busy || !premise}>
            Request transfer
          </button>
        </form>
      )}
      <ErrorAlert error={error} prefix="Not transferred:" />
      {request && <Confirmation request={request} />}
    </div>
  );
}
