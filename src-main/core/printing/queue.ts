// The print queue in the ledger: jobs (what to print, for which station and device, and where
// each stands) and the append-only log of every attempt's outcome. Jobs are queued inside the
// caller's transaction; the worker moves them queued → printing → done, or back to queued to
// try again (it never gives up on a receipt; the cashier may cancel one, with a reason).
// Jobs travel in two lanes per station: 'printer' (receipts and slips, strictly in posted
// order) and 'drawer' (drawer pulses, each its own small job, sent at once and never behind a
// receipt that can't print).
import type { PRINT_JOB_KINDS, PrintJobView } from '../../../src-shared/ipc/printer-schemas';
import type { Db } from '../../db/open-ledger';

export type JobKind = (typeof PRINT_JOB_KINDS)[number];
export type JobTarget = 'printer' | 'drawer';
/** printer: receipts and slips; drawer: every drawer pulse (on the printer's port or a device). */
export type Lane = 'printer' | 'drawer';
export const LANES: readonly Lane[] = ['drawer', 'printer'];
/** @deprecated the lanes; kept for callers that iterate over devices. */
export const TARGETS: readonly JobTarget[] = LANES;
const LANE_SQL: Record<Lane, string> = { printer: "target = 'printer' AND kind <> 'drawer_kick'", drawer: "kind = 'drawer_kick'" };

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
  handed_over_at: string | null;
  cancelled_at: string | null;
  cancelled_by: number | null;
  cancel_reason: string | null;
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
    status: r.cancelled_at ? 'cancelled' : r.status,
    receiptId: r.receipt_id,
    receiptNumber: r.receipt_number,
    opensDrawer: r.open_drawer === 1,
    attempts: r.attempts,
    lastError: r.last_error,
    handedOver: r.handed_over_at !== null,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    completedAt: r.completed_at,
    requestedBy: r.requested_by_name,
  };
}

export function jobView(db: Db, id: number): PrintJobView {
  return toView(db.prepare(`${VIEW_SELECT} WHERE j.id = ?`).get(id) as ViewRow);
}

export function listJobs(db: Db, station: string, q: { limit: number; receiptId?: number; status?: PrintJobView['status'] }): PrintJobView[] {
  const rows = db
    .prepare(
      `${VIEW_SELECT} WHERE j.station = @station AND (@receiptId IS NULL OR j.receipt_id = @receiptId) AND (@status IS NULL OR (CASE WHEN j.cancelled_at IS NOT NULL THEN 'cancelled' ELSE j.status END) = @status) ORDER BY j.id DESC LIMIT @limit`,
    )
    .all({ station, receiptId: q.receiptId ?? null, status: q.status ?? null, limit: q.limit }) as ViewRow[];
  return rows.map(toView);
}

export function jobsForReceipt(db: Db, receiptId: number): PrintJobView[] {
  return (db.prepare(`${VIEW_SELECT} WHERE j.receipt_id = ? ORDER BY j.id DESC`).all(receiptId) as ViewRow[]).map(toView);
}

/** The oldest unfinished job of a station's lane: jobs leave in posted order, one at a time;
 * a later job waits for an earlier undelivered one (a cancelled job no longer counts). */
export function headJob(db: Db, station: string, lane: Lane): JobRow | undefined {
  return db.prepare(`SELECT * FROM print_jobs WHERE station = ? AND ${LANE_SQL[lane]} AND status IN ('queued', 'printing') ORDER BY id LIMIT 1`).get(station) as JobRow | undefined;
}

/** Records (once) that the job's bytes are being handed to the printer. */
export function markHandedOver(db: Db, id: number, at: string): void {
  db.prepare('UPDATE print_jobs SET handed_over_at = coalesce(handed_over_at, ?) WHERE id = ?').run(at, id);
}

/** Cancels a job that has not printed; false if it is printing right now, done or already cancelled. */
export function cancelJob(db: Db, station: string, id: number, at: string, userId: number, reason: string): 'cancelled' | 'not_found' | 'in_progress' | 'finished' {
  const job = getJob(db, id);
  if (!job || job.station !== station) return 'not_found';
  if (job.cancelled_at || job.status === 'done') return 'finished';
  if (job.status === 'printing') return 'in_progress';
  db.prepare("UPDATE print_jobs SET status = 'failed', cancelled_at = ?, cancelled_by = ?, cancel_reason = ?, last_error = ? WHERE id = ? AND status IN ('queued', 'failed')").run(at, userId, reason, `Cancelled: ${reason}`, id);
  return 'cancelled';
}

export interface PulseRecord {
  jobId: number;
  receiptId: number | null;
  purpose: 'sale' | 'void' | 'no_sale' | 'test';
  command: 'esc_p' | 'realtime';
  hex: string;
  at: string;
}

/** Whether this job's pulse, or the pulse for this receipt and purpose, has gone out already. */
export function pulseAlreadySent(db: Db, jobId: number, receiptId: number | null, purpose: PulseRecord['purpose']): boolean {
  return db.prepare('SELECT 1 FROM drawer_pulses WHERE job_id = ? OR (receipt_id IS NOT NULL AND receipt_id = ? AND purpose = ?)').get(jobId, receiptId, purpose) !== undefined;
}

/** Records a pulse in the ledger just before it is sent; false if it was sent before (never twice). */
export function recordPulse(db: Db, p: PulseRecord): boolean {
  const r = db.prepare('INSERT OR IGNORE INTO drawer_pulses (job_id, receipt_id, purpose, command, hex, sent_at) VALUES (?, ?, ?, ?, ?, ?)').run(p.jobId, p.receiptId, p.purpose, p.command, p.hex, p.at);
  return r.changes === 1;
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
export function recoverInterrupted(db: Db, station: string, at: string, lane?: Lane): number {
  return db.transaction(() => {
    const rows = db
      .prepare(`SELECT id, attempts, last_attempt_at FROM print_jobs WHERE station = ? AND status = 'printing' AND ${lane ? LANE_SQL[lane] : '1'}`)
      .all(station) as Array<{ id: number; attempts: number; last_attempt_at: string | null }>;
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
    .prepare("UPDATE print_jobs SET status = 'queued', attempts = 0 WHERE station = @station AND status = 'failed' AND cancelled_at IS NULL AND kind <> 'drawer_kick' AND (@jobId IS NULL OR id = @jobId)")
    .run({ station, jobId: jobId ?? null }).changes;
}

export function queueCounts(db: Db, station: string): { queued: number; printing: number; failed: number } {
  const rows = db.prepare("SELECT status, count(*) AS n FROM print_jobs WHERE station = ? AND status IN ('queued', 'printing', 'failed') AND cancelled_at IS NULL GROUP BY status").all(station) as Array<{ status: string; n: number }>;
  const get = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { queued: get('queued'), printing: get('printing'), failed: get('failed') };
}

/** Receipts posted at this station whose receipt has not printed yet (and was not cancelled), oldest first. */
export function receiptsNotPrinted(db: Db, station: string): string[] {
  return (
    db
      .prepare("SELECT r.number FROM print_jobs j JOIN receipts r ON r.id = j.receipt_id WHERE j.station = ? AND j.kind = 'receipt' AND j.status IN ('queued', 'printing') AND j.cancelled_at IS NULL ORDER BY j.id")
      .all(station) as Array<{ number: string }>
  ).map((r) => r.number);
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
