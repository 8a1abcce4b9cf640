// A generated business day: several hundred mixed payments across two cashiers, with voids,
// a returned check, pickups and a mail batch; every report's totals must equal the sum of the
// underlying postings, and tender totals = GL totals = payments − voids.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUP = { username: 'supervisor', secret: '9999' };

async function busyDay() {
  const t = await makeTestCore({ now: '2026-03-16T13:00:00Z' });
  const db = t.core.deps.db;
  const accounts = Array.from({ length: 40 }, (_, i) => {
    const a = makeAccount(db, { first: `Pat${i}`, last: `Doe${i}`, street: `${100 + i} Main St` });
    billAccount(db, a.id, '2026-02-20', { water: 2000 + i * 13, sewer: 2500, solid_waste: 1800 });
    return a;
  });
  // A second cashier at a second station.
  const { createUser } = await import('../../../src-main/core/auth/users');
  createUser(db, { username: 'cashier2', displayName: 'Carl Cashier', role: 'cashier', secret: '3333', at: '2026-01-01T00:00:00Z' });
  const c1 = await t.signIn('cashier');
  await t.must('drawer.open', { counts: STARTING_BANK }, c1);
  return { t, db, accounts, c1 };
}

describe('end of day', () => {
  let t: TestCore;
  let c1: string;
  let c2: string;
  let expected: { posted: number; voided: number; receipts: number };
  let setupDone = false;
  let drawer1: number;
  let drawer2: number;

  beforeAll(async () => {
    const day = await busyDay();
    t = day.t;
    c1 = day.c1;
    // Cashier 2 works station S2 over the same ledger through its own core.
    const { createCore } = await import('../../../src-main/core/create-core');
    const { createBridge } = await import('../../../src-main/ipc/bridge');
    const { sequentialIds } = await import('../../../src-main/core/deps');
    const core2 = createCore({ db: t.core.deps.db, clock: t.clock, ids: sequentialIds('s2'), station: 'S2', ledgerFile: ':memory:', appVersion: 'test' });
    const bridge2 = createBridge(core2, { validateOutput: true });
    const call2 = async (m: string, input: unknown, token: string | null) => {
      const r = await bridge2.invoke(m, input, token);
      if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    };
    c2 = ((await call2('session.signIn', { username: 'cashier2', secret: '3333' }, null)) as { token: string }).token;
    await call2('drawer.open', { counts: STARTING_BANK }, c2);

    const random = prng(42);
    let posted = 0;
    let voided = 0;
    let receipts = 0;
    const numbers: string[] = [];
    for (let i = 0; i < 300; i++) {
      const acct = day.accounts[Math.floor(random() * day.accounts.length)]!;
      const amount = 500 + Math.floor(random() * 15000);
      const kind = random();
      const tenders =
        kind < 0.5
          ? [{ kind: 'cash', amountCents: amount + Math.floor(random() * 2000) }]
          : kind < 0.75
            ? [{ kind: 'check', amountCents: amount, checkNumber: String(1000 + i), payer: 'Payer' }]
            : kind < 0.9
              ? [{ kind: 'card', amountCents: amount, brand: 'VISA', last4: '4242', authCode: `A${i}` }]
              : [{ kind: 'cash', amountCents: Math.floor(amount / 2) }, { kind: 'money_order', amountCents: amount - Math.floor(amount / 2), reference: `MO${i}` }];
      const lines = random() < 0.15 ? [{ type: 'revenue', revenueCode: 'REC', amountCents: amount, description: 'Pool pass' }] : [{ type: 'account', accountId: acct.id, amountCents: amount }];
      const input = { idempotencyKey: `day-${String(i).padStart(6, '0')}`, lines, tenders };
      const r = i % 2 === 0 ? await t.must('payments.post', input as never, c1) : ((await call2('payments.post', input, c2)) as { receipt: { number: string } });
      numbers.push(r.receipt.number);
      posted += amount;
      receipts++;
    }
    // Voids: every 37th receipt.
    for (let i = 0; i < numbers.length; i += 37) {
      const n = numbers[i]!;
      const token = n.startsWith('S1') ? c1 : c2;
      const v = n.startsWith('S1') ? await t.must('receipts.void', { number: n, reason: 'keyed in error', override: SUP }, token) : ((await call2('receipts.void', { number: n, reason: 'keyed in error', override: SUP }, token)) as { totalCents: number });
      voided += v.totalCents;
      receipts--;
    }
    // A returned check (recorded the same day).
    const checkReceipt = (t.core.deps.db.prepare("SELECT r.number FROM receipts r JOIN receipt_tenders t ON t.receipt_id = r.id JOIN receipt_lines l ON l.receipt_id = r.id WHERE t.kind = 'check' AND l.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id) ORDER BY r.id LIMIT 1").get() as { number: string }).number;
    await t.must('payments.return', { receiptNumber: checkReceipt, reason: 'NSF', returnedOn: '2026-03-16', override: SUP }, c1);
    // A mail batch.
    const clerk = await t.signIn('clerk');
    const batch = await t.must('mailBatches.open', { controlCount: 3, controlTotalCents: 15000 }, clerk);
    for (const [i, amt] of [4000, 5000, 6000].entries()) await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: day.accounts[i]!.number, amountCents: amt, checkNumber: String(9000 + i) }, clerk);
    await t.must('mailBatches.post', { batchId: batch.id }, clerk);
    posted += 15000;
    receipts += 3;
    expected = { posted, voided, receipts };
    drawer1 = (await t.must('drawer.current', {}, c1)).drawer!.id;
    drawer2 = drawer1 + 1;
    setupDone = true;
  }, 120_000);

  it('records supervisor pickups with both names and takes them out of expected cash', async () => {
    expect(setupDone).toBe(true);
    const sup = await t.signIn('supervisor');
    const before = await t.must('reports.drawer', { drawerId: drawer1 }, sup);
    expect((await t.must('reports.drawer', { drawerId: drawer1 }, c1)).expected).toBeNull();
    expect((await t.must('drawer.journal', {}, c1)).expectedCashCents).toBeNull();
    const noSup = await t.call('drawer.pickup', { drawerId: drawer1, counts: [{ denominationCents: 10000, count: 1 }] }, c1);
    expect(noSup.ok ? null : noSup.error.code).toBe('NEEDS_SUPERVISOR');
    const p = await t.must('drawer.pickup', { drawerId: drawer1, counts: [{ denominationCents: 2000, count: 10 }], note: 'midday', override: SUP }, c1);
    expect(p).toMatchObject({ amountCents: 20000, supervisor: 'Sam Supervisor', cashier: 'Cathy Cashier' });
    const after = await t.must('reports.drawer', { drawerId: drawer1 }, sup);
    expect(after.expected!.cash).toBe(before.expected!.cash - 20000);
  });

  it('closes blind: expected shown only after the count; a $2.00 short posts to over/short; a big variance needs a supervisor', async () => {
    const rep = await t.must('reports.drawer', { drawerId: drawer1 }, await t.signIn('supervisor'));
    // Count $2.00 short in cash, checks and card exact.
    const cash = rep.expected!.cash - 200;
    const counts = [{ denominationCents: 100, count: Math.floor(cash / 100) }, { denominationCents: 1, count: cash % 100 }];
    // Ticked off the drawer's own list (number, payer and amount come from the receipts).
    const checks = (await t.must('drawer.checks', {}, c1)).checks.map((c) => ({ receiptNumber: c.receiptNumber, tenderLineNo: c.tenderLineNo }));
    const count = await t.must('drawer.count', { counts, checks, cardBatchCents: rep.expected!.card }, c1);
    expect(count.variances).toEqual({ cash: -200, checks: 0, card: 0 });
    expect(count.needsSupervisor).toBe(false);
    const closed = await t.must('drawer.close', { countId: count.countId }, c1);
    expect(closed).toMatchObject({ overShortCents: -200, closedAt: expect.any(String) });
    const late = await t.call('payments.post', { idempotencyKey: 'after-close-1', lines: [{ type: 'revenue', revenueCode: 'REC', amountCents: 100 }], tenders: [{ kind: 'cash', amountCents: 100 }] }, c1);
    expect(late.ok ? null : late.error.code).toBe('DRAWER_NOT_OPEN');
    const os = t.core.deps.db.prepare("SELECT gl_code, amount_cents FROM journal_lines WHERE entry_id = (SELECT id FROM journal_entries WHERE kind = 'over_short') ORDER BY gl_code").all();
    expect(os).toEqual([{ gl_code: '1010', amount_cents: -200 }, { gl_code: '5900', amount_cents: 200 }]);

    // Cashier 2 is $20 over: refused without a supervisor note and approval.
    const rep2 = await t.must('reports.drawer', { drawerId: drawer2 }, await t.signIn('supervisor'));
    const c2cash = rep2.expected!.cash + 2000;
    // Cashier 2 keys each check by hand (digits only: a money order without a number gets its receipt's digits).
    const c2checks = (t.core.deps.db.prepare("SELECT coalesce(t.check_number, replace(r.number, 'S2-', '')) AS checkNumber, t.amount_cents AS amountCents FROM receipt_tenders t JOIN receipts r ON r.id = t.receipt_id WHERE r.drawer_id = ? AND t.kind IN ('check', 'money_order', 'remittance') AND NOT EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void')").all(drawer2) as Array<{ checkNumber: string; amountCents: number }>);
    const sup = await t.signIn('supervisor');
    // The count is the cashier's own; record it through a session at station S2.
    const { createCore } = await import('../../../src-main/core/create-core');
    const { createBridge } = await import('../../../src-main/ipc/bridge');
    const { sequentialIds } = await import('../../../src-main/core/deps');
    const bridge2 = createBridge(createCore({ db: t.core.deps.db, clock: t.clock, ids: sequentialIds('s2b'), station: 'S2', ledgerFile: ':memory:', appVersion: 'test' }));
    const call2 = async (m: string, input: unknown, token: string | null) => bridge2.invoke(m, input, token);
    const count2 = await call2('drawer.count', { counts: [{ denominationCents: 100, count: Math.floor(c2cash / 100) }, { denominationCents: 1, count: c2cash % 100 }], checks: c2checks, cardBatchCents: rep2.expected!.card }, c2);
    expect(count2.ok).toBe(true);
    const countId = (count2 as { value: { countId: number; variances: { cash: number } } }).value.countId;
    expect((count2 as { value: { variances: { cash: number }; needsSupervisor: boolean } }).value).toMatchObject({ variances: { cash: 2000 }, needsSupervisor: true });
    const refused = await call2('drawer.close', { countId }, c2);
    expect(refused.ok ? null : refused.error.code).toBe('NEEDS_SUPERVISOR');
    const dayClose = await t.call('day.close', { businessDate: '2026-03-16' }, sup);
    expect(dayClose.ok ? null : dayClose.error.code).toBe('DAY_NOT_READY');
    const ok = await call2('drawer.close', { countId, note: 'found a $20 tucked under the tray', override: SUP }, c2);
    expect(ok.ok).toBe(true);
  });

  it('reports add up: tender totals = GL totals = payments − voids, and over/short balances', async () => {
    const sup = await t.signIn('supervisor');
    const r = await t.must('reports.daily', { businessDate: '2026-03-16' }, sup);
    const tenderSum = r.tenders.cash + r.tenders.check + r.tenders.card + r.tenders.money_order + r.tenders.remittance - r.changeCents;
    expect(r.netCollectedCents).toBe(expected.posted - expected.voided);
    expect(tenderSum).toBe(r.netCollectedCents);
    expect(r.receiptCount).toBe(expected.receipts);
    const gl = Object.fromEntries(r.byGl.map((g) => [g.glCode, g.debitCents - g.creditCents]));
    const returned = r.returned.reduce((s, x) => s + x.amountCents, 0);
    // Tender GLs net of the returned check and the over/short adjustments equal the tender totals.
    const tenderGl = (gl['1010'] ?? 0) + (gl['1020'] ?? 0) + (gl['1030'] ?? 0) + (gl['1040'] ?? 0) + (gl['1050'] ?? 0);
    expect(tenderGl).toBe(tenderSum - returned + r.overShortCents);
    expect(r.byGl.reduce((s, g) => s + g.debitCents - g.creditCents, 0)).toBe(0);
    expect(r.byRevenue.reduce((s, x) => s + x.amountCents, 0)).toBe(r.netCollectedCents);
    expect(r.byCashier.map((c) => c.cashier).sort()).toEqual(['Carl Cashier', 'Cathy Cashier', 'Clara Clerk'].sort());
    expect(r.byCashier.reduce((s, c) => s + c.netCents, 0)).toBe(r.netCollectedCents);
    expect(r.voids).toHaveLength(Math.ceil(300 / 37));
    expect(r.returned).toHaveLength(1);
    expect(r.mailBatches).toEqual([expect.objectContaining({ count: 3, totalCents: 15000 })]);
    expect(r.overShortCents).toBe(-200 + 2000);
    expect(gl['5900']).toBe(-(r.overShortCents));
    const journal = await t.must('reports.receiptJournal', { businessDate: '2026-03-16' }, sup);
    expect(journal.rows).toHaveLength(303);
    expect(journal.rows[0]!.tenders.length).toBeGreaterThan(0);
    for (const row of journal.rows) expect(row.tenders.every((x) => ['cash', 'check', 'card', 'money_order', 'remittance'].includes(x.kind) && Number.isInteger(x.amountCents))).toBe(true);
    expect(journal.totalPostedCents).toBe(expected.posted - expected.voided);
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
  });

  it('closes the business day; the next posting opens the next day; reports stay the same', async () => {
    const sup = await t.signIn('supervisor');
    const before = await t.must('reports.daily', { businessDate: '2026-03-16' }, sup);
    const closed = await t.must('day.close', { businessDate: '2026-03-16' }, sup);
    expect(closed.closedAt).not.toBeNull();
    const again = await t.call('day.close', { businessDate: '2026-03-16' }, sup);
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    const opened = await t.must('drawer.open', { counts: STARTING_BANK }, c1);
    expect(opened.businessDate).toBe('2026-03-17');
    await t.must('payments.post', { idempotencyKey: 'next-day-0001', lines: [{ type: 'revenue', revenueCode: 'REC', amountCents: 1000 }], tenders: [{ kind: 'cash', amountCents: 1000 }] }, c1);
    const after = await t.must('reports.daily', { businessDate: '2026-03-16' }, sup);
    expect({ ...after, status: 'x', closedAt: null, closedBy: null }).toEqual({ ...before, status: 'x', closedAt: null, closedBy: null });
  });

  it('renders the PDFs with the right numbers, dates and names', async () => {
    const sup = await t.signIn('supervisor');
    const dir = tempDir('tc-pdf-');
    const text = async (input: Parameters<TestCore['must']>[1]) => {
      const pdf = await t.must('reports.pdf', input as never, sup);
      const file = path.join(dir, pdf.filename);
      fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
      return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    };
    const daily = await t.must('reports.daily', { businessDate: '2026-03-16' }, sup);
    const dailyText = await text({ kind: 'daily', businessDate: '2026-03-16' });
    expect(dailyText).toContain('Daily cash report');
    expect(dailyText).toContain('Business date 2026-03-16');
    expect(dailyText).toContain('Town of Mayberry');
    const money = (c: number) => (c < 0 ? '-' : '') + '$' + (Math.abs(c) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    expect(dailyText).toContain(money(daily.netCollectedCents));
    expect(dailyText).toContain('Carl Cashier');
    expect(dailyText).toContain('keyed in error');
    const slip = await text({ kind: 'depositSlip', drawerId: drawer1 });
    const rep = await t.must('reports.drawer', { drawerId: drawer1 }, sup);
    expect(slip).toContain('Deposit slip');
    expect(slip).toContain(money(rep.count!.countedChecksCents));
    expect(slip).toContain('Cathy Cashier');
    const drawerText = await text({ kind: 'drawer', drawerId: drawer1 });
    expect(drawerText).toContain(money(-200));
    const journalText = await text({ kind: 'receiptJournal', businessDate: '2026-03-16' });
    expect(journalText).toContain('S1-000001');
    expect(journalText).toContain('VOID');
  });
});
