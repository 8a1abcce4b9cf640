// Turning contract values into counter text: money through formatCents (never float math),
// dates as MM/DD/YYYY, instants in the town's time zone (useTownTime), and labels for statuses,
// roles, services and flags.
import { useMemo } from 'react';
import type { AccountStatus, Role, Service } from '../../src-shared/domain';
import { SERVICE_LABELS } from '../../src-shared/domain';
import type { AccountFlags } from '../../src-shared/ipc/contract';
import { formatCents } from '../../src-shared/money';
import { useAppState } from '../app/context';

export function money(cents: number): string {
  return formatCents(cents, { symbol: true });
}

/** "2026-03-16" -> "03/16/2026"; anything else is shown as it came. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : iso;
}

// Times: every instant on screen is shown in the town's time zone (setting timeZone, which the
// renderer gets from ledger.status), never in the zone of the computer or browser showing it.
const stampFormats = new Map<string, Intl.DateTimeFormat>();
const FALLBACK_ZONE = 'UTC';

function formatIn(timeZone: string, kind: 'stamp' | 'time' | 'date'): { format: Intl.DateTimeFormat; suffix: string } {
  const key = `${kind}|${timeZone}`;
  let format = stampFormats.get(key);
  let suffix = '';
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'stamp'
        ? { year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit' }
        : kind === 'time'
          ? { hour: 'numeric', minute: '2-digit' }
          : { year: 'numeric', month: '2-digit', day: '2-digit' };
    try {
      format = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
      stampFormats.set(key, format);
    } catch {
      // An unknown zone (a bad stored setting): say UTC plainly rather than guess a local zone.
      format = new Intl.DateTimeFormat('en-US', { ...options, timeZone: FALLBACK_ZONE });
      suffix = kind === 'date' ? '' : ' UTC';
    }
  }
  return { format, suffix };
}

/** An instant (ISO timestamp) in the town's zone: "12/03/2026, 11:06 PM". */
export function formatTimestamp(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const { format, suffix } = formatIn(timeZone, 'stamp');
  return format.format(new Date(t)) + suffix;
}

/** The time of day of an instant in the town's zone: "11:06 PM". */
export function formatClock(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const { format, suffix } = formatIn(timeZone, 'time');
  return format.format(new Date(t)) + suffix;
}

/** The town's calendar date of an instant, as MM/DD/YYYY. */
export function formatTownDate(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatIn(timeZone, 'date').format.format(new Date(t));
}

/** The town's zone from the ledger status (UTC, labelled, until the status is known). */
export function useTownZone(): string {
  return useAppState((s) => s.status?.timeZone) ?? FALLBACK_ZONE;
}

/** Formatters bound to the town's zone, for components: `const { stamp } = useTownTime()`. */
export function useTownTime(): { zone: string; stamp: (iso: string) => string; clock: (iso: string) => string; date: (iso: string) => string } {
  const zone = useTownZone();
  return useMemo(() => ({ zone, stamp: (iso: string) => formatTimestamp(iso, zone), clock: (iso: string) => formatClock(iso, zone), date: (iso: string) => formatTownDate(iso, zone) }), [zone]);
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
  if (f.disconnectedOn) {
    const since = `Disconnected ${formatDate(f.disconnectedOn)}`;
    const label = f.reconnectOrder
      ? `${since} — reconnect ordered (${f.reconnectOrder})`
      : f.reconnectCents !== null && f.reconnectCents !== undefined
        ? `${since} — reconnect on payment of ${money(f.reconnectCents)}`
        : since;
    out.push({ key: 'disconnected', label, tone: 'alert' });
  }
  if (f.medicalAlert) out.push({ key: 'medical', label: f.medicalAlertUntil ? `Medical alert until ${formatDate(f.medicalAlertUntil)}` : 'Medical alert', tone: 'alert' });
  if (f.cashOnly) out.push({ key: 'cash', label: 'Cash only', tone: 'alert' });
  if (f.inCollections) out.push({ key: 'collections', label: 'In collections', tone: 'warn' });
  if (f.paymentArrangement) out.push({ key: 'arrangement', label: 'Payment arrangement', tone: 'warn' });
  if (f.noPenalty) out.push({ key: 'nopenalty', label: f.noPenaltyUntil ? `No penalty until ${formatDate(f.noPenaltyUntil)}` : 'No penalty', tone: 'info' });
  if (f.bankDraft) out.push({ key: 'draft', label: 'Bank draft', tone: 'info' });
  return out;
}
