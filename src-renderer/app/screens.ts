// The navigation, as data: one entry per screen (route id, label, who sees it, Alt+key).
// A later screen (Counter, Drawer, Mail batch, Work orders, Reports, Export, Settings) is one
// more entry here. Shortcut keys are fixed per screen so they don't move between roles.
import type { ComponentType } from 'react';
import type { Role } from '../../src-shared/domain';
import { ROLES } from '../../src-shared/domain';
import { AccountsScreen } from '../screens/accounts/AccountsScreen';
import { AuditLogScreen } from '../screens/AuditLogScreen';
import { LedgerCheckScreen } from '../screens/LedgerCheckScreen';

export interface ScreenDef {
  id: string;
  label: string;
  roles: readonly Role[];
  /** The digit for Alt+digit (unique across screens). */
  shortcut: string;
  Component: ComponentType;
}

const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];

export const SCREENS: readonly ScreenDef[] = [
  { id: 'accounts', label: 'Accounts', roles: ROLES, shortcut: '1', Component: AccountsScreen },
  { id: 'ledger-check', label: 'Ledger check', roles: SUPERVISORS, shortcut: '8', Component: LedgerCheckScreen },
  { id: 'audit-log', label: 'Audit log', roles: SUPERVISORS, shortcut: '9', Component: AuditLogScreen },
];

export function screensFor(role: Role): ScreenDef[] {
  return SCREENS.filter((s) => s.roles.includes(role));
}

export function firstScreenFor(role: Role): string {
  return screensFor(role)[0]?.id ?? '';
}
