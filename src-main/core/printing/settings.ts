// Printer and cash-drawer settings, one row per station (a printer belongs to a counter, not
// to the town). Defaults: no printer; 80 mm paper at 48 columns; PC437; the town's name,
// address and phone as the header; a drawer on the printer's pin 2 pulsed 50 ms on / 500 ms off
// (1B 70 00 19 FA), real-time pulse off; 3 s bound on every wait, plus the job's printing time
// at 1,000 bytes/s for the end-of-job answer.
import type { PrinterSettings, PrinterSettingsPatch } from '../../../src-shared/ipc/printer-schemas';
import { DEFAULT_COLUMNS, PrinterSettings as PrinterSettingsSchema } from '../../../src-shared/ipc/printer-schemas';
import type { Db } from '../../db/open-ledger';

export const DEFAULT_PRINTER_SETTINGS: PrinterSettings = {
  kind: 'none',
  host: '',
  port: 9100,
  devicePath: '',
  paperWidthMm: 80,
  columns: 48,
  codePage: 'PC437',
  headerLines: null,
  footerLines: ['Thank you for your payment.'],
  showAllocations: false,
  statusCheck: true,
  timeoutMs: 3000,
  bytesPerSecond: 1000,
  drawer: { mode: 'printer', pin: 2, onMs: 50, offMs: 500, devicePath: '', openLevel: 'high', realtimePulse: false },
};

export interface StoredPrinterSettings {
  settings: PrinterSettings;
  updatedAt: string | null;
}

export function readPrinterSettings(db: Db, station: string, log?: (m: string, e?: unknown) => void): StoredPrinterSettings {
  const row = db.prepare('SELECT value, updated_at FROM printer_settings WHERE station = ?').get(station) as { value: string; updated_at: string } | undefined;
  if (!row) return { settings: DEFAULT_PRINTER_SETTINGS, updatedAt: null };
  const stored = JSON.parse(row.value) as Partial<PrinterSettings>;
  const parsed = PrinterSettingsSchema.safeParse({ ...DEFAULT_PRINTER_SETTINGS, ...stored, drawer: { ...DEFAULT_PRINTER_SETTINGS.drawer, ...(stored.drawer ?? {}) } });
  if (!parsed.success) {
    log?.(`printer settings for station ${station} are invalid; printing is off until they are fixed`, parsed.error);
    return { settings: { ...DEFAULT_PRINTER_SETTINGS, kind: 'none', drawer: { ...DEFAULT_PRINTER_SETTINGS.drawer, mode: 'none' } }, updatedAt: row.updated_at };
  }
  return { settings: parsed.data, updatedAt: row.updated_at };
}

/** Applies a patch; changing the paper width without giving columns picks that paper's default. */
export function mergePrinterSettings(before: PrinterSettings, patch: PrinterSettingsPatch): PrinterSettings {
  const next: PrinterSettings = { ...before, ...patch, drawer: { ...before.drawer, ...(patch.drawer ?? {}) } };
  if (patch.paperWidthMm !== undefined && patch.columns === undefined && patch.paperWidthMm !== before.paperWidthMm) next.columns = DEFAULT_COLUMNS[patch.paperWidthMm];
  return PrinterSettingsSchema.parse(next);
}

export function writePrinterSettings(db: Db, station: string, settings: PrinterSettings, at: string, userId: number | null): void {
  db.prepare(
    `INSERT INTO printer_settings (station, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(station) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(station, JSON.stringify(settings), at, userId);
}
