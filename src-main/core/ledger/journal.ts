// Posting to the append-only double-entry journal. An entry's lines must sum to zero; the
// caller runs postEntry inside its own transaction together with the rows that depend on it
// (charges, allocations, receipts), so a crash never leaves half a posting.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';

export type EntryKind =
  | 'opening_balance'
  | 'bill'
  | 'penalty'
  | 'fee'
  | 'payment'
  | 'void'
  | 'returned_payment'
  | 'adjustment'
  | 'deposit'
  | 'refund'
  | 'transfer'
  | 'over_short'
  | 'write_off';

export interface JournalLine {
  glCode: string;
  accountId?: number | null;
  /** Debit > 0, credit < 0. */
  amountCents: number;
  memo?: string | null;
}

export interface NewEntry {
  kind: EntryKind;
  businessDate: string;
  postedAt: string;
  userId: number | null;
  approvedBy?: number | null;
  station?: string | null;
  memo?: string | null;
  reversesEntryId?: number | null;
  idempotencyKey?: string | null;
  lines: JournalLine[];
}

type EntryParams = [string, string, string, number | null, number | null, string | null, string | null, number | null, string | null];
type LineParams = [number, string, number | null, number, string | null];

export interface Statements {
  insertEntry: Statement<EntryParams>;
  insertLine: Statement<LineParams>;
}

const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      insertEntry: db.prepare<EntryParams>(
        `INSERT INTO journal_entries (kind, business_date, posted_at, user_id, approved_by, station, memo, reverses_entry_id, idempotency_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertLine: db.prepare<LineParams>('INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents, memo) VALUES (?, ?, ?, ?, ?)'),
    };
    cache.set(db, s);
  }
  return s;
}

/** Checks the shape of an entry before anything is written. */
export function checkEntry(e: NewEntry): void {
  if (e.lines.length < 2) throw new CoreError('INTERNAL', 'a journal entry needs at least two lines');
  let sum = 0;
  for (const l of e.lines) {
    if (!Number.isSafeInteger(l.amountCents) || l.amountCents === 0) throw new CoreError('INTERNAL', `journal line amount must be a non-zero whole number of cents, got ${l.amountCents}`);
    sum += l.amountCents;
  }
  if (sum !== 0) throw new CoreError('INTERNAL', `journal entry does not balance: lines sum to ${sum}`);
}

/** Inserts one balanced entry and its lines. Must run inside the caller's transaction. */
export function postEntry(db: Db, e: NewEntry): number {
  checkEntry(e);
  if (!db.inTransaction) throw new CoreError('INTERNAL', 'postEntry must run inside a transaction');
  const s = statements(db);
  const info = s.insertEntry.run(
    e.kind,
    e.businessDate,
    e.postedAt,
    e.userId,
    e.approvedBy ?? null,
    e.station ?? null,
    e.memo ?? null,
    e.reversesEntryId ?? null,
    e.idempotencyKey ?? null,
  );
  const entryId = Number(info.lastInsertRowid);
  for (const l of e.lines) s.insertLine.run(entryId, l.glCode, l.accountId ?? null, l.amountCents, l.memo ?? null);
  return entryId;
}
