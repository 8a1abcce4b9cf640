// The navigation, as data: one entry per screen (route id, label, who sees it, Alt+key).
// A later screen (Work orders, Reports, Export, Settings) is one more entry here. Shortcut
// keys are fixed per screen so they don't move between roles; who sees a screen follows the
// permission its work needs.
import type { ComponentType } from 'react';
import type { Permission, Role } from '../../src-shared/domain';
import { ROLES, roleHas } from '../../src-shared/domain';
import { AccountsScreen } from '../screens/accounts/AccountsScreen';
import { AuditLogScreen } from '../screens/AuditLogScreen';
import { CounterScreen } from '../screens/counter/CounterScreen';
import { DraftsScreen } from '../screens/drafts/DraftsScreen';
import { DrawerScreen } from '../screens/drawer/DrawerScreen';
import { ExportScreen } from '../screens/export/ExportScreen';
import { FollowUpsScreen } from '../screens/follow-ups/FollowUpsScreen';
import { LedgerCheckScreen } from '../screens/LedgerCheckScreen';
import { MailBatchScreen } from '../screens/mail/MailBatchScreen';
import { ReportsScreen } from '../screens/reports/ReportsScreen';
import { PrinterSettingsScreen } from '../screens/printer/PrinterSettingsScreen';
import { VirtualPrinterScreen } from '../screens/printer/VirtualPrinterScreen';
import { ReturnedPaymentScreen } from '../screens/returns/ReturnedPaymentScreen';
import { WorkOrdersScreen } from '../screens/work-orders/WorkOrdersScreen';
import { PolicySettingsScreen } from '../screens/admin/PolicySettingsScreen';
import { UsersScreen } from '../screens/admin/UsersScreen';
import { RatesScreen } from '../screens/rates/RatesScreen';
import { ReadingsScreen } from '../screens/readings/ReadingsScreen';
import { BillingScreen } from '../screens/billing/BillingScreen';
import { CustomersScreen } from '../screens/customers/CustomersScreen';
import { MedicalAlertScreen } from '../screens/customers/MedicalAlertScreen';
import { DepositsScreen } from '../screens/deposits/DepositsScreen';
import { ServiceDeskScreen } from '../screens/service-desk/ServiceDeskScreen';
import { AdjustmentsScreen } from '../screens/adjustments/AdjustmentsScreen';
import { CutoffListScreen } from '../screens/collections/CutoffListScreen';
import { WriteOffsScreen } from '../screens/collections/WriteOffsScreen';
import { CutoffDayScreen } from '../screens/collections/CutoffDayScreen';
import { CourtesyCallsScreen } from '../screens/collections/CourtesyCallsScreen';
import { DebtSetoffScreen } from '../screens/collections/DebtSetoffScreen';
import { AgingScreen } from '../screens/collections/AgingScreen';
import { LatePenaltiesScreen } from '../screens/collections/LatePenaltiesScreen';
import { ConversionScreen } from '../screens/admin/ConversionScreen';

export interface ScreenDef {
  id: string;
  label: string;
  roles: readonly Role[];
  /** The key for Alt+key: a digit, or a capital letter once the digits are taken (unique across screens). */
  shortcut?: string;
  Component: ComponentType;
  /** Shown only while this holds for the station (virtualPrinter: this run prints to the virtual printer). */
  onlyWhen?: 'virtualPrinter';
}

const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
const rolesWith = (...permissions: Permission[]): readonly Role[] => ROLES.filter((r) => permissions.every((p) => roleHas(r, p)));
const rolesWithAny = (...permissions: Permission[]): readonly Role[] => ROLES.filter((r) => permissions.some((p) => roleHas(r, p)));

export const SCREENS: readonly ScreenDef[] = [
  { id: 'counter', label: 'Counter', roles: rolesWith('payments.post', 'drawer.operate'), shortcut: '1', Component: CounterScreen },
  { id: 'accounts', label: 'Accounts', roles: ROLES, shortcut: '2', Component: AccountsScreen },
  { id: 'drawer', label: 'Drawer', roles: rolesWith('drawer.operate'), shortcut: '3', Component: DrawerScreen },
  { id: 'mail-batch', label: 'Mail batch', roles: rolesWith('mail.post'), shortcut: '4', Component: MailBatchScreen },
  { id: 'returned-payment', label: 'Returned payment', roles: rolesWith('payments.return'), shortcut: '5', Component: ReturnedPaymentScreen },
  // Day reports need reports.read; a cashier (drawer.operate) sees their own drawer reports.
  { id: 'reports', label: 'Reports', roles: rolesWithAny('reports.read', 'drawer.operate'), shortcut: '6', Component: ReportsScreen },
  { id: 'virtual-printer', label: 'Virtual printer', roles: ROLES, shortcut: '7', Component: VirtualPrinterScreen, onlyWhen: 'virtualPrinter' },
  { id: 'ledger-check', label: 'Ledger check', roles: SUPERVISORS, shortcut: '8', Component: LedgerCheckScreen },
  { id: 'audit-log', label: 'Audit log', roles: SUPERVISORS, shortcut: '9', Component: AuditLogScreen },
  { id: 'printer-settings', label: 'Printer settings', roles: rolesWith('settings.write'), shortcut: '0', Component: PrinterSettingsScreen },
  // All ten digits are taken: these are reached from the nav (Tab) without a shortcut.
  { id: 'work-orders', label: 'Work orders', roles: rolesWith('workOrders.read'), shortcut: 'W', Component: WorkOrdersScreen },
  { id: 'readings', label: 'Readings', roles: rolesWith('billing.read'), shortcut: 'R', Component: ReadingsScreen },
  // The clerks' worklist (and their supervisor's); cashiers see follow-ups on the account page.
  { id: 'follow-ups', label: 'Follow-ups', roles: ['clerk', 'supervisor'], Component: FollowUpsScreen },
  { id: 'export', label: 'Export', roles: rolesWithAny('export.run', 'settings.write'), Component: ExportScreen },
  { id: 'bank-drafts', label: 'Bank drafts', roles: rolesWithAny('drafts.run', 'settings.write'), Component: DraftsScreen },
  { id: 'users', label: 'Users', roles: rolesWith('users.manage'), Component: UsersScreen },
  { id: 'policy-settings', label: 'Policy settings', roles: rolesWith('settings.write'), Component: PolicySettingsScreen },
  { id: 'rates', label: 'Rates', roles: rolesWith('billing.read'), Component: RatesScreen },
  { id: 'billing', label: 'Billing', roles: rolesWith('billing.read'), shortcut: 'B', Component: BillingScreen },
  { id: 'customers', label: 'Customers', roles: rolesWith('service.intake'), shortcut: 'C', Component: CustomersScreen },
  { id: 'medical-alert', label: 'Medical Alert', roles: rolesWith('service.intake'), shortcut: 'M', Component: MedicalAlertScreen },
  { id: 'deposits', label: 'Deposits', roles: rolesWith('service.intake'), shortcut: 'E', Component: DepositsScreen },
  { id: 'service-desk', label: 'Service desk', roles: rolesWith('service.intake'), shortcut: 'S', Component: ServiceDeskScreen },
  { id: 'adjustments', label: 'Adjustments', roles: rolesWithAny('adjustments.request', 'adjustments.approve'), shortcut: 'J', Component: AdjustmentsScreen },
  { id: 'cutoff-list', label: 'Cut-off list', roles: rolesWith('collections.read'), shortcut: 'U', Component: CutoffListScreen },
  { id: 'courtesy-calls', label: 'Courtesy calls', roles: rolesWith('collections.read'), shortcut: 'K', Component: CourtesyCallsScreen },
  { id: 'write-offs', label: 'Write-offs', roles: rolesWithAny('writeOff.request', 'setoff.manage'), shortcut: 'O', Component: WriteOffsScreen },
  { id: 'cutoff-day', label: 'Cut-off day', roles: rolesWith('collections.read'), shortcut: 'X', Component: CutoffDayScreen },
  { id: 'aging', label: 'Aging', roles: rolesWith('collections.read'), shortcut: 'G', Component: AgingScreen },
  { id: 'late-penalties', label: 'Late penalties', roles: rolesWith('collections.read'), shortcut: 'L', Component: LatePenaltiesScreen },
  { id: 'debt-setoff', label: 'Debt setoff', roles: rolesWith('collections.read'), shortcut: 'T', Component: DebtSetoffScreen },
  // Bringing a town's data in from its previous system (the administrator, once).
  { id: 'conversion', label: 'Conversion', roles: rolesWith('conversion.run'), shortcut: 'I', Component: ConversionScreen },
];

/** The screens a user sees: those of any of their roles (a cashier + clerk sees both sets). */
export function screensFor(role: Role | readonly Role[]): ScreenDef[] {
  const roles: readonly Role[] = typeof role === 'string' ? [role] : role;
  return SCREENS.filter((s) => s.roles.some((r) => roles.includes(r)));
}

export function firstScreenFor(role: Role | readonly Role[]): string {
  return screensFor(role)[0]?.id ?? '';
}
