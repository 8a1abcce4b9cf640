// "Find account" at the counter: account number, name, address, or a bill stub's scan line
// (a scanner types the 19 digits and Enter in one go). Searches as you type (debounced,
// stale answers dropped), best match first, each result saying which field matched; ArrowDown
// moves into the results. Enter takes the first result only when it is the one clear match
// (the only result, or the only exact one); when several match, Enter moves into the list so the
// cashier chooses. A scanned stub brings its account along; the amount is what is owed now.
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { AccountSearchHit, AccountSummary } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { parseScanLine } from '../../../src-shared/scan-line';
import { useApi, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FlagBadges } from '../../ui/FlagBadges';
import { money, STATUS_LABELS } from '../../ui/format';
import { onResultKey, resultButtons as resultButtonsIn } from '../../ui/result-keys';
import { clearChoice, foundText, matchText, type SearchAnswer } from '../../ui/search-found';

const LIMIT = 20;

export interface Picked {
  account: AccountSummary;
  /** The amount due printed on the scanned stub, when the account was found by its scan line. */
  stubAmountCents: number | null;
  /** The account was found by its bill stub's scan line. */
  fromStub: boolean;
}

export function AccountFinder({ onPick, boxRef }: { onPick: (p: Picked) => void; boxRef: RefObject<HTMLInputElement | null> }) {
  const api = useApi();
  const { searchDelayMs } = useServices();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AccountSearchHit[]>([]);
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [choose, setChoose] = useState(false);
  const focusList = useRef(false);
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
    setAnswer(null);
    setChoose(false);
    setResultsFor(null);
    setSearching(false);
    setError(null);
  }

  // Several accounts matched when Enter was pressed: into the list, on the first result.
  useEffect(() => {
    if (!focusList.current) return;
    focusList.current = false;
    resultButtons()[0]?.focus();
  });

  function pick(account: AccountSummary, q: string) {
    const scan = parseScanLine(q);
    clear();
    const fromStub = scan !== null && scan.accountNumber === account.number;
    onPick({ account, stubAmountCents: fromStub ? scan.amountDueCents : null, fromStub });
  }

  function search(q: string) {
    cancelPending();
    const mine = ++seq.current;
    if (q.trim() === '') {
      pickWhenReady.current = false;
      setSearching(false);
      setResults([]);
      setAnswer(null);
      setChoose(false);
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
      const clear = clearChoice(env.value.results);
      const enterPressed = pickWhenReady.current;
      pickWhenReady.current = false;
      if (enterPressed && clear) {
        pick(clear, q);
        return;
      }
      setResults(env.value.results);
      setAnswer(env.value);
      setResultsFor(q);
      setChoose(enterPressed && env.value.results.length > 1);
      if (enterPressed && env.value.results.length > 1) focusList.current = true;
    });
  }

  function onChange(value: string) {
    setQuery(value);
    setChoose(false);
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
      const clear = clearChoice(results);
      if (resultsFor === query && results.length > 0 && timer.current === null && !searching) {
        if (clear) pick(clear, query);
        else {
          // Several accounts match: the cashier chooses; Enter never takes the first blindly.
          setChoose(true);
          resultButtons()[0]?.focus();
        }
      } else if (query.trim() !== '') {
        // Typed (or scanned) faster than the search: pick the first answer when it comes.
        pickWhenReady.current = true;
        search(query);
      }
    } else if (e.key === 'Escape' && query !== '') {
      e.preventDefault();
      clear();
    }
  }

  function onResultKeyDown(e: KeyboardEvent<HTMLButtonElement>, index: number, account: AccountSearchHit) {
    onResultKey(e, index, resultButtons(), boxRef.current, () => pick(account, query));
  }

  const answered = resultsFor !== null && resultsFor === query && query.trim() !== '';
  let statusText = '';
  if (searching) statusText = 'Searching…';
  else if (answered) {
    if (results.length === 0) statusText = `No accounts match “${query.trim()}”.`;
    else {
      const found = answer ? foundText(answer) : `${results.length} accounts found.`;
      if (clearChoice(results)) statusText = `${found} Enter takes the first; arrow keys move.`;
      else statusText = `${found} ${choose ? 'Several accounts match: choose one with the arrow keys and Enter.' : 'Several accounts match: Enter moves to the list.'}`;
    }
  }

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
                <th scope="col">Matched on</th>
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
                    {r.legacyNumber && <span className="acct-old-number"> Old number {r.legacyNumber}</span>}
                    {r.status !== 'active' && <span className="badge badge-warn cell-badge">{STATUS_LABELS[r.status]}</span>}
                  </td>
                  <td>{r.serviceAddress}</td>
                  <td className="match-field">{matchText(r)}</td>
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
