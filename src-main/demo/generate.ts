// The demo town generator: a believable Mayberry, NC with N accounts, deterministic for a
// (seed, today, N). The town converted from its old billing system 45 days before today:
// 24 months of converted bills (bills rows without a journal entry), one opening-balance entry
// carrying every unpaid converted bill forward as a balance_forward charge and every customer
// deposit, then real ledger activity since: billing runs (one entry per run), payments with
// their allocations, deposits for new accounts. The ledger it writes verifies clean.
//
// Built for size (500,000 accounts is ~28 million rows): rows go in with multi-row prepared
// statements in one transaction, in account order, with constant values and shared dates kept
// out of the bindings; payments are buffered and posted in date order at the end. With bulkLoad
// (a brand-new file only) journaling and foreign keys are off during the load and the non-unique
// indexes are rebuilt afterwards; with billsWorker, bills, charges and account services are
// written by a worker thread while this one writes the rest (see loadInParallel).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { makeAccountNumber } from '../../src-shared/account-number';
import type { Service } from '../../src-shared/domain';
import { SERVICE_LABELS, SERVICES } from '../../src-shared/domain';
import type { Db } from '../db/open-ledger';
import { displayNameOf } from '../core/accounts/records';
import { rebuildSearchIndex } from '../core/accounts/search-index';
import { recordDemoCertifications } from '../core/service-desk/medical-alert';
import { recordDemoLettersOfCredit } from '../core/service-desk/deposit-refunds';
import { recordDemoWinterCertifications } from '../core/collections/courtesy-calls';
import { GL, SERVICE_GL } from '../core/ledger/gl';
import { readSettings } from '../core/settings';
import { ALL_PARTS, RegisterWriter, serviceAmount, type RegisterParts } from './bills-writer';
import type { BillsWorkerData, BillsWorkerMessage } from './bills-worker';
import { BulkInsert } from './bulk';
import { LocalTimes } from './calendar';
import {
  AREA_CODES,
  BUSINESS_NOUNS,
  BUSINESS_SUFFIXES,
  EMAIL_DOMAINS,
  FEMALE_NAMES,
  MALE_NAMES,
  LAST_NAMES,
  NOTE_TEXTS,
  OTHER_TOWNS,
  PLACE_PREFIXES,
  STREETS,
  SURNAME_TRADES,
  TOWN,
} from './names';
import {
  B_DELINQ30,
  B_DELINQ60,
  B_DELINQ90,
  B_DRAFT,
  B_LATE,
  BillSet,
  billsOf,
  planTown,
  ST_ACTIVE,
  ST_CLOSED,
  ST_FINAL,
  ST_PENDING,
  STATUS_NAMES,
  SVC_ELECTRIC,
  SVC_SOLID_WASTE,
  SVC_SEWER,
  SVC_STORMWATER,
  SVC_WATER,
  type PlanInput,
  type RateRow,
  type TownPlan,
} from './plan';
import { electricMeterNumber, waterMeterNumber } from './readings-writer';
import { Rng } from './rng';

export interface GenerateOptions {
  accounts: number;
  seed: number;
  /** The business date the town is generated for (YYYY-MM-DD). */
  today: string;
  onProgress?: (p: GenerateProgress) => void;
  /**
   * The ledger is a brand-new file that may be thrown away if the load fails: journaling,
   * synchronous writes and foreign keys are off during the load and the non-unique indexes are
   * dropped and rebuilt (then WAL, synchronous=FULL and foreign keys are restored).
   */
  bulkLoad?: boolean;
  /**
   * Module URL of bills-worker.ts (or its built .js): write the bill register on a worker
   * thread. Needs bulkLoad and a file ledger.
   */
  billsWorker?: URL | string;
}

export type GeneratePhase = 'plan' | 'accounts' | 'bills' | 'payments' | 'merge' | 'indexes' | 'search' | 'done';

export interface GenerateProgress {
  phase: GeneratePhase;
  done: number;
  total: number;
}

const PHASE_LABELS: Record<GeneratePhase, string> = {
  plan: 'planning the town',
  accounts: 'accounts',
  bills: 'bills',
  payments: 'payments',
  merge: 'copying into the ledger',
  indexes: 'rebuilding indexes',
  search: 'search index',
  done: 'done',
};

/** A progress report as one line of text, e.g. "accounts 20,000 of 50,000". */
export function describeProgress(p: GenerateProgress): string {
  const label = PHASE_LABELS[p.phase];
  if (p.phase === 'done' || p.phase === 'merge' || p.phase === 'indexes' || p.total <= 1) return label;
  return `${label} ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}`;
}

export interface GenerateSummary {
  accounts: number;
  customers: number;
  locations: number;
  bills: number;
  charges: number;
  journalEntries: number;
  journalLines: number;
  allocations: number;
  payments: number;
  notes: number;
  byStatus: Record<string, number>;
  commercial: number;
  medicalAlert: number;
  /** Accounts with money owed more than 30 / 60 / 90 days past due. */
  pastDue30: number;
  pastDue60: number;
  pastDue90: number;
  conversionDate: string;
}

const SVC_BIT: Record<Service, number> = { solid_waste: SVC_SOLID_WASTE, sewer: SVC_SEWER, water: SVC_WATER, electric: SVC_ELECTRIC, stormwater: SVC_STORMWATER };
const LOADED_TABLES = ['customers', 'service_locations', 'accounts', 'account_services', 'account_notes', 'bills', 'charges', 'allocations', 'journal_entries', 'journal_lines', 'meters', 'meter_readings', 'bill_readings'];
/** Written by the bills worker (in parallel mode) straight into the ledger. */
const REGISTER_TABLES = ['bills', 'account_services', 'meters', 'meter_readings', 'bill_readings'];

// Tenders of generated payments.
const T_MAIL = 0;
const T_CASH = 1;
const T_CHECK = 2;
const T_CARD = 3;
const T_DRAFT = 4;
const TENDER_GL = [GL.checks, GL.cash, GL.checks, GL.cardClearing, GL.draftClearing];
const TENDER_MEMO = ['Mail payment', 'Counter payment', 'Counter payment', 'Counter payment', 'Bank draft'];

const ENTRY_COLUMNS = 'INSERT INTO journal_entries (id, kind, business_date, posted_at, user_id, station, memo)';

/** A growable list of small integers (plain arrays of numbers stay unboxed in V8). */
type IntList = number[];

/** What the load wrote, counted as it went (counting big tables afterwards takes seconds). */
interface Tally {
  bills: number;
  charges: number;
  entries: number;
  lines: number;
  allocations: number;
  payments: number;
  notes: number;
  byStatus: Record<string, number>;
  commercial: number;
  medicalAlert: number;
  pastDue30: number;
  pastDue60: number;
  pastDue90: number;
}

interface Buffers {
  tally: Tally;
  // Payments and deposits after the conversion, posted in date order at the end.
  payDay: IntList;
  paySec: IntList;
  payAccount: IntList;
  payAmount: IntList;
  payTender: IntList;
  payKind: IntList; // 0 payment, 1 deposit
  payStation: IntList; // 0 none, 1 S1, 2 S2
  payAllocStart: IntList;
  payAllocCount: IntList;
  allocCharge: IntList;
  allocAmount: IntList;
}

function localSeconds(h: number, m: number): number {
  return h * 3600 + m * 60;
}

export async function generateTown(db: Db, opts: GenerateOptions): Promise<GenerateSummary> {
  const progress = opts.onProgress ?? (() => {});
  const existing = db.prepare('SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM journal_entries) + (SELECT count(*) FROM bills) AS n').get() as { n: number };
  if (existing.n > 0) throw new Error('the demo town can only be generated into an empty ledger');
  const onFile = db.name !== ':memory:' && db.name !== '';
  if (opts.billsWorker && (!opts.bulkLoad || !onFile)) throw new Error('billsWorker needs bulkLoad and a ledger file');

  const settings = readSettings(db);
  progress({ phase: 'plan', done: 0, total: opts.accounts });
  // Bills are priced by the rate engine on the ledger's own schedules (migration 0013's defaults).
  const rates = db.prepare('SELECT id, service, service_class, effective_from, body, reason, created_at, created_by, supersedes_id FROM rate_schedules ORDER BY id').all() as RateRow[];
  const planInput: PlanInput = { accounts: opts.accounts, seed: opts.seed, today: opts.today, dueDays: settings.dueDays, rates };
  const plan = planTown(planInput);
  writeRoutes(db, plan);
  const userId = (name: string) => (db.prepare('SELECT id FROM users WHERE username = ?').get(name) as { id: number } | undefined)?.id ?? null;
  const load: LoadOptions = { cashierId: userId('cashier'), clerkId: userId('clerk'), serviceOrder: settings.serviceOrder, timeZone: settings.timeZone, register: ALL_PARTS, progress };

  const dropped: SchemaObject[] = [];
  const restore = () => {
    restoreObjects(db, dropped);
    if (opts.bulkLoad) {
      if (onFile) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('cache_size = -65536');
    }
  };
  let tally: Tally;
  try {
    if (opts.bulkLoad) {
      if (onFile) db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.pragma('foreign_keys = OFF');
      db.pragma('cache_size = -262144');
      // Indexes are cheaper built once at the end than kept up to date row by row.
      dropped.push(...dropObjects(db, 'index', LOADED_TABLES));
    }
    if (opts.billsWorker) {
      tally = await loadInParallel(db, plan, planInput, load, opts.billsWorker, dropped);
    } else {
      const buffers = loadTown(db, plan, load);
      postPayments(db, plan, buffers, load);
      tally = buffers.tally;
      progress({ phase: 'indexes', done: 0, total: dropped.length });
      restoreObjects(db, dropped);
      progress({ phase: 'search', done: 0, total: plan.n });
      db.transaction(() => rebuildSearchIndex(db, (done) => progress({ phase: 'search', done, total: plan.n })))();
    }
  } catch (err) {
    try {
      restore();
    } catch {
      // After a failed bulk load the file is only fit to be deleted; the first error is the one to report.
    }
    throw err;
  }
  restore();
  // The demo's Medical Alert accounts get the certification their flag stands for (a few dozen rows).
  db.transaction(() => recordDemoCertifications(db, opts.today))();
  // A few letters of credit for the Deposits screen (one waives a deposit, two don't).
  db.transaction(() => recordDemoLettersOfCredit(db, opts.today))();
  // A few customers certified elderly or disabled for the winter rule (the Cut-off section shows them).
  db.transaction(() => recordDemoWinterCertifications(db, opts.today))();
  progress({ phase: 'done', done: plan.n, total: plan.n });
  return summarize(plan, tally);
}

interface SchemaObject {
  type: string;
  name: string;
  table: string;
  sql: string;
}

function schemaObjects(db: Db, type: 'table' | 'index' | 'trigger', tables: readonly string[]): SchemaObject[] {
  const inList = tables.map((t) => `'${t}'`).join(',');
  const unique = type === 'index' ? "AND sql NOT LIKE 'CREATE UNIQUE%'" : '';
  return db.prepare(`SELECT type, name, tbl_name AS "table", sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL ${unique} AND tbl_name IN (${inList}) ORDER BY rowid`).all(type) as SchemaObject[];
}

/** Drops the non-unique indexes (or the triggers) of some tables; returns what to restore. */
function dropObjects(db: Db, type: 'index' | 'trigger', tables: readonly string[]): SchemaObject[] {
  const objects = schemaObjects(db, type, tables);
  for (const o of objects) db.exec(`DROP ${type.toUpperCase()} "${o.name}"`);
  return objects;
}

function restoreObjects(db: Db, objects: SchemaObject[]): void {
  while (objects.length > 0) db.exec(objects.shift()!.sql);
}

/**
 * The two-thread load of a new ledger file. The worker writes bills and charges, the two biggest
 * tables, and account services straight into the ledger; meanwhile this thread writes the rest, its indexes
 * and the search index into a side file (in RAM where there is a RAM disk), then copies those
 * tables into the ledger with SQLite's transfer optimisation (records and index entries copied
 * as they are: same definitions, empty destination, no triggers, foreign keys off).
 */
async function loadInParallel(db: Db, plan: TownPlan, planInput: PlanInput, load: LoadOptions, workerUrl: URL | string, dropped: SchemaObject[]): Promise<Tally> {
  const { progress } = load;
  const sideDir = fs.existsSync('/dev/shm') ? '/dev/shm' : path.dirname(db.name);
  const sideFile = path.join(sideDir, `.towncounter-${path.basename(db.name)}-${process.pid}.load`);
  fs.rmSync(sideFile, { force: true });
  // Bills are half the rows and more than half the work: the worker takes them (and the
  // services, which need only the plan); this thread takes everything else, charges included.
  const register = REGISTER_TABLES;
  const workerParts: RegisterParts = { bills: true, charges: false, services: true, readings: true };
  const copied = LOADED_TABLES.filter((t) => !register.includes(t));
  // Everything this thread needs from the ledger is read before the worker starts writing it.
  const searchTables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'account\\_search\\_%' ESCAPE '\\'").all() as Array<{ name: string }>).map((r) => r.name);
  const sideTables = schemaObjects(db, 'table', [...copied, 'account_search']);

  // The worker opens the ledger itself (this connection holds no lock until it is done) and
  // builds the indexes of its two tables once it has filled them.
  const registerIndexes = dropped.filter((d) => register.includes(d.table));
  dropped.splice(0, dropped.length, ...dropped.filter((d) => !register.includes(d.table)));
  const data: BillsWorkerData = { file: db.name, plan: planInput, serviceOrder: load.serviceOrder, parts: workerParts, indexes: registerIndexes.map((d) => d.sql) };
  const w = new Worker(workerUrl, { workerData: data });
  const worker = new Promise<[number, number]>((resolve, reject) => {
    let counts: [number, number] | null = null;
    w.on('message', (m: BillsWorkerMessage) => {
      if (m.type === 'progress') progress({ phase: 'bills', done: m.done, total: m.total });
      else counts = [m.bills, m.charges];
    });
    w.on('error', reject);
    w.on('exit', (code) => (code === 0 && counts ? resolve(counts) : reject(new Error(`bills worker stopped with code ${code}`))));
  });
  worker.catch(() => {}); // awaited below; this keeps an early failure from going unhandled meanwhile

  const side = new Database(sideFile);
  try {
    side.pragma('journal_mode = OFF');
    side.pragma('synchronous = OFF');
    side.pragma('foreign_keys = OFF');
    side.pragma('cache_size = -262144');
    side.pragma('temp_store = MEMORY');
    for (const t of sideTables) side.exec(t.sql);
    const buffers = loadTown(side, plan, { ...load, register: { bills: false, charges: true, services: false } });
    postPayments(side, plan, buffers, load);
    const indexes = dropped.filter((d) => copied.includes(d.table));
    progress({ phase: 'indexes', done: 0, total: indexes.length });
    for (const ix of indexes) side.exec(ix.sql);
    progress({ phase: 'search', done: 0, total: plan.n });
    side.transaction(() => rebuildSearchIndex(side, (done) => progress({ phase: 'search', done, total: plan.n })))();
    side.close();

    const [bills] = await worker;
    if (bills !== buffers.tally.bills) throw new Error(`the bills worker wrote ${bills} bills, expected ${buffers.tally.bills}`);

    progress({ phase: 'merge', done: 0, total: copied.length });
    // Destination indexes must exist (on the empty tables) for their entries to be copied.
    restoreObjects(db, dropped);
    const triggers = dropObjects(db, 'trigger', copied);
    db.prepare('ATTACH DATABASE ? AS side').run(sideFile);
    db.unsafeMode(true); // the search index's shadow tables are written directly
    try {
      db.transaction(() => {
        copied.forEach((t, k) => {
          db.exec(`INSERT INTO main.${t} SELECT * FROM side.${t}`);
          progress({ phase: 'merge', done: k + 1, total: copied.length });
        });
        // The search index, built in the side file: its shadow tables, copied as they are.
        for (const t of searchTables) {
          db.exec(`DELETE FROM main.${t}`);
          db.exec(`INSERT INTO main.${t} SELECT * FROM side.${t}`);
        }
      })();
    } finally {
      db.unsafeMode(false);
      db.exec('DETACH DATABASE side');
      restoreObjects(db, triggers);
    }
    return buffers.tally;
  } finally {
    if (side.open) side.close();
    await w.terminate(); // a no-op once it has finished; stops it if this thread failed first
    await worker.catch(() => [0, 0]);
    fs.rmSync(sideFile, { force: true });
  }
}

interface LoadOptions {
  cashierId: number | null;
  clerkId: number | null;
  serviceOrder: readonly Service[];
  timeZone: string;
  /** The parts of the bill register written here (the worker writes the rest). */
  register: RegisterParts;
  progress: (p: GenerateProgress) => void;
}

function personName(rng: Rng): { first: string; middle: string | null; last: string } {
  const names = rng.chance(0.5) ? FEMALE_NAMES : MALE_NAMES;
  const first = rng.pick(names);
  let middle: string | null = null;
  if (rng.chance(0.35)) {
    middle = rng.pick(names);
    if (middle === first) middle = null;
  }
  return { first, middle, last: rng.pick(LAST_NAMES) };
}

function businessName(rng: Rng): string {
  const form = rng.int(0, 5);
  const suffix = rng.pick(BUSINESS_SUFFIXES);
  let name: string;
  if (form <= 1) name = `${rng.pick(LAST_NAMES)} ${rng.pick(SURNAME_TRADES)}`;
  else if (form === 2) name = `${rng.pick(LAST_NAMES)}'s ${rng.pick(BUSINESS_NOUNS)}`;
  else if (form === 3) name = `${rng.pick(LAST_NAMES)} & Sons ${rng.pick(SURNAME_TRADES)}`;
  else if (form === 4) name = `${rng.pick(PLACE_PREFIXES)} ${rng.pick(BUSINESS_NOUNS)}`;
  else name = `${rng.pick(rng.chance(0.5) ? FEMALE_NAMES : MALE_NAMES)}'s ${rng.pick(BUSINESS_NOUNS)}`;
  return suffix ? `${name} ${suffix}` : name;
}

function phone(rng: Rng): string {
  return `(${rng.pick(AREA_CODES)}) 555-${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

/** A meter-reading route's code: cycle 2's third route is C2-03. */
export function routeCode(cycle: number, route: number): string {
  return `C${cycle}-${String(route).padStart(2, '0')}`;
}

function writeRoutes(db: Db, plan: TownPlan): void {
  const ins = db.prepare('INSERT INTO routes (code, cycle, name) VALUES (?, ?, ?)');
  db.transaction(() => {
    plan.routeCount.forEach((count, c) => {
      for (let r = 1; r <= count; r++) ins.run(routeCode(c + 1, r), c + 1, `Cycle ${c + 1} route ${r}`);
    });
  })();
}

function servicesOf(bits: number): Service[] {
  return SERVICES.filter((s) => (bits & SVC_BIT[s]) !== 0);
}

/**
 * Writes customers, locations, accounts and notes, the opening-balance and billing-run journal
 * entries, and (unless the worker does) account services, bills and charges. Returns the
 * payments and deposits to post, with their allocations.
 */
function loadTown(db: Db, plan: TownPlan, o: LoadOptions): Buffers {
  const rng = new Rng(plan.seed, 3);
  const days = plan.days;
  const times = new LocalTimes(o.timeZone);
  const C = plan.conversion;
  const T = plan.today;
  const order = o.serviceOrder;

  const CUSTOMERS = 'INSERT INTO customers (id, kind, first_name, middle_name, last_name, business_name, display_name, phone, email, mail_street, mail_city, mail_state, mail_zip, created_at)';
  const customersElsewhere = new BulkInsert(db, CUSTOMERS, 14);
  const customersInTown = new BulkInsert(db, CUSTOMERS, `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '${TOWN.city}', '${TOWN.state}', '${TOWN.zip}', ?)`);
  const customer = (values: unknown[], mail: { city: string; state: string; zip: string }, created: string) => {
    if (mail === TOWN) customersInTown.row(...values, created);
    else customersElsewhere.row(...values, mail.city, mail.state, mail.zip, created);
  };
  const locations = new BulkInsert(
    db,
    'INSERT INTO service_locations (id, street, unit, city, state, zip, service_class, water_meter, electric_meter, services, route_code, read_sequence, inside_limits, eru_hundredths)',
    `(?, ?, ?, '${TOWN.city}', '${TOWN.state}', '${TOWN.zip}', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const accounts = new BulkInsert(
    db,
    'INSERT INTO accounts (id, number, customer_id, location_id, status, opened_on, closed_on, billing_cycle, medical_alert_until, cash_only, no_penalty_until, bank_draft, payment_arrangement, in_collections)',
    14,
  );
  const notes = new BulkInsert(db, 'INSERT INTO account_notes (account_id, at, user_id, text, follow_up, resolved_at, resolved_by)', 7);
  const LINES = 'INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents, memo)';
  const arLines = new BulkInsert(db, LINES, `(?, '${GL.receivables}', ?, ?, NULL)`);
  const depositLines = new BulkInsert(db, LINES, `(?, '${GL.customerDeposits}', ?, ?, NULL)`);
  const otherLines = new BulkInsert(db, LINES, 5);
  const entries = new BulkInsert(db, ENTRY_COLUMNS, 7);
  const register = o.register.bills || o.register.charges || o.register.services ? new RegisterWriter(db, plan, order, o.register) : null;

  const tally: Tally = { bills: 0, charges: 0, entries: 0, lines: 0, allocations: 0, payments: 0, notes: 0, byStatus: {}, commercial: 0, medicalAlert: 0, pastDue30: 0, pastDue60: 0, pastDue90: 0 };
  const buf: Buffers = { tally, payDay: [], paySec: [], payAccount: [], payAmount: [], payTender: [], payKind: [], payStation: [], payAllocStart: [], payAllocCount: [], allocCharge: [], allocAmount: [] };
  const set = new BillSet();
  const locStreet: string[] = [];
  const locUnit: Array<string | null> = [];
  const streetNext = new Int32Array(STREETS.length);
  const building: Array<{ street: string; units: number; prefix: string } | null> = [null, null];

  // The account's open charges while its payments are allocated.
  const openId: number[] = [];
  const openAmt: number[] = [];
  const openFrom: number[] = [];
  const openDue: number[] = [];
  // Every combination of services, as the JSON a location stores.
  const servicesJson = Array.from({ length: 32 }, (_, bits) => JSON.stringify(servicesOf(bits)));

  const runRevenue = new Map<number, number[]>();
  for (const r of plan.runs) runRevenue.set(r.entryId, [0, 0, 0, 0, 0]);
  let openingAr = 0;
  let openingDeposits = 0;
  // Charge ids as the register writer hands them out (account order).
  let nextCharge = 1;

  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    for (let i = 0; i < plan.n; i++) {
      const id = i + 1;
      const biz = plan.business[i] === 1;
      const status = plan.status[i]!;
      const svcBits = plan.services[i]!;
      const locId = plan.location[i]!;

      // The premise.
      if (plan.newLocation[i]) {
        let street: string;
        let unit: string | null = null;
        const b = building[biz ? 1 : 0];
        if (b && b.units < (biz ? 6 : 12) && rng.chance(biz ? 0.35 : 0.6)) {
          b.units++;
          street = b.street;
          unit = `${b.prefix} ${biz ? b.units * 100 : b.units}`;
        } else {
          const s = rng.int(0, STREETS.length - 1);
          streetNext[s] = streetNext[s]! + rng.int(2, 12);
          street = `${100 + streetNext[s] * 2 + (rng.chance(0.5) ? 1 : 0)} ${STREETS[s]!}`;
          building[biz ? 1 : 0] = null;
          if (rng.chance(biz ? 0.1 : 0.05)) {
            building[biz ? 1 : 0] = { street, units: 1, prefix: biz ? 'Suite' : 'Apt' };
            unit = biz ? 'Suite 100' : 'Apt 1';
          }
        }
        locStreet[locId] = street;
        locUnit[locId] = unit;
        locations.row(
          locId,
          street,
          unit,
          biz ? 'commercial' : 'residential',
          svcBits & SVC_WATER ? waterMeterNumber(locId, plan.waterChange[locId - 1]! >= 0) : null,
          svcBits & SVC_ELECTRIC ? electricMeterNumber(locId) : null,
          servicesJson[svcBits],
          routeCode(plan.cycle[i]!, plan.route[locId - 1]!),
          plan.sequence[locId - 1]!,
          plan.inside[locId - 1]!,
          plan.eru[locId - 1]!,
        );
      }

      // The customer, created with their first account.
      const custId = plan.customer[i]!;
      if (plan.newCustomer[i]) {
        let mailStreet = locUnit[locId] ? `${locStreet[locId]!} ${locUnit[locId]}` : locStreet[locId]!;
        let mail: { city: string; state: string; zip: string } = TOWN;
        const r = rng.float();
        if (r < 0.025) mailStreet = `PO Box ${rng.int(1, 2999)}`;
        else if (r < 0.045) {
          mail = rng.pick(OTHER_TOWNS);
          mailStreet = `${rng.int(100, 9899)} ${rng.pick(STREETS)}`;
        }
        const tel = rng.chance(biz ? 0.97 : 0.9) ? phone(rng) : null;
        const created = times.iso(plan.opened[i]!, localSeconds(10, 0));
        if (biz) {
          const name = businessName(rng);
          const email = rng.chance(0.4) ? `office${custId}@${rng.pick(EMAIL_DOMAINS)}` : null;
          customer([custId, 'business', null, null, null, name, name, tel, email, mailStreet], mail, created);
        } else {
          const p = personName(rng);
          const email = rng.chance(0.3) ? `${p.first}.${p.last}${custId}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase().replace(/'/g, '') : null;
          const display = displayNameOf({ kind: 'person', firstName: p.first, middleName: p.middle, lastName: p.last });
          customer([custId, 'person', p.first, p.middle, p.last, null, display, tel, email, mailStreet], mail, created);
        }
      }

      // Bills and what was paid on them.
      billsOf(plan, i, set);
      register?.write(i, set);

      // Flags.
      const beh = plan.behaviour[i]!;
      const delinquent = beh === B_DELINQ30 || beh === B_DELINQ60 || beh === B_DELINQ90;
      let medical: string | null = null;
      let cashOnly = 0;
      let noPenalty: string | null = null;
      let arrangement = 0;
      let collections = 0;
      if (status === ST_ACTIVE) {
        if (rng.chance(0.005)) medical = days.iso(rng.chance(0.85) ? T + rng.int(30, 540) : T - rng.int(1, 200));
        cashOnly = rng.chance(delinquent || beh === B_LATE ? 0.05 : 0.006) ? 1 : 0;
        if (rng.chance(0.003)) noPenalty = days.iso(T + rng.int(10, 180));
        arrangement = (beh === B_DELINQ60 || beh === B_DELINQ90 ? rng.chance(0.35) : beh === B_DELINQ30 ? rng.chance(0.15) : false) ? 1 : 0;
        if (beh === B_DELINQ90 && rng.chance(0.15)) collections = 1;
      } else if (status === ST_FINAL) {
        let oldest = T;
        for (let j = 0; j < set.converted; j++) if (set.paid[j]! < set.total[j]!) oldest = Math.min(oldest, set.dueDay[j]!);
        if (oldest < T - 90 && rng.chance(0.85)) collections = 1;
      }
      const closedOn = status === ST_CLOSED || status === ST_FINAL ? days.iso(plan.closed[i]!) : null;
      accounts.row(id, makeAccountNumber(id), custId, locId, STATUS_NAMES[status]!, days.iso(plan.opened[i]!), closedOn, plan.cycle[i]!, medical, cashOnly, noPenalty, beh === B_DRAFT ? 1 : 0, arrangement, collections);

      // Conversion: unpaid converted bills became balance_forward charges (written by the
      // register writer); deposits held moved too.
      openId.length = 0;
      openAmt.length = 0;
      openFrom.length = 0;
      openDue.length = 0;
      let forward = 0;
      for (let j = 0; j < set.converted; j++) {
        const owed = set.total[j]! - set.paid[j]!;
        if (owed <= 0) continue;
        openId.push(nextCharge++);
        openAmt.push(owed);
        openFrom.push(C);
        openDue.push(set.dueDay[j]!);
        forward += owed;
      }
      const ar = forward - set.credit;
      if (ar !== 0) {
        arLines.row(plan.openingEntryId, id, ar);
        openingAr += ar;
      }
      let deposit = 0;
      if ((status === ST_ACTIVE || status === ST_PENDING) && rng.chance(plan.opened[i]! > T - 5 * 365 ? 0.9 : 0.35)) {
        if (biz) {
          const monthly = set.count > 0 ? set.total[set.count - 1]! : 25000;
          deposit = Math.max(30000, Math.ceil((2 * monthly) / 5000) * 5000);
        } else deposit = svcBits & SVC_ELECTRIC ? 20000 : 15000;
      }
      const tenderPref = beh === B_DRAFT ? T_DRAFT : rng.weighted([50, 20, 15, 15]);
      if (deposit > 0 && plan.opened[i]! <= C) {
        depositLines.row(plan.openingEntryId, id, -deposit);
        openingDeposits += deposit;
      } else if (deposit > 0) {
        // Opened since the conversion: the deposit was taken at the counter.
        const tender = rng.pick([T_CASH, T_CHECK, T_CARD]);
        pushPayment(buf, plan.opened[i]!, rng.int(localSeconds(8, 30), localSeconds(16, 45)), id, deposit, tender, 1, rng.chance(0.7) ? 1 : 2);
      }

      // Ledger bills since the conversion: a receivables debit in the billing run's entry.
      for (let j = set.converted; j < set.count; j++) {
        const entryId = plan.runEntryByDay.get(set.billDay[j]!)!;
        arLines.row(entryId, id, set.total[j]!);
        const rev = runRevenue.get(entryId)!;
        for (const s of order) {
          const amt = serviceAmount(set, j, s);
          if (amt <= 0) continue;
          const k = SERVICES.indexOf(s);
          rev[k] = rev[k]! + amt;
          openId.push(nextCharge++);
          openAmt.push(amt);
          openFrom.push(set.billDay[j]!);
          openDue.push(set.dueDay[j]!);
        }
      }

      // Payments since the conversion, allocated oldest due first (the charges are already in
      // allocation order: due date, then the configured service order).
      let first = 0;
      for (let e = 0; e < set.events; e++) {
        const day = set.eventDay[e]!;
        let left = set.eventAmount[e]!;
        const tender = tenderPref === T_DRAFT ? T_DRAFT : rng.chance(0.8) ? tenderPref : rng.int(0, 3);
        const sec = tender === T_DRAFT ? localSeconds(6, 0) : tender === T_MAIL ? rng.int(localSeconds(8, 45), localSeconds(11, 30)) : rng.int(localSeconds(8, 30), localSeconds(17, 0));
        const station = tender === T_DRAFT ? 0 : tender === T_MAIL ? 1 : rng.chance(0.7) ? 1 : 2;
        const start = buf.allocCharge.length;
        while (first < openId.length && openAmt[first] === 0) first++;
        for (let c = first; c < openId.length && left > 0; c++) {
          if (openFrom[c]! > day || openAmt[c] === 0) continue;
          const take = Math.min(left, openAmt[c]!);
          openAmt[c] = openAmt[c]! - take;
          left -= take;
          buf.allocCharge.push(openId[c]!);
          buf.allocAmount.push(take);
        }
        pushPayment(buf, day, sec, id, set.eventAmount[e]!, tender, 0, station);
        buf.payAllocStart[buf.payAllocStart.length - 1] = start;
        buf.payAllocCount[buf.payAllocCount.length - 1] = buf.allocCharge.length - start;
      }

      // Tally: status, class, and how far past due the oldest unpaid charge is (credits ignored).
      tally.bills += set.count;
      tally.byStatus[STATUS_NAMES[status]!] = (tally.byStatus[STATUS_NAMES[status]!] ?? 0) + 1;
      if (biz) tally.commercial++;
      if (medical && medical >= days.iso(T)) tally.medicalAlert++;
      for (let c = first; c < openId.length; c++) {
        if (openAmt[c] === 0) continue;
        const late = T - openDue[c]!;
        if (late > 30) tally.pastDue30++;
        if (late > 60) tally.pastDue60++;
        if (late > 90) tally.pastDue90++;
        break;
      }

      // A few notes, and one for every medical certification.
      if (medical) {
        const at = Math.max(plan.opened[i]!, T - rng.int(10, 300));
        notes.row(id, times.iso(at, rng.int(localSeconds(9, 0), localSeconds(16, 30))), o.clerkId, `Medical certification received; on file until ${medical}.`, 0, null, null);
        tally.notes++;
      }
      if (rng.chance(0.02)) {
        const note = rng.pick(NOTE_TEXTS);
        const at = Math.max(plan.opened[i]!, T - rng.int(1, 700));
        const resolved = note.followUp && rng.chance(0.5) ? Math.min(T, at + rng.int(1, 20)) : -1;
        notes.row(
          id,
          times.iso(at, rng.int(localSeconds(9, 0), localSeconds(16, 30))),
          o.clerkId,
          note.text,
          note.followUp ? 1 : 0,
          resolved >= 0 ? times.iso(resolved, localSeconds(11, 0)) : null,
          resolved >= 0 ? o.clerkId : null,
        );
        tally.notes++;
      }

      if ((i + 1) % 10_000 === 0) o.progress({ phase: 'accounts', done: i + 1, total: plan.n });
    }

    // The opening-balance entry and the billing runs' revenue lines.
    if (openingAr !== 0) otherLines.row(plan.openingEntryId, GL.conversion, null, -openingAr, 'Receivables converted from the previous system');
    if (openingDeposits !== 0) otherLines.row(plan.openingEntryId, GL.conversion, null, openingDeposits, 'Customer deposits converted from the previous system');
    if (openingAr !== 0 || openingDeposits !== 0) {
      entries.row(plan.openingEntryId, 'opening_balance', days.iso(C), times.iso(C, localSeconds(18, 0)), null, null, 'Opening balances converted from the previous billing system');
    }
    for (const r of plan.runs) {
      const rev = runRevenue.get(r.entryId)!;
      SERVICES.forEach((s, k) => {
        if (rev[k]! > 0) otherLines.row(r.entryId, SERVICE_GL[s], null, -rev[k]!, `${SERVICE_LABELS[s]}, cycle ${r.cycle} bills of ${days.iso(r.day)}`);
      });
      entries.row(r.entryId, 'bill', days.iso(r.day), times.iso(r.day, localSeconds(5, 30)), null, null, `Billing cycle ${r.cycle}: bills dated ${days.iso(r.day)}`);
    }
    for (const ins of [customersInTown, customersElsewhere, locations, accounts, notes, arLines, depositLines, otherLines, entries]) ins.flush();
    register?.flush();
    tally.charges = nextCharge - 1;
    tally.entries += entries.count;
    tally.lines += arLines.count + depositLines.count + otherLines.count;
  })();
  o.progress({ phase: 'accounts', done: plan.n, total: plan.n });
  return buf;
}

function pushPayment(buf: Buffers, day: number, sec: number, account: number, amount: number, tender: number, kind: number, station: number): void {
  buf.payDay.push(day);
  buf.paySec.push(sec);
  buf.payAccount.push(account);
  buf.payAmount.push(amount);
  buf.payTender.push(tender);
  buf.payKind.push(kind);
  buf.payStation.push(station);
  buf.payAllocStart.push(0);
  buf.payAllocCount.push(0);
}

/** Posts the buffered payments and deposits as journal entries in date-and-time order. */
function postPayments(db: Db, plan: TownPlan, buf: Buffers, o: { cashierId: number | null; timeZone: string; progress: (p: GenerateProgress) => void }): void {
  const n = buf.payDay.length;
  if (n >= 1 << 21) throw new Error('too many payments for the sort key');
  // Sort key: (day, second, index) packed into one double, exact below 2^53.
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = (buf.payDay[k]! * 86_400 + buf.paySec[k]!) * 2_097_152 + k;
  keys.sort();
  const times = new LocalTimes(o.timeZone);
  const days = plan.days;
  const user = o.cashierId === null ? 'NULL' : String(o.cashierId);
  // One statement per kind of entry, so kind, memo, station and user are constants.
  const entryVariant = new Map<string, BulkInsert>();
  const entryInsert = (kind: string, memo: string, station: string | null, userSql: string) => {
    const key = `${kind}|${memo}|${station}|${userSql}`;
    let ins = entryVariant.get(key);
    if (!ins) {
      ins = new BulkInsert(db, ENTRY_COLUMNS, `(?, '${kind}', ?, ?, ${userSql}, ${station ? `'${station}'` : 'NULL'}, '${memo}')`);
      entryVariant.set(key, ins);
    }
    return ins;
  };
  const LINES = 'INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents, memo)';
  const tenderLines = new Map(TENDER_GL.map((gl) => [gl, new BulkInsert(db, LINES, `(?, '${gl}', NULL, ?, NULL)`)]));
  const arLines = new BulkInsert(db, LINES, `(?, '${GL.receivables}', ?, ?, NULL)`);
  const depositLines = new BulkInsert(db, LINES, `(?, '${GL.customerDeposits}', ?, ?, NULL)`);
  const allocations = new BulkInsert(db, 'INSERT INTO allocations (entry_id, charge_id, amount_cents)', 3);
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    let entryId = plan.firstPaymentEntryId;
    for (let r = 0; r < n; r++) {
      const k = keys[r]! % 2_097_152;
      const tender = buf.payTender[k]!;
      const deposit = buf.payKind[k] === 1;
      const station = buf.payStation[k] === 0 ? null : `S${buf.payStation[k]!}`;
      const amount = buf.payAmount[k]!;
      const account = buf.payAccount[k]!;
      const day = buf.payDay[k]!;
      entryInsert(deposit ? 'deposit' : 'payment', deposit ? 'Service deposit' : TENDER_MEMO[tender]!, station, tender === T_DRAFT ? 'NULL' : user).row(entryId, days.iso(day), times.iso(day, buf.paySec[k]!));
      tenderLines.get(TENDER_GL[tender]!)!.row(entryId, amount);
      (deposit ? depositLines : arLines).row(entryId, account, -amount);
      const start = buf.payAllocStart[k]!;
      const end = start + buf.payAllocCount[k]!;
      const ab = allocations.buf;
      for (let a = start; a < end; a++) {
        const o = allocations.next();
        ab[o] = entryId;
        ab[o + 1] = buf.allocCharge[a]!;
        ab[o + 2] = buf.allocAmount[a]!;
      }
      entryId++;
      if ((r + 1) % 100_000 === 0) o.progress({ phase: 'payments', done: r + 1, total: n });
    }
    for (const ins of [...entryVariant.values(), ...tenderLines.values(), arLines, depositLines, allocations]) ins.flush();
    const t = buf.tally;
    for (const ins of entryVariant.values()) t.entries += ins.count;
    for (const ins of [...tenderLines.values(), arLines, depositLines]) t.lines += ins.count;
    t.allocations += allocations.count;
    t.payments += arLines.count;
  })();
  o.progress({ phase: 'payments', done: n, total: n });
}

function summarize(plan: TownPlan, t: Tally): GenerateSummary {
  return {
    accounts: plan.n,
    customers: plan.customers,
    locations: plan.locations,
    bills: t.bills,
    charges: t.charges,
    journalEntries: t.entries,
    journalLines: t.lines,
    allocations: t.allocations,
    payments: t.payments,
    notes: t.notes,
    byStatus: t.byStatus,
    commercial: t.commercial,
    medicalAlert: t.medicalAlert,
    pastDue30: t.pastDue30,
    pastDue60: t.pastDue60,
    pastDue90: t.pastDue90,
    conversionDate: plan.days.iso(plan.conversion),
  };
}
