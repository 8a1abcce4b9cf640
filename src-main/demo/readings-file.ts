// The demo town's next meter-reading file: one cycle's readings for the period whose bill date
// comes next after the demo's today, in the default CSV profile of shared/formats/METER-READS.md,
// as a reader's handheld would export it. Each reading continues its meter's register at the
// account's usual pace; a handful are wrong on purpose (lower than the last reading, five times
// the usual use, a meter the town doesn't have, a "no access" visit) so the import holds them
// as exceptions and the exceptions screen has work.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open-ledger';
import { cycleWindow, type CycleWindow } from '../core/billing/cycle';
import { addDays, daysBetween } from '../core/deps';
import { readSettings } from '../core/settings';
import { Rng } from './rng';

export const READINGS_HEADER = ['route', 'sequence', 'meter_number', 'account_number', 'read_date', 'reading', 'read_code', 'reader', 'comment'] as const;

const READERS = ['JR', 'MT', 'DW', 'KB', 'LP'];
/** A meter number the demo town never has (its numbers run W-100001 …, E-500001 …). */
export const DEMO_UNKNOWN_METER = 'W-9999999';

export type DemoReadingProblem = 'lower_than_last' | 'high_consumption' | 'unknown_meter' | 'no_access';

export interface DemoReadingsFile {
  file: string;
  cycle: number;
  period: string;
  billDate: string;
  readDate: string;
  /** Data rows written (the header not counted). */
  rows: number;
  /** The deliberate problems, by line number (the header is line 1). */
  problems: Array<{ line: number; meterNumber: string; problem: DemoReadingProblem }>;
}

/** The cycle and period billed next after `today`: the earliest bill date after it. */
export function nextCyclePeriod(db: Db, today: string, dueDays: number): CycleWindow {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const periods = [`${y}-${String(m).padStart(2, '0')}`, m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`];
  const cycles = (db.prepare('SELECT cycle FROM billing_cycles ORDER BY cycle').all() as Array<{ cycle: number }>).map((r) => r.cycle);
  let best: CycleWindow | null = null;
  for (const p of periods) {
    for (const c of cycles) {
      const w = cycleWindow(db, c, p, dueDays);
      if (w.billDate > today && (!best || w.billDate < best.billDate)) best = w;
    }
  }
  if (!best) throw new Error('no billing cycle has a bill date after today');
  return best;
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

interface MeterRow {
  id: number;
  service: 'water' | 'electric';
  number: string;
  dials: number;
  install_reading: number;
  installed_on: string;
  route_code: string;
  read_sequence: number;
  account_id: number;
  account_number: string;
}

/**
 * Writes the readings file for `cycle`'s `period` (default: the cycle and period billed next
 * after `today`), reading day min(bill date - 4, today). Each reading continues the meter's
 * register at the pace of its last period read (4,000 gallons or 900 kWh a month without one),
 * give or take 15 %. Deterministic for the ledger and seed.
 */
export function writeDemoReadingsFile(db: Db, o: { file: string; today: string; cycle?: number; period?: string; seed?: number }): DemoReadingsFile {
  const settings = readSettings(db);
  const w = o.cycle !== undefined && o.period !== undefined ? cycleWindow(db, o.cycle, o.period, settings.dueDays) : nextCyclePeriod(db, o.today, settings.dueDays);
  const regular = addDays(w.billDate, -4);
  const readDate = regular < o.today ? regular : o.today < w.readFrom ? w.readFrom : o.today;
  const meters = db
    .prepare(
      `SELECT m.id, m.service, m.number, m.dials, m.install_reading, m.installed_on, l.route_code, l.read_sequence, a.id AS account_id, a.number AS account_number
         FROM accounts a JOIN service_locations l ON l.id = a.location_id
         JOIN meters m ON m.location_id = l.id AND m.removed_on IS NULL
        WHERE a.status = 'active' AND a.billing_cycle = ? AND l.route_code IS NOT NULL
        ORDER BY l.route_code, l.read_sequence, m.service DESC, m.id`,
    )
    .all(w.cycle) as MeterRow[];
  // The meter's last two readings (as lastReading in work-orders/readings.ts finds the last):
  // the last is where the register stands, the two give the account's recent pace. Prepared
  // once: a 500,000-account town's cycle has 200,000 meters.
  const lastTwo = db.prepare("SELECT value, read_on AS readOn FROM meter_readings WHERE service = ? AND meter_number = ? AND read_code <> 'no_access' ORDER BY read_on DESC LIMIT 2");
  const rng = new Rng(o.seed ?? 1, 7000 + w.cycle);
  // Where the deliberate problems go: spread over the file, on meters with a usage history.
  const at = (share: number) => Math.floor(meters.length * share);
  const planned = new Map<number, DemoReadingProblem>([
    [at(0.13), 'lower_than_last'],
    [at(0.37), 'high_consumption'],
    [at(0.61), 'no_access'],
  ]);
  const lines: string[] = [READINGS_HEADER.join(',')];
  const problems: DemoReadingsFile['problems'] = [];
  meters.forEach((m, k) => {
    const [last, before] = lastTwo.all(m.service, m.number) as Array<{ value: number; readOn: string } | undefined>;
    const gap = last && before ? daysBetween(before.readOn, last.readOn) : 0;
    // Use per 30 days over the last period read (rolled over if the register passed its top).
    const avg = last && before && gap >= 20 ? Math.round((((last.value - before.value + 10 ** m.dials) % 10 ** m.dials) * 30) / gap) : null;
    const base = last ?? { value: m.install_reading, readOn: m.installed_on };
    const days = Math.max(0, daysBetween(base.readOn, readDate));
    const pace = avg ?? (m.service === 'water' ? 4000 : 900);
    let used = Math.round((pace * days * (0.85 + 0.3 * rng.float())) / 30);
    if (m.service === 'water') used = Math.round(used / 10) * 10;
    const mod = 10 ** m.dials;
    let problem = planned.get(k) ?? null;
    if (problem && (!last || !avg || avg < 500 || last.value < 1000)) {
      // Needs a history to be wrong against: try the next meter.
      planned.set(k + 1, problem);
      problem = null;
    }
    let value: number | null = (base.value + used) % mod;
    let code = 'OK';
    let comment = '';
    if (problem === 'lower_than_last') {
      value = last!.value - 1 - rng.int(100, 900);
      comment = 'keyed from the handheld';
    } else if (problem === 'high_consumption') {
      value = (base.value + Math.round((avg! * Math.max(days, 20) * 5) / 30)) % mod;
      comment = 'running at the meter';
    } else if (problem === 'no_access') {
      value = null;
      code = 'NA';
      comment = 'gate locked, dog in yard';
    }
    const reader = READERS[Number(m.route_code.slice(m.route_code.indexOf('-') + 1)) % READERS.length]!;
    lines.push(
      [m.route_code, String(m.read_sequence).padStart(4, '0'), m.number, m.account_number, readDate, value === null ? '' : String(value).padStart(m.dials, '0'), code, reader, comment]
        .map(csvField)
        .join(','),
    );
    if (problem) problems.push({ line: lines.length, meterNumber: m.number, problem });
    if (k === at(0.85)) {
      // A meter the reader found that the town has no record of.
      lines.push([m.route_code, String(m.read_sequence + 5).padStart(4, '0'), DEMO_UNKNOWN_METER, '', readDate, '0012840', 'OK', reader, 'new meter? not on the route sheet'].map(csvField).join(','));
      problems.push({ line: lines.length, meterNumber: DEMO_UNKNOWN_METER, problem: 'unknown_meter' });
    }
  });
  fs.mkdirSync(path.dirname(o.file), { recursive: true });
  fs.writeFileSync(o.file, `${lines.join('\r\n')}\r\n`);
  return { file: o.file, cycle: w.cycle, period: w.period, billDate: w.billDate, readDate, rows: lines.length - 1, problems };
}

/** The readings file's name beside a demo ledger: data/demo-ledger.sqlite → data/demo-ledger-readings-cycle4-2026-03.csv. */
export function demoReadingsFileName(ledgerFile: string, cycle: number, period: string): string {
  const dir = path.dirname(ledgerFile);
  const base = path.basename(ledgerFile).replace(/\.sqlite$/, '');
  return path.join(dir, `${base}-readings-cycle${cycle}-${period}.csv`);
}
