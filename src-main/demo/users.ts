// The demo ledger's users (README lists them; the demo prints them when it starts).
import type { Role } from '../../src-shared/domain';

export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; role: Role; secret: string }> = [
  { username: 'cashier', displayName: 'Cathy Cashier', role: 'cashier', secret: '1111' },
  { username: 'clerk', displayName: 'Clara Clerk', role: 'clerk', secret: '2222' },
  { username: 'supervisor', displayName: 'Sam Supervisor', role: 'supervisor', secret: '9999' },
  { username: 'admin', displayName: 'Ada Admin', role: 'admin', secret: '0000' },
];
