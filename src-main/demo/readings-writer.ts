// The demo town's meters and their readings, consistent with its bills: every premise's water
// and electric meters (a few water meters changed in the last year), and for the bills of about
// the last 13 months a reading at each bill's period end whose difference from the one before
// is the bill's consumption (rolling over past 10^dials - 1), plus, for the bills posted in the
// ledger since the conversion, the bill_readings rows that put them on the bill (for every bill
// of the 13 months they would add 11 million rows to a 500,000-account town; the older bills
// came from the previous system, which kept no such rows). Written in account order by the
// bills writer (the worker thread), which knows the bill ids; a premise's register carries over
// from one tenant to the next.
import type { Db } from '../db/open-ledger';
import { BulkInsert } from './bulk';
import { Rng } from './rng';
import { SVC_ELECTRIC, SVC_WATER, type BillSet, type TownPlan } from './plan';

const STREAM_REGISTERS = 6;

const READING_HEAD = 'INSERT INTO meter_readings (id, location_id, service, meter_number, read_on, value, source, read_code, entered_at, meter_id)';
const BILL_READING_HEAD =
  'INSERT INTO bill_readings (bill_id, service, meter_id, meter_number, prev_read_on, prev_value, cur_read_on, cur_value, multiplier, consumption, estimated, cur_reading_id)';

export function waterMeterNumber(locId: number, replacement: boolean): string {
  return `W-${100000 + locId}${replacement ? 'A' : ''}`;
}

export function electricMeterNumber(locId: number): string {
  return `E-${500000 + locId}`;
}

/** Dials of a premise's meters: a house's water meter reads to 999,999 gallons, a business's to 9,999,999; electric 5 and 6. */
export function dialsOf(service: 'water' | 'electric', commercial: boolean): number {
  return service === 'water' ? (commercial ? 7 : 6) : commercial ? 6 : 5;
}

/** Per premise and service: the register now, the meter in use, and whether a change is done. */
class Registers {
  readonly value: Float64Array;
  readonly started: Uint8Array;
  constructor(n: number) {
    this.value = new Float64Array(n);
    this.started = new Uint8Array(n);
  }
}

export class ReadingsWriter {
  private readonly water: Registers;
  private readonly electric: Registers;
  /** Per premise: the water meter change has been applied (the replacement is in use). */
  private readonly changed: Uint8Array;
  /** Per premise: the old water meter's register when it came out. */
  private readonly removal: Float64Array;
  /** Readings on the base meters at a regular bill's period end (the slot's period_to), per service. */
  private readonly slotReading: Record<'water' | 'electric', BulkInsert>;
  private readonly slotBillReading: Record<'water' | 'electric', BulkInsert>;
  private readonly reading: BulkInsert;
  private readonly billReading: BulkInsert;
  nextReadingId = 1;

  constructor(
    private readonly db: Db,
    private readonly plan: TownPlan,
    slotTable: string,
  ) {
    this.water = new Registers(plan.locations);
    this.electric = new Registers(plan.locations);
    this.changed = new Uint8Array(plan.locations);
    this.removal = new Float64Array(plan.locations);
    const prefix = { water: ['W-', 100000], electric: ['E-', 500000] } as const;
    const mk = (s: 'water' | 'electric') =>
      new BulkInsert(
        db,
        READING_HEAD,
        6,
        (values) =>
          `${READING_HEAD} SELECT v.column1, v.column2, '${s}', '${prefix[s][0]}' || CAST(${prefix[s][1]} + v.column2 AS INTEGER), s.period_to, v.column4, 'demo',
                  CASE v.column5 WHEN 0 THEN 'ok' ELSE 'rollover' END, s.read_at, v.column6
             FROM (VALUES ${values}) v JOIN ${slotTable} s ON s.id = v.column3`,
      );
    const mkBill = (s: 'water' | 'electric') =>
      new BulkInsert(
        db,
        BILL_READING_HEAD,
        8,
        (values) =>
          `${BILL_READING_HEAD} SELECT v.column1, '${s}', v.column2, '${prefix[s][0]}' || CAST(${prefix[s][1]} + v.column3 AS INTEGER), s.prev_read, v.column5, s.period_to, v.column6, 1, v.column7, 0, v.column8
             FROM (VALUES ${values}) v JOIN ${slotTable} s ON s.id = v.column4`,
      );
    this.slotReading = { water: mk('water'), electric: mk('electric') };
    this.slotBillReading = { water: mkBill('water'), electric: mkBill('electric') };
    this.reading = new BulkInsert(db, READING_HEAD, "(?, ?, ?, ?, ?, ?, 'demo', ?, ? || 'T16:00:00.000Z', ?)");
    this.billReading = new BulkInsert(db, BILL_READING_HEAD, '(?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 0, ?)');
  }

  private startValue(loc: number, service: 'water' | 'electric', prevDay: number): number {
    // A meter set when its premise was first occupied starts at zero; an older one has run for years.
    if (prevDay === this.plan.opened[this.plan.locFirst[loc]!]! - 1) return 0;
    const dials = dialsOf(service, this.plan.business[this.plan.locFirst[loc]!] === 1);
    return new Rng(this.plan.seed, STREAM_REGISTERS, loc * 2 + (service === 'water' ? 0 : 1)).int(0, 10 ** dials - 1);
  }

  private meterId(loc: number, service: 'water' | 'electric', replacement: boolean): number {
    const base = this.plan.meterBase[loc]!;
    if (service === 'water') return base + (replacement ? 1 : 0);
    return base + (this.plan.services[this.plan.locFirst[loc]!]! & SVC_WATER ? (this.plan.waterChange[loc]! >= 0 ? 2 : 1) : 0);
  }

  private addReading(loc: number, service: 'water' | 'electric', replacement: boolean, day: number, value: number, code: string): number {
    const id = this.nextReadingId++;
    const number = service === 'water' ? waterMeterNumber(loc + 1, replacement) : electricMeterNumber(loc + 1);
    const iso = this.plan.days.iso(day);
    this.reading.row(id, loc + 1, service, number, iso, value, code, iso, this.meterId(loc, service, replacement));
    return id;
  }

  /** The water meter comes out with the register at `value` and its replacement goes in at zero. */
  private changeWaterMeter(loc: number, day: number, value: number): void {
    this.addReading(loc, 'water', false, day, value, 'ok');
    this.addReading(loc, 'water', true, day, 0, 'meter_changed');
    this.removal[loc] = value;
    this.changed[loc] = 1;
    this.water.value[loc] = 0;
  }

  /** Account i's readings for its bills since plan.readingsFrom (bill j has id firstBill + j). */
  write(i: number, set: BillSet, firstBill: number): void {
    const { plan } = this;
    const loc = plan.location[i]! - 1;
    const svc = plan.services[i]!;
    const commercial = plan.business[plan.locFirst[loc]!] === 1;
    let first = 0;
    while (first < set.count && set.billDay[first]! < plan.readingsFrom) first++;
    if (first >= set.count) return;
    for (const service of ['water', 'electric'] as const) {
      if (!(svc & (service === 'water' ? SVC_WATER : SVC_ELECTRIC))) continue;
      const reg = service === 'water' ? this.water : this.electric;
      const mod = 10 ** dialsOf(service, commercial);
      const change = service === 'water' ? plan.waterChange[loc]! : -1;
      const units = service === 'water' ? set.gallons : set.kwh;
      // The reading before the first bill's period (a move-in reading, or the one before the window).
      const startDay = set.fromDay[first]! - 1;
      if (!reg.started[loc]) {
        reg.value[loc] = this.startValue(loc, service, startDay);
        reg.started[loc] = 1;
      }
      if (change >= 0 && !this.changed[loc] && change <= startDay) this.changeWaterMeter(loc, change, reg.value[loc]!);
      this.addReading(loc, service, this.changed[loc] === 1 && service === 'water', startDay, reg.value[loc]!, 'ok');
      for (let j = first; j < set.count; j++) {
        const billId = firstBill + j;
        const posted = j >= set.converted;
        const prevDay = set.fromDay[j]! - 1;
        const curDay = set.toDay[j]!;
        const used = units[j]!;
        const prev = reg.value[loc]!;
        if (change >= 0 && !this.changed[loc] && change > prevDay && change <= curDay) {
          // The meter was changed during this period: the old one's share, then the new one's.
          const before = Math.floor((used * (change - prevDay)) / (curDay - prevDay + 1));
          const out = (prev + before) % mod;
          this.changeWaterMeter(loc, change, out);
          const oldNumber = waterMeterNumber(loc + 1, false);
          const removedId = this.nextReadingId - 2;
          if (posted) this.billReading.row(billId, 'water', this.meterId(loc, 'water', false), oldNumber, this.plan.days.iso(prevDay), prev, this.plan.days.iso(change), out, before, removedId);
          const after = used - before;
          const cur = after % mod;
          const id = this.addReading(loc, 'water', true, curDay, cur, after >= mod ? 'rollover' : 'ok');
          if (posted) this.billReading.row(billId, 'water', this.meterId(loc, 'water', true), waterMeterNumber(loc + 1, true), this.plan.days.iso(change), 0, this.plan.days.iso(curDay), cur, after, id);
          reg.value[loc] = cur;
          continue;
        }
        const sum = prev + used;
        const cur = sum % mod;
        const code = sum >= mod ? 1 : 0;
        const replacement = service === 'water' && this.changed[loc] === 1;
        let id: number;
        if (set.regular[j] && !replacement) {
          id = this.nextReadingId++;
          const ins = this.slotReading[service];
          const b = ins.buf;
          const o = ins.next();
          b[o] = id;
          b[o + 1] = loc + 1;
          b[o + 2] = set.slot[j]!;
          b[o + 3] = cur;
          b[o + 4] = code;
          b[o + 5] = this.meterId(loc, service, false);
          if (!posted) {
            reg.value[loc] = cur;
            continue;
          }
          const bi = this.slotBillReading[service];
          const bb = bi.buf;
          const p = bi.next();
          bb[p] = billId;
          bb[p + 1] = b[o + 5];
          bb[p + 2] = loc + 1;
          bb[p + 3] = set.slot[j]!;
          bb[p + 4] = prev;
          bb[p + 5] = cur;
          bb[p + 6] = used;
          bb[p + 7] = id;
        } else {
          id = this.addReading(loc, service, replacement, curDay, cur, code ? 'rollover' : 'ok');
          if (!posted) {
            reg.value[loc] = cur;
            continue;
          }
          const number = service === 'water' ? waterMeterNumber(loc + 1, replacement) : electricMeterNumber(loc + 1);
          this.billReading.row(billId, service, this.meterId(loc, service, replacement), number, this.plan.days.iso(prevDay), prev, this.plan.days.iso(curDay), cur, used, id);
        }
        reg.value[loc] = cur;
      }
    }
  }

  /** Writes the readings still buffered, then every meter (a changed one with its final register). */
  flush(): number {
    for (const ins of [this.slotReading.water, this.slotReading.electric, this.slotBillReading.water, this.slotBillReading.electric, this.reading, this.billReading]) ins.flush();
    const { plan } = this;
    const days = plan.days;
    const meters = new BulkInsert(this.db, 'INSERT INTO meters (id, location_id, service, number, size, dials, multiplier, installed_on, install_reading, removed_on, removal_reading)', '(?, ?, ?, ?, ?, ?, 1, ?, 0, ?, ?)');
    const sizes = new Rng(plan.seed, STREAM_REGISTERS, plan.locations * 2 + 7);
    for (let l = 0; l < plan.locations; l++) {
      const i = plan.locFirst[l]!;
      const commercial = plan.business[i] === 1;
      const installed = days.iso(plan.opened[i]! - 1);
      const svc = plan.services[i]!;
      if (svc & SVC_WATER) {
        const size = commercial ? sizes.pick(['1"', '1-1/2"', '2"']) : '5/8"';
        const change = plan.waterChange[l]!;
        const dials = dialsOf('water', commercial);
        if (change >= 0) {
          // A premise vacant since before its change never had the change read: the old register stands.
          const removal = this.changed[l] ? this.removal[l]! : this.water.value[l]!;
          meters.row(plan.meterBase[l]!, l + 1, 'water', waterMeterNumber(l + 1, false), size, dials, installed, days.iso(change), removal);
          meters.row(plan.meterBase[l]! + 1, l + 1, 'water', waterMeterNumber(l + 1, true), size, dials, days.iso(change), null, null);
        } else meters.row(plan.meterBase[l]!, l + 1, 'water', waterMeterNumber(l + 1, false), size, dials, installed, null, null);
      }
      if (svc & SVC_ELECTRIC) meters.row(this.meterId(l, 'electric', false), l + 1, 'electric', electricMeterNumber(l + 1), commercial ? 'Form 16S' : 'Form 2S', dialsOf('electric', commercial), installed, null, null);
    }
    meters.flush();
    return this.nextReadingId - 1;
  }
}
