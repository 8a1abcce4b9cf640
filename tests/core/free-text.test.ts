// Card numbers in free text (issue 10 item 6): every free-text field at the contract refuses a
// run of 12–19 digits (spaces or dashes allowed between digits) that passes the Luhn check, with
// BAD_INPUT and nothing stored; the card authorization code is at most 8 characters.
import { contract } from '../../src-shared/ipc/contract';
import { exportContract } from '../../src-shared/ipc/export-schemas';
import { usersContract } from '../../src-shared/ipc/users-schemas';
import { workOrderContract } from '../../src-shared/ipc/work-order-schemas';
import { CARD_NUMBER_MESSAGE, containsCardNumber, luhnValid } from '../../src-shared/free-text';
import { nextKey, printCounter } from './printing/helpers';

const CARDS = ['4111111111111111', '4111 1111 1111 1111', '5555-5555-5555-4444', '3782 822463 10005', '6011111111111117', 'card 4012888888881881 exp 12/26', '4111111111111111 2026', '4111 1111 1111 1111 12/26'];
const NOT_CARDS = ['4111 1111 1111 1112', 'Acct 0012345 paid 2026-03-16', '(336) 555-1234', '12345678901', 'Ref 20260316000000000001', 'check 4111', 'Andy Taylor'];

describe('containsCardNumber', () => {
  it('finds Luhn-valid runs of 12–19 digits, with spaces or dashes between digits', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    for (const s of CARDS) expect(containsCardNumber(s), s).toBe(true);
    for (const s of NOT_CARDS) expect(containsCardNumber(s), s).toBe(false);
  });
});

/** Parses a method's input at the contract with one field changed; returns the messages of a refusal. */
function refusal(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ message: string }> } } }, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error!.issues.map((i) => i.message);
}

const card = '4111 1111 1111 1111';
const override = { username: 'supervisor', secret: '9999' };

describe('every free-text field family refuses a card number at the contract', () => {
  const cases: Array<[string, { safeParse(v: unknown): never }, (v: string) => unknown]> = [
    // Payments: payer, references, descriptions, department, bill reference, check payer, remittance payer.
    ['payments.post payer', contract['payments.post'].input as never, (v) => ({ idempotencyKey: 'key-000001', payer: v, lines: [{ type: 'account', accountId: 1, amountCents: 100 }], tenders: [{ kind: 'cash', amountCents: 100 }] })],
    ['payments.post revenue description', contract['payments.post'].input as never, (v) => ({ idempotencyKey: 'key-000001', lines: [{ type: 'revenue', revenueCode: 'MISC', amountCents: 100, description: v }], tenders: [{ kind: 'cash', amountCents: 100 }] })],
    ['payments.post revenue department', contract['payments.post'].input as never, (v) => ({ idempotencyKey: 'key-000001', lines: [{ type: 'revenue', revenueCode: 'DEP', amountCents: 100, department: v }], tenders: [{ kind: 'cash', amountCents: 100 }] })],
    ['payments.post check payer', contract['payments.post'].input as never, (v) => ({ idempotencyKey: 'key-000001', lines: [{ type: 'account', accountId: 1, amountCents: 100 }], tenders: [{ kind: 'check', amountCents: 100, checkNumber: '12', payer: v }] })],
    ['payments.post money order reference', contract['payments.post'].input as never, (v) => ({ idempotencyKey: 'key-000001', lines: [{ type: 'account', accountId: 1, amountCents: 100 }], tenders: [{ kind: 'money_order', amountCents: 100, reference: v }] })],
    ['payments.post remittance reference', contract['payments.post'].input as never, (v) => ({ idempotencyKey: 'key-000001', lines: [{ type: 'account', accountId: 1, amountCents: 100 }], tenders: [{ kind: 'remittance', amountCents: 100, reference: v }] })],
    ['payments.preview payer', contract['payments.preview'].input as never, (v) => ({ payer: v, lines: [{ type: 'account', accountId: 1, amountCents: 100 }], tenders: [{ kind: 'cash', amountCents: 100 }] })],
    // Notes.
    ['accounts.addNote text', contract['accounts.addNote'].input as never, (v) => ({ accountId: 1, text: `Customer read out ${v} over the phone` })],
    // Reasons.
    ['accounts.setCashOnly reason', contract['accounts.setCashOnly'].input as never, (v) => ({ accountId: 1, cashOnly: true, reason: v })],
    ['receipts.void reason', contract['receipts.void'].input as never, (v) => ({ number: 'S1-000001', reason: v, override })],
    ['payments.return reason', contract['payments.return'].input as never, (v) => ({ receiptNumber: 'S1-000001', reason: v, returnedOn: '2026-03-16', override })],
    ['drawer.noSale reason', contract['drawer.noSale'].input as never, (v) => ({ reason: v, override })],
    ['printer.cancel reason', contract['printer.cancel'].input as never, (v) => ({ jobId: 1, reason: v })],
    ['settings.update reason', contract['settings.update'].input as never, (v) => ({ values: {}, reason: v })],
    ['printer.updateSettings reason', contract['printer.updateSettings'].input as never, (v) => ({ values: {}, reason: v })],
    ['export.updateSettings reason', exportContract['export.updateSettings'].input as never, (v) => ({ values: {}, reason: v })],
    // Mail batch fields.
    ['mailBatches.addItem payer', contract['mailBatches.addItem'].input as never, (v) => ({ batchId: 1, accountNumber: '0012345', amountCents: 100, payer: v })],
    // Day end: pickup note, counted checks, close note.
    ['drawer.pickup note', contract['drawer.pickup'].input as never, (v) => ({ drawerId: 1, counts: [{ denominationCents: 2000, count: 1 }], note: v })],
    ['drawer.count check payer', contract['drawer.count'].input as never, (v) => ({ counts: [], checks: [{ checkNumber: '12', amountCents: 100, payer: v }], cardBatchCents: 0 })],
    ['drawer.close note', contract['drawer.close'].input as never, (v) => ({ countId: 1, note: v })],
    // Other stored text: the town's details, receipt header lines, a draft holder's name.
    ['settings.update townName', contract['settings.update'].input as never, (v) => ({ values: { townName: v }, reason: 'rename the town' })],
    ['printer.updateSettings headerLines', contract['printer.updateSettings'].input as never, (v) => ({ values: { headerLines: [v] }, reason: 'new header' })],
    // Work orders and users.
    ['workOrders.create customerWords', workOrderContract['workOrders.create'].input as never, (v) => ({ type: 'leak_check', address: '104 N Main St', customerWords: v, source: 'phone', idempotencyKey: 'key-000001' })],
    ['workOrders.create instructions', workOrderContract['workOrders.create'].input as never, (v) => ({ type: 'leak_check', address: '104 N Main St', instructions: v, source: 'phone', idempotencyKey: 'key-000001' })],
    ['users.create displayName', usersContract['users.create'].input as never, (v) => ({ username: 'newuser', displayName: v, roles: ['cashier'], secret: '1234', reason: 'new hire' })],
    ['users.disable reason', usersContract['users.disable'].input as never, (v) => ({ userId: 1, reason: v })],
    ['drafts.enroll holderName', exportContract['drafts.enroll'].input as never, (v) => ({ accountId: 1, routingNumber: '053000196', accountType: 'checking', bankAccountNumber: '12345678', holderName: v, authorizedOn: '2026-03-16' })],
  ];

  it.each(cases)('%s', (_name, schema, build) => {
    // The same input with ordinary text is accepted, so the card number is what is refused.
    expect(refusal(schema, build('Andy Taylor, Mayberry'))).toEqual([]);
    for (const c of [card, '5555-5555-5555-4444', `ref 6011111111111117`]) expect(refusal(schema, build(c))).toContain(CARD_NUMBER_MESSAGE);
  });

  it('the card authorization code is 2 to 8 letters or digits', () => {
    const post = (authCode: string) => ({ idempotencyKey: 'key-000001', lines: [{ type: 'account', accountId: 1, amountCents: 100 }], tenders: [{ kind: 'card', amountCents: 100, brand: 'VISA', last4: '1111', authCode }] });
    expect(refusal(contract['payments.post'].input as never, post('AB12CD34'))).toEqual([]);
    expect(refusal(contract['payments.post'].input as never, post('411111111111')).length).toBeGreaterThan(0);
    expect(refusal(contract['payments.post'].input as never, post('AB12CD345')).length).toBeGreaterThan(0);
  });
});

describe('through the bridge: refused with BAD_INPUT, nothing stored', () => {
  it('a payment with a card number in the payer or the authorization code posts nothing and queues no receipt', async () => {
    const c = await printCounter();
    const db = c.t.core.deps.db;
    const before = db.prepare('SELECT (SELECT count(*) FROM receipts) AS r, (SELECT count(*) FROM journal_entries) AS j').get();
    const payer = await c.t.call('payments.post', { idempotencyKey: nextKey(), payer: `Andy ${card}`, lines: [{ type: 'account', accountId: c.accountId, amountCents: 1000 }], tenders: [{ kind: 'cash', amountCents: 1000 }] }, c.cashier);
    expect(payer.ok ? null : payer.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('card number') });
    const auth = await c.t.call('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: c.accountId, amountCents: 1000 }], tenders: [{ kind: 'card', amountCents: 1000, brand: 'VISA', last4: '1111', authCode: '411111111111' }] }, c.cashier);
    expect(auth.ok ? null : auth.error.code).toBe('BAD_INPUT');
    const note = await c.t.call('accounts.addNote', { accountId: c.accountId, text: `card ${card}` }, c.cashier);
    expect(note.ok ? null : note.error.code).toBe('BAD_INPUT');
    expect(db.prepare('SELECT (SELECT count(*) FROM receipts) AS r, (SELECT count(*) FROM journal_entries) AS j').get()).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM print_jobs').get()).toEqual({ n: 0 });
    // The same payment with the payer's name alone posts.
    await c.t.must('payments.post', { idempotencyKey: nextKey(), payer: 'Andy Taylor', lines: [{ type: 'account', accountId: c.accountId, amountCents: 1000 }], tenders: [{ kind: 'cash', amountCents: 1000 }] }, c.cashier);
  });
});
