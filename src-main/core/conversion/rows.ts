// One row of each conversion file, read into a record: every value checked on its own (the
// checks between rows and files are in check.ts). Used by both passes: the check reads every
// row; the load reads the accepted rows again and writes them.
import type { Service } from '../../../src-shared/domain';
import { checkRoutingNumber } from '../../../src-shared/ipc/export-schemas';
import { taxIdProblem, type TaxIdKind } from '../../../src-shared/ipc/customer-schemas';
import { checkLegacyNumber, legacyKey, ownFormOf, type CheckDigitRule } from '../../../src-shared/legacy-number';
import type { RejectCode } from '../../../src-shared/ipc/conversion-schemas';
import type { HeaderMap } from './layouts';
import {
  Problem,
  readAmount,
  readChoice,
  readDate,
  readDateTime,
  readEmail,
  readPhone,
  readServices,
  readState,
  readText,
  readWhole,
  readYesNo,
  readZip,
  SERVICE_CODES,
} from './values';

export interface Issue {
  column: string;
  code: RejectCode;
  reason: string;
}

/** A record's fields by canonical column, and the problems found reading them. */
export class Row {
  readonly issues: Issue[] = [];
  constructor(
    readonly line: number,
    private readonly fields: string[],
    private readonly header: HeaderMap,
  ) {}

  raw(column: string): string {
    const i = this.header.index.get(column);
    return i === undefined ? '' : (this.fields[i] ?? '').trim();
  }

  problem(column: string, code: RejectCode, reason: string): void {
    this.issues.push({ column, code, reason });
  }

  /** The value, or undefined after recording its problem. */
  take<T>(column: string, v: T | Problem): T | undefined {
    if (v instanceof Problem) {
      this.issues.push({ column, code: v.code, reason: v.reason });
      return undefined;
    }
    return v;
  }

  required(column: string): string | undefined {
    const v = this.raw(column);
    if (v === '') {
      this.problem(column, 'REQUIRED', `${column} is required`);
      return undefined;
    }
    return v;
  }

  text(column: string, max: number, required = false): string | null | undefined {
    const v = required ? this.required(column) : this.raw(column);
    if (v === undefined) return undefined;
    if (v === '') return null;
    return this.take(column, readText(v, max));
  }

  date(column: string, required = true): string | null | undefined {
    const v = required ? this.required(column) : this.raw(column);
    if (v === undefined) return undefined;
    if (v === '') return null;
    return this.take(column, readDate(v));
  }

  amount(column: string, required = true): number | null | undefined {
    const v = required ? this.required(column) : this.raw(column);
    if (v === undefined) return undefined;
    if (v === '') return null;
    return this.take(column, readAmount(v));
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }
}

const key = (raw: string) => raw.toUpperCase();

// Customers ----------------------------------------------------------------------------------

export interface CustomerRec {
  key: string;
  kind: 'person' | 'business';
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  businessName: string | null;
  mailStreet: string;
  mailCity: string;
  mailState: string;
  mailZip: string;
  phone: string | null;
  altPhone: string | null;
  email: string | null;
  taxId: { kind: TaxIdKind; digits: string } | null;
  language: 'en' | 'es';
}

export function readCustomer(r: Row): CustomerRec | null {
  const id = r.text('customer_id', 30, true);
  const kind = r.raw('type') === '' ? 'person' : r.take('type', readChoice(r.raw('type'), { P: 'person', PERSON: 'person', I: 'person', INDIVIDUAL: 'person', R: 'person', RESIDENTIAL: 'person', B: 'business', BUSINESS: 'business', C: 'business', COMMERCIAL: 'business', COMPANY: 'business' } as const, 'customer type (P or B)'));
  const firstName = r.text('first_name', 40);
  const middleName = r.text('middle_name', 40);
  const lastName = r.text('last_name', 60);
  const businessName = r.text('business_name', 100);
  if (kind === 'person' && lastName === null) r.problem('last_name', 'REQUIRED', 'a person needs a last name');
  if (kind === 'business' && businessName === null) r.problem('business_name', 'REQUIRED', 'a business needs a business name');
  const mailStreet = r.text('mail_address', 100, true);
  const mailCity = r.text('mail_city', 60, true);
  const st = r.required('mail_state');
  const mailState = st === undefined ? undefined : r.take('mail_state', readState(st));
  const z = r.required('mail_zip');
  const mailZip = z === undefined ? undefined : r.take('mail_zip', readZip(z));
  const phone = r.take('phone', readPhone(r.raw('phone')));
  const altPhone = r.take('alt_phone', readPhone(r.raw('alt_phone')));
  const email = r.take('email', readEmail(r.raw('email')));
  const language = r.raw('language') === '' ? 'en' : r.take('language', readChoice(r.raw('language'), { EN: 'en', ENGLISH: 'en', E: 'en', ES: 'es', SPANISH: 'es', SP: 'es', S: 'es' } as const, 'language (EN or ES)'));
  let taxId: CustomerRec['taxId'] = null;
  const rawTax = r.raw('tax_id');
  if (rawTax !== '') {
    const digits = rawTax.replace(/[\s-]/g, '');
    let tkind: TaxIdKind | undefined;
    if (r.raw('tax_id_type') !== '') tkind = r.take('tax_id_type', readChoice(r.raw('tax_id_type'), { SSN: 'ssn', S: 'ssn', ITIN: 'itin', I: 'itin', EIN: 'ein', E: 'ein', FEIN: 'ein', FID: 'ein' } as const, 'tax id type (SSN, ITIN or EIN)'));
    else tkind = kind === 'business' ? 'ein' : digits.startsWith('9') ? 'itin' : 'ssn';
    if (tkind) {
      const problem = taxIdProblem(tkind, digits);
      if (problem) r.problem('tax_id', 'BAD_TAX_ID', problem);
      else if (kind === 'person' && tkind === 'ein') r.problem('tax_id', 'BAD_TAX_ID', 'a person has an SSN or ITIN, not an EIN');
      else if (kind === 'business' && tkind === 'itin') r.problem('tax_id', 'BAD_TAX_ID', 'a business has an EIN (or the owner’s SSN), not an ITIN');
      else taxId = { kind: tkind, digits };
    }
  }
  if (!r.ok) return null;
  return {
    key: key(id!),
    kind: kind!,
    firstName: firstName ?? null,
    middleName: middleName ?? null,
    lastName: lastName ?? null,
    businessName: businessName ?? null,
    mailStreet: mailStreet!,
    mailCity: mailCity!,
    mailState: mailState!,
    mailZip: mailZip!,
    phone: phone ?? null,
    altPhone: altPhone ?? null,
    email: email ?? null,
    taxId,
    language: language!,
  };
}

// Locations ----------------------------------------------------------------------------------

export interface LocationRec {
  key: string;
  street: string;
  unit: string | null;
  city: string;
  state: string;
  zip: string;
  serviceClass: 'residential' | 'commercial';
  insideLimits: boolean;
  eruHundredths: number;
}

export function readLocation(r: Row): LocationRec | null {
  const id = r.text('location_id', 30, true);
  const street = r.text('service_address', 100, true);
  const unit = r.text('unit', 20);
  const city = r.text('city', 60, true);
  const st = r.required('state');
  const state = st === undefined ? undefined : r.take('state', readState(st));
  const z = r.required('zip');
  const zip = z === undefined ? undefined : r.take('zip', readZip(z));
  const serviceClass = r.raw('class') === '' ? 'residential' : r.take('class', readChoice(r.raw('class'), { R: 'residential', RES: 'residential', RESIDENTIAL: 'residential', C: 'commercial', COM: 'commercial', COMM: 'commercial', COMMERCIAL: 'commercial' } as const, 'class (R or C)'));
  const insideLimits = r.take('inside_limits', readYesNo(r.raw('inside_limits'), true));
  let eruHundredths: number | undefined = 100;
  if (r.raw('eru') !== '') {
    const a = r.take('eru', readAmount(r.raw('eru')));
    if (a !== undefined) {
      if (a < 0 || a > 100_000) r.problem('eru', 'BAD_NUMBER', `${r.raw('eru')} ERUs is out of range (0–1,000)`);
      else eruHundredths = a;
    }
  }
  if (!r.ok) return null;
  return { key: key(id!), street: street!, unit: unit ?? null, city: city!, state: state!, zip: zip!, serviceClass: serviceClass!, insideLimits: insideLimits!, eruHundredths: eruHundredths };
}

// Meters -------------------------------------------------------------------------------------

export interface MeterRec {
  number: string;
  location: string;
  service: 'water' | 'electric';
  size: string;
  dials: number;
  multiplier: number;
  installedOn: string;
  lastReading: number | null;
  lastReadOn: string | null;
}

export function readMeter(r: Row): MeterRec | null {
  const number = r.text('meter_number', 20, true);
  const location = r.text('location_id', 30, true);
  const svc = r.required('service');
  const service = svc === undefined ? undefined : r.take('service', readChoice(svc, { W: 'water', WA: 'water', WATER: 'water', E: 'electric', EL: 'electric', ELEC: 'electric', ELECTRIC: 'electric' } as const, 'meter service (W or E)'));
  const size = r.text('size', 12) ?? '5/8"';
  const dials = r.raw('dials') === '' ? 7 : r.take('dials', readWhole(r.raw('dials'), 3, 10));
  const multiplier = r.raw('multiplier') === '' ? 1 : r.take('multiplier', readWhole(r.raw('multiplier'), 1, 100_000));
  const installedOn = r.date('installed_on');
  const lastReading = r.raw('last_reading') === '' ? null : r.take('last_reading', readWhole(r.raw('last_reading'), 0, 9_999_999_999));
  const lastReadOn = r.date('last_read_on', false);
  if (lastReading !== null && lastReading !== undefined && lastReadOn === null) r.problem('last_read_on', 'REQUIRED', 'a last reading needs its date');
  if (lastReading === null && lastReadOn) r.problem('last_reading', 'REQUIRED', 'a read date needs its reading');
  if (dials !== undefined && lastReading !== null && lastReading !== undefined && lastReading >= 10 ** dials) r.problem('last_reading', 'BAD_NUMBER', `${lastReading} has more digits than the meter's ${dials} dials`);
  if (installedOn && lastReadOn && lastReadOn < installedOn) r.problem('last_read_on', 'DATE_ORDER', `read ${lastReadOn}, before the meter was installed ${installedOn}`);
  if (!r.ok) return null;
  return { number: number!, location: key(location!), service: service!, size: size ?? '5/8"', dials: dials!, multiplier: multiplier!, installedOn: installedOn!, lastReading: lastReading ?? null, lastReadOn: lastReadOn ?? null };
}

// Accounts -----------------------------------------------------------------------------------

export const ACCOUNT_STATUS_CODES = {
  A: 'active',
  ACTIVE: 'active',
  P: 'pending',
  PENDING: 'pending',
  F: 'final_billed',
  FINAL: 'final_billed',
  FINAL_BILLED: 'final_billed',
  I: 'final_billed',
  INACTIVE: 'final_billed',
  C: 'closed',
  CLOSED: 'closed',
} as const;

export interface AccountRec {
  /** The old number as printed, and its key. */
  printed: string;
  key: string;
  /** The number itself when it is already TownCounter's form. */
  ownForm: string | null;
  customer: string;
  location: string;
  status: 'active' | 'pending' | 'final_billed' | 'closed';
  openedOn: string;
  closedOn: string | null;
  cycle: number;
  route: string | null;
  readSequence: number | null;
  services: Service[];
  occupancy: 'owner' | 'tenant';
  cashOnly: boolean;
  noPenaltyUntil: string | null;
}

export function readAccount(r: Row, rule: CheckDigitRule): AccountRec | null {
  const printed = r.text('account_number', 30, true);
  let k: string | undefined;
  if (printed) {
    const c = checkLegacyNumber(printed, rule);
    if (c.ok) k = c.key;
    else if (c.reason === 'CHECK_DIGIT') r.problem('account_number', 'CHECK_DIGIT', `${printed} fails its check digit (${rule === 'luhn' ? 'mod 10' : 'mod 11'} — setting conversionCheckDigit)`);
    else r.problem('account_number', 'BAD_VALUE', `"${printed}" is not an account number${rule === 'none' ? ' (letters and digits)' : ' (digits, the last one the check digit)'}`);
  }
  const customer = r.text('customer_id', 30, true);
  const location = r.text('location_id', 30, true);
  const st = r.required('status');
  const status = st === undefined ? undefined : r.take('status', readChoice(st, ACCOUNT_STATUS_CODES, 'status (A, P, F or C)'));
  const openedOn = r.date('opened_on');
  const closedOn = r.date('closed_on', false);
  if ((status === 'final_billed' || status === 'closed') && closedOn === null) r.problem('closed_on', 'REQUIRED', `a ${status === 'closed' ? 'closed' : 'final-billed'} account needs its closing date`);
  if ((status === 'active' || status === 'pending') && closedOn) r.problem('closed_on', 'DATE_ORDER', `an ${status} account has no closing date`);
  if (openedOn && closedOn && closedOn < openedOn) r.problem('closed_on', 'DATE_ORDER', `closed ${closedOn}, before it opened ${openedOn}`);
  const cy = r.required('cycle');
  const cycle = cy === undefined ? undefined : r.take('cycle', readWhole(cy, 1, 4));
  let route: string | null = null;
  if (r.raw('route') !== '') {
    const v = r.raw('route').toUpperCase();
    if (!/^[A-Z0-9]{1,8}$/.test(v)) r.problem('route', 'BAD_VALUE', `"${r.raw('route')}" is not a route (1–8 letters or digits)`);
    else route = v;
  }
  const readSequence = r.raw('read_sequence') === '' ? null : r.take('read_sequence', readWhole(r.raw('read_sequence'), 0, 9_999_999));
  const sv = r.required('services');
  const services = sv === undefined ? undefined : r.take('services', readServices(sv));
  const occupancy = r.raw('occupancy') === '' ? 'tenant' : r.take('occupancy', readChoice(r.raw('occupancy'), { O: 'owner', OWNER: 'owner', T: 'tenant', TENANT: 'tenant', R: 'tenant', RENTER: 'tenant' } as const, 'occupancy (O or T)'));
  const cashOnly = r.take('cash_only', readYesNo(r.raw('cash_only'), false));
  const noPenaltyUntil = r.date('no_penalty_until', false);
  if (!r.ok) return null;
  return {
    printed: printed!,
    key: k!,
    ownForm: ownFormOf(printed!),
    customer: key(customer!),
    location: key(location!),
    status: status!,
    openedOn: openedOn!,
    closedOn: closedOn ?? null,
    cycle: cycle!,
    route,
    readSequence: readSequence ?? null,
    services: services!,
    occupancy: occupancy!,
    cashOnly: cashOnly!,
    noPenaltyUntil: noPenaltyUntil ?? null,
  };
}

/** The key an account reference in a child file is looked up by. */
export function accountRef(r: Row): string | undefined {
  const v = r.required('account_number');
  return v === undefined ? undefined : legacyKey(v);
}

// Open charges -------------------------------------------------------------------------------

export type ChargeKind = 'service' | 'penalty' | 'fee' | 'balance_forward' | 'credit';

export interface ChargeRec {
  account: string;
  kind: ChargeKind;
  service: Service | null;
  billDate: string;
  dueDate: string;
  /** Positive: owed; for a credit, the credit held (positive). */
  cents: number;
  description: string | null;
}

const CHARGE_CODES: Record<string, ChargeKind> = { PENALTY: 'penalty', PEN: 'penalty', LATE: 'penalty', FEE: 'fee', FEES: 'fee', BALANCE: 'balance_forward', BAL: 'balance_forward', BF: 'balance_forward', BALANCE_FORWARD: 'balance_forward', CREDIT: 'credit', CR: 'credit' };

export function readCharge(r: Row): ChargeRec | null {
  const account = accountRef(r);
  const sv = r.required('service');
  let kind: ChargeKind | undefined;
  let service: Service | null = null;
  if (sv !== undefined) {
    const u = sv.toUpperCase().replace(/[\s-]+/g, '_');
    if (SERVICE_CODES[u]) {
      kind = 'service';
      service = SERVICE_CODES[u];
    } else if (CHARGE_CODES[u]) kind = CHARGE_CODES[u];
    else r.problem('service', 'BAD_VALUE', `"${sv}" is not a service, PENALTY, FEE, BALANCE or CREDIT`);
  }
  const billDate = r.date('bill_date');
  const dueDate = r.date('due_date');
  if (billDate && dueDate && dueDate < billDate) r.problem('due_date', 'DATE_ORDER', `due ${dueDate}, before it was billed ${billDate}`);
  let cents = r.amount('amount');
  if (cents !== undefined && cents !== null) {
    if (kind === 'credit') {
      if (cents === 0) r.problem('amount', 'BAD_AMOUNT', 'a credit of zero');
      cents = Math.abs(cents);
    } else if (cents <= 0) r.problem('amount', 'BAD_AMOUNT', `${r.raw('amount')}: an open charge is more than zero (a credit is service CREDIT)`);
  }
  const description = r.text('description', 120);
  if (!r.ok) return null;
  return { account: account!, kind: kind!, service, billDate: billDate!, dueDate: dueDate!, cents: cents!, description: description ?? null };
}

// Deposits -----------------------------------------------------------------------------------

export interface DepositRec {
  account: string;
  cents: number;
  paidOn: string;
}

export function readDeposit(r: Row): DepositRec | null {
  const account = accountRef(r);
  const cents = r.amount('amount');
  if (cents !== undefined && cents !== null && cents <= 0) r.problem('amount', 'BAD_AMOUNT', 'a deposit is more than zero');
  const paidOn = r.date('paid_on');
  if (!r.ok) return null;
  return { account: account!, cents: cents!, paidOn: paidOn! };
}

// History ------------------------------------------------------------------------------------

export interface HistoryRec {
  account: string;
  billDate: string;
  dueDate: string;
  periodFrom: string;
  periodTo: string;
  waterGallons: number | null;
  electricKwh: number | null;
  water: number;
  sewer: number;
  electric: number;
  solidWaste: number;
  stormwater: number;
  fees: number;
  total: number;
  paidCents: number;
  paidOn: string | null;
}

function usage(r: Row, col: string): number | null | undefined {
  return r.raw(col) === '' ? null : r.take(col, readWhole(r.raw(col), 0, 999_999_999));
}

/** One of a bill's amounts: empty is zero, never negative. */
function part(r: Row, col: string): number | undefined {
  const v = r.amount(col, false);
  if (v === undefined) return undefined;
  if (v === null) return 0;
  if (v < 0) {
    r.problem(col, 'BAD_AMOUNT', `${r.raw(col)}: a bill's amounts are not negative`);
    return undefined;
  }
  return v;
}

export function readHistory(r: Row): HistoryRec | null {
  const account = accountRef(r);
  const billDate = r.date('bill_date');
  const dueDate = r.date('due_date');
  const periodFrom = r.date('period_from');
  const periodTo = r.date('period_to');
  if (billDate && dueDate && dueDate < billDate) r.problem('due_date', 'DATE_ORDER', `due ${dueDate}, before it was billed ${billDate}`);
  if (periodFrom && periodTo && periodTo < periodFrom) r.problem('period_to', 'DATE_ORDER', `the period ends ${periodTo}, before it starts ${periodFrom}`);
  if (periodTo && billDate && periodTo > billDate) r.problem('period_to', 'DATE_ORDER', `the period ends ${periodTo}, after the bill date ${billDate}`);
  const waterGallons = usage(r, 'water_gallons');
  const electricKwh = usage(r, 'electric_kwh');
  const water = part(r, 'water');
  const sewer = part(r, 'sewer');
  const electric = part(r, 'electric');
  const solidWaste = part(r, 'solid_waste');
  const stormwater = part(r, 'stormwater');
  const fees = part(r, 'fees');
  const total = r.amount('total');
  const parts = [water, sewer, electric, solidWaste, stormwater, fees];
  if (total !== undefined && total !== null && parts.every((p) => p !== undefined)) {
    const sum = (parts).reduce((a, b) => a + b, 0);
    if (sum !== total) r.problem('total', 'TOTAL_MISMATCH', `the total ${r.raw('total')} is not the sum of the amounts (${(sum / 100).toFixed(2)})`);
  }
  if (total !== undefined && total !== null && total < 0) r.problem('total', 'BAD_AMOUNT', 'a bill total is not negative');
  const paid = r.amount('paid_amount', false);
  if (paid !== undefined && paid !== null && paid < 0) r.problem('paid_amount', 'BAD_AMOUNT', 'a paid amount is not negative');
  if (paid !== undefined && paid !== null && total !== undefined && total !== null && paid > total) r.problem('paid_amount', 'BAD_AMOUNT', `paid ${r.raw('paid_amount')}, more than the bill's total`);
  const paidOn = r.date('paid_on', false);
  if (paid && paidOn === null) r.problem('paid_on', 'REQUIRED', 'a paid amount needs its date');
  if (billDate && paidOn && paidOn < billDate) r.problem('paid_on', 'DATE_ORDER', `paid ${paidOn}, before the bill date ${billDate}`);
  if (!r.ok) return null;
  return {
    account: account!,
    billDate: billDate!,
    dueDate: dueDate!,
    periodFrom: periodFrom!,
    periodTo: periodTo!,
    waterGallons: waterGallons ?? null,
    electricKwh: electricKwh ?? null,
    water: water!,
    sewer: sewer!,
    electric: electric!,
    solidWaste: solidWaste!,
    stormwater: stormwater!,
    fees: fees!,
    total: total!,
    paidCents: paid ?? 0,
    paidOn: paid ? paidOn! : null,
  };
}

// Bank drafts --------------------------------------------------------------------------------

export interface DraftRec {
  account: string;
  holderName: string;
  routing: string;
  bankAccount: string;
  accountType: 'checking' | 'savings';
  authorizedOn: string;
  prenote: boolean;
}

export function readDraft(r: Row): DraftRec | null {
  const account = accountRef(r);
  const holderName = r.text('holder_name', 80, true);
  const rt = r.required('routing_number');
  let routing: string | undefined;
  if (rt !== undefined) {
    const c = checkRoutingNumber(rt.replace(/[\s-]/g, ''));
    if (c.ok) routing = c.routing;
    else if (c.reason === 'CHECK_DIGIT') r.problem('routing_number', 'CHECK_DIGIT', 'the routing number fails its ABA check digit');
    else r.problem('routing_number', 'BAD_VALUE', 'not a routing number (nine digits with an assigned prefix)');
  }
  const ba = r.required('bank_account');
  let bankAccount: string | undefined;
  if (ba !== undefined) {
    const d = ba.replace(/[\s-]/g, '');
    if (!/^\d{4,17}$/.test(d)) r.problem('bank_account', 'BAD_VALUE', 'a bank account number is 4–17 digits');
    else bankAccount = d;
  }
  const at = r.required('account_type');
  const accountType = at === undefined ? undefined : r.take('account_type', readChoice(at, { C: 'checking', CHK: 'checking', CHECKING: 'checking', DDA: 'checking', S: 'savings', SAV: 'savings', SAVINGS: 'savings' } as const, 'account type (C or S)'));
  const authorizedOn = r.date('authorized_on');
  const status = r.raw('status') === '' ? 'active' : r.take('status', readChoice(r.raw('status'), { A: 'active', ACTIVE: 'active', P: 'prenote', PRENOTE: 'prenote', PENDING: 'prenote' } as const, 'draft status (active or prenote)'));
  if (!r.ok) return null;
  return { account: account!, holderName: holderName!, routing: routing!, bankAccount: bankAccount!, accountType: accountType!, authorizedOn: authorizedOn!, prenote: status === 'prenote' };
}

// Medical Alert ------------------------------------------------------------------------------

export interface MedicalRec {
  account: string;
  certifiedOn: string;
  expiresOn: string;
  physician: string;
  physicianPhone: string | null;
}

export function readMedical(r: Row): MedicalRec | null {
  const account = accountRef(r);
  const certifiedOn = r.date('certified_on');
  const expiresOn = r.date('expires_on');
  if (certifiedOn && expiresOn && expiresOn <= certifiedOn) r.problem('expires_on', 'DATE_ORDER', `expires ${expiresOn}, not after it was certified ${certifiedOn}`);
  const physician = r.text('physician', 100, true);
  const physicianPhone = r.take('physician_phone', readPhone(r.raw('physician_phone')));
  if (!r.ok) return null;
  return { account: account!, certifiedOn: certifiedOn!, expiresOn: expiresOn!, physician: physician!, physicianPhone: physicianPhone ?? null };
}

// Notes --------------------------------------------------------------------------------------

export interface NoteRec {
  account: string;
  date: string;
  time: string | null;
  text: string;
  followUp: boolean;
}

export function readNote(r: Row): NoteRec | null {
  const account = accountRef(r);
  const on = r.required('noted_on');
  const when = on === undefined ? undefined : r.take('noted_on', readDateTime(on));
  const text = r.text('text', 2000, true);
  const followUp = r.take('follow_up', readYesNo(r.raw('follow_up'), false));
  if (!r.ok) return null;
  return { account: account!, date: when!.date, time: when!.time, text: text!, followUp: followUp! };
}
