// The premise's fields shared by New location (LocationForm) and Edit location
// (LocationEditButton): service address, class and town limits with stormwater ERUs, and the
// services available. Each field shows the core's refusal under it.
import { SERVICES, SERVICE_LABELS, type Service } from '../../../src-shared/domain';
import { SelectField, TextField } from '../../ui/fields';

export interface PremiseState {
  street: string;
  unit: string;
  city: string;
  state: string;
  zip: string;
  serviceClass: 'residential' | 'commercial';
  insideLimits: boolean;
  /** Stormwater ERUs as typed ("1.00"). */
  erus: string;
  services: Service[];
}

/** "1", "1.5" or "1.25" ERUs as hundredths; null when it is not such a number. */
export function eruHundredths(s: string): number | null {
  const m = /^\s*(\d{1,4})(?:\.(\d{1,2}))?\s*$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export const ERU_HINT = 'ERUs: a number such as 1, 1.5 or 0.75';

export function PremiseFieldsets({ value: f, onChange, error: err, servicesErrorId }: { value: PremiseState; onChange: (patch: Partial<PremiseState>) => void; error: (field: string) => string | null; servicesErrorId: string }) {
  const text = (k: 'street' | 'unit' | 'city' | 'state' | 'zip' | 'erus') => (v: string) => onChange({ [k]: v });
  const toggle = (service: Service, on: boolean) => onChange({ services: on ? SERVICES.filter((x) => x === service || f.services.includes(x)) : f.services.filter((x) => x !== service) });
  return (
    <>
      <fieldset>
        <legend>Service address</legend>
        <TextField label="Street" value={f.street} onChange={text('street')} error={err('street')} required hint="House number and street, e.g. 214 Pine St." />
        <TextField label="Unit" value={f.unit} onChange={text('unit')} error={err('unit')} hint="Apartment, suite or lot; leave empty if none." />
        <TextField label="City" value={f.city} onChange={text('city')} error={err('city')} required />
        <TextField label="State" value={f.state} onChange={text('state')} error={err('state')} maxLength={2} required />
        <TextField label="ZIP" value={f.zip} onChange={text('zip')} error={err('zip')} required />
      </fieldset>
      <fieldset>
        <legend>Class and limits</legend>
        <SelectField
          label="Service class"
          value={f.serviceClass}
          onChange={(v) => onChange({ serviceClass: v as PremiseState['serviceClass'] })}
          error={err('serviceClass')}
          options={[
            { value: 'residential', label: 'Residential' },
            { value: 'commercial', label: 'Commercial' },
          ]}
        />
        <label className="checkbox">
          <input type="checkbox" checked={f.insideLimits} onChange={(e) => onChange({ insideLimits: e.target.checked })} /> Inside town limits
        </label>
        <TextField label="Stormwater ERUs" value={f.erus} onChange={text('erus')} error={err('eruHundredths')} inputMode="decimal" hint="Equivalent residential units: a house is 1." />
      </fieldset>
      <fieldset aria-describedby={err('services') ? servicesErrorId : undefined}>
        <legend>Services available</legend>
        {SERVICES.map((s) => (
          <label key={s} className="checkbox">
            <input type="checkbox" checked={f.services.includes(s)} onChange={(e) => toggle(s, e.target.checked)} /> {SERVICE_LABELS[s]}
          </label>
        ))}
        {err('services') && (
          <p id={servicesErrorId} className="field-error">
            {err('services')}
          </p>
        )}
      </fieldset>
    </>
  );
}
