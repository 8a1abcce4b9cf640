// The print queue in the ledger: jobs (what to print, for which station and device, and where
// each stands) and the append-only log of every attempt's outcome. Jobs are queued inside the
// caller's transaction; the worker moves them queued → printing → done, or back to queued, or
// to failed once it stops retrying.
import type { PRINT_JOB_KINDS, PrintJobView } from '../../../src-shared/ipc/printer-schemas';
import type { Db } from '../../db/open-ledger';

export type JobKind = (typeof PRINT_JOB_KINDS)[number];
export type JobTarget = 'printer' | 'drawer';
export const TARGETS: readonly JobTarget[] = ['printer', 'drawer'];

export interface JobRow {
  id: number;
  station: string;
  kind: JobKind;
  target: JobTarget;
  receipt_id: number | null;
  drawer_id: number | null;
  payload: string;
  open_drawer: number;
  requested_by: number | null;
  created_at: string;
  status: 'queued' | 'printing' | 'done' | 'failed';
  attempts: number;
  last_error: string | null;
  last_attempt_at: string | null;
  completed_at: string | null;
}

export interface NewJob {
  station: string;
  kind: JobKind;
  target: JobTarget;
  receiptId?: number | null;
  drawerId?: number | null;
  payload: unknown;
  openDrawer: boolean;
  requestedBy: number | null;
  createdAt: string;
}

export function insertJob(db: Db, j: NewJob): number {
  return Number(
    db
      .prepare('INSERT INTO print_jobs (station, kind, target, receipt_id, drawer_id, payload, open_drawer, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(j.station, j.kind, j.target, j.receiptId ?? null, j.drawerId ?? null, JSON.stringify(j.payload), j.openDrawer ? 1 : 0, j.requestedBy, j.createdAt).lastInsertRowid,
  );
}

const VIEW_SELECT = `SELECT j.*, r.number AS receipt_number, u.display_name AS requested_by_name
  FROM print_jobs j LEFT JOIN receipts r ON r.id = j.receipt_id LEFT JOIN users u ON u.id = j.requested_by`;

type ViewRow = JobRow & { receipt_number: string | null; requested_by_name: string | null };

function toView(r: ViewRow): PrintJobView {
  return {
    id: r.id,
    kind: r.kind,
    target: r.target,
    status: r.status,
    receiptId: r.receipt_id,
    receiptNumber: r.receipt_number,
    opensDrawer: r.open_drawer === 1,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    completedAt: r.completed_at,
    requestedBy: r.requested_by_name,
  };
}

export function jobView(db: Db, id: number): PrintJobView {
  return toView(db.prepare(`${VIEW_SELECT} WHERE j.id = ?`).get(id) as ViewRow);
}

export function listJobs(db: Db, station: string, q: { limit: number; receiptId?: number; status?: JobRow['status'] }): PrintJobView[] {
  const rows = db
    .prepare(`${VIEW_SELECT} WHERE j.station = @station AND (@receiptId IS NULL OR j.receipt_id = @receiptId) AND (@status IS NULL OR j.status = @status) ORDER BY j.id DESC LIMIT @limit`)
    .all({ station, receiptId: q.receiptId ?? null, status: q.status ?? null, limit: q.limit }) as ViewRow[];
  return rows.map(toView);
}

export function jobsForReceipt(db: Db, receiptId: number): PrintJobView[] {
  return (db.prepare(`${VIEW_SELECT} WHERE j.receipt_id = ? ORDER BY j.id DESC`).all(receiptId) as ViewRow[]).map(toView);
}

/** The oldest unfinished job of a station's device: jobs print in order, one at a time. */
export function headJob(db: Db, station: string, target: JobTarget): JobRow | undefined {
  return db.prepare("SELECT * FROM print_jobs WHERE station = ? AND target = ? AND status IN ('queued', 'printing') ORDER BY id LIMIT 1").get(station, target) as JobRow | undefined;
}

export function getJob(db: Db, id: number): JobRow | undefined {
  return db.prepare('SELECT * FROM print_jobs WHERE id = ?').get(id) as JobRow | undefined;
}

/** Claims a queued job for an attempt; false if someone else got there first. */
export function markPrinting(db: Db, id: number, at: string): boolean {
  return db.prepare("UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND status = 'queued'").run(at, id).changes === 1;
}

export interface AttemptRecord {
  attempt: number;
  startedAt: string;
  finishedAt: string;
  outcome: 'printed' | 'failed' | 'gave_up' | 'interrupted' | 'skipped';
  reason?: string | null;
  error?: string | null;
  endpoint?: string | null;
  bytes?: number | null;
  drawerPulse?: boolean;
}

/** Logs an attempt and moves the job to its new status, in one transaction. */
export function finishAttempt(db: Db, jobId: number, a: AttemptRecord, status: 'queued' | 'done' | 'failed'): void {
  db.transaction(() => {
    db.prepare('INSERT INTO print_attempts (job_id, attempt, started_at, finished_at, outcome, reason, error, endpoint, bytes, drawer_pulse) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      jobId,
      a.attempt,
      a.startedAt,
      a.finishedAt,
      a.outcome,
      a.reason ?? null,
      a.error ?? null,
      a.endpoint ?? null,
      a.bytes ?? null,
      a.drawerPulse ? 1 : 0,
    );
    db.prepare('UPDATE print_jobs SET status = ?, last_error = ?, completed_at = ? WHERE id = ?').run(status, status === 'done' ? null : (a.error ?? null), status === 'done' ? a.finishedAt : null, jobId);
  })();
}

/** Jobs a crash left 'printing' go back to the queue; the lost attempt is logged as interrupted. */
export function recoverInterrupted(db: Db, station: string, at: string, target?: JobTarget): number {
  return db.transaction(() => {
    const rows = db
      .prepare("SELECT id, attempts, last_attempt_at FROM print_jobs WHERE station = ? AND status = 'printing' AND (? IS NULL OR target = ?)")
      .all(station, target ?? null, target ?? null) as Array<{ id: number; attempts: number; last_attempt_at: string | null }>;
    for (const r of rows) {
      db.prepare("INSERT INTO print_attempts (job_id, attempt, started_at, finished_at, outcome, error) VALUES (?, ?, ?, ?, 'interrupted', ?)").run(
        r.id,
        Math.max(1, r.attempts),
        r.last_attempt_at ?? at,
        at,
        'The app stopped during this attempt.',
      );
      db.prepare("UPDATE print_jobs SET status = 'queued', last_error = 'The app stopped during the last attempt.' WHERE id = ?").run(r.id);
    }
    return rows.length;
  })();
}

/** Failed jobs back to the queue (one, or all of the station's). Attempts start over. */
export function requeueFailed(db: Db, station: string, jobId?: number): number {
  return db
    .prepare("UPDATE print_jobs SET status = 'queued', attempts = 0 WHERE station = @station AND status = 'failed' AND (@jobId IS NULL OR id = @jobId)")
    .run({ station, jobId: jobId ?? null }).changes;
}

export function queueCounts(db: Db, station: string): { queued: number; printing: number; failed: number } {
  const rows = db.prepare("SELECT status, count(*) AS n FROM print_jobs WHERE station = ? AND status IN ('queued', 'printing', 'failed') GROUP BY status").all(station) as Array<{ status: string; n: number }>;
  const get = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { queued: get('queued'), printing: get('printing'), failed: get('failed') };
}

export function lastFailure(db: Db, station: string): { at: string; jobId: number; message: string } | null {
  const r = db
    .prepare("SELECT a.finished_at AS at, a.job_id AS jobId, a.error AS message FROM print_attempts a JOIN print_jobs j ON j.id = a.job_id WHERE j.station = ? AND a.outcome <> 'printed' AND a.error IS NOT NULL ORDER BY a.id DESC LIMIT 1")
    .get(station) as { at: string; jobId: number; message: string } | undefined;
  return r ?? null;
}

export function lastPrintedAt(db: Db, station: string): string | null {
  const r = db.prepare("SELECT max(completed_at) AS at FROM print_jobs WHERE station = ? AND status = 'done'").get(station) as { at: string | null };
  return r.at;
}
