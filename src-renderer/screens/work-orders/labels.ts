// Words for work order codes: statuses, priorities, sources, read codes and divisions.
import type { Division, WorkOrderStatus } from '../../../src-shared/ipc/work-order-schemas';

export const STATUS_LABELS: Record<WorkOrderStatus, string> = {
  new: 'New',
  dispatched: 'Dispatched',
  completed: 'Completed — to verify',
  verified: 'Verified',
  cancelled: 'Cancelled',
};

export const PRIORITY_LABELS = { emergency: 'Emergency', high: 'High', normal: 'Normal', low: 'Low' } as const;

export const SOURCE_LABELS = { counter: 'Counter', phone: 'Phone', intake: 'Service desk', collections: 'Collections', billing: 'Billing exception', field: 'Field', other: 'Other' } as const;

export const READ_CODE_LABELS = { ok: 'Read', meter_changed: 'Meter changed', rollover: 'Meter rolled over', no_access: 'No access' } as const;

export const DIVISION_LABELS: Record<Division, string> = { electric: 'Electric', water: 'Water', sewer: 'Sewer', sanitation: 'Sanitation', streets: 'Streets' };

export function ageLabel(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.floor(hours / 24)} d`;
}
