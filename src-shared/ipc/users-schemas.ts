// User administration (the administrator's Users screen): list, add, set roles, disable and
// re-enable, reset a PIN, unlock a locked user. Every change carries a reason and is audited;
// PINs go in, never out.
import { z } from 'zod';
import { id } from './common-schemas';
import { freeText } from '../free-text';
import type { Permission } from '../domain';
import { ROLES } from '../domain';

const reason = freeText(z.string().trim().min(3, 'Say why (at least 3 characters).').max(500));
const role = z.enum(ROLES);

/** One or more distinct roles. */
export const RoleSet = z
  .array(role)
  .min(1, 'Choose at least one role.')
  .max(ROLES.length)
  .refine((rs) => new Set(rs).size === rs.length, 'Each role once.');

/** A username: 2 to 32 lower-case letters, digits, dot, dash or underscore (stored lower-case). */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const Username = z.string().trim().toLowerCase().regex(USERNAME_RE, 'Username: 2 to 32 letters, digits, dot, dash or underscore, starting with a letter or digit.');

/** A new PIN or password (the core may ask more of it, e.g. a longer PIN for some roles). */
export const NewSecret = z.string().min(4, 'At least 4 characters.').max(128).refine((s) => s.trim() === s && s !== '', 'No spaces at the start or end.');

export const UserAdminView = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  /** The primary role (first role in the header; older code reads it). */
  role,
  roles: z.array(role).min(1),
  active: z.boolean(),
  /** Locked after too many failed sign-ins until this instant (ISO), or null. */
  lockedUntil: z.string().nullable(),
  failedAttempts: z.int().min(0),
  createdAt: z.string(),
});
export type UserAdminView = z.infer<typeof UserAdminView>;

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; description: string }) {
  return { mutates: false, ...def };
}

export const usersContract = {
  'users.list': method({
    description: 'Every user with roles, active or disabled, and lock state.',
    input: z.strictObject({}),
    output: z.object({ users: z.array(UserAdminView) }),
    permission: 'users.manage',
  }),
  'users.create': method({
    description: 'Add a user with one or more roles and a first PIN; audited with a reason.',
    input: z.strictObject({
      username: Username,
      displayName: freeText(z.string().trim().min(1, 'Give the name shown on screen.').max(80)),
      roles: RoleSet,
      /** Which of the roles is primary (default: the first of roles in ROLES order). */
      primaryRole: role.optional(),
      secret: NewSecret,
      reason,
    }),
    output: UserAdminView,
    permission: 'users.manage',
    mutates: true,
  }),
  'users.setRoles': method({
    description: "Set a user's roles (the last active administrator keeps the admin role); audited.",
    input: z.strictObject({ userId: id, roles: RoleSet, primaryRole: role.optional(), reason }),
    output: UserAdminView,
    permission: 'users.manage',
    mutates: true,
  }),
  'users.disable': method({
    description: 'Disable a user: no sign-in, open sessions end (never yourself, never the last active administrator); audited.',
    input: z.strictObject({ userId: id, reason }),
    output: UserAdminView,
    permission: 'users.manage',
    mutates: true,
  }),
  'users.enable': method({
    description: 'Re-enable a disabled user; audited.',
    input: z.strictObject({ userId: id, reason }),
    output: UserAdminView,
    permission: 'users.manage',
    mutates: true,
  }),
  'users.resetPin': method({
    description: "Set a new PIN for a user (clears a lock, ends the user's open sessions); audited, the PIN never logged.",
    input: z.strictObject({ userId: id, secret: NewSecret, reason }),
    output: UserAdminView,
    permission: 'users.manage',
    mutates: true,
  }),
  'users.unlock': method({
    description: 'Unlock a user locked after failed sign-ins (and clear the failed count); audited.',
    input: z.strictObject({ userId: id, reason }),
    output: UserAdminView,
    permission: 'users.manage',
    mutates: true,
  }),
} as const;
