// Export IPC handlers: the status for the app frame and the export screen, running one day now
// (a re-send of a delivered day needs a supervisor and a reason, and is audited), and the export
// settings (admin).
import path from 'node:path';
import type { ExportSettings } from '../../../src-shared/ipc/export-schemas';
import { recordAudit } from '../audit';
import { requireSupervisor } from '../auth/users';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import type { Exporter } from './exporter';
import { readExportSettings, writeExportSettings } from './settings';

type ExportMethods = 'export.status' | 'export.run' | 'export.openFolder' | 'export.getSettings' | 'export.updateSettings';

export function exportHandlers(env: CoreEnv, exporter: Exporter, openFolder?: (folder: string) => Promise<string>): Pick<Handlers, ExportMethods> {
  const { db } = env;
  return {
    'export.status': (input) => exporter.status(input.limit),

    'export.run': async (input, ctx) => {
      const s = signedIn(ctx);
      let approvedBy: number | null = null;
      if (input.force) {
        if (!input.reason) throw new CoreError('BAD_INPUT', 'Say why the day is sent again.');
        try {
          approvedBy = requireSupervisor(db, s, input.override, env.clock.now(), env.lockPolicy(), 'Re-sending a delivered day');
        } catch (err) {
          // A refused re-send is an attempt too: it leaves its row in the export log and the audit.
          if (err instanceof CoreError) exporter.recordRefusedResend({ businessDate: input.businessDate, source: 'manual', force: true, userId: s.user.id, reason: input.reason }, err.message);
          throw err;
        }
      }
      return exporter.exportDay({ businessDate: input.businessDate, source: 'manual', force: input.force, userId: s.user.id, approvedBy, reason: input.reason ?? null });
    },

    'export.openFolder': async (input) => {
      const status = exporter.status(366);
      const folder = input.businessDate ? status.days.find((d) => d.businessDate === input.businessDate)?.folder : status.folder;
      if (!folder) throw new CoreError('NOT_FOUND', input.businessDate ? `Business day ${input.businessDate} has not been delivered.` : 'No export folder is set.');
      if (!openFolder) throw new CoreError('NOT_CONFIGURED', `Folders open from the desktop app; in the browser, open ${folder} in the file manager.`, { folder });
      const error = await openFolder(folder);
      if (error) throw new CoreError('EXPORT_TARGET_UNAVAILABLE', `Could not open ${folder}: ${error}`, { folder });
      return { folder };
    },

    'export.getSettings': () => readExportSettings(db),

    'export.updateSettings': (input, ctx) => {
      const s = signedIn(ctx);
      if (input.values.folder && !path.isAbsolute(input.values.folder)) throw new CoreError('BAD_INPUT', 'The export folder must be a full path (for example \\\\server\\share\\towncounter or /mnt/finance/towncounter).');
      const next = db.transaction(() => {
        const before = readExportSettings(db);
        const after: ExportSettings = { ...before, ...input.values };
        writeExportSettings(db, after);
        const changed = (Object.keys(input.values) as Array<keyof ExportSettings>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
        recordAudit(db, {
          at: env.nowIso(),
          userId: s.user.id,
          station: s.station,
          action: 'export.settings.update',
          reason: input.reason,
          details: { changed, before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) },
        });
        return after;
      })();
      exporter.settingsChanged();
      return next;
    },
  };
}
