// The customer form, for a new customer and for an edit: person or business, contact, mailing
// address, the language letters go out in, the ID the clerk checked, and the tax id (typed, never
// shown back: an edit shows the masked one on file and takes a new one only when typed). The core
// checks everything (the tax id for meaning); its message is shown as it comes.
import { useState, type FormEvent } from 'react';
import type { MethodInput } from '../../../src-shared/ipc/contract';
import { ID_DOCUMENT_OPTIONS, type CustomerView } from '../../../src-shared/ipc/customer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';

type NewCustomer = MethodInput<'customers.create'>['customer'];


interface FormState {
  kind: 'person' | 'business';
  firstName: string;
  middleName: string;
  lastName: string;
  businessName: string;
  phone: string;
  altPhone: string;
  email: string;
  mailStreet: string;
  mailCity: string;
  mailState: string;
  mailZip: string;
  language: 'en' | 'es';
  idDocument: string;
  idIssuer: string;
  idLast4: string;
  idExpires: string;
  taxKind: '' | 'ssn' | 'itin' | 'ein';
  taxValue: string;
  removeTaxId: boolean;
}

function initial(c: CustomerView | null): FormState {
  return {
    kind: c?.kind ?? 'person',
    firstName: c?.firstName ?? '',
    middleName: c?.middleName ?? '',
    lastName: c?.lastName ?? '',
    businessName: c?.businessName ?? '',
    phone: c?.phone ?? '',
    altPhone: c?.altPhone ?? '',
    email: c?.email ?? '',
    mailStreet: c?.mailStreet ?? '',
    mailCity: c?.mailCity ?? '',
    mailState: c?.mailState ?? 'NC',
    mailZip: c?.mailZip ?? '',
    language: c?.language ?? 'en',
    idDocument: c?.idCheck?.document ?? '',
    idIssuer: c?.idCheck?.issuer ?? '',
    idLast4: c?.idCheck?.last4 ?? '',
    idExpires: c?.idCheck?.expiresOn ?? '',
    taxKind: c?.taxIdKind ?? '',
    taxValue: '',
    removeTaxId: false,
  };
}

function toInput(f: FormState): Omit<NewCustomer, 'taxId'> {
  const orNull = (s: string) => (s.trim() === '' ? null : s);
  return {
    kind: f.kind,
    firstName: f.kind === 'person' ? orNull(f.firstName) : null,
    middleName: f.kind === 'person' ? orNull(f.middleName) : null,
    lastName: f.kind === 'person' ? orNull(f.lastName) : null,
    businessName: f.kind === 'business' ? orNull(f.businessName) : null,
    phone: orNull(f.phone),
    altPhone: orNull(f.altPhone),
    email: orNull(f.email),
    mailStreet: f.mailStreet,
    mailCity: f.mailCity,
    mailState: f.mailState,
    mailZip: f.mailZip,
    language: f.language,
    idCheck: f.idDocument
      ? {
          document: f.idDocument as 'drivers_license',
          issuer: f.idIssuer,
          ...(f.idLast4 ? { last4: f.idLast4 } : {}),
          ...(f.idExpires ? { expiresOn: f.idExpires } : {}),
        }
      : null,
  };
}

export function CustomerForm({ customer, onSaved, onCancel }: { customer: CustomerView | null; onSaved: (c: CustomerView) => void; onCancel?: () => void }) {
  const api = useApi();
  const [f, setF] = useState<FormState>(() => initial(customer));
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof FormState>(k: K) => (v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const base = toInput(f);
    const typed = f.taxKind && f.taxValue.trim() ? { kind: f.taxKind, value: f.taxValue } : undefined;
    const env = customer
      ? await api.call('customers.update', { customerId: customer.id, changes: { ...base, ...(f.removeTaxId ? { taxId: null } : typed ? { taxId: typed } : {}) } })
      : await api.call('customers.create', { customer: { ...base, taxId: typed ?? null } });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setF((s) => ({ ...s, taxValue: '', removeTaxId: false }));
    onSaved(env.value);
  }

  const label = customer ? `Edit customer ${customer.displayName}` : 'New customer';
  return (
    <form aria-label={label} onSubmit={(e) => void submit(e)} className="customer-form">
      <SelectField
        label="Customer is"
        value={f.kind}
        onChange={(v) => set('kind')(v as FormState['kind'])}
        options={[
          { value: 'person', label: 'A person' },
          { value: 'business', label: 'A business' },
        ]}
      />
      {f.kind === 'person' ? (
        <fieldset>
          <legend>Name</legend>
          <TextField label="First name" value={f.firstName} onChange={set('firstName')} />
          <TextField label="Middle name" value={f.middleName} onChange={set('middleName')} />
          <TextField label="Last name" value={f.lastName} onChange={set('lastName')} required />
        </fieldset>
      ) : (
        <TextField label="Business name" value={f.businessName} onChange={set('businessName')} required />
      )}
      <fieldset>
        <legend>Contact</legend>
        <TextField label="Phone" value={f.phone} onChange={set('phone')} inputMode="tel" />
        <TextField label="Other phone" value={f.altPhone} onChange={set('altPhone')} inputMode="tel" />
        <TextField label="Email" value={f.email} onChange={set('email')} type="email" />
        <SelectField
          label="Letters in"
          value={f.language}
          onChange={(v) => set('language')(v as 'en' | 'es')}
          options={[
            { value: 'en', label: 'English' },
            { value: 'es', label: 'Spanish (Español)' },
          ]}
        />
      </fieldset>
      <fieldset>
        <legend>Mailing address</legend>
        <TextField label="Mailing street" value={f.mailStreet} onChange={set('mailStreet')} required />
        <TextField label="City" value={f.mailCity} onChange={set('mailCity')} required />
        <TextField label="State" value={f.mailState} onChange={set('mailState')} maxLength={2} required />
        <TextField label="ZIP" value={f.mailZip} onChange={set('mailZip')} required />
      </fieldset>
      <fieldset>
        <legend>ID checked</legend>
        <SelectField label="ID document" value={f.idDocument} onChange={set('idDocument')} options={ID_DOCUMENT_OPTIONS} placeholder="None checked" />
        {f.idDocument && (
          <>
            <TextField label="Issued by" value={f.idIssuer} onChange={set('idIssuer')} required />
            <TextField label="Last 4 of the ID number" value={f.idLast4} onChange={set('idLast4')} maxLength={4} hint="Only the last four characters are kept." />
            <TextField label="ID expires" value={f.idExpires} onChange={set('idExpires')} type="date" />
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>Tax ID (for debt setoff)</legend>
        {customer?.taxIdMasked && (
          <p>
            On file: <span className="masked">{customer.taxIdMasked}</span>
          </p>
        )}
        <SelectField
          label="Tax ID kind"
          value={f.taxKind}
          onChange={(v) => set('taxKind')(v as FormState['taxKind'])}
          placeholder="None"
          options={[
            { value: 'ssn', label: 'SSN' },
            { value: 'itin', label: 'ITIN' },
            { value: 'ein', label: 'EIN' },
          ]}
        />
        {f.taxKind && (
          <TextField
            label={customer?.taxIdMasked ? 'New tax ID' : 'Tax ID'}
            value={f.taxValue}
            onChange={set('taxValue')}
            type="password"
            inputMode="numeric"
            hint="Stored encrypted; shown only as the last four digits."
          />
        )}
        {customer?.taxIdMasked && (
          <label className="checkbox">
            <input type="checkbox" checked={f.removeTaxId} onChange={(e) => set('removeTaxId')(e.target.checked)} /> Remove the tax ID on file
          </label>
        )}
      </fieldset>
      <ErrorAlert error={error} prefix="Not saved:" />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {customer ? 'Save changes' : 'Create customer'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
