// Customers by keyboard in Chromium: a clerk opens Customers with Alt+C, creates a customer with
// an SSN (typed into a password field), sees only the masked form, and the real host's ledger
// holds the record with the tax id encrypted. A new service location (premise) made on Customers
// is then found vacant by Service desk → New service.
import type { Page } from 'playwright-core';
import { signInWithKeyboard, startE2EApp, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;

beforeAll(async () => {
  app = await startE2EApp({ bankDrafts: true });
});

afterAll(async () => {
  await app?.close();
});

it('creates a customer by keyboard with the SSN masked everywhere on screen', async () => {
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInWithKeyboard(page, 'clerk', '2222');
  await page.keyboard.press('Alt+C');
  const find = page.getByRole('searchbox', { name: 'Find customer' });
  await find.waitFor();
  await page.keyboard.type('Delgado');
  await page.keyboard.press('Enter');
  await page.getByRole('table', { name: 'Customers found' }).getByText('No customer matches.', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'New customer' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'New customer' });
  await form.waitFor();
  const fill = async (label: string, value: string) => {
    await form.getByLabel(label, { exact: true }).focus();
    await page.keyboard.type(value);
  };
  await fill('First name', 'Rosa');
  await fill('Last name', 'Delgado');
  await fill('Phone', '9195550142');
  await fill('Mailing street', '12 Elm St');
  await fill('City', 'Benson');
  await fill('ZIP', '27504');
  await form.getByLabel('Letters in').selectOption('es');
  await form.getByLabel('Tax ID kind').selectOption('ssn');
  await fill('Tax ID', '287-65-4309');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Rosa Delgado' }).waitFor();
  const details = page.getByRole('region', { name: 'Customer details' });
  expect(await details.getByLabel('Tax ID').textContent()).toBe('***-**-4309');
  expect(await page.content()).not.toContain('287-65-4309');
  expect(await page.content()).not.toContain('287654309');
  const row = app.t.core.deps.db.prepare("SELECT phone, language, tax_id_last4, tax_id_enc IS NOT NULL AS enc FROM customers WHERE display_name = 'Rosa Delgado'").get();
  expect(row).toEqual({ phone: '919-555-0142', language: 'es', tax_id_last4: '4309', enc: 1 });
  expect(app.pageErrors).toEqual([]);
  await page.close();
});

it('creates a service location by keyboard on Customers, then New service finds it vacant', async () => {
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInWithKeyboard(page, 'clerk', '2222');
  await page.keyboard.press('Alt+C');
  await page.getByRole('searchbox', { name: 'Find customer' }).waitFor();
  await page.getByRole('button', { name: 'New service location' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'New service location' });
  await form.waitFor();
  const fill = async (label: string, value: string) => {
    await form.getByLabel(label, { exact: true }).focus();
    await page.keyboard.type(value);
  };
  await fill('Street', '880 Quail Run');
  await fill('City', 'Benson');
  await fill('ZIP', '27504');
  await fill('Water meter number', 'W-QR880');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Service location 880 Quail Run' }).waitFor();
  const details = page.getByRole('region', { name: 'Service location details' });
  expect(await details.textContent()).toContain('None: vacant');

  await page.keyboard.press('Alt+S');
  await page.getByRole('tab', { name: 'New service' }).waitFor();
  await page.getByLabel('Find customer by name or phone').focus();
  await page.keyboard.type('Nobody Here');
  await page.keyboard.press('Enter');
  const newCustomer = page.getByRole('radio', { name: 'A new customer' });
  await newCustomer.focus();
  await page.keyboard.press('Space');
  await page.getByLabel('Find premise by address').focus();
  await page.keyboard.type('880 Quail');
  await page.keyboard.press('Enter');
  await page.getByRole('radio', { name: /^880 Quail Run, Benson — vacant$/ }).waitFor();
  expect(app.pageErrors).toEqual([]);
  await page.close();
});
