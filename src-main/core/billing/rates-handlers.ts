// Rate schedule IPC handlers: the contract's doorway to rates-admin.ts.
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { listRates, previewRate, saveRate } from './rates-admin';

type RateMethods = 'rates.list' | 'rates.save' | 'rates.preview';

export function rateHandlers(env: CoreEnv): Pick<Handlers, RateMethods> {
  const { db } = env;
  return {
    'rates.list': () => listRates(db, env.today()),
    'rates.save': (input, ctx) => {
      const s = signedIn(ctx);
      return saveRate(db, input, { at: env.nowIso(), today: env.today(), userId: s.user.id, station: s.station });
    },
    'rates.preview': (input) => previewRate(db, input),
  };
}
