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
 * as README's role table says: reprinting a receipt is the counter's (cashier, supervisor).
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
  'workOrders.read',
  'workOrders.create',
  'workOrders.dispatch',
  'workOrders.verify',
  'billing.read',
  'readings.import',
  'billing.run',
  'rates.manage',
  // Service desk (issue 14): customers, locations, intake, deposits, letters, arrangements, Medical Alert.
  'service.intake',
  // Reveal a customer's full SSN/ITIN (with a reason, audited).
  'taxId.reveal',
  'adjustments.request',
  'adjustments.approve',
  // Post eligible deposit refunds (the eligibility run's refunds).
  'deposits.refund',
  // Collections (issue 15).
  // See aging, cut-off lists, call lists, setoff and write-off lists.
  'collections.read',
  // Generate cut-off lists, log courtesy calls, print cut-off notices and setoff notices.
  'collections.work',
  // Run late penalties; create the disconnect orders on cut-off day.
  'collections.run',
  // Debt setoff files in and out, agency referral export, unclaimed property report.
  'setoff.manage',
  'writeOff.request',
  'writeOff.approve',
  // Conversion import from the previous system (issue 16): check a conversion set, load it.
  'conversion.run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  cashier: ['public', 'signedIn', 'accounts.read', 'accounts.write', 'drawer.operate', 'payments.post', 'payments.return', 'mail.post', 'printer.operate', 'receipts.reprint', 'workOrders.read', 'workOrders.create'],
  clerk: ['public', 'signedIn', 'accounts.read', 'accounts.write', 'payments.return', 'mail.post', 'printer.operate', 'drafts.enroll', 'workOrders.read', 'workOrders.create', 'workOrders.dispatch', 'billing.read', 'readings.import', 'service.intake', 'adjustments.request', 'collections.read', 'collections.work', 'writeOff.request'],
  supervisor: ['public', 'signedIn', 'accounts.read', 'accounts.write', 'drawer.operate', 'payments.post', 'payments.return', 'mail.post', 'reports.read', 'day.close', 'ledger.verify', 'audit.read', 'printer.operate', 'receipts.reprint', 'export.run', 'drafts.enroll', 'drafts.run', 'drafts.reveal', 'workOrders.read', 'workOrders.create', 'workOrders.dispatch', 'workOrders.verify', 'billing.read', 'readings.import', 'billing.run', 'service.intake', 'taxId.reveal', 'adjustments.request', 'adjustments.approve', 'deposits.refund', 'collections.read', 'collections.work', 'collections.run', 'setoff.manage', 'writeOff.request', 'writeOff.approve'],
  admin: ['public', 'signedIn', 'accounts.read', 'reports.read', 'ledger.verify', 'audit.read', 'settings.write', 'users.manage', 'printer.operate', 'export.run', 'drafts.reveal', 'workOrders.read', 'billing.read', 'rates.manage', 'conversion.run'],
};

/**
 * Whether a role, or any of several roles (a user holding several roles has the union of
 * their permissions), carries the permission.
 */
export function roleHas(role: Role | readonly Role[], permission: Permission): boolean {
  const roles: readonly Role[] = typeof role === 'string' ? [role] : role;
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}

/** A signed-in user's roles: `roles` when present, else the primary `role` alone. */
export function rolesOf(user: { role: Role; roles?: readonly Role[] | undefined }): readonly Role[] {
  return user.roles && user.roles.length > 0 ? user.roles : [user.role];
}

/** Whether the user holds the role (as primary or additional role). */
export function hasRole(user: { role: Role; roles?: readonly Role[] | undefined }, role: Role): boolean {
  return rolesOf(user).includes(role);
}

/** Whether any of the user's roles carries the permission. */
export function userHas(user: { role: Role; roles?: readonly Role[] | undefined }, permission: Permission): boolean {
  return roleHas(rolesOf(user), permission);
}

/** Roles in ROLES order, each once. */
export function sortRoles(roles: Iterable<Role>): Role[] {
  const set = new Set(roles);
  return ROLES.filter((r) => set.has(r));
}
