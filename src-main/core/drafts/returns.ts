// Importing the bank's returned entries (shared/formats/NACHA-PPD.md §6): each return entry
// (26/36 with a type-7 addenda 99) is matched to the draft by the original trace number. A
// posted draft is reversed (kind returned_payment, allocations undone); one returned before it
// was posted is withheld from posting. R01/R09 may be retried and carry the returned-payment
// fee (only on a posted draft: a withheld one moved no money); every other code ends the enrolment (the doc's "stop" and "cancel" actions), as does a
// returned prenote. Two returns in twelve months set cash-only (counter/returns.ts), which also
// ends the enrolment. Notifications of change (addenda 98) are listed, not applied. The
// imported file is never stored (it holds bank account numbers); its SHA-256 is. The whole file
// is validated (nacha.ts readAchEntries) before any of it is applied.
import crypto from 'node:crypto';
import type { ImportReturnsResult } from '../../../src-shared/ipc/export-schemas';
import type { Db } from '../../db/open-ledger';
import { readAchEntries, AchParseError } from '../../export/nacha';
import { applyReturnConsequences } from '../counter/returns';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry } from '../ledger/journal';
import { endEnrolment } from './enrolments';

export const RETURN_REASONS: Record<string, string> = {
  R01: 'Insufficient funds',
  R02: 'Account closed',
  R03: 'No account / unable to locate account',
  R04: 'Invalid account number structure',
  R05: 'Unauthorized debit to consumer account',
  R06: 'Returned per ODFI request',
  R07: 'Authorization revoked by customer',
  R08: 'Payment stopped',
  R09: 'Uncollected funds',
  R10: 'Customer advises not authorized',
  R11: 'Customer advises entry not in accordance with the terms of the authorization',
  R12: 'Account sold to another DFI',
  R14: 'Representative payee deceased',
  R15: 'Beneficiary or account holder deceased',
  R16: 'Account frozen',
  R20: 'Non-transaction account',
  R29: 'Corporate customer advises not authorized',
};

const CHANGE_CODES: Record<string, string> = {
  C01: 'Incorrect bank account number',
  C02: 'Incorrect routing number',
  C03: 'Incorrect routing number and bank account number',
  C05: 'Incorrect transaction code (checking/savings)',
  C06: 'Incorrect bank account number and transaction code',
  C07: 'Incorrect routing number, bank account number and transaction code',
};

/** Return codes after which the town may draft the account again (re-presentment). */
const RETRYABLE = new Set(['R01', 'R09']);
/** Return codes that carry the returned-payment fee. */
const FEE_CODES = new Set(['R01', 'R09']);

export interface ImportContext {
  userId: number;
  approvedBy: number;
  station: string;
  postedAt: string;
  returnedOn: string;
  feeCents: number;
  /** Opens (or finds) the business day the reversals post on; called only when one is needed. */
  businessDate(): string;
}

interface ItemRow {
  id: number;
  file_id: number;
  enrolment_id: number;
  account_id: number;
  account_number: string;
  transaction_code: string;
  amount_cents: number;
  trace_number: string;
  entry_id: number | null;
  kind: 'prenote' | 'debit';
}

/** Reverses a posted draft payment in full: every line negated, every allocation undone. */
function reverseDraftPayment(db: Db, item: ItemRow, code: string, ctx: ImportContext, businessDate: string): number {
  const lines = db.prepare('SELECT gl_code, account_id, sum(amount_cents) AS amount FROM journal_lines WHERE entry_id = ? GROUP BY gl_code, account_id ORDER BY min(id)').all(item.entry_id) as Array<{ gl_code: string; account_id: number | null; amount: number }>;
  const entryId = postEntry(db, {
    kind: 'returned_payment',
    businessDate,
    postedAt: ctx.postedAt,
    userId: ctx.userId,
    approvedBy: ctx.approvedBy,
    station: ctx.station,
    memo: `Returned bank draft ${item.trace_number}: ${code} ${RETURN_REASONS[code] ?? ''}`.trim(),
    reversesEntryId: item.entry_id,
    lines: lines.filter((l) => l.amount !== 0).map((l) => ({ glCode: l.gl_code, accountId: l.account_id, amountCents: -l.amount, memo: l.gl_code === GL.draftClearing ? `Returned draft ${item.trace_number}` : null })),
  });
  db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) SELECT ?, charge_id, -amount_cents FROM allocations WHERE entry_id = ? ORDER BY id DESC').run(entryId, item.entry_id);
  return entryId;
}

/** Imports a returns file. Inside the caller's transaction. */
export function importReturns(db: Db, content: string, ctx: ImportContext): ImportReturnsResult {
  let entries;
  try {
    entries = readAchEntries(content);
  } catch (err) {
    // Nothing is applied from a file that fails anywhere: the first problem, by line and field.
    if (err instanceof AchParseError) throw new CoreError('BAD_INPUT', `That is not a returns file the bank sends: ${err.message}`, { line: err.line, field: err.field });
    throw err;
  }
  const fileSha = crypto.createHash('sha256').update(content, 'utf8').digest('hex');
  const findItem = db.prepare(
    `SELECT i.id, i.file_id, i.enrolment_id, i.account_id, a.number AS account_number, i.transaction_code, i.amount_cents, i.trace_number, i.entry_id, f.kind
       FROM draft_items i JOIN draft_files f ON f.id = i.file_id JOIN accounts a ON a.id = i.account_id WHERE i.trace_number = ?`,
  );
  const result: ImportReturnsResult = { returns: [], notices: [], unmatched: [] };
  let businessDate: string | null = null;

  for (const e of entries) {
    const ret = e.addenda.find((a) => a.typeCode === '99');
    const noc = e.addenda.find((a) => a.typeCode === '98');
    if (!ret) {
      if (noc) {
        const item = findItem.get(noc.originalTrace) as ItemRow | undefined;
        result.notices.push({ traceNumber: noc.originalTrace, accountNumber: item?.account_number ?? null, code: noc.reasonCode, description: CHANGE_CODES[noc.reasonCode] ?? 'Notification of change' });
      }
      continue;
    }
    const code = ret.reasonCode.toUpperCase();
    const item = findItem.get(ret.originalTrace) as ItemRow | undefined;
    if (!item) {
      result.unmatched.push({ traceNumber: ret.originalTrace, returnCode: code, amountCents: e.amountCents });
      continue;
    }
    const reason = RETURN_REASONS[code] ?? 'Returned by the bank';
    const base = { traceNumber: item.trace_number, accountNumber: item.account_number, returnCode: code, reason };
    if (db.prepare('SELECT 1 FROM draft_returns WHERE item_id = ?').get(item.id)) {
      result.returns.push({ ...base, amountCents: item.amount_cents, action: 'already', feeCents: 0, cashOnlySet: false, enrolmentEnded: false, note: 'Imported before; nothing changed.' });
      continue;
    }
    const note = e.amountCents !== item.amount_cents ? `The bank returned ${e.amountCents} cents of a ${item.amount_cents}-cent draft; the whole draft is reversed.` : null;

    if (item.kind === 'prenote') {
      db.prepare('INSERT INTO draft_returns (item_id, account_id, return_code, reason, returned_on, amount_cents, ended_enrolment, imported_at, imported_by, import_sha256) VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?, ?)').run(
        item.id,
        item.account_id,
        code,
        reason,
        ctx.returnedOn,
        ctx.postedAt,
        ctx.userId,
        fileSha,
      );
      endEnrolment(db, item.enrolment_id, `Prenote returned: ${code} ${reason}`, { userId: ctx.userId, at: ctx.postedAt });
      result.returns.push({ ...base, amountCents: 0, action: 'prenote', feeCents: 0, cashOnlySet: false, enrolmentEnded: true, note: null });
      continue;
    }

    businessDate ??= ctx.businessDate();
    const postCtx = { userId: ctx.userId, approvedBy: ctx.approvedBy, station: ctx.station, businessDate, postedAt: ctx.postedAt };
    const reversal = item.entry_id !== null ? reverseDraftPayment(db, item, code, ctx, businessDate) : null;
    const c = applyReturnConsequences(
      db,
      {
        accountId: item.account_id,
        // A draft returned before it was posted moved no money (docs/EXPORT.md): no fee.
        feeCents: FEE_CODES.has(code) && item.entry_id !== null ? ctx.feeCents : 0,
        feeDescription: `Returned bank draft fee (${code})`,
        feeMemo: `Returned bank draft fee (${item.trace_number})`,
        returnedOn: ctx.returnedOn,
        letterSubject: `Returned bank draft ${item.trace_number} (${code} ${reason})`,
        letterDetails: (feeCents, cashOnly) => ({ traceNumber: item.trace_number, amountCents: item.amount_cents, returnCode: code, feeCents, reason, cashOnly }),
      },
      postCtx,
    );
    const ends = !RETRYABLE.has(code) || c.cashOnlySet;
    db.prepare(
      `INSERT INTO draft_returns (item_id, account_id, return_code, reason, returned_on, amount_cents, entry_id, fee_entry_id, set_cash_only, ended_enrolment, imported_at, imported_by, import_sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(item.id, item.account_id, code, reason, ctx.returnedOn, item.amount_cents, reversal, c.feeEntryId, c.cashOnlySet ? 1 : 0, ends ? 1 : 0, ctx.postedAt, ctx.userId, fileSha);
    if (ends) endEnrolment(db, item.enrolment_id, c.cashOnlySet && RETRYABLE.has(code) ? 'Cash-only after two returned payments in twelve months' : `Draft returned: ${code} ${reason}`, { userId: ctx.userId, at: ctx.postedAt });
    result.returns.push({ ...base, amountCents: item.amount_cents, action: reversal !== null ? 'reversed' : 'withheld', feeCents: c.feeCents, cashOnlySet: c.cashOnlySet, enrolmentEnded: ends, note });
  }
  return result;
}
