// Users, sign-in with lockout after repeated failures, sessions, and supervisor override.
import crypto from 'node:crypto';
import type { Role } from '../../../src-shared/domain';
import { hasRole, sortRoles } from '../../../src-shared/domain';
import type { SupervisorOverride, UserInfo } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { CoreError } from '../errors';
import { DUMMY_HASH, hashSecret, verifySecret } from './passwords';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  secret_hash: string;
  active: number;
  failed_attempts: number;
  locked_until: string | null;
}

export interface SessionInfo {
  user: UserInfo;
  station: string;
  tokenHash: string;
}

/** Every role the user holds (user_roles), the primary role first, then in ROLES order. */
export function userRoles(db: Db, userId: number, primary: Role): Role[] {
  const rows = db.prepare('SELECT role FROM user_roles WHERE user_id = ?').all(userId) as Array<{ role: Role }>;
  return [primary, ...sortRoles(rows.map((r) => r.role)).filter((r) => r !== primary)];
}

const toInfo = (db: Db, u: UserRow): UserInfo => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, roles: userRoles(db, u.id, u.role) });

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Adds a user with a primary role and, optionally, more roles (`roles` may repeat the primary). */
export function createUser(db: Db, u: { username: string; displayName: string; role: Role; roles?: readonly Role[]; secret: string; at: string }): number {
  const info = db
    .prepare('INSERT INTO users (username, display_name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(u.username.toLowerCase(), u.displayName, u.role, hashSecret(u.secret), u.at);
  const userId = Number(info.lastInsertRowid);
  // The insert trigger (migration 0006) records the primary role; these are the others.
  const add = db.prepare('INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?, ?)');
  for (const r of u.roles ?? []) add.run(userId, r);
  return userId;
}

export interface LockPolicy {
  maxAttempts: number;
  lockMinutes: number;
}

/** Checks credentials; counts failures and locks the user after too many. */
export function checkCredentials(db: Db, username: string, secret: string, now: Date, policy: LockPolicy): UserInfo {
  const u = db.prepare('SELECT * FROM users WHERE username = ?').get(username.toLowerCase()) as UserRow | undefined;
  if (!u || !u.active) {
    verifySecret(secret, DUMMY_HASH);
    throw new CoreError('BAD_CREDENTIALS', 'Unknown user or wrong PIN/password.');
  }
  if (u.locked_until && u.locked_until > now.toISOString()) {
    throw new CoreError('USER_LOCKED', `Too many failed attempts; ${u.username} is locked until ${new Date(u.locked_until).toLocaleTimeString('en-US')}.`);
  }
  if (!verifySecret(secret, u.secret_hash)) {
    const attempts = u.failed_attempts + 1;
    const lock = attempts >= policy.maxAttempts ? new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString() : null;
    db.prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(lock ? 0 : attempts, lock, u.id);
    if (lock) recordAudit(db, { at: now.toISOString(), userId: u.id, action: 'user.locked', subject: u.username, reason: 'too many failed sign-in attempts' });
    throw new CoreError('BAD_CREDENTIALS', 'Unknown user or wrong PIN/password.');
  }
  if (u.failed_attempts > 0 || u.locked_until) db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(u.id);
  return toInfo(db, u);
}

export function startSession(db: Db, user: UserInfo, token: string, station: string, at: string): void {
  db.prepare('INSERT INTO sessions (token_hash, user_id, station, started_at) VALUES (?, ?, ?, ?)').run(hashToken(token), user.id, station, at);
}

export function endSession(db: Db, tokenHash: string, at: string): boolean {
  return db.prepare('UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL').run(at, tokenHash).changes > 0;
}

export function findSession(db: Db, token: string): SessionInfo | null {
  const tokenHash = hashToken(token);
  const row = db
    .prepare(
      `SELECT s.station, u.* FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ? AND s.ended_at IS NULL AND u.active = 1`,
    )
    .get(tokenHash) as (UserRow & { station: string }) | undefined;
  if (!row) return null;
  return { user: toInfo(db, row), station: row.station, tokenHash };
}

const APPROVER_ROLES: readonly Role[] = ['supervisor'];

/**
 * A supervisor approves one action: either the signed-in user is a supervisor, or the
 * input carries a supervisor's own credentials. Returns the approver's user id.
 */
export function requireSupervisor(
  db: Db,
  actor: UserInfo,
  override: SupervisorOverride | undefined,
  now: Date,
  policy: LockPolicy,
  action: string,
): number {
  if (APPROVER_ROLES.some((r) => hasRole(actor, r))) return actor.id;
  if (!override) throw new CoreError('NEEDS_SUPERVISOR', `${action} needs a supervisor's approval.`);
  let approver: UserInfo;
  try {
    approver = checkCredentials(db, override.username, override.secret, now, policy);
  } catch (err) {
    if (err instanceof CoreError) throw new CoreError('NEEDS_SUPERVISOR', `Supervisor approval failed: ${err.message}`);
    throw err;
  }
  if (!APPROVER_ROLES.some((r) => hasRole(approver, r))) throw new CoreError('NEEDS_SUPERVISOR', `${approver.username} is not a supervisor.`);
  if (approver.id === actor.id) throw new CoreError('NEEDS_SUPERVISOR', 'A user cannot approve their own action.');
  return approver.id;
}
