// User administration (users.* methods, permission users.manage): add a user with one or more
// roles, set roles, disable and re-enable, reset a PIN, unlock. Every change has a reason and is
// audited (never with the PIN). The office always keeps at least one active administrator, and
// an administrator can't disable their own user.
import type { Role } from '../../../src-shared/domain';
import { ROLES, sortRoles } from '../../../src-shared/domain';
import type { UserAdminView } from '../../../src-shared/ipc/users-schemas';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { checkPinRules, clearSignInThrottle, createUser, userRoles, type PinHasher } from './users';
import { minPinLength } from '../settings';

type UsersMethods = 'users.list' | 'users.create' | 'users.setRoles' | 'users.disable' | 'users.enable' | 'users.resetPin' | 'users.unlock';

interface Row {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  active: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
}

function toView(db: Db, r: Row, nowIso: string): UserAdminView {
  // Sign-in failures make the user wait (per station); the latest wait shows as "locked until".
  const wait = db.prepare("SELECT max(wait_until) AS w, coalesce(sum(failures), 0) AS f FROM auth_throttle WHERE scope = 'sign_in' AND subject = ?").get(r.username) as { w: string | null; f: number };
  const legacy = r.locked_until !== null && r.locked_until > nowIso ? r.locked_until : null;
  const throttled = wait.w !== null && wait.w > nowIso ? wait.w : null;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    roles: userRoles(db, r.id, r.role),
    active: r.active === 1,
    lockedUntil: legacy && throttled ? (legacy > throttled ? legacy : throttled) : (legacy ?? throttled),
    failedAttempts: r.failed_attempts + wait.f,
    createdAt: r.created_at,
  };
}

function getRow(db: Db, userId: number): Row {
  const r = db.prepare('SELECT id, username, display_name, role, active, failed_attempts, locked_until, created_at FROM users WHERE id = ?').get(userId) as Row | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No user with id ${userId}.`);
  return r;
}

/** Active users other than `exceptId` who hold the admin role. */
function otherActiveAdmins(db: Db, exceptId: number): number {
  return (
    db
      .prepare(`SELECT count(*) AS n FROM users u WHERE u.active = 1 AND u.id <> ? AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'admin')`)
      .get(exceptId) as { n: number }
  ).n;
}

/** The primary role for a role set: the one asked for, else the current one if kept, else the first in ROLES order. */
function choosePrimary(roles: readonly Role[], asked: Role | undefined, current: Role | null): Role {
  if (asked !== undefined) {
    if (!roles.includes(asked)) throw new CoreError('BAD_INPUT', 'The primary role must be one of the roles.', { issues: [{ path: ['primaryRole'], message: 'Choose one of the ticked roles.' }] });
    return asked;
  }
  if (current !== null && roles.includes(current)) return current;
  return sortRoles(roles)[0] ?? ROLES[0];
}

function endSessions(db: Db, userId: number, at: string): number {
  return db.prepare('UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL').run(at, userId).changes;
}

export function usersHandlers(env: CoreEnv, pins: PinHasher): Pick<Handlers, UsersMethods> {
  const { db } = env;
  const view = (userId: number) => toView(db, getRow(db, userId), env.nowIso());

  return {
    'users.list': () => {
      const rows = db.prepare('SELECT id, username, display_name, role, active, failed_attempts, locked_until, created_at FROM users ORDER BY active DESC, username').all() as Row[];
      const now = env.nowIso();
      return { users: rows.map((r) => toView(db, r, now)) };
    },

    'users.create': (input, ctx) => {
      const s = signedIn(ctx);
      // Hashing is slow (scrypt); do it before taking the write lock.
      const roles = sortRoles(input.roles);
      const primary = choosePrimary(roles, input.primaryRole, null);
      const minLength = minPinLength(env.settings(), roles);
      checkPinRules(input.secret, minLength);
      return db.transaction(() => {
        const taken = db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username);
        if (taken) throw new CoreError('CONFLICT', `There is already a user named ${input.username}.`, { issues: [{ path: ['username'], message: `${input.username} is taken.` }] });
        const userId = createUser(db, { username: input.username, displayName: input.displayName, role: primary, roles, secret: input.secret, at: env.nowIso() }, { pins, minLength });
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'user.create', subject: input.username, reason: input.reason, details: { roles, primaryRole: primary, displayName: input.displayName } });
        return view(userId);
      })();
    },

    'users.setRoles': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const row = getRow(db, input.userId);
        const before = userRoles(db, row.id, row.role);
        const roles = sortRoles(input.roles);
        const primary = choosePrimary(roles, input.primaryRole, row.role);
        if (before.includes('admin') && !roles.includes('admin') && row.active === 1 && otherActiveAdmins(db, row.id) === 0) {
          throw new CoreError('LAST_ADMIN', `${row.username} is the last active administrator; make another user an administrator first.`, { issues: [{ path: ['roles'], message: 'The last active administrator keeps the Administrator role.' }] });
        }
        // Add the new roles first and move the primary role, then drop the roles no longer held
        // (migration 0006 refuses to delete the primary role).
        const add = db.prepare('INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?, ?)');
        for (const r of roles) add.run(row.id, r);
        if (primary !== row.role) db.prepare('UPDATE users SET role = ? WHERE id = ?').run(primary, row.id);
        const drop = db.prepare('DELETE FROM user_roles WHERE user_id = ? AND role = ?');
        for (const r of before) if (!roles.includes(r)) drop.run(row.id, r);
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'user.setRoles', subject: row.username, reason: input.reason, details: { before, after: userRoles(db, row.id, primary), primaryRole: primary } });
        return view(row.id);
      })();
    },

    'users.disable': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const row = getRow(db, input.userId);
        if (row.id === s.user.id) throw new CoreError('CONFLICT', 'You cannot disable the user you are signed in as.');
        if (row.active === 0) throw new CoreError('CONFLICT', `${row.username} is already disabled.`);
        if (userRoles(db, row.id, row.role).includes('admin') && otherActiveAdmins(db, row.id) === 0) {
          throw new CoreError('LAST_ADMIN', `${row.username} is the last active administrator and can't be disabled.`);
        }
        db.prepare('UPDATE users SET active = 0 WHERE id = ?').run(row.id);
        const ended = endSessions(db, row.id, env.nowIso());
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'user.disable', subject: row.username, reason: input.reason, details: { sessionsEnded: ended } });
        return view(row.id);
      })();
    },

    'users.enable': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const row = getRow(db, input.userId);
        if (row.active === 1) throw new CoreError('CONFLICT', `${row.username} is already active.`);
        db.prepare('UPDATE users SET active = 1 WHERE id = ?').run(row.id);
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'user.enable', subject: row.username, reason: input.reason });
        return view(row.id);
      })();
    },

    'users.resetPin': (input, ctx) => {
      const s = signedIn(ctx);
      const target = getRow(db, input.userId);
      checkPinRules(input.secret, minPinLength(env.settings(), userRoles(db, target.id, target.role)));
      const hash = pins.hash(input.secret);
      return db.transaction(() => {
        const row = getRow(db, input.userId);
        clearSignInThrottle(db, row.username);
        const wasLocked = row.locked_until !== null && row.locked_until > env.nowIso();
        db.prepare('UPDATE users SET secret_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?').run(hash, row.id);
        // Whoever is signed in with the old PIN signs in again (not the administrator's own session).
        const ended = row.id === s.user.id ? 0 : endSessions(db, row.id, env.nowIso());
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'user.resetPin', subject: row.username, reason: input.reason, details: { unlocked: wasLocked, sessionsEnded: ended } });
        return view(row.id);
      })();
    },

    'users.unlock': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const row = getRow(db, input.userId);
        // Sign-in failures are throttled per station and username (auth_throttle); older ledgers may still carry a lock on the user row.
        const legacyLocked = row.locked_until !== null && row.locked_until > env.nowIso();
        const throttled = db.prepare("SELECT count(*) AS n FROM auth_throttle WHERE scope = 'sign_in' AND subject = ?").get(row.username) as { n: number };
        const locked = legacyLocked || throttled.n > 0;
        if (!locked && row.failed_attempts === 0) throw new CoreError('CONFLICT', `${row.username} is not locked.`);
        clearSignInThrottle(db, row.username);
        db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'user.unlock', subject: row.username, reason: input.reason, details: { wasLocked: locked, failedAttempts: row.failed_attempts } });
        return view(row.id);
      })();
    },
  };
}
