// What the account searches say about their answer: which field each result matched, how many
// accounts matched in all when the list is capped, and whether Enter may take the first result
// (only when it is the one clear match; otherwise the cashier chooses from the list).
import type { AccountSearchHit, MethodOutput } from '../../src-shared/ipc/contract';

export type SearchAnswer = MethodOutput<'accounts.search'>;

export const MATCH_LABELS: Record<AccountSearchHit['matchedOn'], string> = {
  number: 'Account number',
  oldNumber: 'Old account number',
  address: 'Service address',
  name: 'Name',
  phone: 'Phone',
  several: 'Several fields',
};

export function matchText(hit: Pick<AccountSearchHit, 'matchedOn' | 'exact'>): string {
  return `${MATCH_LABELS[hit.matchedOn]}${hit.exact ? ' (exact)' : ''}`;
}

/** "3 accounts found." or, when capped, "20 of 27 accounts shown" / "20 of 1,000+ accounts shown". */
export function foundText(answer: Pick<SearchAnswer, 'results' | 'total' | 'totalCapped' | 'more'>): string {
  const n = answer.results.length;
  if (!answer.more) return `${n} ${n === 1 ? 'account' : 'accounts'} found.`;
  return `${n} of ${answer.total.toLocaleString('en-US')}${answer.totalCapped ? '+' : ''} accounts shown: type more to narrow the search.`;
}

/** The one account Enter may take without a look at the list: the only result, or the only exact match. */
export function clearChoice<T extends Pick<AccountSearchHit, 'exact'>>(results: readonly T[]): T | null {
  const [first, second] = results;
  if (!first) return null;
  if (results.length === 1) return first;
  return first.exact && !second?.exact ? first : null;
}
