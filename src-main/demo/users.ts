// The demo ledger's users (README lists them; the demo prints them when it starts). `csr` is a
// customer-service representative who both takes payments and serves customers: one user with
// two roles (cashier + clerk), whose permissions are the union of both.
import type { Role } from '../../src-shared/domain';

export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; role: Role; roles?: readonly Role[]; secret: string }> = [
  { username: 'cashier', displayName: 'Cathy Cashier', role: 'cashier', secret: '1111' },
  { username: 'clerk', displayName: 'Clara Clerk', role: 'clerk', secret: '2222' },
  { username: 'supervisor', displayName: 'Sam Supervisor', role: 'supervisor', secret: '9999' },
  { username: 'admin', displayName: 'Ada Admin', role: 'admin', secret: '0000' },
  { username: 'csr', displayName: 'Casey Service', role: 'cashier', roles: ['cashier', 'clerk'], secret: '3333' },
];

/** "cashier + clerk" for a demo user. */
export function demoUserRoles(u: (typeof DEMO_USERS)[number]): string {
  return (u.roles ?? [u.role]).join(' + ');
}
