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
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    return DEFAULT_EXPORT_SETTINGS;
  }
  if (typeof raw !== 'object' || raw === null) return DEFAULT_EXPORT_SETTINGS;
  const parsed = ExportSettingsSchema.safeParse({ ...DEFAULT_EXPORT_SETTINGS, ...raw });
  return parsed.success ? parsed.data : DEFAULT_EXPORT_SETTINGS;
}

export function writeExportSettings(db: Db, s: ExportSettings): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(EXPORT_SETTINGS_KEY, JSON.stringify(ExportSettingsSchema.parse(s)));
}

/** What is wrong with the stored export settings (the defaults are used meanwhile), or null. */
export function readExportSettingsProblem(db: Db): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(EXPORT_SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    raw = null;
  }
  const parsed = ExportSettingsSchema.safeParse({ ...DEFAULT_EXPORT_SETTINGS, ...(typeof raw === 'object' && raw !== null ? raw : {}) });
  if (parsed.success && typeof raw === 'object' && raw !== null) return null;
  const why = parsed.success ? 'not readable' : (parsed.error.issues[0]?.message ?? 'invalid');
  return `The export settings (export.config) are not valid (${why}); the nightly export uses its defaults (no folder) until an administrator saves them again.`;
}
