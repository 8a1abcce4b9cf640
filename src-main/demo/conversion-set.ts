// A demo conversion set (issue 16): the ten CSV files of docs/IMPORT.md, as a town's previous
// billing system would export them, for an N-account town. Deterministic for (seed, today, N)
// and streamed: every account is generated with its rows and written through small buffered
// sinks, so 500,000 accounts run in bounded memory (nothing grows with N but a few counters).
//
// What a real export has, on purpose: persons and businesses (some with an SSN, ITIN or EIN),
// about 8 % of locations with an older closed account beside the live one, pending, final and
// closed accounts, cycles 1–4 with their routes and read sequences, water and electric meters
// with their last readings, open charges per service spread over the aging buckets, penalties,
// fees, balances forward and credits, deposits, 24 months of bill history, bank drafts, Medical
// Alert and notes. Old account numbers are nine digits printed NN-NNNNNN-C with a Luhn check
// digit (not TownCounter's own form, so they exercise old numbers). customers.csv is written
// in Windows-1252 (with a few names in é/ñ), the others in UTF-8; history.csv writes its dates
// as MM/DD/YYYY and its amounts with thousands separators ("1,234.50").
import fs from 'node:fs';
import path from 'node:path';
import { luhnCheckDigit } from '../../src-shared/account-number';
import { routingCheckDigit } from '../../src-shared/ipc/export-schemas';
import type { ConversionKind } from '../../src-shared/ipc/conversion-schemas';
import { civil, dayFromCivil, dayOf } from './calendar';
import { BUSINESS_NOUNS, BUSINESS_SUFFIXES, EMAIL_DOMAINS, FEMALE_NAMES, LAST_NAMES, MALE_NAMES, NOTE_TEXTS, OTHER_TOWNS, PLACE_PREFIXES, STREETS, SURNAME_TRADES, TOWN } from './names';
import { Rng } from './rng';

/** The canonical header of each file (docs/IMPORT.md "Layouts"), in the order written. */
export const CONVERSION_HEADERS: Record<ConversionKind, readonly string[]> = {
  customers: ['customer_id', 'type', 'last_name', 'first_name', 'middle_name', 'business_name', 'mail_address', 'mail_city', 'mail_state', 'mail_zip', 'phone', 'alt_phone', 'email', 'tax_id', 'tax_id_type', 'language'],
  locations: ['location_id', 'service_address', 'unit', 'city', 'state', 'zip', 'class', 'inside_limits', 'eru'],
  meters: ['meter_number', 'location_id', 'service', 'size', 'dials', 'multiplier', 'installed_on', 'last_reading', 'last_read_on'],
  accounts: ['account_number', 'customer_id', 'location_id', 'status', 'opened_on', 'closed_on', 'cycle', 'route', 'read_sequence', 'services', 'occupancy', 'cash_only', 'no_penalty_until'],
  open_charges: ['account_number', 'service', 'bill_date', 'due_date', 'amount', 'description'],
  deposits: ['account_number', 'amount', 'paid_on'],
  history: ['account_number', 'bill_date', 'due_date', 'period_from', 'period_to', 'water_gallons', 'electric_kwh', 'water', 'sewer', 'electric', 'solid_waste', 'stormwater', 'fees', 'total', 'paid_amount', 'paid_on'],
  bank_drafts: ['account_number', 'holder_name', 'routing_number', 'bank_account', 'account_type', 'authorized_on', 'status'],
  medical_alerts: ['account_number', 'certified_on', 'expires_on', 'physician', 'physician_phone'],
  notes: ['account_number', 'noted_on', 'text', 'follow_up'],
};

/** The file each kind is written to. */
export const CONVERSION_FILES: Record<ConversionKind, string> = {
  customers: 'customers.csv',
  locations: 'locations.csv',
  meters: 'meters.csv',
  accounts: 'accounts.csv',
  open_charges: 'open_charges.csv',
  deposits: 'deposits.csv',
  history: 'history.csv',
  bank_drafts: 'bank_drafts.csv',
  medical_alerts: 'medical_alerts.csv',
  notes: 'notes.csv',
};

export type ConversionSetService = 'water' | 'sewer' | 'electric' | 'solid_waste' | 'stormwater';

/** What the generator wrote: the figures the importer's summary must show for a clean set. */
export interface ConversionSetTotals {
  asOf: string;
  rows: Record<ConversionKind, number>;
  customers: number;
  locations: number;
  meters: number;
  accounts: number;
  accountsByStatus: { pending: number; active: number; final_billed: number; closed: number };
  /** Open charges by service (cents). */
  balanceByService: Record<ConversionSetService, number>;
  penaltiesCents: number;
  feesCents: number;
  balanceForwardCents: number;
  /** Unapplied credits, positive. */
  creditsCents: number;
  /** Open charge rows other than credits. */
  openChargesCount: number;
  creditsCount: number;
  /** Open charges less credits. */
  receivableCents: number;
  depositsCount: number;
  depositsCents: number;
  /** Open charges (not credits) by days past due as of asOf: under 30, 30–59, 60–89, 90+. */
  aging: { currentCents: number; days30Cents: number; days60Cents: number; days90Cents: number };
  historyBills: number;
  historyBilledCents: number;
  bankDrafts: number;
  medicalAlerts: number;
  notes: number;
}

export interface ConversionSetOptions {
  dir: string;
  accounts: number;
  seed: number;
  /** YYYY-MM-DD: the conversion date the set is exported on. */
  today: string;
  /** Called every 10,000 accounts and at the end. */
  onProgress?: (done: number, total: number) => void;
}

// Windows-1252 -----------------------------------------------------------------------------

const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e,
  0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};

/** Encodes text as Windows-1252; a character it has no byte for is an error (never a silent '?'). */
export function encodeWindows1252(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) out[i] = c;
    else {
      const b = CP1252_HIGH[c];
      if (b === undefined) throw new RangeError(`no Windows-1252 byte for U+${c.toString(16).padStart(4, '0')}`);
      out[i] = b;
    }
  }
  return out;
}

// Buffered CSV sinks -----------------------------------------------------------------------

/** Quotes a field when RFC 4180 needs it. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const CHUNK_BYTES = 1 << 20;

/** One CSV file written through a 1 MiB buffer: memory stays flat whatever the row count. */
class CsvSink {
  private fd: number;
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private off = 0;
  rows = 0;

  constructor(
    file: string,
    header: readonly string[],
    private readonly cp1252: boolean,
  ) {
    this.fd = fs.openSync(file, 'w');
    this.line(header.join(','));
  }

  private line(s: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit; a Windows-1252 one, 1.
    if (this.off + s.length * 3 + 2 > CHUNK_BYTES) this.flush();
    if (this.cp1252) {
      const bytes = encodeWindows1252(s);
      bytes.copy(this.buf, this.off);
      this.off += bytes.length;
    } else this.off += this.buf.write(s, this.off, 'utf8');
    this.buf[this.off++] = 13;
    this.buf[this.off++] = 10;
  }

  row(fields: Array<string | number>): void {
    let s = '';
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (i > 0) s += ',';
      s += typeof f === 'number' ? String(f) : csvField(f);
    }
    this.line(s);
    this.rows++;
  }

  flush(): void {
    let done = 0;
    while (done < this.off) done += fs.writeSync(this.fd, this.buf, done, this.off - done);
    this.off = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

// Values -----------------------------------------------------------------------------------

/** YYYY-MM-DD and MM/DD/YYYY strings of days, made once each (a big set writes tens of millions). */
const isoCache = new Map<number, string>();
const usCache = new Map<number, string>();

function isoOf(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    const { y, m, d } = civil(day);
    s = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
    isoCache.set(day, s);
  }
  return s;
}

function usOf(day: number): string {
  let s = usCache.get(day);
  if (s === undefined) {
    const { y, m, d } = civil(day);
    s = `${m < 10 ? '0' : ''}${m}/${d < 10 ? '0' : ''}${d}/${y}`;
    usCache.set(day, s);
  }
  return s;
}

/** 12345 -> "123.45" */
export function dollars(cents: number): string {
  const neg = cents < 0;
  const a = Math.abs(cents);
  const s = `${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** 123450 -> "1,234.50" */
export function dollarsGrouped(cents: number): string {
  if (cents >= 0 && cents < 100_000) return dollars(cents);
  const s = dollars(Math.abs(cents));
  const [whole, frac] = s.split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}${grouped}.${frac}`;
}

/** The printed old number for an account index: NN-NNNNNN-C, C the Luhn digit over the 8 digits. */
export function oldAccountNumber(index: number, rng: Rng): string {
  const body = String(10_000_000 + index * 7 + rng.int(0, 6));
  return `${body.slice(0, 2)}-${body.slice(2)}-${luhnCheckDigit(body)}`;
}

/** The names the old system spelled with accents (Windows-1252 has every one). */
const ACCENTED: Record<string, string> = { Munoz: 'Muñoz', Pena: 'Peña', Nunez: 'Núñez', Jose: 'José', Maria: 'María', Lucia: 'Lucía', Ramirez: 'Ramírez', Hernandez: 'Hernández' };
const ACCENTED_LAST = ['Munoz', 'Pena', 'Nunez', 'Ramirez', 'Hernandez'];
const HISPANIC = new Set(['Garcia', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Perez', 'Sanchez', 'Ramirez', 'Torres', 'Flores', 'Rivera', 'Gomez', 'Diaz', 'Cruz', 'Reyes', 'Morales', 'Gutierrez', 'Ortiz', 'Ramos', 'Chavez', 'Mendoza', 'Ruiz', 'Alvarez', 'Castillo', 'Jimenez', 'Munoz', 'Pena', 'Nunez']);
const ROUTING_PREFIXES = ['05', '06', '07', '11', '12', '21', '26', '27', '31', '32', '61', '65', '67'];
const PHYSICIANS = ['Dr. Ellen Carter', 'Dr. Samuel Reid', 'Dr. Anita Patel', 'Dr. Marcus Hill', 'Dr. Grace Kim', 'Dr. Luis Ortega'];
const CYCLE_DAYS = [1, 8, 15, 22] as const;
const SHORT_CODE: Record<string, string> = { water: 'W', sewer: 'S', electric: 'E', solid_waste: 'G', stormwater: 'D' };
const DUE_DAYS = 20;
const ROUTES_PER_CYCLE = 40;
const FEE_TEXTS = ['Returned check fee', 'Reconnection fee', 'Meter tampering fee', 'Trip charge'];

function phone(rng: Rng): string {
  const area = rng.pick(['336', '336', '336', '276', '704']);
  return rng.chance(0.5) ? `(${area}) 555-${String(rng.int(100, 199)).padStart(4, '0')}` : `${area}-555-${String(rng.int(100, 199)).padStart(4, '0')}`;
}

function ssn(rng: Rng): string {
  let area = rng.int(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}${String(rng.int(1, 99)).padStart(2, '0')}${String(rng.int(1, 9999)).padStart(4, '0')}`;
}

function itin(rng: Rng): string {
  return `9${String(rng.int(0, 99)).padStart(2, '0')}${rng.int(70, 88)}${String(rng.int(1, 9999)).padStart(4, '0')}`;
}

function ein(rng: Rng): string {
  return `${rng.pick(['56', '58', '20', '26', '27', '45', '82'])}${String(rng.int(1_000_000, 9_999_999))}`;
}

/** A bill's day in month (y, m) for a cycle. */
function billDayOf(y: number, m: number, cycle: number): number {
  return dayFromCivil(y, m, CYCLE_DAYS[cycle - 1]!);
}

interface Bill {
  billDay: number;
  dueDay: number;
  fromDay: number;
  toDay: number;
  gallons: number | null;
  kwh: number | null;
  amounts: Record<ConversionSetService, number>;
  fees: number;
  total: number;
  paid: number;
  paidDay: number;
}

const SERVICE_ORDER: readonly ConversionSetService[] = ['water', 'sewer', 'electric', 'solid_waste', 'stormwater'];

/**
 * Writes the conversion set into `dir` (created; existing files of the set are replaced) and
 * returns the control totals of what it wrote.
 */
export function writeConversionSet(o: ConversionSetOptions): ConversionSetTotals {
  if (!Number.isInteger(o.accounts) || o.accounts < 1 || o.accounts > 9_999_999) throw new RangeError('accounts must be a whole number from 1 to 9,999,999');
  const today = dayOf(o.today);
  fs.mkdirSync(o.dir, { recursive: true });
  const sinks = {} as Record<ConversionKind, CsvSink>;
  for (const kind of Object.keys(CONVERSION_FILES) as ConversionKind[]) sinks[kind] = new CsvSink(path.join(o.dir, CONVERSION_FILES[kind]), CONVERSION_HEADERS[kind], kind === 'customers');
  const t: ConversionSetTotals = {
    asOf: o.today,
    rows: {} as Record<ConversionKind, number>,
    customers: 0,
    locations: 0,
    meters: 0,
    accounts: 0,
    accountsByStatus: { pending: 0, active: 0, final_billed: 0, closed: 0 },
    balanceByService: { water: 0, sewer: 0, electric: 0, solid_waste: 0, stormwater: 0 },
    penaltiesCents: 0,
    feesCents: 0,
    balanceForwardCents: 0,
    creditsCents: 0,
    openChargesCount: 0,
    creditsCount: 0,
    receivableCents: 0,
    depositsCount: 0,
    depositsCents: 0,
    aging: { currentCents: 0, days30Cents: 0, days60Cents: 0, days90Cents: 0 },
    historyBills: 0,
    historyBilledCents: 0,
    bankDrafts: 0,
    medicalAlerts: 0,
    notes: 0,
  };
  const rng = new Rng(o.seed, 16);
  const routeNext = new Int32Array(4 * ROUTES_PER_CYCLE);
  const { y: ty, m: tm } = civil(today);
  // The newest bill month per cycle: this month when the cycle has billed by today, else the one before.
  const newestOf = (cycle: number) => (billDayOf(ty, tm, cycle) <= today ? { y: ty, m: tm } : tm === 1 ? { y: ty - 1, m: 12 } : { y: ty, m: tm - 1 });

  /** Whether the account being written names its charges' services by letter (W) or word (water). */
  let shortCodes = false;
  const openCharge = (number: string, service: string, billDay: number, dueDay: number, cents: number, description: string) => {
    const written = shortCodes ? (SHORT_CODE[service] ?? service) : service;
    sinks.open_charges.row([number, written, isoOf(billDay), isoOf(dueDay), service === 'CREDIT' && rng.chance(0.5) ? dollars(-cents) : dollars(cents), description]);
    if (service === 'CREDIT') {
      t.creditsCents += cents;
      t.creditsCount++;
      t.receivableCents -= cents;
      return;
    }
    t.openChargesCount++;
    t.receivableCents += cents;
    if (service === 'PENALTY') t.penaltiesCents += cents;
    else if (service === 'FEE') t.feesCents += cents;
    else if (service === 'BALANCE') t.balanceForwardCents += cents;
    else t.balanceByService[service as ConversionSetService] += cents;
    const late = today - dueDay;
    if (late >= 90) t.aging.days90Cents += cents;
    else if (late >= 60) t.aging.days60Cents += cents;
    else if (late >= 30) t.aging.days30Cents += cents;
    else t.aging.currentCents += cents;
  };

  const newCustomer = (business: boolean, locAddress: string, locUnit: string): { id: string; name: string } => {
    t.customers++;
    const id = `C${String(t.customers).padStart(7, '0')}`;
    const elsewhere = rng.chance(0.08);
    const town = elsewhere ? rng.pick(OTHER_TOWNS) : TOWN;
    const mail = elsewhere ? `${rng.int(10, 9999)} ${rng.pick(STREETS)}` : rng.chance(0.04) ? `PO Box ${rng.int(1, 2999)}` : locUnit ? `${locAddress} ${locUnit}` : locAddress;
    let last = '';
    let first = '';
    let middle = '';
    let businessName = '';
    let taxId = '';
    let taxType = '';
    let language = 'EN';
    if (business) {
      const surname = rng.pick(LAST_NAMES);
      const suffix = rng.pick(BUSINESS_SUFFIXES);
      businessName = rng.chance(0.5) ? `${surname} ${rng.pick(SURNAME_TRADES)}` : `${rng.pick(PLACE_PREFIXES)} ${rng.pick(BUSINESS_NOUNS)}`;
      if (suffix) businessName += ` ${suffix}`;
      if (rng.chance(0.6)) {
        taxId = ein(rng);
        taxType = rng.chance(0.5) ? 'EIN' : '';
      }
    } else {
      // One customer in 40 has a name the old system spelled with an accent (é, ñ, í, ú).
      const accented = t.customers % 40 === 7;
      const raw = accented ? rng.pick(ACCENTED_LAST) : rng.pick(LAST_NAMES);
      const female = rng.chance(0.5);
      const rawFirst = accented ? (female ? 'Maria' : 'Jose') : rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
      last = ACCENTED[raw] !== undefined && (accented || rng.chance(0.5)) ? ACCENTED[raw] : raw;
      first = ACCENTED[rawFirst] !== undefined && (accented || rng.chance(0.5)) ? ACCENTED[rawFirst] : rawFirst;
      if (rng.chance(0.3)) middle = String.fromCharCode(65 + rng.int(0, 25));
      if (HISPANIC.has(raw) && rng.chance(0.35)) language = 'ES';
      const r = rng.float();
      if (r < 0.3) {
        taxId = ssn(rng);
        taxType = rng.chance(0.5) ? 'SSN' : '';
      } else if (r < 0.33) {
        taxId = itin(rng);
        taxType = rng.chance(0.5) ? 'ITIN' : '';
      }
    }
    const hasPhone = rng.chance(0.92);
    const email = rng.chance(0.35) ? `${(business ? businessName.split(' ')[0]! : `${first[0]}${last}`).toLowerCase().replace(/[^a-z]/g, '')}${rng.int(1, 999)}@${rng.pick(EMAIL_DOMAINS)}` : '';
    sinks.customers.row([
      id,
      business ? (rng.chance(0.5) ? 'B' : 'business') : rng.chance(0.9) ? 'P' : '',
      last,
      first,
      middle,
      businessName,
      mail,
      town.city,
      town.state,
      rng.chance(0.1) ? `${town.zip}-${String(rng.int(1, 9999)).padStart(4, '0')}` : town.zip,
      hasPhone ? phone(rng) : '',
      hasPhone && rng.chance(0.25) ? phone(rng) : '',
      email,
      taxId,
      taxType,
      language,
    ]);
    return { id, name: business ? businessName : `${first} ${last}` };
  };

  /** The bills of an account from its first to its last bill day (at most 24, the newest). */
  const billsOf = (cycle: number, fromDay: number, lastDay: number, business: boolean, svc: Record<ConversionSetService, boolean>, eru: number): Bill[] => {
    const bills: Bill[] = [];
    const { y: newestY, m: newestM } = newestOf(cycle);
    const baseGallons = business ? rng.int(4000, 40000) : rng.int(2000, 7000);
    const baseKwh = business ? rng.int(1500, 12000) : rng.int(500, 1400);
    for (let k = 23; k >= 0; k--) {
      let y = newestY;
      let m = newestM - k;
      while (m < 1) {
        m += 12;
        y--;
      }
      const billDay = billDayOf(y, m, cycle);
      if (billDay <= fromDay + 20 || billDay > lastDay) continue;
      const toDay = billDay - 3;
      const fromD = Math.max(fromDay, toDay - 29);
      const { m: month } = civil(toDay);
      const summer = month >= 6 && month <= 9 ? 1.35 : 1;
      const gallons = svc.water ? Math.round(baseGallons * summer * (0.75 + rng.float() * 0.5)) : null;
      const kwh = svc.electric ? Math.round(baseKwh * (month <= 2 || month >= 12 || (month >= 7 && month <= 8) ? 1.3 : 1) * (0.8 + rng.float() * 0.4)) : null;
      const amounts: Record<ConversionSetService, number> = {
        water: gallons !== null ? 1650 + Math.round((gallons * 62) / 100) : 0,
        sewer: svc.sewer && gallons !== null ? 1900 + Math.round((gallons * 71) / 100) : 0,
        electric: kwh !== null ? 1400 + Math.round((kwh * 1130) / 100) : 0,
        solid_waste: svc.solid_waste ? (business ? 4500 : 1850) : 0,
        stormwater: svc.stormwater ? Math.round((400 * eru) / 100) : 0,
      };
      const fees = rng.chance(0.02) ? 500 : 0;
      let total = fees;
      for (const s of SERVICE_ORDER) total += amounts[s];
      bills.push({ billDay, dueDay: billDay + DUE_DAYS, fromDay: fromD, toDay, gallons, kwh, amounts, fees, total, paid: 0, paidDay: -1 });
    }
    return bills;
  };

  const writeHistory = (number: string, bills: Bill[]) => {
    for (const b of bills) {
      sinks.history.row([
        number,
        usOf(b.billDay),
        usOf(b.dueDay),
        usOf(b.fromDay),
        usOf(b.toDay),
        b.gallons ?? '',
        b.kwh ?? '',
        dollarsGrouped(b.amounts.water),
        dollarsGrouped(b.amounts.sewer),
        dollarsGrouped(b.amounts.electric),
        dollarsGrouped(b.amounts.solid_waste),
        dollarsGrouped(b.amounts.stormwater),
        dollarsGrouped(b.fees),
        dollarsGrouped(b.total),
        b.paid > 0 ? dollarsGrouped(b.paid) : '',
        b.paid > 0 ? usOf(b.paidDay) : '',
      ]);
      t.historyBills++;
      t.historyBilledCents += b.total;
    }
  };

  /** Open charges for a bill's unpaid part: the payment went to the services in order. */
  const openBill = (number: string, b: Bill) => {
    let applied = b.paid;
    for (const s of SERVICE_ORDER) {
      let left = b.amounts[s];
      const take = Math.min(left, applied);
      left -= take;
      applied -= take;
      if (left > 0) openCharge(number, s, b.billDay, b.dueDay, left, '');
    }
    const feeLeft = b.fees - Math.min(b.fees, applied);
    if (feeLeft > 0) openCharge(number, 'FEE', b.billDay, b.dueDay, feeLeft, 'Late fee');
  };

  let index = 0;
  let location = 0;
  let reported = 0;
  while (index < o.accounts) {
    location++;
    t.locations++;
    const locId = String(100_000 + location);
    const business = rng.chance(0.11);
    const street = rng.pick(STREETS);
    const address = `${rng.int(1, 40) * 10 + rng.int(0, 9)} ${street}`;
    const unit = !business && rng.chance(0.1) ? `Apt ${rng.int(1, 4)}${String.fromCharCode(65 + rng.int(0, 3))}` : business && rng.chance(0.2) ? `Suite ${rng.int(100, 300)}` : '';
    const inside = rng.chance(0.94);
    const eru = business ? rng.pick([150, 200, 250, 300, 400, 600, 800, 1200]) : 100;
    sinks.locations.row([locId, address, unit, TOWN.city, TOWN.state, TOWN.zip, business ? (rng.chance(0.5) ? 'C' : 'commercial') : rng.chance(0.8) ? 'R' : '', inside ? (rng.chance(0.7) ? 'Y' : '') : 'N', eru === 100 && rng.chance(0.5) ? '' : dollars(eru)]);
    const hasWater = rng.chance(0.97);
    const hasElectric = rng.chance(0.5);
    const svc: Record<ConversionSetService, boolean> = {
      water: hasWater,
      sewer: hasWater && rng.chance(0.93),
      electric: hasElectric,
      solid_waste: business ? rng.chance(0.6) : rng.chance(0.95),
      stormwater: rng.chance(0.4),
    };
    if (!svc.water && !svc.electric && !svc.solid_waste) svc.solid_waste = true;
    const cycle = rng.int(1, 4);
    const routeIdx = (cycle - 1) * ROUTES_PER_CYCLE + rng.int(0, ROUTES_PER_CYCLE - 1);
    const route = `R${cycle}${String((routeIdx % ROUTES_PER_CYCLE) + 1).padStart(2, '0')}`;
    routeNext[routeIdx]! += 10;
    const sequence = routeNext[routeIdx]!;
    // The live account's status; an older closed account first at ~8 % of locations.
    const r = rng.float();
    const status: 'active' | 'pending' | 'final_billed' = r < 0.025 ? 'pending' : r < 0.075 ? 'final_billed' : 'active';
    const older = index + 1 < o.accounts && rng.chance(0.08);
    const liveOpened = status === 'pending' ? today - rng.int(0, 10) : today - rng.int(60, older ? 1500 : 5500);
    const firstOpened = older ? liveOpened - rng.int(400, 4000) : liveOpened;
    // Set before the first account opened, and before the last reading (20–40 days ago).
    const installed = Math.min(firstOpened - rng.int(0, 2000), today - 45);
    // Meters: the last reading is the one the last bill used.
    const dials = business ? 7 : 6;
    if (hasWater) {
      t.meters++;
      sinks.meters.row([`W${String(20_000_000 + location)}`, locId, rng.chance(0.5) ? 'W' : 'water', business ? rng.pick(['1"', '1-1/2"', '2"']) : rng.chance(0.6) ? '5/8"' : '', dials, rng.chance(0.5) ? 1 : '', isoOf(installed), rng.int(1000, 10 ** (dials - 1)), isoOf(today - rng.int(20, 40))]);
    }
    if (hasElectric) {
      t.meters++;
      sinks.meters.row([`E${String(30_000_000 + location)}`, locId, rng.chance(0.5) ? 'E' : 'electric', '', business ? 6 : 5, business && rng.chance(0.3) ? 40 : 1, isoOf(installed), rng.int(1000, 9999), isoOf(today - rng.int(20, 40))]);
    }
    const codes = [svc.water ? 'W' : '', svc.sewer ? 'S' : '', svc.electric ? 'E' : '', svc.solid_waste ? 'G' : '', svc.stormwater ? 'D' : ''].filter(Boolean);
    const sep = rng.pick([' ', ' ', ' ', ';', '/']);

    const accountRow = (number: string, customer: string, st: 'active' | 'pending' | 'final_billed' | 'closed', opened: number, closed: number | null) => {
      t.accounts++;
      t.accountsByStatus[st]++;
      const statusCode = { active: rng.chance(0.7) ? 'A' : 'active', pending: 'P', final_billed: rng.chance(0.5) ? 'F' : 'final', closed: 'C' }[st];
      sinks.accounts.row([number, customer, locId, statusCode, isoOf(opened), closed === null ? '' : isoOf(closed), cycle, route, sequence, codes.join(sep), rng.chance(0.35) ? 'O' : rng.chance(0.5) ? 'T' : '', rng.chance(0.01) ? 'Y' : '', st === 'active' && rng.chance(0.01) ? isoOf(today + rng.int(10, 120)) : '']);
    };

    if (older) {
      const number = oldAccountNumber(index++, rng);
      const customer = newCustomer(business, address, unit).id;
      const closedOn = liveOpened - rng.int(1, 30);
      accountRow(number, customer, 'closed', firstOpened, closedOn);
      const bills = billsOf(cycle, firstOpened, closedOn + 10, business, svc, eru);
      for (const b of bills) {
        b.paid = b.total;
        b.paidDay = Math.min(b.dueDay - rng.int(0, 15), today);
        if (b.paidDay <= b.billDay) b.paidDay = b.billDay + 1;
      }
      writeHistory(number, bills);
      if (rng.chance(0.15)) sinks.notes.row([number, isoOf(closedOn), 'Final bill paid; service closed at move-out.', 'N']);
    }

    const number = oldAccountNumber(index++, rng);
    // About 3 % of accounts belong to a customer who already has one (a landlord, a chain).
    const made = t.customers > 10 && rng.chance(0.03) ? null : newCustomer(business, address, unit);
    const customer = made ? made.id : `C${String(rng.int(1, t.customers)).padStart(7, '0')}`;
    const closedOn = status === 'final_billed' ? Math.max(liveOpened + 30, today - rng.int(5, 200)) : null;
    accountRow(number, customer, status, liveOpened, closedOn);
    shortCodes = rng.chance(0.5);
    const bills = status === 'pending' ? [] : billsOf(cycle, liveOpened, closedOn === null ? today : closedOn + 10, business, svc, eru);
    // How many of the newest bills are still unpaid, and whether the oldest unpaid one was paid in part.
    let unpaid = 0;
    const behaviour = rng.float();
    if (status === 'final_billed') unpaid = rng.chance(0.5) ? Math.min(bills.length, rng.int(1, 3)) : 0;
    else if (bills.length > 0) {
      const newest = bills[bills.length - 1]!;
      const notDue = newest.dueDay >= today;
      if (behaviour < 0.55) unpaid = notDue && rng.chance(0.75) ? 1 : 0;
      else if (behaviour < 0.7) unpaid = 0;
      else if (behaviour < 0.82) unpaid = 2;
      else if (behaviour < 0.9) unpaid = 3;
      else if (behaviour < 0.95) unpaid = 4;
      else unpaid = rng.int(5, 7);
      if (newest.billDay >= today) unpaid = Math.max(unpaid, 1);
      unpaid = Math.min(unpaid, bills.length);
    }
    const partial = unpaid > 0 && rng.chance(0.2);
    for (let k = 0; k < bills.length; k++) {
      const b = bills[k]!;
      const open = k >= bills.length - unpaid;
      if (!open) {
        b.paid = b.total;
        b.paidDay = Math.min(b.dueDay - rng.int(-5, 15), today);
      } else if (partial && k === bills.length - unpaid) {
        b.paid = Math.floor((b.total * rng.int(20, 80)) / 100);
        b.paidDay = Math.min(b.dueDay - rng.int(0, 10), today);
      }
      if (b.paid > 0 && b.paidDay <= b.billDay) b.paidDay = b.billDay + 1;
      if (b.paid > 0 && b.paidDay > today) {
        // Billed today: nothing paid yet.
        b.paid = 0;
        b.paidDay = -1;
        if (!open) unpaid++;
      }
    }
    writeHistory(number, bills);
    for (let k = Math.max(0, bills.length - unpaid); k < bills.length; k++) openBill(number, bills[k]!);
    if (unpaid >= 2 && status === 'active' && rng.chance(0.6)) {
      const late = bills[bills.length - unpaid]!;
      const penaltyBill = bills[bills.length - unpaid + 1]!;
      openCharge(number, 'PENALTY', penaltyBill.billDay, penaltyBill.dueDay, Math.max(100, Math.round(late.total * 0.05)), '');
    }
    if (status === 'active' && rng.chance(0.01)) {
      const day = today - rng.int(5, 60);
      openCharge(number, 'FEE', day, day + DUE_DAYS, rng.pick([2500, 3500, 5000]), rng.pick(FEE_TEXTS));
    }
    if (status !== 'pending' && rng.chance(0.02)) {
      const day = Math.max(liveOpened + 1, today - rng.int(120, 700));
      openCharge(number, 'BALANCE', day, day + DUE_DAYS, rng.int(1500, 45000), 'Balance forward');
    }
    if (status === 'active' && unpaid === 0 && rng.chance(0.08)) {
      const day = today - rng.int(1, 40);
      openCharge(number, 'CREDIT', day, day, rng.int(500, 9000), 'Overpayment');
    }

    // Deposits, drafts, Medical Alert, notes.
    if (status === 'active' && rng.chance(0.6)) {
      const cents = business ? rng.pick([30000, 50000, 75000, 100000, 250000]) : rng.pick([10000, 15000, 20000]);
      t.depositsCount++;
      t.depositsCents += cents;
      sinks.deposits.row([number, dollars(cents), isoOf(liveOpened)]);
    } else if (status === 'pending' && rng.chance(0.8)) {
      const cents = business ? 50000 : 15000;
      t.depositsCount++;
      t.depositsCents += cents;
      sinks.deposits.row([number, dollars(cents), isoOf(liveOpened)]);
    }
    if (status === 'active' && made && rng.chance(0.1)) {
      t.bankDrafts++;
      const body = rng.pick(ROUTING_PREFIXES) + String(rng.int(0, 999_999)).padStart(6, '0');
      const bank = String(rng.int(1, 9)) + String(rng.int(0, 99_999_999)).padStart(8, '0').slice(0, rng.int(4, 8));
      const holder = made.name;
      sinks.bank_drafts.row([number, holder, `${body}${routingCheckDigit(body)}`, bank, rng.chance(0.7) ? 'C' : 'S', isoOf(liveOpened + rng.int(0, 50)), rng.chance(0.95) ? 'active' : 'prenote']);
    }
    if (status === 'active' && !business && rng.chance(0.005)) {
      t.medicalAlerts++;
      const cert = today - rng.int(10, 300);
      sinks.medical_alerts.row([number, isoOf(cert), isoOf(cert + 365), rng.pick(PHYSICIANS), rng.chance(0.8) ? phone(rng) : '']);
    }
    if (rng.chance(0.03)) {
      const n = rng.pick(NOTE_TEXTS);
      const day = Math.max(liveOpened, today - rng.int(1, 500));
      const at = rng.chance(0.4) ? `${isoOf(day)} ${String(rng.int(8, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}` : isoOf(day);
      sinks.notes.row([number, at, n.text, n.followUp ? 'Y' : rng.chance(0.5) ? 'N' : '']);
    }
    if (o.onProgress && (index - reported >= 10_000 || index >= o.accounts)) {
      reported = index;
      o.onProgress(index, o.accounts);
    }
  }
  for (const kind of Object.keys(sinks) as ConversionKind[]) {
    sinks[kind].close();
    t.rows[kind] = sinks[kind].rows;
  }
  t.notes = t.rows.notes;
  return t;
}
