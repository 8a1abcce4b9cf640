// Account lookup: search as you type (debounced, stale answers dropped), results navigable
// with ArrowUp/ArrowDown, Enter opens; best match first, each saying which field matched.
// Enter in the search box opens the first result when it is the one clear match (the only
// result or the only exact one); when several match it moves into the list. Escape clears the search (or, from a result, goes back to the search box).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FlagBadges } from '../../ui/FlagBadges';
import { money, STATUS_LABELS } from '../../ui/format';
import { onResultKey, resultButtons as resultButtonsIn } from '../../ui/result-keys';
import { clearChoice, foundText, matchText } from '../../ui/search-found';

const LIMIT = 50;

export function AccountSearch() {
  const api = useApi();
  const { store, searchDelayMs } = useServices();
  const query = useAppState((s) => s.accounts.query);
  const results = useAppState((s) => s.accounts.results);
  const resultsFor = useAppState((s) => s.accounts.resultsFor);
  const found = useAppState((s) => s.accounts.found);
  const [choose, setChoose] = useState(false);
  const focusList = useRef(false);
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
      store.getState().setResults(q, env.value.results, { total: env.value.total, totalCapped: env.value.totalCapped, more: env.value.more });
      const clear = clearChoice(env.value.results);
      const enterPressed = openFirstWhenReady.current;
      openFirstWhenReady.current = false;
      if (enterPressed && clear) store.getState().openAccount(clear.id);
      else if (enterPressed && env.value.results.length > 1) {
        setChoose(true);
        focusList.current = true;
      }
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

  // Several accounts matched when Enter was pressed: into the list, on the first result.
  useEffect(() => {
    if (!focusList.current) return;
    focusList.current = false;
    resultButtons()[0]?.focus();
  });

  function resultButtons(): HTMLButtonElement[] {
    return resultButtonsIn(tableRef.current);
  }

  function onChange(value: string) {
    store.getState().setQuery(value);
    setChoose(false);
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
      const clear = clearChoice(results);
      if (resultsFor === query && results.length > 0 && timer.current === null) {
        if (clear) store.getState().openAccount(clear.id);
        else {
          setChoose(true);
          resultButtons()[0]?.focus();
        }
      } else if (query.trim() !== '') {
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
  else if (answered) {
    if (results.length === 0) statusText = `No accounts match “${query.trim()}”.`;
    else {
      const head = found ? foundText({ results, ...found }) : `${results.length} ${results.length === 1 ? 'account' : 'accounts'} found.`;
      const several = clearChoice(results) ? '' : choose ? ' Several accounts match: choose one with the arrow keys and Enter.' : ' Several accounts match: Enter moves to the list.';
      statusText = `${head}${several} Use the arrow keys to move, Enter to open.`;
    }
  }

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
              <th scope="col">Matched on</th>
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
                  {r.legacyNumber && <span className="acct-old-number"> Old number {r.legacyNumber}</span>}
                </td>
                <td>{r.serviceAddress}</td>
                <td className="match-field">{matchText(r)}</td>
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
