// Policy settings (administrator): the README's settings table as a form, grouped, amounts in
// dollars, the payment allocation order as a list moved with buttons. The form only checks that
// each field reads as what it is (a whole number, an amount); the core decides what is allowed
// (settings.update, with a reason, audited) and its refusal shows at the field it names.
// Settings this form has no entry for yet (added by later work) appear under "Other settings".
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Service } from '../../../src-shared/domain';
import { SERVICE_LABELS } from '../../../src-shared/domain';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { formatCents, parseCents } from '../../../src-shared/money';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { SettingsSaveFooter } from '../../ui/SettingsSaveFooter';
import { useLoad } from '../../ui/use-load';
import { fieldProblems, type FieldProblems } from './admin-forms';
import { HolidayEditor } from '../collections/HolidayEditor';
import './admin.css';

/** A text box (text, whole number, dollars), a check box (flag), or a choice among options. */
type Kind = 'text' | 'int' | 'money' | 'flag' | 'choice';
interface FieldDef {
  key: string;
  label: string;
  kind: Kind;
  hint?: string;
  /** For a choice: the values and what each is called. */
  options?: ReadonlyArray<{ value: string; label: string }>;
}

/** The README's settings, grouped as an administrator thinks of them. */
export const POLICY_GROUPS: ReadonlyArray<{ legend: string; fields: readonly FieldDef[] }> = [
  {
    legend: 'Town',
    fields: [
      { key: 'townName', label: 'Town name', kind: 'text', hint: 'Receipt and report headings.' },
      { key: 'townAddress', label: 'Town address', kind: 'text' },
      { key: 'townPhone', label: 'Town phone', kind: 'text' },
      { key: 'townOfficeHours', label: 'Office hours', kind: 'text', hint: 'Printed on cut-off notices (how to pay).' },
      { key: 'townOfficeHoursEs', label: 'Office hours (Spanish)', kind: 'text', hint: 'The same, on notices in Spanish.' },
      { key: 'timeZone', label: 'Time zone', kind: 'text', hint: 'IANA name, e.g. America/New_York: the town’s calendar date and every time shown.' },
    ],
  },
  {
    legend: 'Bills and fees',
    fields: [
      { key: 'dueDays', label: 'Days from bill date to due date', kind: 'int' },
      { key: 'lateFeeMinimumCents', label: 'Late penalty minimum ($)', kind: 'money', hint: 'The penalty is this or the rate below, whichever is greater.' },
      { key: 'lateFeeBasisPoints', label: 'Late penalty rate (basis points)', kind: 'int', hint: '150 basis points = 1.5 % of the past-due amount.' },
      { key: 'returnedCheckFeeCents', label: 'Returned-check fee ($)', kind: 'money', hint: 'G.S. 25-3-506.' },
      { key: 'reconnectFeeCents', label: 'Reconnect fee ($)', kind: 'money' },
    ],
  },
  {
    legend: 'Drawer and approvals',
    fields: [
      { key: 'drawerStartingBankCents', label: 'Expected starting bank ($)', kind: 'money' },
      { key: 'drawerVarianceLimitCents', label: 'Drawer variance needing a supervisor, above ($)', kind: 'money' },
      { key: 'adjustmentApprovalLimitCents', label: 'Adjustments needing a supervisor, above ($)', kind: 'money' },
    ],
  },
  {
    legend: 'Cut-off list',
    fields: [
      { key: 'cutoffMinimumCents', label: 'Cut-off minimum past due ($)', kind: 'money' },
      { key: 'cutoffDaysAfterDue', label: 'Cut-off days after the due date', kind: 'int' },
    ],
  },
  {
    legend: 'Deposits',
    fields: [
      { key: 'depositResidentialMonths', label: 'Residential deposit, months of the average bill', kind: 'int' },
      { key: 'depositCommercialMonths', label: 'Commercial deposit, months of the estimated bill', kind: 'int' },
      { key: 'depositDefaultWaterSewerCents', label: 'Deposit with no history, water/sewer ($)', kind: 'money' },
      { key: 'depositDefaultWithElectricCents', label: 'Deposit with no history, with electric ($)', kind: 'money' },
      { key: 'depositCapTwelfths', label: 'Deposit cap, twelfths of the estimated annual bill', kind: 'int', hint: '2 = two months’ worth; 0 = no cap.' },
      { key: 'depositHistoryMonths', label: 'Months of the location’s bills averaged', kind: 'int' },
      { key: 'letterOfCreditGoodMonths', label: 'Letter of credit: months of good payment', kind: 'int' },
      { key: 'letterOfCreditMaxAgeDays', label: 'Letter of credit: received within (days)', kind: 'int' },
      { key: 'depositInterestBasisPoints', label: 'Deposit interest (basis points a year)', kind: 'int' },
      { key: 'depositRefundPaidBills', label: 'Refund: consecutive bills paid', kind: 'int' },
      { key: 'depositRefundMaxLate', label: 'Refund: most late payments allowed', kind: 'int' },
    ],
  },
  {
    legend: 'Service desk',
    fields: [
      { key: 'arrangementMaxPer12Months', label: 'Extensions or arrangements per 12 months', kind: 'int' },
      { key: 'arrangementMaxMonths', label: 'Longest extension or arrangement (months)', kind: 'int' },
      { key: 'leakExcessRatePercent', label: 'Leak adjustment: excess billed at (% of rate)', kind: 'int' },
      { key: 'leakMaxPer12Months', label: 'Leak adjustments per 12 months', kind: 'int' },
      { key: 'billResearchFlagPercent', label: 'Bill research flags bills off the average by (%)', kind: 'int' },
      { key: 'medicalAlertWarnDays', label: 'Medical Alert: report certifications expiring within (days)', kind: 'int' },
      { key: 'medicalAlertMaxMonths', label: 'Medical Alert: longest certification (months)', kind: 'int' },
      { key: 'creditReferenceMonths', label: 'Credit reference letter: months of history', kind: 'int' },
    ],
  },
  {
    legend: 'Collections',
    fields: [
      { key: 'cutoffNoticeDays', label: 'Cut-off notice mailed at least (days before cut-off)', kind: 'int' },
      { key: 'courtesyCallPromiseMaxDays', label: 'Courtesy call: longest promise to pay (days)', kind: 'int' },
      { key: 'winterRuleEnabled', label: 'Winter rule: no cut-off in winter for certified elderly or disabled customers', kind: 'flag' },
      { key: 'winterRuleFrom', label: 'Winter rule from (MM-DD)', kind: 'text' },
      { key: 'winterRuleTo', label: 'Winter rule to (MM-DD)', kind: 'text' },
      { key: 'setoffAgencyCode', label: 'Debt setoff agency code', kind: 'text', hint: 'Assigned to the town by the NC Local Government Debt Setoff Clearinghouse.' },
      { key: 'setoffAccountCode', label: 'Debt setoff account code', kind: 'text', hint: 'UTL for utility debts.' },
      { key: 'setoffMinimumCents', label: 'Debt setoff: smallest debt ($)', kind: 'money' },
      { key: 'setoffDelinquentDays', label: 'Debt setoff: days delinquent before submission', kind: 'int' },
      { key: 'setoffHearingDays', label: 'Debt setoff: days to ask for a hearing', kind: 'int' },
      { key: 'setoffExpirationYears', label: 'Debt setoff: years a debt is submitted', kind: 'int' },
      { key: 'agencyReferralMinimumCents', label: 'Collection agency: smallest final balance ($)', kind: 'money' },
      { key: 'agencyReferralDays', label: 'Collection agency: days past due', kind: 'int' },
      { key: 'unclaimedPropertyDays', label: 'Unclaimed property: days unclaimed', kind: 'int' },
    ],
  },
  {
    legend: 'Conversion',
    fields: [
      {
        key: 'conversionCheckDigit',
        label: 'Check digit of the old account numbers',
        kind: 'choice',
        hint: 'How the previous billing system made the last digit of its account numbers; an old number typed with a wrong one is refused.',
        options: [
          { value: 'luhn', label: 'Mod 10 (Luhn) — TownCounter’s rule' },
          { value: 'mod11', label: 'Mod 11 (weights 2–7)' },
          { value: 'none', label: 'None' },
        ],
      },
      {
        key: 'conversionScanLine',
        label: 'Scan line of the old bill stubs',
        kind: 'text',
        hint: 'Where the previous system’s stub scan line keeps the old account number, so a scanned old stub finds its account: length=24 account=3-12 amount=13-22 (positions counted from 1). Empty: old stubs are not read.',
      },
    ],
  },
  {
    legend: 'Sign-in',
    fields: [
      { key: 'signInMaxAttempts', label: 'Failed sign-ins before a lock', kind: 'int' },
      { key: 'signInLockMinutes', label: 'Lock length (minutes)', kind: 'int' },
    ],
  },
];

const KNOWN = new Set(['serviceOrder', ...POLICY_GROUPS.flatMap((g) => g.fields.map((f) => f.key))]);

type Values = Record<string, unknown>;
interface Draft {
  /** Text of each scalar field (amounts in dollars). */
  text: Record<string, string>;
  flags: Record<string, boolean>;
  serviceOrder: Service[];
}

/** Settings added after this form was written: shown with their key as the label, by type. */
function extraFields(v: Values): FieldDef[] {
  return Object.keys(v)
    .filter((k) => !KNOWN.has(k) && (typeof v[k] === 'string' || typeof v[k] === 'number'))
    .sort()
    .map((key) => ({ key, label: key, kind: typeof v[key] === 'number' ? (key.endsWith('Cents') ? 'money' : 'int') : 'text' }));
}

function toDraft(v: Values): Draft {
  const text: Record<string, string> = {};
  const flags: Record<string, boolean> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'boolean') flags[k] = val;
    else if (typeof val === 'number') text[k] = k.endsWith('Cents') ? formatCents(val) : String(val);
    else if (typeof val === 'string') text[k] = val;
  }
  return { text, flags, serviceOrder: [...((v.serviceOrder as Service[] | undefined) ?? [])] };
}

/** The changed values to send, or the fields that don't read as their kind. */
function changes(before: Values, d: Draft, fields: readonly FieldDef[]): { values: Values; problems: FieldProblems } {
  const values: Values = {};
  const problems: FieldProblems = {};
  for (const f of fields) {
    if (f.kind === 'flag') continue; // below, with every flag
    const raw = d.text[f.key] ?? '';
    let next: unknown;
    if (f.kind === 'text' || f.kind === 'choice') next = raw.trim();
    else if (f.kind === 'int') {
      if (!/^-?\d+$/.test(raw.trim())) {
        problems[f.key] = 'A whole number.';
        continue;
      }
      next = Number(raw.trim());
    } else {
      const c = parseCents(raw);
      if (c === null) {
        problems[f.key] = 'An amount in dollars and cents, e.g. 35.00.';
        continue;
      }
      next = c;
    }
    if (JSON.stringify(next) !== JSON.stringify(before[f.key])) values[f.key] = next;
  }
  for (const [k, v] of Object.entries(d.flags)) if (v !== before[k]) values[k] = v;
  if (JSON.stringify(d.serviceOrder) !== JSON.stringify(before.serviceOrder)) values.serviceOrder = d.serviceOrder;
  return { values, problems };
}

export function PolicySettingsScreen() {
  const api = useApi();
  const loaded = useLoad(() => api.call('settings.get', {}), 'policy-settings');
  const [saved, setSaved] = useState<SettingsValues | null>(null);
  const current = (saved ?? loaded.value) as Values | null;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (loaded.value) setDraft(toDraft(loaded.value));
  }, [loaded.value]);

  const extras = current ? extraFields(current) : [];
  const otherFlags = Object.keys(draft?.flags ?? {})
    .filter((k) => !KNOWN.has(k))
    .sort();
  const groups = extras.length > 0 || otherFlags.length > 0 ? [...POLICY_GROUPS, { legend: 'Other settings', fields: extras }] : POLICY_GROUPS;
  const allFields = groups.flatMap((g) => g.fields);
  const reasonError = reason.trim().length < 3 ? 'Say why the settings change (at least 3 characters).' : null;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft || !current || busy) return;
    setAttempted(true);
    setDone('');
    const c = changes(current, draft, allFields);
    setProblems(c.problems);
    setError(null);
    if (Object.keys(c.problems).length > 0 || reasonError) return;
    if (Object.keys(c.values).length === 0) {
      setDone('Nothing to save: no setting was changed.');
      return;
    }
    setBusy(true);
    const env = await api.call('settings.update', { values: c.values, reason: reason.trim() });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      setProblems(fieldProblems(env.error, 'values'));
      return;
    }
    setSaved(env.value);
    setDraft(toDraft(env.value));
    setReason('');
    setAttempted(false);
    setProblems({});
    setDone(`Policy settings saved (${Object.keys(c.values).length} changed).`);
  }

  function move(i: number, by: -1 | 1) {
    if (!draft) return;
    const order = [...draft.serviceOrder];
    const j = i + by;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j]!, order[i]!];
    setDraft({ ...draft, serviceOrder: order });
  }

  return (
    <div className="policy-settings">
      <h1 ref={headingRef} tabIndex={-1}>
        Policy settings
      </h1>
      {!draft && loaded.loading && <p role="status">Loading the policy settings…</p>}
      <ErrorAlert error={loaded.error} prefix="Could not load the settings:" />
      {draft && current && (
        <form onSubmit={(e) => void save(e)} aria-label="Policy settings" noValidate>
          {groups.map((g) => (
            <fieldset key={g.legend} className="card">
              <legend>{g.legend}</legend>
              {g.fields.map((f) =>
                f.kind === 'flag' ? (
                  <div className="field field-check" key={f.key}>
                    <input id={`policy-${f.key}`} type="checkbox" checked={draft.flags[f.key] ?? false} onChange={(e) => setDraft({ ...draft, flags: { ...draft.flags, [f.key]: e.target.checked } })} />
                    <label htmlFor={`policy-${f.key}`}>{f.label}</label>
                    {problems[f.key] && <p className="field-error">{problems[f.key]}</p>}
                  </div>
                ) : f.kind === 'choice' ? (
                  <SelectField
                    key={f.key}
                    label={f.label}
                    value={draft.text[f.key] ?? ''}
                    hint={f.hint}
                    options={f.options ?? []}
                    error={problems[f.key]}
                    onChange={(v) => setDraft({ ...draft, text: { ...draft.text, [f.key]: v } })}
                  />
                ) : (
                  <TextField
                    key={f.key}
                    label={f.label}
                    value={draft.text[f.key] ?? ''}
                    hint={f.hint}
                    inputMode={f.kind === 'text' ? undefined : f.kind === 'money' ? 'decimal' : 'numeric'}
                    maxLength={f.kind === 'text' ? 120 : 16}
                    error={problems[f.key]}
                    onChange={(v) => setDraft({ ...draft, text: { ...draft.text, [f.key]: v } })}
                  />
                ),
              )}
              {g.legend === 'Other settings' &&
                otherFlags.map((k) => (
                  <div className="field field-check" key={k}>
                    <input id={`policy-${k}`} type="checkbox" checked={draft.flags[k] ?? false} onChange={(e) => setDraft({ ...draft, flags: { ...draft.flags, [k]: e.target.checked } })} />
                    <label htmlFor={`policy-${k}`}>{k}</label>
                    {problems[k] && <p className="field-error">{problems[k]}</p>}
                  </div>
                ))}
            </fieldset>
          ))}
          <fieldset className="card" aria-describedby={problems.serviceOrder ? 'service-order-error' : undefined}>
            <legend>Payment allocation order within a bill</legend>
            <p className="hint">Penalties and fees are paid first, then the services in this order.</p>
            <ol className="service-order">
              {draft.serviceOrder.map((s, i) => (
                <li key={s}>
                  <span>{SERVICE_LABELS[s]}</span>{' '}
                  <button type="button" aria-label={`Move ${SERVICE_LABELS[s]} up`} aria-disabled={i === 0 ? true : undefined} onClick={() => move(i, -1)}>
                    Up
                  </button>{' '}
                  <button type="button" aria-label={`Move ${SERVICE_LABELS[s]} down`} aria-disabled={i === draft.serviceOrder.length - 1 ? true : undefined} onClick={() => move(i, 1)}>
                    Down
                  </button>
                </li>
              ))}
            </ol>
            {problems.serviceOrder && (
              <p id="service-order-error" className="field-error">
                {problems.serviceOrder}
              </p>
            )}
          </fieldset>
          <SettingsSaveFooter reason={reason} onReason={setReason} reasonError={attempted ? (reasonError ?? problems.reason ?? null) : (problems.reason ?? null)} error={error} busy={busy} saveLabel="Save policy settings" done={done} />
        </form>
      )}
      {draft && current && <HolidayEditor />}
    </div>
  );
}
