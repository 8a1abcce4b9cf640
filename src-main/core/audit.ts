// The audit log: who did which sensitive thing, when, why, and who approved it. Append-only
// (triggers refuse UPDATE and DELETE). Never put secrets in details.
import type { Db } from '../db/open-ledger';

export interface AuditEvent {
  at: string;
  userId: number | null;
  approvedBy?: number | null;
  station?: string | null;
  action: string;
  subject?: string | null;
  reason?: string | null;
  details?: unknown;
}

export function recordAudit(db: Db, e: AuditEvent): number {
  const info = db
    .prepare('INSERT INTO audit_log (at, user_id, approved_by, station, action, subject, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(e.at, e.userId, e.approvedBy ?? null, e.station ?? null, e.action, e.subject ?? null, e.reason ?? null, e.details === undefined ? null : JSON.stringify(e.details));
  return Number(info.lastInsertRowid);
}

export function listAudit(db: Db, limit: number, action?: string) {
  const rows = db
    .prepare(
      `SELECT a.id, a.at, u.username AS user, s.username AS approvedBy, a.action, a.subject, a.reason, a.details
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN users s ON s.id = a.approved_by
        WHERE (@action IS NULL OR a.action = @action) ORDER BY a.id DESC LIMIT @limit`,
    )
    .all({ action: action ?? null, limit }) as Array<{ id: number; at: string; user: string | null; approvedBy: string | null; action: string; subject: string | null; reason: string | null; details: string | null }>;
  return rows.map((r) => ({ ...r, details: r.details === null ? null : (JSON.parse(r.details) as unknown) }));
}
