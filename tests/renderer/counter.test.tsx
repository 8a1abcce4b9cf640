// The front counter in happy-dom: the real App over the real bridge and a real SQLite ledger.
// Keys go to whatever has focus (document.activeElement), as a cashier's keyboard would.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Transport } from '../../src-renderer/api/client';
import { LAST4_REFUSED } from '../../src-renderer/screens/counter/TenderCards';
import { makeScanLine } from '../../src-shared/scan-line';
import { makeTestCore, type TestCore } from '../helpers/core';
import { billAccount, STARTING_BANK } from '../helpers/fixtures';
import { signIn, startApp } from './harness';

const focused = () => document.activeElement as HTMLElement;
const press = (key: string, init: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(focused(), { key, ...init });
const typeText = (value: string) => fireEvent.change(focused(), { target: { value } });
const field = <T extends HTMLElement = HTMLInputElement>(label: string) => screen.getByLabelText<T>(label);

/** A figure in a <dl>: the <dd> next to the <dt> with this text. */
function figure(container: HTMLElement, label: string): string | null {
  const dt = within(container).getAllByText(label).find((e) => e.tagName === 'DT');
  return dt?.parentElement?.querySelector('dd')?.textContent ?? null;
}
const totals = (label: string) => figure(screen.getByRole('region', { name: 'Totals' }), label);
const postButton = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Post payment' });

async function openCashierDrawer(t: TestCore) {
  await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier'));
}

/** Signs in as the cashier (drawer already open) and waits for the Find account box to have focus. */
async function atCounter(username = 'cashier', pin = '1111') {
  await signIn(username, pin);
  const box = await screen.findByRole('searchbox', { name: 'Find account' });
  await waitFor(() => expect(focused()).toBe(box));
  return box;
}

/** Types into Find account and presses Enter at once (faster than the search debounce). */
async function pickAccount(query: string, number: string) {
  fireEvent.change(screen.getByRole('searchbox', { name: 'Find account' }), { target: { value: query } });
  fireEvent.keyDown(screen.getByRole('searchbox', { name: 'Find account' }), { key: 'Enter' });
  const amount = await screen.findByLabelText<HTMLInputElement>(`Amount for ${number}`);
  await waitFor(() => expect(focused()).toBe(amount));
  return amount;
}

const posts = (calls: Array<{ method: string; input: unknown }>) => calls.filter((c) => c.method === 'payments.post');

describe('the drawer', () => {
  it('sends a cashier without a drawer to the Drawer screen, opens it with the counted bank, then shows the journal', async () => {
    const { t } = await startApp();
    await signIn('cashier', '1111');
    const go = await screen.findByRole('button', { name: 'Go to Drawer' });
    expect(screen.getByText('No cash drawer is open')).toBeTruthy();
    await waitFor(() => expect(focused()).toBe(go));
    fireEvent.click(go);

    const first = await screen.findByLabelText<HTMLInputElement>('$100 bills count');
    await waitFor(() => expect(focused()).toBe(first));
    const form = screen.getByRole('form', { name: 'Open drawer' });
    await waitFor(() => expect(figure(form, 'Starting bank setting')).toBe('$200.00'));
    // Enter moves down the count; a count must be a whole number.
    press('Enter');
    press('Enter');
    expect(focused()).toBe(field('$20 bills count'));
    typeText('5x');
    expect(field('$20 bills count').value).toBe('');
    expect(within(form).getByText('Type how many, as a whole number (up to 99,999).')).toBeTruthy();
    typeText('5');
    for (const [label, n] of [['$10 bills count', '6'], ['$5 bills count', '4'], ['$1 bills and coins count', '15'], ['Quarters count', '16']] as const) {
      fireEvent.change(field(label), { target: { value: n } });
    }
    expect(figure(form, 'Total counted')).toBe('$199.00');
    expect(figure(form, 'Difference')).toBe('$1.00 short');
    fireEvent.change(field('Dimes count'), { target: { value: '10' } });
    expect(figure(form, 'Total counted')).toBe('$200.00');
    expect(figure(form, 'Difference')).toBe('Matches');
    fireEvent.click(within(form).getByRole('button', { name: 'Open drawer' }));

    const journal = await screen.findByRole('region', { name: 'Today’s journal' });
    await waitFor(() => expect(figure(journal, 'Starting bank')).toBe('$200.00'));
    // The close is blind: the cashier never sees expected cash while the drawer is open.
    expect(within(journal).queryByText('Expected cash')).toBeNull();
    expect(figure(journal, 'Cashier')).toBe('Cathy Cashier');
    expect(within(journal).getByText('No receipts in this drawer yet.')).toBeTruthy();
    const drawer = (await t.must('drawer.current', {}, await t.signIn('cashier'))).drawer!;
    expect(drawer.startingCount).toEqual([...STARTING_BANK].sort((a, b) => b.denominationCents - a.denominationCents));

    fireEvent.click(within(journal).getByRole('button', { name: 'Go to Counter' }));
    await screen.findByRole('searchbox', { name: 'Find account' });
    t.close();
  });
});

describe('taking payments', () => {
  it('takes a cash payment with change using only the keyboard', async () => {
    const { t, seeded, transport } = await startApp();
    await openCashierDrawer(t);
    await atCounter();
    const amount = await pickAccount(seeded.smith.number, seeded.smith.number);
    // The account: balance, past due, due date and its flags.
    const card = screen.getByRole('region', { name: `Line 1 John Q. Smith ${seeded.smith.number}` });
    expect(figure(card, 'Balance')).toBe('$155.25');
    await waitFor(() => expect(figure(card, 'Past due')).toBe('$75.00'));
    expect(figure(card, 'Due date')).toBe('03/21/2026');
    expect(within(card).getByRole('list', { name: `Flags for ${seeded.smith.number}` }).textContent).toBe('Medical alert until 06/30/2026');
    expect(amount.value).toBe('155.25');

    // Enter in the amount takes it in cash: a cash tender for what is due, focused.
    press('Enter');
    const cash = await screen.findByLabelText<HTMLInputElement>('Cash amount');
    await waitFor(() => expect(focused()).toBe(cash));
    expect(cash.value).toBe('155.25');
    typeText('200');
    await waitFor(() => expect(totals('Change')).toBe('$44.75'));
    expect(totals('Due')).toBe('$155.25');
    expect(totals('Tendered')).toBe('$200.00');
    expect(totals('Short')).toBe('$0.00');

    // The allocation preview: oldest due date first, then the service order.
    const preview = screen.getByRole('region', { name: 'Allocation preview' });
    const rows = within(within(preview).getByRole('table', { name: 'Charges paid by line 1' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['Sewer 2025-12-10 to 2026-01-10', '02/04/2026', '$30.00'],
      ['Water 2025-12-10 to 2026-01-10', '02/04/2026', '$45.00'],
      ['Sewer 2026-01-10 to 2026-02-10', '03/21/2026', '$30.00'],
      ['Water 2026-01-10 to 2026-02-10', '03/21/2026', '$50.25'],
    ]);
    expect(figure(preview, 'Balance after')).toBe('$0.00');
    expect(postButton().getAttribute('aria-keyshortcuts')).toBe('F9');

    press('F9');
    const receipt = await screen.findByRole('article', { name: 'Receipt S1-000001' });
    expect(figure(screen.getByRole('main'), 'Change due')).toBe('$44.75');
    expect(figure(receipt, 'Change')).toBe('$44.75');
    expect(figure(receipt, 'Total')).toBe('$155.25');
    expect(figure(receipt, 'Cashier')).toBe('Cathy Cashier');
    expect(figure(receipt, 'Business date')).toBe('03/16/2026');
    expect(figure(receipt, 'Station')).toBe('S1');
    expect(within(receipt).getByText('Town of Mayberry')).toBeTruthy();
    expect(within(receipt).getByText('104 N Main St, Mayberry NC 27030')).toBeTruthy();
    expect(within(receipt).getByText('Remaining balance $0.00')).toBeTruthy();
    expect(within(receipt).queryByText('DUPLICATE')).toBeNull();
    expect(within(within(receipt).getByRole('table', { name: 'Tenders' })).getByRole('row').textContent).toBe('Cash$200.00');

    const sent = posts(transport.calls);
    expect(sent).toHaveLength(1);
    expect((sent[0]!.input as { idempotencyKey: string }).idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(sent[0]!.input).toMatchObject({ lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 15525 }], tenders: [{ kind: 'cash', amountCents: 20000 }] });

    // Escape starts the next transaction, back in the Find account box.
    await waitFor(() => expect(focused()).toBe(screen.getByRole('button', { name: 'New transaction' })));
    press('Escape');
    const box = await screen.findByRole<HTMLInputElement>('searchbox', { name: 'Find account' });
    await waitFor(() => expect(focused()).toBe(box));
    expect(box.value).toBe('');
    expect(screen.queryByLabelText(`Amount for ${seeded.smith.number}`)).toBeNull();
    expect((await t.must('accounts.get', { accountId: seeded.smith.id }, await t.signIn('cashier'))).balanceCents).toBe(0);
    t.close();
  });

  it('ignores a preview answer that arrives after a newer one', async () => {
    // The preview of a $150.00 cash tender is held back until after the $200.00 one answered.
    const held = (input: unknown) => (input as { tenders?: Array<{ amountCents: number }> }).tenders?.[0]?.amountCents === 15000;
    const { t, seeded, transport } = await startApp({ delay: (m, input) => (m === 'payments.preview' && held(input) ? 300 : 0) });
    await openCashierDrawer(t);
    await atCounter();
    await pickAccount(seeded.smith.number, seeded.smith.number);
    press('Enter');
    await waitFor(() => expect(focused()).toBe(screen.getByLabelText('Cash amount')));
    typeText('150');
    await waitFor(() => expect(transport.calls.some((c) => c.method === 'payments.preview' && held(c.input))).toBe(true));
    typeText('200');
    await waitFor(() => expect(totals('Change')).toBe('$44.75'));
    await new Promise((r) => setTimeout(r, 350)); // the $150.00 answer arrives now
    expect(totals('Change')).toBe('$44.75');
    expect(totals('Short')).toBe('$0.00');
    expect(postButton().disabled).toBe(false);
    t.close();
  });

  it('fills a scanned bill stub with what is owed now (not the stub’s amount), nothing once paid, and warns of a repeat the same day', async () => {
    const { t, seeded } = await startApp();
    await openCashierDrawer(t);
    await atCounter();
    // The stub printed $75.00; the account owes $155.25 now.
    const stub = makeScanLine(seeded.smith.number, 7500);
    let amount = await pickAccount(stub, seeded.smith.number);
    expect(amount.value).toBe('155.25');
    expect(screen.getByText(/the amount is what is owed now, not the stub’s printed amount/)).toBeTruthy();
    press('Enter');
    await waitFor(() => expect(focused()).toBe(screen.getByLabelText('Cash amount')));
    await waitFor(() => expect(postButton().disabled).toBe(false));
    press('F9');
    await screen.findByRole('article', { name: 'Receipt S1-000001' });
    press('F2');
    await waitFor(() => expect(focused()).toBe(screen.getByRole('searchbox', { name: 'Find account' })));

    // The same stub again: nothing is owed, so nothing is filled in; keying the same amount warns.
    amount = await pickAccount(stub, seeded.smith.number);
    expect(amount.value).toBe('');
    typeText('155.25');
    const card = screen.getByRole('region', { name: `Line 1 John Q. Smith ${seeded.smith.number}` });
    await within(card).findByText(`Account ${seeded.smith.number} was already paid $155.25 today (receipt S1-000001). Is this the same bill stub again?`, { exact: false });
    t.close();
  });

  it('shows the credit a check over the amount due creates', async () => {
    const { t, seeded } = await startApp();
    await openCashierDrawer(t);
    await atCounter();
    await pickAccount('john smith', seeded.smith.number);
    fireEvent.click(screen.getByRole('button', { name: 'Add check' }));
    const check = await screen.findByRole('group', { name: 'Tender 1: Check' });
    expect(within(check).getByLabelText<HTMLInputElement>('Check amount').value).toBe('155.25');
    expect(within(check).getByLabelText<HTMLInputElement>('Payer').value).toBe('John Q. Smith');
    fireEvent.change(within(check).getByLabelText('Check amount'), { target: { value: '170.00' } });
    fireEvent.change(within(check).getByLabelText('Check number'), { target: { value: '1042' } });
    await waitFor(() => expect(totals('Due')).toBe('$170.00'));
    expect(totals('Change')).toBe('$0.00');
    const preview = screen.getByRole('region', { name: 'Allocation preview' });
    expect(figure(preview, 'Credit created')).toBe('$14.75');
    expect(figure(preview, 'Balance after')).toBe('$14.75 credit');
    expect(screen.getByText('Check over the amount due: $14.75 goes to the account as credit (no cash back).')).toBeTruthy();
    // Said before posting: the extra $14.75 becomes credit, and the cashier confirms it.
    const ahead = await screen.findByText('Before posting you will confirm:');
    expect(ahead.closest('[role="status"]')!.textContent).toContain('$14.75 more than is due');
    await waitFor(() => expect(postButton().disabled).toBe(false));
    fireEvent.click(postButton());
    const dialog = await screen.findByRole('dialog', { name: 'Confirm the payment' });
    expect(within(dialog).getByText(/becomes a credit on account/)).toBeTruthy();
    const confirm = within(dialog).getByRole('button', { name: 'Confirm and post' });
    await waitFor(() => expect(focused()).toBe(confirm));
    fireEvent.click(confirm);
    const receipt = await screen.findByRole('article', { name: 'Receipt S1-000001' });
    expect(within(receipt).getByText('Remaining balance $14.75 credit')).toBeTruthy();
    expect(within(receipt).getByText('Check 1042 — John Q. Smith')).toBeTruthy();
    expect(figure(receipt, 'Change')).toBe('$0.00');
    t.close();
  });

  it('keeps the card field to exactly the last four digits', async () => {
    const { t, seeded } = await startApp();
    await openCashierDrawer(t);
    await atCounter();
    await pickAccount(seeded.smith.number, seeded.smith.number);
    fireEvent.click(screen.getByRole('button', { name: 'Add card' }));
    const last4 = await screen.findByLabelText<HTMLInputElement>('Last four digits');
    expect(last4.maxLength).toBe(4);
    expect(last4.inputMode).toBe('numeric');
    fireEvent.change(last4, { target: { value: '12345' } });
    expect(last4.value).toBe('');
    expect(screen.getByText(LAST4_REFUSED)).toBeTruthy();
    expect(last4.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(last4, { target: { value: '4111 1111 1111 1111' } });
    expect(last4.value).toBe('');
    fireEvent.change(last4, { target: { value: '42' } });
    expect(last4.value).toBe('42');
    expect(screen.queryByText(LAST4_REFUSED)).toBeNull();
    fireEvent.blur(last4);
    expect(screen.getByText('Enter exactly four digits: the last four of the card.')).toBeTruthy();
    fireEvent.change(last4, { target: { value: '42x' } });
    expect(last4.value).toBe('42');
    fireEvent.change(last4, { target: { value: '4242' } });
    expect(last4.getAttribute('aria-invalid')).toBeNull();
    t.close();
  });

  it('splits a payment between a check and a card', async () => {
    const { t, seeded } = await startApp();
    await openCashierDrawer(t);
    await atCounter();
    await pickAccount(seeded.smith.number, seeded.smith.number);
    fireEvent.click(screen.getByRole('button', { name: 'Add check' }));
    const check = await screen.findByRole('group', { name: 'Tender 1: Check' });
    fireEvent.change(within(check).getByLabelText('Check amount'), { target: { value: '100' } });
    fireEvent.change(within(check).getByLabelText('Check number'), { target: { value: '2001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add card' }));
    const card = await screen.findByRole('group', { name: 'Tender 2: Card' });
    // A new tender starts at what is still due.
    expect(within(card).getByLabelText<HTMLInputElement>('Card amount').value).toBe('55.25');
    fireEvent.change(within(card).getByLabelText('Card brand'), { target: { value: 'VISA' } });
    fireEvent.change(within(card).getByLabelText('Last four digits'), { target: { value: '4242' } });
    expect(postButton().disabled).toBe(true); // the authorization code is missing
    expect(screen.getByText('Tender 2 (card): Enter the authorization code from the terminal.')).toBeTruthy();
    fireEvent.change(within(card).getByLabelText('Authorization code'), { target: { value: 'a1b2c3' } });
    await waitFor(() => expect(postButton().disabled).toBe(false));
    expect(totals('Tendered')).toBe('$155.25');
    expect(totals('Change')).toBe('$0.00');
    fireEvent.click(postButton());
    const receipt = await screen.findByRole('article', { name: 'Receipt S1-000001' });
    const tenders = within(within(receipt).getByRole('table', { name: 'Tenders' })).getAllByRole('row').map((r) => r.textContent);
    expect(tenders).toEqual(['Check 2001 — John Q. Smith$100.00', 'VISA ending 4242, auth A1B2C3$55.25']);
    expect(within(receipt).getByText('Remaining balance $0.00')).toBeTruthy();
    t.close();
  });

  it('asks for the bill number and tax year of a TAX line before posting', async () => {
    const { t, transport } = await startApp();
    await openCashierDrawer(t);
    await atCounter();
    fireEvent.click(screen.getByRole('button', { name: 'Add revenue line' }));
    const code = await screen.findByLabelText<HTMLSelectElement>('Revenue code');
    await waitFor(() => expect(focused()).toBe(code));
    await waitFor(() => expect(within(code).getAllByRole('option').map((o) => o.textContent)).toContain('TAX — Property tax'));
    fireEvent.change(code, { target: { value: 'TAX' } });
    fireEvent.change(field('Revenue amount'), { target: { value: '250.00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add cash' }));
    fireEvent.change(await screen.findByLabelText('Cash amount'), { target: { value: '300' } });
    const preview = screen.getByRole('region', { name: 'Allocation preview' });
    await within(preview).findByText('Line 1: Property tax needs the bill number and the tax year.');
    expect(postButton().disabled).toBe(true);
    press('F9');
    expect((await screen.findByRole('alert')).textContent).toBe('Not posted: Line 1 (revenue): Enter the tax bill number.');
    expect(focused()).toBe(field('Bill number'));
    fireEvent.change(field('Bill number'), { target: { value: '2025-0042' } });
    fireEvent.change(field('Tax year'), { target: { value: '25' } });
    expect(screen.getByText('Enter the tax year as four digits, like 2025.')).toBeTruthy();
    fireEvent.change(field('Tax year'), { target: { value: '2025' } });
    await waitFor(() => expect(within(preview).queryByText(/needs the bill number/)).toBeNull());
    expect(totals('Change')).toBe('$50.00');
    expect(within(preview).getByText(/Property tax bill 2025-0042 \(2025\)/)).toBeTruthy();
    expect(posts(transport.calls)).toHaveLength(0);
    fireEvent.click(postButton());
    const receipt = await screen.findByRole('article', { name: 'Receipt S1-000001' });
    const line = within(within(receipt).getByRole('table', { name: 'Paid' })).getAllByRole('row')[1]!;
    expect(within(line).getAllByRole('cell').map((c) => c.textContent)).toEqual(['TAX', 'Property tax bill 2025-0042 (2025)', '$250.00']);
    expect(figure(receipt, 'Change')).toBe('$50.00');
    t.close();
  });

  it('refuses a check on a cash-only account and says why', async () => {
    const { t, seeded, transport } = await startApp();
    billAccount(t.core.deps.db, seeded.smithfield.id, '2026-03-01', { water: 4000, sewer: 1000 });
    await openCashierDrawer(t);
    await atCounter();
    await pickAccount('smithfield', seeded.smithfield.number);
    const card = screen.getByRole('region', { name: `Line 1 Mary Smithfield ${seeded.smithfield.number}` });
    expect(within(card).getByText('Cash only')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add check' }));
    fireEvent.change(await screen.findByLabelText('Check number'), { target: { value: '77' } });
    const message = `Account ${seeded.smithfield.number} is cash-only: no checks.`;
    await within(screen.getByRole('region', { name: 'Allocation preview' })).findByText(message);
    // At the field, as the cashier types (before F9).
    const checkGroup = screen.getByRole('group', { name: 'Tender 1: Check' });
    await waitFor(() => expect(within(checkGroup).getByLabelText('Check amount').getAttribute('aria-invalid')).toBe('true'));
    expect(within(checkGroup).getByText(message)).toBeTruthy();
    expect(postButton().disabled).toBe(true);
    press('F9');
    expect((await screen.findByRole('alert')).textContent).toBe(`Not posted: ${message}`);
    expect(posts(transport.calls)).toHaveLength(0);
    // Take cash instead.
    fireEvent.click(screen.getByRole('button', { name: 'Remove tender 1: check' }));
    await waitFor(() => expect(focused()).toBe(screen.getByRole('button', { name: 'Add cash' })));
    fireEvent.click(screen.getByRole('button', { name: 'Add cash' }));
    await waitFor(() => expect(postButton().disabled).toBe(false));
    fireEvent.click(postButton());
    await screen.findByRole('article', { name: 'Receipt S1-000001' });
    t.close();
  });

  it('asks to confirm change over the drawer’s cash and for a supervisor ($5,000 cash for a $155.25 payment)', async () => {
    const { t, seeded, transport } = await startApp();
    await openCashierDrawer(t);
    await atCounter();
    await pickAccount(seeded.smith.number, seeded.smith.number);
    press('Enter');
    await waitFor(() => expect(focused()).toBe(screen.getByLabelText('Cash amount')));
    typeText('5000');
    await waitFor(() => expect(totals('Change')).toBe('$4,844.75'));
    const ahead = (await screen.findByText('Before posting you will confirm:')).closest('[role="status"]')!;
    expect(ahead.textContent).toContain('Change of $4,844.75 is more than the $200.00 cash in the drawer.');
    expect(ahead.textContent).toContain('a supervisor must approve');
    await waitFor(() => expect(postButton().disabled).toBe(false));
    press('F9');
    const dialog = await screen.findByRole('dialog', { name: 'Confirm the payment' });
    await waitFor(() => expect(focused()).toBe(within(dialog).getByLabelText('Supervisor username')));
    expect(posts(transport.calls)).toHaveLength(0);
    // Escape goes back to the transaction; nothing posted.
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    press('F9');
    const again = await screen.findByRole('dialog', { name: 'Confirm the payment' });
    await waitFor(() => expect(focused()).toBe(within(again).getByLabelText('Supervisor username')));
    typeText('supervisor');
    fireEvent.change(within(again).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(again).getByRole('button', { name: 'Confirm and post' }));
    const receipt = await screen.findByRole('article', { name: 'Receipt S1-000001' });
    expect(figure(receipt, 'Change')).toBe('$4,844.75');
    const sent = posts(transport.calls);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.input).toMatchObject({ confirmed: true, override: { username: 'supervisor', secret: '9999' } });
    t.close();
  });

  it('does not add a tender when Enter is pressed on an invalid amount', async () => {
    const { t, seeded } = await startApp();
    await openCashierDrawer(t);
    await atCounter();
    const amount = await pickAccount(seeded.smith.number, seeded.smith.number);
    typeText('12.345');
    press('Enter');
    expect(screen.getByText('Use at most two digits after the decimal point.')).toBeTruthy();
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByLabelText('Cash amount')).toBeNull();
    expect(focused()).toBe(amount);
    typeText('12.34');
    press('Enter');
    await waitFor(() => expect(focused()).toBe(screen.getByLabelText('Cash amount')));
    t.close();
  });

  it('when a name matches several accounts, Enter moves into the list instead of taking the first', async () => {
    const { t, seeded, transport } = await startApp();
    await openCashierDrawer(t);
    const box = await atCounter();
    fireEvent.change(box, { target: { value: 'smith' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    const results = await screen.findByRole('table', { name: 'Matching accounts' });
    const buttons = within(results).getAllByRole('button');
    await waitFor(() => expect(focused()).toBe(buttons[0]));
    expect(document.getElementById('counter-find-status')!.textContent).toContain('Several accounts match: choose one with the arrow keys and Enter.');
    expect(within(results).getAllByRole('cell').filter((c) => c.textContent === 'Name')).toHaveLength(2);
    expect(screen.queryByLabelText(`Amount for ${seeded.smith.number}`)).toBeNull();
    expect(transport.calls.filter((c) => c.method === 'accounts.get')).toHaveLength(0);
    // The cashier chooses the second with the arrow key and Enter.
    press('ArrowDown');
    press('Enter');
    await screen.findByLabelText(`Amount for ${seeded.smithfield.number}`);
    t.close();
  });

  it('says which field matched and when the list is capped; the exact service address comes first and Enter takes it', async () => {
    const { t } = await startApp({ core: await makeTestCore({ town: { accounts: 60, seed: 3 } }) });
    await openCashierDrawer(t);
    const box = await atCounter();
    const db = t.core.deps.db;
    const inTown = (db.prepare("SELECT count(*) AS n FROM accounts a JOIN service_locations l ON l.id = a.location_id WHERE l.city = 'Mayberry'").get() as { n: number }).n;
    expect(inTown).toBeGreaterThan(20);
    fireEvent.change(box, { target: { value: 'Mayberry' } });
    await waitFor(() => expect(document.getElementById('counter-find-status')!.textContent).toContain(`20 of ${inTown} accounts shown: type more to narrow the search.`));
    // An exact service address: that account first, marked as an exact address match, and Enter takes it.
    const target = db.prepare("SELECT a.number, l.street FROM accounts a JOIN service_locations l ON l.id = a.location_id WHERE l.unit IS NULL AND l.street IN (SELECT street FROM service_locations GROUP BY street HAVING count(*) = 1) ORDER BY a.id LIMIT 1").get() as { number: string; street: string };
    fireEvent.change(box, { target: { value: target.street } });
    const results = await screen.findByRole('table', { name: 'Matching accounts' });
    await waitFor(() => expect(within(results).getAllByRole('row')[1]!.textContent).toContain(target.number));
    expect(within(within(results).getAllByRole('row')[1]!).getByText('Service address (exact)')).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Enter' });
    await screen.findByLabelText(`Amount for ${target.number}`);
    t.close();
  });

  it('posts once on a double click, a retry after a lost answer reuses the key, and F9 waits for the preview', async () => {
    const { t, seeded, transport } = await startApp();
    await openCashierDrawer(t);
    // The first answer to payments.post is lost on the way back (the payment did post).
    let dropped = false;
    const invoke = transport.invoke.bind(transport);
    (transport as Transport).invoke = async (method, input, token) => {
      const env = await invoke(method, input, token);
      if (method === 'payments.post' && !dropped) {
        dropped = true;
        throw new Error('connection reset');
      }
      return env;
    };
    await atCounter();
    await pickAccount(seeded.smith.number, seeded.smith.number);
    press('Enter');
    await screen.findByLabelText('Cash amount');
    await waitFor(() => expect(postButton().disabled).toBe(false));
    fireEvent.click(postButton());
    fireEvent.click(postButton());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Not posted: TownCounter could not reach the ledger/);
    expect(posts(transport.calls)).toHaveLength(1);
    fireEvent.click(postButton());
    await screen.findByRole('article', { name: 'Receipt S1-000001' });
    expect(screen.getByText(/This payment was already posted/)).toBeTruthy();
    const keys = posts(transport.calls).map((c) => (c.input as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(t.core.deps.db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'payment'").get()).toEqual({ n: 1 });

    // The next transaction gets a new key. F9 pressed before the preview answered posts once
    // it does — unless the transaction changed in between.
    press('F2');
    await pickAccount(seeded.jones.number, seeded.jones.number);
    typeText('10');
    press('Enter');
    const cash = await screen.findByLabelText<HTMLInputElement>('Cash amount');
    expect(postButton().disabled).toBe(true);
    press('F9');
    fireEvent.change(cash, { target: { value: '20' } });
    await waitFor(() => expect(totals('Change')).toBe('$10.00'));
    await new Promise((r) => setTimeout(r, 50));
    expect(posts(transport.calls)).toHaveLength(2);
    fireEvent.change(cash, { target: { value: '25' } });
    press('F9');
    await screen.findByRole('article', { name: 'Receipt S1-000002' });
    expect(figure(screen.getByRole('main'), 'Change due')).toBe('$15.00');
    const next = posts(transport.calls).at(-1)!.input as { idempotencyKey: string; tenders: unknown };
    expect(posts(transport.calls)).toHaveLength(3);
    expect(next.tenders).toEqual([{ kind: 'cash', amountCents: 2500 }]);
    expect(next.idempotencyKey).not.toBe(keys[0]);
    t.close();
  });
});

describe('voids', () => {
  it('voids a receipt from the journal with a supervisor override', async () => {
    const { t, seeded } = await startApp();
    await openCashierDrawer(t);
    const cashier = await t.signIn('cashier');
    const posted = await t.must('payments.post', { idempotencyKey: 'renderer-void-1', lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 7500 }], tenders: [{ kind: 'cash', amountCents: 8000 }] }, cashier);
    expect(posted.receipt.number).toBe('S1-000001');
    await signIn('cashier', '1111');
    fireEvent.keyDown(document.body, { key: '3', code: 'Digit3', altKey: true });
    const journal = await screen.findByRole('region', { name: 'Today’s journal' });
    const table = await within(journal).findByRole('table', { name: /Receipts in this drawer/ });
    expect(within(table).getAllByRole('row')[1]!.textContent).toContain('Cash $80.00 (change $5.00)');

    const open = within(table).getByRole('button', { name: 'Open receipt S1-000001' });
    open.focus();
    fireEvent.click(open);
    const dialog = await screen.findByRole('dialog', { name: 'Receipt S1-000001' });
    await within(dialog).findByText('DUPLICATE');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Void receipt' }));
    const reason = within(dialog).getByLabelText('Reason for void');
    await waitFor(() => expect(focused()).toBe(reason));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm void' }));
    expect(within(dialog).getByText('Give the reason for the void (at least 3 characters).')).toBeTruthy();
    expect(within(dialog).getByText('Enter the supervisor’s username.')).toBeTruthy();
    fireEvent.change(reason, { target: { value: 'Wrong account' } });
    fireEvent.change(within(dialog).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(dialog).getByLabelText('Supervisor PIN'), { target: { value: '1234' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm void' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/^Not voided: Supervisor approval failed/);
    expect(within(dialog).getByLabelText<HTMLInputElement>('Supervisor PIN').value).toBe('');
    expect(focused()).toBe(within(dialog).getByLabelText('Supervisor PIN'));
    fireEvent.change(within(dialog).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm void' }));

    await within(dialog).findByText('Receipt S1-000001 is void.');
    const receipt = within(dialog).getByRole('article', { name: 'Receipt S1-000001' });
    expect(within(receipt).getByText('VOID')).toBeTruthy();
    expect(within(receipt).getByText(/approved by Sam Supervisor: Wrong account/)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Void receipt' })).toBeNull();
    // The journal behind the dialog has caught up.
    await waitFor(() => expect(within(within(journal).getAllByRole('table')[0]!).getAllByRole('row')[1]!.textContent).toContain('VOID'));
    // Escape closes the dialog and focus goes back to the receipt's row.
    await waitFor(() => expect(focused()).toBe(within(dialog).getByRole('button', { name: 'Close' })));
    press('Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(focused()).toBe(within(journal).getByRole('button', { name: 'Open receipt S1-000001' }));
    expect((await t.must('accounts.get', { accountId: seeded.smith.id }, cashier)).balanceCents).toBe(15525);
    t.close();
  });

  it('lets a supervisor void from the account page without an override', async () => {
    const { t, seeded } = await startApp();
    await openCashierDrawer(t);
    await t.must('payments.post', { idempotencyKey: 'renderer-void-2', lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 5000 }], tenders: [{ kind: 'cash', amountCents: 5000 }] }, await t.signIn('cashier'));
    await signIn('supervisor', '9999');
    fireEvent.keyDown(document.body, { key: '2', code: 'Digit2', altKey: true });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: seeded.smith.number } });
    fireEvent.keyDown(screen.getByRole('searchbox', { name: 'Search accounts' }), { key: 'Enter' });
    await screen.findByRole('heading', { level: 1, name: `John Q. Smith Account ${seeded.smith.number}` });
    const summary = screen.getByRole('region', { name: 'Summary' });
    expect(figure(summary, 'Balance')).toBe('$105.25');
    fireEvent.click(within(screen.getByRole('region', { name: 'Payments and credits' })).getByRole('button', { name: 'Open receipt S1-000001' }));
    const dialog = await screen.findByRole('dialog', { name: 'Receipt S1-000001' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Void receipt' }));
    expect(within(dialog).queryByLabelText('Supervisor username')).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('Reason for void'), { target: { value: 'Keyed twice' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm void' }));
    await within(dialog).findByText('VOID');
    await waitFor(() => expect(figure(screen.getByRole('region', { name: 'Summary' }), 'Balance')).toBe('$155.25'));
    // Escape closes the dialog only (the account page stays).
    press('Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: `John Q. Smith Account ${seeded.smith.number}` })).toBeTruthy();
    t.close();
  });
});
