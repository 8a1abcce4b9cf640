// "Edit location…" on the account page's Location section (a role with service.intake): correct
// the premise's address, class, town limits, stormwater ERUs and the services available, with a
// reason. Only what was changed is sent (locations.update); the core's refusals show at their
// field (a bad ZIP under ZIP) or in words (a service an open account still has). Meters change
// in the Meters section.
import { useState, type FormEvent } from 'react';
import { roleHas, SERVICES, type Service } from '../../../src-shared/domain';
import type { MethodInput } from '../../../src-shared/ipc/contract';
import type { LocationView } from '../../../src-shared/ipc/customer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { eruHundredths, ERU_HINT, PremiseFieldsets, type PremiseState } from './PremiseFieldsets';

type Changes = MethodInput<'locations.update'>['changes'];

interface FormState extends PremiseState {
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

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!location || !f || busy) return;
    const erus = eruHundredths(f.erus);
    if (erus === null) {
      setFields({ eruHundredths: ERU_HINT });
      return setError({ code: 'BAD_INPUT', message: ERU_HINT });
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
            <PremiseFieldsets value={f} onChange={(patch) => setF((s) => (s ? { ...s, ...patch } : s))} error={err} servicesErrorId="location-edit-services-error" />
            <TextField label="Reason for the change" value={f.reason} onChange={(reason) => setF((s) => (s ? { ...s, reason } : s))} error={err('reason')} required hint="Kept in the audit log with the fields before and after." />
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
