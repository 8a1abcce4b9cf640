// Export settings: the target folder, the nightly time and the schedule switch. Stored in the
// ledger's settings table under one key, so every station of a ledger exports the same way.
import type { ExportSettings } from '../../../src-shared/ipc/export-schemas';
import { ExportSettings as ExportSettingsSchema } from '../../../src-shared/ipc/export-schemas';
import type { Db } from '../../db/open-ledger';

export const EXPORT_SETTINGS_KEY = 'export.config';

export const DEFAULT_EXPORT_SETTINGS: ExportSettings = { folder: null, time: '22:00', enabled: true, fromDate: null };

export function readExportSettings(db: Db): ExportSettings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(EXPORT_SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_EXPORT_SETTINGS;
  const parsed = ExportSettingsSchema.safeParse({ ...DEFAULT_EXPORT_SETTINGS, ...(JSON.parse(row.value) as object) });
  return parsed.success ? parsed.data : DEFAULT_EXPORT_SETTINGS;
}

export function writeExportSettings(db: Db, s: ExportSettings): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(EXPORT_SETTINGS_KEY, JSON.stringify(ExportSettingsSchema.parse(s)));
}
