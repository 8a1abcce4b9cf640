// The arrangement confirmation letter: a `letters` row (kind 'arrangement') whose details are
// the snapshot the letter prints — arrangementId, kind, totalCents, installments [{seq,
// dueDate, amountCents}], createdOn — issued through the letters module (engineer B's
// issueLetter) in the customer's language. Runs inside the arrangement's transaction.
import type { Db } from '../../db/open-ledger';
import type { CreatedArrangement, DeskContext } from './arrangements';

export interface ArrangementLetterDetails {
  arrangementId: number;
  kind: 'extension' | 'arrangement';
  totalCents: number;
  installments: Array<{ seq: number; dueDate: string; amountCents: number }>;
  createdOn: string;
}

export function arrangementLetterDetails(a: CreatedArrangement): ArrangementLetterDetails {
  return { arrangementId: a.id, kind: a.kind, totalCents: a.totalCents, installments: a.installments, createdOn: a.createdOn };
}

/** The letter's id, or null while the letters module is not in this build. */
export function issueArrangementLetter(_db: Db, _a: CreatedArrangement, _ctx: DeskContext): number | null {
  return null;
}
