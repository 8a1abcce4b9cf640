// Issue 16 item 3: after a conversion the customers still hold bills with the previous system's
// account numbers (accounts.legacy_number / legacy_key). Those numbers work wherever a number is
// typed — the counter's search, the account by number, a mail batch row, the returned-payment
// lookup — and a mis-keyed one is caught by the town's old check-digit rule
// (setting conversionCheckDigit). The importer isn't here yet: the old numbers are set by SQL on
// fixture accounts, and the search index rebuilt as the importer will.
import fs from 'node:fs';
import path from 'node:path';
import { getAccount, searchAccounts } from '../../../src-main/core/accounts/queries';
import { runConversion } from '../../../src-main/core/conversion/run';
import { createSecrets } from '../../../src-main/core/secrets';
import { inspectSettings } from '../../../src-main/core/settings';
import { indexAccount, rebuildSearchIndex } from '../../../src-main/core/accounts/search-index';
import { loadMigrations, migrate } from '../../../src-main/db/migrate';
import { openLedger, type Db } from '../../../src-main/db/open-ledger';
import { makeAccountNumber } from '../../../src-shared/account-number';
import { legacyKey } from '../../../src-shared/legacy-number';
import { writeSet } from '../../helpers/conversion';
import { MIGRATIONS_DIR, makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK, type FixtureAccount } from '../../helpers/fixtures';

function setOldNumber(db: Db, accountId: number, printed: string) {
  db.prepare('UPDATE accounts SET legacy_number = ?, legacy_key = ? WHERE id = ?').run(printed, legacyKey(printed), accountId);
}

interface Town {
  t: TestCore;
  db: Db;
  andy: FixtureAccount;
  helen: FixtureAccount;
  otis: FixtureAccount;
  goober: FixtureAccount;
  floyd: FixtureAccount;
  clerk: string;
}

async function convertedTown(): Promise<Town> {
  const t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
  const db = t.core.deps.db;
  const andy = makeAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St' }); // 0000001-8
  const helen = makeAccount(db, { first: 'Helen', last: 'Crump', street: '7 School Rd' }); // 0000002-6
  const otis = makeAccount(db, { first: 'Otis', last: 'Campbell', street: '9 Jail St' }); // 0000003-4
  const goober = makeAccount(db, { first: 'Goober', last: 'Pyle', street: '2 Garage Ln' }); // 0000004-2
  const floyd = makeAccount(db, { first: 'Floyd', last: 'Lawson', street: '5 Barber Way' });
  for (const a of [andy, helen, otis, goober, floyd]) billAccount(db, a.id, '2026-02-05', { water: 3000, sewer: 2000 });
  db.transaction(() => {
    setOldNumber(db, andy.id, '12-3456-6'); // Luhn over 123456 is 6
    setOldNumber(db, helen.id, '1000001-7'); // mod 11 over 1000001 is 7; eight digits that fail TownCounter's Luhn
    setOldNumber(db, otis.id, '44-5566-5'); // mod 11 over 445566 is 5
    setOldNumber(db, goober.id, '00000018'); // the same digits as Andy's TownCounter number 0000001-8
    rebuildSearchIndex(db);
  })();
  return { t, db, andy, helen, otis, goober, floyd, clerk: await t.signIn('clerk') };
}

async function setRule(t: TestCore, rule: 'luhn' | 'mod11' | 'none') {
  await t.must('settings.update', { values: { conversionCheckDigit: rule }, reason: 'the old system’s numbers' }, await t.signIn('admin'));
}

async function errorOf(t: TestCore, token: string, number: string) {
  const r = await t.call('accounts.get', { number }, token);
  return r.ok ? `found ${r.value.number}` : `${r.error.code}: ${r.error.message}`;
}

describe('old account numbers after a conversion', () => {
  let town: Town;
  beforeAll(async () => {
    town = await convertedTown();
  });
  afterAll(() => town.t.close());

  it('finds the account by its old number as printed, without dashes, with spaces or in lower case, and shows it', async () => {
    const { t, clerk, andy, helen, otis, floyd, db } = town;
    for (const typed of ['12-3456-6', '1234566', '12 3456 6', ' 12-3456-6 ']) {
      const a = await t.must('accounts.get', { number: typed }, clerk);
      expect(a, typed).toMatchObject({ id: andy.id, number: andy.number, legacyNumber: '12-3456-6' });
    }
    // Eight digits failing TownCounter's check digit: still an old number, found before any refusal.
    expect((await t.must('accounts.get', { number: '10000017' }, clerk)).id).toBe(helen.id);
    expect((await t.must('accounts.get', { number: '44-5566-5' }, clerk)).id).toBe(otis.id);
    // Letters (rule 'none' towns): the key is upper case.
    setOldNumber(db, floyd.id, 'W-0042');
    indexAccount(db, floyd.id);
    expect((await t.must('accounts.get', { number: 'w-0042' }, clerk)).id).toBe(floyd.id);
    // An account without an old number says so.
    expect((await t.must('accounts.get', { number: andy.number }, clerk)).legacyNumber).toBe('12-3456-6');
    expect((await t.must('accounts.get', { accountId: town.goober.id }, clerk)).legacyNumber).toBe('00000018');
    const plain = makeAccount(db, { first: 'Thelma', last: 'Lou', street: '3 Oak St' });
    expect((await t.must('accounts.get', { accountId: plain.id }, clerk)).legacyNumber).toBeNull();
  });

  it('finds it at the counter by search: exact old number first, parts of it too, and the old number indexed', async () => {
    const { t, andy, otis, floyd } = town;
    const cashier = await t.signIn('cashier');
    for (const q of ['12-3456-6', '1234566']) {
      const r = await t.must('accounts.search', { query: q }, cashier);
      expect(r.results[0], q).toMatchObject({ id: andy.id, legacyNumber: '12-3456-6', matchedOn: 'oldNumber', exact: true });
      expect(r.results.filter((h) => h.exact)).toHaveLength(1);
    }
    // A part of the old number (as printed, or the key's start) finds it through the index.
    const part = await t.must('accounts.search', { query: '5566' }, cashier);
    expect(part.results.map((h) => [h.id, h.matchedOn, h.exact])).toEqual([[otis.id, 'oldNumber', false]]);
    const prefix = await t.must('accounts.search', { query: '445' }, cashier);
    expect(prefix.results.map((h) => h.id)).toEqual([otis.id]);
    // Re-indexed one account at a time (indexAccount) as well as in bulk.
    expect((await t.must('accounts.search', { query: 'W-0042' }, cashier)).results[0]).toMatchObject({ id: floyd.id, matchedOn: 'oldNumber', exact: true });
    expect((await t.must('accounts.search', { query: 'W0042' }, cashier)).results[0]?.id).toBe(floyd.id);
  });

  it('an old number equal to another account’s TownCounter digits: the TownCounter number wins, and search shows both', async () => {
    const { t, clerk, andy, goober } = town;
    // accounts.get by number: a valid TownCounter number names the account holding it.
    expect((await t.must('accounts.get', { number: '0000001-8' }, clerk)).id).toBe(andy.id);
    expect((await t.must('accounts.get', { number: '00000018' }, clerk)).id).toBe(andy.id);
    // Search lists both, TownCounter's first; with two exact matches Enter can't pick one.
    const r = await t.must('accounts.search', { query: '00000018' }, clerk);
    expect(r.results.slice(0, 2).map((h) => [h.id, h.matchedOn, h.exact])).toEqual([
      [andy.id, 'number', true],
      [goober.id, 'oldNumber', true],
    ]);
  });

  it('the customer search (Customers, Deposits, New service) takes an account number, TownCounter’s or the old one, and puts its customer first', async () => {
    const { t, clerk, andy, helen, floyd, db } = town;
    setOldNumber(db, floyd.id, 'W-0042');
    const nameOf = async (query: string) => (await t.must('customers.search', { query, limit: 10 }, clerk)).results.map((c) => c.displayName);
    expect(await nameOf('12-3456-6')).toEqual(['Andy Taylor']);
    expect(await nameOf('1234566')).toEqual(['Andy Taylor']);
    expect(await nameOf('1000001-7')).toEqual(['Helen Crump']);
    expect(await nameOf('w-0042')).toEqual(['Floyd Lawson']);
    expect(await nameOf(helen.number)).toEqual(['Helen Crump']);
    const hit = (await t.must('customers.search', { query: '12-3456-6', limit: 10 }, clerk)).results[0]!;
    expect(hit.accounts.map((a) => a.number)).toEqual([andy.number]);
    // Digits that are one account's TownCounter number and another's old number: TownCounter's wins, as at the counter.
    expect((await nameOf('00000018'))[0]).toBe('Andy Taylor');
    // An old number nobody holds finds nobody; a name finds as before.
    expect(await nameOf('99-9999-9')).toEqual([]);
    expect(await nameOf('Lawson')).toEqual(['Floyd Lawson']);
  });

  it('a mis-keyed old number is caught by the town’s rule (Luhn by default)', async () => {
    const { t, clerk } = town;
    await setRule(t, 'luhn');
    expect(await errorOf(t, clerk, '12-3456-7')).toBe('BAD_ACCOUNT_NUMBER: 12-3456-7 fails its check digit (old account number); re-key the account number.');
    // Eight digits failing Luhn are a mis-keyed TownCounter number under the Luhn rule.
    expect(await errorOf(t, clerk, '1000002-5')).toBe('BAD_ACCOUNT_NUMBER: 1000002-5 fails its check digit; re-key the account number.');
    // A well-formed old number nobody holds (Luhn over 990000 is 2).
    expect(await errorOf(t, clerk, '99-0000-2')).toMatch(/^NOT_FOUND: No account with the number 99-0000-2/);
    expect(await errorOf(t, clerk, '12#34')).toBe("BAD_ACCOUNT_NUMBER: 12#34 is not an account number (like 0012345-6, or the old number on the customer's bill).");
    // A valid TownCounter number nobody holds.
    const nobody = makeAccountNumber(99);
    expect(await errorOf(t, clerk, nobody)).toBe(`NOT_FOUND: No account ${nobody}.`);
  });

  it('under mod 11: the X check character, eight digits valid only by mod 11, and a wrong mod 11 digit', async () => {
    const { t, clerk, db, floyd, helen } = town;
    await setRule(t, 'mod11');
    expect(await errorOf(t, clerk, '44-5566-4')).toBe('BAD_ACCOUNT_NUMBER: 44-5566-4 fails its check digit (old account number); re-key the account number.');
    // Helen's 1000001-7 is still found; 1000002-5 is a valid mod 11 number (no account), not a bad TownCounter one.
    expect((await t.must('accounts.get', { number: '1000001-7' }, clerk)).id).toBe(helen.id);
    expect(await errorOf(t, clerk, '1000002-5')).toMatch(/^NOT_FOUND: No account with the number 1000002-5/);
    // Failing both rules: a check digit problem.
    expect(await errorOf(t, clerk, '1000002-6')).toBe('BAD_ACCOUNT_NUMBER: 1000002-6 fails its check digit; re-key the account number.');
    setOldNumber(db, floyd.id, '1000005-X'); // mod 11 over 1000005 is 10, written X
    indexAccount(db, floyd.id);
    expect((await t.must('accounts.get', { number: '1000005x' }, clerk)).id).toBe(floyd.id);
    // The stored old number is found whatever the rule says of it (Andy's 12-3456-6 is Luhn, not mod 11).
    expect((await t.must('accounts.get', { number: '12-3456-6' }, clerk)).id).toBe(town.andy.id);
    expect(await errorOf(t, clerk, '12-3456-7')).toBe('BAD_ACCOUNT_NUMBER: 12-3456-7 fails its check digit (old account number); re-key the account number.');
  });

  it('with no rule, any old-number form that nobody holds is just not found', async () => {
    const { t, clerk } = town;
    await setRule(t, 'none');
    expect(await errorOf(t, clerk, '12-3456-7')).toMatch(/^NOT_FOUND: No account with the number 12-3456-7/);
    expect(await errorOf(t, clerk, 'ZZ-9')).toMatch(/^NOT_FOUND: No account with the number ZZ-9/);
    expect(await errorOf(t, clerk, '12#34')).toMatch(/^BAD_ACCOUNT_NUMBER: 12#34 is not an account number/);
    await setRule(t, 'luhn');
  });
});

describe('payments by old number', () => {
  it('posts a counter payment to the account an old number finds, keys a mail row by it, and finds the returned check by it', async () => {
    const { t, andy, otis, clerk } = await convertedTown();
    await setRule(t, 'mod11');
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);

    // Counter: the cashier types the old number from the bill, takes the one exact match, posts.
    const found = await t.must('accounts.search', { query: '12-3456-6' }, cashier);
    expect(found.results[0]).toMatchObject({ id: andy.id, exact: true });
    const before = (await t.must('accounts.get', { number: '12-3456-6' }, cashier)).balanceCents;
    const paid = await t.must('payments.post', { idempotencyKey: 'old-number-0001', lines: [{ type: 'account', accountId: found.results[0]!.id, amountCents: 2000 }], tenders: [{ kind: 'cash', amountCents: 2000 }] }, cashier);
    expect(paid.receipt.number).toBe('S1-000001');
    expect((await t.must('accounts.get', { accountId: andy.id }, cashier)).balanceCents).toBe(before - 2000);

    // Mail batch: the stub carries the old number; the row shows which account it found.
    const batch = await t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 5000 }, clerk);
    const wrong = await t.call('mailBatches.addItem', { batchId: batch.id, accountNumber: '44-5566-4', amountCents: 5000, checkNumber: '3301' }, clerk);
    expect(wrong.ok ? null : wrong.error).toMatchObject({ code: 'BAD_ACCOUNT_NUMBER', message: '44-5566-4 fails its check digit (old account number); re-key it from the stub.' });
    const added = await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: '44 5566 5', amountCents: 5000, checkNumber: '3301', payer: 'Otis Campbell' }, clerk);
    expect(added.items).toEqual([expect.objectContaining({ accountId: otis.id, accountNumber: otis.number, legacyNumber: '44-5566-5', name: 'Otis Campbell' })]);
    const posted = await t.must('mailBatches.post', { batchId: batch.id }, clerk);
    expect(posted.items[0]!.receiptNumber).not.toBeNull();
    expect((await t.must('accounts.get', { accountId: otis.id }, clerk)).balanceCents).toBe(0);

    // The bank returns the check: the clerk has the old number from the customer's file.
    const byOld = await t.must('payments.findReturnable', { accountNumber: '44-5566-5' }, clerk);
    expect(byOld.results.map((r) => [r.receiptNumber, r.checkNumber, r.amountCents, r.accounts])).toEqual([[posted.items[0]!.receiptNumber, '3301', 5000, [{ accountNumber: otis.number, name: 'Otis Campbell' }]]]);
    expect((await t.must('payments.findReturnable', { accountNumber: otis.number }, clerk)).results).toHaveLength(1);
    const bad = await t.call('payments.findReturnable', { accountNumber: '44-5566-4' }, clerk);
    expect(bad.ok ? null : bad.error.code).toBe('BAD_ACCOUNT_NUMBER');
    expect((await t.must('ledger.verify', {}, await t.signIn('supervisor'))).violations).toEqual([]);
    t.close();
  });
});

describe('old bill stubs scanned (setting conversionScanLine)', () => {
  // The old system's stub: 2 digits of form code, the old account number zero-padded to 10, the
  // amount due in cents to 10, and 2 more digits: 24 in all.
  const stub = (oldKey: string, cents: number) => `07${oldKey.padStart(10, '0')}${String(cents).padStart(10, '0')}41`;

  it('is refused as a setting when it could not be a scan line, and a bad stored one falls back to none', async () => {
    const t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
    const admin = await t.signIn('admin');
    const bad = await t.call('settings.update', { values: { conversionScanLine: 'length=24 account=3-12 amount=10-20' }, reason: 'old stubs' }, admin);
    expect(bad.ok ? null : bad.error.code).toBe('BAD_INPUT');
    expect(bad.ok ? '' : bad.error.message).toContain('account and amount overlap');
    expect((await t.must('settings.get', {}, admin)).conversionScanLine).toBe('');
    t.core.deps.db.prepare("INSERT INTO settings (key, value) VALUES ('conversionScanLine', '\"length=5 account=1-2\"') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    const s = inspectSettings(t.core.deps.db);
    expect(s.values.conversionScanLine).toBe('');
    expect(s.problems.map((p) => p.key)).toEqual(['conversionScanLine']);
    t.close();
  });

  it('finds the account at the counter, by number and in a mail batch (with the stub’s amount), and nothing for a stub of no account here', async () => {
    const { t, db, andy, otis, goober, clerk } = await convertedTown();
    const cashier = await t.signIn('cashier');
    const andyStub = stub('1234566', 4250);
    // Before the town says where the old number is, a scanned old stub finds nothing.
    expect((await t.must('accounts.search', { query: andyStub }, cashier)).results).toEqual([]);
    expect((await t.call('accounts.readStub', { scanLine: andyStub }, cashier)).ok).toBe(false);
    await t.must('settings.update', { values: { conversionScanLine: 'length=24 account=3-12 amount=13-22' }, reason: 'the old system’s stubs' }, await t.signIn('admin'));

    // Counter search: the one exact match, as for a typed old number (Enter takes it).
    const found = await t.must('accounts.search', { query: andyStub }, cashier);
    expect(found.results.map((r) => [r.id, r.matchedOn, r.exact])).toEqual([[andy.id, 'oldNumber', true]]);
    // By number wherever one is typed (accounts.get), and read as a stub with its amount due.
    expect((await t.must('accounts.get', { number: andyStub }, clerk)).id).toBe(andy.id);
    expect(await t.must('accounts.readStub', { scanLine: andyStub }, clerk)).toEqual({ accountId: andy.id, accountNumber: andy.number, legacyNumber: '12-3456-6', amountDueCents: 4250 });
    // Other old numbers: Otis's 44-5566-5; Goober's 00000018, itself starting with zeros (scanned as 0000000018).
    expect((await t.must('accounts.readStub', { scanLine: stub('4455665', 900) }, clerk)).accountId).toBe(otis.id);
    expect((await t.must('accounts.readStub', { scanLine: stub('18', 0) }, clerk))).toMatchObject({ accountId: goober.id, legacyNumber: '00000018', amountDueCents: 0 });

    // Mail batch: the row keyed with the old stub's scan line goes to its account.
    const batch = await t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 4250 }, clerk);
    const added = await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: andyStub, amountCents: 4250, checkNumber: '1201' }, clerk);
    expect(added.items).toEqual([expect.objectContaining({ accountId: andy.id, legacyNumber: '12-3456-6' })]);

    // A stub whose old number no account holds, or of another length: nothing found, nothing added.
    const nobody = stub('99999', 100);
    expect((await t.must('accounts.search', { query: nobody }, cashier)).results).toEqual([]);
    const r = await t.call('accounts.readStub', { scanLine: nobody }, clerk);
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
    expect((await t.call('accounts.readStub', { scanLine: andyStub.slice(1) }, clerk)).ok).toBe(false);
    const refused = await t.call('mailBatches.addItem', { batchId: batch.id, accountNumber: nobody, amountCents: 100, checkNumber: '1202' }, clerk);
    expect(refused.ok).toBe(false);
    expect((db.prepare('SELECT count(*) AS n FROM mail_batch_items').get() as { n: number }).n).toBe(1);
    // Crafted input: too long, empty, not a string.
    for (const scanLine of ['1'.repeat(81), '', 42]) expect((await t.call('accounts.readStub', { scanLine } as never, clerk)).ok ? null : 'refused').toBe('refused');
    t.close();
  });
});

describe('a town without old numbers', () => {
  it('keeps TownCounter’s numbers only: the same refusals as before the conversion work', async () => {
    const t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
    const a = makeAccount(t.core.deps.db, { first: 'Andy', last: 'Taylor' });
    const clerk = await t.signIn('clerk');
    expect(await errorOf(t, clerk, '12-3456-6')).toBe('BAD_ACCOUNT_NUMBER: 12-3456-6 is not an account number (7 digits and a check digit, like 0012345-6).');
    expect(await errorOf(t, clerk, '0000001-7')).toBe('BAD_ACCOUNT_NUMBER: 0000001-7 fails its check digit; re-key the account number.');
    expect(await errorOf(t, clerk, a.number)).toBe(`found ${a.number}`);
    t.close();
  });
});

describe('a ledger before the conversion migration (read-only start)', () => {
  it('reads accounts, searches and resolves numbers without the old-number columns', async () => {
    const dir = tempDir('tc-pre25-');
    for (const f of fs.readdirSync(MIGRATIONS_DIR)) if (Number(f.slice(0, 4)) < 25) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    const db = openLedger(':memory:', { create: true });
    await migrate(db, loadMigrations(dir));
    expect(db.prepare("SELECT name FROM pragma_table_info('accounts') WHERE name = 'legacy_number'").all()).toEqual([]);
    const a = makeAccount(db, { first: 'Andy', last: 'Taylor' });
    const detail = getAccount(db, { number: a.number }, '2026-03-16');
    expect(detail).toMatchObject({ id: a.id, number: a.number, legacyNumber: null, name: 'Andy Taylor' });
    expect(searchAccounts(db, a.number, 10, '2026-03-16').results.map((r) => [r.id, r.matchedOn, r.legacyNumber])).toEqual([[a.id, 'number', null]]);
    expect(searchAccounts(db, 'Taylor', 10, '2026-03-16').results[0]?.id).toBe(a.id);
    expect(() => getAccount(db, { number: '12-3456-6' }, '2026-03-16')).toThrow(/is not an account number/);
    db.close();
  });
});

describe('after a real conversion import', () => {
  it('the old numbers the importer kept work at the counter search, by number and in a mail batch', async () => {
    const keyFile = path.join(tempDir('tc-key-'), 'key');
    const t = await makeTestCore({ boot: { keyFile } });
    const db = t.core.deps.db;
    const dir = writeSet();
    const r = runConversion(db, { dir, dryRun: false, acceptRejects: false, asOf: '2026-03-16', checkDigit: 'luhn', timeZone: 'America/New_York', userId: null, station: 'S1', secrets: createSecrets(db, keyFile), reportDir: null, now: () => t.clock.now() });
    expect(r.status).toBe('loaded');
    const clerk = await t.signIn('clerk');
    // 20-0003-2 became 2000032-9 and kept its old number (tests/helpers/conversion.ts).
    const emmett = await t.must('accounts.get', { number: '20-0003-2' }, clerk);
    expect(emmett).toMatchObject({ number: '2000032-9', legacyNumber: '20-0003-2', name: "Emmett's Fix-It Shop" });
    const hits = await t.must('accounts.search', { query: '20-0003-2' }, clerk);
    expect(hits.results[0]).toMatchObject({ id: emmett.id, matchedOn: 'oldNumber', exact: true });
    // The importer's bulk index holds the old number's parts.
    expect((await t.must('accounts.search', { query: '0003' }, clerk)).results.map((h) => h.id)).toContain(emmett.id);
    expect(await errorOf(t, clerk, '20-0003-3')).toBe('BAD_ACCOUNT_NUMBER: 20-0003-3 fails its check digit (old account number); re-key the account number.');
    const batch = await t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 2500 }, clerk);
    const added = await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: '2000032', amountCents: 2500, checkNumber: '77' }, clerk);
    expect(added.items[0]).toMatchObject({ accountId: emmett.id, accountNumber: '2000032-9', legacyNumber: '20-0003-2' });
    t.close();
  });
});
