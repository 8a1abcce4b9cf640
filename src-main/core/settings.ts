// Policy settings: DOMAIN.md defaults, overridden per town in the settings table. Code reads
// numbers from here, never from literals.
import { SettingsValues } from '../../src-shared/ipc/contract';
import type { Db } from '../db/open-ledger';

export const DEFAULT_SETTINGS: SettingsValues = {
  townName: 'Town of Mayberry',
  townAddress: '104 N Main St, Mayberry NC 27030',
  townPhone: '(336) 555-0100',
  timeZone: 'America/New_York',
  lateFeeMinimumCents: 1000,
  lateFeeBasisPoints: 150,
  dueDays: 20,
  returnedCheckFeeCents: 3500,
  reconnectFeeCents: 5000,
  drawerStartingBankCents: 20000,
  drawerVarianceLimitCents: 500,
  adjustmentApprovalLimitCents: 5000,
  cutoffMinimumCents: 2500,
  cutoffDaysAfterDue: 10,
  serviceOrder: ['solid_waste', 'sewer', 'water', 'electric', 'stormwater'],
  signInMaxAttempts: 5,
  signInLockMinutes: 5,
  readingHighPercent: 300,
  readingLowPercent: 30,
};

export function readSettings(db: Db): SettingsValues {
  const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) if (r.key in DEFAULT_SETTINGS) merged[r.key] = JSON.parse(r.value);
  return SettingsValues.parse(merged);
}

export function writeSettings(db: Db, values: Partial<SettingsValues>): void {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [k, v] of Object.entries(values)) if (v !== undefined) upsert.run(k, JSON.stringify(v));
}
