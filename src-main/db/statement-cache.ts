// Prepared statements kept per connection for code that runs the same SQL row after row (the
// reading import checks each of a cycle's 125,000 rows with the same dozen queries); preparing
// a statement costs more than running it. Keyed by the connection, so nothing outlives it.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open-ledger';

const cache = new WeakMap<Db, Map<string, Statement>>();

export function prepareCached(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) {
    m = new Map();
    cache.set(db, m);
  }
  let s = m.get(sql);
  if (!s) {
    s = db.prepare(sql);
    m.set(sql, s);
  }
  return s;
}
