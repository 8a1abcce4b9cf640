// Writes the demo town's bill register and charges in account order: converted bills, the
// balance_forward charges the conversion made of their unpaid amounts, ledger bills and their
// service charges (and each account's services, which need nothing but the plan). Used in-process by the generator, or by the bills worker into a side file
// that the generator then copies into the ledger, so the two biggest tables are written on the
// second core. Ids are handed out in account order, so the generator can compute every bill
// and charge id without reading them back.
//
// Binding a string costs several times a number, and a bill row has five dates: the dates a
// bill shares with every bill of its slot (cycle and month) are looked up in a small temp table
// by slot number; only first and final bills, whose service periods are their own, bind them.
import type { Service } from '../../src-shared/domain';
import { SERVICE_LABELS, SERVICES } from '../../src-shared/domain';
import type { Db } from '../db/open-ledger';
import { GL, SERVICE_GL } from '../core/ledger/gl';
import { BulkInsert } from './bulk';
import { SVC_ELECTRIC, SVC_SEWER, SVC_SOLID_WASTE, SVC_STORMWATER, SVC_WATER, slotRows, type BillSet, type TownPlan } from './plan';
import { ReadingsWriter } from './readings-writer';

const SERVICE_BIT: Record<Service, number> = { solid_waste: SVC_SOLID_WASTE, sewer: SVC_SEWER, water: SVC_WATER, electric: SVC_ELECTRIC, stormwater: SVC_STORMWATER };

const BILL_COLUMNS =
  'id, account_id, bill_date, due_date, period_from, period_to, water_gallons, electric_kwh, solid_waste_cents, sewer_cents, water_cents, electric_cents, stormwater_cents, total_cents, converted_paid_cents, converted_paid_on, entry_id';
const BILLS_HEAD = `INSERT INTO bills (${BILL_COLUMNS})`;
const OWN_BILLS_HEAD = `INSERT INTO bills (${BILL_COLUMNS}, bill_kind)`;
const CHARGES_HEAD = 'INSERT INTO charges (id, account_id, bill_id, entry_id, kind, service, description, gl_code, amount_cents, due_date)';
const SLOT_TABLE = 'temp.demo_bill_slot';

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A service's amount on bill j of a set. */
export function serviceAmount(set: BillSet, j: number, s: Service): number {
  switch (s) {
    case 'solid_waste':
      return set.solidWaste[j]!;
    case 'sewer':
      return set.sewer[j]!;
    case 'water':
      return set.water[j]!;
    case 'electric':
      return set.electric[j]!;
    case 'stormwater':
      return set.stormwater[j]!;
  }
}

/** Which of the register's tables a writer fills (the generator splits them between threads). */
export interface RegisterParts {
  bills: boolean;
  charges: boolean;
  services: boolean;
  /** Meters, meter readings and bill readings (with the bills: they need the bill ids). */
  readings?: boolean;
}

export const ALL_PARTS: RegisterParts = { bills: true, charges: true, services: true, readings: true };

export class RegisterWriter {
  // Statements only for the parts this writer fills (the others' tables may not exist here).
  private readonly convertedBySlot: BulkInsert | null = null;
  private readonly ledgerBySlot: BulkInsert | null = null;
  private readonly bills: BulkInsert | null = null;
  private readonly readings: ReadingsWriter | null = null;
  private readonly forward: BulkInsert | null = null;
  private readonly serviceBySlot = new Map<Service, BulkInsert>();
  private readonly service = new Map<Service, BulkInsert>();
  private readonly accountServices = new Map<Service, BulkInsert>();
  /** The ids the next bill and charge get; both are numbered from 1 in account order. */
  nextBillId = 1;
  nextChargeId = 1;
  /** Slots in the lookup table: a row joined to a missing slot would silently not be inserted. */
  private readonly slots = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly plan: TownPlan,
    private readonly serviceOrder: readonly Service[],
    private readonly parts: RegisterParts = ALL_PARTS,
  ) {
    const days = plan.days;
    db.exec(`CREATE TEMP TABLE ${SLOT_TABLE.slice(5)} (id INTEGER PRIMARY KEY, bill_date TEXT NOT NULL, due_date TEXT NOT NULL, period_from TEXT NOT NULL, period_to TEXT NOT NULL, prev_read TEXT NOT NULL, read_at TEXT NOT NULL)`);
    const slot = db.prepare(`INSERT INTO ${SLOT_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)`);
    for (const r of slotRows(plan)) {
      if (r.fromDay < days.from || r.dueDay > days.to) continue;
      slot.run(r.id, days.iso(r.billDay), days.iso(r.dueDay), days.iso(r.fromDay), days.iso(r.toDay), days.iso(r.fromDay - 1), `${days.iso(r.toDay)}T16:00:00.000Z`);
      this.slots.add(r.id);
    }

    if (parts.bills) {
      // Converted bills (paid amount and date, no entry) and ledger bills (an entry, nothing
      // paid), each with its total summed by SQLite from the five service amounts.
      this.convertedBySlot = new BulkInsert(
        db,
        BILLS_HEAD,
        12,
        (values) =>
          `${BILLS_HEAD} SELECT v.column1, v.column2, s.bill_date, s.due_date, s.period_from, s.period_to, v.column4, v.column5, v.column6, v.column7, v.column8, v.column9, v.column10,
                  v.column6 + v.column7 + v.column8 + v.column9 + v.column10, v.column11, v.column12, NULL
             FROM (VALUES ${values}) v JOIN ${SLOT_TABLE} s ON s.id = v.column3`,
      );
      this.ledgerBySlot = new BulkInsert(
        db,
        BILLS_HEAD,
        11,
        (values) =>
          `${BILLS_HEAD} SELECT v.column1, v.column2, s.bill_date, s.due_date, s.period_from, s.period_to, v.column4, v.column5, v.column6, v.column7, v.column8, v.column9, v.column10,
                  v.column6 + v.column7 + v.column8 + v.column9 + v.column10, NULL, NULL, v.column11
             FROM (VALUES ${values}) v JOIN ${SLOT_TABLE} s ON s.id = v.column3`,
      );
      this.bills = new BulkInsert(db, OWN_BILLS_HEAD, 18);
      if (parts.readings) this.readings = new ReadingsWriter(db, plan, SLOT_TABLE);
    }
    if (parts.charges) {
      this.forward = new BulkInsert(
        db,
        CHARGES_HEAD,
        5,
        (values) =>
          `${CHARGES_HEAD} SELECT v.column1, v.column2, v.column3, ${plan.openingEntryId}, 'balance_forward', NULL, 'Balance forward from previous system (bill of ' || s.bill_date || ')', '${GL.conversion}', v.column5, s.due_date
             FROM (VALUES ${values}) v JOIN ${SLOT_TABLE} s ON s.id = v.column4`,
      );
      for (const s of serviceOrder) {
        const label = sqlString(`${SERVICE_LABELS[s]} `);
        this.serviceBySlot.set(
          s,
          new BulkInsert(
            db,
            CHARGES_HEAD,
            6,
            (values) =>
              `${CHARGES_HEAD} SELECT v.column1, v.column2, v.column3, v.column4, 'service', '${s}', ${label} || s.period_from || ' to ' || s.period_to, '${SERVICE_GL[s]}', v.column6, s.due_date
                 FROM (VALUES ${values}) v JOIN ${SLOT_TABLE} s ON s.id = v.column5`,
          ),
        );
        this.service.set(s, new BulkInsert(db, CHARGES_HEAD, `(?, ?, ?, ?, 'service', '${s}', ${label} || ? || ' to ' || ?, '${SERVICE_GL[s]}', ?, ?)`));
      }
    }
    if (parts.services) for (const s of SERVICES) this.accountServices.set(s, new BulkInsert(db, 'INSERT INTO account_services (account_id, service)', `(?, '${s}')`));
  }

  /** Writes account i's services, bills and charges (the bills already computed into `set`). */
  write(i: number, set: BillSet): void {
    const { plan } = this;
    const days = plan.days;
    const { parts } = this;
    if (parts.services) {
      for (const s of SERVICES) {
        if (!(plan.services[i]! & SERVICE_BIT[s])) continue;
        const ins = this.accountServices.get(s)!;
        ins.buf[ins.next()] = i + 1;
      }
    }
    const firstBill = this.nextBillId;
    for (let j = 0; j < set.count; j++) if (!this.slots.has(set.slot[j]!)) throw new Error(`bill slot ${set.slot[j]} of account ${i + 1} is not in the slot table`);
    if (!parts.bills) this.nextBillId += set.count;
    for (let j = 0; j < (parts.bills ? set.count : 0); j++) {
      const converted = j < set.converted;
      const gal = set.gallons[j]!;
      const kwh = set.kwh[j]!;
      const paidOn = set.paidOn[j]!;
      const paid = converted ? set.paid[j]! : null;
      const paidOnIso = converted && paidOn >= 0 ? days.iso(paidOn) : null;
      const entry = converted ? null : plan.runEntryByDay.get(set.billDay[j]!)!;
      if (set.regular[j]) {
        // The hottest loop of the generator: ten million rows at 500,000 accounts.
        const ins = converted ? this.convertedBySlot! : this.ledgerBySlot!;
        const b = ins.buf;
        const o = ins.next();
        b[o] = this.nextBillId++;
        b[o + 1] = i + 1;
        b[o + 2] = set.slot[j]!;
        b[o + 3] = gal < 0 ? null : gal;
        b[o + 4] = kwh < 0 ? null : kwh;
        b[o + 5] = set.solidWaste[j]!;
        b[o + 6] = set.sewer[j]!;
        b[o + 7] = set.water[j]!;
        b[o + 8] = set.electric[j]!;
        b[o + 9] = set.stormwater[j]!;
        if (converted) {
          b[o + 10] = paid;
          b[o + 11] = paidOnIso;
        } else b[o + 10] = entry;
      } else {
        this.bills!.row(
          this.nextBillId++,
          i + 1,
          days.iso(set.billDay[j]!),
          days.iso(set.dueDay[j]!),
          days.iso(set.fromDay[j]!),
          days.iso(set.toDay[j]!),
          gal < 0 ? null : gal,
          kwh < 0 ? null : kwh,
          set.solidWaste[j]!,
          set.sewer[j]!,
          set.water[j]!,
          set.electric[j]!,
          set.stormwater[j]!,
          set.total[j]!,
          paid,
          paidOnIso,
          entry,
          set.final[j] ? 'final' : 'regular',
        );
      }
    }
    this.readings?.write(i, set, firstBill);
    if (!parts.charges) return;
    for (let j = 0; j < set.converted; j++) {
      const owed = set.total[j]! - set.paid[j]!;
      if (owed > 0) this.forward!.row(this.nextChargeId++, i + 1, firstBill + j, set.slot[j]!, owed);
    }
    for (let j = set.converted; j < set.count; j++) {
      const entryId = plan.runEntryByDay.get(set.billDay[j]!)!;
      const regular = set.regular[j] === 1;
      for (const s of this.serviceOrder) {
        const amt = serviceAmount(set, j, s);
        if (amt <= 0) continue;
        if (regular) {
          const ins = this.serviceBySlot.get(s)!;
          const b = ins.buf;
          const o = ins.next();
          b[o] = this.nextChargeId++;
          b[o + 1] = i + 1;
          b[o + 2] = firstBill + j;
          b[o + 3] = entryId;
          b[o + 4] = set.slot[j]!;
          b[o + 5] = amt;
        }
        else this.service.get(s)!.row(this.nextChargeId++, i + 1, firstBill + j, entryId, days.iso(set.fromDay[j]!), days.iso(set.toDay[j]!), amt, days.iso(set.dueDay[j]!));
      }
    }
  }

  /** Writes what is still buffered and drops the slot table; returns [bills, charges] written. */
  flush(): [number, number] {
    const all = [this.convertedBySlot, this.ledgerBySlot, this.bills, this.forward, ...this.serviceBySlot.values(), ...this.service.values(), ...this.accountServices.values()];
    for (const ins of all) ins?.flush();
    this.readings?.flush();
    this.db.exec(`DROP TABLE ${SLOT_TABLE}`);
    return [this.parts.bills ? this.nextBillId - 1 : 0, this.parts.charges ? this.nextChargeId - 1 : 0];
  }
}
