// "Edit location…" on the account page's Location section (a role with service.intake): correct
// the premise's address, class, town limits, stormwater ERUs and the services available, with a
// reason. Only what was changed is sent (locations.update); the core's refusals show at their
// field (a bad ZIP under ZIP) or in words (a service an open account still has). Meters change
// in the Meters section.
import { useState, type FormEvent } from 'react';
import { roleHas, SERVICES, SERVICE_LABELS, type Service } from '../../../src-shared/domain';
import type { MethodInput } from '../../../src-shared/ipc/contract';
import type { LocationView } from '../../../src-shared/ipc/customer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { eruHundredths } from './LocationForm';

type Changes = MethodInput<'locations.update'>['changes'];

interface FormState {
  street: string;
  unit: string;
  city: string;
  state: string;
  zip: string;
  serviceClass: 'residential' | 'commercial';
  insideLimits: boolean;
  erus: string;
  services: Service[];
  reason: string;
}

function formOf(l: LocationView): FormState {
  return { street: l.street, unit: l.unit ?? '', city: l.city, state: l.state, zip: l.zip, serviceClass: l.serviceClass, insideLimits: l.insideLimits, erus: (l.eruHundredths / 100).toFixed(2), services: l.services, reason: '' };
}

/** What differs from the location as loaded. */
function changesOf(l: LocationView, f: FormState, erus: number): Changes {
  const c: Changes = {};
  if (f.street.trim() !== l.street) c.street = f.street;
  if ((f.unit.trim() || null) !== l.unit) c.unit = f.unit.trim() === '' ? null : f.unit;
  if (f.city.trim() !== l.city) c.city = f.city;
  if (f.state.trim().toUpperCase() !== l.state) c.state = f.state;
  if (f.zip.trim() !== l.zip) c.zip = f.zip;
  if (f.serviceClass !== l.serviceClass) c.serviceClass = f.serviceClass;
  if (f.insideLimits !== l.insideLimits) c.insideLimits = f.insideLimits;
  if (erus !== l.eruHundredths) c.eruHundredths = erus;
  const inOrder = (set: readonly Service[]) => SERVICES.filter((x) => set.includes(x)).join();
  if (inOrder(f.services) !== inOrder(l.services)) c.services = f.services;
  return c;
}

function fieldErrorsOf(error: AppError): Record<string, string> {
  const out: Record<string, string> = {};
  if (error.code !== 'BAD_INPUT') return out;
  const issues = (error.details as { issues?: Array<{ path: string[] | string; message: string }> } | undefined)?.issues ?? [];
  for (const i of issues) {
    const path = (Array.isArray(i.path) ? i.path : i.path.split('.')).map(String);
    const key = path[0] === 'changes' ? (path[1] ?? '') : (path[0] ?? '');
    if (key && !out[key]) out[key] = i.message;
  }
  return out;
}

export function LocationEditButton({ locationId, onSaved }: { locationId: number; onSaved: () => void }) {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const [location, setLocation] = useState<LocationView | null>(null);
  const [f, setF] = useState<FormState | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  if (roles === null || !roleHas(roles, 'service.intake')) return null;

  async function open() {
    const env = await api.call('locations.get', { locationId });
    if (!env.ok) return setError(env.error);
    setError(null);
    setFields({});
    setLocation(env.value);
    setF(formOf(env.value));
  }
  const close = () => {
    setLocation(null);
    setF(null);
    setError(null);
    setFields({});
  };
  const set =
    <K extends keyof FormState>(k: K) =>
    (v: FormState[K]) =>
      setF((s) => (s ? { ...s, [k]: v } : s));
  const toggle = (service: Service, on: boolean) => setF((s) => (s ? { ...s, services: on ? SERVICES.filter((x) => x === service || s.services.includes(x)) : s.services.filter((x) => x !== service) } : s));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!location || !f || busy) return;
    const erus = eruHundredths(f.erus);
    if (erus === null) {
      setFields({ eruHundredths: 'ERUs: a number such as 1, 1.5 or 0.75' });
      return setError({ code: 'BAD_INPUT', message: 'ERUs: a number such as 1, 1.5 or 0.75' });
    }
    const changes = changesOf(location, f, erus);
    if (Object.keys(changes).length === 0) {
      setFields({});
      return setError({ code: 'BAD_INPUT', message: 'Nothing was changed.' });
    }
    setBusy(true);
    const env = await api.call('locations.update', { locationId, changes, reason: f.reason });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      setFields(fieldErrorsOf(env.error));
      return;
    }
    close();
    onSaved();
  }

  const err = (k: string) => fields[k] ?? null;
  return (
    <>
      <button type="button" onClick={() => void open()}>
        Edit location…
      </button>
      {!location && <ErrorAlert error={error} />}
      {location && f && (
        <Dialog label={`Edit location ${location.address}`} onClose={close}>
          <form aria-label="Edit service location" onSubmit={(e) => void submit(e)} className="location-form">
            <fieldset>
              <legend>Service address</legend>
              <TextField label="Street" value={f.street} onChange={set('street')} error={err('street')} required />
              <TextField label="Unit" value={f.unit} onChange={set('unit')} error={err('unit')} hint="Apartment, suite or lot; leave empty if none." />
              <TextField label="City" value={f.city} onChange={set('city')} error={err('city')} required />
              <TextField label="State" value={f.state} onChange={set('state')} error={err('state')} maxLength={2} required />
              <TextField label="ZIP" value={f.zip} onChange={set('zip')} error={err('zip')} required />
            </fieldset>
            <fieldset>
              <legend>Class and limits</legend>
              <SelectField
                label="Service class"
                value={f.serviceClass}
                onChange={(v) => set('serviceClass')(v as FormState['serviceClass'])}
                error={err('serviceClass')}
                options={[
                  { value: 'residential', label: 'Residential' },
                  { value: 'commercial', label: 'Commercial' },
                ]}
              />
              <label className="checkbox">
                <input type="checkbox" checked={f.insideLimits} onChange={(e) => set('insideLimits')(e.target.checked)} /> Inside town limits
              </label>
              <TextField label="Stormwater ERUs" value={f.erus} onChange={set('erus')} error={err('eruHundredths')} inputMode="decimal" hint="Equivalent residential units: a house is 1." />
            </fieldset>
            <fieldset aria-describedby={err('services') ? 'location-edit-services-error' : undefined}>
              <legend>Services available</legend>
              {SERVICES.map((s) => (
                <label key={s} className="checkbox">
                  <input type="checkbox" checked={f.services.includes(s)} onChange={(e) => toggle(s, e.target.checked)} /> {SERVICE_LABELS[s]}
                </label>
              ))}
              {err('services') && (
                <p id="location-edit-services-error" className="field-error">
                  {err('services')}
                </p>
              )}
            </fieldset>
            <TextField label="Reason for the change" value={f.reason} onChange={set('reason')} error={err('reason')} required hint="Kept in the audit log with the fields before and after." />
            <ErrorAlert error={error} prefix="Not saved:" />
            <div className="form-actions">
              <button type="submit" disabled={busy}>
                Save location
              </button>
              <button type="button" onClick={close}>
                Cancel
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
