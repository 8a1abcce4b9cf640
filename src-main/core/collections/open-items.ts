// Open items (the receivable charges not yet paid) as of a date, the base of collections:
// aging, the late penalty run, the cut-off list, debt setoff and agency referral all start here.
//
// "As of" a date D means the ledger as it stood at the end of business day D: charges whose
// journal entry is dated on or before D, less the allocations (payments, voids, adjustments,
// transfers) whose entry is dated on or before D. A charge is past due on D when its due date is
// before D (the due date itself is still on time); it is `daysPastDue(due, D)` days past due.
//
// Aging buckets (DOMAIN.md "current, 30, 60, 90+ days past due"): current = under 30 days past
// due (including not yet due), 30 = 30–59, 60 = 60–89, 90+ = 90 or more.
//
// Accounts are read in id ranges so a town of 500,000 accounts is walked in chunks that yield
// to the counter between them (see forEachAccountChunk).
import { daysBetween } from '../deps';
import type { Db } from '../../db/open-ledger';

export interface OpenItem {
  chargeId: number;
  accountId: number;
  billId: number | null;
  kind: 'service' | 'penalty' | 'fee' | 'balance_forward';
  service: string | null;
  dueDate: string;
  amountCents: number;
  openCents: number;
}

export interface AgingBuckets {
  currentCents: number;
  days30Cents: number;
  days60Cents: number;
  days90Cents: number;
}

export interface AccountOpen {
  accountId: number;
  /** Everything still open (past due or not). */
  openCents: number;
  /** Open on charges whose due date is before asOf. */
  pastDueCents: number;
  /** The earliest due date among the past-due open charges. */
  oldestPastDue: string | null;
  buckets: AgingBuckets;
}

export type AgingBucket = keyof AgingBuckets;

export function emptyBuckets(): AgingBuckets {
  return { currentCents: 0, days30Cents: 0, days60Cents: 0, days90Cents: 0 };
}

/** Days a charge due on dueDate is past due on asOf (0 or negative: not past due). */
export function daysPastDue(dueDate: string, asOf: string): number {
  return daysBetween(dueDate, asOf);
}

export function agingBucket(dueDate: string, asOf: string): AgingBucket {
  const d = daysPastDue(dueDate, asOf);
  if (d >= 90) return 'days90Cents';
  if (d >= 60) return 'days60Cents';
  if (d >= 30) return 'days30Cents';
  return 'currentCents';
}

const ITEMS_SQL = `
  SELECT c.id AS chargeId, c.account_id AS accountId, c.bill_id AS billId, c.kind, c.service, c.due_date AS dueDate,
         c.amount_cents AS amountCents,
         c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a JOIN journal_entries ae ON ae.id = a.entry_id
                                     WHERE a.charge_id = c.id AND ae.business_date <= @asOf), 0) AS openCents
    FROM charges c JOIN journal_entries ce ON ce.id = c.entry_id
   WHERE c.account_id >= @from AND c.account_id < @to AND ce.business_date <= @asOf
   ORDER BY c.account_id, c.due_date, c.id`;

const statements = new WeakMap<Db, ReturnType<Db['prepare']>>();

/** Open charges (openCents > 0) of the accounts with id in [fromId, toId), as of the end of asOf. */
export function openItemsInRange(db: Db, fromId: number, toId: number, asOf: string): OpenItem[] {
  let st = statements.get(db);
  if (!st) {
    st = db.prepare(ITEMS_SQL);
    statements.set(db, st);
  }
  return (st.all({ from: fromId, to: toId, asOf }) as OpenItem[]).filter((i) => i.openCents > 0);
}

export function openItemsOf(db: Db, accountId: number, asOf: string): OpenItem[] {
  return openItemsInRange(db, accountId, accountId + 1, asOf);
}

/** Sums open items per account (accounts with nothing open are absent). */
export function summarizeOpen(items: readonly OpenItem[], asOf: string): Map<number, AccountOpen> {
  const out = new Map<number, AccountOpen>();
  for (const i of items) {
    let a = out.get(i.accountId);
    if (!a) {
      a = { accountId: i.accountId, openCents: 0, pastDueCents: 0, oldestPastDue: null, buckets: emptyBuckets() };
      out.set(i.accountId, a);
    }
    a.openCents += i.openCents;
    a.buckets[agingBucket(i.dueDate, asOf)] += i.openCents;
    if (i.dueDate < asOf) {
      a.pastDueCents += i.openCents;
      if (a.oldestPastDue === null || i.dueDate < a.oldestPastDue) a.oldestPastDue = i.dueDate;
    }
  }
  return out;
}

export function accountOpen(db: Db, accountId: number, asOf: string): AccountOpen {
  return summarizeOpen(openItemsOf(db, accountId, asOf), asOf).get(accountId) ?? { accountId, openCents: 0, pastDueCents: 0, oldestPastDue: null, buckets: emptyBuckets() };
}

/**
 * Walks every account id in chunks of `chunk` ids ([from, from + chunk)), calling work for each
 * range, and yields to the event loop between chunks so the counter's requests are served while
 * a town-sized walk runs. onProgress gets (last id done, highest id). Stops early when work returns false.
 */
export async function forEachAccountChunk(
  db: Db,
  opts: { startAfterId?: number; chunk?: number; onProgress?: (doneId: number, maxId: number) => void },
  work: (fromId: number, toId: number) => boolean | void,
): Promise<void> {
  const chunk = opts.chunk ?? 2_000;
  const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM accounts').get() as { m: number }).m;
  for (let from = (opts.startAfterId ?? 0) + 1; from <= maxId; from += chunk) {
    const to = Math.min(from + chunk, maxId + 1);
    if (work(from, to) === false) return;
    opts.onProgress?.(to - 1, maxId);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Per account with anything past due on asOf: the past-due open amount, the part due on or before `agedOnOrBefore`, and the oldest past-due due date. */
export interface PastDueSummary {
  accountId: number;
  pastDueCents: number;
  agedCents: number;
  oldestPastDue: string;
}

const PAST_DUE_SQL = `
  SELECT account_id AS accountId, sum(open) AS pastDueCents, sum(CASE WHEN due_date <= @aged THEN open ELSE 0 END) AS agedCents, min(due_date) AS oldestPastDue
    FROM (SELECT c.account_id, c.due_date,
                 c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a JOIN journal_entries ae ON ae.id = a.entry_id
                                             WHERE a.charge_id = c.id AND ae.business_date <= @asOf), 0) AS open
            FROM charges c JOIN journal_entries ce ON ce.id = c.entry_id
           WHERE c.account_id >= @from AND c.account_id < @to AND ce.business_date <= @asOf AND c.due_date < @asOf)
   WHERE open > 0
   GROUP BY account_id`;

const pastDueStatements = new WeakMap<Db, ReturnType<Db['prepare']>>();

/**
 * The same open items as openItemsInRange, summed in SQL per account (past due only): for walks
 * that need only the totals (debt setoff), without building a row per charge in JavaScript.
 */
export function pastDueInRange(db: Db, fromId: number, toId: number, asOf: string, agedOnOrBefore: string): PastDueSummary[] {
  let st = pastDueStatements.get(db);
  if (!st) {
    st = db.prepare(PAST_DUE_SQL);
    pastDueStatements.set(db, st);
  }
  return st.all({ from: fromId, to: toId, asOf, aged: agedOnOrBefore }) as PastDueSummary[];
}

const AGED_OPEN_SQL = `
  SELECT DISTINCT c.account_id AS id
    FROM charges c JOIN journal_entries ce ON ce.id = c.entry_id
   WHERE c.account_id >= @from AND c.account_id < @to AND c.due_date <= @aged AND ce.business_date <= @asOf
     AND c.amount_cents > coalesce((SELECT sum(a.amount_cents) FROM allocations a JOIN journal_entries ae ON ae.id = a.entry_id
                                     WHERE a.charge_id = c.id AND ae.business_date <= @asOf), 0)`;

const agedOpenStatements = new WeakMap<Db, ReturnType<Db['prepare']>>();

/**
 * The accounts in [fromId, toId) with something still open on asOf that fell due on or before
 * `agedOnOrBefore` — exactly those whose PastDueSummary.oldestPastDue is on or before it. Only
 * the old charges are summed (few: most are paid), so a town-wide walk asks pastDueInRange just
 * for these accounts instead of summing every past-due charge of every account.
 */
export function agedOpenAccountsInRange(db: Db, fromId: number, toId: number, asOf: string, agedOnOrBefore: string): number[] {
  let st = agedOpenStatements.get(db);
  if (!st) {
    st = db.prepare(AGED_OPEN_SQL);
    agedOpenStatements.set(db, st);
  }
  return (st.pluck().all({ from: fromId, to: toId, asOf, aged: agedOnOrBefore }) as number[]).sort((a, b) => a - b);
}
