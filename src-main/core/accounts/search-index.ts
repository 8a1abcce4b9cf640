// The account_search full-text index (FTS5, contentless, rowid = accounts.id). What a clerk
// might type is indexed: account number (with and without leading zeros and check digit), the
// old number from the previous system (as printed and as its key, in the number column),
// customer name, service address, and phone (as printed and as bare digits).
import { legacyKey } from '../../../src-shared/legacy-number';
import type { Db } from '../../db/open-ledger';
import { hasLegacyColumns } from './account-ref';

export function numberTerms(number: string, legacyNumber: string | null = null): string {
  const digits = number.replace(/\D/g, '');
  const body = digits.slice(0, 7);
  const own = `${number} ${digits} ${body.replace(/^0+/, '')}`;
  return legacyNumber ? `${own} ${oldNumberTerms(legacyNumber)}` : own;
}

/** An old number as printed (its parts), its key, and the key without leading zeros. */
export function oldNumberTerms(legacyNumber: string | null): string {
  if (!legacyNumber) return '';
  const key = legacyKey(legacyNumber);
  const short = key.replace(/^0+(?=.)/, '');
  return short === key ? `${legacyNumber} ${key}` : `${legacyNumber} ${key} ${short}`;
}

export function phoneTerms(phone: string | null): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  return `${phone} ${digits} ${digits.slice(-7)}`;
}

export function formatAddress(street: string, unit: string | null): string {
  return unit ? `${street} ${unit}` : street;
}

const SOURCE_SQL = `
  SELECT a.id AS id, a.number AS number, a.legacy_number AS legacy_number, c.display_name AS name,
         l.street || coalesce(' ' || l.unit, '') || ' ' || l.city AS address, c.phone AS phone
    FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id`;

/** Before migration 0025 (no old numbers) the source has none. */
function sourceSql(db: Db): string {
  return hasLegacyColumns(db) ? SOURCE_SQL : SOURCE_SQL.replace('a.legacy_number AS', 'NULL AS');
}

interface SourceRow {
  id: number;
  number: string;
  legacy_number: string | null;
  name: string;
  address: string;
  phone: string | null;
}

/** Re-indexes one account after its customer, location or number changed. */
export function indexAccount(db: Db, accountId: number): void {
  const row = db.prepare(`${sourceSql(db)} WHERE a.id = ?`).get(accountId) as SourceRow | undefined;
  db.prepare('DELETE FROM account_search WHERE rowid = ?').run(accountId);
  if (!row) return;
  db.prepare('INSERT INTO account_search (rowid, number, name, address, phone) VALUES (?, ?, ?, ?, ?)').run(
    row.id,
    numberTerms(row.number, row.legacy_number),
    row.name,
    row.address,
    phoneTerms(row.phone),
  );
}

/**
 * Rebuilds the whole index (after a bulk load). Runs in the caller's transaction if any.
 * Reads the source rows a page at a time: better-sqlite3 cannot write on a connection while a
 * statement on it is still being iterated.
 */
export function rebuildSearchIndex(db: Db, onProgress?: (done: number) => void): number {
  db.exec('DELETE FROM account_search');
  // No incremental merging while loading (a third faster at 500,000 accounts); 'optimize'
  // below merges everything into one segment, and automerge goes back to FTS5's default.
  db.exec("INSERT INTO account_search (account_search, rank) VALUES ('automerge', 0)");
  const n = indexAccountsAfter(db, 0, onProgress);
  db.exec("INSERT INTO account_search (account_search) VALUES ('optimize')");
  db.exec("INSERT INTO account_search (account_search, rank) VALUES ('automerge', 4)");
  return n;
}

/**
 * Indexes the accounts with ids above `afterId` (a bulk insert of new accounts, e.g. a
 * conversion, or the whole rebuild), a page at a time.
 */
export function indexAccountsAfter(db: Db, afterId: number, onProgress?: (done: number) => void): number {
  const insert = db.prepare('INSERT INTO account_search (rowid, number, name, address, phone) VALUES (?, ?, ?, ?, ?)');
  const page = db.prepare(`${sourceSql(db)} WHERE a.id > ? ORDER BY a.id LIMIT 10000`);
  let n = 0;
  let after = afterId;
  for (;;) {
    const rows = page.all(after) as SourceRow[];
    if (rows.length === 0) break;
    for (const row of rows) {
      insert.run(row.id, numberTerms(row.number, row.legacy_number), row.name, row.address, phoneTerms(row.phone));
      if (++n % 50_000 === 0) onProgress?.(n);
    }
    after = rows[rows.length - 1]!.id;
  }
  return n;
}
