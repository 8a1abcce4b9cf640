// Account lookup: search as you type (debounced, stale answers dropped), results navigable
// with ArrowUp/ArrowDown, Enter opens. Enter in the search box opens the first result;
// Escape clears the search (or, from a result, goes back to the search box).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FlagBadges } from '../../ui/FlagBadges';
import { money, STATUS_LABELS } from '../../ui/format';
import { onResultKey, resultButtons as resultButtonsIn } from '../../ui/result-keys';

const LIMIT = 50;

export function AccountSearch() {
  const api = useApi();
  const { store, searchDelayMs } = useServices();
  const query = useAppState((s) => s.accounts.query);
  const results = useAppState((s) => s.accounts.results);
  const resultsFor = useAppState((s) => s.accounts.resultsFor);
  const [error, setError] = useState<AppError | null>(null);
  const [searching, setSearching] = useState(false);
  const boxRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const openFirstWhenReady = useRef(false);

  function cancelPending() {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  }

  function search(q: string) {
    cancelPending();
    const mine = ++seq.current;
    if (q.trim() === '') {
      openFirstWhenReady.current = false;
      setSearching(false);
      setError(null);
      store.getState().setResults(q, []);
      return;
    }
    setSearching(true);
    void api.call('accounts.search', { query: q, limit: LIMIT }).then((env) => {
      if (mine !== seq.current) return; // a newer search went out: this answer is stale
      setSearching(false);
      if (!env.ok) {
        setError(env.error);
        return;
      }
      setError(null);
      store.getState().setResults(q, env.value.results);
      const first = env.value.results[0];
      if (openFirstWhenReady.current && first) store.getState().openAccount(first.id);
      openFirstWhenReady.current = false;
    });
  }

  useEffect(() => {
    const s = store.getState().accounts;
    // Back from an account page: focus its row again; otherwise the search box.
    const rows = resultButtons();
    const back = s.lastOpenedId === null ? -1 : s.results.findIndex((r) => r.id === s.lastOpenedId);
    if (back >= 0 && rows[back]) rows[back].focus();
    else boxRef.current?.focus();
    // An answer that came in while an account was open may be missing: ask again.
    if (s.query.trim() !== '' && s.resultsFor !== s.query) search(s.query);
    return () => {
      cancelPending();
      seq.current++;
    };
    // Only on mount: re-running on every change would steal focus.
  }, []);

  function resultButtons(): HTMLButtonElement[] {
    return resultButtonsIn(tableRef.current);
  }

  function onChange(value: string) {
    store.getState().setQuery(value);
    openFirstWhenReady.current = false;
    cancelPending();
    if (value.trim() === '') {
      search(value);
      return;
    }
    timer.current = setTimeout(() => search(value), searchDelayMs);
  }

  function onBoxKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      const first = resultButtons()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const first = results[0];
      if (resultsFor === query && first && timer.current === null) store.getState().openAccount(first.id);
      else if (query.trim() !== '') {
        openFirstWhenReady.current = true;
        search(query);
      }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      store.getState().setQuery('');
      search('');
    }
  }

  function onResultKeyDown(e: KeyboardEvent<HTMLButtonElement>, index: number, accountId: number) {
    onResultKey(e, index, resultButtons(), boxRef.current, () => store.getState().openAccount(accountId));
  }

  const answered = resultsFor !== null && resultsFor === query && query.trim() !== '';
  let statusText = '';
  if (searching) statusText = 'Searching…';
  else if (answered) statusText = results.length === 0 ? `No accounts match “${query.trim()}”.` : `${results.length === LIMIT ? `First ${LIMIT}` : results.length} ${results.length === 1 ? 'account' : 'accounts'} found. Use the arrow keys to move, Enter to open.`;

  return (
    <div className="accounts-search">
      <h1>Accounts</h1>
      <div className="search-row" role="search">
        <label htmlFor="account-search">Search accounts</label>
        <input
          id="account-search"
          ref={boxRef}
          type="search"
          className="search-box"
          placeholder="Account number, name, address or phone"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          value={query}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onBoxKeyDown}
          aria-describedby="account-search-status"
        />
      </div>
      <p id="account-search-status" role="status" className="search-status">
        {statusText}
      </p>
      <ErrorAlert error={error} />
      {results.length > 0 && (
        <table className="data results" ref={tableRef}>
          <caption>Search results</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Service address</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Balance
              </th>
              <th scope="col">Flags</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r, i) => (
              <tr key={r.id} className="result-row" onClick={() => store.getState().openAccount(r.id)}>
                <td>
                  <button
                    type="button"
                    className="result-open"
                    data-result={r.id}
                    onKeyDown={(e) => onResultKeyDown(e, i, r.id)}
                    onClick={(e) => {
                      e.stopPropagation();
                      store.getState().openAccount(r.id);
                    }}
                  >
                    <span className="acct-number">{r.number}</span> <span className="acct-name">{r.name}</span>
                  </button>
                </td>
                <td>{r.serviceAddress}</td>
                <td>{STATUS_LABELS[r.status]}</td>
                <td className={`num${r.balanceCents > 0 ? ' owed' : ''}`}>{money(r.balanceCents)}</td>
                <td>
                  <FlagBadges flags={r.flags} label={`Flags for ${r.number}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
