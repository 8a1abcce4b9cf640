// What a bill document says, read from the ledger: the account and addresses, the readings
// behind the bill (bill_readings), the charges by service, the account's story since the last
// bill (previous balance, payments and other charges since, by journal order), the amount due
// with its scan line, and 13 months of consumption for the chart. Used by the run's PDF, the
// print vendor's CSV and the duplicate bill alike.
import type { Service } from '../../../src-shared/domain';
import { makeScanLine } from '../../../src-shared/scan-line';
import type { Db } from '../../db/open-ledger';
import { formatAddress } from '../accounts/search-index';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';

export interface BillDoc {
  billId: number;
  runId: number | null;
  accountId: number;
  accountNumber: string;
  name: string;
  mailing: { street: string; city: string; state: string; zip: string };
  serviceAddress: string;
  routeCode: string | null;
  readSequence: number | null;
  billDate: string;
  dueDate: string;
  periodFrom: string;
  periodTo: string;
  estimated: boolean;
  readings: Array<{ service: 'water' | 'electric'; meterNumber: string; prevReadOn: string | null; prevValue: number | null; curReadOn: string; curValue: number; multiplier: number; consumption: number; estimated: boolean }>;
  charges: Array<{ service: Service; cents: number }>;
  currentCents: number;
  previousBalanceCents: number;
  /** Payments and credits since the last bill (zero or negative). */
  paymentsSinceCents: number;
  /** Penalties, fees and other debits since the last bill (zero or positive). */
  otherChargesSinceCents: number;
  amountDueCents: number;
  scanLine: string;
  /** Consumption of the last 13 bills up to this one, oldest first (gallons, or kWh for an electric-only account). */
  history: { unit: 'gallons' | 'kWh'; points: Array<{ billDate: string; units: number }> };
}

interface BillRow {
  id: number;
  run_id: number | null;
  account_id: number;
  number: string;
  display_name: string;
  mail_street: string;
  mail_city: string;
  mail_state: string;
  mail_zip: string;
  street: string;
  unit: string | null;
  city: string;
  route_code: string | null;
  read_sequence: number | null;
  bill_date: string;
  due_date: string;
  period_from: string;
  period_to: string;
  estimated: number;
  entry_id: number | null;
  total_cents: number;
  water_gallons: number | null;
  electric_kwh: number | null;
  solid_waste_cents: number;
  sewer_cents: number;
  water_cents: number;
  electric_cents: number;
  stormwater_cents: number;
}

const SERVICE_ORDER: Service[] = ['water', 'sewer', 'electric', 'solid_waste', 'stormwater'];

export class BillDocs {
  private readonly st;
  constructor(private readonly db: Db) {
    this.st = {
      bill: db.prepare(`SELECT b.*, a.number, c.display_name, c.mail_street, c.mail_city, c.mail_state, c.mail_zip, l.street, l.unit, l.city, l.route_code, l.read_sequence
        FROM bills b JOIN accounts a ON a.id = b.account_id JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id WHERE b.id = ?`),
      readings: db.prepare('SELECT service, meter_number, prev_read_on, prev_value, cur_read_on, cur_value, multiplier, consumption, estimated FROM bill_readings WHERE bill_id = ? ORDER BY service DESC, cur_read_on'),
      prevBill: db.prepare('SELECT id, entry_id, bill_date FROM bills WHERE account_id = ? AND (bill_date < ? OR (bill_date = ? AND id < ?)) ORDER BY bill_date DESC, id DESC LIMIT 1'),
      // The account's own last entry on or before a day (its lines are few; all entries are millions).
      entryAtOrBefore: db.prepare(`SELECT max(l.entry_id) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.account_id = ? AND l.gl_code = '${GL.receivables}' AND e.business_date <= ?`).pluck(),
      balanceThrough: db.prepare(`SELECT coalesce(sum(amount_cents), 0) FROM journal_lines WHERE account_id = ? AND gl_code = '${GL.receivables}' AND entry_id <= ?`).pluck(),
      between: db.prepare(`SELECT coalesce(sum(CASE WHEN amount_cents < 0 THEN amount_cents END), 0) AS credits, coalesce(sum(CASE WHEN amount_cents > 0 THEN amount_cents END), 0) AS debits
        FROM journal_lines WHERE account_id = ? AND gl_code = '${GL.receivables}' AND entry_id > ? AND entry_id < ?`),
      history: db.prepare('SELECT bill_date, water_gallons, electric_kwh FROM bills WHERE account_id = ? AND bill_date <= ? ORDER BY bill_date DESC, id DESC LIMIT 13'),
      latest: db.prepare('SELECT id FROM bills WHERE account_id = ? ORDER BY bill_date DESC, id DESC LIMIT 1').pluck(),
    };
  }

  latestBillId(accountId: number): number {
    const id = this.st.latest.get(accountId) as number | undefined;
    if (!id) throw new CoreError('NOT_FOUND', 'This account has no bill yet.');
    return id;
  }

  load(billId: number): BillDoc {
    const b = this.st.bill.get(billId) as BillRow | undefined;
    if (!b) throw new CoreError('NOT_FOUND', `No bill ${billId}.`);
    const entry = b.entry_id ?? Number.MAX_SAFE_INTEGER;
    const prev = this.st.prevBill.get(b.account_id, b.bill_date, b.bill_date, b.id) as { id: number; entry_id: number | null; bill_date: string } | undefined;
    const lower = prev ? (prev.entry_id ?? ((this.st.entryAtOrBefore.get(b.account_id, prev.bill_date) as number | null) ?? 0)) : 0;
    const previousBalanceCents = prev ? (this.st.balanceThrough.get(b.account_id, lower) as number) : 0;
    const since = this.st.between.get(b.account_id, lower, entry) as { credits: number; debits: number };
    const amountDueCents = previousBalanceCents + since.credits + since.debits + b.total_cents;
    const hist = (this.st.history.all(b.account_id, b.bill_date) as Array<{ bill_date: string; water_gallons: number | null; electric_kwh: number | null }>).reverse();
    const unit: 'gallons' | 'kWh' = b.water_gallons === null && b.electric_kwh !== null ? 'kWh' : 'gallons';
    const amounts: Record<Service, number> = { water: b.water_cents, sewer: b.sewer_cents, electric: b.electric_cents, solid_waste: b.solid_waste_cents, stormwater: b.stormwater_cents };
    return {
      billId: b.id,
      runId: b.run_id,
      accountId: b.account_id,
      accountNumber: b.number,
      name: b.display_name,
      mailing: { street: b.mail_street, city: b.mail_city, state: b.mail_state, zip: b.mail_zip },
      serviceAddress: `${formatAddress(b.street, b.unit)}, ${b.city}`,
      routeCode: b.route_code,
      readSequence: b.read_sequence,
      billDate: b.bill_date,
      dueDate: b.due_date,
      periodFrom: b.period_from,
      periodTo: b.period_to,
      estimated: b.estimated === 1,
      readings: (
        this.st.readings.all(b.id) as Array<{ service: 'water' | 'electric'; meter_number: string; prev_read_on: string | null; prev_value: number | null; cur_read_on: string; cur_value: number; multiplier: number; consumption: number; estimated: number }>
      ).map((r) => ({ service: r.service, meterNumber: r.meter_number, prevReadOn: r.prev_read_on, prevValue: r.prev_value, curReadOn: r.cur_read_on, curValue: r.cur_value, multiplier: r.multiplier, consumption: r.consumption, estimated: r.estimated === 1 })),
      charges: SERVICE_ORDER.filter((s) => amounts[s] > 0).map((s) => ({ service: s, cents: amounts[s] })),
      currentCents: b.total_cents,
      previousBalanceCents,
      paymentsSinceCents: since.credits,
      otherChargesSinceCents: since.debits,
      amountDueCents,
      scanLine: makeScanLine(b.number, Math.max(0, amountDueCents)),
      history: { unit, points: hist.map((h) => ({ billDate: h.bill_date, units: (unit === 'kWh' ? h.electric_kwh : h.water_gallons) ?? 0 })) },
    };
  }

  /** A run's bills in route order (the order the PDF parts and the vendor file use). */
  runBillIds(runId: number, offset = 0, limit = -1): number[] {
    return this.db
      .prepare(
        `SELECT b.id FROM bills b JOIN accounts a ON a.id = b.account_id JOIN service_locations l ON l.id = a.location_id
         WHERE b.run_id = ? ORDER BY l.route_code IS NULL, l.route_code, l.read_sequence, a.id LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(runId, limit, offset) as number[];
  }
}
