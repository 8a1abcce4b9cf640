// The conversion import (issue 16; layouts and rules in docs/IMPORT.md). Two passes over the
// folder's files, both streamed:
//
//   1. check — every row of every file is read and checked (values, then references between
//      files, duplicates, conflicts with the ledger); every problem becomes a reject (file, line,
//      column, code, reason) and the control totals are summed over the accepted rows. Nothing is
//      written but this run's conversion_runs row and the report files.
//   2. load — unless it is a dry run, and only when nothing was rejected (or the caller accepts the
//      rejects), the four file groups go in in order, each in ONE transaction that also writes its
//      conversion_groups row: a crash leaves a group entirely in or entirely out, and a re-run skips
//      the groups already in (a group whose files changed since is refused, not loaded again).
//
// Only what the checks between files need is kept in memory (keys and a few fields per account
// and location), never the rows themselves, so a city-sized set runs in bounded memory.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Db } from '../../db/open-ledger';
import { claimLedger, conversionClaimFileFor, LedgerInUseError, type LedgerClaim } from '../../db/ledger-claim';
import { CoreError } from '../errors';
import type { Service } from '../../../src-shared/domain';
import { SERVICE_LABELS } from '../../../src-shared/domain';
import { makeAccountNumber } from '../../../src-shared/account-number';
import {
  CONVERSION_GROUPS,
  CONVERSION_KINDS,
  GROUP_OF,
  type ConversionGroup,
  type ConversionKind,
  type ConversionProgress,
  type ConversionReject,
  type ConversionResult,
  type ConversionSummary,
  type RejectCode,
} from '../../../src-shared/ipc/conversion-schemas';
import { csvField, textCell } from '../../export/csv';
import { recordAudit } from '../audit';
import { enrolmentAad } from '../drafts/enrolments';
import { GL } from '../ledger/gl';
import { taxIdAad } from '../service-desk/customers';
import { zonedInstant } from '../export/local-time';
import { indexAccountsAfter } from '../accounts/search-index';
import { displayNameOf } from '../accounts/records';
import { CsvSyntaxError, examineFile, streamRecords, type FileFacts } from './csv-stream';
import { fileNameOf, mapHeader, MappingError, readMapping, REQUIRED_FILES, type HeaderMap, type MappingFile } from './layouts';
import {
  Row,
  readAccount,
  readCharge,
  readCustomer,
  readDeposit,
  readDraft,
  readHistory,
  readLocation,
  readMedical,
  readMeter,
  readNote,
  type AccountRec,
  type ChargeRec,
} from './rows';
import type { ConversionOptions } from './types';

/** How many rejects the result carries (the report file has them all). */
const RESULT_REJECTS = 1000;

interface FileState {
  kind: ConversionKind;
  name: string;
  path: string;
  present: boolean;
  facts: FileFacts | null;
  header: HeaderMap | null;
  rowsRead: number;
  /** Lines rejected (a row counts once however many problems it has). */
  rejected: Set<number>;
  /** The file as a whole could not be used. */
  unusable: boolean;
}

const LIVE = new Set(['active', 'pending']);

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function emptySummary(asOf: string): ConversionSummary {
  return {
    asOf,
    files: [],
    customers: 0,
    locations: 0,
    meters: 0,
    accounts: 0,
    accountsByStatus: { pending: 0, active: 0, final_billed: 0, closed: 0 },
    balanceByService: { solid_waste: 0, sewer: 0, water: 0, electric: 0, stormwater: 0 },
    penaltiesCents: 0,
    feesCents: 0,
    balanceForwardCents: 0,
    creditsCents: 0,
    openChargesCount: 0,
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
}

type AccountNumbering = Pick<AccountRec, 'printed' | 'key' | 'ownForm'>;

/** Growable typed arrays for the history duplicate check (12 million rows at city size). */
class Floats {
  a = new Float64Array(1 << 16);
  n = 0;
  /** Gives the memory back (the duplicate check is done). */
  free(): void {
    this.a = new Float64Array(0);
    this.n = 0;
  }

  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

const EPOCH_DAY = Date.UTC(1900, 0, 1) / 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 - EPOCH_DAY;
/** One bill of one account (account ordinal or id, bill date) as a number: days since 1900 fit in 16 bits until 2079. */
const BILL_KEY_DAYS = 65_536;
const billKey = (account: number, billDate: string) => account * BILL_KEY_DAYS + dayNumber(billDate);
const isoOfDay = (day: number) => new Date((day + EPOCH_DAY) * 86_400_000).toISOString().slice(0, 10);

/**
 * An open charge that is its bill's own: a service or fee charge of a bill not yet due on the
 * conversion date. The previous system could not have charged that bill's late penalty yet, so
 * it is loaded as a bill of the ledger and the late penalty run charges it if it goes unpaid. A
 * bill already past due was the previous system's to penalize (its penalties come as PENALTY
 * rows), so its charges stay outside any bill and are never penalized again.
 */
export const billsOwnCharge = (c: Pick<ChargeRec, 'kind' | 'dueDate'>, asOf: string): boolean => (c.kind === 'service' || c.kind === 'fee') && c.dueDate >= asOf;

export function runConversion(db: Db, o: ConversionOptions): ConversionResult {
  // One conversion run at a time on a ledger, whichever process runs it (the app, the CLI).
  let claim: LedgerClaim | null = null;
  if (db.name !== ':memory:') {
    try {
      claim = claimLedger(db.name, 'conversion', o.now, conversionClaimFileFor(db.name));
    } catch (e) {
      if (e instanceof LedgerInUseError) throw new CoreError('CONVERSION_RUNNING', `A conversion run is going on this ledger (process ${e.holder.pid} on ${e.holder.host}, since ${e.holder.since}); wait for it to finish.`);
      throw e;
    }
  }
  try {
    return convert(db, o, claim !== null);
  } finally {
    claim?.release();
  }
}

function convert(db: Db, o: ConversionOptions, claimed: boolean): ConversionResult {
  const at = () => o.now().toISOString();
  const rejects: ConversionReject[] = [];
  const summary = emptySummary(o.asOf);
  const files = new Map<ConversionKind, FileState>();
  let progress: ConversionProgress = { phase: 'reading', step: null, done: 0, total: 0, message: 'Reading the files' };
  let lastTick = 0;
  const tell = (p: Partial<ConversionProgress>, force = false) => {
    progress = { ...progress, ...p };
    const now = performance.now();
    if (force || now - lastTick > 100) {
      lastTick = now;
      o.onProgress?.(progress);
    }
  };

  const runId = Number(
    db
      .transaction(() => {
        // Holding the claim, any run still marked running was interrupted (its process ended).
        if (claimed) db.prepare("UPDATE conversion_runs SET status = 'failed', finished_at = ?, message = 'Interrupted: the process running it ended before it finished (no group is half in; run it again).' WHERE status = 'running'").run(at());
        return db.prepare('INSERT INTO conversion_runs (started_at, user_id, source, as_of, dry_run) VALUES (?, ?, ?, ?, ?)').run(at(), o.userId, path.basename(o.dir) || o.dir, o.asOf, o.dryRun ? 1 : 0).lastInsertRowid;
      })
      .immediate(),
  );

  const reject = (f: FileState, line: number, column: string, code: RejectCode, reason: string) => {
    rejects.push({ file: f.name, line, column, code, reason });
    if (line > 1) f.rejected.add(line);
  };

  try {
    // Mapping file and the files' fingerprints ------------------------------------------------
    let mapping: MappingFile | null = null;
    let mappingProblem: string | null = null;
    try {
      mapping = readMapping(o.dir);
    } catch (e) {
      if (!(e instanceof MappingError)) throw e;
      mappingProblem = e.message;
    }
    for (const kind of CONVERSION_KINDS) {
      const name = fileNameOf(kind, mapping);
      const p = path.join(o.dir, name);
      const present = fs.existsSync(p) && fs.statSync(p).isFile();
      files.set(kind, { kind, name, path: p, present, facts: null, header: null, rowsRead: 0, rejected: new Set(), unusable: !present });
    }
    const fileOf = (k: ConversionKind) => files.get(k)!;
    if (mappingProblem !== null) rejects.push({ file: 'mapping.json', line: 0, column: '', code: 'FILE_UNREADABLE', reason: mappingProblem });
    const totalBytes = [...files.values()].reduce((s, f) => s + (f.present ? fs.statSync(f.path).size : 0), 0);
    let bytesBefore = 0;
    for (const f of files.values()) {
      if (!f.present) {
        if (REQUIRED_FILES.includes(f.kind)) reject(f, 0, '', 'FILE_MISSING', `${f.name} is required and is not in the folder`);
        continue;
      }
      tell({ phase: 'reading', step: f.kind, done: bytesBefore, total: totalBytes, message: `Reading ${f.name}` }, true);
      f.facts = examineFile(f.path);
      bytesBefore += f.facts.size;
      if (f.facts.unreadable) {
        reject(f, 0, '', 'FILE_UNREADABLE', `${f.name}: ${f.facts.unreadable}`);
        f.unusable = true;
      }
    }
    const fingerprint = (g: ConversionGroup): string | null => {
      const kinds = CONVERSION_KINDS.filter((k) => GROUP_OF[k] === g && fileOf(k).present);
      if (kinds.length === 0) return null;
      const h = crypto.createHash('sha256');
      for (const k of kinds) h.update(`${k}:${fileOf(k).facts?.sha256 ?? ''}\n`);
      return h.digest('hex');
    };
    const loaded = new Map((db.prepare('SELECT group_name, fingerprint, loaded_at FROM conversion_groups').all() as Array<{ group_name: ConversionGroup; fingerprint: string; loaded_at: string }>).map((r) => [r.group_name, r]));
    const accountsLoaded = loaded.has('accounts');

    // Pass 1: check ------------------------------------------------------------------------------
    bytesBefore = 0;
    // 'scanning' reads a file's accepted rows while loading without counting toward the progress
    // (a look ahead at rows the group loads later).
    const eachRow = (f: FileState, phase: 'checking' | 'loading' | 'scanning', fn: (r: Row) => void) => {
      if (f.unusable || !f.facts) return;
      if (phase !== 'checking') {
        // The rows to skip are known by line: the file must be the one that was checked.
        const st = fs.statSync(f.path, { throwIfNoEntry: false });
        if (!st || st.size !== f.facts.size || st.mtimeMs !== f.facts.mtimeMs) throw new CoreError('CONFLICT', `${f.name} changed after it was checked; nothing of its group was loaded. Run the conversion again.`);
      }
      let header: HeaderMap | null = null;
      let width = 0;
      const base = bytesBefore;
      try {
        streamRecords(f.path, f.facts.encoding, {
          record: (fields, line) => {
            if (header === null) {
              header = mapHeader(f.kind, fields, mapping);
              width = fields.length;
              if (phase === 'checking') {
                f.header = header;
                for (const m of header.missing) reject(f, 1, m, 'COLUMN_MISSING', `column ${m} is required and is not in the header`);
                for (const d of header.duplicated) reject(f, 1, d, 'COLUMN_MISSING', `column "${d}" names a column already in the header`);
                if (header.missing.length > 0 || header.duplicated.length > 0) {
                  f.unusable = true;
                  throw new StopFile();
                }
              }
              return;
            }
            if (phase === 'checking') {
              f.rowsRead++;
              if (fields.length !== width) {
                reject(f, line, '', 'MALFORMED_ROW', `${fields.length} field${fields.length === 1 ? '' : 's'}; the header has ${width}`);
                return;
              }
            } else if (f.rejected.has(line)) return;
            fn(new Row(line, fields, header));
          },
          malformed: (reason, line) => {
            if (phase === 'checking') {
              f.rowsRead++;
              reject(f, line, '', 'MALFORMED_ROW', reason);
            }
          },
          progress: (b) => {
            if (phase !== 'scanning') tell({ phase, step: f.kind, done: base + b, message: `${phase === 'checking' ? 'Checking' : 'Loading'} ${f.name}` });
          },
        });
        if (header === null && phase === 'checking') {
          reject(f, 0, '', 'FILE_UNREADABLE', `${f.name} is empty (no header row)`);
          f.unusable = true;
        }
      } catch (e) {
        if (e instanceof StopFile) return;
        if (e instanceof CsvSyntaxError) {
          if (phase === 'checking') {
            reject(f, 0, '', 'FILE_UNREADABLE', `${f.name}: ${e.message}`);
            f.unusable = true;
            return;
          }
        }
        throw e;
      } finally {
        if (phase !== 'scanning') bytesBefore = base + (f.facts?.size ?? 0);
      }
    };
    const rowDone = (f: FileState, r: Row) => {
      for (const i of r.issues) reject(f, r.line, i.column, i.code, i.reason);
    };
    const refProblem = (r: Row, column: string, value: string, target: 'customers' | 'locations' | 'accounts', state: number | undefined) => {
      if (state === undefined) {
        if (fileOf(target).unusable) r.problem(column, 'REFERENCE_REJECTED', `${fileOf(target).name} could not be read`);
        else r.problem(column, 'UNKNOWN_REFERENCE', `${value} is not in ${fileOf(target).name}`);
        return true;
      }
      if (state < 0) {
        r.problem(column, 'REFERENCE_REJECTED', `${value} was rejected in ${fileOf(target).name}`);
        return true;
      }
      return false;
    };

    // Customers
    const customers = new Map<string, number>();
    const ledgerHas = (sql: string) => {
      const st = db.prepare(sql);
      return (v: string) => st.get(v) !== undefined;
    };
    const customerInLedger = ledgerHas('SELECT 1 FROM customers WHERE legacy_id = ?');
    eachRow(fileOf('customers'), 'checking', (r) => {
      const c = readCustomer(r);
      if (c) {
        if (customers.has(c.key)) r.problem('customer_id', 'DUPLICATE', `customer ${c.key} is also on an earlier line`);
        else if (!accountsLoaded && customerInLedger(c.key)) r.problem('customer_id', 'CONFLICT', `customer ${c.key} is already in the ledger`);
      }
      if (r.ok) customers.set(c!.key, summary.customers++);
      else {
        const k = r.raw('customer_id').toUpperCase();
        if (k !== '' && !customers.has(k)) customers.set(k, -1);
      }
      rowDone(fileOf('customers'), r);
    });

    // Locations
    const locations = new Map<string, number>();
    const locRoute: Array<string | null> = [];
    const locSeq: Array<number | null> = [];
    const locLive: number[] = [];
    const locServices: Array<Service[] | null> = [];
    const locMeter: Array<{ water: string | null; electric: string | null }> = [];
    const locationInLedger = ledgerHas('SELECT 1 FROM service_locations WHERE legacy_id = ?');
    eachRow(fileOf('locations'), 'checking', (r) => {
      const l = readLocation(r);
      if (l) {
        if (locations.has(l.key)) r.problem('location_id', 'DUPLICATE', `location ${l.key} is also on an earlier line`);
        else if (!accountsLoaded && locationInLedger(l.key)) r.problem('location_id', 'CONFLICT', `location ${l.key} is already in the ledger`);
      }
      if (r.ok) {
        locations.set(l!.key, summary.locations++);
        locRoute.push(null);
        locSeq.push(null);
        locLive.push(0);
        locServices.push(null);
        locMeter.push({ water: null, electric: null });
      } else {
        const k = r.raw('location_id').toUpperCase();
        if (k !== '' && !locations.has(k)) locations.set(k, -1);
      }
      rowDone(fileOf('locations'), r);
    });

    // Meters
    const meterKeys = new Set<string>();
    const meterStmt = db.prepare('SELECT 1 FROM meters WHERE service = ? AND number = ? AND removed_on IS NULL');
    const meterInLedger = (service: string, number: string) => meterStmt.get(service, number) !== undefined;
    eachRow(fileOf('meters'), 'checking', (r) => {
      const m = readMeter(r);
      if (m) {
        const loc = locations.get(m.location);
        const k = `${m.service}|${m.number}`;
        if (!refProblem(r, 'location_id', m.location, 'locations', loc)) {
          if (meterKeys.has(k)) r.problem('meter_number', 'DUPLICATE', `${m.service} meter ${m.number} is also on an earlier line`);
          else if (!accountsLoaded && meterInLedger(m.service, m.number)) r.problem('meter_number', 'CONFLICT', `${m.service} meter ${m.number} is already in service in the ledger`);
          else if (locMeter[loc!]![m.service] !== null) r.problem('meter_number', 'CONFLICT', `location ${m.location} already has ${m.service} meter ${locMeter[loc!]![m.service]} in service`);
        }
        if (r.ok) {
          meterKeys.add(k);
          locMeter[loc!]![m.service] = m.number;
          summary.meters++;
        }
      }
      rowDone(fileOf('meters'), r);
    });

    // Accounts
    const accounts = new Map<string, number>();
    const accStatus: string[] = [];
    // Per accepted account, only what the numbering needs (not the whole record: a city has 500,000).
    const accKeys: AccountNumbering[] = [];
    const routes = new Map((db.prepare('SELECT code, cycle FROM routes').all() as Array<{ code: string; cycle: number }>).map((x) => [x.code, x.cycle]));
    const legacyInLedger = ledgerHas('SELECT 1 FROM accounts WHERE legacy_key = ?');
    const numberInLedger = ledgerHas('SELECT 1 FROM accounts WHERE number = ?');
    eachRow(fileOf('accounts'), 'checking', (r) => {
      const a = readAccount(r, o.checkDigit);
      if (a) {
        if (accounts.has(a.key)) r.problem('account_number', 'DUPLICATE', `account ${a.printed} is also on an earlier line`);
        else if (!accountsLoaded && (legacyInLedger(a.key) || (a.ownForm !== null && numberInLedger(a.ownForm)))) r.problem('account_number', 'CONFLICT', `account ${a.printed} is already in the ledger`);
        refProblem(r, 'customer_id', a.customer, 'customers', customers.get(a.customer));
        const loc = locations.get(a.location);
        if (!refProblem(r, 'location_id', a.location, 'locations', loc) && r.ok) {
          if (LIVE.has(a.status) && locLive[loc!]! > 0) r.problem('location_id', 'CONFLICT', `location ${a.location} already has an active or pending account (${accKeys[locLive[loc!]! - 1]!.printed})`);
          const liveRoute = locRoute[loc!];
          if (a.route !== null && LIVE.has(a.status) && liveRoute !== null && liveRoute !== undefined && liveRoute !== a.route) r.problem('route', 'CONFLICT', `location ${a.location} is on route ${liveRoute}`);
        }
        if (a.route !== null && routes.has(a.route) && routes.get(a.route) !== a.cycle) r.problem('route', 'CONFLICT', `route ${a.route} is in cycle ${routes.get(a.route)}, not ${a.cycle}`);
        if (r.ok) {
          const ord = accKeys.length;
          accounts.set(a.key, ord);
          accKeys.push({ printed: a.printed, key: a.key, ownForm: a.ownForm });
          accStatus.push(a.status);
          summary.accounts++;
          summary.accountsByStatus[a.status]++;
          if (a.route !== null && !routes.has(a.route)) routes.set(a.route, a.cycle);
          const l = loc!;
          if (LIVE.has(a.status)) {
            locLive[l] = ord + 1;
            locRoute[l] = a.route;
            locSeq[l] = a.readSequence;
            locServices[l] = a.services;
          } else if (locServices[l] === null) {
            locServices[l] = a.services;
            if (locRoute[l] === null) {
              locRoute[l] = a.route;
              locSeq[l] = a.readSequence;
            }
          }
        }
      }
      if (!r.ok) {
        const k = r.raw('account_number').replace(/[\s-]/g, '').toUpperCase();
        if (k !== '' && !accounts.has(k)) accounts.set(k, -1);
      }
      rowDone(fileOf('accounts'), r);
    });
    const accountOk = (r: Row, key: string | undefined): number | null => {
      if (key === undefined) return null;
      const v = accounts.get(key);
      return refProblem(r, 'account_number', r.raw('account_number'), 'accounts', v) ? null : v!;
    };

    // Open charges
    const agingOf = (c: ChargeRec) => {
      const late = daysBetween(c.dueDate, o.asOf);
      if (late >= 90) summary.aging.days90Cents += c.cents;
      else if (late >= 60) summary.aging.days60Cents += c.cents;
      else if (late >= 30) summary.aging.days30Cents += c.cents;
      else summary.aging.currentCents += c.cents;
    };
    // A bill not yet due on the conversion date: its service and fee charges become that bill's own
    // (the late penalty run charges it if it goes unpaid). Bill key → due day, to find a charge or a
    // history row of the same bill that disagrees on the due date.
    const dueOfBill = new Map<number, number>();
    eachRow(fileOf('open_charges'), 'checking', (r) => {
      const c = readCharge(r);
      const ord = c ? accountOk(r, c.account) : null;
      if (r.ok && c && ord !== null && billsOwnCharge(c, o.asOf)) {
        const k = billKey(ord, c.billDate);
        const due = dueOfBill.get(k);
        if (due === undefined) dueOfBill.set(k, dayNumber(c.dueDate));
        else if (due !== dayNumber(c.dueDate)) r.problem('due_date', 'CONFLICT', `another open charge of the bill of ${c.billDate} on an earlier line is due ${isoOfDay(due)}`);
      }
      if (r.ok && c) {
        if (c.kind === 'credit') summary.creditsCents += c.cents;
        else {
          summary.openChargesCount++;
          if (c.kind === 'service') summary.balanceByService[c.service!] += c.cents;
          else if (c.kind === 'penalty') summary.penaltiesCents += c.cents;
          else if (c.kind === 'fee') summary.feesCents += c.cents;
          else summary.balanceForwardCents += c.cents;
          agingOf(c);
        }
      }
      rowDone(fileOf('open_charges'), r);
    });
    summary.receivableCents = Object.values(summary.balanceByService).reduce((a, b) => a + b, 0) + summary.penaltiesCents + summary.feesCents + summary.balanceForwardCents - summary.creditsCents;

    // Deposits
    eachRow(fileOf('deposits'), 'checking', (r) => {
      const d = readDeposit(r);
      if (d) {
        accountOk(r, d.account);
        if (d.paidOn > o.asOf) r.problem('paid_on', 'DATE_ORDER', `paid ${d.paidOn}, after the conversion date ${o.asOf}`);
      }
      if (r.ok && d) {
        summary.depositsCount++;
        summary.depositsCents += d.cents;
      }
      rowDone(fileOf('deposits'), r);
    });

    // History: a bill per account and bill date; duplicates found after the whole file is read.
    const histKeys = new Floats();
    const histLines = new Floats();
    const histTotals = new Floats();
    eachRow(fileOf('history'), 'checking', (r) => {
      const h = readHistory(r);
      const ord = h ? accountOk(r, h.account) : null;
      if (r.ok && h && ord !== null) {
        const due = dueOfBill.get(billKey(ord, h.billDate));
        if (due !== undefined && due !== dayNumber(h.dueDate)) r.problem('due_date', 'CONFLICT', `the open charges of this bill (open_charges) are due ${isoOfDay(due)}`);
      }
      if (r.ok && h && ord !== null) {
        histKeys.push(billKey(ord, h.billDate));
        histLines.push(r.line);
        histTotals.push(h.total);
        summary.historyBills++;
        summary.historyBilledCents += h.total;
      }
      rowDone(fileOf('history'), r);
    });
    if (histKeys.n > 1) {
      const sorted = histKeys.a.slice(0, histKeys.n).sort();
      const dup = new Set<number>();
      for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) dup.add(sorted[i]!);
      if (dup.size > 0) {
        const seen = new Set<number>();
        const f = fileOf('history');
        for (let i = 0; i < histKeys.n; i++) {
          const k = histKeys.a[i]!;
          if (!dup.has(k)) continue;
          if (!seen.has(k)) {
            seen.add(k);
            continue;
          }
          const acct = accKeys[Math.floor(k / BILL_KEY_DAYS)]!;
          reject(f, histLines.a[i]!, 'bill_date', 'DUPLICATE', `account ${acct.printed} has another bill dated the same day on an earlier line`);
          summary.historyBills--;
          summary.historyBilledCents -= histTotals.a[i]!;
        }
      }
    }

    histKeys.free();
    histLines.free();
    histTotals.free();

    // Bank drafts
    const drafted = new Set<number>();
    eachRow(fileOf('bank_drafts'), 'checking', (r) => {
      const d = readDraft(r);
      const ord = d ? accountOk(r, d.account) : null;
      if (d && ord !== null) {
        if (drafted.has(ord)) r.problem('account_number', 'DUPLICATE', `account ${r.raw('account_number')} has another enrolment on an earlier line`);
        else if (!LIVE.has(accStatus[ord]!)) r.problem('account_number', 'CONFLICT', `account ${r.raw('account_number')} is ${accStatus[ord]!.replace('_', ' ')}; it cannot be drafted`);
        if (d.authorizedOn > o.asOf) r.problem('authorized_on', 'DATE_ORDER', `authorized ${d.authorizedOn}, after the conversion date ${o.asOf}`);
      }
      if (r.ok && ord !== null) {
        drafted.add(ord);
        summary.bankDrafts++;
      }
      rowDone(fileOf('bank_drafts'), r);
    });

    // Medical Alert
    eachRow(fileOf('medical_alerts'), 'checking', (r) => {
      const m = readMedical(r);
      if (m) accountOk(r, m.account);
      if (r.ok) summary.medicalAlerts++;
      rowDone(fileOf('medical_alerts'), r);
    });

    // Notes
    eachRow(fileOf('notes'), 'checking', (r) => {
      const n = readNote(r);
      if (n) accountOk(r, n.account);
      if (r.ok) summary.notes++;
      rowDone(fileOf('notes'), r);
    });

    summary.files = CONVERSION_KINDS.map((k) => {
      const f = fileOf(k);
      return {
        kind: k,
        file: f.present ? f.name : null,
        encoding: f.facts?.encoding ?? null,
        rowsRead: f.rowsRead,
        rowsAccepted: f.unusable ? 0 : f.rowsRead - f.rejected.size,
        rowsRejected: f.unusable ? f.rowsRead : f.rejected.size,
        ignoredColumns: f.header?.ignored ?? [],
      };
    });

    // Report: the rejects in file order, then line (a row's problems in the order found) ---------
    const fileRank = new Map<string, number>([['mapping.json', -1], ...CONVERSION_KINDS.map((k, i) => [fileOf(k).name, i] as [string, number])]);
    rejects.sort((a, b) => (fileRank.get(a.file) ?? 99) - (fileRank.get(b.file) ?? 99) || a.line - b.line);
    const report = o.reportDir ? writeReport(o.reportDir, rejects, summary) : null;
    const fileLevel = rejects.some((x) => x.line <= 1);

    // Decide whether to load ----------------------------------------------------------------------
    const changed = CONVERSION_GROUPS.filter((g) => {
      const l = loaded.get(g);
      const fp = fingerprint(g);
      return l !== undefined && fp !== null && l.fingerprint !== fp;
    });
    const groupsOut: ConversionResult['groups'] = CONVERSION_GROUPS.map((g) => ({
      group: g,
      outcome: loaded.has(g) && !changed.includes(g) ? ('already_loaded' as const) : ('not_loaded' as const),
      rows: 0,
      message: loaded.has(g) ? (changed.includes(g) ? `loaded ${loaded.get(g)!.loaded_at} from different files` : `already loaded ${loaded.get(g)!.loaded_at}`) : fingerprint(g) === null ? 'no files' : o.dryRun ? 'dry run' : 'not loaded',
    }));
    let status: ConversionResult['status'] = o.dryRun ? 'checked' : 'refused';
    let message: string;
    const rejectWords = `${rejects.length} reject${rejects.length === 1 ? '' : 's'}`;
    if (changed.length > 0) message = `The ${changed.join(' and ')} group${changed.length > 1 ? 's were' : ' was'} already loaded from different files; a group is loaded once (ALREADY_LOADED). ${rejectWords}.`;
    else if (o.dryRun) message = `Dry run: ${rejectWords}; nothing was loaded.`;
    else if (fileLevel) message = `Not loaded: ${rejectWords}, some of them whole files; fix them and run again.`;
    else if (rejects.length > 0 && !o.acceptRejects) message = `Not loaded: ${rejectWords}. Fix them, or load without the rejected rows.`;
    else if ((db.prepare('SELECT count(*) AS n FROM drawers WHERE closed_at IS NULL').get() as { n: number }).n > 0) message = 'Not loaded: a cash drawer is open. The load holds the ledger while each group goes in; close the drawers first.';
    else if ((db.prepare('SELECT count(*) AS n FROM mail_batches WHERE posted_at IS NULL').get() as { n: number }).n > 0) message = 'Not loaded: a mail batch is open. The load holds the ledger while each group goes in; post the mail batches first.';
    else {
      // Pass 2: load ------------------------------------------------------------------------------
      const toLoad = CONVERSION_GROUPS.filter((g) => !loaded.has(g) && fingerprint(g) !== null);
      const loadBytes = toLoad.reduce((s, g) => s + CONVERSION_KINDS.filter((k) => GROUP_OF[k] === g).reduce((t, k) => t + (fileOf(k).facts?.size ?? 0), 0), 0);
      bytesBefore = 0;
      tell({ phase: 'loading', step: null, done: 0, total: loadBytes, message: 'Loading' }, true);
      const shared: { ids: Map<string, number> | null } = { ids: null };
      for (const g of toLoad) {
        const fp = fingerprint(g)!;
        const out = groupsOut.find((x) => x.group === g)!;
        const rows = db
          .transaction(() => {
            // Checked again inside the group's transaction: another process may have loaded it.
            if (db.prepare('SELECT 1 FROM conversion_groups WHERE group_name = ?').get(g)) return -1;
            const loader = new Loader(db, o, runId, fileOf, eachRow, accKeys, { locRoute, locSeq, locServices, locMeter, routes, locations }, shared);
            const n = loader.load(g);
            db.prepare('INSERT INTO conversion_groups (group_name, run_id, fingerprint, rows_loaded, entry_id, loaded_at) VALUES (?, ?, ?, ?, ?, ?)').run(g, runId, fp, n, loader.entryId, at());
            recordAudit(db, { at: at(), userId: o.userId, station: o.station, action: 'conversion.load', subject: g, details: { runId, rows: n, fingerprint: fp } });
            o.afterGroupWrite?.(g);
            return n;
          })
          .immediate();
        out.outcome = rows < 0 ? 'already_loaded' : 'loaded';
        out.rows = Math.max(0, rows);
        out.message = rows < 0 ? 'loaded meanwhile by another process' : `${rows} rows loaded`;
      }
      status = 'loaded';
      const fresh = groupsOut.filter((x) => x.outcome === 'loaded').length;
      message = fresh === 0 ? 'Nothing new to load: every group with files is already loaded.' : `Loaded${rejects.length > 0 ? ` without ${rejectWords}` : ''}: ${groupsOut.map((x) => `${x.group} ${x.outcome.replace('_', ' ')}`).join(', ')}.`;
    }
    tell({ phase: 'done', step: null, done: progress.total, message }, true);
    finish(db, runId, status, rejects.length, summary, message, at());
    if (o.dryRun || status !== 'loaded') recordAudit(db, { at: at(), userId: o.userId, station: o.station, action: o.dryRun ? 'conversion.check' : 'conversion.refused', subject: path.basename(o.dir), details: { runId, rejects: rejects.length } });
    return { runId, dryRun: o.dryRun, status, message, rejectCount: rejects.length, rejects: rejects.slice(0, RESULT_REJECTS), summary, groups: groupsOut, report };
  } catch (e) {
    try {
      finish(db, runId, 'failed', rejects.length, null, (e as Error).message, at());
    } catch {
      // The ledger may be what failed; the error below says why.
    }
    throw e;
  }
}

class StopFile extends Error {}

function finish(db: Db, runId: number, status: string, rejectCount: number, summary: ConversionSummary | null, message: string, at: string): void {
  db.transaction(() =>
    db.prepare('UPDATE conversion_runs SET finished_at = ?, status = ?, reject_count = ?, summary = ?, message = ? WHERE id = ?').run(at, status, rejectCount, summary ? JSON.stringify(summary) : null, message.slice(0, 2000), runId),
  ).immediate();
}

const money = (c: number) => `${c < 0 ? '-' : ''}$${(Math.abs(c) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The summary as a person reads it beside the old system's trial balance. */
export function summaryText(s: ConversionSummary, rejectCount: number): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${label.padEnd(40, ' ')}${value.padStart(20, ' ')}`);
  lines.push(`TownCounter conversion summary — as of ${s.asOf}`, '');
  lines.push('Files (rows read / accepted / rejected)');
  for (const f of s.files) lines.push(`  ${(f.file ?? `${f.kind} (none)`).padEnd(24)} ${String(f.rowsRead).padStart(10)} ${String(f.rowsAccepted).padStart(10)} ${String(f.rowsRejected).padStart(10)}${f.ignoredColumns.length ? `   ignored columns: ${f.ignoredColumns.join(', ')}` : ''}`);
  lines.push('', 'Counts');
  row('  Customers', String(s.customers));
  row('  Service locations', String(s.locations));
  row('  Meters', String(s.meters));
  row('  Accounts', String(s.accounts));
  for (const [k, v] of Object.entries(s.accountsByStatus)) row(`    ${k.replace('_', ' ')}`, String(v));
  lines.push('', 'Receivable (open charges)');
  for (const [k, v] of Object.entries(s.balanceByService) as Array<[Service, number]>) row(`  ${SERVICE_LABELS[k]}`, money(v));
  row('  Penalties', money(s.penaltiesCents));
  row('  Fees', money(s.feesCents));
  row('  Balances forward', money(s.balanceForwardCents));
  row('  Credits', money(-s.creditsCents));
  row('  Total receivable', money(s.receivableCents));
  row('  Open charges (count)', String(s.openChargesCount));
  lines.push('', `Aging of open charges as of ${s.asOf}`);
  row('  Current (under 30 days past due)', money(s.aging.currentCents));
  row('  30–59 days', money(s.aging.days30Cents));
  row('  60–89 days', money(s.aging.days60Cents));
  row('  90 days and over', money(s.aging.days90Cents));
  lines.push('', 'Deposits held');
  row('  Deposits (count)', String(s.depositsCount));
  row('  Deposits (total)', money(s.depositsCents));
  lines.push('', 'Other');
  row('  Bills of history', String(s.historyBills));
  row('  Billed in the history', money(s.historyBilledCents));
  row('  Bank-draft enrolments', String(s.bankDrafts));
  row('  Medical Alert certifications', String(s.medicalAlerts));
  row('  Notes', String(s.notes));
  lines.push('', `Rejects: ${rejectCount}`);
  return `${lines.join('\n')}\n`;
}

export function rejectsCsv(rejects: readonly ConversionReject[]): string {
  const out = ['file,line,column,code,reason'];
  for (const r of rejects) out.push([r.file, String(r.line), r.column, r.code, r.reason].map((v) => csvField(textCell(v))).join(','));
  return `${out.join('\r\n')}\r\n`;
}

function writeReport(dir: string, rejects: readonly ConversionReject[], summary: ConversionSummary): NonNullable<ConversionResult['report']> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const out = { rejectsCsv: path.resolve(dir, 'rejects.csv'), summaryTxt: path.resolve(dir, 'summary.txt'), summaryJson: path.resolve(dir, 'summary.json') };
  fs.writeFileSync(out.rejectsCsv, rejectsCsv(rejects), { mode: 0o600 });
  fs.writeFileSync(out.summaryTxt, summaryText(summary, rejects.length), { mode: 0o600 });
  fs.writeFileSync(out.summaryJson, `${JSON.stringify({ ...summary, rejects: rejects.length }, null, 2)}\n`, { mode: 0o600 });
  return out;
}

type EachRow = (f: FileState, phase: 'checking' | 'loading' | 'scanning', fn: (r: Row) => void) => void;

interface LocationPlan {
  locRoute: Array<string | null>;
  locSeq: Array<number | null>;
  locServices: Array<Service[] | null>;
  locMeter: Array<{ water: string | null; electric: string | null }>;
  routes: Map<string, number>;
  locations: Map<string, number>;
}

/** Writes one group's accepted rows (inside the caller's transaction). */
class Loader {
  entryId: number | null = null;
  private readonly at: string;

  constructor(
    private readonly db: Db,
    private readonly o: ConversionOptions,
    private readonly runId: number,
    private readonly fileOf: (k: ConversionKind) => FileState,
    private readonly eachRow: EachRow,
    private readonly accKeys: AccountNumbering[],
    private readonly plan: LocationPlan,
    /** Shared by the run's groups: the account ids by key, once the accounts are in. */
    private readonly shared: { ids: Map<string, number> | null },
  ) {
    this.at = o.now().toISOString();
  }

  load(g: ConversionGroup): number {
    switch (g) {
      case 'accounts':
        return this.accounts();
      case 'balances':
        return this.balances();
      case 'extras':
        return this.extras();
    }
  }

  /** Converted accounts by key (own-form numbers by their digits); read once per run, after the accounts group is in. */
  private accountIds(): Map<string, number> {
    if (this.shared.ids) return this.shared.ids;
    const m = new Map<string, number>();
    for (const r of this.db.prepare('SELECT id, number, legacy_key FROM accounts').iterate() as IterableIterator<{ id: number; number: string; legacy_key: string | null }>) {
      m.set(r.legacy_key ?? r.number.replace('-', ''), r.id);
    }
    return (this.shared.ids = m);
  }

  private accounts(): number {
    const db = this.db;
    let n = 0;
    const route = db.prepare("INSERT OR IGNORE INTO routes (code, cycle, name) VALUES (?, ?, 'Route ' || ?)");
    for (const [code, cycle] of this.plan.routes) route.run(code, cycle, code);

    const insCustomer = db.prepare(
      `INSERT INTO customers (id, kind, first_name, middle_name, last_name, business_name, display_name, phone, alt_phone, email, mail_street, mail_city, mail_state, mail_zip,
                              tax_id_kind, tax_id_enc, tax_id_last4, language, created_at, legacy_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let nextCustomer = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM customers').get() as { n: number }).n;
    const customerId = new Map<string, number>();
    let keyring: ReturnType<ConversionOptions['secrets']['keyring']> | null = null;
    this.eachRow(this.fileOf('customers'), 'loading', (r) => {
      const c = readCustomer(r)!;
      const id = ++nextCustomer;
      let enc: Buffer | null = null;
      if (c.taxId) {
        keyring ??= this.o.secrets.keyring(true);
        enc = keyring.encrypt(c.taxId.digits, taxIdAad(id));
      }
      insCustomer.run(id, c.kind, c.firstName, c.middleName, c.lastName, c.businessName, displayNameOf(c), c.phone, c.altPhone, c.email, c.mailStreet, c.mailCity, c.mailState, c.mailZip, c.taxId?.kind ?? null, enc, c.taxId ? c.taxId.digits.slice(-4) : null, c.language, this.at, c.key);
      customerId.set(c.key, id);
      n++;
    });

    const insLocation = db.prepare(
      `INSERT INTO service_locations (street, unit, city, state, zip, service_class, water_meter, electric_meter, services, route_code, read_sequence, inside_limits, eru_hundredths, legacy_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const locationId = new Map<string, number>();
    this.eachRow(this.fileOf('locations'), 'loading', (r) => {
      const l = readLocation(r)!;
      const ord = this.plan.locations.get(l.key)!;
      const m = this.plan.locMeter[ord]!;
      const id = Number(
        insLocation.run(l.street, l.unit, l.city, l.state, l.zip, l.serviceClass, m.water, m.electric, JSON.stringify(this.plan.locServices[ord] ?? []), this.plan.locRoute[ord], this.plan.locSeq[ord], l.insideLimits ? 1 : 0, l.eruHundredths, l.key).lastInsertRowid,
      );
      locationId.set(l.key, id);
      n++;
    });

    const insMeter = db.prepare('INSERT INTO meters (location_id, service, number, size, dials, multiplier, installed_on, install_reading) VALUES (?, ?, ?, ?, ?, ?, ?, 0)');
    const insReading = db.prepare("INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, meter_id, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, 'converted', 'ok', ?, ?, ?)");
    this.eachRow(this.fileOf('meters'), 'loading', (r) => {
      const m = readMeter(r)!;
      const loc = locationId.get(m.location)!;
      const id = Number(insMeter.run(loc, m.service, m.number, m.size, m.dials, m.multiplier, m.installedOn).lastInsertRowid);
      if (m.lastReading !== null) insReading.run(loc, m.service, m.number, m.lastReadOn, m.lastReading, id, this.o.userId, this.at);
      n++;
    });

    // Numbers: an old number in TownCounter's form is the number; other old numbers become their
    // digits with a Luhn check digit when they fit in seven, else the next free number.
    const taken = new Set<string>((db.prepare('SELECT number FROM accounts').pluck().all() as string[]));
    for (const a of this.accKeys) if (a.ownForm) taken.add(a.ownForm);
    const derived: Array<string | null> = this.accKeys.map((a) => {
      if (a.ownForm) return a.ownForm;
      if (/^\d{1,7}$/.test(a.key) && Number(a.key) > 0) {
        const num = makeAccountNumber(Number(a.key));
        if (!taken.has(num)) {
          taken.add(num);
          return num;
        }
      }
      return null;
    });
    const maxSerial = (db.prepare("SELECT coalesce(max(CAST(substr(number, 1, 7) AS INTEGER)), 0) AS m FROM accounts").get() as { m: number }).m;
    let serial = maxSerial;
    for (const t of taken) serial = Math.max(serial, Number(t.slice(0, 7)));
    const numberOf = (ord: number): string => {
      let num = derived[ord];
      if (!num) {
        do num = makeAccountNumber(++serial);
        while (taken.has(num));
        taken.add(num);
        derived[ord] = num;
      }
      return num;
    };

    const before = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM accounts').get() as { m: number }).m;
    const insAccount = db.prepare(
      `INSERT INTO accounts (number, customer_id, location_id, status, opened_on, closed_on, billing_cycle, cash_only, no_penalty_until, occupancy, legacy_number, legacy_key, service_state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insService = db.prepare('INSERT INTO account_services (account_id, service) VALUES (?, ?)');
    let ord = 0;
    this.eachRow(this.fileOf('accounts'), 'loading', (r) => {
      const a = readAccount(r, this.o.checkDigit)!;
      const id = Number(
        insAccount.run(
          numberOf(ord++),
          customerId.get(a.customer)!,
          locationId.get(a.location)!,
          a.status,
          a.openedOn,
          a.closedOn,
          a.cycle,
          a.cashOnly ? 1 : 0,
          a.noPenaltyUntil,
          a.occupancy,
          a.ownForm ? null : a.printed,
          a.ownForm ? null : a.key,
          a.status === 'active' ? 'on' : 'off',
        ).lastInsertRowid,
      );
      for (const s of a.services) insService.run(id, s);
      n++;
    });
    indexAccountsAfter(db, before);
    return n;
  }

  private balances(): number {
    const db = this.db;
    const ids = this.accountIds();
    const asOf = this.o.asOf;
    // Bills not yet due on the conversion date (see billsOwnCharge): found in the open charges,
    // then taken from the history when it has them, else written from their open charges.
    const billOf = new Map<number, number>();
    this.eachRow(this.fileOf('open_charges'), 'scanning', (r) => {
      const c = readCharge(r)!;
      if (billsOwnCharge(c, asOf)) billOf.set(billKey(ids.get(c.account)!, c.billDate), 0);
    });
    let n = this.history(billOf);
    if ([...billOf.values()].includes(0)) {
      const parts = new Map<number, { acct: number; billDate: string; dueDate: string; cents: Record<Service | 'fees', number> }>();
      this.eachRow(this.fileOf('open_charges'), 'scanning', (r) => {
        const c = readCharge(r)!;
        if (!billsOwnCharge(c, asOf)) return;
        const acct = ids.get(c.account)!;
        const k = billKey(acct, c.billDate);
        if (billOf.get(k) !== 0) return;
        let p = parts.get(k);
        if (!p) parts.set(k, (p = { acct, billDate: c.billDate, dueDate: c.dueDate, cents: { solid_waste: 0, sewer: 0, water: 0, electric: 0, stormwater: 0, fees: 0 } }));
        p.cents[c.kind === 'service' ? c.service! : 'fees'] += c.cents;
      });
      // The previous system's bill is known only by what is still open of it: its period is unknown
      // (the bill date stands for it) and what was paid before the conversion is not recorded.
      const insBill = db.prepare(
        `INSERT INTO bills (account_id, bill_date, due_date, period_from, period_to, solid_waste_cents, sewer_cents, water_cents, electric_cents, stormwater_cents, fees_cents, total_cents, entry_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
      );
      for (const [k, p] of parts) {
        const c = p.cents;
        const total = c.solid_waste + c.sewer + c.water + c.electric + c.stormwater + c.fees;
        billOf.set(k, Number(insBill.run(p.acct, p.billDate, p.dueDate, p.billDate, p.billDate, c.solid_waste, c.sewer, c.water, c.electric, c.stormwater, c.fees, total).lastInsertRowid));
      }
    }
    // The entry is made with its first line (a balances group with no rows posts nothing).
    const entryId = (): number =>
      (this.entryId ??= Number(
        db
          .prepare("INSERT INTO journal_entries (kind, business_date, posted_at, user_id, station, memo, idempotency_key) VALUES ('opening_balance', ?, ?, ?, ?, ?, ?)")
          .run(this.o.asOf, this.at, this.o.userId, this.o.station, `Opening balances converted from the previous billing system (conversion run ${this.runId})`, 'conversion:balances').lastInsertRowid,
      ));
    const insCharge = db.prepare('INSERT INTO charges (account_id, bill_id, entry_id, kind, service, description, gl_code, amount_cents, due_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const owed = new Map<number, number>();
    const credit = new Map<number, number>();
    let owedTotal = 0;
    let creditTotal = 0;
    this.eachRow(this.fileOf('open_charges'), 'loading', (r) => {
      const c = readCharge(r)!;
      const acct = ids.get(c.account)!;
      if (c.kind === 'credit') {
        credit.set(acct, (credit.get(acct) ?? 0) + c.cents);
        creditTotal += c.cents;
      } else {
        const what = c.kind === 'service' ? SERVICE_LABELS[c.service!] : c.kind === 'penalty' ? 'Late penalty' : c.kind === 'fee' ? 'Fee' : 'Balance forward';
        const bill = billsOwnCharge(c, asOf) ? billOf.get(billKey(acct, c.billDate))! : null;
        insCharge.run(acct, bill, entryId(), c.kind, c.service, c.description ?? `${what}, bill of ${c.billDate} (previous system)`, GL.conversion, c.cents, c.dueDate);
        owed.set(acct, (owed.get(acct) ?? 0) + c.cents);
        owedTotal += c.cents;
      }
      n++;
    });
    const line = db.prepare('INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents, memo) VALUES (?, ?, ?, ?, ?)');
    for (const [acct, cents] of owed) line.run(entryId(), GL.receivables, acct, cents, 'Open charges converted');
    for (const [acct, cents] of credit) line.run(entryId(), GL.receivables, acct, -cents, 'Unapplied credit converted');
    if (owedTotal - creditTotal !== 0) line.run(entryId(), GL.conversion, null, -(owedTotal - creditTotal), 'Receivables converted from the previous system');
    let depositTotal = 0;
    this.eachRow(this.fileOf('deposits'), 'loading', (r) => {
      const d = readDeposit(r)!;
      line.run(entryId(), GL.customerDeposits, ids.get(d.account)!, -d.cents, `Deposit held since ${d.paidOn} (converted)`);
      depositTotal += d.cents;
      n++;
    });
    if (depositTotal !== 0) line.run(entryId(), GL.conversion, null, depositTotal, 'Customer deposits converted from the previous system');
    return n;
  }

  /** The bills of history; a bill in billOf (not yet due at conversion) gets its id there. */
  private history(billOf: Map<number, number>): number {
    const ids = this.accountIds();
    let n = 0;
    const ins = this.db.prepare(
      `INSERT INTO bills (account_id, bill_date, due_date, period_from, period_to, water_gallons, electric_kwh, solid_waste_cents, sewer_cents, water_cents, electric_cents, stormwater_cents, fees_cents, total_cents, converted_paid_cents, converted_paid_on, entry_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
    );
    this.eachRow(this.fileOf('history'), 'loading', (r) => {
      const h = readHistory(r)!;
      const acct = ids.get(h.account)!;
      const id = Number(ins.run(acct, h.billDate, h.dueDate, h.periodFrom, h.periodTo, h.waterGallons, h.electricKwh, h.solidWaste, h.sewer, h.water, h.electric, h.stormwater, h.fees, h.total, h.paidCents, h.paidOn).lastInsertRowid);
      const k = billKey(acct, h.billDate);
      if (billOf.get(k) === 0) billOf.set(k, id);
      n++;
    });
    return n;
  }

  private extras(): number {
    const db = this.db;
    const ids = this.accountIds();
    let n = 0;
    const insDraft = db.prepare(
      `INSERT INTO draft_enrolments (account_id, holder_name, routing_number, account_type, bank_account_enc, bank_account_last4, authorized_on, status, live_from, enrolled_at, enrolled_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const flagDraft = db.prepare('UPDATE accounts SET bank_draft = 1 WHERE id = ?');
    this.eachRow(this.fileOf('bank_drafts'), 'loading', (r) => {
      const d = readDraft(r)!;
      const acct = ids.get(d.account)!;
      const enc = this.o.secrets.keyring(true).encrypt(d.bankAccount, enrolmentAad(acct));
      insDraft.run(acct, d.holderName, d.routing, d.accountType, enc, d.bankAccount.slice(-4), d.authorizedOn, d.prenote ? 'pending_prenote' : 'active', d.prenote ? null : d.authorizedOn, this.at, this.o.userId);
      flagDraft.run(acct);
      n++;
    });
    const insMedical = db.prepare('INSERT INTO medical_alert_certifications (account_id, certified_on, expires_on, physician, physician_phone, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const medicalAccounts = new Set<number>();
    this.eachRow(this.fileOf('medical_alerts'), 'loading', (r) => {
      const m = readMedical(r)!;
      const acct = ids.get(m.account)!;
      insMedical.run(acct, m.certifiedOn, m.expiresOn, m.physician, m.physicianPhone, this.at, this.o.userId);
      medicalAccounts.add(acct);
      n++;
    });
    const until = db.prepare('UPDATE accounts SET medical_alert_until = (SELECT max(expires_on) FROM medical_alert_certifications WHERE account_id = ? AND withdrawn_at IS NULL) WHERE id = ?');
    for (const a of medicalAccounts) until.run(a, a);
    const insNote = db.prepare('INSERT INTO account_notes (account_id, at, user_id, text, follow_up) VALUES (?, ?, ?, ?, ?)');
    this.eachRow(this.fileOf('notes'), 'loading', (r) => {
      const x = readNote(r)!;
      const [h, m, s] = (x.time ?? '12:00:00').split(':').map(Number) as [number, number, number];
      const when = new Date(zonedInstant(x.date, h, m, this.o.timeZone).getTime() + s * 1000).toISOString();
      insNote.run(ids.get(x.account)!, when, this.o.userId, x.text, x.followUp ? 1 : 0);
      n++;
    });
    return n;
  }
}
