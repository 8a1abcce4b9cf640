// Turning contract values into counter text: money through formatCents (never float math),
// dates as MM/DD/YYYY, and labels for statuses, roles, services and flags.
import type { AccountStatus, Role, Service } from '../../src-shared/domain';
import { SERVICE_LABELS } from '../../src-shared/domain';
import type { AccountFlags } from '../../src-shared/ipc/contract';
import { formatCents } from '../../src-shared/money';

export function money(cents: number): string {
  return formatCents(cents, { symbol: true });
}

/** "2026-03-16" -> "03/16/2026"; anything else is shown as it came. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : iso;
}

const stampFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit' });

/** An instant (ISO timestamp) in this computer's local time. */
export function formatTimestamp(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : stampFormat.format(new Date(t));
}

export function formatCount(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export const STATUS_LABELS: Record<AccountStatus, string> = {
  pending: 'Pending',
  active: 'Active',
  final_billed: 'Final billed',
  closed: 'Closed',
};

export const ROLE_LABELS: Record<Role, string> = {
  cashier: 'Cashier',
  clerk: 'Clerk',
  supervisor: 'Supervisor',
  admin: 'Administrator',
};

export function serviceLabel(s: Service): string {
  return SERVICE_LABELS[s];
}

export interface FlagBadge {
  key: string;
  label: string;
  /** Drives the badge colour: alerts stand out, information does not. */
  tone: 'alert' | 'warn' | 'info';
}

/** The account's flags as badges, most urgent first. */
export function flagBadges(f: AccountFlags): FlagBadge[] {
  const out: FlagBadge[] = [];
  if (f.medicalAlert) out.push({ key: 'medical', label: f.medicalAlertUntil ? `Medical alert until ${formatDate(f.medicalAlertUntil)}` : 'Medical alert', tone: 'alert' });
  if (f.cashOnly) out.push({ key: 'cash', label: 'Cash only', tone: 'alert' });
  if (f.inCollections) out.push({ key: 'collections', label: 'In collections', tone: 'warn' });
  if (f.paymentArrangement) out.push({ key: 'arrangement', label: 'Payment arrangement', tone: 'warn' });
  if (f.noPenalty) out.push({ key: 'nopenalty', label: f.noPenaltyUntil ? `No penalty until ${formatDate(f.noPenaltyUntil)}` : 'No penalty', tone: 'info' });
  if (f.bankDraft) out.push({ key: 'draft', label: 'Bank draft', tone: 'info' });
  return out;
}
