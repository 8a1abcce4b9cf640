// Users, sign-in with a growing wait after repeated failures (per station and username, never
// a lock anyone can put on someone else's account), sessions that expire (idle and absolute
// lifetime), and supervisor approval (failed approvals slow the requesting session, not the
// supervisor, and every refused approval is audited).
import crypto from 'node:crypto';
import type { Role } from '../../../src-shared/domain';
import { hasRole, sortRoles } from '../../../src-shared/domain';
import type { SupervisorOverride, UserInfo } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { CoreError } from '../errors';
import { DUMMY_HASH, hashSecret, isPeppered, verifySecret } from './passwords';

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

/** Hashes and checks PINs with the installation's pepper (null: no pepper file configured). */
export interface PinHasher {
  readonly pepper: Buffer | null;
  hash(secret: string): string;
  verify(secret: string, stored: string): boolean;
}

export function pinHasher(pepper: Buffer | null): PinHasher {
  return {
    pepper,
    hash: (secret) => hashSecret(secret, undefined, pepper),
    verify: (secret, stored) => verifySecret(secret, stored, pepper),
  };
}

const PLAIN_PINS = pinHasher(null);

/** Refuses a PIN shorter than minLength or with characters other than printable ones. */
export function checkPinRules(secret: string, minLength: number): void {
  if (secret.length < minLength) throw new CoreError('BAD_INPUT', `The PIN or password must be at least ${minLength} characters long.`, { minLength });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(secret)) throw new CoreError('BAD_INPUT', 'The PIN or password may not contain control characters.');
}

/** Adds a user with a primary role and, optionally, more roles (`roles` may repeat the primary). */
export function createUser(
  db: Db,
  u: { username: string; displayName: string; role: Role; roles?: readonly Role[]; secret: string; at: string },
  opts: { pins?: PinHasher; minLength?: number } = {},
): number {
  if (opts.minLength !== undefined) checkPinRules(u.secret, opts.minLength);
  const info = db
    .prepare('INSERT INTO users (username, display_name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(u.username.toLowerCase(), u.displayName, u.role, (opts.pins ?? PLAIN_PINS).hash(u.secret), u.at);
  const userId = Number(info.lastInsertRowid);
  // The insert trigger (migration 0007) records the primary role; these are the others.
  const add = db.prepare('INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?, ?)');
  for (const r of u.roles ?? []) add.run(userId, r);
  return userId;
}

/** Sets a user's PIN or password, checked against the minimum length for their role. */
export function setUserSecret(db: Db, userId: number, secret: string, opts: { pins: PinHasher; minLength: number }): void {
  checkPinRules(secret, opts.minLength);
  db.prepare('UPDATE users SET secret_hash = ? WHERE id = ?').run(opts.pins.hash(secret), userId);
}

/** How failed sign-ins and approvals are slowed down (settings), and who is asking from where. */
export interface LockPolicy {
  /** Failures allowed before each further try must wait. */
  maxAttempts: number;
  /** The longest wait, in minutes. */
  lockMinutes: number;
  /** The first wait in seconds; it doubles with each further failure (default 30). */
  backoffSeconds?: number;
  /** The station asking (default "-"). */
  station?: string;
  /** The installation's PIN hasher (default: no pepper). */
  pins?: PinHasher;
}

// A ledger that failed its start-up check is opened without migrating it, so it may predate
// migration 0009: sign-in and reading must still work there (the red banner says "you can
// look accounts up"), without throttling or expiry bookkeeping.
function hasSessionExpiry(db: Db): boolean {
  return db.prepare("SELECT 1 FROM pragma_table_info('sessions') WHERE name = 'end_reason'").get() !== undefined;
}

function hasThrottle(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'auth_throttle'").get() !== undefined;
}

// Throttling ---------------------------------------------------------------------------------

type ThrottleScope = 'sign_in' | 'override';

interface ThrottleRow {
  failures: number;
  wait_until: string | null;
  last_failure_at: string;
}

/** Failures older than this are forgotten. */
const FORGET_AFTER_MS = 24 * 3600_000;

function readThrottle(db: Db, scope: ThrottleScope, station: string, subject: string, now: Date): ThrottleRow | null {
  if (!hasThrottle(db)) return null;
  const row = db.prepare('SELECT failures, wait_until, last_failure_at FROM auth_throttle WHERE scope = ? AND station = ? AND subject = ?').get(scope, station, subject) as ThrottleRow | undefined;
  if (!row) return null;
  if (now.getTime() - Date.parse(row.last_failure_at) > FORGET_AFTER_MS) return null;
  return row;
}

function secondsLeft(row: ThrottleRow | null, now: Date): number {
  if (!row?.wait_until) return 0;
  return Math.max(0, Math.ceil((Date.parse(row.wait_until) - now.getTime()) / 1000));
}

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

interface FailureOutcome {
  failures: number;
  triesLeft: number;
  waitSeconds: number;
}

/** Counts one failure; from maxAttempts on, each further try waits backoff × 2^(n − max), capped. */
function recordFailure(db: Db, scope: ThrottleScope, station: string, subject: string, now: Date, policy: LockPolicy, audit: { userId: number | null; subject: string }): FailureOutcome {
  if (!hasThrottle(db)) return { failures: 0, triesLeft: policy.maxAttempts, waitSeconds: 0 };
  return db.transaction(() => {
    const prev = readThrottle(db, scope, station, subject, now);
    const failures = (prev?.failures ?? 0) + 1;
    const over = failures - policy.maxAttempts;
    const waitSeconds = over >= 0 ? Math.min((policy.backoffSeconds ?? 30) * 2 ** Math.min(over, 20), policy.lockMinutes * 60) : 0;
    const waitUntil = waitSeconds > 0 ? new Date(now.getTime() + waitSeconds * 1000).toISOString() : null;
    db.prepare(
      `INSERT INTO auth_throttle (scope, station, subject, failures, wait_until, last_failure_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, station, subject) DO UPDATE SET failures = excluded.failures, wait_until = excluded.wait_until, last_failure_at = excluded.last_failure_at`,
    ).run(scope, station, subject, failures, waitUntil, now.toISOString());
    // Keep the table small: forget stale rows.
    db.prepare('DELETE FROM auth_throttle WHERE last_failure_at < ?').run(new Date(now.getTime() - FORGET_AFTER_MS).toISOString());
    if (waitSeconds > 0) {
      recordAudit(db, {
        at: now.toISOString(),
        userId: audit.userId,
        station,
        action: scope === 'sign_in' ? 'signIn.throttled' : 'supervisor.approval.throttled',
        subject: audit.subject,
        reason: `${failures} failed ${scope === 'sign_in' ? 'sign-ins' : 'supervisor approvals'}`,
        details: { failures, waitSeconds, waitUntil },
      });
    }
    return { failures, triesLeft: Math.max(0, policy.maxAttempts - failures), waitSeconds };
  })();
}

function clearThrottle(db: Db, scope: ThrottleScope, station: string, subject: string): void {
  if (!hasThrottle(db)) return;
  db.prepare('DELETE FROM auth_throttle WHERE scope = ? AND station = ? AND subject = ?').run(scope, station, subject);
}

/** Forgets every failed sign-in for a username (an administrator's "unlock"). Returns rows cleared. */
export function clearSignInThrottle(db: Db, username: string): number {
  return db.prepare("DELETE FROM auth_throttle WHERE scope = 'sign_in' AND subject = ?").run(username.toLowerCase()).changes;
}

const BAD = 'Unknown user or wrong PIN/password.';

function failureMessage(base: string, o: FailureOutcome): string {
  if (o.waitSeconds > 0) return `${base} Too many failed tries: wait ${waitText(o.waitSeconds)} before trying again.`;
  return `${base} ${o.triesLeft} ${o.triesLeft === 1 ? 'try' : 'tries'} left before a wait.`;
}

/** Looks a user up and checks the secret; the same work and the same answer for unknown and disabled users. */
function verifyUser(db: Db, username: string, secret: string, pins: PinHasher): UserRow | null {
  const u = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  if (!u || !u.active) {
    pins.verify(secret, DUMMY_HASH);
    return null;
  }
  if (!pins.verify(secret, u.secret_hash)) return null;
  // An old hash made without the pepper is replaced now that the PIN is known.
  if (pins.pepper && !isPeppered(u.secret_hash)) db.prepare('UPDATE users SET secret_hash = ? WHERE id = ?').run(pins.hash(secret), u.id);
  return u;
}

/**
 * Checks credentials for a sign-in at a station. Failures are counted per station and
 * username as typed, known or not, so the answers for unknown, disabled and waiting users are
 * the same; after policy.maxAttempts failures each try waits longer. Nothing is locked.
 */
export function checkCredentials(db: Db, username: string, secret: string, now: Date, policy: LockPolicy): UserInfo {
  const name = username.toLowerCase();
  const station = policy.station ?? '-';
  const pins = policy.pins ?? PLAIN_PINS;
  const wait = secondsLeft(readThrottle(db, 'sign_in', station, name, now), now);
  if (wait > 0) throw new CoreError('TRY_LATER', `Too many failed tries for this username at this station: wait ${waitText(wait)} before trying again.`, { retryAfterSeconds: wait });
  const u = verifyUser(db, name, secret, pins);
  if (!u) {
    const known = db.prepare('SELECT id FROM users WHERE username = ?').get(name) as { id: number } | undefined;
    const o = recordFailure(db, 'sign_in', station, name, now, policy, { userId: known?.id ?? null, subject: name });
    throw new CoreError('BAD_CREDENTIALS', failureMessage(BAD, o), { triesLeft: o.triesLeft, retryAfterSeconds: o.waitSeconds });
  }
  clearThrottle(db, 'sign_in', station, name);
  if (u.failed_attempts > 0 || u.locked_until) db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(u.id);
  return toInfo(db, u);
}

// Sessions -----------------------------------------------------------------------------------

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export type SessionEnd = 'idle' | 'lifetime';

export interface SessionCheck {
  session: SessionInfo | null;
  /** Set when the token named a session that expired (now or earlier). */
  expired: SessionEnd | null;
}

export function startSession(db: Db, user: UserInfo, token: string, station: string, at: string): void {
  if (!hasSessionExpiry(db)) {
    db.prepare('INSERT INTO sessions (token_hash, user_id, station, started_at) VALUES (?, ?, ?, ?)').run(hashToken(token), user.id, station, at);
    return;
  }
  db.prepare('INSERT INTO sessions (token_hash, user_id, station, started_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(hashToken(token), user.id, station, at, at);
}

export function endSession(db: Db, tokenHash: string, at: string, reason: 'signed_out' | SessionEnd = 'signed_out'): boolean {
  if (!hasSessionExpiry(db)) return db.prepare('UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL').run(at, tokenHash).changes > 0;
  return db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE token_hash = ? AND ended_at IS NULL').run(at, reason, tokenHash).changes > 0;
}

/** Last use is written at most this often (a write per keystroke would be wasteful). */
const TOUCH_EVERY_MS = 30_000;

/**
 * Resolves a token to its session, enforcing the idle timeout and the absolute lifetime: an
 * expired session is ended (audited) and reported as expired, now and on every later try.
 * With `touch`, a live session's last use becomes now.
 */
export function checkSession(db: Db, token: string, now: Date, policy: SessionPolicy, touch: boolean): SessionCheck {
  const tokenHash = hashToken(token);
  const columns = hasSessionExpiry(db) ? 's.last_seen_at, s.end_reason' : 'NULL AS last_seen_at, NULL AS end_reason';
  const row = db
    .prepare(`SELECT s.station, s.started_at, ${columns}, s.ended_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`)
    .get(tokenHash) as (UserRow & { station: string; started_at: string; last_seen_at: string | null; ended_at: string | null; end_reason: string | null }) | undefined;
  if (!row) return { session: null, expired: null };
  if (row.ended_at) return { session: null, expired: row.end_reason === 'idle' || row.end_reason === 'lifetime' ? row.end_reason : null };
  if (!row.active) return { session: null, expired: null };
  const t = now.getTime();
  const started = Date.parse(row.started_at);
  const lastSeen = Date.parse(row.last_seen_at ?? row.started_at);
  // Without the last-use column (an unmigrated ledger) only the lifetime can be enforced.
  const idleKnown = row.last_seen_at !== null || columns.startsWith('s.');
  const end: SessionEnd | null = t - started > policy.maxHours * 3600_000 ? 'lifetime' : idleKnown && t - lastSeen > policy.idleMinutes * 60_000 ? 'idle' : null;
  if (end) {
    try {
      db.transaction(() => {
        if (endSession(db, tokenHash, now.toISOString(), end))
          recordAudit(db, { at: now.toISOString(), userId: row.id, station: row.station, action: 'session.expired', subject: row.username, reason: end === 'idle' ? `unused for more than ${policy.idleMinutes} minutes` : `older than ${policy.maxHours} hours`, details: { startedAt: row.started_at, lastSeenAt: row.last_seen_at } });
      })();
    } catch {
      // A ledger that can't be written (read-only, full) still refuses the expired session.
    }
    return { session: null, expired: end };
  }
  if (touch && t - lastSeen >= TOUCH_EVERY_MS) {
    try {
      db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND ended_at IS NULL').run(now.toISOString(), tokenHash);
    } catch {
      // Reading on from a ledger that can't be written is fine; the session just ages.
    }
  }
  return { session: { user: toInfo(db, row), station: row.station, tokenHash }, expired: null };
}

/** A live session for the token, or null (no expiry enforced: use checkSession in the app). */
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

// Supervisor approval ------------------------------------------------------------------------

const APPROVER_ROLES: readonly Role[] = ['supervisor'];

function refuseApproval(db: Db, actor: UserInfo, station: string, override: SupervisorOverride, action: string, now: Date, why: string, approverId: number | null, message: string, details?: unknown): never {
  recordAudit(db, { at: now.toISOString(), userId: actor.id, station, action: 'supervisor.approval.refused', subject: override.username.toLowerCase(), reason: action, details: { why, approverId } });
  throw new CoreError('NEEDS_SUPERVISOR', message, details);
}

/**
 * A supervisor approves one action: either the signed-in user is a supervisor, or the input
 * carries a supervisor's own credentials. Returns the approver's user id. Every refused
 * approval is audited; failed ones are counted against the requesting session (pass the
 * session; a bare user is counted per user and station), never against the supervisor.
 * Call it outside any transaction, so the audit row and the count survive the refusal.
 */
export function requireSupervisor(
  db: Db,
  requester: UserInfo | SessionInfo,
  override: SupervisorOverride | undefined,
  now: Date,
  policy: LockPolicy,
  action: string,
): number {
  const session = 'tokenHash' in requester ? requester : null;
  const actor = session ? session.user : (requester as UserInfo);
  if (APPROVER_ROLES.some((r) => hasRole(actor, r))) return actor.id;
  if (!override) throw new CoreError('NEEDS_SUPERVISOR', `${action} needs a supervisor's approval.`);
  const station = session?.station ?? policy.station ?? '-';
  const subject = session ? session.tokenHash : `user:${actor.id}`;
  const wait = secondsLeft(readThrottle(db, 'override', station, subject, now), now);
  if (wait > 0) refuseApproval(db, actor, station, override, action, now, 'waiting after failed approvals', null, `Too many failed approvals from this session: wait ${waitText(wait)} before trying again.`, { retryAfterSeconds: wait });
  const approver = verifyUser(db, override.username.toLowerCase(), override.secret, policy.pins ?? PLAIN_PINS);
  if (!approver) {
    const o = recordFailure(db, 'override', station, subject, now, policy, { userId: actor.id, subject: actor.username });
    refuseApproval(db, actor, station, override, action, now, 'unknown user or wrong PIN', null, failureMessage('Supervisor approval failed: unknown user or wrong PIN/password.', o), { triesLeft: o.triesLeft, retryAfterSeconds: o.waitSeconds });
  }
  const approverInfo = toInfo(db, approver);
  if (!APPROVER_ROLES.some((r) => hasRole(approverInfo, r))) refuseApproval(db, actor, station, override, action, now, 'not a supervisor', approver.id, `${approver.username} is not a supervisor.`);
  if (approver.id === actor.id) refuseApproval(db, actor, station, override, action, now, 'own action', approver.id, 'A user cannot approve their own action.');
  clearThrottle(db, 'override', station, subject);
  return approver.id;
}
