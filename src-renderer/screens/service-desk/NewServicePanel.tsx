// New service: find the customer (name or phone) or create one (person or business, mailing
// address, language, the ID checked, SSN/ITIN), find the vacant premise, the services, owner or
// tenant, the start date; "Work out the deposit" shows the rule's arithmetic (or the letter of
// credit that waives it) and any earlier debt at the premise ("not this customer's"); Open
// service charges the deposit, creates the pending account and its connect order.
import { useState } from 'react';
import type { Service } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { ID_DOCUMENT_OPTIONS, type CustomerHit, type IdDocument } from '../../../src-shared/ipc/customer-schemas';
import type { LocationView, NewServiceQuote, ServiceRequestView } from '../../../src-shared/ipc/intake-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { money } from '../../ui/format';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { Confirmation } from './Confirmation';
import { PremisePicker } from './PremisePicker';
import { ServicesField } from './TransferPanel';

type IdDoc = IdDocument;

interface NewCustomerForm {
  kind: 'person' | 'business';
  firstName: string;
  lastName: string;
  businessName: string;
  phone: string;
  mailStreet: string;
  mailCity: string;
  mailState: string;
  mailZip: string;
  language: 'en' | 'es';
  taxIdKind: '' | 'ssn' | 'itin' | 'ein';
  taxId: string;
}

const EMPTY: NewCustomerForm = { kind: 'person', firstName: '', lastName: '', businessName: '', phone: '', mailStreet: '', mailCity: '', mailState: 'NC', mailZip: '', language: 'en', taxIdKind: '', taxId: '' };

export function NewServicePanel() {
  const api = useApi();
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CustomerHit[] | null>(null);
  const [customer, setCustomer] = useState<CustomerHit | 'new' | null>(null);
  const [form, setForm] = useState<NewCustomerForm>(EMPTY);
  const [idDoc, setIdDoc] = useState<IdDoc | ''>('');
  const [idIssuer, setIdIssuer] = useState('');
  const [idLast4, setIdLast4] = useState('');
  const [premise, setPremise] = useState<LocationView | null>(null);
  const [services, setServices] = useState<Service[]>([]);
  const [occupancy, setOccupancy] = useState<'owner' | 'tenant'>('tenant');
  const [startOn, setStartOn] = useState(today);
  const [quote, setQuote] = useState<NewServiceQuote | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [request, setRequest] = useState<ServiceRequestView | null>(null);
  const set = (patch: Partial<NewCustomerForm>) => setForm((f) => ({ ...f, ...patch }));

  async function findCustomer() {
    if (query.trim().length < 2) return;
    const env = await api.call('customers.search', { query: query.trim(), limit: 20 });
    if (env.ok) {
      setError(null);
      setHits(env.value.results);
    } else setError(env.error);
  }

  async function workOut() {
    if (!premise) return;
    const env = await api.call('serviceDesk.newServiceQuote', { locationId: premise.locationId, services, ...(customer && customer !== 'new' ? { customerId: customer.id } : {}) });
    if (env.ok) {
      setError(null);
      setQuote(env.value);
    } else {
      setQuote(null);
      setError(env.error);
    }
  }

  async function open() {
    if (!premise || !quote || !customer || busy) return;
    const idCheck = idDoc ? { document: idDoc, issuer: idIssuer, ...(idLast4.trim() ? { last4: idLast4.trim() } : {}) } : null;
    const who =
      customer === 'new'
        ? {
            create: {
              kind: form.kind,
              ...(form.kind === 'person' ? { firstName: form.firstName, lastName: form.lastName } : { businessName: form.businessName }),
              phone: form.phone,
              mailStreet: form.mailStreet,
              mailCity: form.mailCity,
              mailState: form.mailState,
              mailZip: form.mailZip,
              language: form.language,
              idCheck,
              taxId: form.taxIdKind && form.taxId.trim() ? { kind: form.taxIdKind, value: form.taxId } : null,
            },
          }
        : { customerId: customer.id, idCheck };
    setBusy(true);
    const env = await api.call('serviceDesk.newService', { customer: who, locationId: premise.locationId, services, occupancy, startOn, expectedDepositCents: quote.deposit.requiredCents, idempotencyKey: key });
    setBusy(false);
    if (env.ok) {
      setError(null);
      setRequest(env.value);
      setForm((f) => ({ ...f, taxId: '' }));
      setKey(newIdempotencyKey());
    } else setError(env.error);
  }

  if (request)
    return (
      <div className="sd-panel">
        <Confirmation request={request} />
      </div>
    );
  return (
    <div className="sd-panel">
      <fieldset>
        <legend>Customer</legend>
        <div className="sd-row">
          <TextField
            label="Find customer by name or phone"
            value={query}
            onChange={setQuery}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void findCustomer();
              }
            }}
          />
          <button type="button" onClick={() => void findCustomer()}>
            Find customer
          </button>
        </div>
        {hits && (
          <div role="radiogroup" aria-label="Customers found">
            {hits.map((c) => (
              <label key={c.id} className="check">
                <input type="radio" name="customer" checked={customer !== 'new' && customer?.id === c.id} onChange={() => setCustomer(c)} />
                {c.displayName} — {c.mailingAddress}
                {c.accounts.length ? ` (accounts ${c.accounts.map((a) => a.number).join(', ')})` : ''}
              </label>
            ))}
            <label className="check">
              <input type="radio" name="customer" checked={customer === 'new'} onChange={() => setCustomer('new')} /> A new customer
            </label>
          </div>
        )}
        {customer === 'new' && (
          <div role="group" aria-label="New customer" className="sd-grid">
            <SelectField label="Customer is" value={form.kind} onChange={(v) => set({ kind: v === 'business' ? 'business' : 'person' })} options={[{ value: 'person', label: 'A person' }, { value: 'business', label: 'A business' }]} />
            {form.kind === 'person' ? (
              <>
                <TextField label="First name" value={form.firstName} onChange={(v) => set({ firstName: v })} />
                <TextField label="Last name" value={form.lastName} onChange={(v) => set({ lastName: v })} />
              </>
            ) : (
              <TextField label="Business name" value={form.businessName} onChange={(v) => set({ businessName: v })} />
            )}
            <TextField label="Phone" value={form.phone} onChange={(v) => set({ phone: v })} inputMode="tel" />
            <TextField label="Mailing street" value={form.mailStreet} onChange={(v) => set({ mailStreet: v })} />
            <TextField label="Mailing city" value={form.mailCity} onChange={(v) => set({ mailCity: v })} />
            <TextField label="Mailing state" value={form.mailState} onChange={(v) => set({ mailState: v })} maxLength={2} />
            <TextField label="Mailing ZIP" value={form.mailZip} onChange={(v) => set({ mailZip: v })} />
            <SelectField label="Letters in" value={form.language} onChange={(v) => set({ language: v === 'es' ? 'es' : 'en' })} options={[{ value: 'en', label: 'English' }, { value: 'es', label: 'Spanish' }]} />
            <SelectField
              label="Tax id kind"
              value={form.taxIdKind}
              placeholder="None given"
              onChange={(v) => set({ taxIdKind: v === 'ssn' || v === 'itin' || v === 'ein' ? v : '' })}
              options={[{ value: 'ssn', label: 'SSN' }, { value: 'itin', label: 'ITIN' }, { value: 'ein', label: 'EIN' }]}
            />
            {form.taxIdKind && <TextField label="Tax id" value={form.taxId} onChange={(v) => set({ taxId: v })} type="password" autoComplete="off" hint="Stored encrypted; shown masked afterwards." />}
          </div>
        )}
        {customer && (
          <div role="group" aria-label="ID checked" className="sd-grid">
            <SelectField label="ID document checked" value={idDoc} placeholder="None checked" onChange={(v) => setIdDoc(ID_DOCUMENT_OPTIONS.some((d) => d.value === v) ? (v as IdDoc) : '')} options={ID_DOCUMENT_OPTIONS} />
            {idDoc && <TextField label="Issued by" value={idIssuer} onChange={setIdIssuer} />}
            {idDoc && <TextField label="ID last four" value={idLast4} onChange={setIdLast4} maxLength={4} />}
          </div>
        )}
      </fieldset>
      {customer && (
        <form
          aria-label="New service"
          onSubmit={(e) => {
            e.preventDefault();
            void (quote ? open() : workOut());
          }}
        >
          <PremisePicker
            customerId={customer === 'new' ? null : customer.id}
            onChosen={(l) => {
              setPremise(l);
              setQuote(null);
              setServices(l ? [...l.services] : []);
            }}
          />
          {premise && (
            <ServicesField
              available={premise.services}
              value={services}
              onChange={(v) => {
                setServices(v);
                setQuote(null);
              }}
            />
          )}
          <SelectField label="Occupancy" value={occupancy} onChange={(v) => setOccupancy(v === 'owner' ? 'owner' : 'tenant')} options={[{ value: 'tenant', label: 'Tenant (rents the premise)' }, { value: 'owner', label: 'Owner' }]} />
          <TextField label="Start date (connect)" type="date" value={startOn} onChange={setStartOn} required />
          {!quote && (
            <button type="submit" disabled={!premise || services.length === 0}>
              Work out the deposit
            </button>
          )}
          {quote && (
            <section aria-label="Deposit decision" className="sd-deposit">
              <h2>Deposit {money(quote.deposit.requiredCents)}</h2>
              <ol aria-label="Deposit arithmetic">
                {quote.deposit.arithmetic.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ol>
              {quote.deposit.waivedBy && (
                <p>
                  Waived: letter of credit from {quote.deposit.waivedBy.utility} ({quote.deposit.waivedBy.goodMonths} months of good payment, received {quote.deposit.waivedBy.receivedOn}).
                </p>
              )}
              <button type="submit" disabled={busy}>
                Open service
              </button>
            </section>
          )}
        </form>
      )}
      <ErrorAlert error={error} prefix="Not opened:" />
    </div>
  );
}
