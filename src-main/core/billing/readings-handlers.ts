// Reading IPC handlers: the contract's doorway to the reading import, the exceptions and their
// resolutions, manual entry and an account's meters. A write runs in one transaction with its
// audit row; the import runs in chunks of its own and yields between them (readings-import.ts).
import { signedIn, type CallContext, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { enterReading, listExceptions, readingsForAccount, resolveException } from './reading-exceptions';
import { importReadings, listImports, type ReadingsCtx } from './readings-import';

type ReadingMethods = 'readings.profiles' | 'readings.import' | 'readings.imports' | 'readings.importProgress' | 'readings.exceptions' | 'readings.resolve' | 'readings.enter' | 'readings.forAccount';

export function readingsHandlers(env: CoreEnv): Pick<Handlers, ReadingMethods> {
  const { db } = env;
  // Running imports by the caller's progress key (the last few kept for a late question).
  const progress = new Map<string, { state: 'running' | 'done'; done: number; total: number }>();
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
      const key = input.progressKey;
      if (key) {
        progress.set(key, { state: 'running', done: 0, total: 0 });
        while (progress.size > 20) progress.delete(progress.keys().next().value!);
      }
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
  };
}
