import { postEntry } from '../../src-main/core/ledger/journal';
import { makeTestCore } from '../helpers/core';
import { billAccount, makeAccount } from '../helpers/fixtures';

describe('ledger.verify', () => {
  it('is clean on a consistent ledger and reports each kind of violation', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const a = makeAccount(db);
    const bill = billAccount(db, a.id, '2026-02-01', { water: 2500, sewer: 3000 });
    const sup = await t.signIn('supervisor');
    const clean = await t.must('ledger.verify', {}, sup);
    expect(clean).toMatchObject({ ok: true, violations: [] });
    expect(clean.counts.entries).toBe(1);

    // Damage the ledger the way only a bug or a hand edit could (the triggers stop edits, so insert).
    const entry = (kind: string) => Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at) VALUES (?, '2026-02-03', 'x')").run(kind).lastInsertRowid);
    const line = db.prepare('INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, ?, ?, ?)');
    const lopsided = entry('payment');
    line.run(lopsided, '1010', null, 700);
    line.run(lopsided, '1200', a.id, -500);
    const anonymous = entry('payment');
    line.run(anonymous, '1010', null, 200);
    line.run(anonymous, '1200', null, -200);
    const charge = (db.prepare('SELECT id FROM charges WHERE entry_id = ? ORDER BY id LIMIT 1').get(bill.entryId) as { id: number }).id;
    db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, 9999)').run(lopsided, charge);
    const orphanVoid = entry('void');

    const report = await t.must('ledger.verify', {}, sup);
    expect(report.ok).toBe(false);
    const checks = new Set(report.violations.map((v) => v.check));
    expect(checks).toEqual(new Set(['entry-balances', 'receivable-lines-name-an-account', 'allocation-within-charge', 'allocation-within-payment', 'balance-backed-by-open-charges', 'reversal-targets']));
    expect(report.violations.filter((v) => v.check === 'entry-balances').map((v) => v.detail)).toEqual([
      `journal entry ${lopsided} has 2 lines summing to 200 (must be ≥ 2 lines summing to 0)`,
      `journal entry ${orphanVoid} has 0 lines summing to 0 (must be ≥ 2 lines summing to 0)`,
    ]);
    expect(report.violations.find((v) => v.check === 'receivable-lines-name-an-account')!.detail).toContain(`entry ${anonymous}`);
    t.close();
  });

  it('refuses an unbalanced entry before writing anything', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const post = () =>
      db.transaction(() =>
        postEntry(db, { kind: 'payment', businessDate: '2026-02-03', postedAt: 'x', userId: null, lines: [{ glCode: '1010', amountCents: 100 }, { glCode: '4390', amountCents: -99 }] }),
      )();
    expect(post).toThrow(/does not balance/);
    expect(() => db.transaction(() => postEntry(db, { kind: 'payment', businessDate: '2026-02-03', postedAt: 'x', userId: null, lines: [{ glCode: '1010', amountCents: 0.5 }, { glCode: '4390', amountCents: -0.5 }] }))()).toThrow(/whole number/);
    expect(db.prepare('SELECT count(*) AS n FROM journal_entries').get()).toEqual({ n: 0 });
    t.close();
  });
});
