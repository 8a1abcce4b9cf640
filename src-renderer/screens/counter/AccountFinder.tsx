// "Find account" at the counter: account number, name, address, or a bill stub's scan line
// (a scanner types the 19 digits and Enter in one go). Searches as you type (debounced,
// stale answers dropped); ArrowDown moves into the results; Enter picks the first or the
// selected result. A scanned stub brings its amount due along.
import { useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { AccountSummary } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { parseScanLine } from '../../../src-shared/scan-line';
import { useApi, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FlagBadges } from '../../ui/FlagBadges';
import { money, STATUS_LABELS } from '../../ui/format';
import { onResultKey, resultButtons as resultButtonsIn } from '../../ui/result-keys';

const LIMIT = 20;

export interface Picked {
  account: AccountSummary;
  /** The amount due printed on the scanned stub, when the account was found by its scan line. */
  stubAmountCents: number | null;
}

export function AccountFinder({ onPick, boxRef }: { onPick: (p: Picked) => void; boxRef: RefObject<HTMLInputElement | null> }) {
  const api = useApi();
  const { searchDelayMs } = useServices();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AccountSummary[]>([]);
  const [resultsFor, setResultsFor] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pickWhenReady = useRef(false);

  function cancelPending() {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  }

  function clear() {
    cancelPending();
    seq.current++;
    pickWhenReady.current = false;
    setQuery('');
    setResults([]);
    setResultsFor(null);
    setSearching(false);
    setError(null);
  }

  function pick(account: AccountSummary, q: string) {
    const scan = parseScanLine(q);
    clear();
    onPick({ account, stubAmountCents: scan && scan.accountNumber === account.number ? scan.amountDueCents : null });
  }

  function search(q: string) {
    cancelPending();
    const mine = ++seq.current;
    if (q.trim() === '') {
      pickWhenReady.current = false;
      setSearching(false);
      setResults([]);
      setResultsFor(q);
      return;
    }
    setSearching(true);
    void api.call('accounts.search', { query: q, limit: LIMIT }).then((env) => {
      if (mine !== seq.current) return; // a newer search went out: this answer is stale
      setSearching(false);
      if (!env.ok) {
        pickWhenReady.current = false;
        setError(env.error);
        return;
      }
      setError(null);
      const first = env.value.results[0];
      if (pickWhenReady.current && first) {
        pick(first, q);
        return;
      }
      pickWhenReady.current = false;
      setResults(env.value.results);
      setResultsFor(q);
    });
  }

  function onChange(value: string) {
    setQuery(value);
    pickWhenReady.current = false;
    cancelPending();
    if (value.trim() === '') search(value);
    else timer.current = setTimeout(() => search(value), searchDelayMs);
  }

  function resultButtons(): HTMLButtonElement[] {
    return resultButtonsIn(tableRef.current);
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
      if (resultsFor === query && first && timer.current === null && !searching) pick(first, query);
      else if (query.trim() !== '') {
        // Typed (or scanned) faster than the search: pick the first answer when it comes.
        pickWhenReady.current = true;
        search(query);
      }
    } else if (e.key === 'Escape' && query !== '') {
      e.preventDefault();
      clear();
    }
  }

  function onResultKeyDown(e: KeyboardEvent<HTMLButtonElement>, index: number, account: AccountSummary) {
    onResultKey(e, index, resultButtons(), boxRef.current, () => pick(account, query));
  }

  const answered = resultsFor !== null && resultsFor === query && query.trim() !== '';
  let statusText = '';
  if (searching) statusText = 'Searching…';
  else if (answered) statusText = results.length === 0 ? `No accounts match “${query.trim()}”.` : `${results.length} ${results.length === 1 ? 'account' : 'accounts'} found. Enter picks the first; arrow keys move.`;

  return (
    <div className="finder">
      <div className="search-row" role="search" aria-label="Find an account to pay">
        <label htmlFor="counter-find">Find account</label>
        <input
          id="counter-find"
          ref={boxRef}
          type="search"
          className="search-box"
          placeholder="Account number, name, address, or scan the bill stub"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          value={query}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onBoxKeyDown}
          aria-describedby="counter-find-status"
        />
      </div>
      <p id="counter-find-status" role="status" className="search-status">
        {statusText}
      </p>
      <ErrorAlert error={error} />
      {answered && results.length > 0 && (
        <div className="table-scroll">
          <table className="data results" ref={tableRef}>
            <caption>Matching accounts</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Service address</th>
                <th scope="col" className="num">
                  Balance
                </th>
                <th scope="col">Flags</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r, i) => (
                <tr key={r.id} className="result-row">
                  <td>
                    <button type="button" className="result-open" data-result={r.id} onKeyDown={(e) => onResultKeyDown(e, i, r)} onClick={() => pick(r, query)}>
                      <span className="acct-number">{r.number}</span> <span className="acct-name">{r.name}</span>
                    </button>
                    {r.status !== 'active' && <span className="badge badge-warn cell-badge">{STATUS_LABELS[r.status]}</span>}
                  </td>
                  <td>{r.serviceAddress}</td>
                  <td className={`num${r.balanceCents > 0 ? ' owed' : ''}`}>{money(r.balanceCents)}</td>
                  <td>
                    <FlagBadges flags={r.flags} label={`Flags for ${r.number}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
