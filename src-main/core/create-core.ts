// The composition root: createCore(deps) wires every capability to the ledger and returns
// the handler table the bridge calls. No module-level state: everything hangs off deps.
import { SettingsValues } from '../../src-shared/ipc/contract';
import path from 'node:path';
import type { Db, QuickCheckResult } from '../db/open-ledger';
import { LedgerHealth } from './health';
import { schemaVersion } from '../db/migrate';
import { addNote, flagsOf, followUpOwners, getAccount, listFollowUps, resolveNote, searchAccounts } from './accounts/queries';
import { readOldStub } from './accounts/account-ref';
import { listAudit, recordAudit } from './audit';
import type { LockPolicy, SessionCheck, SessionInfo } from './auth/users';
import { checkCredentials, checkSession, endSession, pinHasher, requireSupervisor, startSession, type PinHasher } from './auth/users';
import { loadPepper } from './auth/pepper';
import { isPeppered, wrapPlainHash } from './auth/passwords';
import type { Clock, Ids } from './deps';
import { localDate } from './deps';
import { CoreError } from './errors';
import { counterHandlers } from './counter/handlers';
import { lastClosedBusinessDate, nextBusinessDate, openBusinessDate } from './counter/day';
import { dayEndHandlers } from './day-end/handlers';
import { signedIn, type CoreEnv, type Handlers } from './env';
import { verifyLedger } from './ledger/verify';
import { inspectSettings, readSettings, writeSettings } from './settings';
import { readExportSettingsProblem } from './export/settings';
import { printingHandlers } from './printing/handlers';
import { createPrinting, type PrintingDeps, type PrintingService } from './printing/service';
import { createExporter, type ExportDeps, type Exporter } from './export/exporter';
import { exportHandlers } from './export/handlers';
import { draftsHandlers } from './drafts/handlers';
import { createSecrets } from './secrets';
import { customerHandlers } from './service-desk/customers-handlers';
import { workOrderHandlers } from './work-orders/handlers';
import { rateHandlers } from './billing/rates-handlers';
import { crewTicketHandlers } from './work-orders/print-ticket';
import { usersHandlers } from './auth/user-admin';
import { readingsHandlers } from './billing/readings-handlers';
import { billrunHandlers } from './billing/billrun-handlers';
import { adjustmentHandlers } from './service-desk/adjustments-handlers';
import type { RunTuning } from './billing/run';
import type { GenerateTuning } from './collections/cutoff';
import { depositsHandlers } from './service-desk/deposits-handlers';
import { intakeHandlers } from './service-desk/intake-handlers';
import { cutoffHandlers } from './collections/cutoff-handlers';
import { noticesHandlers } from './collections/notices-handlers';
import { writeOffHandlers } from './collections/write-off-handlers';
import { disconnectHandlers } from './collections/disconnect-handlers';
import { penaltyHandlers } from './collections/penalty-handlers';
import type { PenaltyTuning } from './collections/penalties';
import { setoffHandlers } from './collections/setoff-handlers';
import { conversionHandlers } from './conversion/handlers';
import type { ConversionWorkerSpec } from './conversion/worker-location';

export interface CoreDeps {
  db: Db;
  clock: Clock;
  ids: Ids;
  /** Station id printed on receipts, e.g. "S1". */
  station: string;
  ledgerFile: string;
  appVersion: string;
  /** Result of the start-up quick_check; a failed check stops every posting. */
  health?: QuickCheckResult;
  /** The ledger's live health (a background check, read-only file, storage faults); `health`, when given, wins. */
  ledgerHealth?: LedgerHealth;
  /** Called by close() after the core has stopped (boot stops the background check, releases the claim). */
  onClose?: () => void;
  /** Called by shutdown() before the ledger is closed: boot waits (briefly) for the background check's own connection to go. */
  beforeShutdown?: () => Promise<void>;
  log?: (message: string, err?: unknown) => void;
  /** Printer transport, scheduler and retry policy (tests inject them). */
  printing?: PrintingDeps;
  /** Export file system, timers and retry policy (tests inject them). */
  exporting?: ExportDeps;
  /** The key file for bank account numbers, outside the ledger (null: bank drafts unavailable). */
  keyFile?: string | null;
  /** Opens a folder in the desktop's file manager (the Electron shell gives shell.openPath; browser mode has none). Resolves to an error message, or '' when opened. */
  openFolder?: (folder: string) => Promise<string>;
  /** The PIN pepper file, beside the key file (null/absent: PIN hashes are not peppered). */
  pepperFile?: string | null;
  /** Create the pepper file when missing and the ledger holds no peppered hash (the app does; CLIs do not). */
  createPepper?: boolean;
  /** Problems found at start-up that don't stop posting (file modes that could not be fixed). */
  startupWarnings?: string[];
  /** Billing run chunk sizing (tests make chunks small to interrupt a run between them). */
  billing?: Partial<RunTuning>;
  /** Cut-off list chunk sizing (tests make chunks small to interrupt a list between them). */
  cutoff?: Partial<GenerateTuning>;
  /** Late penalty run chunk sizing (accounts per write transaction). */
  penalties?: Partial<PenaltyTuning>;
  /** Conversion runs: the worker module (null: in-process) and where report folders go (default: conversion-reports beside the ledger). */
  conversion?: { worker?: ConversionWorkerSpec | null; reportRoot?: string };
}

export type { CallContext, Handlers } from './env';

export interface Core {
  readonly deps: CoreDeps;
  readonly handlers: Handlers;
  /** Resolves a bearer token to its session, or null (expired sessions are null). */
  authenticate(token: string | null | undefined): SessionInfo | null;
  /** False while posting is stopped: the start-up check failed or the ledger can't be written. */
  /** Resolves a token and says whether it named an expired session; `touch` counts the call as activity. */
  checkSession(token: string | null | undefined, touch: boolean): SessionCheck;
  /** Hashes and checks PINs with this installation's pepper. */
  readonly pins: PinHasher;
  /** The sign-in throttle policy for this station (CLIs checking a supervisor's PIN use it too). */
  lockPolicy(): LockPolicy;
  /** Bad stored settings and other start-up warnings (shown in the red banner). */
  warnings(): string[];
  isHealthy(): boolean;
  healthProblems(): string[];
  /** The live health behind ledger.status and the banner; the bridge records storage faults here. */
  readonly health: LedgerHealth;
  /** Resolves once the start-up integrity check has finished (at once when it ran in line). */
  whenChecked(): Promise<void>;
  today(): string;
  /** The receipt printer's queue and worker: start() it in the app, drain() it in tests. */
  readonly printing: PrintingService;
  /** The nightly export and its schedule: start() it in the app (catch-up, then nightly). */
  readonly exporter: Exporter;
  /** Closes at once (tests, CLIs): a background check still reading keeps its connection until its thread ends. */
  close(): void;
  /**
   * Closes the way the app quits: stops the workers, lets the background check's connection go
   * first, then closes the ledger — the last connection out folds the write-ahead log into the
   * ledger file, so the file alone is the whole ledger afterwards.
   */
  shutdown(): Promise<void>;
}

export function createCore(deps: CoreDeps): Core {
  const { db, clock, ids } = deps;
  const health = deps.health ? new LedgerHealth(deps.health) : (deps.ledgerHealth ?? new LedgerHealth({ ok: true, problems: [] }));
  const log = deps.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  const nowIso = () => clock.now().toISOString();
  const settings = () => readSettings(db);
  const today = () => localDate(clock.now(), settings().timeZone);
  const pepper = setUpPepper(db, deps, nowIso, log);
  if (pepper.problem) health.stopPosting(pepper.problem);
  const pins = pinHasher(pepper.pepper);
  const lockPolicy = (): LockPolicy => {
    const s = settings();
    return { maxAttempts: s.signInMaxAttempts, lockMinutes: s.signInLockMinutes, backoffSeconds: s.signInBackoffSeconds, station: deps.station, pins };
  };
  const sessionPolicy = () => {
    const s = settings();
    return { idleMinutes: s.sessionIdleMinutes, maxHours: s.sessionMaxHours };
  };
  const resolveSession = (token: string | null | undefined, touch: boolean): SessionCheck => (token ? checkSession(db, token, clock.now(), sessionPolicy(), touch) : { session: null, expired: null });
  const warnings = () => {
    const out = inspectSettings(db).problems.map((p) => p.message);
    const exportProblem = readExportSettingsProblem(db);
    if (exportProblem) out.push(exportProblem);
    return [...out, ...(deps.startupWarnings ?? [])];
  };

  const printing = createPrinting({ db, clock, station: deps.station, policy: settings, log: log }, deps.printing);
  const secrets = createSecrets(db, deps.keyFile ?? null);
  const env: CoreEnv = { db, clock, ids, station: deps.station, settings, today, nowIso, lockPolicy, printQueue: printing, secrets };
  const conversion = conversionHandlers(env, { ledgerFile: deps.ledgerFile, keyFile: deps.keyFile ?? null, reportRoot: deps.conversion?.reportRoot, worker: deps.conversion?.worker, log });
  const exporter = createExporter({ db, clock, station: deps.station, appVersion: deps.appVersion, settings, log: log }, deps.exporting);

  const handlers: Handlers = {
    ...counterHandlers(env),
    ...dayEndHandlers(env),
    ...printingHandlers(env, printing, deps.ledgerFile),
    ...exportHandlers(env, exporter, deps.openFolder),
    ...workOrderHandlers(env),
    ...adjustmentHandlers(env),
    ...rateHandlers(env),
    ...crewTicketHandlers(env, printing),
    ...draftsHandlers(env, { keyFile: deps.keyFile ?? null, secrets, fs: deps.exporting?.fs, identity: deps.exporting?.identity }),
    ...usersHandlers(env, pins),
    ...readingsHandlers(env),
    ...billrunHandlers(env, deps.billing),
    ...customerHandlers(env),
    ...depositsHandlers(env),
    ...intakeHandlers(env),
    ...cutoffHandlers(env, deps.cutoff),
    ...noticesHandlers(env),
    ...writeOffHandlers(env),
    ...disconnectHandlers(env),
    ...penaltyHandlers(env, deps.penalties),
    ...setoffHandlers(env),
    ...conversion.handlers,
    'session.signIn': (input) => {
      // Not in a transaction: a failed attempt must be counted even though it throws.
      const user = checkCredentials(db, input.username, input.secret, clock.now(), lockPolicy());
      const token = ids.token();
      db.transaction(() => {
        startSession(db, user, token, deps.station, nowIso());
        recordAudit(db, { at: nowIso(), userId: user.id, station: deps.station, action: 'session.signIn', subject: user.username });
      })();
      return { token, user, station: deps.station };
    },
    'session.signOut': (_input, ctx) => {
      const s = signedIn(ctx);
      const signedOut = db.transaction(() => {
        const ended = endSession(db, s.tokenHash, nowIso(), 'signed_out');
        recordAudit(db, { at: nowIso(), userId: s.user.id, station: s.station, action: 'session.signOut', subject: s.user.username });
        return ended;
      })();
      return { signedOut };
    },
    'session.current': (_input, ctx) => {
      const s = signedIn(ctx);
      return { user: s.user, station: s.station };
    },
    'ledger.status': () => {
      const h = health.snapshot();
      // The business date the header shows: the open day, else the one the next posting opens
      // (never a day that is already closed).
      const open = openBusinessDate(db);
      return {
        healthy: h.healthy,
        problems: h.problems,
        check: { state: h.check.state, progress: h.check.progress, startedAt: h.check.startedAt, finishedAt: h.check.finishedAt },
        fault: h.fault,
        schemaVersion: schemaVersion(db),
        // Public (asked before sign-in): the file's name only, never where it lives.
        file: path.basename(deps.ledgerFile),
        townName: settings().townName,
        timeZone: settings().timeZone,
        station: deps.station,
        businessDate: open ?? nextBusinessDate(db, today()),
        businessDayOpen: open !== null,
        closedBusinessDate: open === null ? lastClosedBusinessDate(db) : null,
        appVersion: deps.appVersion,
        warnings: warnings(),
      };
    },
    'ledger.verify': (_input, ctx) => {
      const report = verifyLedger(db, clock.now());
      db.transaction(() =>
        recordAudit(db, { at: nowIso(), userId: signedIn(ctx).user.id, station: deps.station, action: 'ledger.verify', details: { ok: report.ok, violations: report.violations.length } }),
      )();
      return report;
    },
    'accounts.search': (input) => searchAccounts(db, input.query, input.limit ?? 20, today()),
    'accounts.get': (input) => getAccount(db, input, today()),
    'accounts.readStub': (input) => readOldStub(db, input.scanLine),
    'accounts.addNote': (input, ctx) =>
      db.transaction(() => addNote(db, input.accountId, signedIn(ctx).user.id, input.text, input.followUp, nowIso(), { dueOn: input.dueOn, ownerId: input.ownerId, today: today() }))(),
    'accounts.resolveNote': (input, ctx) => db.transaction(() => resolveNote(db, input.noteId, signedIn(ctx).user.id, nowIso(), today()))(),
    'followUps.list': (input) => listFollowUps(db, input, today()),
    'followUps.owners': () => ({ owners: followUpOwners(db) }),
    'accounts.setCashOnly': (input, ctx) => {
      const s = signedIn(ctx);
      // Setting cash-only protects the town; lifting it needs a supervisor. Checked outside the
      // transaction so a failed override attempt still counts towards the approver's lockout.
      const approvedBy = input.cashOnly ? null : requireSupervisor(db, s, input.override, clock.now(), lockPolicy(), 'Clearing cash-only');
      return db.transaction(() => {
        const row = db.prepare('SELECT * FROM accounts WHERE id = ?').get(input.accountId) as (Parameters<typeof flagsOf>[0] & { number: string }) | undefined;
        if (!row) throw new CoreError('NOT_FOUND', `No account with id ${input.accountId}.`);
        db.prepare('UPDATE accounts SET cash_only = ? WHERE id = ?').run(input.cashOnly ? 1 : 0, input.accountId);
        recordAudit(db, { at: nowIso(), userId: s.user.id, approvedBy, station: s.station, action: input.cashOnly ? 'account.cashOnly.set' : 'account.cashOnly.clear', subject: row.number, reason: input.reason });
        return flagsOf({ ...row, cash_only: input.cashOnly ? 1 : 0 }, today());
      })();
    },
    'audit.list': (input) => ({ rows: listAudit(db, input.limit, input.action) }),
    'settings.get': () => settings(),
    'settings.update': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const reading = inspectSettings(db);
        const before = reading.values;
        const next = SettingsValues.parse({ ...before, ...input.values });
        // A key whose stored value was refused is written even when the new value equals the default in use.
        const bad = new Set(reading.problems.map((p) => p.key));
        const changed = Object.fromEntries(Object.entries(input.values).filter(([k, v]) => v !== undefined && (bad.has(k) || JSON.stringify(before[k as keyof SettingsValues]) !== JSON.stringify(v))));
        writeSettings(db, changed);
        recordAudit(db, { at: nowIso(), userId: s.user.id, station: s.station, action: 'settings.update', reason: input.reason, details: { changed: Object.keys(changed), before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof SettingsValues]])), after: changed } });
        return next;
      })();
    },
  };

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    void conversion.jobs.stop();
    exporter.stop();
    printing.close();
    db.close();
    deps.onClose?.();
  };
  return {
    deps,
    handlers,
    authenticate: (token) => resolveSession(token, false).session,
    checkSession: resolveSession,
    pins,
    lockPolicy,
    warnings,
    isHealthy: () => health.postingRefusal() === null,
    healthProblems: () => health.snapshot().problems,
    health,
    whenChecked: () =>
      health.checkState() !== 'running'
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const off = health.onCheckFinished(() => {
              off();
              resolve();
            });
          }),
    today,
    printing,
    exporter,
    close,
    shutdown: async () => {
      if (closed) return;
      await deps.beforeShutdown?.().catch((err: unknown) => log('stopping the background check at shutdown failed', err));
      close();
    },
  };
}

/**
 * Loads (or, for the app, creates) the PIN pepper and wraps every PIN hash still made without
 * it, so a copied ledger alone can't be brute-forced. A missing pepper file while the ledger
 * holds peppered hashes is a start-up problem (no one could sign in), never silently replaced.
 */
function setUpPepper(db: Db, deps: CoreDeps, nowIso: () => string, log: (m: string, e?: unknown) => void): { pepper: Buffer | null; problem: string | null } {
  if (!deps.pepperFile || deps.health?.ok === false) return { pepper: null, problem: null };
  const hashes = db.prepare('SELECT id, secret_hash FROM users').all() as Array<{ id: number; secret_hash: string }>;
  const anyPeppered = hashes.some((h) => isPeppered(h.secret_hash));
  const loaded = loadPepper(deps.pepperFile, { create: (deps.createPepper ?? false) && !anyPeppered });
  if (!loaded.ok) {
    if (!anyPeppered && loaded.missing) return { pepper: null, problem: null };
    log(loaded.message);
    return { pepper: null, problem: anyPeppered ? loaded.message : null };
  }
  const plain = hashes.filter((h) => !isPeppered(h.secret_hash));
  if (plain.length > 0) {
    try {
      db.transaction(() => {
        const update = db.prepare('UPDATE users SET secret_hash = ? WHERE id = ?');
        for (const h of plain) {
          const wrapped = wrapPlainHash(h.secret_hash, loaded.pepper);
          if (wrapped) update.run(wrapped, h.id);
        }
        recordAudit(db, { at: nowIso(), userId: null, station: deps.station, action: 'auth.pinHashesPeppered', details: { users: plain.length, pepperFile: deps.pepperFile } });
      })();
    } catch (err) {
      log('could not key the PIN hashes with the pepper', err);
    }
  }
  return { pepper: loaded.pepper, problem: null };
}
