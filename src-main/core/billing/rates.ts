// The rate book: every schedule in the ledger, the one in force on a day, and a period's charge
// prorated across a rate change by days. Loaded once per billing run (a few dozen rows) so a
// run of 125,000 bills asks SQLite nothing about rates.
import type { Service } from '../../../src-shared/domain';
import { rateBody, rateCharge, type RateBody, type RateSubject } from '../../../src-shared/rates';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';

export type ServiceClass = 'residential' | 'commercial';

export interface ScheduleVersion {
  id: number;
  service: Service;
  serviceClass: ServiceClass;
  effectiveFrom: string;
  body: RateBody;
  reason: string;
  createdAt: string;
  createdBy: number | null;
  supersedesId: number | null;
}

export interface ChargeSegment {
  scheduleId: number;
  from: string;
  to: string;
  days: number;
  cents: number;
}

export interface PeriodCharge {
  cents: number;
  segments: ChargeSegment[];
}

const DAY_MS = 86_400_000;

/** Whole days from a to b inclusive (calendar dates YYYY-MM-DD). */
export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** A rate_schedules row as the rate book reads it (plain data, so it can go to a worker thread). */
export interface RateRow {
  id: number;
  service: Service;
  service_class: ServiceClass;
  effective_from: string;
  body: string;
  reason: string;
  created_at: string;
  created_by: number | null;
  supersedes_id: number | null;
}

export class RateBook {
  /** In force per service and class: versions ascending by effective date (newest version of each date). */
  private readonly byKey = new Map<string, ScheduleVersion[]>();
  /** Schedules whose stored body no longer passes validation (never used to bill). */
  readonly invalid: Array<{ id: number; problem: string }> = [];

  constructor(rows: RateRow[]) {
    const latest = new Map<string, ScheduleVersion>();
    for (const r of rows) {
      const parsed = rateBody.safeParse(safeJson(r.body));
      if (!parsed.success) {
        this.invalid.push({ id: r.id, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        continue;
      }
      const v: ScheduleVersion = {
        id: r.id, service: r.service, serviceClass: r.service_class, effectiveFrom: r.effective_from, body: parsed.data,
        reason: r.reason, createdAt: r.created_at, createdBy: r.created_by, supersedesId: r.supersedes_id,
      };
      latest.set(`${r.service}|${r.service_class}|${r.effective_from}`, v); // rows come in id order: last wins
    }
    for (const v of latest.values()) {
      const key = `${v.service}|${v.serviceClass}`;
      const list = this.byKey.get(key) ?? [];
      list.push(v);
      this.byKey.set(key, list);
    }
    for (const list of this.byKey.values()) list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  }

  static load(db: Db): RateBook {
    return new RateBook(db.prepare('SELECT id, service, service_class, effective_from, body, reason, created_at, created_by, supersedes_id FROM rate_schedules ORDER BY id').all() as RateRow[]);
  }

  /** Versions in force over time for a service and class, oldest first. */
  versions(service: Service, serviceClass: ServiceClass): readonly ScheduleVersion[] {
    return this.byKey.get(`${service}|${serviceClass}`) ?? [];
  }

  /** The schedule in force on a day (by read date), or null when none had started. */
  inForce(service: Service, serviceClass: ServiceClass, day: string): ScheduleVersion | null {
    let found: ScheduleVersion | null = null;
    for (const v of this.versions(service, serviceClass)) if (v.effectiveFrom <= day) found = v;
    return found;
  }

  /**
   * The charge for the period from..to (inclusive days). A period that straddles a rate change
   * is prorated by days: each schedule's whole-period charge weighted by its share of the days.
   * A final bill (move-out) prorates the fixed parts (base, flat, per-ERU, minimum) by the
   * period's days over `standardDays` and prices the consumption as it is. Rounded once, half
   * up. Null when the service has no charge for this subject (sewer with no water meter and no
   * flat offer).
   */
  periodCharge(
    service: Service,
    serviceClass: ServiceClass,
    subject: RateSubject,
    from: string,
    to: string,
    opts: { final?: boolean; standardDays?: number } = {},
  ): PeriodCharge | null {
    if (to < from) throw new CoreError('BAD_INPUT', `period ends (${to}) before it starts (${from})`);
    const total = daysInclusive(from, to);
    const standard = opts.standardDays ?? 30;
    // Split the period at every effective date inside it.
    const parts: Array<{ v: ScheduleVersion; from: string; to: string; days: number }> = [];
    let cur = from;
    while (cur <= to) {
      const v = this.inForce(service, serviceClass, cur);
      if (!v) throw new CoreError('NOT_FOUND', `no ${service} rate for ${serviceClass} accounts on ${cur}`);
      const next = this.versions(service, serviceClass).find((x) => x.effectiveFrom > cur);
      const end = next && next.effectiveFrom <= to ? addDays(next.effectiveFrom, -1) : to;
      parts.push({ v, from: cur, to: end, days: daysInclusive(cur, end) });
      cur = addDays(end, 1);
    }
    let num = 0;
    let den: number;
    const segments: ChargeSegment[] = [];
    if (opts.final) {
      den = standard * total * 100;
      for (const p of parts) {
        const c = rateCharge(p.v.body, subject);
        if (!c) return null;
        const fixed = c.minimumApplied ? p.v.body.minimumCents : c.baseCents;
        const usage = c.minimumApplied ? 0 : c.usageCents;
        const segNum = (fixed * p.days * total + usage * p.days * standard) * c.multiplierPercent;
        num += segNum;
        segments.push({ scheduleId: p.v.id, from: p.from, to: p.to, days: p.days, cents: Math.round(segNum / den) });
      }
    } else {
      den = total;
      for (const p of parts) {
        const c = rateCharge(p.v.body, subject);
        if (!c) return null;
        num += c.cents * p.days;
        segments.push({ scheduleId: p.v.id, from: p.from, to: p.to, days: p.days, cents: Math.round((c.cents * p.days) / total) });
      }
    }
    return { cents: Math.floor((2 * num + den) / (2 * den)), segments };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
