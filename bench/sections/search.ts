// Account search as the counter uses it: a few thousand realistic queries (partial names,
// account number prefixes and whole numbers, address fragments, phones) through the bridge and
// the real core, beside raw better-sqlite3 running the same minimal FTS5 query on the same file.
import Database from 'better-sqlite3';
import { toFtsQuery } from '../../src-main/core/accounts/queries';
import { createCore } from '../../src-main/core/create-core';
import { fixedClock, randomIds } from '../../src-main/core/deps';
import { openLedger } from '../../src-main/db/open-ledger';
import { Rng } from '../../src-main/demo/rng';
import { createBridge } from '../../src-main/ipc/bridge';
import { latencyRows, type Row, type Section, type SectionContext } from '../harness';

export interface Query {
  kind: string;
  text: string;
}

interface Sample {
  number: string;
  kind: string;
  first: string | null;
  last: string | null;
  business: string | null;
  phone: string | null;
  street: string;
}

/** Realistic queries for accounts sampled from the ledger (deterministic for a seed). */
export function makeQueries(db: Database.Database, count: number, seed = 7): Query[] {
  const rng = new Rng(seed, 99);
  const max = (db.prepare('SELECT max(id) AS n FROM accounts').get() as { n: number }).n;
  const pick = db.prepare(
    `SELECT a.number, c.kind, c.first_name AS first, c.last_name AS last, c.business_name AS business, c.phone, l.street
       FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id WHERE a.id = ?`,
  );
  const out: Query[] = [];
  const prefix = (s: string, lo: number, hi: number) => s.slice(0, rng.int(lo, Math.min(hi, s.length)));
  while (out.length < count) {
    const a = pick.get(rng.int(1, max)) as Sample | undefined;
    if (!a) continue;
    const name = a.kind === 'business' ? a.business! : a.last!;
    const [house, ...streetWords] = a.street.split(' ');
    const digits = a.number.replace('-', '');
    const phoneDigits = a.phone?.replace(/\D/g, '') ?? '';
    switch (rng.weighted([25, 15, 12, 8, 15, 10, 8, 7])) {
      case 0:
        out.push({ kind: 'name prefix', text: prefix(name, 3, 6).toLowerCase() });
        break;
      case 1:
        out.push({ kind: 'first + last prefix', text: a.kind === 'business' ? name.split(' ').slice(0, 2).join(' ') : `${a.first} ${prefix(a.last!, 2, 4)}` });
        break;
      case 2:
        out.push({ kind: 'number prefix', text: prefix(digits, 4, 7) });
        break;
      case 3:
        out.push({ kind: 'whole number', text: rng.chance(0.5) ? a.number : digits.replace(/^0+/, '').slice(0, -1) });
        break;
      case 4:
        out.push({ kind: 'address', text: `${house} ${prefix(streetWords[0] ?? '', 2, 5)}` });
        break;
      case 5:
        out.push({ kind: 'street', text: streetWords.join(' ').toLowerCase() });
        break;
      case 6:
        if (a.phone) out.push({ kind: 'phone', text: rng.chance(0.5) ? a.phone : phoneDigits });
        break;
      default:
        if (a.phone) out.push({ kind: 'phone last 7', text: `${phoneDigits.slice(3, 6)}-${phoneDigits.slice(6)}` });
    }
  }
  return out;
}

export const searchSection: Section = {
  name: 'search',
  async run({ town, log }: SectionContext): Promise<Row[]> {
    const db = openLedger(town.file);
    const core = createCore({ db, clock: fixedClock(`${town.today}T16:00:00Z`), ids: randomIds, station: 'S1', ledgerFile: town.file, appVersion: 'bench', log: () => {} });
    const bridge = createBridge(core);
    const raw = new Database(town.file, { readonly: true, fileMustExist: true });
    const rawQuery = raw.prepare('SELECT rowid FROM account_search WHERE account_search MATCH ? LIMIT 20');
    try {
      const signIn = await bridge.invoke('session.signIn', { username: 'cashier', secret: '1111' }, null);
      if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.error.message}`);
      const token = (signIn.value as { token: string }).token;
      const queries = makeQueries(raw, 3200);
      const warm = queries.slice(0, 200);
      const measured = queries.slice(200);
      log(`search: ${measured.length} queries (${[...new Set(measured.map((q) => q.kind))].join(', ')})`);

      const ours: number[] = [];
      const rawTimes: number[] = [];
      const byKind = new Map<string, number[]>();
      let hits = 0;
      for (const q of warm) {
        await bridge.invoke('accounts.search', { query: q.text, limit: 20 }, token);
        rawQuery.all(toFtsQuery(q.text));
      }
      for (const q of measured) {
        const fts = toFtsQuery(q.text);
        let t = performance.now();
        const r = await bridge.invoke('accounts.search', { query: q.text, limit: 20 }, token);
        const took = performance.now() - t;
        if (!r.ok) throw new Error(`search "${q.text}" failed: ${r.error.message}`);
        if ((r.value as { results: unknown[] }).results.length > 0) hits++;
        ours.push(took);
        let list = byKind.get(q.kind);
        if (!list) byKind.set(q.kind, (list = []));
        list.push(took);
        t = performance.now();
        if (fts) rawQuery.all(fts);
        rawTimes.push(performance.now() - t);
      }
      const rows = latencyRows('account search', ours, rawTimes);
      rows[0]!.note = `n=${ours.length}, ${((100 * hits) / measured.length).toFixed(0)}% with results; raw = the FTS5 MATCH alone`;
      const worst = [...byKind.entries()].map(([kind, t]) => ({ kind, p99: latencyRows(kind, t)[1]! })).sort((a, b) => parseFloat(b.p99.ours) - parseFloat(a.p99.ours))[0];
      if (worst) rows.push({ metric: `slowest kind p99: ${worst.kind}`, ours: worst.p99.ours });
      return rows;
    } finally {
      raw.close();
      core.close();
    }
  },
};
