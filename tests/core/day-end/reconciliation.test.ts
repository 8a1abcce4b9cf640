// Issue 11 item 12: the daily cash report ties out. A generated day — counter receipts in every
// tender with voids, a mail batch (a check with its number, a check keyed without one, a money
// order), and bank drafts that post without counter receipts — must reconcile the tender totals
// to the GL section line by line with no difference; every check and money order received is on
// a deposit slip (the drawers' and the mail batch's); the receipt-journal PDF names the payer or
// account of counter receipts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { planPayment, postPaymentEntry } from '../../../src-main/core/counter/payments';
import { GL } from '../../../src-main/core/ledger/gl';
import { readSettings } from '../../../src-main/core/settings';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const SUP = { username: 'supervisor', secret: '9999' };

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

async function pdfText(t: TestCore, token: string, input: Parameters<TestCore['must']>[1]) {
  const pdf = await t.must('reports.pdf', input as never, token);
  const file = path.join(tempDir('tc-recon-'), pdf.filename);
  fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('daily cash report reconciliation (issue 11 item 12)', () => {
  it('ties tender totals to the GL section, puts every check and money order on a deposit slip, and names payers in the receipt journal', async () => {
    const t = await makeTestCore({ now: '2026-03-16T14:00:00Z' });
    const db = t.core.deps.db;
    const accounts = Array.from({ length: 12 }, (_, i) => {
      const a = makeAccount(db, { first: `Gomer${i}`, last: `Pyle${i}`, street: `${200 + i} Elm St` });
      billAccount(db, a.id, '2026-02-20', { water: 3000 + i * 17, sewer: 2600 });
      return a;
    });
    const cashier = await t.signIn('cashier');
    const drawer = await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const random = prng(7);
    const numbers: string[] = [];
    for (let i = 0; i < 60; i++) {
      const acct = accounts[Math.floor(random() * accounts.length)]!;
      const amount = 1000 + Math.floor(random() * 9000);
      const k = random();
      const tenders =
        k < 0.4
          ? [{ kind: 'cash', amountCents: amount + 500 }]
          : k < 0.7
            ? [{ kind: 'check', amountCents: amount, checkNumber: String(3000 + i), payer: `Payer ${i}` }]
            : k < 0.85
              ? [{ kind: 'card', amountCents: amount, brand: 'VISA', last4: '1111', authCode: `AU${i}` }]
              : [{ kind: 'money_order', amountCents: amount, reference: `${7700 + i}` }];
      const r = await t.must('payments.post', { idempotencyKey: `recon-${String(i).padStart(5, '0')}`, lines: [{ type: 'account', accountId: acct.id, amountCents: amount }], tenders } as never, cashier);
      numbers.push(r.receipt.number);
    }
    for (let i = 0; i < numbers.length; i += 13) await t.must('receipts.void', { number: numbers[i]!, reason: 'keyed twice', override: SUP }, cashier);

    // Mail: a check with its number, a check keyed without one, and a money order.
    const clerk = await t.signIn('clerk');
    const batch = await t.must('mailBatches.open', { controlCount: 3, controlTotalCents: 4500 + 5500 + 6500 }, clerk);
    await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: accounts[0]!.number, amountCents: 4500, checkNumber: '9101', payer: 'Gomer0 Pyle0' }, clerk);
    await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: accounts[1]!.number, amountCents: 5500 }, clerk);
    await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: accounts[2]!.number, amountCents: 6500, tenderKind: 'money_order' }, clerk);
    await t.must('mailBatches.post', { batchId: batch.id }, clerk);

    // Bank drafts settle on the day: payments through draft clearing with no counter receipt,
    // posted as drafts.post posts each item.
    const settings = readSettings(db);
    db.transaction(() => {
      for (const [i, a] of accounts.slice(3, 6).entries()) {
        const req = { lines: [{ type: 'account' as const, accountId: a.id, amountCents: 5000 + i }], tenders: [{ kind: 'remittance' as const, amountCents: 5000 + i, reference: `TRACE${i}` }] };
        postPaymentEntry(db, planPayment(db, req, settings), [{ glCode: GL.draftClearing, amountCents: 5000 + i }], { businessDate: '2026-03-16', postedAt: '2026-03-16T14:30:00Z', userId: 1, station: 'S1', memo: `Bank draft TRACE${i}`, idempotencyKey: `draft-recon-${i}` });
      }
    })();

    // A returned check the same day.
    const checkReceipt = (db.prepare("SELECT r.number FROM receipts r JOIN receipt_tenders t ON t.receipt_id = r.id WHERE t.kind = 'check' AND r.drawer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id) ORDER BY r.id LIMIT 1").get() as { number: string }).number;
    await t.must('payments.return', { receiptNumber: checkReceipt, reason: 'NSF', returnedOn: '2026-03-16', override: SUP }, clerk);

    const sup = await t.signIn('supervisor');
    let r = await t.must('reports.daily', { businessDate: '2026-03-16' }, sup);
    // Before the drawer is counted its checks are on no slip yet; the mail batch's are.
    expect(r.deposits.map((d) => d.source)).toEqual(['mail']);
    expect(r.deposits[0]).toMatchObject({ id: batch.id, cashCents: 0, checkCount: 3, checksCents: 16500 });
    expect(r.checksNotDeposited.length).toBeGreaterThan(0);
    expect(r.checksNotDeposited.every((c) => c.why === `drawer ${drawer.id} is not counted yet`)).toBe(true);

    // The cashier ticks off every check of the drawer and counts exactly.
    const expected = (await t.must('reports.drawer', { drawerId: drawer.id }, sup)).expected!;
    const checks = (await t.must('drawer.checks', {}, cashier)).checks;
    const count = await t.must('drawer.count', { counts: [{ denominationCents: 100, count: Math.floor(expected.cash / 100) }, { denominationCents: 1, count: expected.cash % 100 }], checks: checks.map((c) => ({ receiptNumber: c.receiptNumber, tenderLineNo: c.tenderLineNo })), cardBatchCents: expected.card }, cashier);
    expect(count.variances).toEqual({ cash: 0, checks: 0, card: 0 });
    await t.must('drawer.close', { countId: count.countId }, cashier);

    r = await t.must('reports.daily', { businessDate: '2026-03-16' }, sup);
    // The mail check keyed without a number is a check, not a money order.
    const mailTenders = db.prepare('SELECT t.kind, t.check_number FROM receipt_tenders t JOIN receipts r ON r.id = t.receipt_id WHERE r.mail_batch_id = ? ORDER BY r.id').all(batch.id);
    expect(mailTenders).toEqual([{ kind: 'check', check_number: '9101' }, { kind: 'check', check_number: null }, { kind: 'money_order', check_number: null }]);

    // Reconciliation: receipts' net + drafts + returned payments + over/short = GL collection accounts.
    const rec = r.reconciliation;
    expect(rec.lines[0]).toEqual({ label: 'Net collected on receipts (tenders less change)', count: null, amountCents: r.netCollectedCents });
    expect(rec.lines.find((l) => l.label.startsWith('Bank drafts'))).toEqual({ label: 'Bank drafts posted (no counter receipt)', count: 3, amountCents: 5000 + 5001 + 5002 });
    const returned = r.returned.reduce((s, x) => s + x.amountCents, 0);
    expect(rec.lines.find((l) => l.label.startsWith('Returned'))?.amountCents).toBe(-returned);
    const gl = Object.fromEntries(r.byGl.map((g) => [g.glCode, g.debitCents - g.creditCents]));
    const glCollection = ['1010', '1020', '1030', '1040', '1050', '1060'].reduce((s, c) => s + (gl[c] ?? 0), 0);
    expect(rec.glCents).toBe(glCollection);
    expect(rec.expectedGlCents).toBe(rec.lines.reduce((s, l) => s + l.amountCents, 0));
    expect(rec.differenceCents).toBe(0);
    // Tender totals alone differ from the GL section by exactly the reconciling lines.
    expect(glCollection - r.netCollectedCents).toBe(rec.lines.slice(1).reduce((s, l) => s + l.amountCents, 0));

    // Every check and money order received is on a deposit slip.
    expect(r.checksNotDeposited).toEqual([]);
    expect(r.deposits.map((d) => [d.source, d.id])).toEqual([['drawer', drawer.id], ['mail', batch.id]]);
    expect(r.deposits.reduce((s, d) => s + d.checksCents, 0)).toBe(r.tenders.check + r.tenders.money_order + r.tenders.remittance);
    const drawerSlip = r.deposits[0]!;
    expect(drawerSlip.cashCents).toBe(expected.cash - drawer.startingCents);

    // The PDFs, read back with pdftotext.
    const daily = await pdfText(t, sup, { kind: 'daily', businessDate: '2026-03-16' });
    expect(daily).toContain('Reconciliation: tender totals to the GL section');
    expect(daily).toMatch(/Bank drafts posted \(no counter receipt\)\s+3\s+\$150\.03/);
    expect(daily).toMatch(/Difference \(ties out\)\s+\$0\.00/);
    expect(daily).toMatch(new RegExp(`Mail batch ${batch.id} \\(S1\\)\\s+\\$0\\.00\\s+3\\s+\\$165\\.00`));
    expect(daily).toContain('Every check and money order received on the day is on a deposit slip.');

    const slip = await pdfText(t, clerk, { kind: 'mailDepositSlip', batchId: batch.id });
    expect(slip).toContain('Deposit slip — mail payments');
    expect(slip).toMatch(/9101\s+Gomer0 Pyle0\s+\S+\s+S1-\d+\s+\$45\.00/);
    expect(slip).toMatch(/check, number not given\s+Gomer1 Pyle1\s+\S+\s+S1-\d+\s+\$55\.00/);
    expect(slip).toMatch(/money order\s+\S+\s+\S+\s+S1-\d+\s+\$65\.00|money order\s+Gomer2 Pyle2\s+\S+\s+S1-\d+\s+\$65\.00/);
    expect(slip).toMatch(/3 items\s+Total\s+\$165\.00/);

    const journal = await pdfText(t, sup, { kind: 'receiptJournal', businessDate: '2026-03-16' });
    const first = await t.must('receipts.get', { number: numbers[1]! }, sup);
    const acctLine = first.lines[0]!;
    // A counter receipt without a payer still names the account and its customer.
    expect(journal).toContain(`${acctLine.accountNumber!} ${acctLine.name}`.slice(0, 30));
    const jr = await t.must('reports.receiptJournal', { businessDate: '2026-03-16' }, sup);
    expect(jr.rows.every((row) => row.paidFor.length > 0)).toBe(true);
    expect(jr.rows.find((row) => row.number === numbers[1])!.paidFor).toBe(`${acctLine.accountNumber!} ${acctLine.name}`);
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
    t.close();
  }, 60_000);
});
