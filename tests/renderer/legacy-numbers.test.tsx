// Issue 16 item 3 on screen (happy-dom, the real core): the account page, the counter's account
// card and a mail batch row show the old number from the previous billing system; the old
// number typed at Accounts, the Counter or a mail batch finds the account; Policy settings has
// the town's old check-digit rule as a plain-language choice and the winter rule labelled.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { rebuildSearchIndex } from '../../src-main/core/accounts/search-index';
import { legacyKey } from '../../src-shared/legacy-number';
import type { TestCore } from '../helpers/core';
import { STARTING_BANK } from '../helpers/fixtures';
import { signIn, startApp, type Seeded } from './harness';

const focused = () => document.activeElement as HTMLElement;
const altDigit = (d: string) => fireEvent.keyDown(document.body, { key: d, code: `Digit${d}`, altKey: true });

/** What the conversion leaves: Smith's bills carry 12-3456-6 from the previous system. */
function convert(t: TestCore, seeded: Seeded) {
  const db = t.core.deps.db;
  db.transaction(() => {
    db.prepare('UPDATE accounts SET legacy_number = ?, legacy_key = ? WHERE id = ?').run('12-3456-6', legacyKey('12-3456-6'), seeded.smith.id);
    rebuildSearchIndex(db);
  })();
}

describe('old account numbers on screen', () => {
  it('Accounts: the old number finds the account, and its page header shows it', async () => {
    const { t, seeded } = await startApp();
    convert(t, seeded);
    await signIn('clerk', '2222');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: '1234566' } });
    const open = await screen.findByRole('button', { name: `${seeded.smith.number} John Q. Smith` });
    const row = open.closest('tr')!;
    expect(row.textContent).toContain('Old number 12-3456-6');
    expect(row.textContent).toContain('Old account number (exact)');
    fireEvent.click(open);
    const heading = await screen.findByRole('heading', { level: 1, name: /John Q. Smith/ });
    expect(heading.nextElementSibling?.textContent).toBe('Old number 12-3456-6');
    // An account without one shows none.
    fireEvent.keyDown(document.body, { key: 'Escape' });
    fireEvent.change(await screen.findByRole('searchbox', { name: 'Search accounts' }), { target: { value: seeded.jones.number } });
    fireEvent.click(await screen.findByRole('button', { name: `${seeded.jones.number} Jones Hardware` }));
    await screen.findByRole('heading', { level: 1, name: /Jones Hardware/ });
    expect(screen.queryByText(/^Old number/)).toBeNull();
    t.close();
  });

  it('Counter: the cashier types the old number and Enter; the account card shows it', async () => {
    const { t, seeded } = await startApp();
    convert(t, seeded);
    await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier'));
    await signIn('cashier', '1111');
    const box = await screen.findByRole('searchbox', { name: 'Find account' });
    await waitFor(() => expect(focused()).toBe(box));
    fireEvent.change(box, { target: { value: '12-3456-6' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    const amount = await screen.findByLabelText<HTMLInputElement>(`Amount for ${seeded.smith.number}`);
    await waitFor(() => expect(focused()).toBe(amount));
    const card = amount.closest('section')!;
    expect(within(card).getByText('Old number 12-3456-6')).toBeTruthy();
    t.close();
  });

  it('Mail batch: a stub with the old number adds a row that says which account it found; a wrong check digit is refused', async () => {
    const { t, seeded } = await startApp();
    convert(t, seeded);
    await signIn('clerk', '2222');
    altDigit('4');
    await waitFor(() => expect(focused()).toBe(screen.getByLabelText('Control count')));
    fireEvent.change(focused(), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Control total'), { target: { value: '25.00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start batch' }));
    await screen.findByRole('heading', { level: 1, name: 'Mail batch 1' });
    const account = screen.getByLabelText<HTMLInputElement>('Account number');
    await waitFor(() => expect(focused()).toBe(account));

    fireEvent.change(account, { target: { value: '12-3456-7' } });
    fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '25' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add payment' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not added: 12-3456-7 fails its check digit (old account number); re-key it from the stub.');
    await waitFor(() => expect(focused()).toBe(account));

    fireEvent.change(account, { target: { value: '12-3456-6' } });
    fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '25' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add payment' }));
    await screen.findByText(`Added ${seeded.smith.number} (old number 12-3456-6) John Q. Smith, $25.00.`);
    const rows = within(screen.getByRole('table', { name: 'Payments in batch 1' })).getAllByRole('row');
    expect(rows[1]!.textContent).toContain(`${seeded.smith.number} (old number 12-3456-6)`);

    // A scanned stub of the old system (its format set by the administrator): Enter fills the
    // account and the stub's amount due, and Enter again adds the row.
    await t.must('settings.update', { values: { conversionScanLine: 'length=24 account=3-12 amount=13-22' }, reason: 'old stubs' }, await t.signIn('admin'));
    await waitFor(() => expect(focused()).toBe(account));
    fireEvent.change(account, { target: { value: '070001234566000000425041' } });
    fireEvent.keyDown(account, { key: 'Enter' });
    await screen.findByText(`Old stub scanned: account ${seeded.smith.number} (old number 12-3456-6), amount due $42.50. Check the amount against the check.`);
    expect(account.value).toBe(seeded.smith.number);
    const amount = screen.getByLabelText<HTMLInputElement>('Amount');
    expect(amount.value).toBe('42.50');
    await waitFor(() => expect(focused()).toBe(amount));
    fireEvent.keyDown(amount, { key: 'Enter' });
    await screen.findByText(`Added ${seeded.smith.number} (old number 12-3456-6) John Q. Smith, $42.50.`);
    t.close();
  });
});

describe('Policy settings: conversion', () => {
  it('offers the old check-digit rule in plain words and labels the winter rule; saves a change', async () => {
    const { t } = await startApp();
    await signIn('admin', '0000');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Policy settings' }));
    const form = within(await screen.findByRole('form', { name: 'Policy settings' }));
    const conversion = within(form.getByRole('group', { name: 'Conversion' }));
    const rule = conversion.getByLabelText<HTMLSelectElement>('Check digit of the old account numbers');
    expect(rule.tagName).toBe('SELECT');
    expect(rule.value).toBe('luhn');
    expect([...rule.options].map((o) => [o.value, o.textContent])).toEqual([
      ['luhn', 'Mod 10 (Luhn) — TownCounter’s rule'],
      ['mod11', 'Mod 11 (weights 2–7)'],
      ['none', 'None'],
    ]);
    const winter = within(form.getByRole('group', { name: 'Collections' })).getByRole<HTMLInputElement>('checkbox', { name: 'Winter rule: no cut-off in winter for certified elderly or disabled customers' });
    expect(winter.checked).toBe(false);
    // Neither shows by its raw key any more.
    expect(form.queryByLabelText('winterRuleEnabled')).toBeNull();
    expect(form.queryByLabelText('conversionCheckDigit')).toBeNull();

    // Where the old stubs keep the account number: checked for meaning, the refusal at its field.
    const scanLine = conversion.getByLabelText<HTMLInputElement>('Scan line of the old bill stubs');
    expect(scanLine.value).toBe('');
    fireEvent.change(scanLine, { target: { value: 'length=24 account=3-12 amount=10-20' } });
    fireEvent.change(form.getByLabelText('Reason for the change'), { target: { value: 'old stubs' } });
    fireEvent.click(form.getByRole('button', { name: 'Save policy settings' }));
    await waitFor(() => expect(scanLine.getAttribute('aria-invalid')).toBe('true'));
    const described = scanLine.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(described.some((text) => text.includes('account and amount overlap'))).toBe(true);
    fireEvent.change(scanLine, { target: { value: 'length=24 account=3-12 amount=13-22' } });

    fireEvent.change(rule, { target: { value: 'mod11' } });
    fireEvent.click(winter);
    fireEvent.change(form.getByLabelText('Reason for the change'), { target: { value: 'conversion from the old system' } });
    fireEvent.click(form.getByRole('button', { name: 'Save policy settings' }));
    await waitFor(() => expect(form.getByRole('status').textContent).toBe('Policy settings saved (3 changed).'));
    const s = await t.must('settings.get', {}, await t.signIn('admin'));
    expect(s.conversionCheckDigit).toBe('mod11');
    expect(s.winterRuleEnabled).toBe(true);
    expect(s.conversionScanLine).toBe('length=24 account=3-12 amount=13-22');
    expect(rule.value).toBe('mod11');
    t.close();
  });
});
