// Search ranks by how well each field matches (issue 11 item 1): an exact account number, an
// exact service address, a name, then a phone; each result says which field matched, and a
// capped list says how many accounts matched in all.
import { formatAddress } from '../../src-main/core/accounts/search-index';
import { makeTestCore, type TestCore } from '../helpers/core';
import { makeAccount } from '../helpers/fixtures';

const ACCOUNTS = 1200;

interface Row {
  id: number;
  number: string;
  status: string;
  name: string;
  phone: string | null;
  street: string;
  unit: string | null;
  city: string;
}

describe('account search over the demo town', () => {
  let t: TestCore;
  let token: string;
  let rows: Row[];

  beforeAll(async () => {
    t = await makeTestCore({ town: { accounts: ACCOUNTS, seed: 3 } });
    token = await t.signIn('cashier');
    rows = t.core.deps.db
      .prepare(
        `SELECT a.id, a.number, a.status, c.display_name AS name, c.phone, l.street, l.unit, l.city
           FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id ORDER BY a.id`,
      )
      .all() as Row[];
  }, 60_000);
  afterAll(() => t.close());

  const search = (query: string, limit = 20) => t.must('accounts.search', { query, limit }, token);
  // Every 37th account: a deterministic sample across the town.
  const sample = () => rows.filter((_, i) => i % 37 === 0);

  it('puts the account first for its exact account number, with or without the dash', async () => {
    for (const a of sample()) {
      for (const q of [a.number, a.number.replace('-', '')]) {
        const r = await search(q);
        expect(r.results[0], q).toMatchObject({ id: a.id, matchedOn: 'number', exact: true });
      }
    }
  });

  it('puts an account at the exact service address first, ahead of accounts that only share its words', async () => {
    for (const a of sample()) {
      const address = formatAddress(a.street, a.unit);
      const r = await search(address);
      const first = r.results[0]!;
      expect(first.serviceAddress, address).toBe(`${address}, ${a.city}`);
      expect(first).toMatchObject({ matchedOn: 'address', exact: true });
      // Every exact match comes before any partial one.
      const firstPartial = r.results.findIndex((x) => !x.exact);
      if (firstPartial >= 0) expect(r.results.slice(firstPartial).every((x) => !x.exact)).toBe(true);
    }
  });

  it('puts an account with the exact name first, and finds by phone as printed and as digits', async () => {
    for (const a of sample()) {
      const byName = await search(a.name);
      expect(byName.results[0], a.name).toMatchObject({ name: a.name, matchedOn: 'name', exact: true });
      if (!a.phone) continue;
      for (const q of [a.phone, a.phone.replace(/\D/g, '')]) {
        const byPhone = await search(q);
        const first = byPhone.results[0]!;
        expect(first.phone, q).toBe(a.phone);
        expect(first.matchedOn).toBe('phone');
      }
    }
  });

  it('ranks the exact address above a phone that happens to hold the house number (the 224 Ararat Trl case)', async () => {
    const db = t.core.deps.db;
    // Created first (lower id): the full-text index alone lists her first.
    const phoneMatch = makeAccount(db, { first: 'Ruth', last: 'Howell', street: '120 Ararat Trl', phone: '(336) 224-2177' });
    const intended = makeAccount(db, { first: 'Otis', last: 'Campbell', street: '224 Ararat Trl', phone: '(336) 555-0101' });
    const r = await search('224 Ararat Trl');
    expect(r.results.map((x) => x.id).slice(0, 2)).toEqual([intended.id, phoneMatch.id]);
    expect(r.results[0]).toMatchObject({ matchedOn: 'address', exact: true });
    expect(r.results[1]).toMatchObject({ matchedOn: 'several', exact: false });
  });

  it('says how many accounts match when the list is capped', async () => {
    const city = rows[0]!.city;
    const inCity = rows.filter((r) => r.city === city).length;
    const r = await search(city, 20);
    expect(r.results).toHaveLength(20);
    expect(r.more).toBe(true);
    // Counted up to 100 (search runs on every keystroke): "20 of 100+ accounts shown".
    expect(inCity).toBeGreaterThan(100);
    expect(r.total).toBe(100);
    expect(r.totalCapped).toBe(true);

    const one = await search(rows[5]!.number);
    expect(one).toMatchObject({ total: 1, more: false, totalCapped: false });
    expect(await search('zzzzqqq')).toEqual({ results: [], total: 0, totalCapped: false, more: false });
  });
});
