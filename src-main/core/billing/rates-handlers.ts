// Rate schedule and final bill IPC handlers: the contract's doorway to rates-admin.ts and final-bill.ts.
import { userHas } from '../../../src-shared/domain';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { finalBill } from './final-bill';
import { listRates, previewRate, saveRate } from './rates-admin';

type RateMethods = 'rates.list' | 'rates.save' | 'rates.preview' | 'billing.finalBill';

export function rateHandlers(env: CoreEnv): Pick<Handlers, RateMethods> {
  const { db } = env;
  return {
    'rates.list': () => listRates(db, env.today()),
    'rates.save': (input, ctx) => {
      const s = signedIn(ctx);
      return saveRate(db, input, { at: env.nowIso(), today: env.today(), userId: s.user.id, station: s.station });
    },
    'rates.preview': (input) => previewRate(db, input),
    'billing.finalBill': (input, ctx) => {
      const s = signedIn(ctx);
      // The contract asks accounts.write (the service desk's move-outs); a bill also needs
      // billing.read, so clerks and supervisors make final bills and cashiers (notes only) don't.
      if (!userHas(s.user, 'billing.read')) throw new CoreError('FORBIDDEN', 'Final bills are made by the service desk (clerk or supervisor).');
      const settings = env.settings();
      const run = () =>
        finalBill(db, input, {
          at: env.nowIso(),
          today: env.today(),
          userId: s.user.id,
          station: s.station,
          dueDays: settings.dueDays,
          policy: { highPercent: settings.readingHighPercent, lowPercent: settings.readingLowPercent },
        });
      return input.preview ? run() : db.transaction(run)();
    },
  };
}
