// Aging (issue 15): what every account owes as of a date, split into the buckets current / 30 /
// 60 / 90+ days past due (open-items.ts agingBucket), town totals and an account list.
//
// A town-wide aging walks every account's open items (forEachAccountChunk: chunks of account
// ids, yielding to the counter between them). The walk is kept per as-of date and the ledger's
// last journal entry id, so paging, filtering and the PDF after the first call are answered
// from memory; any posting (a payment, a bill, a penalty) makes the next call walk again.
import type { Db } from '../../db/open-ledger';
import { agingBucket, daysPastDue, emptyBuckets, forEachAccountChunk, openItemsInRange, openItemsOf, type AgingBuckets } from './open-items';

export type BucketKey = 'current' | '30' | '60' | '90';
export const BUCKET_FIELD: Record<BucketKey, keyof AgingBuckets> = { current: 'currentCents', '30': 'days30Cents', '60': 'days60Cents', '90': 'days90Cents' };
const FIELD_BUCKET: Record<keyof AgingBuckets, BucketKey> = { currentCents: 'current', days30Cents: '30', days60Cents: '60', days90Cents: '90' };

export type AccountStatus = 'pending' | 'active' | 'final_billed' | 'closed';

export interface AgingAccount {
  accountId: number;
  status: AccountStatus;
  buckets: AgingBuckets;
  openCents: number;
  pastDueCents: number;
}

export interface AgingWalk {
  asOf: string;
  version: number;
  totals: AgingBuckets;
  openCents: number;
  /** Accounts with anything open, largest past due first (then largest open, then id). */
  accounts: AgingAccount[];
  walkMs: number;
}

export interface AgingFilters {
  minCents?: number;
  bucket?: BucketKey;
  status?: AccountStatus;
}

export interface AgingTuning {
  chunk: number;
}

function ledgerVersion(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS v FROM journal_entries').get() as { v: number }).v;
}

/** Walks every account's open items as of asOf (entries dated on or before it). */
export async function walkAging(db: Db, asOf: string, o: { chunk?: number; onProgress?: (doneId: number, maxId: number) => void } = {}): Promise<AgingWalk> {
  const started = performance.now();
  const version = ledgerVersion(db);
  const statusOf = db.prepare('SELECT id, status FROM accounts WHERE id >= ? AND id < ?');
  const totals = emptyBuckets();
  let openCents = 0;
  const accounts: AgingAccount[] = [];
  await forEachAccountChunk(db, { chunk: o.chunk ?? 5_000, onProgress: o.onProgress }, (from, to) => {
    const items = openItemsInRange(db, from, to, asOf);
    if (items.length === 0) return;
    const statuses = new Map((statusOf.all(from, to) as Array<{ id: number; status: AccountStatus }>).map((r) => [r.id, r.status]));
    let cur: AgingAccount | null = null;
    for (const i of items) {
      if (!cur || cur.accountId !== i.accountId) {
        cur = { accountId: i.accountId, status: statuses.get(i.accountId) ?? 'active', buckets: emptyBuckets(), openCents: 0, pastDueCents: 0 };
        accounts.push(cur);
      }
      const b = agingBucket(i.dueDate, asOf);
      cur.buckets[b] += i.openCents;
      cur.openCents += i.openCents;
      if (i.dueDate < asOf) cur.pastDueCents += i.openCents;
      totals[b] += i.openCents;
      openCents += i.openCents;
    }
  });
  accounts.sort((a, b) => b.pastDueCents - a.pastDueCents || b.openCents - a.openCents || a.accountId - b.accountId);
  return { asOf, version, totals, openCents, accounts, walkMs: Math.round(performance.now() - started) };
}

export function matches(a: AgingAccount, f: AgingFilters): boolean {
  if (f.minCents !== undefined && a.openCents < f.minCents) return false;
  if (f.bucket !== undefined && a.buckets[BUCKET_FIELD[f.bucket]] <= 0) return false;
  if (f.status !== undefined && a.status !== f.status) return false;
  return true;
}

export function filterAging(w: AgingWalk, f: AgingFilters): { rows: AgingAccount[]; totals: AgingBuckets } {
  const rows = w.accounts.filter((a) => matches(a, f));
  const totals = emptyBuckets();
  for (const r of rows) for (const k of Object.keys(totals) as Array<keyof AgingBuckets>) totals[k] += r.buckets[k];
  return { rows, totals };
}

/** Keeps the last few walks (per as-of date) until the ledger changes. */
export class AgingCache {
  private readonly walks = new Map<string, AgingWalk>();
  private readonly pending = new Map<string, Promise<AgingWalk>>();
  constructor(
    private readonly db: Db,
    private readonly keep = 4,
  ) {}

  async get(asOf: string, o: { chunk?: number; onProgress?: (doneId: number, maxId: number) => void } = {}): Promise<{ walk: AgingWalk; cached: boolean }> {
    const version = ledgerVersion(this.db);
    const hit = this.walks.get(asOf);
    if (hit && hit.version === version) return { walk: hit, cached: true };
    let p = this.pending.get(asOf);
    if (!p) {
      p = walkAging(this.db, asOf, o).finally(() => this.pending.delete(asOf));
      this.pending.set(asOf, p);
    }
    const walk = await p;
    this.walks.delete(asOf);
    this.walks.set(asOf, walk);
    while (this.walks.size > this.keep) this.walks.delete(this.walks.keys().next().value!);
    return { walk, cached: false };
  }
}

export function accountAgingItems(db: Db, accountId: number, asOf: string) {
  const descr = db.prepare('SELECT description FROM charges WHERE id = ?');
  return openItemsOf(db, accountId, asOf).map((i) => ({
    chargeId: i.chargeId,
    kind: i.kind,
    description: (descr.get(i.chargeId) as { description: string }).description,
    dueDate: i.dueDate,
    daysPastDue: Math.max(0, daysPastDue(i.dueDate, asOf)),
    bucket: FIELD_BUCKET[agingBucket(i.dueDate, asOf)],
    amountCents: i.amountCents,
    openCents: i.openCents,
  }));
}
