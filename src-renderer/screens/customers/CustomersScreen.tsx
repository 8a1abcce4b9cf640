// Customers (Alt+C): find a customer (name, phone, email, tax id last four) before creating
// one, open a customer to see their accounts and edit them, create a new one. A supervisor can
// reveal the tax id with a reason (audited); everyone else sees it masked. "New service location"
// creates a premise (address, class, services, meters) for Service desk → New service to find.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { CustomerHit, CustomerView, LocationView } from '../../../src-shared/ipc/customer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { STATUS_LABELS } from '../../ui/format';
import { CustomerForm } from './CustomerForm';
import { LocationDetail, LocationForm } from './LocationForm';

type Mode =
  | { kind: 'find' }
  | { kind: 'new' }
  | { kind: 'open'; customer: CustomerView; editing: boolean }
  | { kind: 'newLocation' }
  | { kind: 'location'; location: LocationView };

export function CustomersScreen() {
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canEdit = role !== null && roleHas(role, 'service.intake');
  const [mode, setMode] = useState<Mode>({ kind: 'find' });
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CustomerHit[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (mode.kind === 'find') searchRef.current?.focus();
    else headingRef.current?.focus();
  }, [mode.kind]);

  async function find(e: FormEvent) {
    e.preventDefault();
    const env = await api.call('customers.search', { query });
    if (env.ok) {
      setError(null);
      setHits(env.value.results);
      setMore(env.value.more);
    } else setError(env.error);
  }

  async function open(id: number) {
    const env = await api.call('customers.get', { customerId: id });
    if (env.ok) {
      setError(null);
      setSaved('');
      setMode({ kind: 'open', customer: env.value, editing: false });
    } else setError(env.error);
  }

  return (
    <div className="customers-screen">
      {mode.kind === 'find' && (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            Customers
          </h1>
          <form role="search" aria-label="Find a customer" onSubmit={(e) => void find(e)}>
            <TextField label="Find customer" type="search" value={query} onChange={setQuery} inputRef={searchRef} hint="Name, phone, email or the last four digits of the tax ID." />
            <button type="submit">Find</button>
            {canEdit && (
              <button type="button" onClick={() => setMode({ kind: 'new' })}>
                New customer
              </button>
            )}
            {canEdit && (
              <button type="button" onClick={() => setMode({ kind: 'newLocation' })}>
                New service location
              </button>
            )}
          </form>
          <ErrorAlert error={error} />
          {hits && (
            <table className="data" aria-label="Customers found">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Mailing address</th>
                  <th scope="col">Tax ID</th>
                  <th scope="col">Accounts</th>
                </tr>
              </thead>
              <tbody>
                {hits.length === 0 && (
                  <tr>
                    <td colSpan={5}>No customer matches. {canEdit ? 'Create a new one.' : ''}</td>
                  </tr>
                )}
                {hits.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <button type="button" className="link-button" onClick={() => void open(h.id)}>
                        {h.displayName}
                      </button>
                    </td>
                    <td>{h.phone ?? ''}</td>
                    <td>{h.mailingAddress}</td>
                    <td>{h.taxIdMasked ?? ''}</td>
                    <td>{h.accounts.map((a) => `${a.number}${a.medicalAlert ? ' (Medical Alert)' : ''}`).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {more && <p className="muted">More customers match: type more of the name.</p>}
        </>
      )}
      {mode.kind === 'new' && (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            New customer
          </h1>
          <CustomerForm
            customer={null}
            onCancel={() => setMode({ kind: 'find' })}
            onSaved={(c) => {
              setSaved(`Customer ${c.displayName} created.`);
              setMode({ kind: 'open', customer: c, editing: false });
            }}
          />
        </>
      )}
      {mode.kind === 'newLocation' && (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            New service location
          </h1>
          <LocationForm
            onCancel={() => setMode({ kind: 'find' })}
            onCreated={(l) => {
              setSaved(`Service location ${l.id} created at ${l.address}.`);
              setMode({ kind: 'location', location: l });
            }}
          />
        </>
      )}
      {mode.kind === 'location' && (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            Service location {mode.location.unit ? `${mode.location.street} ${mode.location.unit}` : mode.location.street}
          </h1>
          <button type="button" onClick={() => setMode({ kind: 'find' })}>
            Back to find
          </button>
          {saved && <p role="status">{saved}</p>}
          <LocationDetail location={mode.location} />
        </>
      )}
      {mode.kind === 'open' && (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {mode.customer.displayName}
          </h1>
          <button type="button" onClick={() => setMode({ kind: 'find' })}>
            Back to find
          </button>
          {saved && <p role="status">{saved}</p>}
          {mode.editing ? (
            <CustomerForm
              customer={mode.customer}
              onCancel={() => setMode({ ...mode, editing: false })}
              onSaved={(c) => {
                setSaved('Changes saved.');
                setMode({ kind: 'open', customer: c, editing: false });
              }}
            />
          ) : (
            <CustomerDetail customer={mode.customer} canEdit={canEdit} onEdit={() => setMode({ ...mode, editing: true })} />
          )}
        </>
      )}
    </div>
  );
}

export function CustomerDetail({ customer: c, canEdit, onEdit }: { customer: CustomerView; canEdit: boolean; onEdit: () => void }) {
  const { store } = useServices();
  return (
    <section aria-label="Customer details" className="card">
      <dl className="details">
        <dt>Kind</dt>
        <dd>{c.kind === 'business' ? 'Business' : 'Person'}</dd>
        <dt>Phone</dt>
        <dd>{[c.phone, c.altPhone].filter(Boolean).join(' / ') || 'Not on file'}</dd>
        <dt>Email</dt>
        <dd>{c.email ?? 'Not on file'}</dd>
        <dt>Mailing address</dt>
        <dd>{c.mailingAddress}</dd>
        <dt>Letters in</dt>
        <dd>{c.language === 'es' ? 'Spanish' : 'English'}</dd>
        <dt>ID checked</dt>
        <dd>{c.idCheck ? `${c.idCheck.document.replace(/_/g, ' ')} (${c.idCheck.issuer}) checked ${c.idCheck.checkedOn}${c.idCheck.checkedBy ? ` by ${c.idCheck.checkedBy}` : ''}` : 'None on file'}</dd>
        <dt>Tax ID</dt>
        <dd>
          <TaxIdReveal customer={c} />
        </dd>
      </dl>
      <h2>Accounts</h2>
      {c.accounts.length === 0 ? (
        <p className="muted">No accounts yet.</p>
      ) : (
        <ul aria-label="Customer accounts">
          {c.accounts.map((a) => (
            <li key={a.id}>
              <button type="button" className="link-button" onClick={() => store.getState().openAccount(a.id)} aria-label={`Open account ${a.number}`}>
                {a.number}
              </button>{' '}
              {a.serviceAddress} — {STATUS_LABELS[a.status]}
              {a.medicalAlert && <span className="badge badge-alert">Medical Alert</span>}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <button type="button" onClick={onEdit}>
          Edit customer
        </button>
      )}
    </section>
  );
}

/** The masked tax id; a supervisor can show it with a reason (audited), for this view only. */
export function TaxIdReveal({ customer }: { customer: Pick<CustomerView, 'id' | 'taxIdMasked'> }) {
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canReveal = role !== null && roleHas(role, 'taxId.reveal');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  if (!customer.taxIdMasked) return <span className="muted">Not on file</span>;
  async function reveal(e: FormEvent) {
    e.preventDefault();
    const env = await api.call('customers.revealTaxId', { customerId: customer.id, reason });
    if (env.ok) {
      setShown(env.value.taxId);
      setAsking(false);
      setError(null);
    } else setError(env.error);
  }
  return (
    <>
      <span className="masked" aria-label="Tax ID">
        {shown ?? customer.taxIdMasked}
      </span>
      {shown && (
        <button type="button" onClick={() => setShown(null)}>
          Hide tax ID
        </button>
      )}
      {canReveal && !shown && !asking && (
        <button type="button" onClick={() => setAsking(true)}>
          Reveal tax ID…
        </button>
      )}
      {asking && (
        <form aria-label="Reveal tax ID" onSubmit={(e) => void reveal(e)}>
          <TextField label="Reason for revealing" value={reason} onChange={setReason} required autoFocus />
          <button type="submit">Reveal</button>
          <button type="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </form>
      )}
      <ErrorAlert error={error} />
    </>
  );
}
