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

/**
 * What each role may do. Methods in the contract name one of these permissions. Least privilege,
 * as README's role table says: reprinting a receipt is the counter's (cashier, supervisor), and
 * running the export is the supervisor's (the administrator only sets it up).
 */
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
  'receipts.reprint',
  'export.run',
  'drafts.enroll',
  'drafts.run',
  'drafts.reveal',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  cashier: ['public', 'signedIn', 'accounts.read', 'accounts.write', 'drawer.operate', 'payments.post', 'payments.return', 'mail.post', 'printer.operate', 'receipts.reprint'],
  clerk: ['public', 'signedIn', 'accounts.read', 'accounts.write', 'payments.return', 'mail.post', 'printer.operate', 'drafts.enroll'],
  supervisor: ['public', 'signedIn', 'accounts.read', 'accounts.write', 'drawer.operate', 'payments.post', 'payments.return', 'mail.post', 'reports.read', 'day.close', 'ledger.verify', 'audit.read', 'printer.operate', 'receipts.reprint', 'export.run', 'drafts.enroll', 'drafts.run', 'drafts.reveal'],
  admin: ['public', 'signedIn', 'accounts.read', 'reports.read', 'ledger.verify', 'audit.read', 'settings.write', 'users.manage', 'printer.operate', 'drafts.reveal'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
