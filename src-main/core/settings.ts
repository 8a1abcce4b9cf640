// Policy settings: DOMAIN.md defaults, overridden per town in the settings table. Code reads
// numbers from here, never from literals. Every value is checked for meaning when it is read:
// a bad stored value (written by hand, by an older version, or by a bug) never stops the app;
// that one setting falls back to its default and is reported (ledger.status, the red banner)
// until an administrator sets it again.
import { SettingsValues } from '../../src-shared/ipc/contract';
import type { Role } from '../../src-shared/domain';
import { DEFAULT_READING_PROFILES } from '../../src-shared/ipc/reading-schemas';
import type { Db } from '../db/open-ledger';

export const DEFAULT_SETTINGS: SettingsValues = {
  townName: 'Town of Mayberry',
  townAddress: '104 N Main St, Mayberry NC 27030',
  townPhone: '(336) 555-0100',
  townOfficeHours: 'Monday through Friday, 8:00 AM to 5:00 PM, except town holidays',
  townOfficeHoursEs: 'lunes a viernes, de 8:00 a. m. a 5:00 p. m., excepto los días festivos del pueblo',
  timeZone: 'America/New_York',
  lateFeeMinimumCents: 1000,
  lateFeeBasisPoints: 150,
  dueDays: 20,
  returnedCheckFeeCents: 3500,
  reconnectFeeCents: 5000,
  drawerStartingBankCents: 20000,
  drawerVarianceLimitCents: 500,
  adjustmentApprovalLimitCents: 5000,
  cutoffMinimumCents: 2500,
  cutoffDaysAfterDue: 10,
  serviceOrder: ['solid_waste', 'sewer', 'water', 'electric', 'stormwater'],
  signInMaxAttempts: 5,
  signInLockMinutes: 5,
  signInBackoffSeconds: 30,
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  pinMinLength: { cashier: 4, clerk: 4, supervisor: 4, admin: 4 },
  readingHighPercent: 300,
  readingLowPercent: 30,
  changeConfirmAboveCents: 10000,
  changeSupervisorAboveCents: 50000,
  readingProfiles: DEFAULT_READING_PROFILES,
  depositResidentialMonths: 2,
  depositCommercialMonths: 2,
  depositDefaultWaterSewerCents: 15_000,
  depositDefaultWithElectricCents: 20_000,
  depositCapTwelfths: 2,
  depositHistoryMonths: 12,
  letterOfCreditGoodMonths: 12,
  letterOfCreditMaxAgeDays: 30,
  depositInterestBasisPoints: 0,
  depositRefundPaidBills: 12,
  depositRefundMaxLate: 2,
  arrangementMaxPer12Months: 1,
  arrangementMaxMonths: 2,
  leakExcessRatePercent: 50,
  leakMaxPer12Months: 1,
  billResearchFlagPercent: 50,
  medicalAlertWarnDays: 30,
  medicalAlertMaxMonths: 12,
  creditReferenceMonths: 24,
  // North Carolina state holidays a town office commonly keeps (observed dates).
  townHolidays: [
    { date: '2026-01-01', name: 'New Year’s Day' },
    { date: '2026-01-19', name: 'Martin Luther King Jr. Day' },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-05-25', name: 'Memorial Day' },
    { date: '2026-07-03', name: 'Independence Day (observed)' },
    { date: '2026-09-07', name: 'Labor Day' },
    { date: '2026-11-11', name: 'Veterans Day' },
    { date: '2026-11-26', name: 'Thanksgiving' },
    { date: '2026-11-27', name: 'Day after Thanksgiving' },
    { date: '2026-12-24', name: 'Christmas Eve' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2027-01-01', name: 'New Year’s Day' },
    { date: '2027-01-18', name: 'Martin Luther King Jr. Day' },
    { date: '2027-03-26', name: 'Good Friday' },
    { date: '2027-05-31', name: 'Memorial Day' },
    { date: '2027-07-05', name: 'Independence Day (observed)' },
    { date: '2027-09-06', name: 'Labor Day' },
    { date: '2027-11-11', name: 'Veterans Day' },
    { date: '2027-11-25', name: 'Thanksgiving' },
    { date: '2027-11-26', name: 'Day after Thanksgiving' },
    { date: '2027-12-23', name: 'Christmas Eve (observed)' },
    { date: '2027-12-24', name: 'Christmas Day (observed)' },
  ],
  winterRuleEnabled: false,
  winterRuleFrom: '11-01',
  winterRuleTo: '03-31',
  courtesyCallPromiseMaxDays: 14,
  cutoffNoticeDays: 7,
  setoffAgencyCode: '0999',
  setoffAccountCode: 'UTL',
  setoffMinimumCents: 5000,
  setoffDelinquentDays: 60,
  setoffHearingDays: 30,
  setoffExpirationYears: 3,
  agencyReferralMinimumCents: 5000,
  agencyReferralDays: 90,
  unclaimedPropertyDays: 365,
  conversionCheckDigit: 'luhn',
  conversionScanLine: '',
};

type Key = keyof SettingsValues;

export interface SettingProblem {
  key: string;
  message: string;
}

export interface SettingsReading {
  values: SettingsValues;
  /** Stored values that were refused (the default is used instead). */
  problems: SettingProblem[];
  /** The stored JSON of each known key, as written (to tell a stored bad value from the default). */
  stored: Partial<Record<Key, string>>;
}

function isKey(k: string): k is Key {
  return Object.prototype.hasOwnProperty.call(DEFAULT_SETTINGS, k);
}

function describe(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}

/** Reads every setting, checking each stored value on its own. Never throws on a bad value. */
export function inspectSettings(db: Db): SettingsReading {
  const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const problems: SettingProblem[] = [];
  const stored: Partial<Record<Key, string>> = {};
  for (const r of rows) {
    if (!isKey(r.key)) continue;
    stored[r.key] = r.value;
    let raw: unknown;
    try {
      raw = JSON.parse(r.value);
    } catch {
      problems.push({ key: r.key, message: `Setting ${r.key} is not readable; using the default until an administrator sets it.` });
      continue;
    }
    const parsed = SettingsValues.shape[r.key].safeParse(raw);
    if (parsed.success) merged[r.key] = parsed.data;
    else {
      const why = parsed.error.issues[0]?.message ?? 'invalid';
      problems.push({
        key: r.key,
        message: `Setting ${r.key} holds ${describe(r.value)}, which is not valid (${why}); using the default ${describe(JSON.stringify(DEFAULT_SETTINGS[r.key]))} until an administrator sets it.`,
      });
    }
  }
  return { values: merged as SettingsValues, problems, stored };
}

export function readSettings(db: Db): SettingsValues {
  return inspectSettings(db).values;
}

export function writeSettings(db: Db, values: Partial<SettingsValues>): void {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [k, v] of Object.entries(values)) if (v !== undefined) upsert.run(k, JSON.stringify(v));
}

/** The minimum PIN length for a user holding these roles (the longest any of them asks for). */
export function minPinLength(settings: SettingsValues, roles: readonly Role[]): number {
  return Math.max(4, ...roles.map((r) => settings.pinMinLength[r]));
}
