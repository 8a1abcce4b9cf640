// Issue 11 item 8: the clerk holds the bank's returned-item notice (a check number, an amount, a
// name), not our receipt number. Find the check by check number, amount, date or account; record
// the return; the recorded letter opens as a PDF (read back with pdftotext).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTestCore, tempDir } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const SUP = { username: 'supervisor', secret: '9999' };

describe('returned check lookup and letter (issue 11 item 8)', () => {
  it('finds a check by check number, amount, date or account, and prints the recorded letter', async () => {
    // 23:30 on March 16 in North Carolina is already March 17 in UTC.
    const t = await makeTestCore({ now: '2026-03-17T03:30:00Z' });
    const db = t.core.deps.db;
    const andy = makeAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St' });
    const helen = makeAccount(db, { first: 'Helen', last: 'Crump', street: '7 School Rd' });
    billAccount(db, andy.id, '2026-02-05', { water: 3000, sewer: 4000 });
    billAccount(db, helen.id, '2026-02-05', { water: 2500 });
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const pay = (key: string, accountId: number, amountCents: number, tender: Record<string, unknown>) =>
      t.must('payments.post', { idempotencyKey: key, lines: [{ type: 'account', accountId, amountCents }], tenders: [{ amountCents, ...tender }] } as never, cashier);
    const a1 = await pay('look-00001', andy.id, 7000, { kind: 'check', checkNumber: '1201', payer: 'Andy Taylor' });
    await pay('look-00002', helen.id, 2500, { kind: 'check', checkNumber: '1201', payer: 'Helen Crump' });
    await pay('look-00003', helen.id, 1000, { kind: 'money_order', reference: '55501' });
    await pay('look-00004', andy.id, 1500, { kind: 'cash' });
    const clerk = await t.signIn('clerk');
    const find = (q: Record<string, unknown>) => t.must('payments.findReturnable', q, clerk);

    // Two checks numbered 1201: the amount (or the account) tells them apart.
    const byNumber = await find({ checkNumber: '1201' });
    expect(byNumber.results.map((r) => [r.checkNumber, r.amountCents, r.accounts[0]!.name])).toEqual([
      ['1201', 2500, 'Helen Crump'],
      ['1201', 7000, 'Andy Taylor'],
    ]);
    expect((await find({ checkNumber: '01201', amountCents: 7000 })).results.map((r) => r.receiptNumber)).toEqual([a1.receipt.number]);
    expect((await find({ accountNumber: andy.number })).results.map((r) => [r.kind, r.checkNumber, r.payer])).toEqual([['check', '1201', 'Andy Taylor']]);
    expect((await find({ date: '2026-03-16' })).results).toHaveLength(3);
    expect((await find({ date: '2026-03-15' })).results).toEqual([]);
    expect((await find({ amountCents: 1000 })).results[0]).toMatchObject({ kind: 'money_order', checkNumber: '55501', accounts: [{ name: 'Helen Crump' }], returned: null });
    // Cash is never a returnable item.
    expect((await find({ amountCents: 1500 })).results).toEqual([]);
    const none = await t.call('payments.findReturnable', {}, clerk);
    expect(none.ok ? null : none.error.code).toBe('BAD_INPUT');
    const badAcct = await t.call('payments.findReturnable', { accountNumber: `${andy.number.slice(0, -1)}${(Number(andy.number.slice(-1)) + 1) % 10}` }, clerk);
    expect(badAcct.ok ? null : badAcct.error.code).toBe('BAD_ACCOUNT_NUMBER');

    const ret = await t.must('payments.return', { receiptNumber: a1.receipt.number, reason: 'NSF', returnedOn: '2026-03-16', override: SUP }, clerk);
    const found = (await find({ checkNumber: '1201', amountCents: 7000 })).results[0]!;
    expect(found.returned).toEqual({ returnedOn: '2026-03-16', reason: 'NSF', letterId: ret.letterId });

    const pdf = await t.must('letters.pdf', { letterId: ret.letterId! }, clerk);
    expect(pdf.pages).toBe(1);
    const file = path.join(tempDir('tc-letter-'), pdf.filename);
    fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Returned payment notice');
    expect(text).toContain('March 16, 2026');
    expect(text).toMatch(/Andy Taylor\s+14 Maple St\s+Mayberry, NC 27030/);
    expect(text).toContain(`Account ${andy.number}`);
    expect(text).toContain(`Your check number 1201 for $70.00, received on receipt ${a1.receipt.number}, was returned unpaid by your bank (NSF).`);
    expect(text).toMatch(/Returned payment fee\s+\$35\.00/);
    const balance = (await t.must('accounts.get', { accountId: andy.id }, clerk)).balanceCents;
    expect(text).toMatch(new RegExp(`Balance on your account now\\s+\\$${(balance / 100).toFixed(2)}`));
    const missing = await t.call('letters.pdf', { letterId: 999 }, clerk);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    t.close();
  });
});
