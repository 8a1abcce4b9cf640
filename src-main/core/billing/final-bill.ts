// The final bill of a move-out or close-out: from the day after the last billed reading to the
// final read date, consumption from the final reading of each meter, fixed charges prorated by
// days (RateBook.periodCharge with final: true), posted at once as one bill (bill_kind 'final',
// with its bill_readings) and the account set to final_billed. Runs inside the caller's
// transaction (the service desk's move-out, or the clerk's one key on the account page after a
// final-read work order); a second final bill for the account is refused.
import type { Service } from '../../../src-shared/domain';
import type { ReadingCheck } from '../../../src-shared/ipc/work-order-schemas';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { ensureBusinessDay } from '../counter/day';
import { CoreError } from '../errors';
import { checkReading, type ReadingPolicy } from '../work-orders/readings';
import { postBill } from './post-bill';
import { setAccountStatus } from '../service-desk/status';
import { addDays, RateBook, type ServiceClass } from './rates';

export type MeterService = 'water' | 'electric';

export interface FinalReadingInput {
  service: MeterService;
  meterNumber: string;
  value: number;
  readCode: 'ok' | 'rollover';
}

export interface FinalBillInput {
  accountId: number;
  /** The final read date (the last day of service). */
  readOn: string;
  /** Readings taken now; a meter without one here uses its latest reading on or before readOn since the last bill. */
  readings?: FinalReadingInput[];
  /** Record readings the checks find implausible anyway (they are flagged). */
  confirmAnyway?: boolean;
  /** Work the bill out without posting anything. */
  preview?: boolean;
}

export interface FinalBillContext {
  at: string;
  today: string;
  userId: number;
  station: string | null;
  dueDays: number;
  policy: ReadingPolicy;
}

export interface FinalBillMeter {
  service: MeterService;
  meterId: number;
  meterNumber: string;
  prevReadOn: string | null;
  prevValue: number;
  curReadOn: string;
  curValue: number;
  consumption: number;
  /** The reading is the one entered with this bill (else it was already recorded, e.g. by a final-read work order). */
  entered: boolean;
  check: ReadingCheck | null;
}

export interface FinalBillResult {
  billId: number | null;
  entryId: number | null;
  accountId: number;
  accountNumber: string;
  periodFrom: string;
  periodTo: string;
  billDate: string | null;
  dueDate: string | null;
  days: number;
  lines: Array<{ service: Service; cents: number }>;
  totalCents: number;
  meters: FinalBillMeter[];
}

interface AccountRow {
  id: number;
  number: string;
  status: string;
  opened_on: string;
  location_id: number;
  service_class: ServiceClass;
  inside_limits: number;
  eru_hundredths: number;
}

const COUNTS = "('ok', 'estimated', 'rollover', 'meter_changed')";

export function finalBill(db: Db, input: FinalBillInput, ctx: FinalBillContext): FinalBillResult {
  const a = db
    .prepare(
      `SELECT a.id, a.number, a.status, a.opened_on, a.location_id, l.service_class, l.inside_limits, l.eru_hundredths
         FROM accounts a JOIN service_locations l ON l.id = a.location_id WHERE a.id = ?`,
    )
    .get(input.accountId) as AccountRow | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account ${input.accountId}.`);
  const existing = db.prepare("SELECT id, bill_date FROM bills WHERE account_id = ? AND bill_kind = 'final'").get(a.id) as { id: number; bill_date: string } | undefined;
  if (existing) throw new CoreError('FINAL_BILL_EXISTS', `Account ${a.number} already has its final bill (dated ${existing.bill_date}).`, { billId: existing.id });
  if (a.status !== 'active') throw new CoreError('CONFLICT', `Account ${a.number} is ${a.status.replace('_', ' ')}; only an active account gets a final bill.`);
  if (input.readOn > ctx.today) throw new CoreError('BAD_INPUT', `The final read date ${input.readOn} is after today.`, { field: 'readOn' });

  const last = db.prepare('SELECT id, period_to FROM bills WHERE account_id = ? ORDER BY period_to DESC, id DESC LIMIT 1').get(a.id) as { id: number; period_to: string } | undefined;
  const from = last ? addDays(last.period_to, 1) : a.opened_on;
  if (input.readOn < from) {
    throw new CoreError('BAD_INPUT', `The final read date must be on or after ${from}, the day after the last billed period${last ? ` (to ${last.period_to})` : ''}.`, { field: 'readOn' });
  }

  const services = new Set((db.prepare('SELECT service FROM account_services WHERE account_id = ?').all(a.id) as Array<{ service: Service }>).map((r) => r.service));
  const meters = db
    .prepare('SELECT id, service, number, dials, multiplier, install_reading, installed_on FROM meters WHERE location_id = ? AND removed_on IS NULL ORDER BY service DESC, id')
    .all(a.location_id) as Array<{ id: number; service: MeterService; number: string; dials: number; multiplier: number; install_reading: number; installed_on: string }>;
  const given = input.readings ?? [];
  for (const g of given) {
    if (!meters.some((m) => m.service === g.service && m.number === g.meterNumber)) {
      throw new CoreError('BAD_INPUT', `Meter ${g.meterNumber} is not a ${g.service} meter in service at this account's premise.`, { field: 'readings' });
    }
  }

  const used: FinalBillMeter[] = [];
  const implausible: string[] = [];
  for (const m of meters) {
    const billed = m.service === 'water' ? services.has('water') || services.has('sewer') : services.has('electric');
    if (!billed) continue;
    // The previous billed reading: the last bill's reading of this meter, else the last reading before the period, else its installation.
    const prevBilled = last
      ? (db.prepare('SELECT cur_read_on AS on_, cur_value AS value FROM bill_readings WHERE bill_id = ? AND meter_number = ? AND service = ?').get(last.id, m.number, m.service) as { on_: string; value: number } | undefined)
      : undefined;
    const prev =
      prevBilled ??
      (db
        .prepare(`SELECT read_on AS on_, value FROM meter_readings WHERE service = ? AND meter_number = ? AND read_on < ? AND read_code IN ${COUNTS} ORDER BY read_on DESC, id DESC LIMIT 1`)
        .get(m.service, m.number, from) as { on_: string; value: number } | undefined) ?? { on_: null, value: m.install_reading };
    const g = given.find((x) => x.service === m.service && x.meterNumber === m.number);
    let cur: { on_: string; value: number; code: string };
    let check: ReadingCheck | null = null;
    if (g) {
      check = checkReading(db, { service: m.service, meterNumber: m.number, accountId: a.id }, g.value, g.readCode, `${input.readOn}T12:00:00Z`, ctx.policy);
      if (check.verdict === 'implausible') implausible.push(`${m.number}: ${check.problems.join('; ')}`);
      cur = { on_: input.readOn, value: g.value, code: g.readCode };
    } else {
      const r = db
        .prepare(`SELECT read_on AS on_, value, read_code AS code FROM meter_readings WHERE service = ? AND meter_number = ? AND read_on >= ? AND read_on <= ? AND read_code IN ${COUNTS} ORDER BY read_on DESC, id DESC LIMIT 1`)
        .get(m.service, m.number, from, input.readOn) as { on_: string; value: number; code: string } | undefined;
      if (!r) {
        throw new CoreError('BAD_INPUT', `Meter ${m.number} has no reading from ${from} to ${input.readOn}: enter the final reading.`, { field: 'readings', meterNumber: m.number, service: m.service });
      }
      cur = r;
    }
    let units: number;
    if (cur.value >= prev.value) units = cur.value - prev.value;
    else if (cur.code === 'rollover') units = 10 ** m.dials - prev.value + cur.value;
    else {
      throw new CoreError('READING_IMPLAUSIBLE', `Meter ${m.number}: the final reading ${cur.value.toLocaleString('en-US')} is lower than the last billed reading ${prev.value.toLocaleString('en-US')}; a rollover?`, {
        meterNumber: m.number,
        verdict: 'implausible',
        problems: ['lower than the last billed reading'],
      });
    }
    used.push({
      service: m.service,
      meterId: m.id,
      meterNumber: m.number,
      prevReadOn: prev.on_,
      prevValue: prev.value,
      curReadOn: cur.on_,
      curValue: cur.value,
      consumption: units * m.multiplier,
      entered: g !== undefined,
      check,
    });
  }
  // A meter changed since the last bill: the removed meter's share, from its last billed reading to its removal.
  const removed = db
    .prepare('SELECT id, service, number, dials, multiplier, removed_on, removal_reading FROM meters WHERE location_id = ? AND removed_on IS NOT NULL AND removed_on >= ? AND removed_on <= ? AND removal_reading IS NOT NULL ORDER BY id')
    .all(a.location_id, from, input.readOn) as Array<{ id: number; service: MeterService; number: string; dials: number; multiplier: number; removed_on: string; removal_reading: number }>;
  for (const m of removed) {
    if (!used.some((u) => u.service === m.service)) continue;
    const prevBilled = last
      ? (db.prepare('SELECT cur_read_on AS on_, cur_value AS value FROM bill_readings WHERE bill_id = ? AND meter_number = ? AND service = ?').get(last.id, m.number, m.service) as { on_: string; value: number } | undefined)
      : undefined;
    const prev =
      prevBilled ??
      (db
        .prepare(`SELECT read_on AS on_, value FROM meter_readings WHERE service = ? AND meter_number = ? AND read_on < ? AND read_code IN ${COUNTS} ORDER BY read_on DESC, id DESC LIMIT 1`)
        .get(m.service, m.number, from) as { on_: string; value: number } | undefined);
    if (!prev) continue;
    const units = m.removal_reading >= prev.value ? m.removal_reading - prev.value : 10 ** m.dials - prev.value + m.removal_reading;
    used.push({ service: m.service, meterId: m.id, meterNumber: m.number, prevReadOn: prev.on_, prevValue: prev.value, curReadOn: m.removed_on, curValue: m.removal_reading, consumption: units * m.multiplier, entered: false, check: null });
    meters.push({ id: m.id, service: m.service, number: m.number, dials: m.dials, multiplier: m.multiplier, install_reading: 0, installed_on: m.removed_on });
  }
  if (implausible.length > 0 && !input.confirmAnyway && !input.preview) {
    throw new CoreError('READING_IMPLAUSIBLE', `Check the final reading: ${implausible.join(' — ')}. Confirm it to bill anyway (the reading is flagged).`, {
      verdict: 'implausible',
      problems: implausible,
      meters: used.filter((u) => u.check?.verdict === 'implausible').map((u) => u.meterNumber),
    });
  }

  // Charges: each service the account has, for the days of the period, fixed parts prorated.
  const book = RateBook.load(db);
  const gallons = used.filter((u) => u.service === 'water').reduce((s, u) => s + u.consumption, 0);
  const kwh = used.filter((u) => u.service === 'electric').reduce((s, u) => s + u.consumption, 0);
  const hasWater = used.some((u) => u.service === 'water');
  const hasElectric = used.some((u) => u.service === 'electric');
  const lines: Array<{ service: Service; cents: number }> = [];
  for (const service of ['solid_waste', 'sewer', 'water', 'electric', 'stormwater'] as const) {
    if (!services.has(service)) continue;
    const units = service === 'electric' ? (hasElectric ? kwh : null) : service === 'water' || service === 'sewer' ? (hasWater ? gallons : null) : null;
    if ((service === 'water' && !hasWater) || (service === 'electric' && !hasElectric)) continue;
    const c = book.periodCharge(service, a.service_class, { units, insideLimits: a.inside_limits === 1, eruHundredths: a.eru_hundredths }, from, input.readOn, { final: true });
    if (c && c.cents > 0) lines.push({ service, cents: c.cents });
  }
  const total = lines.reduce((s, l) => s + l.cents, 0);
  const days = Math.round((Date.parse(`${input.readOn}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  const result: FinalBillResult = {
    billId: null,
    entryId: null,
    accountId: a.id,
    accountNumber: a.number,
    periodFrom: from,
    periodTo: input.readOn,
    billDate: null,
    dueDate: null,
    days,
    lines,
    totalCents: total,
    meters: used,
  };
  if (input.preview) return result;
  if (total === 0) throw new CoreError('BAD_INPUT', `Account ${a.number} has nothing to bill for ${from} to ${input.readOn}.`);

  // Readings entered with the bill are recorded (flagged when confirmed against the checks).
  const insertReading = db.prepare(
    `INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, flag, entered_by, entered_at, meter_id, comment)
     VALUES (?, ?, ?, ?, ?, 'manual', ?, ?, ?, ?, ?, 'final reading')`,
  );
  const readingIds = new Map<string, number | null>();
  for (const u of used) {
    if (!u.entered) {
      const r = db.prepare('SELECT id FROM meter_readings WHERE service = ? AND meter_number = ? AND read_on = ? AND value = ? ORDER BY id DESC LIMIT 1').get(u.service, u.meterNumber, u.curReadOn, u.curValue) as { id: number } | undefined;
      readingIds.set(u.meterNumber, r?.id ?? null);
      continue;
    }
    const g = given.find((x) => x.service === u.service && x.meterNumber === u.meterNumber)!;
    const flag = u.check?.verdict === 'implausible' ? u.check.problems.join('; ') : null;
    readingIds.set(u.meterNumber, Number(insertReading.run(a.location_id, u.service, u.meterNumber, u.curReadOn, u.curValue, g.readCode, flag, ctx.userId, ctx.at, u.meterId).lastInsertRowid));
  }
  const billDate = ensureBusinessDay(db, ctx.userId, ctx.today, ctx.at);
  const dueDate = addDays(billDate, ctx.dueDays);
  const posted = postBill(db, {
    accountId: a.id,
    billDate,
    dueDate,
    periodFrom: from,
    periodTo: input.readOn,
    waterGallons: hasWater ? gallons : null,
    electricKwh: hasElectric ? kwh : null,
    lines: lines.map((l) => ({ service: l.service, amountCents: l.cents })),
    businessDate: billDate,
    postedAt: ctx.at,
    userId: ctx.userId,
    billKind: 'final',
    readings: used.map((u) => ({
      service: u.service,
      meterId: u.meterId,
      meterNumber: u.meterNumber,
      prevReadOn: u.prevReadOn,
      prevValue: u.prevValue,
      curReadOn: u.curReadOn,
      curValue: u.curValue,
      multiplier: meters.find((x) => x.id === u.meterId)!.multiplier,
      consumption: u.consumption,
      estimated: false,
      curReadingId: readingIds.get(u.meterNumber) ?? null,
    })),
  });
  setAccountStatus(db, a.id, 'final_billed', { at: ctx.at, userId: ctx.userId, reason: `final bill to ${input.readOn}`, closedOn: input.readOn });
  recordAudit(db, {
    at: ctx.at,
    userId: ctx.userId,
    station: ctx.station,
    action: 'billing.finalBill',
    subject: a.number,
    details: { billId: posted.billId, periodFrom: from, periodTo: input.readOn, totalCents: total, readings: used.map((u) => ({ meter: u.meterNumber, value: u.curValue, consumption: u.consumption, flagged: u.check?.verdict === 'implausible' })) },
  });
  return { ...result, billId: posted.billId, entryId: posted.entryId, billDate, dueDate };
}
