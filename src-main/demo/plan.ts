// The demo town's plan: who every account is (status, class, services, billing cycle, payment
// behaviour, which location and customer it uses) and, per account, its bills and the payments
// it makes. Pure functions of (seed, accounts, today): the generator and its bills worker both
// call them and get the same town. Every account's bills come from its own PRNG stream, so the
// bills can be written on another thread without replaying the rest of the town.
import type { Service } from '../../src-shared/domain';
import { rateCharge, type RateBody } from '../../src-shared/rates';
import { RateBook, type RateRow, type ScheduleVersion, type ServiceClass } from '../core/billing/rates';

export type { RateRow };
import { Days, dayFromCivil, dayOf, nextBusinessDay } from './calendar';
import { Rng } from './rng';

export const SVC_SOLID_WASTE = 1;
export const SVC_SEWER = 2;
export const SVC_WATER = 4;
export const SVC_ELECTRIC = 8;
export const SVC_STORMWATER = 16;

export const ST_ACTIVE = 0;
export const ST_CLOSED = 1;
export const ST_FINAL = 2;
export const ST_PENDING = 3;
export const STATUS_NAMES = ['active', 'closed', 'final_billed', 'pending'] as const;

/** Payment behaviour of an account. */
export const B_GOOD = 0;
export const B_DRAFT = 1;
export const B_LATE = 2;
export const B_PARTIAL = 3;
export const B_CREDIT = 4;
export const B_DELINQ30 = 5;
export const B_DELINQ60 = 6;
export const B_DELINQ90 = 7;
export const B_FINAL_UNPAID = 8;

const STREAM_PLAN = 1;
const STREAM_BILLS = 2;
// Streams 3 (the generator) and 4242/4243 (work orders) are taken elsewhere.
const STREAM_PREMISES = 5;

/** Locations on one meter-reading route (a reader's day). */
export const ROUTE_SIZE = 300;
/** Meter readings are written for the bills of about the last 13 months (bill date on or after today - this). */
export const READING_DAYS = 400;
/** Stormwater ERUs (hundredths) a commercial premise may have. */
const COMMERCIAL_ERUS = [150, 200, 250, 300, 400, 600, 800, 1200];

/** Days between the conversion from the old billing system and today. */
export const CONVERSION_DAYS_AGO = 45;
/** Converted history: at most this many monthly bills per account before the conversion. */
export const CONVERTED_BILLS = 24;
const CYCLE_DAYS = [1, 8, 15, 22] as const;
const YEAR = 365.25;

export interface PlanInput {
  accounts: number;
  seed: number;
  /** YYYY-MM-DD */
  today: string;
  /** Days from bill date to due date (settings.dueDays). */
  dueDays: number;
  /** The ledger's rate schedules (rate_schedules rows): every bill is priced by the rate engine. */
  rates: RateRow[];
}

/** Schedule versions of one service and class with their first day as a day number. */
interface DayVersion {
  from: number;
  body: RateBody;
}

/** The rate book, plus each (service, class)'s versions by day number for the hot path. */
export class DemoRates {
  readonly book: RateBook;
  /** Per service and class: the versions by day number. */
  private readonly lists: Record<string, Record<string, DayVersion[]>> = {};
  /**
   * rateCharge's answers already worked out, per version and inside/outside, keyed by the units
   * (or minus the ERUs): a town has a few thousand distinct ones among ~40 million bill lines.
   */
  private readonly memo: Record<string, Record<string, Array<[Map<number, number>, Map<number, number>]>>> = {};

  constructor(rows: RateRow[]) {
    this.book = new RateBook(rows);
    for (const service of ['solid_waste', 'sewer', 'water', 'electric', 'stormwater'] as const) {
      this.lists[service] = {};
      this.memo[service] = {};
      for (const cls of ['residential', 'commercial'] as const) {
        const list = this.book.versions(service, cls).map((v: ScheduleVersion) => ({ from: dayOf(v.effectiveFrom), body: v.body }));
        this.lists[service][cls] = list;
        this.memo[service][cls] = list.map(() => [new Map<number, number>(), new Map<number, number>()]);
      }
    }
  }

  /**
   * A bill line's charge: RateBook.periodCharge's answer. A period under one schedule (every
   * bill unless a rate changed inside it) is that schedule's rateCharge, which is what
   * periodCharge returns for it, without the date strings; a straddling or final period asks
   * the rate book itself.
   */
  charge(service: Service, cls: ServiceClass, units: number | null, inside: boolean, eru: number, from: number, to: number, final: boolean, days: Days): number {
    const list = this.lists[service]![cls]!;
    if (!final) {
      let k = list.length - 1;
      while (k >= 0 && list[k]!.from > from) k--;
      if (k >= 0 && (k === list.length - 1 || list[k + 1]!.from > to)) {
        const memo = this.memo[service]![cls]![k]![inside ? 1 : 0];
        const key = units === null ? -1 - eru : units;
        let cents = memo.get(key);
        if (cents === undefined) {
          cents = rateCharge(list[k]!.body, { units, insideLimits: inside, eruHundredths: eru })?.cents ?? 0;
          memo.set(key, cents);
        }
        return cents;
      }
    }
    return this.book.periodCharge(service, cls, { units, insideLimits: inside, eruHundredths: eru }, days.iso(from), days.iso(to), { final })?.cents ?? 0;
  }
}

export interface BillingRun {
  day: number;
  cycle: number;
  entryId: number;
}

export interface TownPlan {
  n: number;
  seed: number;
  today: number;
  conversion: number;
  dueDays: number;
  days: Days;
  /** Per account (index = id - 1). */
  business: Uint8Array;
  status: Uint8Array;
  opened: Int32Array;
  /** Last day of service for closed and final-billed accounts, else -1. */
  closed: Int32Array;
  cycle: Uint8Array;
  services: Uint8Array;
  behaviour: Uint8Array;
  /** Behaviour parameter: the delinquency threshold day, or how many final bills are unpaid. */
  param: Int32Array;
  location: Int32Array;
  newLocation: Uint8Array;
  customer: Int32Array;
  newCustomer: Uint8Array;
  locations: number;
  customers: number;
  /** Per location (index = location id - 1): inside the town limits, stormwater ERUs (hundredths). */
  inside: Uint8Array;
  eru: Int32Array;
  /** Per location: its first account (index), the route number within its cycle and the read sequence. */
  locFirst: Int32Array;
  route: Int32Array;
  sequence: Int32Array;
  /** Per location: the day its water meter was changed, else -1. */
  waterChange: Int32Array;
  /** Per location: the id of its first meter (water, the water meter that replaced it, electric), and the total. */
  meterBase: Int32Array;
  meters: number;
  /** Routes per cycle (index cycle - 1): routes C1-01, C1-02 … */
  routeCount: number[];
  /** Meter readings are written for bills dated on or after this day. */
  readingsFrom: number;
  rates: DemoRates;
  /** Bill days of each cycle (index cycle - 1), ascending. */
  cycleDates: Int32Array[];
  /** Ledger billing runs after the conversion, one journal entry each, by day. */
  runs: BillingRun[];
  runEntryByDay: Map<number, number>;
  openingEntryId: number;
  /** Entry ids from here on are payments and deposits, in date order. */
  firstPaymentEntryId: number;
}

function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pickServices(rng: Rng, business: boolean): number {
  if (!business) {
    let s = SVC_WATER | SVC_SOLID_WASTE;
    if (rng.chance(0.93)) s |= SVC_SEWER;
    if (rng.chance(0.72)) s |= SVC_ELECTRIC;
    if (rng.chance(0.4)) s |= SVC_STORMWATER;
    return s;
  }
  let s = 0;
  if (rng.chance(0.97)) {
    s |= SVC_WATER;
    if (rng.chance(0.9)) s |= SVC_SEWER;
  }
  if (rng.chance(0.92) || s === 0) s |= SVC_ELECTRIC;
  if (rng.chance(0.55)) s |= SVC_SOLID_WASTE;
  if (rng.chance(0.85)) s |= SVC_STORMWATER;
  return s;
}

export function planTown(input: PlanInput): TownPlan {
  const n = input.accounts;
  if (!Number.isInteger(n) || n < 1 || n > 9_999_999) throw new RangeError('accounts must be a whole number from 1 to 9,999,999');
  const today = dayOf(input.today);
  const conversion = today - CONVERSION_DAYS_AGO;
  const earliest = Math.floor(conversion - 31 * YEAR);
  const rng = new Rng(input.seed, STREAM_PLAN);

  const business = new Uint8Array(n);
  const status = new Uint8Array(n);
  const opened = new Int32Array(n);
  const closed = new Int32Array(n).fill(-1);
  const cycle = new Uint8Array(n);
  const services = new Uint8Array(n);
  const behaviour = new Uint8Array(n);
  const param = new Int32Array(n);

  for (let i = 0; i < n; i++) {
    // Account numbers were handed out as accounts opened, so opening dates rise with the id:
    // 70% opened 2–30 years before the conversion, 28.5% in the two years before it, the rest since.
    const u = i / n;
    const o = u < 0.7 ? conversion - 30 * YEAR + (u / 0.7) * 28 * YEAR : u < 0.985 ? conversion - 2 * YEAR + ((u - 0.7) / 0.285) * 2 * YEAR : conversion + ((u - 0.985) / 0.015) * (today - 1 - conversion);
    opened[i] = Math.floor(o);
    const biz = rng.chance(0.08);
    business[i] = biz ? 1 : 0;
    cycle[i] = rng.int(1, 4);
    services[i] = pickServices(rng, biz);

    const r = rng.float();
    if (opened[i]! >= today - 6) {
      status[i] = ST_PENDING;
    } else if (opened[i]! < conversion - 400 && r < 0.031) {
      status[i] = ST_CLOSED;
      closed[i] = rng.int(Math.max(opened[i]! + 200, conversion - 1100), conversion - 70);
    } else if (opened[i]! < conversion - 150 && r < 0.0425) {
      status[i] = ST_FINAL;
      closed[i] = rng.int(Math.max(opened[i]! + 60, conversion - 240), conversion - 15);
      behaviour[i] = B_FINAL_UNPAID;
      param[i] = rng.int(1, 3);
    }
    if (status[i] === ST_ACTIVE) {
      const b = rng.float();
      if (b < 0.01) {
        behaviour[i] = B_DELINQ90;
        param[i] = today - 91 - rng.int(0, 200);
      } else if (b < 0.02) {
        behaviour[i] = B_DELINQ60;
        param[i] = today - 61 - rng.int(0, 6);
      } else if (b < 0.05) {
        behaviour[i] = B_DELINQ30;
        param[i] = today - 31 - rng.int(0, 6);
      } else if (b < 0.08) behaviour[i] = B_PARTIAL;
      else if (b < 0.17) behaviour[i] = B_LATE;
      else if (b < 0.177) behaviour[i] = B_CREDIT;
      else if (b < 0.297) behaviour[i] = B_DRAFT;
      else behaviour[i] = B_GOOD;
    }
  }

  // Locations and customers. A premise vacated by a closed or final-billed account is often
  // taken by a newer account (a new tenant); a few customers hold several accounts.
  const location = new Int32Array(n);
  const newLocation = new Uint8Array(n);
  const customer = new Int32Array(n);
  const newCustomer = new Uint8Array(n);
  const vacated: number[] = [];
  for (let i = 0; i < n; i++) if (closed[i]! >= 0) vacated.push(i);
  vacated.sort((a, b) => closed[a]! - closed[b]! || a - b);
  const free: [number[], number[]] = [[], []];
  const freeHead = [0, 0];
  const customersOf: [number[], number[]] = [[], []];
  let pv = 0;
  let locations = 0;
  let customers = 0;
  for (let i = 0; i < n; i++) {
    while (pv < vacated.length && closed[vacated[pv]!]! < opened[i]!) {
      const k = vacated[pv++]!;
      free[business[k]!]!.push(k);
    }
    const cls = business[i]!;
    const q = free[cls]!;
    if (opened[i]! > conversion - 3 * YEAR && freeHead[cls]! < q.length && rng.chance(0.55)) {
      const k = q[freeHead[cls]!++]!;
      location[i] = location[k]!;
      services[i] = services[k]!;
      cycle[i] = cycle[k]!; // the premise is on a route, and a route is read for one cycle
    } else {
      location[i] = ++locations;
      newLocation[i] = 1;
    }
    const pool = customersOf[cls]!;
    if (pool.length > 0 && rng.chance(cls ? 0.2 : 0.015)) {
      customer[i] = rng.pick(pool);
    } else {
      customer[i] = ++customers;
      newCustomer[i] = 1;
      pool.push(customers);
    }
  }

  // Premises: inside or outside the limits, stormwater ERUs, route and read sequence, meters.
  // From a stream of their own, so the rest of the town is what it was before premises had them.
  const inside = new Uint8Array(locations);
  const eru = new Int32Array(locations);
  const locFirst = new Int32Array(locations).fill(-1);
  const route = new Int32Array(locations);
  const sequence = new Int32Array(locations);
  const waterChange = new Int32Array(locations).fill(-1);
  const meterBase = new Int32Array(locations);
  for (let i = 0; i < n; i++) if (newLocation[i]) locFirst[location[i]! - 1] = i;
  const onRoute = [0, 0, 0, 0];
  let meters = 0;
  const prng = new Rng(input.seed, STREAM_PREMISES);
  for (let l = 0; l < locations; l++) {
    const i = locFirst[l]!;
    const biz = business[i] === 1;
    inside[l] = prng.chance(0.94) ? 1 : 0;
    eru[l] = biz ? prng.pick(COMMERCIAL_ERUS) : 100;
    const pos = onRoute[cycle[i]! - 1]!++;
    route[l] = Math.floor(pos / ROUTE_SIZE) + 1;
    sequence[l] = ((pos % ROUTE_SIZE) + 1) * 10;
    const change = today - prng.int(45, 380);
    if (services[i]! & SVC_WATER && prng.chance(0.006) && change > opened[i]! + 30) waterChange[l] = change;
    meterBase[l] = meters + 1;
    if (services[i]! & SVC_WATER) meters += waterChange[l]! >= 0 ? 2 : 1;
    if (services[i]! & SVC_ELECTRIC) meters++;
  }

  // Every cycle's bill days, from before the oldest history to a month after today.
  const cycleDates: Int32Array[] = [];
  const first = new Date(earliest * 86_400_000);
  for (let c = 0; c < 4; c++) {
    const list: number[] = [];
    for (let y = first.getUTCFullYear(), m = first.getUTCMonth() + 1; ; m++) {
      if (m > 12) {
        m = 1;
        y++;
      }
      const d = dayFromCivil(y, m, CYCLE_DAYS[c]!);
      if (d > today + 40) break;
      list.push(d);
    }
    cycleDates.push(Int32Array.from(list));
  }

  const plan: TownPlan = {
    n,
    seed: input.seed,
    today,
    conversion,
    dueDays: input.dueDays,
    days: new Days(earliest - 400, today + 400),
    business,
    status,
    opened,
    closed,
    cycle,
    services,
    behaviour,
    param,
    location,
    newLocation,
    customer,
    newCustomer,
    locations,
    customers,
    inside,
    eru,
    locFirst,
    route,
    sequence,
    waterChange,
    meterBase,
    meters,
    routeCount: onRoute.map((c) => Math.ceil(c / ROUTE_SIZE)),
    readingsFrom: today - READING_DAYS,
    rates: new DemoRates(input.rates),
    cycleDates,
    runs: [],
    runEntryByDay: new Map(),
    openingEntryId: 1,
    firstPaymentEntryId: 2,
  };

  // Billing runs after the conversion that bill at least one account.
  const runDays = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = billRange(plan, i);
    if (!r) continue;
    const dates = cycleDates[cycle[i]! - 1]!;
    for (let k = Math.max(r.start, r.convEnd + 1); k <= r.end; k++) runDays.set(dates[k]!, cycle[i]!);
  }
  plan.runs = [...runDays.entries()].sort((a, b) => a[0] - b[0]).map(([day, c], k) => ({ day, cycle: c, entryId: 2 + k }));
  for (const r of plan.runs) plan.runEntryByDay.set(r.day, r.entryId);
  plan.firstPaymentEntryId = 2 + plan.runs.length;
  return plan;
}

/** Indexes into the account's cycle dates: its bills are dates[start..end]; dates[..convEnd] are converted. */
export function billRange(plan: TownPlan, i: number): { first: number; last: number; start: number; end: number; convEnd: number } | null {
  if (plan.status[i] === ST_PENDING) return null;
  const dates = plan.cycleDates[plan.cycle[i]! - 1]!;
  const first = lowerBound(dates, plan.opened[i]! + 14);
  const todayEnd = lowerBound(dates, plan.today + 1) - 1;
  const last = plan.closed[i]! >= 0 ? lowerBound(dates, plan.closed[i]! + 4) : todayEnd;
  const convEnd = lowerBound(dates, plan.conversion + 1) - 1;
  const start = Math.max(first, convEnd - (CONVERTED_BILLS - 1));
  const end = Math.min(last, todayEnd);
  if (end < start) return null;
  return { first, last, start, end, convEnd };
}

/**
 * A bill slot: the k-th bill day of a billing cycle. Every account in the cycle billed that day
 * shares the slot's bill date, due date and (except a first or final bill) service period, so
 * the writer can look those strings up by slot number instead of binding them on every row.
 */
export function slotOf(cycle: number, k: number): number {
  return (cycle - 1) * 100_000 + k;
}

export interface SlotRow {
  id: number;
  billDay: number;
  dueDay: number;
  fromDay: number;
  toDay: number;
}

export function slotRows(plan: TownPlan): SlotRow[] {
  const rows: SlotRow[] = [];
  plan.cycleDates.forEach((dates, c) => {
    for (let k = 1; k < dates.length; k++) rows.push({ id: slotOf(c + 1, k), billDay: dates[k]!, dueDay: dates[k]! + plan.dueDays, fromDay: dates[k - 1]! - 3, toDay: dates[k]! - 4 });
  });
  return rows;
}

const MAX_BILLS = 40;
const MAX_EVENTS = 160;

/** One account's bills and payments, in reusable typed arrays (a town has millions of bills). */
export class BillSet {
  count = 0;
  /** Bills [0, converted) are converted history; the rest were posted in the ledger. */
  converted = 0;
  readonly billDay = new Int32Array(MAX_BILLS);
  readonly dueDay = new Int32Array(MAX_BILLS);
  readonly fromDay = new Int32Array(MAX_BILLS);
  readonly toDay = new Int32Array(MAX_BILLS);
  /** The bill's slot (see slotOf); 1 when its period is the regular one for that slot. */
  readonly slot = new Int32Array(MAX_BILLS);
  readonly regular = new Uint8Array(MAX_BILLS);
  /** 1 for a closed account's final bill (fixed charges prorated by days, bill_kind 'final'). */
  readonly final = new Uint8Array(MAX_BILLS);
  /** -1 when the account has no water (electric) service. */
  readonly gallons = new Int32Array(MAX_BILLS);
  readonly kwh = new Int32Array(MAX_BILLS);
  readonly solidWaste = new Int32Array(MAX_BILLS);
  readonly sewer = new Int32Array(MAX_BILLS);
  readonly water = new Int32Array(MAX_BILLS);
  readonly electric = new Int32Array(MAX_BILLS);
  readonly stormwater = new Int32Array(MAX_BILLS);
  readonly total = new Int32Array(MAX_BILLS);
  /** Converted bills: what the old system recorded as paid, and when (-1: never). */
  readonly paid = new Int32Array(MAX_BILLS);
  readonly paidOn = new Int32Array(MAX_BILLS);
  /** Credit the old system held at conversion (an overpayment), in cents. */
  credit = 0;
  /** Payments made after the conversion, up to today, ascending by day. */
  events = 0;
  readonly eventDay = new Int32Array(MAX_EVENTS);
  readonly eventAmount = new Int32Array(MAX_EVENTS);
}

// Seasonal use by month (index 0 = January): irrigation in summer, heating and cooling for electric.
const WATER_SEASON = [0.9, 0.9, 0.95, 1.0, 1.1, 1.25, 1.35, 1.3, 1.15, 1.0, 0.92, 0.9];
const ELECTRIC_SEASON = [1.35, 1.3, 1.1, 0.9, 0.85, 1.1, 1.35, 1.4, 1.1, 0.85, 0.95, 1.2];

/** Fills `out` with account i's bills and payments (deterministic per seed and account). */
export function billsOf(plan: TownPlan, i: number, out: BillSet): void {
  out.count = 0;
  out.converted = 0;
  out.credit = 0;
  out.events = 0;
  const range = billRange(plan, i);
  if (!range) return;
  const rng = new Rng(plan.seed, STREAM_BILLS, i + 1);
  const dates = plan.cycleDates[plan.cycle[i]! - 1]!;
  const svc = plan.services[i]!;
  const biz = plan.business[i] === 1;
  const baseGal = biz ? 16000 * (0.25 + 2.5 * rng.bell()) : 4200 * (0.35 + 1.3 * rng.bell());
  const baseKwh = biz ? 4200 * (0.25 + 2.5 * rng.bell()) : 950 * (0.35 + 1.3 * rng.bell());
  const closed = plan.closed[i]!;
  const loc = plan.location[i]! - 1;
  const inside = plan.inside[loc] === 1;
  const eru = plan.eru[loc]!;
  const cls: ServiceClass = biz ? 'commercial' : 'residential';
  const rates = plan.rates;
  const days = plan.days;

  let n = 0;
  for (let k = range.start; k <= range.end; k++, n++) {
    const day = dates[k]!;
    const from = k === range.first ? plan.opened[i]! : dates[k - 1]! - 3;
    const final = closed >= 0 && k === range.last;
    const to = final ? closed : day - 4;
    const periodDays = to - from + 1;
    const month = plan.days.month(to) - 1;
    out.billDay[n] = day;
    out.dueDay[n] = day + plan.dueDays;
    out.fromDay[n] = from;
    out.toDay[n] = to;
    out.slot[n] = slotOf(plan.cycle[i]!, k);
    out.final[n] = final ? 1 : 0;
    out.regular[n] = !final && from === dates[k - 1]! - 3 && to === day - 4 ? 1 : 0;
    let gal = -1;
    let kwh = -1;
    if (svc & SVC_WATER) {
      let g = (baseGal * WATER_SEASON[month]! * (0.8 + 0.4 * rng.float()) * periodDays) / 30;
      if (rng.chance(0.003)) g *= 3 + 3 * rng.float(); // a leak
      gal = Math.round(g / 10) * 10;
    }
    if (svc & SVC_ELECTRIC) kwh = Math.round((baseKwh * ELECTRIC_SEASON[month]! * (0.85 + 0.3 * rng.float()) * periodDays) / 30);
    out.gallons[n] = gal;
    out.kwh[n] = kwh;
    // Priced by the rate engine on the ledger's schedules, as a billing run would price them.
    const water = svc & SVC_WATER ? rates.charge('water', cls, gal, inside, eru, from, to, final, days) : 0;
    const sewer = svc & SVC_SEWER ? rates.charge('sewer', cls, svc & SVC_WATER ? gal : null, inside, eru, from, to, final, days) : 0;
    const electric = svc & SVC_ELECTRIC ? rates.charge('electric', cls, kwh, inside, eru, from, to, final, days) : 0;
    const solidWaste = svc & SVC_SOLID_WASTE ? rates.charge('solid_waste', cls, null, inside, eru, from, to, final, days) : 0;
    const stormwater = svc & SVC_STORMWATER ? rates.charge('stormwater', cls, null, inside, eru, from, to, final, days) : 0;
    out.water[n] = water;
    out.sewer[n] = sewer;
    out.electric[n] = electric;
    out.solidWaste[n] = solidWaste;
    out.stormwater[n] = stormwater;
    out.total[n] = water + sewer + electric + solidWaste + stormwater;
    out.paid[n] = 0;
    out.paidOn[n] = -1;
    if (day <= plan.conversion) out.converted = n + 1;
  }
  out.count = n;

  // Payments, planned per bill by behaviour; then the ones on or before the conversion are
  // applied oldest first to the converted bills (what the old system recorded) and the later
  // ones, up to today, are posted in the ledger by the generator.
  const b = plan.behaviour[i]!;
  let unpaidFrom = n;
  if (b === B_DELINQ30 || b === B_DELINQ60 || b === B_DELINQ90) {
    // Stopped paying with the last bill that is now past the tier's threshold.
    for (let j = 0; j < n; j++) if (out.dueDay[j]! <= plan.param[i]!) unpaidFrom = j;
  } else if (b === B_FINAL_UNPAID) {
    unpaidFrom = Math.max(0, n - plan.param[i]!);
  }
  const evDay: number[] = [];
  const evAmt: number[] = [];
  const pay = (day: number, amount: number) => {
    evDay.push(nextBusinessDay(day));
    evAmt.push(amount);
  };
  for (let j = 0; j < n; j++) {
    const bill = out.billDay[j]!;
    const due = out.dueDay[j]!;
    const total = out.total[j]!;
    if (j >= unpaidFrom) {
      if (j === unpaidFrom && rng.chance(0.35)) {
        const part = Math.floor((total * (0.2 + 0.4 * rng.float())) / 500) * 500;
        if (part > 0) pay(bill + rng.int(5, 19), part);
      }
      continue;
    }
    if (b === B_DRAFT) {
      pay(due, total);
    } else if (b === B_LATE && rng.chance(0.7)) {
      pay(due + rng.int(2, 24), total);
    } else if (b === B_PARTIAL && rng.chance(0.45)) {
      const part = Math.min(total - 100, Math.max(500, Math.floor((total * (0.5 + 0.35 * rng.float())) / 500) * 500));
      if (part > 0) {
        pay(bill + rng.int(5, 19), part);
        pay(bill + 30 + rng.int(5, 19), total - part);
      } else pay(bill + rng.int(5, 19), total);
    } else if (rng.chance(0.04)) {
      pay(due + rng.int(1, 12), total); // even good payers are late now and then
    } else {
      const extra = b === B_CREDIT && j === out.converted - 1 ? rng.int(5, 60) * 100 : 0;
      pay(bill + rng.int(4, 19), total + extra);
    }
  }
  // Stable insertion sort by day (a handful of events).
  const order = evDay.map((_, k) => k);
  for (let a = 1; a < order.length; a++) {
    const x = order[a]!;
    let p = a - 1;
    while (p >= 0 && evDay[order[p]!]! > evDay[x]!) {
      order[p + 1] = order[p]!;
      p--;
    }
    order[p + 1] = x;
  }
  // Money the old system received goes to its bills oldest first, never to a bill not yet
  // issued; what is left waits for the next bill, and is a credit if nothing is left to pay.
  let pool = 0;
  let ptr = 0;
  let lastPaidDay = -1;
  const applyPool = (upTo: number, day: number) => {
    while (pool > 0 && ptr < out.converted && out.billDay[ptr]! <= upTo) {
      const take = Math.min(pool, out.total[ptr]! - out.paid[ptr]!);
      out.paid[ptr] = out.paid[ptr]! + take;
      out.paidOn[ptr] = Math.max(day, out.billDay[ptr]!);
      pool -= take;
      if (out.paid[ptr] === out.total[ptr]) ptr++;
    }
  };
  for (const k of order) {
    const day = evDay[k]!;
    const amt = evAmt[k]!;
    if (day <= plan.conversion) {
      pool += amt;
      lastPaidDay = day;
      applyPool(day, day);
    } else if (day <= plan.today && out.events < MAX_EVENTS) {
      out.eventDay[out.events] = day;
      out.eventAmount[out.events] = amt;
      out.events++;
    }
  }
  applyPool(plan.conversion, -1);
  if (pool > 0 && out.converted > 0) {
    const last = out.converted - 1;
    out.paid[last] = out.paid[last]! + pool;
    out.paidOn[last] = Math.max(lastPaidDay, out.paidOn[last]!);
    out.credit = pool;
  }
}
