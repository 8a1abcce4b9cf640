// The renderer's root: one api client and one store per App, the ledger status loaded at
// start, then the sign-in screen or the signed-in frame.
import { useCallback, useEffect, useState } from 'react';
import { createApi, type Api, type Transport } from '../api/client';
import type { MethodName } from '../../src-shared/ipc/contract';
import { createAppStore } from '../state/app-store';
import { AppContext, useApi, useAppState, useServices, type AppServices } from './context';
import { Frame } from './Frame';
import { SignInScreen } from '../screens/SignInScreen';

/** Calls after which the business day may have opened or closed. */
const DAY_CHANGING: ReadonlySet<MethodName> = new Set<MethodName>(['day.close', 'drawer.open', 'mailBatches.open', 'payments.post', 'payments.return']);

export interface AppProps {
  transport: Transport;
  /** Search-as-you-type delay in ms (default 150). */
  searchDelayMs?: number;
}

export function App({ transport, searchDelayMs = 150 }: AppProps) {
  const [services] = useState<AppServices>(() => {
    const store = createAppStore();
    const api: Api = createApi(transport, {
      getToken: () => store.getState().session?.token ?? null,
      onSessionLost: (error) =>
        error.code === 'SESSION_EXPIRED'
          ? store.getState().sessionExpired(`${error.message} Anything typed but not yet posted was cleared; everything posted is saved. Signing in again as the same user returns to the same screen.`)
          : store.getState().signOut('Your session has ended. Sign in again.'),
      // A storage fault (disk full, read-only ledger) shows in the red banner at once.
      onLedgerFault: () => {
        void api.call('ledger.status', {}).then((env) => {
          if (env.ok) store.getState().setStatus(env.value);
        });
      },
      // The header's business date follows the day: ask again after a call that opens or closes one.
      onSuccess: (method) => {
        if (!DAY_CHANGING.has(method)) return;
        void api.call('ledger.status', {}).then((env) => {
          if (env.ok) store.getState().setStatus(env.value);
        });
      },
    });
    return { api, store, searchDelayMs };
  });
  return (
    <AppContext.Provider value={services}>
      <Root />
    </AppContext.Provider>
  );
}

function Root() {
  const api = useApi();
  const { store } = useServices();
  const signedIn = useAppState((s) => s.session !== null);
  const loaded = useAppState((s) => s.status !== null || s.statusError !== null);

  const loadStatus = useCallback(async () => {
    const env = await api.call('ledger.status', {});
    if (env.ok) store.getState().setStatus(env.value);
    // Keep the last good status (town, date) if a refresh fails; say why only when there is none.
    else if (!store.getState().status) store.getState().setStatus(null, env.error);
  }, [api, store]);

  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  if (!loaded) {
    return (
      <main className="loading" id="main">
        <p role="status">Opening the ledger…</p>
      </main>
    );
  }
  return signedIn ? <Frame /> : <SignInScreen onReloadStatus={loadStatus} />;
}
