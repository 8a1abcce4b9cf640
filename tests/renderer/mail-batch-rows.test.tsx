// Issue 11 item 9 on the Mail batch screen (happy-dom, the real core): the bill stub's scan line
// goes into the account number (filling the account and the amount due); a check keyed without
// its number is a check ("number not given"), not a money order; a row can be corrected before
// posting; the posted batch has a deposit slip PDF.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeScanLine } from '../../src-shared/scan-line';
import { signIn, startApp } from './harness';

const focused = () => document.activeElement as HTMLElement;
const press = (key: string) => fireEvent.keyDown(focused(), { key });
const typeText = (value: string) => fireEvent.change(focused(), { target: { value } });
const altDigit = (d: string) => fireEvent.keyDown(document.body, { key: d, code: `Digit${d}`, altKey: true });
const cells = (table: HTMLElement) => within(table).getAllByRole('row').slice(1).map((r) => within(r).queryAllByRole('cell').map((c) => c.textContent));

describe('mail batch rows (issue 11 item 9)', () => {
  it('takes a scanned stub, keeps a check without its number a check, corrects a row, and posts with a deposit slip', async () => {
    const { t, seeded, transport } = await startApp();
    await signIn('clerk', '2222');
    altDigit('4');
    await waitFor(() => expect(focused()).toBe(screen.getByLabelText('Control count')));
    typeText('3');
    fireEvent.change(screen.getByLabelText('Control total'), { target: { value: '245.25' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start batch' }));
    await screen.findByRole('heading', { level: 1, name: 'Mail batch 1' });
    const account = screen.getByLabelText<HTMLInputElement>('Account number');
    await waitFor(() => expect(focused()).toBe(account));

    // The scanner types the stub's 19 digits and Enter: account and amount due fill in; Enter again adds.
    typeText(makeScanLine(seeded.smith.number, 15525));
    press('Enter');
    expect(account.value).toBe(seeded.smith.number);
    expect(focused()).toBe(screen.getByLabelText('Amount'));
    expect(screen.getByLabelText<HTMLInputElement>('Amount').value).toBe('155.25');
    screen.getByLabelText('Check number').focus();
    typeText('3301');
    press('Enter');
    await screen.findByText(`Added ${seeded.smith.number} John Q. Smith, $155.25.`);

    // A check keyed without its number.
    await waitFor(() => expect(focused()).toBe(account));
    typeText(seeded.jones.number);
    screen.getByLabelText('Amount').focus();
    typeText('40');
    press('Enter');
    await screen.findByText(`Added ${seeded.jones.number} Jones Hardware, $40.00.`);
    // A money order, keyed to the wrong account and amount.
    typeText(seeded.jones.number);
    screen.getByLabelText('Amount').focus();
    typeText('5');
    fireEvent.change(screen.getByLabelText('Received as'), { target: { value: 'money_order' } });
    screen.getByLabelText('Amount').focus();
    press('Enter');
    const items = await screen.findByRole('table', { name: 'Payments in batch 1' });
    await waitFor(() => expect(cells(items)).toHaveLength(3));
    expect(cells(items).map((r) => r[3])).toEqual(['Check 3301', 'Check, number not given', 'Money order']);

    // Correct row 3: the right account and amount; it keeps its place.
    fireEvent.click(within(items).getByRole('button', { name: `Correct item 3: ${seeded.jones.number} $5.00` }));
    expect(screen.getByRole('heading', { name: 'Correct payment 3' })).toBeTruthy();
    expect(account.value).toBe(seeded.jones.number);
    expect(screen.getByLabelText<HTMLSelectElement>('Received as').value).toBe('money_order');
    fireEvent.change(account, { target: { value: seeded.smith.number } });
    fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '50.00' } });
    screen.getByLabelText('Amount').focus();
    press('Enter');
    await screen.findByText(`Corrected ${seeded.smith.number} John Q. Smith, $50.00.`);
    expect(transport.calls.filter((c) => c.method === 'mailBatches.updateItem')).toHaveLength(1);
    await waitFor(() => expect(cells(screen.getByRole('table', { name: 'Payments in batch 1' }))[2]!.slice(1, 5)).toEqual([seeded.smith.number, 'John Q. Smith', 'Money order', '$50.00']));
    expect(screen.getByText('Balanced: count and total match the controls.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Post batch' }));
    const report = await screen.findByRole('region', { name: 'Mail batch 1 report' });
    expect(cells(within(report).getByRole('table', { name: 'Payments posted' })).slice(0, 3).map((r) => r[3])).toEqual(['Check 3301', 'Check, number not given', 'Money order']);
    const receipt = await t.must('receipts.get', { number: 'S1-000002' }, await t.signIn('clerk'));
    expect(receipt.tenders[0]).toMatchObject({ kind: 'check', checkNumber: null });

    // The batch's deposit slip.
    const created: Blob[] = [];
    const spy = vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
      if (b instanceof Blob) created.push(b);
      return 'blob:mail-slip';
    });
    const stop = (e: MouseEvent) => e.preventDefault();
    document.addEventListener('click', stop);
    try {
      fireEvent.click(within(report).getByRole('button', { name: 'Download deposit slip PDF' }));
      await within(report).findByText('Saved deposit-slip-2026-03-16-mail-batch-1.pdf (1 page).');
      expect(created[0]?.type).toBe('application/pdf');
    } finally {
      document.removeEventListener('click', stop);
      spy.mockRestore();
    }
    t.close();
  });
});
