// The nightly export of closed business days to the central system (docs/EXPORT.md).
// Exactly once: a day is delivered when its package folder is renamed into the target and the
// delivery is recorded; a delivered day is refused unless a supervisor forces a re-send (which
// rewrites the same bytes and is audited). Every attempt is in export_log; an attempt that dies
// with its process is found and marked interrupted by the next one. Only closed days export.
// The schedule: catch-up at start-up (every closed day not yet delivered, oldest first), then
// each night at the configured time; a failed run (missing share, full disk) is kept as the
// last error for the app frame and retried with backoff (1 min doubling to 1 h), never skipped.
import path from 'node:path';
import type { ExportRunResult, ExportStatus } from '../../../src-shared/ipc/export-schemas';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { checkTarget, cleanLeftovers, isProcessAlive, nodeExportFs, TargetError, thisProcess, writePackage, type ExportFs, type WriteHooks, type WriterIdentity } from '../../export/atomic';
import { buildDayPackage, type DayPackage } from '../../export/day-package';
import { recordAudit } from '../audit';
import type { Clock } from '../deps';
import { CoreError } from '../errors';
import { formatTownTime } from '../town-time';
import { nextLocalTime } from './local-time';
import { readExportSettings } from './settings';

export type ExportSource = 'schedule' | 'catch_up' | 'manual' | 'cli';

/** Timers for the schedule (tests drive them by hand). */
export interface ExportTimers {
  /** Runs fn after ms; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const realTimers: ExportTimers = {
  setTimer: (fn, ms) => {
    // setTimeout holds at most ~24.8 days; the next run is never more than a day away.
    const t = setTimeout(fn, Math.min(Math.max(0, ms), 2 ** 31 - 1));
    t.unref();
    return () => clearTimeout(t);
  },
};

export interface ExportDeps {
  fs?: ExportFs;
  timers?: ExportTimers;
  hooks?: WriteHooks;
  /** Awaited between pages while building a package (default: one turn of the event loop). */
  pause?: () => Promise<void>;
  /** First retry after a failed run (default 60 s), doubled up to maxRetryMs (default 1 h). */
  retryMs?: number;
  maxRetryMs?: number;
  identity?: WriterIdentity;
}

export interface ExportContext {
  db: Db;
  clock: Clock;
  station: string;
  appVersion: string;
  settings(): SettingsValues;
  log(message: string, err?: unknown): void;
}

export interface ExportRequest {
  businessDate: string;
  source: ExportSource;
  force?: boolean;
  /** Write here instead of the configured folder (the CLI's --to). */
  target?: string;
  userId?: number | null;
  approvedBy?: number | null;
  reason?: string | null;
}

export interface PendingRun {
  delivered: string[];
  failed: { businessDate: string; message: string } | null;
}

export interface Exporter {
  exportDay(req: ExportRequest): Promise<ExportRunResult>;
  /** A forced re-send whose approval failed (wrong PIN, not a supervisor): a refused row in
   *  export_log and an `export.resend.refused` audit row, as docs/EXPORT.md promises. */
  recordRefusedResend(req: ExportRequest, message: string): void;
  /** Every closed, undelivered day (from the fromDate setting on), oldest first. */
  pendingDays(): string[];
  /** Exports the pending days in date order; stops at the first failure (later days wait their turn). */
  runPending(source: ExportSource): Promise<PendingRun>;
  status(limit?: number): ExportStatus;
  /** Starts the schedule: a catch-up run now, then nightly. */
  start(): void;
  stop(): void;
  /** The settings changed: re-arm the schedule (and retry now if the last run failed). */
  settingsChanged(): void;
  /** Resolves once no run is in progress (tests, shutdown). */
  idle(): Promise<void>;
}

const STALE_RUNNING_MS = 60 * 60 * 1000;
const STATION_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;

interface LogRow {
  id: number;
  business_date: string;
  outcome: string;
  host: string;
  pid: number;
  started_at: string;
}

interface DeliveryRow {
  business_date: string;
  station: string;
  target: string;
  folder: string;
  manifest_sha256: string;
  delivered_at: string;
}

export function createExporter(ctx: ExportContext, deps: ExportDeps = {}): Exporter {
  const { db, clock } = ctx;
  const fs = deps.fs ?? nodeExportFs;
  const timers = deps.timers ?? realTimers;
  const me = deps.identity ?? thisProcess();
  const retryMs = deps.retryMs ?? 60_000;
  const maxRetryMs = deps.maxRetryMs ?? 60 * 60_000;
  const nowIso = () => clock.now().toISOString();
  /** Temporary folders this process is writing. */
  const active = new Set<string>();
  /** Days this process is exporting right now. */
  const exporting = new Set<string>();

  const sched = {
    started: false,
    cancel: null as (() => void) | null,
    run: null as Promise<PendingRun> | null,
    nextRunAt: null as string | null,
    retryAt: null as string | null,
    failures: 0,
    lastRunAt: null as string | null,
    lastSuccessAt: null as string | null,
    lastError: null as { at: string; businessDate: string | null; message: string } | null,
  };

  const insertLog = db.prepare(
    `INSERT INTO export_log (business_date, station, source, started_at, finished_at, outcome, message, forced, user_id, approved_by, target, host, pid)
     VALUES (@businessDate, @station, @source, @at, @finishedAt, @outcome, @message, @forced, @userId, @approvedBy, @target, @host, @pid)`,
  );
  const finishLog = db.prepare("UPDATE export_log SET outcome = @outcome, finished_at = @at, message = @message, folder = @folder, manifest_sha256 = @sha WHERE id = @id AND outcome = 'running'");

  function logRow(req: ExportRequest, station: string, target: string | null, outcome: string, message: string | null): number {
    const at = nowIso();
    return Number(
      insertLog.run({
        businessDate: req.businessDate,
        station,
        source: req.source,
        at,
        finishedAt: outcome === 'running' ? null : at,
        outcome,
        message,
        forced: req.force ? 1 : 0,
        userId: req.userId ?? null,
        approvedBy: req.approvedBy ?? null,
        target,
        host: me.host,
        pid: me.pid,
      }).lastInsertRowid,
    );
  }

  function recordRefusedResend(req: ExportRequest, message: string): void {
    const delivered = db.prepare('SELECT station FROM export_deliveries WHERE business_date = ?').get(req.businessDate) as { station: string } | undefined;
    const target = req.target ?? readExportSettings(db).folder;
    db.transaction(() => {
      logRow({ ...req, force: true }, delivered?.station ?? ctx.station, target, 'refused', message);
      recordAudit(db, {
        at: nowIso(),
        userId: req.userId ?? null,
        approvedBy: null,
        station: ctx.station,
        action: 'export.resend.refused',
        subject: req.businessDate,
        reason: req.reason ?? null,
        details: { message, source: req.source },
      });
    })();
  }

  function isStale(r: LogRow): boolean {
    if (r.host === me.host) return r.pid === me.pid ? !exporting.has(r.business_date) : !isProcessAlive(r.pid);
    return clock.now().getTime() - Date.parse(r.started_at) > STALE_RUNNING_MS;
  }

  async function exportDay(req: ExportRequest): Promise<ExportRunResult> {
    const settings = readExportSettings(db);
    const target = req.target ?? settings.folder;
    const day = db.prepare('SELECT business_date, closed_at FROM business_days WHERE business_date = ?').get(req.businessDate) as { business_date: string; closed_at: string | null } | undefined;
    const delivered = db.prepare('SELECT * FROM export_deliveries WHERE business_date = ?').get(req.businessDate) as DeliveryRow | undefined;
    const station = delivered?.station ?? ctx.station;
    const refuse = (code: 'NOT_FOUND' | 'DAY_NOT_CLOSED' | 'ALREADY_DELIVERED', message: string): never => {
      db.transaction(() => logRow(req, station, target, 'refused', message))();
      throw new CoreError(code, message);
    };
    if (!day) refuse('NOT_FOUND', `There is no business day ${req.businessDate}.`);
    if (!day!.closed_at) refuse('DAY_NOT_CLOSED', `Business day ${req.businessDate} is not closed yet; only closed days are exported.`);
    if (delivered && !req.force) {
      refuse('ALREADY_DELIVERED', `Business day ${req.businessDate} was delivered on ${formatTownTime(delivered.delivered_at, ctx.settings().timeZone)} to ${path.join(delivered.target, delivered.folder)}; a supervisor can re-send it.`);
    }
    if (!target) {
      const message = 'No export folder is set; an administrator sets it in the export settings.';
      db.transaction(() => logRow(req, station, null, 'error', message))();
      throw new CoreError('EXPORT_TARGET_UNAVAILABLE', message);
    }

    // Claim the day: one attempt at a time, across stations and processes.
    const logId = db
      .transaction(() => {
        const running = db.prepare("SELECT id, business_date, outcome, host, pid, started_at FROM export_log WHERE business_date = ? AND outcome = 'running'").all(req.businessDate) as LogRow[];
        for (const r of running) {
          if (!isStale(r)) throw new CoreError('CONFLICT', `Business day ${req.businessDate} is being exported right now (${r.host}, process ${r.pid}).`);
          finishLog.run({ id: r.id, outcome: 'interrupted', at: nowIso(), message: 'The exporting process stopped before it finished; nothing was delivered by this attempt.', folder: null, sha: null });
        }
        return logRow(req, station, target, 'running', null);
      })
      .immediate();
    exporting.add(req.businessDate);
    try {
      await checkTarget(fs, target);
      const cleaned = await cleanLeftovers(fs, target, me, active, clock.now().getTime());
      if (cleaned.length > 0) ctx.log(`export: removed leftovers of interrupted exports in ${target}: ${cleaned.join(', ')}`);
      // A package of this day already in the target but not recorded (a process died between the
      // rename and the commit) may carry another station's name: check against that one, so the
      // day is recognised as delivered instead of delivered twice.
      let packageStation = station;
      if (!delivered) {
        const prefix = `${req.businessDate}_`;
        const found = (await fs.readdir(target)).filter((n) => n.startsWith(prefix) && STATION_RE.test(n.slice(prefix.length))).sort();
        if (found.length > 0 && !found.includes(`${prefix}${station}`)) packageStation = found[0]!.slice(prefix.length);
      }
      const attempt = async (pkgStation: string, force: boolean) => {
        const pkg: DayPackage = await buildDayPackage(db, {
          businessDate: req.businessDate,
          station: pkgStation,
          appVersion: ctx.appVersion,
          townName: ctx.settings().townName,
          timeZone: ctx.settings().timeZone,
          createdAt: day!.closed_at!,
          pause: deps.pause,
        });
        return { pkg, out: await writePackage(fs, target, pkg, { force, me, active, hooks: deps.hooks }) };
      };
      let { pkg, out } = await attempt(packageStation, packageStation === station && (req.force ?? false));
      if (out.kind === 'different' && packageStation !== station) {
        // Not ours after all (another ledger's station): deliver under this station's name.
        packageStation = station;
        ({ pkg, out } = await attempt(station, req.force ?? false));
      }
      if (out.kind === 'different') {
        throw new CoreError('EXPORT_FAILED', `${out.folder} already holds a different package for ${req.businessDate}; nothing was changed. A supervisor can replace it with a forced re-send.`);
      }
      const outcome: ExportRunResult['outcome'] = delivered ? 'redelivered' : out.kind === 'identical' ? 'recovered' : 'delivered';
      const identical = delivered ? delivered.manifest_sha256 === pkg.manifestSha256 : null;
      const message = outcome === 'recovered' ? 'The package was already in place from an earlier attempt; recorded as delivered.' : outcome === 'redelivered' ? `Re-sent; ${identical ? 'identical to' : 'DIFFERENT from'} the first delivery.` : null;
      db.transaction(() => {
        finishLog.run({ id: logId, outcome: 'ok', at: nowIso(), message, folder: pkg.folderName, sha: pkg.manifestSha256 });
        if (!delivered) {
          db.prepare('INSERT INTO export_deliveries (business_date, station, target, folder, manifest_sha256, delivered_at, log_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
            req.businessDate,
            packageStation,
            target,
            pkg.folderName,
            pkg.manifestSha256,
            nowIso(),
            logId,
          );
        } else {
          recordAudit(db, {
            at: nowIso(),
            userId: req.userId ?? null,
            approvedBy: req.approvedBy ?? null,
            station: ctx.station,
            action: 'export.resend',
            subject: req.businessDate,
            reason: req.reason ?? null,
            details: { folder: out.folder, identical, manifestSha256: pkg.manifestSha256, firstManifestSha256: delivered.manifest_sha256 },
          });
        }
      })();
      return {
        businessDate: req.businessDate,
        station: packageStation,
        folder: out.folder,
        files: pkg.files.map((f) => ({ name: f.name, rows: f.rows, bytes: f.bytes.length, sha256: f.sha256 })),
        manifestSha256: pkg.manifestSha256,
        outcome,
        identical,
      };
    } catch (err) {
      const message = err instanceof TargetError || err instanceof CoreError ? err.message : `The export failed: ${(err as Error).message ?? String(err)}`;
      try {
        db.transaction(() => finishLog.run({ id: logId, outcome: 'error', at: nowIso(), message, folder: null, sha: null }))();
      } catch (logErr) {
        ctx.log('export: could not record the failed attempt', logErr);
      }
      if (err instanceof CoreError) throw err;
      if (!(err instanceof TargetError)) ctx.log(`export of ${req.businessDate} failed`, err);
      throw new CoreError(err instanceof TargetError && err.unavailable ? 'EXPORT_TARGET_UNAVAILABLE' : 'EXPORT_FAILED', message);
    } finally {
      exporting.delete(req.businessDate);
    }
  }

  function pendingDays(): string[] {
    const from = readExportSettings(db).fromDate ?? '';
    return (
      db
        .prepare(
          `SELECT b.business_date FROM business_days b
            WHERE b.closed_at IS NOT NULL AND b.business_date >= ?
              AND NOT EXISTS (SELECT 1 FROM export_deliveries d WHERE d.business_date = b.business_date)
            ORDER BY b.business_date`,
        )
        .all(from) as Array<{ business_date: string }>
    ).map((r) => r.business_date);
  }

  async function runPending(source: ExportSource): Promise<PendingRun> {
    const delivered: string[] = [];
    for (const businessDate of pendingDays()) {
      try {
        await exportDay({ businessDate, source });
        delivered.push(businessDate);
      } catch (err) {
        return { delivered, failed: { businessDate, message: (err as Error).message } };
      }
    }
    return { delivered, failed: null };
  }

  // The schedule -----------------------------------------------------------------------

  function arm(ms: number, source: ExportSource): void {
    sched.cancel?.();
    sched.cancel = timers.setTimer(() => {
      sched.cancel = null;
      void tick(source);
    }, ms);
  }

  function armNightly(): void {
    const s = readExportSettings(db);
    sched.retryAt = null;
    if (!s.enabled) {
      sched.cancel?.();
      sched.cancel = null;
      sched.nextRunAt = null;
      return;
    }
    const now = clock.now();
    let next: Date;
    try {
      next = nextLocalTime(now, s.time, ctx.settings().timeZone);
    } catch (err) {
      // Settings are checked when read, so this should not happen; if it does, the schedule
      // must not take the app down with it: try again in an hour and say why.
      ctx.log('export: cannot compute the next nightly run', err);
      next = new Date(now.getTime() + 3600_000);
    }
    sched.nextRunAt = next.toISOString();
    arm(next.getTime() - now.getTime(), 'schedule');
  }

  async function tick(source: ExportSource): Promise<void> {
    if (!sched.started) return;
    if (!readExportSettings(db).enabled) {
      armNightly();
      return;
    }
    if (sched.run) return;
    const run = runPending(source);
    sched.run = run;
    let result: PendingRun;
    try {
      result = await run;
    } catch (err) {
      result = { delivered: [], failed: { businessDate: '', message: (err as Error).message } };
    } finally {
      sched.run = null;
    }
    sched.lastRunAt = nowIso();
    if (!sched.started) return;
    if (result.failed) {
      sched.failures++;
      sched.lastError = { at: sched.lastRunAt, businessDate: result.failed.businessDate || null, message: result.failed.message };
      const wait = Math.min(maxRetryMs, retryMs * 2 ** (sched.failures - 1));
      sched.retryAt = new Date(clock.now().getTime() + wait).toISOString();
      ctx.log(`export: ${result.failed.message} (retrying at ${sched.retryAt})`);
      arm(wait, 'catch_up');
    } else {
      sched.failures = 0;
      sched.lastError = null;
      sched.lastSuccessAt = sched.lastRunAt;
      armNightly();
    }
  }

  function lastLoggedProblem(): ExportStatus['lastError'] {
    const r = db.prepare("SELECT outcome, business_date, finished_at, message FROM export_log WHERE outcome IN ('ok', 'error', 'interrupted') ORDER BY id DESC LIMIT 1").get() as
      | { outcome: string; business_date: string; finished_at: string; message: string | null }
      | undefined;
    if (!r || r.outcome === 'ok') return null;
    return { at: r.finished_at, businessDate: r.business_date, message: r.message ?? r.outcome };
  }

  /** The last time files were actually written (a delivery or a re-send); a run that found nothing to send is none. */
  function lastDelivery(): ExportStatus['lastDelivery'] {
    const r = db.prepare("SELECT finished_at, business_date FROM export_log WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1").get() as { finished_at: string; business_date: string } | undefined;
    return r ? { at: r.finished_at, businessDate: r.business_date } : null;
  }

  function status(limit = 30): ExportStatus {
    const s = readExportSettings(db);
    const rows = db
      .prepare(
        `SELECT b.business_date, b.closed_at, d.delivered_at, d.target, d.folder, d.station,
                (SELECT count(*) FROM export_log l WHERE l.business_date = b.business_date AND l.outcome <> 'refused') AS attempts,
                (SELECT max(l.started_at) FROM export_log l WHERE l.business_date = b.business_date AND l.outcome <> 'refused') AS last_attempt_at,
                (SELECT l.outcome || char(31) || coalesce(l.message, '') FROM export_log l WHERE l.business_date = b.business_date AND l.outcome NOT IN ('refused', 'running') ORDER BY l.id DESC LIMIT 1) AS last,
                (SELECT count(*) FROM export_log l WHERE l.business_date = b.business_date AND l.outcome = 'ok' AND l.forced = 1 AND d.log_id IS NOT NULL AND l.id > d.log_id) AS resent
           FROM business_days b LEFT JOIN export_deliveries d ON d.business_date = b.business_date
          ORDER BY b.business_date DESC LIMIT ?`,
      )
      .all(limit) as Array<{ business_date: string; closed_at: string | null; delivered_at: string | null; target: string | null; folder: string | null; station: string | null; attempts: number; last_attempt_at: string | null; last: string | null; resent: number }>;
    const days = rows.map((r) => {
      const [lastOutcome, lastMessage] = r.last ? (r.last.split('\u001f') as [string, string]) : [null, null];
      const failed = lastOutcome === 'error' || lastOutcome === 'interrupted';
      return {
        businessDate: r.business_date,
        closedAt: r.closed_at,
        status: r.delivered_at ? ('delivered' as const) : !r.closed_at ? ('open' as const) : failed ? ('failed' as const) : ('pending' as const),
        deliveredAt: r.delivered_at,
        folder: r.target && r.folder ? path.join(r.target, r.folder) : null,
        station: r.station,
        attempts: r.attempts,
        lastAttemptAt: r.last_attempt_at,
        lastError: failed ? lastMessage || lastOutcome : null,
        resent: r.resent,
      };
    });
    return {
      folder: s.folder,
      time: s.time,
      enabled: s.enabled,
      scheduled: sched.started,
      running: sched.run !== null || exporting.size > 0,
      nextRunAt: sched.started ? sched.nextRunAt : null,
      retryAt: sched.started ? sched.retryAt : null,
      lastRunAt: sched.lastRunAt,
      lastSuccessAt: sched.lastSuccessAt,
      lastDelivery: lastDelivery(),
      lastError: sched.started ? sched.lastError : lastLoggedProblem(),
      pendingDays: pendingDays().length,
      days,
    };
  }

  return {
    exportDay,
    recordRefusedResend,
    pendingDays,
    runPending,
    status,
    start() {
      if (sched.started) return;
      sched.started = true;
      if (!readExportSettings(db).enabled) {
        armNightly();
        return;
      }
      sched.nextRunAt = nowIso();
      arm(0, 'catch_up');
    },
    stop() {
      sched.started = false;
      sched.cancel?.();
      sched.cancel = null;
      sched.nextRunAt = null;
      sched.retryAt = null;
    },
    settingsChanged() {
      if (!sched.started || sched.run) return;
      if (sched.failures > 0 && readExportSettings(db).enabled) {
        sched.retryAt = nowIso();
        arm(0, 'catch_up');
      } else armNightly();
    },
    async idle() {
      while (sched.run) await sched.run.catch(() => undefined);
    },
  };
}
