// Customer deposits (DOMAIN.md "Service requests and deposits"): how much a new service must put
// down, with the arithmetic a clerk can read back to the customer; a letter of credit that waives
// it; charging it on the account (the service desk's ledger convention); and what an account holds.
//
// The rule, every number from settings:
// - residential: depositResidentialMonths × the location's average monthly bill over the last
//   depositHistoryMonths (only the services asked for, regular bills of any account at the
//   location); with no such bill, the class default (depositDefaultWithElectricCents when
//   electric is asked for, else depositDefaultWaterSewerCents). Either is capped at
//   depositCapTwelfths/12 of the estimated annual bill (0: no cap).
// - commercial: depositCommercialMonths × the estimated monthly bill (the class default when
//   there is no consumption to estimate from).
// - The estimated monthly bill is what the rate book in force today charges for the services
//   asked for on the location's average monthly consumption over the same months (water gallons
//   for water and sewer, kWh for electric; solid waste and stormwater are flat), or on the
//   service class's average consumption when the location has none; the annual bill is 12 × it.
// - Waived by a letter of credit received within letterOfCreditMaxAgeDays showing at least
//   letterOfCreditGoodMonths of good payment.
import type { Service } from '../../../src-shared/domain';
import { SERVICE_LABELS } from '../../../src-shared/domain';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import { formatCents } from '../../../src-shared/money';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { RateBook, type ServiceClass } from '../billing/rates';
import { ensureBusinessDay } from '../counter/day';
import { addDays, addMonths } from '../deps';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry } from '../ledger/journal';

export type DepositSettings = Pick<
  SettingsValues,
  | 'depositResidentialMonths'
  | 'depositCommercialMonths'
  | 'depositDefaultWaterSewerCents'
  | 'depositDefaultWithElectricCents'
  | 'depositCapTwelfths'
  | 'depositHistoryMonths'
  | 'letterOfCreditGoodMonths'
  | 'letterOfCreditMaxAgeDays'
>;

export interface DepositRequest {
  locationId: number;
  serviceClass: ServiceClass;
  services: readonly Service[];
  /** The customer asking for service: their letters of credit on file can waive the deposit. */
  customerId?: number | null;
}

export interface LetterOfCreditRef {
  letterOfCreditId: number;
  utility: string;
  receivedOn: string;
  goodMonths: number;
}

export interface DepositQuote {
  /** What the customer must pay: 0 when waived. */
  requiredCents: number;
  /** The amount the rule gives (after the cap), before any waiver. */
  computedCents: number;
  basis: 'history' | 'class_default' | 'commercial_estimate';
  /** Bills at the location counted for the average (residential). */
  history: { from: string; to: string; bills: number; totalCents: number; averageCents: number | null };
  estimatedMonthlyCents: number | null;
  estimatedAnnualCents: number | null;
  /** Null when there is no estimate to cap by, or the class is not capped (commercial). */
  capCents: number | null;
  capApplied: boolean;
  /** Each step, in words and dollars, for the screen and the confirmation letter. */
  arithmetic: string[];
  waivedBy: LetterOfCreditRef | null;
}

const money = (c: number) => formatCents(c, { symbol: true });
const num = (n: number) => n.toLocaleString('en-US');

/** Half-up integer division (non-negative numerator). */
function divRound(n: number, d: number): number {
  return Math.floor((2 * n + d) / (2 * d));
}


const SERVICE_COLUMN: Record<Service, string> = {
  solid_waste: 'solid_waste_cents',
  sewer: 'sewer_cents',
  water: 'water_cents',
  electric: 'electric_cents',
  stormwater: 'stormwater_cents',
};

function serviceList(services: readonly Service[]): string {
  return services.map((s) => SERVICE_LABELS[s].toLowerCase()).join(', ');
}

/** Letters of credit on file for a customer that waive a deposit today, best first. */
function qualifyingLetter(db: Db, customerId: number, settings: DepositSettings, today: string): { letter: LetterOfCreditRef | null; refused: string[] } {
  const rows = db
    .prepare('SELECT id, utility, received_on, good_months FROM letters_of_credit WHERE customer_id = ? AND voided_at IS NULL ORDER BY received_on DESC, id DESC')
    .all(customerId) as Array<{ id: number; utility: string; received_on: string; good_months: number }>;
  const oldest = addDays(today, -settings.letterOfCreditMaxAgeDays);
  const refused: string[] = [];
  for (const r of rows) {
    const fresh = r.received_on >= oldest && r.received_on <= today;
    const enough = r.good_months >= settings.letterOfCreditGoodMonths;
    if (fresh && enough) return { letter: { letterOfCreditId: r.id, utility: r.utility, receivedOn: r.received_on, goodMonths: r.good_months }, refused };
    const why = [
      !fresh ? `received ${r.received_on}, more than ${settings.letterOfCreditMaxAgeDays} days ago` : null,
      !enough ? `shows ${r.good_months} months of good payment, fewer than ${settings.letterOfCreditGoodMonths}` : null,
    ].filter(Boolean);
    refused.push(`Letter of credit from ${r.utility} does not waive the deposit: ${why.join('; ')}.`);
  }
  return { letter: null, refused };
}

interface LocationRow {
  id: number;
  street: string;
  unit: string | null;
  service_class: ServiceClass;
  inside_limits: number;
  eru_hundredths: number;
}

/** Average monthly consumption: the location's bills in the window, else the class's. */
function averageUsage(db: Db, loc: LocationRow, serviceClass: ServiceClass, from: string, to: string, column: 'water_gallons' | 'electric_kwh'): { units: number; source: 'location' | 'class' } | null {
  const mine = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(b.${column}), 0) AS total FROM bills b JOIN accounts a ON a.id = b.account_id
        WHERE a.location_id = ? AND b.bill_kind = 'regular' AND b.bill_date > ? AND b.bill_date <= ? AND b.${column} IS NOT NULL`,
    )
    .get(loc.id, from, to) as { n: number; total: number };
  if (mine.n > 0) return { units: divRound(mine.total, mine.n), source: 'location' };
  const cls = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(b.${column}), 0) AS total FROM bills b JOIN accounts a ON a.id = b.account_id JOIN service_locations l ON l.id = a.location_id
        WHERE l.service_class = ? AND b.bill_kind = 'regular' AND b.bill_date > ? AND b.bill_date <= ? AND b.${column} IS NOT NULL`,
    )
    .get(serviceClass, from, to) as { n: number; total: number };
  if (cls.n > 0) return { units: divRound(cls.total, cls.n), source: 'class' };
  return null;
}

/** The estimated monthly bill at today's rates, with a line per service; null when usage can't be estimated. */
function estimateMonthly(db: Db, loc: LocationRow, req: DepositRequest, from: string, today: string): { cents: number; line: string } | null {
  const book = RateBook.load(db);
  const needsWater = req.services.includes('water') || req.services.includes('sewer');
  const water = needsWater ? averageUsage(db, loc, req.serviceClass, from, today, 'water_gallons') : null;
  const electric = req.services.includes('electric') ? averageUsage(db, loc, req.serviceClass, from, today, 'electric_kwh') : null;
  if ((needsWater && !water) || (req.services.includes('electric') && !electric)) return null;
  const parts: string[] = [];
  let cents = 0;
  for (const service of req.services) {
    const units = service === 'water' || service === 'sewer' ? water!.units : service === 'electric' ? electric!.units : null;
    let c: number;
    try {
      c = book.periodCharge(service, req.serviceClass, { units, insideLimits: loc.inside_limits === 1, eruHundredths: loc.eru_hundredths }, addDays(today, -29), today)?.cents ?? 0;
    } catch (e) {
      if (e instanceof CoreError && e.code === 'NOT_FOUND') c = 0;
      else throw e;
    }
    cents += c;
    parts.push(`${SERVICE_LABELS[service].toLowerCase()}${units !== null ? ` on ${num(units)} ${service === 'electric' ? 'kWh' : 'gallons'}` : ''} ${money(c)}`);
  }
  const sources = [water, electric].filter((x) => x !== null);
  const src = sources.some((s) => s.source === 'class') ? `the ${req.serviceClass} class's average monthly use` : sources.length > 0 ? "the location's average monthly use" : 'flat charges';
  return { cents, line: `Estimated monthly bill at today's rates (${src}): ${parts.join(' + ')} = ${money(cents)}` };
}

/** The deposit a new service must pay, with the arithmetic shown. Reads only; writes nothing. */
export function computeDeposit(db: Db, req: DepositRequest, settings: DepositSettings, today: string): DepositQuote {
  if (req.services.length === 0) throw new CoreError('BAD_INPUT', 'Choose at least one service.', { field: 'services' });
  const loc = db.prepare('SELECT id, street, unit, service_class, inside_limits, eru_hundredths FROM service_locations WHERE id = ?').get(req.locationId) as LocationRow | undefined;
  if (!loc) throw new CoreError('NOT_FOUND', `No service location ${req.locationId}.`);
  const services = [...new Set(req.services)];
  const r: DepositRequest = { ...req, services };
  const from = addMonths(today, -settings.depositHistoryMonths);
  const arithmetic: string[] = [];
  const where = `${loc.street}${loc.unit ? ` ${loc.unit}` : ''}`;

  // History: regular bills of any account at the location, the services asked for only.
  const sumExpr = services.map((s) => `b.${SERVICE_COLUMN[s]}`).join(' + ');
  const bills = db
    .prepare(
      `SELECT ${sumExpr} AS cents FROM bills b JOIN accounts a ON a.id = b.account_id
        WHERE a.location_id = ? AND b.bill_kind = 'regular' AND b.bill_date > ? AND b.bill_date <= ? ORDER BY b.bill_date`,
    )
    .all(loc.id, from, today) as Array<{ cents: number }>;
  const counted = bills.filter((b) => b.cents > 0);
  const totalCents = counted.reduce((s, b) => s + b.cents, 0);
  const averageCents = counted.length > 0 ? divRound(totalCents, counted.length) : null;
  const history = { from: addDays(from, 1), to: today, bills: counted.length, totalCents, averageCents };

  const estimate = estimateMonthly(db, loc, r, from, today);
  const estimatedMonthlyCents = estimate?.cents ?? null;
  const estimatedAnnualCents = estimate ? estimate.cents * 12 : null;
  const classDefault = services.includes('electric') ? settings.depositDefaultWithElectricCents : settings.depositDefaultWaterSewerCents;
  const defaultLine = `Class default (no history), ${services.includes('electric') ? 'with electric' : 'water/sewer'}: ${money(classDefault)}`;

  let basis: DepositQuote['basis'];
  let computed: number;
  let capCents: number | null = null;
  let capApplied = false;
  if (req.serviceClass === 'commercial') {
    if (estimate && estimate.cents > 0) {
      basis = 'commercial_estimate';
      arithmetic.push(estimate.line);
      computed = settings.depositCommercialMonths * estimate.cents;
      arithmetic.push(`Commercial deposit: ${settings.depositCommercialMonths} × ${money(estimate.cents)} = ${money(computed)}`);
    } else {
      basis = 'class_default';
      computed = classDefault;
      arithmetic.push(`No consumption to estimate a commercial bill from. ${defaultLine}`);
    }
  } else {
    if (averageCents !== null) {
      basis = 'history';
      arithmetic.push(`History at ${where}: ${counted.length} bill${counted.length === 1 ? '' : 's'} from ${history.from} to ${today} for ${serviceList(services)}, ${money(totalCents)} in all`);
      arithmetic.push(`Average monthly bill: ${money(totalCents)} ÷ ${counted.length} = ${money(averageCents)}`);
      computed = settings.depositResidentialMonths * averageCents;
      arithmetic.push(`Deposit: ${settings.depositResidentialMonths} × ${money(averageCents)} = ${money(computed)}`);
    } else {
      basis = 'class_default';
      computed = classDefault;
      arithmetic.push(`No bills at ${where} from ${history.from} to ${today} for ${serviceList(services)}.`);
      arithmetic.push(defaultLine);
    }
    if (settings.depositCapTwelfths === 0) {
      arithmetic.push('No cap (depositCapTwelfths is 0).');
    } else if (estimate && estimatedAnnualCents !== null) {
      arithmetic.push(estimate.line);
      arithmetic.push(`Estimated annual bill: 12 × ${money(estimate.cents)} = ${money(estimatedAnnualCents)}`);
      capCents = divRound(estimatedAnnualCents * settings.depositCapTwelfths, 12);
      arithmetic.push(`Cap: ${settings.depositCapTwelfths}/12 × ${money(estimatedAnnualCents)} = ${money(capCents)}`);
      if (computed > capCents) {
        capApplied = true;
        arithmetic.push(`The cap applies: ${money(computed)} is more than ${money(capCents)}.`);
        computed = capCents;
      } else {
        arithmetic.push(`Under the cap: ${money(computed)} ≤ ${money(capCents)}.`);
      }
    } else {
      arithmetic.push('No consumption to estimate the annual bill from: no cap.');
    }
  }
  arithmetic.push(`Deposit required: ${money(computed)}`);

  let waivedBy: LetterOfCreditRef | null = null;
  if (req.customerId) {
    const q = qualifyingLetter(db, req.customerId, settings, today);
    arithmetic.push(...q.refused);
    if (q.letter) {
      waivedBy = q.letter;
      arithmetic.push(
        `Waived: letter of credit from ${q.letter.utility}, received ${q.letter.receivedOn} (within ${settings.letterOfCreditMaxAgeDays} days), shows ${q.letter.goodMonths} months of good payment (at least ${settings.letterOfCreditGoodMonths}). Deposit due: ${money(0)}`,
      );
    }
  }
  return {
    requiredCents: waivedBy ? 0 : computed,
    computedCents: computed,
    basis,
    history,
    estimatedMonthlyCents,
    estimatedAnnualCents,
    capCents,
    capApplied,
    arithmetic,
    waivedBy,
  };
}

export interface DepositContext {
  at: string;
  /** Today in the town's time zone; the business date is the open day (opened if none is). */
  today: string;
  userId: number;
  station: string | null;
  idempotencyKey: string;
  memo?: string | null;
}

export interface ChargedDeposit {
  entryId: number;
  chargeId: number;
  accountId: number;
  amountCents: number;
  dueDate: string;
  businessDate: string;
  /** True when the idempotency key had already posted this deposit (nothing new was written). */
  replayed: boolean;
}

/**
 * Charges a deposit on an account (the service desk's ledger convention): one journal entry kind
 * 'deposit', Dr 1200 receivables / Cr 2200 customer deposits, both on the account, and one charge
 * row kind 'fee' on GL 2200 'Deposit' due the day it is charged, so the counter collects it like
 * any charge (fees first). Runs inside the caller's transaction (a new service commits its
 * deposit with its connect order); a repeated idempotency key returns the first posting.
 */
export function chargeDeposit(db: Db, accountId: number, cents: number, ctx: DepositContext): ChargedDeposit {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new CoreError('BAD_INPUT', 'A deposit is a positive whole number of cents.', { field: 'amountCents' });
  return db.transaction(() => {
    const prior = db
      .prepare(
        `SELECT e.id AS entry_id, e.business_date, c.id AS charge_id, c.account_id, c.amount_cents, c.due_date
           FROM journal_entries e JOIN charges c ON c.entry_id = e.id WHERE e.idempotency_key = ?`,
      )
      .get(ctx.idempotencyKey) as { entry_id: number; business_date: string; charge_id: number; account_id: number; amount_cents: number; due_date: string } | undefined;
    if (prior) {
      if (prior.account_id !== accountId || prior.amount_cents !== cents) {
        throw new CoreError('CONFLICT', 'This request key already charged a different deposit.', { entryId: prior.entry_id });
      }
      return { entryId: prior.entry_id, chargeId: prior.charge_id, accountId, amountCents: cents, dueDate: prior.due_date, businessDate: prior.business_date, replayed: true };
    }
    if (db.prepare('SELECT 1 FROM journal_entries WHERE idempotency_key = ?').get(ctx.idempotencyKey)) {
      throw new CoreError('CONFLICT', 'This request key was already used for another posting.');
    }
    const a = db.prepare('SELECT id, number, status FROM accounts WHERE id = ?').get(accountId) as { id: number; number: string; status: string } | undefined;
    if (!a) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
    if (a.status === 'closed' || a.status === 'final_billed') throw new CoreError('ACCOUNT_STATUS', `Account ${a.number} is ${a.status.replace('_', ' ')}: no deposit can be charged.`);
    const businessDate = ensureBusinessDay(db, ctx.userId, ctx.today, ctx.at);
    const entryId = postEntry(db, {
      kind: 'deposit',
      businessDate,
      postedAt: ctx.at,
      userId: ctx.userId,
      station: ctx.station,
      memo: ctx.memo ?? 'Deposit',
      idempotencyKey: ctx.idempotencyKey,
      lines: [
        { glCode: GL.receivables, accountId, amountCents: cents },
        { glCode: GL.customerDeposits, accountId, amountCents: -cents },
      ],
    });
    const chargeId = Number(
      db
        .prepare("INSERT INTO charges (account_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, 'fee', 'Deposit', ?, ?, ?)")
        .run(accountId, entryId, GL.customerDeposits, cents, businessDate).lastInsertRowid,
    );
    recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'deposit.charge', subject: a.number, details: { entryId, amountCents: cents } });
    return { entryId, chargeId, accountId, amountCents: cents, dueDate: businessDate, businessDate, replayed: false };
  })();
}

export interface DepositPosition {
  accountId: number;
  /** The deposit liability on the account: −Σ its GL 2200 lines. */
  heldCents: number;
  /** Charged but not yet paid: the open amount of its GL 2200 charges. */
  unpaidCents: number;
  /** Held and paid: heldCents − unpaidCents (never below 0). */
  paidCents: number;
  /** The first deposit charge still counted, or null. */
  chargedOn: string | null;
}

export function depositPosition(db: Db, accountId: number): DepositPosition {
  const held = 0 - (db.prepare(`SELECT coalesce(sum(amount_cents), 0) AS s FROM journal_lines WHERE gl_code = '${GL.customerDeposits}' AND account_id = ?`).get(accountId) as { s: number }).s;
  const unpaid = (
    db
      .prepare(
        `SELECT coalesce(sum(c.amount_cents - coalesce((SELECT sum(x.amount_cents) FROM allocations x WHERE x.charge_id = c.id), 0)), 0) AS s
           FROM charges c WHERE c.account_id = ? AND c.gl_code = '${GL.customerDeposits}'`,
      )
      .get(accountId) as { s: number }
  ).s;
  const first = db
    .prepare(
      `SELECT min(e.business_date) AS d FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.gl_code = '${GL.customerDeposits}' AND l.account_id = ? AND l.amount_cents < 0`,
    )
    .get(accountId) as { d: string | null };
  const unpaidCents = Math.max(0, unpaid);
  return { accountId, heldCents: held, unpaidCents, paidCents: Math.max(0, held - unpaidCents), chargedOn: held > 0 ? first.d : null };
}
