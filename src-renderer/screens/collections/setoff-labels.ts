// Words for NC Debt Setoff on the screens (the core sends keys; the detail words come from the core).
export const SETOFF_CRITERION_LABELS = {
  amount: 'Amount',
  delinquent: 'Delinquent',
  identity: 'SSN/ITIN',
  notice: 'Notice',
  hearing: 'Hearing',
} as const;

export const SUBMIT_REASON_LABELS = {
  balance: 'Current balance',
  paid: 'Paid in full or written off (0)',
  withdrawn: 'Withdrawn: hearing (0)',
  expired: 'Expired (0)',
} as const;

export const OUTCOME_LABELS = { town: 'For the town', debtor: 'For the debtor' } as const;

export function standingWords(s: { eligible: boolean; noticeDue: boolean }): string {
  return s.eligible ? 'Eligible' : s.noticeDue ? 'Notice due' : 'Not eligible';
}
