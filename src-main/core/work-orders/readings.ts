// Reading checks, the same rules the billing run applies before it bills: a reading lower than
// the last one is implausible unless the crew says the meter rolled over or was changed, and the
// consumption since the last reading, scaled to a month, far above or below the account's
// 12-month average is implausible. An implausible reading is recorded only when confirmed, and
// then flagged.
import type { ReadingCheck } from '../../../src-shared/ipc/work-order-schemas';
import type { Db } from '../../db/open-ledger';
import { prepareCached } from '../../db/statement-cache';

export interface ReadingPolicy {
  /** Consumption above this many times the 12-month average is implausible (percent; 300 = 3x). */
  highPercent: number;
  /** Consumption below this share of the 12-month average is implausible (percent; 30 = 0.3x). */
  lowPercent: number;
}

export function lastReading(db: Db, service: 'water' | 'electric', meterNumber: string): ReadingCheck['lastReading'] {
  const r = db
    .prepare("SELECT value, read_on AS readOn, read_code AS readCode FROM meter_readings WHERE service = ? AND meter_number = ? AND read_code <> 'no_access' ORDER BY read_on DESC, id DESC LIMIT 1")
    .get(service, meterNumber) as { value: number; readOn: string; readCode: string } | undefined;
  return r ?? null;
}

/** Average monthly consumption over the account's last 12 bills that carry one (null with fewer than 3). */
export function averageMonthly(db: Db, accountId: number, service: 'water' | 'electric'): number | null {
  const col = service === 'water' ? 'water_gallons' : 'electric_kwh';
  const r = prepareCached(db, `SELECT avg(v) AS avg, count(*) AS n FROM (SELECT ${col} AS v FROM bills WHERE account_id = ? AND ${col} IS NOT NULL ORDER BY bill_date DESC LIMIT 12)`).get(accountId) as { avg: number | null; n: number };
  return r.n >= 3 && r.avg !== null ? Math.round(r.avg) : null;
}

const DAY = 86_400_000;

export interface ReadingCheckOptions {
  /** The meter's dials (from the meters table): a rollover is past 10^dials - 1. Without it, guessed from the digits. */
  dials?: number;
  /** Register units x multiplier = billed units (the 12-month average is in billed units). */
  multiplier?: number;
  /** The reading to compare with, when the caller knows it better (the last one before the read date). */
  last?: ReadingCheck['lastReading'];
}

export function checkReading(
  db: Db,
  meter: { service: 'water' | 'electric'; meterNumber: string; accountId: number | null },
  reading: number,
  readCode: string,
  atIso: string,
  policy: ReadingPolicy,
  opts: ReadingCheckOptions = {},
): ReadingCheck {
  const last = opts.last !== undefined ? opts.last : lastReading(db, meter.service, meter.meterNumber);
  const avg = meter.accountId ? averageMonthly(db, meter.accountId, meter.service) : null;
  const multiplier = opts.multiplier ?? 1;
  const unit = meter.service === 'water' ? 'gallons' : 'kWh';
  const problems: string[] = [];
  if (readCode === 'meter_changed') return { verdict: 'ok', problems, consumption: null, lastReading: last, averageMonthly: avg };
  if (!last) return { verdict: 'none', problems: ['no earlier reading of this meter to compare with'], consumption: null, lastReading: null, averageMonthly: avg };

  let consumption: number;
  if (reading < last.value) {
    if (readCode === 'rollover') {
      // The dials rolled past 10^dials - 1: the meters table knows the dials; without it, the meter
      // has as many dials as its largest reading's digits.
      const dials = opts.dials ?? Math.max(String(last.value).length, String(reading).length);
      consumption = 10 ** dials - last.value + reading;
    } else {
      problems.push(`lower than the last reading (${last.value.toLocaleString('en-US')} on ${last.readOn}); a rollover or a changed meter?`);
      return { verdict: 'implausible', problems, consumption: null, lastReading: last, averageMonthly: avg, reason: 'lower_than_last' };
    }
  } else {
    consumption = reading - last.value;
  }
  let reason: ReadingCheck['reason'];
  if (avg !== null && avg > 0) {
    const days = Math.max(1, (Date.parse(atIso) - Date.parse(`${last.readOn}T12:00:00Z`)) / DAY);
    const used = consumption * multiplier;
    const monthly = (used / days) * 30;
    if (monthly * 100 > avg * policy.highPercent) {
      reason = 'high_consumption';
      problems.push(`${used.toLocaleString('en-US')} ${unit} in ${Math.round(days)} days is about ${Math.round(monthly).toLocaleString('en-US')} a month, over ${policy.highPercent / 100}× the 12-month average of ${avg.toLocaleString('en-US')}`);
    } else if (days >= 7 && monthly * 100 < avg * policy.lowPercent) {
      reason = 'low_consumption';
      problems.push(`${used.toLocaleString('en-US')} ${unit} in ${Math.round(days)} days is about ${Math.round(monthly).toLocaleString('en-US')} a month, under ${policy.lowPercent / 100}× the 12-month average of ${avg.toLocaleString('en-US')}`);
    }
  }
  return { verdict: problems.length ? 'implausible' : 'ok', problems, consumption, lastReading: last, averageMonthly: avg, ...(reason ? { reason } : {}) };
}

/** The meter in service under this number (dials and multiplier from the meters table), when the town keeps one. */
export function meterInService(db: Db, service: 'water' | 'electric', meterNumber: string): { id: number; dials: number; multiplier: number } | null {
  return (prepareCached(db, 'SELECT id, dials, multiplier FROM meters WHERE service = ? AND number = ? AND removed_on IS NULL').get(service, meterNumber) as { id: number; dials: number; multiplier: number } | undefined) ?? null;
}
