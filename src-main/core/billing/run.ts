// The billing run of a cycle and period: which accounts get a bill and for how much (the plan,
// one account at a time, the same for the preview and the post), the preview's totals, and the
// post itself — in short IMMEDIATE transactions sized by time, yielding to the event loop
// between them so a counter payment never waits long for the write lock. A run has its own
// row (billing_runs); bills carry its id, and each bill's journal entry an idempotency key
// `bill:<cycle>:<period>:<accountId>`, so a re-run or a run continued after a crash bills
// nothing twice and skips nobody.
import type { Service } from '../../../src-shared/domain';
import { BILLS_PER_PDF_PART, type BillingPreview, type BillingRunView, type HeldAccount, type OpenException } from '../../../src-shared/ipc/billing-schemas';
import type { Db } from '../../db/open-ledger';
import { formatAddress } from '../accounts/search-index';
import { CoreError } from '../errors';
import { cycleWindow, type CycleWindow } from './cycle';
import { postBill, type BillReading } from './post-bill';
import { RateBook, addDays, type ServiceClass } from './rates';

/** Read codes of readings that count for billing (not 'no_access'). */
export const BILLING_READ_CODES = ['ok', 'estimated', 'rollover', 'meter_changed'] as const;
const CODES_SQL = BILLING_READ_CODES.map((c) => `'${c}'`).join(', ');

export interface RunTuning {
  /** Longest a chunk holds the write lock, in ms (a cashier waits at most about this long). */
  lockMs: number;
  /** At most this many accounts per chunk (tests make it small to get many chunks). */
  maxAccounts: number;
  /**
   * Pause between chunks, in ms, with the lock released. The app's own work (a counter payment)
   * runs at the first yield anyway; the pause is for a writer in another process, whose SQLite
   * BEGIN IMMEDIATE polls for the lock every few ms (immediateTransactions) rather than queueing for it.
   */
  gapMs: number;
}
export const DEFAULT_TUNING: RunTuning = { lockMs: 40, maxAccounts: 5000, gapMs: 10 };

type Metered = 'water' | 'electric';

interface CandidateRow {
  id: number;
  number: string;
  name: string;
  street: string;
  unit: string | null;
  city: string;
  location_id: number;
  service_class: ServiceClass;
  inside_limits: number;
  eru_hundredths: number;
  services: string | null;
}

interface MeterRow {
  id: number;
  service: Metered;
  number: string;
  dials: number;
  multiplier: number;
  installed_on: string;
  install_reading: number;
  removed_on: string | null;
  removal_reading: number | null;
}

interface ReadingRow {
  id: number;
  value: number;
  read_on: string;
  read_code: string;
  meter_id: number | null;
}

export interface PlannedReading extends BillReading {
  service: Metered;
}

interface Common {
  accountId: number;
  accountNumber: string;
  name: string;
  serviceAddress: string;
  serviceClass: ServiceClass;
}
export type AccountPlan =
  | (Common & {
      kind: 'bill';
      periodFrom: string;
      periodTo: string;
      lines: Array<{ service: Service; amountCents: number }>;
      readings: PlannedReading[];
      waterGallons: number | null;
      electricKwh: number | null;
      estimated: boolean;
      totalCents: number;
    })
  | (Common & { kind: 'held'; reasons: string[] });

export interface OpenExceptions {
  byAccount: Map<number, string[]>;
  byMeter: Map<string, string[]>;
}

const REASON_TEXT: Record<string, string> = {
  unknown_meter: 'unknown meter',
  meter_not_active: 'meter not active',
  account_mismatch: 'account does not match the meter',
  out_of_window: 'read outside the window',
  not_numeric: 'reading not a number',
  bad_date: 'bad read date',
  lower_than_last: 'lower than the last reading',
  high_consumption: 'high consumption',
  low_consumption: 'low consumption',
  no_access: 'no access',
  tamper: 'tamper',
  estimated_twice: 'second estimate in a row',
  not_read: 'not read',
};

export function loadOpenExceptions(db: Db): OpenExceptions {
  const rows = db.prepare("SELECT account_id, meter_number, reason, read_on FROM reading_exceptions WHERE status = 'open'").all() as Array<{ account_id: number | null; meter_number: string; reason: string; read_on: string | null }>;
  const out: OpenExceptions = { byAccount: new Map(), byMeter: new Map() };
  for (const r of rows) {
    const text = `open exception on meter ${r.meter_number}: ${REASON_TEXT[r.reason] ?? r.reason}${r.read_on ? ` (${r.read_on})` : ''}`;
    if (r.account_id !== null) out.byAccount.set(r.account_id, [...(out.byAccount.get(r.account_id) ?? []), text]);
    else out.byMeter.set(r.meter_number, [...(out.byMeter.get(r.meter_number) ?? []), text]);
  }
  return out;
}

/** Consumption from one register value to a later one, past a rollover of the dials. */
export function registerDiff(from: number, to: number, dials: number): number {
  return to >= from ? to - from : 10 ** dials - from + to;
}

/** Plans bills for one cycle window: prepared statements and the rate book, loaded once. */
export class Planner {
  private readonly st;
  readonly rates: RateBook;
  private readonly prevBillDate: string;

  constructor(
    private readonly db: Db,
    readonly w: CycleWindow,
    private readonly runId: number | null,
  ) {
    this.rates = RateBook.load(db);
    this.prevBillDate = cycleWindow(db, w.cycle, previousPeriod(w.period), 0).billDate;
    this.st = {
      candidate: db.prepare(`SELECT a.id, a.number, c.display_name AS name, l.street, l.unit, l.city, a.location_id, l.service_class, l.inside_limits, l.eru_hundredths,
          (SELECT group_concat(s.service) FROM account_services s WHERE s.account_id = a.id) AS services
        FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id WHERE a.id = ?`),
      meters: db.prepare('SELECT id, service, number, dials, multiplier, installed_on, install_reading, removed_on, removal_reading FROM meters WHERE location_id = ? ORDER BY installed_on, id'),
      inWindow: db.prepare(`SELECT id, value, read_on, read_code, meter_id FROM meter_readings
        WHERE service = ? AND meter_number = ? AND read_on >= ? AND read_on <= ? AND read_code IN (${CODES_SQL}) AND (meter_id IS NULL OR meter_id = ?)
        ORDER BY read_on DESC, id DESC LIMIT 1`),
      before: db.prepare(`SELECT id, value, read_on, read_code, meter_id FROM meter_readings
        WHERE service = ? AND meter_number = ? AND read_on < ? AND read_on >= ? AND read_code IN (${CODES_SQL}) AND (meter_id IS NULL OR meter_id = ?)
        ORDER BY read_on DESC, id DESC LIMIT 1`),
      lastBilled: db.prepare(`SELECT br.meter_id, br.meter_number, br.cur_read_on, br.cur_value FROM bills b JOIN bill_readings br ON br.bill_id = b.id AND br.service = ?
        WHERE b.account_id = ? AND (b.run_id IS NULL OR b.run_id IS NOT ?) ORDER BY br.cur_read_on DESC LIMIT 1`),
      lastBill: db.prepare('SELECT id, bill_date, period_to FROM bills WHERE account_id = ? AND (run_id IS NULL OR run_id IS NOT ?) ORDER BY bill_date DESC, id DESC LIMIT 1'),
      billReading: db.prepare('SELECT meter_id, meter_number, cur_read_on, cur_value FROM bill_readings WHERE bill_id = ? AND service = ? ORDER BY cur_read_on DESC LIMIT 1'),
    };
  }

  candidate(accountId: number): CandidateRow | undefined {
    return this.st.candidate.get(accountId) as CandidateRow | undefined;
  }

  plan(c: CandidateRow, exceptions: OpenExceptions): AccountPlan {
    const w = this.w;
    const common: Common = { accountId: c.id, accountNumber: c.number, name: c.name, serviceAddress: `${formatAddress(c.street, c.unit)}, ${c.city}`, serviceClass: c.service_class };
    const services = new Set((c.services ?? '').split(',').filter(Boolean) as Service[]);
    const meters = this.st.meters.all(c.location_id) as MeterRow[];
    // A bill of this date (or later) made another way (converted, the demo town, another run) is not made again.
    const last = this.st.lastBill.get(c.id, this.runId) as { id: number; bill_date: string; period_to: string } | undefined;
    if (last && last.bill_date >= w.billDate) return { ...common, kind: 'held', reasons: [`already has a bill dated ${last.bill_date} outside this run`] };
    const reasons: string[] = [...(exceptions.byAccount.get(c.id) ?? [])];
    for (const m of meters) if (m.removed_on === null || m.removed_on >= w.readFrom) reasons.push(...(exceptions.byMeter.get(m.number) ?? []));

    const usage: Partial<Record<Metered, { units: number; from: string; to: string }>> = {};
    const readings: PlannedReading[] = [];
    let estimated = false;
    for (const service of ['water', 'electric'] as const) {
      const needed = service === 'water' ? services.has('water') || services.has('sewer') : services.has('electric');
      if (!needed) continue;
      const own = meters.filter((m) => m.service === service);
      const cur = [...own].reverse().find((m) => m.installed_on <= w.readTo && (m.removed_on === null || m.removed_on > w.readTo));
      if (!cur) {
        // Sewer without a water meter is billed flat (when the schedule offers it); water and electric need a meter.
        if (service === 'electric' || services.has('water')) reasons.push(`no ${service} meter in service`);
        continue;
      }
      const reading = this.st.inWindow.get(service, cur.number, w.readFrom, w.readTo, cur.id) as ReadingRow | undefined;
      if (!reading) {
        reasons.push(`no ${service} reading counting for billing from ${w.readFrom} to ${w.readTo} (meter ${cur.number})`);
        continue;
      }
      // Where the last bill left off: its reading of this service, else the last reading before the window, else the install.
      let start: { meter: MeterRow; value: number; on: string } | null = null;
      // Usually the last bill read this meter; else look through the account's bills.
      const billed = ((last && this.st.billReading.get(last.id, service)) ?? this.st.lastBilled.get(service, c.id, this.runId)) as { meter_id: number | null; meter_number: string; cur_read_on: string; cur_value: number } | undefined;
      if (billed) {
        const m = own.find((x) => (billed.meter_id !== null ? x.id === billed.meter_id : x.number === billed.meter_number && x.installed_on <= billed.cur_read_on));
        if (m) start = { meter: m, value: billed.cur_value, on: billed.cur_read_on };
      }
      if (!start) {
        for (const m of [...own].reverse()) {
          if (m.installed_on > w.readFrom) continue;
          const r = this.st.before.get(service, m.number, w.readFrom, m.installed_on, m.id) as ReadingRow | undefined;
          if (r) {
            start = { meter: m, value: r.value, on: r.read_on };
            break;
          }
        }
      }
      if (!start) start = { meter: cur, value: cur.install_reading, on: addDays(cur.installed_on, -1) };
      if (start.on >= reading.read_on) {
        reasons.push(`no new ${service} reading since the last bill (${start.on})`);
        continue;
      }
      // The meters from the one the last bill read to the one in service now (a meter change in between).
      const chain = own.filter((m) => m.installed_on >= start.meter.installed_on && m.installed_on <= cur.installed_on && (m.id === cur.id || m.removed_on !== null));
      let units = 0;
      let broken = false;
      const segs: PlannedReading[] = [];
      for (const m of chain) {
        const isStart = m.id === start.meter.id;
        const fromValue = isStart ? start.value : m.install_reading;
        const fromOn = isStart ? start.on : m.installed_on;
        let toValue: number;
        let toOn: string;
        let readingId: number | null = null;
        let est = false;
        if (m.id === cur.id) {
          toValue = reading.value;
          toOn = reading.read_on;
          readingId = reading.id;
          est = reading.read_code === 'estimated';
        } else {
          if (m.removal_reading === null || m.removed_on === null) {
            reasons.push(`meter ${m.number} was removed without a final reading`);
            broken = true;
            break;
          }
          toValue = m.removal_reading;
          toOn = m.removed_on;
        }
        const consumption = registerDiff(fromValue, toValue, m.dials) * m.multiplier;
        units += consumption;
        if (est) estimated = true;
        segs.push({ service, meterId: m.id, meterNumber: m.number, prevReadOn: fromOn, prevValue: fromValue, curReadOn: toOn, curValue: toValue, multiplier: m.multiplier, consumption, estimated: est, curReadingId: readingId });
      }
      if (broken) continue;
      readings.push(...segs);
      usage[service] = { units, from: addDays(start.on, 1), to: reading.read_on };
    }

    // Unmetered services: from the day after the last bill's period (or a month before this bill) to the day before the bill.
    let flatFrom = last && last.period_to >= this.prevBillDate && last.period_to < w.readTo ? addDays(last.period_to, 1) : this.prevBillDate;
    const flatTo = usage.water?.to ?? usage.electric?.to ?? w.readTo;
    if (usage.water || usage.electric) flatFrom = usage.water?.from ?? usage.electric!.from;
    if (flatFrom > flatTo) flatFrom = flatTo;

    const lines: Array<{ service: Service; amountCents: number }> = [];
    const subjectBase = { insideLimits: c.inside_limits === 1, eruHundredths: c.eru_hundredths };
    if (reasons.length === 0) {
      for (const service of ['water', 'sewer', 'electric', 'solid_waste', 'stormwater'] as const) {
        if (!services.has(service)) continue;
        const use = service === 'electric' ? usage.electric : service === 'water' || service === 'sewer' ? usage.water : undefined;
        const from = use?.from ?? flatFrom;
        const to = use?.to ?? flatTo;
        try {
          const charge = this.rates.periodCharge(service, c.service_class, { ...subjectBase, units: use ? use.units : null }, from, to);
          if (charge === null) reasons.push(`no ${service.replace('_', ' ')} charge for this location (no meter and no flat rate)`);
          else if (charge.cents > 0) lines.push({ service, amountCents: charge.cents });
        } catch (err) {
          reasons.push(err instanceof Error ? err.message : String(err));
        }
      }
      if (reasons.length === 0 && lines.length === 0) reasons.push('nothing to charge');
    }
    if (reasons.length > 0) return { ...common, kind: 'held', reasons: [...new Set(reasons)] };
    const periodFrom = [flatFrom, usage.water?.from, usage.electric?.from].filter((x): x is string => !!x).sort()[0]!;
    const periodTo = [flatTo, usage.water?.to, usage.electric?.to].filter((x): x is string => !!x).sort().at(-1)!;
    return {
      ...common,
      kind: 'bill',
      periodFrom,
      periodTo,
      lines,
      readings,
      waterGallons: usage.water?.units ?? null,
      electricKwh: usage.electric?.units ?? null,
      estimated,
      totalCents: lines.reduce((s, l) => s + l.amountCents, 0),
    };
  }
}

export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The accounts a cycle's run considers, in route order: active, in the cycle, with at least one service. */
export function cycleAccountIds(db: Db, cycle: number): number[] {
  return (
    db
      .prepare(
        `SELECT a.id FROM accounts a JOIN service_locations l ON l.id = a.location_id
         WHERE a.billing_cycle = ? AND a.status = 'active' AND EXISTS (SELECT 1 FROM account_services s WHERE s.account_id = a.id)
         ORDER BY l.route_code IS NULL, l.route_code, l.read_sequence, a.id`,
      )
      .pluck()
      .all(cycle) as number[]
  );
}

interface RunRow {
  id: number;
  cycle: number;
  period: string;
  bill_date: string;
  due_date: string;
  status: 'posting' | 'posted';
  started_at: string;
  finished_at: string | null;
  accounts_planned: number;
  preview: string | null;
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface RunProgress {
  processed: number;
  planned: number;
  /** Bills of the run so far, and their totals (kept as the run posts: a progress poll reads no bills). */
  billed: number;
  totalCents: number;
  estimated: number;
}

/** What a posted run's row keeps of its outcome (billing_runs.preview). */
interface RunOutcome {
  held: number;
  billed: number;
  totalCents: number;
  estimated: number;
}

/** The billing runs of one core: posting (one run at a time per cycle and period) and progress. */
export class BillingRuns {
  /** Runs posting right now in this core, by id: accounts looked at so far. */
  private readonly active = new Map<number, RunProgress>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly tuning: RunTuning = DEFAULT_TUNING,
  ) {}

  private runRow(cycle: number, period: string): RunRow | undefined {
    return this.db.prepare('SELECT * FROM billing_runs WHERE cycle = ? AND period = ?').get(cycle, period) as RunRow | undefined;
  }

  private aggregate(runId: number): { n: number; t: number; e: number } {
    return this.db.prepare('SELECT count(*) AS n, coalesce(sum(total_cents), 0) AS t, coalesce(sum(estimated), 0) AS e FROM bills WHERE run_id = ?').get(runId) as { n: number; t: number; e: number };
  }

  /** A run as the screen shows it: live counters while posting, the stored outcome once posted (no scan of its bills). */
  view(r: RunRow): BillingRunView {
    const live = this.active.get(r.id);
    const outcome = r.status === 'posted' && r.preview ? (JSON.parse(r.preview) as Partial<RunOutcome>) : null;
    const agg = live
      ? { n: live.billed, t: live.totalCents, e: live.estimated }
      : outcome && typeof outcome.billed === 'number'
        ? { n: outcome.billed, t: outcome.totalCents ?? 0, e: outcome.estimated ?? 0 }
        : this.aggregate(r.id);
    return {
      id: r.id,
      cycle: r.cycle,
      period: r.period,
      billDate: r.bill_date,
      dueDate: r.due_date,
      status: r.status,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      planned: live?.planned ?? r.accounts_planned,
      billed: agg.n,
      totalCents: agg.t,
      estimated: agg.e,
      active: live !== undefined,
      progress: r.status === 'posted' ? 1 : live && live.planned > 0 ? Math.min(1, live.processed / live.planned) : r.accounts_planned > 0 ? Math.min(1, agg.n / r.accounts_planned) : 0,
      parts: Math.max(1, Math.ceil(agg.n / BILLS_PER_PDF_PART)),
    };
  }

  list(limit = 50): BillingRunView[] {
    return (this.db.prepare('SELECT * FROM billing_runs ORDER BY period DESC, cycle DESC LIMIT ?').all(limit) as RunRow[]).map((r) => this.view(r));
  }

  get(runId: number): BillingRunView {
    const r = this.db.prepare('SELECT * FROM billing_runs WHERE id = ?').get(runId) as RunRow | undefined;
    if (!r) throw new CoreError('NOT_FOUND', `No billing run ${runId}.`);
    return this.view(r);
  }

  /** The preview: every account of the cycle planned (in chunks, yielding between them), nothing written. */
  async preview(cycle: number, period: string, dueDays: number): Promise<BillingPreview> {
    const { db } = this;
    const w = cycleWindow(db, cycle, period, dueDays);
    const run = this.runRow(cycle, period);
    const planner = new Planner(db, w, run?.id ?? null);
    const billedIds = new Set(run ? (db.prepare('SELECT account_id FROM bills WHERE run_id = ?').pluck().all(run.id) as number[]) : []);
    const ids = cycleAccountIds(db, cycle).filter((id) => !billedIds.has(id));
    const exceptions = loadOpenExceptions(db);
    const byService = new Map<Service, { bills: number; cents: number }>();
    const byClass = new Map<ServiceClass, { bills: number; cents: number }>();
    const held: HeldAccount[] = [];
    const sample: BillingPreview['sample'] = [];
    let heldTotal = 0;
    let toBill = 0;
    let totalCents = 0;
    let estimatedReadings = 0;
    let estimatedBills = 0;
    const started = performance.now();
    for (let i = 0; i < ids.length; i++) {
      const c = planner.candidate(ids[i]!);
      if (!c) continue;
      const p = planner.plan(c, exceptions);
      if (p.kind === 'held') {
        heldTotal++;
        if (held.length < 500) held.push({ accountId: p.accountId, accountNumber: p.accountNumber, name: p.name, serviceAddress: p.serviceAddress, reasons: p.reasons });
      } else {
        toBill++;
        totalCents += p.totalCents;
        for (const l of p.lines) {
          const t = byService.get(l.service) ?? { bills: 0, cents: 0 };
          t.bills++;
          t.cents += l.amountCents;
          byService.set(l.service, t);
        }
        const k = byClass.get(p.serviceClass) ?? { bills: 0, cents: 0 };
        k.bills++;
        k.cents += p.totalCents;
        byClass.set(p.serviceClass, k);
        const est = p.readings.filter((r) => r.estimated).length;
        estimatedReadings += est;
        if (p.estimated) estimatedBills++;
        if (sample.length < 50) sample.push({ accountId: p.accountId, accountNumber: p.accountNumber, name: p.name, serviceAddress: p.serviceAddress, totalCents: p.totalCents, estimated: p.estimated });
      }
      if (performance.now() - started > this.tuning.lockMs && i % 64 === 63) await yieldToOthers();
    }
    const prev = cycleWindow(db, cycle, previousPeriod(period), dueDays);
    const lastRows = db
      .prepare(
        `SELECT count(*) AS bills, coalesce(sum(b.total_cents), 0) AS total, coalesce(sum(b.water_cents), 0) AS water, coalesce(sum(b.sewer_cents), 0) AS sewer,
                coalesce(sum(b.electric_cents), 0) AS electric, coalesce(sum(b.solid_waste_cents), 0) AS solid_waste, coalesce(sum(b.stormwater_cents), 0) AS stormwater,
                sum(b.water_cents > 0) AS n_water, sum(b.sewer_cents > 0) AS n_sewer, sum(b.electric_cents > 0) AS n_electric, sum(b.solid_waste_cents > 0) AS n_solid_waste, sum(b.stormwater_cents > 0) AS n_stormwater
         FROM bills b JOIN accounts a ON a.id = b.account_id WHERE a.billing_cycle = ? AND b.bill_date = ? AND b.bill_kind = 'regular'`,
      )
      .get(cycle, prev.billDate) as Record<string, number | null>;
    const SERVICES_ORDER: Service[] = ['water', 'sewer', 'electric', 'solid_waste', 'stormwater'];
    const { list: exceptionList, total: exceptionsTotal } = openExceptionsForCycle(db, cycle, 500);
    return {
      cycle,
      period,
      billDate: w.billDate,
      dueDate: w.dueDate,
      readFrom: w.readFrom,
      readTo: w.readTo,
      run: run ? this.view(run) : null,
      toBill,
      alreadyBilled: billedIds.size,
      totalCents,
      byService: SERVICES_ORDER.filter((s) => byService.has(s)).map((s) => ({ service: s, ...byService.get(s)! })),
      byClass: (['residential', 'commercial'] as const).filter((k) => byClass.has(k)).map((k) => ({ serviceClass: k, ...byClass.get(k)! })),
      estimatedReadings,
      estimatedBills,
      sample,
      held,
      heldTotal,
      lastMonth: {
        period: previousPeriod(period),
        billDate: prev.billDate,
        bills: lastRows.bills ?? 0,
        totalCents: lastRows.total ?? 0,
        byService: SERVICES_ORDER.filter((s) => (lastRows[`n_${s}`] ?? 0) > 0).map((s) => ({ service: s, bills: lastRows[`n_${s}`] ?? 0, cents: lastRows[s] ?? 0 })),
      },
      exceptions: exceptionList,
      exceptionsTotal,
    };
  }

  /**
   * Posts the run (or the rest of an interrupted one). Each chunk is one IMMEDIATE transaction
   * that stops taking accounts once it has held the lock `lockMs`; between chunks the event loop
   * runs (a payment at the counter, a progress poll).
   */
  async post(
    p: { cycle: number; period: string; dueDays: number; userId: number | null; nowIso: () => string; businessDate: string },
    onChunk?: (progress: RunProgress) => void | Promise<void>,
  ): Promise<{ run: BillingRunView; billedNow: number; held: number }> {
    const { db } = this;
    const key = `${p.cycle}:${p.period}`;
    if (this.busy.has(key)) throw new CoreError('CONFLICT', `The cycle ${p.cycle} run for ${p.period} is posting now.`);
    const w = cycleWindow(db, p.cycle, p.period, p.dueDays);
    let run = this.runRow(p.cycle, p.period);
    if (run?.status === 'posted') return { run: this.view(run), billedNow: 0, held: 0 };
    this.busy.add(key);
    try {
      const all = cycleAccountIds(db, p.cycle);
      if (!run) {
        db.transaction(() => {
          db.prepare("INSERT OR IGNORE INTO billing_runs (cycle, period, bill_date, due_date, status, started_at, started_by, accounts_planned) VALUES (?, ?, ?, ?, 'posting', ?, ?, ?)").run(
            p.cycle, p.period, w.billDate, w.dueDate, p.nowIso(), p.userId, all.length,
          );
        })();
        run = this.runRow(p.cycle, p.period)!;
      }
      const runId = run.id;
      const billed = new Set(db.prepare('SELECT account_id FROM bills WHERE run_id = ?').pluck().all(runId) as number[]);
      const todo = all.filter((id) => !billed.has(id));
      const so = this.aggregate(runId);
      const progress: RunProgress = { processed: billed.size, planned: all.length, billed: so.n, totalCents: so.t, estimated: so.e };
      this.active.set(runId, progress);
      const planner = new Planner(db, w, runId);
      const hasBill = db.prepare('SELECT 1 FROM bills WHERE run_id = ? AND account_id = ?').pluck();
      let billedNow = 0;
      let held = 0;
      let i = 0;
      while (i < todo.length) {
        const exceptions = loadOpenExceptions(db);
        db.transaction(() => {
          const t0 = performance.now();
          let n = 0;
          while (i < todo.length) {
            const accountId = todo[i++]!;
            n++;
            const c = planner.candidate(accountId);
            if (c && !hasBill.get(runId, accountId)) {
              const plan = planner.plan(c, exceptions);
              if (plan.kind === 'held') held++;
              else {
                postBill(db, {
                  accountId,
                  billDate: w.billDate,
                  dueDate: w.dueDate,
                  periodFrom: plan.periodFrom,
                  periodTo: plan.periodTo,
                  waterGallons: plan.waterGallons,
                  electricKwh: plan.electricKwh,
                  lines: plan.lines,
                  businessDate: p.businessDate,
                  postedAt: p.nowIso(),
                  userId: p.userId,
                  runId,
                  billKind: 'regular',
                  estimated: plan.estimated,
                  readings: plan.readings,
                  idempotencyKey: `bill:${p.cycle}:${p.period}:${accountId}`,
                });
                billedNow++;
                progress.billed++;
                progress.totalCents += plan.totalCents;
                if (plan.estimated) progress.estimated++;
              }
            }
            if (n >= this.tuning.maxAccounts || performance.now() - t0 >= this.tuning.lockMs) break;
          }
        })();
        progress.processed = billed.size + i;
        await onChunk?.(progress);
        await yieldToOthers();
        if (this.tuning.gapMs > 0 && i < todo.length) await new Promise<void>((resolve) => setTimeout(resolve, this.tuning.gapMs));
      }
      // The outcome from the run's bills, not this process's counters: another process may have
      // posted some of the same run's bills meanwhile (each account once, either way). Counted
      // before taking the lock: every account of the run has its bill committed by now.
      const done = this.aggregate(runId);
      db.transaction(() => {
        db.prepare("UPDATE billing_runs SET status = 'posted', finished_at = ?, accounts_planned = ?, preview = ? WHERE id = ? AND status = 'posting'").run(
          p.nowIso(),
          all.length,
          JSON.stringify({ held, billed: done.n, totalCents: done.t, estimated: done.e } satisfies RunOutcome),
          runId,
        );
      })();
      this.active.delete(runId);
      return { run: this.view(this.runRow(p.cycle, p.period)!), billedNow, held };
    } finally {
      const r = this.runRow(p.cycle, p.period);
      if (r) this.active.delete(r.id);
      this.busy.delete(key);
    }
  }
}

/** Open exceptions of a cycle (by account or route; those tied to neither show in every cycle), oldest first, capped. */
export function openExceptionsForCycle(db: Db, cycle: number, cap: number): { list: OpenException[]; total: number } {
  const where = `FROM reading_exceptions e LEFT JOIN accounts a ON a.id = e.account_id LEFT JOIN routes r ON r.code = e.route_code
    WHERE e.status = 'open' AND (a.billing_cycle = ? OR r.cycle = ? OR (e.account_id IS NULL AND r.code IS NULL))`;
  const total = (db.prepare(`SELECT count(*) ${where}`).pluck().get(cycle, cycle) as number) ?? 0;
  const rows = db
    .prepare(`SELECT e.id, e.meter_number, a.number AS account_number, e.route_code, e.read_on, e.reason, e.detail ${where} ORDER BY e.created_at, e.id LIMIT ?`)
    .all(cycle, cycle, cap) as Array<{ id: number; meter_number: string; account_number: string | null; route_code: string | null; read_on: string | null; reason: string; detail: string }>;
  return {
    total,
    list: rows.map((r) => ({ id: r.id, meterNumber: r.meter_number, accountNumber: r.account_number, routeCode: r.route_code, readOn: r.read_on, reason: r.reason, detail: r.detail })),
  };
}
