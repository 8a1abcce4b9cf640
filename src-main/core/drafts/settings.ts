// Bank-draft settings: the bank (ODFI) and company fields of the NACHA files, whether new
// enrolments get a prenote, and where files are written. Stored in the settings table under one
// key; empty until an administrator enters what the bank assigned.
import type { DraftSettings } from '../../../src-shared/ipc/export-schemas';
import { DraftSettings as DraftSettingsSchema } from '../../../src-shared/ipc/export-schemas';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';

export const DRAFT_SETTINGS_KEY = 'drafts.config';

export const DEFAULT_DRAFT_SETTINGS: DraftSettings = {
  immediateDestination: '',
  bankName: '',
  immediateOrigin: '',
  originName: '',
  companyName: '',
  companyId: '',
  odfiRouting: '',
  entryDescription: 'UTIL BILL',
  prenote: true,
  folder: null,
};

export function readDraftSettings(db: Db): DraftSettings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(DRAFT_SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return DEFAULT_DRAFT_SETTINGS;
  const parsed = DraftSettingsSchema.safeParse({ ...DEFAULT_DRAFT_SETTINGS, ...(JSON.parse(row.value) as object) });
  return parsed.success ? parsed.data : DEFAULT_DRAFT_SETTINGS;
}

export function writeDraftSettings(db: Db, s: DraftSettings): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(DRAFT_SETTINGS_KEY, JSON.stringify(DraftSettingsSchema.parse(s)));
}

/** The header fields a file is made with (kept with the file, so it can be rebuilt byte for byte). */
export interface DraftFileHeader {
  immediateDestination: string;
  immediateOrigin: string;
  destinationName: string;
  originName: string;
  companyName: string;
  companyId: string;
  entryDescription: string;
  odfiRouting: string;
}

export function draftFileHeader(s: DraftSettings, townName: string): DraftFileHeader {
  const missing = [
    !s.immediateDestination && 'Immediate Destination',
    !s.immediateOrigin && 'Immediate Origin',
    !s.companyId && 'Company Identification',
    !s.odfiRouting && 'ODFI routing number',
  ].filter(Boolean);
  if (missing.length > 0) throw new CoreError('NOT_CONFIGURED', `Bank drafts are not set up: an administrator must enter the ${missing.join(', ')} the bank assigned.`);
  return {
    immediateDestination: s.immediateDestination,
    immediateOrigin: s.immediateOrigin,
    destinationName: s.bankName,
    originName: s.originName || townName,
    companyName: s.companyName || townName,
    companyId: s.companyId,
    entryDescription: s.entryDescription,
    odfiRouting: s.odfiRouting,
  };
}
