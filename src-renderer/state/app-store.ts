// UI state for one running app: the ledger status, the signed-in session (its token lives
// here, in memory only), which screen is showing, and the account lookup's query and results
// (kept so "Back to search" returns to the same list). One store per <App>, so tests are isolated.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountSearchHit, LedgerStatus, UserInfo } from '../../src-shared/ipc/contract';
import type { AppError } from '../../src-shared/ipc/envelope';

export interface Session {
  token: string;
  user: UserInfo;
  station: string;
}

export interface AccountsView {
  query: string;
  /** The query these results answer (null before the first answer). */
  resultsFor: string | null;
  results: AccountSearchHit[];
  /** How many matched in all, when the list is capped (null: not told). */
  found: { total: number; totalCapped: boolean; more: boolean } | null;
  /** The account page showing, or null for the search list. */
  openAccountId: number | null;
  /** The account last opened, to put focus back on its row after "Back to search". */
  lastOpenedId: number | null;
}

export interface AppState {
  status: LedgerStatus | null;
  statusError: AppError | null;
  session: Session | null;
  /** Why the last session ended when the user did not sign out (shown on the sign-in screen). */
  signedOutReason: string | null;
  /** Where an expired session was (screen, account lookup), restored if the same user signs in again. */
  resume: { username: string; route: string; accounts: AccountsView } | null;
  route: string;
  accounts: AccountsView;

  setStatus(status: LedgerStatus | null, error?: AppError | null): void;
  signIn(session: Session, firstRoute: string): void;
  signOut(reason?: string | null): void;
  /** The session expired: back to sign-in, keeping the screen and lookup for the same user. */
  sessionExpired(reason: string): void;
  navigate(route: string): void;
  setQuery(query: string): void;
  setResults(query: string, results: AccountSearchHit[], found?: AccountsView['found']): void;
  openAccount(accountId: number): void;
  closeAccount(): void;
}

export type AppStore = StoreApi<AppState>;

const freshAccounts = (): AccountsView => ({ query: '', resultsFor: null, results: [], found: null, openAccountId: null, lastOpenedId: null });

export function createAppStore(): AppStore {
  return createStore<AppState>()((set) => ({
    status: null,
    statusError: null,
    session: null,
    signedOutReason: null,
    resume: null,
    route: '',
    accounts: freshAccounts(),

    setStatus: (status, error = null) => set({ status, statusError: error }),
    signIn: (session, firstRoute) =>
      set((s) => {
        const back = s.resume && s.resume.username === session.user.username ? s.resume : null;
        return { session, signedOutReason: null, resume: null, route: back?.route ?? firstRoute, accounts: back?.accounts ?? freshAccounts() };
      }),
    // Everything the last user looked at goes with them.
    signOut: (reason = null) => set({ session: null, signedOutReason: reason, resume: null, route: '', accounts: freshAccounts() }),
    sessionExpired: (reason) =>
      set((s) => ({
        session: null,
        signedOutReason: reason,
        resume: s.session ? { username: s.session.user.username, route: s.route, accounts: s.accounts } : null,
        route: '',
        accounts: freshAccounts(),
      })),
    navigate: (route) => set({ route }),
    setQuery: (query) => set((s) => ({ accounts: { ...s.accounts, query } })),
    setResults: (query, results, found = null) => set((s) => ({ accounts: { ...s.accounts, resultsFor: query, results, found } })),
    openAccount: (accountId) => set((s) => ({ route: 'accounts', accounts: { ...s.accounts, openAccountId: accountId, lastOpenedId: accountId } })),
    closeAccount: () => set((s) => ({ accounts: { ...s.accounts, openAccountId: null } })),
  }));
}
