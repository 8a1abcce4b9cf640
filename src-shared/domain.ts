// Domain vocabulary shared by main and renderer.

export const ROLES = ['cashier', 'clerk', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SERVICES = ['solid_waste', 'sewer', 'water', 'electric', 'stormwater'] as const;
export type Service = (typeof SERVICES)[number];

export const SERVICE_LABELS: Record<Service, string> = {
  solid_waste: 'Solid waste',
  sewer: 'Sewer',
  water: 'Water',
  electric: 'Electric',
  stormwater: 'Stormwater',
};

export const ACCOUNT_STATUSES = ['pending', 'active', 'final_billed', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** What each role may do. Methods in the contract name one of these permissions. */
export const PERMISSIONS = [
  'public',
  'signedIn',
  'accounts.read',
  'accounts.write',
  'drawer.operate',
  'payments.post',
  'payments.return',
  'mail.post',
  'reports.read',
  'day.close',
  'ledger.verify',
  'audit.read',
  'settings.write',
  'users.manage',
  'printer.operate',
  'export.run',
  'drafts.enroll',
  'drafts.run',
  'drafts.reveal',
  'workOrders.read',
  'workOrders.create',
  'workOrders.dispatch',
  'workOrders.verify',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  cashier: ['public', 'signedIn', 'accounts.read', 'accounts.write', 'drawer.operate', 'payments.post', 'payments.return', 'mail.post', 'printer.operate', 'workOrders.read', 'workOrders.create'],
  clerk: ['public', 'signedIn', 'accounts.read', 'accounts.write', 'payments.return', 'mail.post', 'printer.operate', 'drafts.enroll', 'workOrders.read', 'workOrders.create', 'workOrders.dispatch'],
  supervisor: ['public', 'signedIn', 'accounts.read', 'accounts.write', 'drawer.operate', 'payments.post', 'payments.return', 'mail.post', 'reports.read', 'day.close', 'ledger.verify', 'audit.read', 'printer.operate', 'export.run', 'drafts.enroll', 'drafts.run', 'drafts.reveal', 'workOrders.read', 'workOrders.create', 'workOrders.dispatch', 'workOrders.verify'],
  admin: ['public', 'signedIn', 'accounts.read', 'reports.read', 'ledger.verify', 'audit.read', 'settings.write', 'users.manage', 'printer.operate', 'export.run', 'drafts.reveal', 'workOrders.read'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
