// Reading IPC handlers: the contract's doorway to the reading import, the exceptions and their
// resolutions, manual entry and an account's meters. A write runs in one transaction with its
// audit row; the import runs in chunks of its own and yields between them (readings-import.ts).
import { signedIn, type CallContext, type CoreEnv, type Handlers } from '../env';
import { recordAudit } from '../audit';
import { CoreError } from '../errors';
import { changeMeter, installMeter, metersOfLocation, type MeterRow } from './meters';
import { prepareCached } from '../../db/statement-cache';
import { enterReading, listExceptions, readingsForAccount, resolveException } from './reading-exceptions';
import { importReadings, listImports, type ReadingsCtx } from './readings-import';

type ReadingMethods = 'readings.profiles' | 'readings.import' | 'readings.imports' | 'readings.importProgress' | 'readings.exceptions' | 'readings.resolve' | 'readings.enter' | 'readings.forAccount' | 'meters.install' | 'meters.change';

export function readingsHandlers(env: CoreEnv): Pick<Handlers, ReadingMethods> {
  const { db } = env;
  // Running imports by the caller's progress key (the last few kept for a late question).
  const progress = new Map<string, { state: 'running' | 'done'; done: number; total: number }>();
  // One import at a time on this ledger: its chunks yield to other work, not to a second import.
  let running: { fileName: string; user: string } | null = null;
  const ctxOf = (ctx: CallContext): ReadingsCtx => {
    const s = signedIn(ctx);
    const set = env.settings();
    return { at: env.nowIso(), userId: s.user.id, station: s.station, today: env.today(), dueDays: set.dueDays, policy: { highPercent: set.readingHighPercent, lowPercent: set.readingLowPercent } };
  };
  return {
    'readings.profiles': () => ({ profiles: env.settings().readingProfiles }),

    'readings.import': async (input, ctx) => {
      const c = ctxOf(ctx);
      const profile = env.settings().readingProfiles.find((p) => p.name === input.profile);
      if (!profile) throw new CoreError('BAD_INPUT', `No reading profile named "${input.profile}".`, { field: 'profile' });
      if (running) throw new CoreError('CONFLICT', `${running.user} is importing ${running.fileName}; try again when it has finished.`);
      const key = input.progressKey;
      if (key) {
        progress.set(key, { state: 'running', done: 0, total: 0 });
        while (progress.size > 20) progress.delete(progress.keys().next().value!);
      }
      running = { fileName: input.fileName, user: signedIn(ctx).user.username };
      try {
        return await importReadings(
          db,
          { fileName: input.fileName, bytes: Buffer.from(input.contentBase64, 'base64'), profile, cycle: input.cycle, period: input.period, dryRun: input.dryRun },
          c,
          {
            progress: (done, total) => {
              if (key) progress.set(key, { state: 'running', done, total });
            },
            yieldBetweenChunks: () => new Promise((resolve) => setImmediate(resolve)),
          },
        );
      } finally {
        running = null;
        if (key) {
          const p = progress.get(key);
          progress.set(key, { state: 'done', done: p?.total ?? 0, total: p?.total ?? 0 });
        }
      }
    },

    'readings.imports': (input) => ({ imports: listImports(db, input.limit) }),

    'readings.importProgress': (input) => progress.get(input.progressKey) ?? { state: 'unknown', done: 0, total: 0 },

    'readings.exceptions': (input) => listExceptions(db, input),

    'readings.resolve': (input, ctx) => {
      const c = ctxOf(ctx);
      const wo = { at: c.at, userId: c.userId, station: c.station, timeZone: env.settings().timeZone };
      return db.transaction(() => resolveException(db, input, c, wo))();
    },

    'readings.enter': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => enterReading(db, input, c))();
    },

    'readings.forAccount': (input) => readingsForAccount(db, input.accountId, input.limit),

    'meters.install': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => {
        const a = prepareCached(db, 'SELECT location_id FROM accounts WHERE id = ?').get(input.accountId) as { location_id: number } | undefined;
        if (!a) throw new CoreError('NOT_FOUND', `No account with id ${input.accountId}.`);
        if (input.installedOn > c.today) throw new CoreError('BAD_INPUT', 'The install date is after today.', { field: 'installedOn' });
        const m = installMeter(db, { locationId: a.location_id, service: input.service, number: input.number, size: input.size, dials: input.dials, multiplier: input.multiplier, installedOn: input.installedOn, installReading: input.installReading });
        recordAudit(db, { at: c.at, userId: c.userId, station: c.station, action: 'meters.install', subject: m.number, reason: input.reason, details: { meterId: m.id, locationId: a.location_id, service: m.service, installedOn: m.installed_on, installReading: m.install_reading } });
        return { meters: metersOfLocation(db, a.location_id) };
      })();
    },

    'meters.change': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => {
        const old = prepareCached(db, 'SELECT * FROM meters WHERE id = ?').get(input.meterId) as MeterRow | undefined;
        if (!old) throw new CoreError('NOT_FOUND', `No meter ${input.meterId}.`);
        if (input.removedOn > c.today) throw new CoreError('BAD_INPUT', 'The change date is after today.', { field: 'removedOn' });
        if (String(input.removalReading).length > old.dials) throw new CoreError('BAD_INPUT', `${input.removalReading} has more digits than meter ${old.number}'s ${old.dials} dials.`, { field: 'removalReading' });
        const { removed, installed } = changeMeter(db, { meterId: old.id, removedOn: input.removedOn, removalReading: input.removalReading, number: input.number, size: input.size, dials: input.dials, multiplier: input.multiplier, installReading: input.installReading });
        recordAudit(db, {
          at: c.at,
          userId: c.userId,
          station: c.station,
          action: 'meters.change',
          subject: `${removed.number} -> ${installed.number}`,
          reason: input.reason,
          details: { removed: { id: removed.id, number: removed.number, removedOn: removed.removed_on, removalReading: removed.removal_reading }, installed: { id: installed.id, number: installed.number, installReading: installed.install_reading, dials: installed.dials, multiplier: installed.multiplier } },
        });
        return { meters: metersOfLocation(db, old.location_id) };
      })();
    },
  };
}
