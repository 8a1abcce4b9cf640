// Hands the api client and the app store to every screen (one pair per <App>).
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Api } from '../api/client';
import type { AppState, AppStore } from '../state/app-store';

export interface AppServices {
  api: Api;
  store: AppStore;
  /** Search-as-you-type delay. */
  searchDelayMs: number;
}

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const s = useContext(AppContext);
  if (!s) throw new Error('useServices outside <App>');
  return s;
}

export function useApi(): Api {
  return useServices().api;
}

export function useAppState<T>(selector: (s: AppState) => T): T {
  return useStore(useServices().store, selector);
}
