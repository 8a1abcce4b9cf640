// Words for the reading codes, exception reasons and statuses (the core's codes stay codes).
import type { ExceptionReason, ExceptionView, RowCode } from '../../../src-shared/ipc/reading-schemas';

export const REASON_LABELS: Record<ExceptionReason, string> = {
  unknown_meter: 'Unknown meter',
  meter_not_active: 'Meter not in service',
  account_mismatch: 'Account does not match',
  out_of_window: 'Outside the read window',
  not_numeric: 'Not a number',
  bad_date: 'Bad read date',
  lower_than_last: 'Lower than last',
  high_consumption: 'High consumption',
  low_consumption: 'Low consumption',
  no_access: 'No access',
  tamper: 'Tamper',
  estimated_twice: 'Estimated twice',
  not_read: 'Not read',
};

export const STATUS_LABELS: Record<ExceptionView['status'], string> = {
  open: 'Open',
  accepted: 'Accepted',
  corrected: 'Corrected',
  estimated: 'Estimated',
  reread: 'Re-read ordered',
  replaced: 'Replaced',
  dismissed: 'Dismissed',
};

export const CODE_LABELS: Record<RowCode, string> = {
  ok: 'OK',
  estimated: 'Estimated',
  no_access: 'No access',
  meter_changed: 'Meter changed',
  tamper: 'Tamper',
};

export const READ_CODE_LABELS: Record<string, string> = {
  ok: 'OK',
  estimated: 'Estimated',
  no_access: 'No access',
  meter_changed: 'Meter changed',
  rollover: 'Rollover',
  installed: 'Install register',
};

export const SOURCE_LABELS: Record<string, string> = {
  handheld: 'Handheld file',
  manual: 'Keyed by hand',
  work_order: 'Work order',
  converted: 'Converted',
  demo: 'Demo',
};

export const readCodeLabel = (c: string | null) => (c ? (READ_CODE_LABELS[c] ?? c) : '');
export const units = (service: string | null) => (service === 'electric' ? 'kWh' : 'gal');
