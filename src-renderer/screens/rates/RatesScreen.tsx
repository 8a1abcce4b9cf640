// Rates: every schedule in force per service and class with its history, the calculator
// ("5,400 gallons residential inside → $39.75" with the arithmetic), and, for the administrator,
// a new effective-dated version edited as fields (amounts in dollars, prices per block) and
// saved with a reason. The core prices and decides (rates.preview, rates.save); a refusal shows
// at the field it names. Keyboard: Enter in the calculator calculates; Enter in the editor saves.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { roleHas, SERVICE_LABELS, SERVICES, type Service } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { RatePreview, RateVersionView } from '../../../src-shared/ipc/rate-schemas';
import { formatCents, parseCents } from '../../../src-shared/money';
import type { RateBody } from '../../../src-shared/rates';
import { useApi, useAppState } from '../../app/context';
import { DataTable } from '../../ui/DataTable';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { useLoad } from '../../ui/use-load';

type Cls = 'residential' | 'commercial';
const CLASSES: ReadonlyArray<{ value: Cls; label: string }> = [
  { value: 'residential', label: 'Residential' },
  { value: 'commercial', label: 'Commercial' },
];
const SERVICE_OPTIONS = SERVICES.map((s) => ({ value: s, label: SERVICE_LABELS[s] }));

/** "6.25" or "0.11" (dollars, up to 4 decimals) → ten-thousandths of a dollar; null when not a price. */
export function parsePrice(text: string): number | null {
  const m = /^\s*\$?(\d{1,7})(?:\.(\d{1,4}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
}

function priceText(tenThousandths: number): string {
  const s = (tenThousandths / 10_000).toFixed(4);
  return s.endsWith('00') ? s.slice(0, -2) : s;
}

function bodyText(b: RateBody): string {
  const unit = b.basis === 'electric' ? 'kWh' : 'gallons';
  const parts: string[] = [];
  if (b.basis === 'flat') parts.push(`${formatCents(b.baseCents, { symbol: true })} flat`);
  else if (b.basis === 'eru') parts.push(`${formatCents(b.baseCents, { symbol: true })} per ERU`);
  else {
    const included = b.tiers[0]?.fromUnits ?? 0;
    parts.push(`${formatCents(b.baseCents, { symbol: true })} base${included ? ` incl. ${included.toLocaleString('en-US')} ${unit}` : ''}`);
    for (const t of b.tiers) parts.push(`$${priceText(t.priceTenThousandths)} per ${b.blockUnits === 1 ? (unit === 'kWh' ? 'kWh' : 'gallon') : b.blockUnits.toLocaleString('en-US')} from ${t.fromUnits.toLocaleString('en-US')}`);
  }
  if (b.minimumCents) parts.push(`minimum ${formatCents(b.minimumCents, { symbol: true })}`);
  if (b.outsideMultiplierPercent !== 100) parts.push(`outside ×${(b.outsideMultiplierPercent / 100).toFixed(2)}`);
  if (b.noMeterCents !== null) parts.push(`no meter ${formatCents(b.noMeterCents, { symbol: true })}`);
  return parts.join('; ');
}

const STATUS_LABEL: Record<RateVersionView['status'], string> = { current: 'In force', future: 'Future', past: 'Past', corrected: 'Corrected' };

export function RatesScreen() {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const mayManage = roles !== null && roleHas(roles, 'rates.manage');
  const list = useLoad(() => api.call('rates.list', {}), 'rates');
  const [chosen, setChosen] = useState<{ service: Service; serviceClass: Cls }>({ service: 'water', serviceClass: 'residential' });
  const [saved, setSaved] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const schedules = list.value?.schedules ?? [];
  const selected = schedules.find((s) => s.service === chosen.service && s.serviceClass === chosen.serviceClass) ?? null;
  const label = (s: { service: Service; serviceClass: Cls }) => `${SERVICE_LABELS[s.service]} ${s.serviceClass}`;

  return (
    <div className="rates-screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Rates
      </h1>
      {!list.value && list.loading && <p role="status">Loading the rates…</p>}
      <ErrorAlert error={list.error} prefix="Could not load the rates:" />
      {list.value && (
        <DataTable
          caption={`Rates in force on ${list.value.today}`}
          columns={[{ label: 'Service' }, { label: 'Class' }, { label: 'Effective from' }, { label: 'Schedule' }, { label: 'Versions' }, { label: 'Actions' }]}
          rows={schedules}
          empty="No rate schedules."
          row={(s) => (
            <tr key={`${s.service}-${s.serviceClass}`} aria-selected={s === selected}>
              <td>{SERVICE_LABELS[s.service]}</td>
              <td>{s.serviceClass}</td>
              <td>{s.current?.effectiveFrom ?? '—'}</td>
              <td>{s.current ? bodyText(s.current.body) : 'No rate in force'}</td>
              <td>{s.history.length}</td>
              <td>
                <button type="button" aria-label={`Open ${label(s)}`} onClick={() => setChosen({ service: s.service, serviceClass: s.serviceClass })}>
                  Open
                </button>
              </td>
            </tr>
          )}
        />
      )}
      {selected && (
        <section aria-labelledby="rate-history-heading">
          <h2 id="rate-history-heading">History: {label(selected)}</h2>
          <DataTable
            caption={`Versions of ${label(selected)}, newest first`}
            columns={[{ label: 'Effective from' }, { label: 'Status' }, { label: 'Schedule' }, { label: 'Reason' }, { label: 'Saved by' }]}
            rows={selected.history}
            empty="No versions."
            row={(v) => (
              <tr key={v.id}>
                <td>{v.effectiveFrom}</td>
                <td>{STATUS_LABEL[v.status]}</td>
                <td>{bodyText(v.body)}</td>
                <td>{v.reason}</td>
                <td>{v.createdBy ?? 'migration'}</td>
              </tr>
            )}
          />
        </section>
      )}
      <Calculator service={chosen.service} serviceClass={chosen.serviceClass} today={list.value?.today ?? ''} onPick={setChosen} />
      {mayManage && selected && (
        <Editor
          key={`${selected.service}-${selected.serviceClass}-${selected.history.length}`}
          service={selected.service}
          serviceClass={selected.serviceClass}
          start={selected.history.find((v) => v.status === 'future') ?? selected.current}
          today={list.value?.today ?? ''}
          onSaved={(message) => {
            setSaved(message);
            void list.reload();
          }}
        />
      )}
      {saved && (
        <p role="status" aria-label="Saved">
          {saved}
        </p>
      )}
    </div>
  );
}

function monthStart(today: string): string {
  return today ? `${today.slice(0, 7)}-01` : '';
}

function Calculator({ service, serviceClass, today, onPick }: { service: Service; serviceClass: Cls; today: string; onPick(s: { service: Service; serviceClass: Cls }): void }) {
  const api = useApi();
  const [inside, setInside] = useState('inside');
  const [units, setUnits] = useState('5400');
  const [eru, setEru] = useState('1.00');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [final, setFinal] = useState(false);
  const [result, setResult] = useState<RatePreview | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const periodFrom = from || monthStart(today);
  const periodTo = to || today;

  const calculate = async (e?: FormEvent) => {
    e?.preventDefault();
    const p: Record<string, string> = {};
    const u = units.trim() === '' ? null : /^\d{1,10}$/.test(units.replace(/,/g, '').trim()) ? Number(units.replace(/,/g, '').trim()) : NaN;
    if (Number.isNaN(u)) p.units = 'a whole number of gallons or kWh, or empty for no meter';
    const e2 = /^\d{1,4}(\.\d{1,2})?$/.test(eru.trim()) ? Math.round(Number(eru.trim()) * 100) : NaN;
    if (Number.isNaN(e2)) p.eruHundredths = 'ERUs like 1.00 or 2.50';
    setProblems(p);
    if (Object.keys(p).length > 0) return;
    const r = await api.call('rates.preview', { service, serviceClass, insideLimits: inside === 'inside', units: u, eruHundredths: e2, from: periodFrom, to: periodTo, final });
    if (r.ok) {
      setResult(r.value);
      setError(null);
    } else {
      setError(r.error);
      const issues = (r.error.details as { issues?: Array<{ path: string[]; message: string }> } | undefined)?.issues ?? [];
      setProblems(Object.fromEntries(issues.map((i) => [i.path.join('.'), i.message])));
    }
  };

  return (
    <section aria-labelledby="rate-calc-heading">
      <h2 id="rate-calc-heading">Calculator</h2>
      <form aria-label="Rate calculator" onSubmit={(e) => void calculate(e)} className="rate-calculator">
        <SelectField label="Service" value={service} options={SERVICE_OPTIONS} onChange={(v) => onPick({ service: v as Service, serviceClass })} />
        <SelectField label="Class" value={serviceClass} options={CLASSES} onChange={(v) => onPick({ service, serviceClass: v as Cls })} />
        <SelectField label="Town limits" value={inside} options={[{ value: 'inside', label: 'Inside' }, { value: 'outside', label: 'Outside' }]} onChange={setInside} />
        <TextField label="Units used (gallons or kWh)" inputMode="numeric" value={units} onChange={setUnits} error={problems.units} hint="Empty: a premise without that meter." />
        <TextField label="ERUs" inputMode="decimal" value={eru} onChange={setEru} error={problems.eruHundredths} />
        <TextField label="Period from" value={periodFrom} onChange={setFrom} error={problems.from} placeholder="YYYY-MM-DD" />
        <TextField label="Period to" value={periodTo} onChange={setTo} error={problems.to} placeholder="YYYY-MM-DD" />
        <div className="field">
          <label>
            <input type="checkbox" checked={final} onChange={(e) => setFinal(e.target.checked)} /> Final bill (fixed charges prorated by days)
          </label>
        </div>
        <button type="submit">Calculate</button>
      </form>
      <ErrorAlert error={error && Object.keys(problems).length === 0 ? error : null} prefix="Could not calculate:" />
      {result && (
        <div className="rate-result">
          <p role="status" aria-label="Charge">
            {result.summary}
          </p>
          {result.segments.map((s, k) => (
            <DataTable
              key={k}
              caption={`Arithmetic${s.effectiveFrom ? `: schedule from ${s.effectiveFrom}` : ': draft schedule'}, ${s.from} to ${s.to} (${s.days} days)`}
              columns={[{ label: 'Line' }, { label: 'Amount', num: true }]}
              rows={s.lines}
              empty="No charge."
              row={(l, i) => (
                <tr key={i}>
                  <td>{l.label}</td>
                  <td className="num">{formatCents(l.cents, { symbol: true })}</td>
                </tr>
              )}
            />
          ))}
          {result.proration && <p>{result.proration}</p>}
        </div>
      )}
    </section>
  );
}

interface TierDraft {
  from: string;
  price: string;
}

function Editor({ service, serviceClass, start, today, onSaved }: { service: Service; serviceClass: Cls; start: RateVersionView | null; today: string; onSaved(message: string): void }) {
  const api = useApi();
  const b = start?.body;
  const [basis, setBasis] = useState<RateBody['basis']>(b?.basis ?? (service === 'electric' ? 'electric' : service === 'stormwater' ? 'eru' : service === 'solid_waste' ? 'flat' : 'water'));
  const [effectiveFrom, setEffectiveFrom] = useState(start && start.status === 'future' ? start.effectiveFrom : today);
  const [base, setBase] = useState(b ? formatCents(b.baseCents) : '0.00');
  const [blockUnits, setBlockUnits] = useState(String(b?.blockUnits ?? 1000));
  const [tiers, setTiers] = useState<TierDraft[]>(b?.tiers.map((t) => ({ from: String(t.fromUnits), price: priceText(t.priceTenThousandths) })) ?? []);
  const [minimum, setMinimum] = useState(b ? formatCents(b.minimumCents) : '0.00');
  const [outside, setOutside] = useState(String(b?.outsideMultiplierPercent ?? 100));
  const [noMeter, setNoMeter] = useState(b && b.noMeterCents !== null ? formatCents(b.noMeterCents) : '');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const title = `${SERVICE_LABELS[service]} ${serviceClass}`;

  const build = (): { body: RateBody; problems: Record<string, string> } => {
    const p: Record<string, string> = {};
    const money = (text: string, key: string) => {
      const c = parseCents(text.trim());
      if (c === null || c < 0) p[key] = 'an amount like 18.50';
      return c ?? 0;
    };
    const whole = (text: string, key: string) => {
      const t = text.replace(/,/g, '').trim();
      if (!/^\d{1,10}$/.test(t)) p[key] = 'a whole number';
      return Number(t);
    };
    const body: RateBody = {
      basis,
      baseCents: money(base, 'body.baseCents'),
      blockUnits: whole(blockUnits, 'body.blockUnits'),
      tiers: tiers.map((t, k) => {
        const price = parsePrice(t.price);
        if (price === null) p[`body.tiers.${k}.priceTenThousandths`] = 'a price like 6.25 or 0.1100';
        return { fromUnits: whole(t.from, `body.tiers.${k}.fromUnits`), priceTenThousandths: price ?? 0 };
      }),
      minimumCents: money(minimum, 'body.minimumCents'),
      outsideMultiplierPercent: whole(outside, 'body.outsideMultiplierPercent'),
      noMeterCents: noMeter.trim() === '' ? null : money(noMeter, 'body.noMeterCents'),
    };
    return { body, problems: p };
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const { body, problems: p } = build();
    setProblems(p);
    if (Object.keys(p).length > 0) return;
    const r = await api.call('rates.save', { service, serviceClass, effectiveFrom: effectiveFrom.trim(), body, reason });
    if (r.ok) {
      setError(null);
      onSaved(`Saved ${title} from ${r.value.effectiveFrom}${r.value.supersedesId ? ' (a correction)' : ''}.`);
      return;
    }
    setError(r.error);
    const issues = (r.error.details as { issues?: Array<{ path: string[]; message: string }> } | undefined)?.issues ?? [];
    setProblems(Object.fromEntries(issues.map((i) => [i.path.join('.'), i.message])));
  };

  const unitLabel = basis === 'electric' ? 'kWh' : 'gallons';
  const metered = basis === 'water' || basis === 'electric';
  const fieldError = (key: string) => problems[key] ?? null;
  const anyFieldError = Object.keys(problems).length > 0;
  return (
    <section aria-labelledby="rate-editor-heading">
      <h2 id="rate-editor-heading">New version: {title}</h2>
      <form aria-label={`New version of ${title}`} onSubmit={(e) => void save(e)} className="rate-editor">
        <TextField label="Effective from" value={effectiveFrom} onChange={setEffectiveFrom} placeholder="YYYY-MM-DD" error={fieldError('effectiveFrom')} hint="By read date; today or later. The same date as a future version corrects it." />
        <SelectField
          label="Charged on"
          value={basis}
          options={[
            { value: 'water', label: 'Water reading (gallons)' },
            { value: 'electric', label: 'Electric reading (kWh)' },
            { value: 'flat', label: 'Flat charge' },
            { value: 'eru', label: 'Per ERU' },
          ]}
          onChange={(v) => setBasis(v as RateBody['basis'])}
          error={fieldError('body.basis')}
        />
        <TextField label={basis === 'eru' ? 'Charge per ERU ($)' : basis === 'flat' ? 'Flat charge ($)' : 'Base charge ($)'} value={base} onChange={setBase} error={fieldError('body.baseCents')} />
        {metered && (
          <>
            <TextField label={`Price block (${unitLabel})`} value={blockUnits} onChange={setBlockUnits} error={fieldError('body.blockUnits')} hint={`Prices are per this many ${unitLabel} (1,000 gallons, 1 kWh).`} />
            <fieldset>
              <legend>Tiers</legend>
              {fieldError('body.tiers') && <p className="field-error">{fieldError('body.tiers')}</p>}
              {tiers.map((t, k) => (
                <div key={k} className="rate-tier">
                  <TextField label={`Tier ${k + 1} from (${unitLabel})`} value={t.from} onChange={(v) => setTiers(tiers.map((x, i) => (i === k ? { ...x, from: v } : x)))} error={fieldError(`body.tiers.${k}.fromUnits`)} />
                  <TextField label={`Tier ${k + 1} price ($ per block)`} value={t.price} onChange={(v) => setTiers(tiers.map((x, i) => (i === k ? { ...x, price: v } : x)))} error={fieldError(`body.tiers.${k}.priceTenThousandths`)} />
                  <button type="button" aria-label={`Remove tier ${k + 1}`} onClick={() => setTiers(tiers.filter((_, i) => i !== k))}>
                    Remove
                  </button>
                </div>
              ))}
              <button type="button" onClick={() => setTiers([...tiers, { from: '', price: '' }])}>
                Add tier
              </button>
            </fieldset>
          </>
        )}
        <TextField label="Minimum charge ($)" value={minimum} onChange={setMinimum} error={fieldError('body.minimumCents')} />
        <TextField label="Outside town limits (percent)" value={outside} onChange={setOutside} error={fieldError('body.outsideMultiplierPercent')} hint="200 = twice the inside charge." />
        {metered && <TextField label="No meter: flat charge ($)" value={noMeter} onChange={setNoMeter} error={fieldError('body.noMeterCents')} hint="Empty: not offered." />}
        <TextField label="Reason for the change" value={reason} onChange={setReason} error={fieldError('reason')} />
        <button type="submit">Save version</button>
        <ErrorAlert error={error && !anyFieldError ? error : null} prefix="Not saved:" />
        {error && anyFieldError && <p role="alert">Not saved: {error.message}</p>}
      </form>
    </section>
  );
}
