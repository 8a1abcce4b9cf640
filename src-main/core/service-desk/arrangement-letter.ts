// The arrangement confirmation letter: a `letters` row (kind 'arrangement') whose details are
// the snapshot the letter prints — arrangementId, kind, totalCents, installments [{seq,
// dueDate, amountCents}], createdOn — issued through the letters module (issueLetter, in the
// customer's language) inside the arrangement's transaction, so the two commit together.
import type { Db } from '../../db/open-ledger';
import { issueLetter } from '../../documents/letters';
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

/** Issues the confirmation and returns its letter id. */
export function issueArrangementLetter(db: Db, a: CreatedArrangement, ctx: DeskContext): number {
  return issueLetter(db, { accountId: a.accountId, kind: 'arrangement', details: arrangementLetterDetails(a), at: ctx.at, userId: ctx.userId }).letterId;
}
