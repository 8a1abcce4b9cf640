// A new service location (premise): its address, class, the services available there, inside or
// outside the town limits, its stormwater ERUs and its water/electric meters. The core checks
// everything (locations.create); a refusal is shown at the field it is about (a bad ZIP under
// ZIP, a meter number already in service under that meter's number) and in words above the
// buttons. After it is created the location is shown so the clerk can start the new service.
import { useState, type FormEvent } from 'react';
import { SERVICE_LABELS } from '../../../src-shared/domain';
import type { MethodInput } from '../../../src-shared/ipc/contract';
import type { LocationView } from '../../../src-shared/ipc/customer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { eruHundredths, ERU_HINT, PremiseFieldsets, type PremiseState } from './PremiseFieldsets';

type NewLocation = MethodInput<'locations.create'>['location'];
type MeterService = 'water' | 'electric';

interface MeterState {
  number: string;
  size: string;
  dials: string;
  multiplier: string;
  installReading: string;
}

interface FormState extends PremiseState {
  meters: Record<MeterService, MeterState>;
}

const emptyMeter: MeterState = { number: '', size: '', dials: '', multiplier: '', installReading: '' };
const METER_LABEL: Record<MeterService, string> = { water: 'Water meter', electric: 'Electric meter' };

function initial(): FormState {
  return {
    street: '',
    unit: '',
    city: '',
    state: 'NC',
    zip: '',
    serviceClass: 'residential',
    services: ['solid_waste', 'sewer', 'water', 'stormwater'],
    insideLimits: true,
    erus: '1.00',
    meters: { water: { ...emptyMeter }, electric: { ...emptyMeter } },
  };
}

/** A whole number typed in a field, or the text itself (so the core refuses it at that field). */
function intOrText(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** The input and, for each meter sent, which service it is (the core names meters by index). */
function toInput(f: FormState, erus: number): { input: NewLocation; meterOrder: MeterService[] } {
  const meterOrder: MeterService[] = [];
  const meters: NewLocation['meters'] = [];
  for (const service of ['water', 'electric'] as const) {
    const m = f.meters[service];
    if (m.number.trim() === '') continue;
    meterOrder.push(service);
    const dials = intOrText(m.dials);
    const multiplier = intOrText(m.multiplier);
    const installReading = intOrText(m.installReading);
    meters.push({
      service,
      number: m.number,
      ...(m.size.trim() ? { size: m.size } : {}),
      ...(dials !== undefined ? { dials } : {}),
      ...(multiplier !== undefined ? { multiplier } : {}),
      ...(installReading !== undefined ? { installReading } : {}),
    });
  }
  return {
    input: {
      street: f.street,
      unit: f.unit.trim() === '' ? null : f.unit,
      city: f.city,
      state: f.state,
      zip: f.zip,
      serviceClass: f.serviceClass,
      services: f.services,
      insideLimits: f.insideLimits,
      eruHundredths: erus,
      meters,
    },
    meterOrder,
  };
}

/** Field keys: street, unit, city, state, zip, services, eruHundredths, water.number, electric.dials… */
function fieldErrorsOf(error: AppError, meterOrder: MeterService[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (error.code === 'BAD_INPUT') {
    const issues = (error.details as { issues?: Array<{ path: string[] | string; message: string }> } | undefined)?.issues ?? [];
    for (const i of issues) {
      const path = (Array.isArray(i.path) ? i.path : i.path.split('.')).map(String);
      const rest = path[0] === 'location' ? path.slice(1) : path;
      let key = rest[0] ?? '';
      if (key === 'meters' && rest[1] !== undefined) {
        const service = meterOrder[Number(rest[1])];
        if (service) key = `${service}.${rest[2] === 'service' ? 'number' : (rest[2] ?? 'number')}`;
      }
      if (key && !out[key]) out[key] = i.message;
    }
  } else if (error.code === 'CONFLICT') {
    const service: MeterService = /^Electric meter/.test(error.message) ? 'electric' : 'water';
    out[`${service}.number`] = error.message;
  }
  return out;
}

export function LocationForm({ onCreated, onCancel }: { onCreated: (l: LocationView) => void; onCancel: () => void }) {
  const api = useApi();
  const [f, setF] = useState<FormState>(initial);
  const [error, setError] = useState<AppError | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const setMeter = (service: MeterService, k: keyof MeterState) => (v: string) => setF((s) => ({ ...s, meters: { ...s.meters, [service]: { ...s.meters[service], [k]: v } } }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const erus = eruHundredths(f.erus);
    if (erus === null) {
      setFields({ eruHundredths: ERU_HINT });
      setError({ code: 'BAD_INPUT', message: ERU_HINT });
      return;
    }
    const { input, meterOrder } = toInput(f, erus);
    setBusy(true);
    const env = await api.call('locations.create', { location: input });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      setFields(fieldErrorsOf(env.error, meterOrder));
      return;
    }
    setError(null);
    setFields({});
    onCreated(env.value);
  }

  const err = (k: string) => fields[k] ?? null;
  return (
    <form aria-label="New service location" onSubmit={(e) => void submit(e)} className="location-form">
      <PremiseFieldsets value={f} onChange={(patch) => setF((s) => ({ ...s, ...patch }))} error={err} servicesErrorId="location-services-error" />
      {(['water', 'electric'] as const).map((service) => (
        <fieldset key={service}>
          <legend>{METER_LABEL[service]}</legend>
          <TextField label={`${METER_LABEL[service]} number`} value={f.meters[service].number} onChange={setMeter(service, 'number')} error={err(`${service}.number`)} hint="Leave empty if no meter is set yet." />
          {f.meters[service].number.trim() !== '' && (
            <>
              <TextField label={`${METER_LABEL[service]} size`} value={f.meters[service].size} onChange={setMeter(service, 'size')} error={err(`${service}.size`)} />
              <TextField label={`${METER_LABEL[service]} dials`} value={f.meters[service].dials} onChange={setMeter(service, 'dials')} error={err(`${service}.dials`)} inputMode="numeric" />
              {service === 'electric' && (
                <TextField label="Electric meter multiplier" value={f.meters.electric.multiplier} onChange={setMeter('electric', 'multiplier')} error={err('electric.multiplier')} inputMode="numeric" />
              )}
              <TextField label={`${METER_LABEL[service]} reading at install`} value={f.meters[service].installReading} onChange={setMeter(service, 'installReading')} error={err(`${service}.installReading`)} inputMode="numeric" />
            </>
          )}
        </fieldset>
      ))}
      <ErrorAlert error={error} prefix="Not saved:" />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          Create location
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The location just created (or opened): what the clerk needs to find it in Service desk → New service. */
export function LocationDetail({ location: l }: { location: LocationView }) {
  return (
    <section aria-label="Service location details" className="card">
      <dl className="details">
        <dt>Location ID</dt>
        <dd>{l.id}</dd>
        <dt>Service address</dt>
        <dd>{l.address}</dd>
        <dt>Class</dt>
        <dd>{l.serviceClass === 'commercial' ? 'Commercial' : 'Residential'}</dd>
        <dt>Services available</dt>
        <dd>{l.services.map((s) => SERVICE_LABELS[s]).join(', ')}</dd>
        <dt>Town limits</dt>
        <dd>{l.insideLimits ? 'Inside' : 'Outside'}</dd>
        <dt>Stormwater ERUs</dt>
        <dd>{(l.eruHundredths / 100).toFixed(2)}</dd>
        <dt>Meters</dt>
        <dd>{l.meters.length === 0 ? 'None set' : l.meters.map((m) => `${SERVICE_LABELS[m.service]} ${m.number} (${m.size}, ${m.dials} dials${m.multiplier !== 1 ? `, ×${m.multiplier}` : ''})`).join('; ')}</dd>
        <dt>Accounts</dt>
        <dd>{l.accounts.length === 0 ? 'None: vacant' : l.accounts.map((a) => `${a.number} ${a.customerName}`).join('; ')}</dd>
      </dl>
      <p>
        To start service here: Service desk (Alt+S) → New service, and find the premise by “{l.street}”.
      </p>
    </section>
  );
}
