// Cut-off day IPC handlers: the contract's doorway to disconnects.ts.
import { recordAudit } from '../audit';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { createDisconnects, disconnectedAccounts } from './disconnects';

type DisconnectMethods = 'collections.disconnects.create' | 'collections.disconnects.list';

export function disconnectHandlers(env: CoreEnv): Pick<Handlers, DisconnectMethods> {
  const { db } = env;
  return {
    'collections.disconnects.create': async (input, ctx) => {
      const s = signedIn(ctx);
      const st = env.settings();
      const at = env.nowIso();
      const r = await createDisconnects(db, input.listId, { at, today: env.today(), userId: s.user.id, station: s.station, timeZone: st.timeZone }, st);
      db.transaction(() =>
        recordAudit(db, {
          at,
          userId: s.user.id,
          station: s.station,
          action: 'collections.disconnects.create',
          subject: `cut-off list ${input.listId}`,
          details: { listId: input.listId, created: r.created.length, leftOff: r.leftOff.length },
        }),
      )();
      return r;
    },
    'collections.disconnects.list': (input) => {
      const st = env.settings();
      return { accounts: disconnectedAccounts(db, input.limit, st), reconnectFeeCents: st.reconnectFeeCents };
    },
  };
}
