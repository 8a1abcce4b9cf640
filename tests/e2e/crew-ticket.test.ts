// The short crew ticket from the dispatch board, by keyboard, in Chromium: a clerk selects a
// dispatched order and presses P; the board's live region says the ticket printed, and the
// station's (virtual, loopback TCP) receipt printer got the ticket's text and no drawer pulse.
// The labelled "Print ticket" button does the same.
import type { Page } from 'playwright-core';
import { signInWithKeyboard, startE2EApp, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let number = '';
let other = '';

beforeAll(async () => {
  app = await startE2EApp({
    virtualPrinter: true,
    seed: async (t) => {
      const clerk = await t.signIn('clerk');
      const wo = await t.must('workOrders.create', { type: 'streetlight_out', address: 'Corner of Main and Elm', landmark: 'pole 114 by the courthouse', customerWords: 'Dark since Tuesday, people trip on the curb', source: 'phone', idempotencyKey: 'e2e-ticket-0001' }, clerk);
      const { crews } = await t.must('workOrders.crews', {}, clerk);
      await t.must('workOrders.dispatch', { id: wo.id, crewId: crews.find((c) => c.division === 'electric')!.id }, clerk);
      number = wo.number;
      other = (await t.must('workOrders.create', { type: 'pothole', address: '200 Main St', source: 'phone', idempotencyKey: 'e2e-ticket-0002' }, clerk)).number;
    },
  });
});

afterAll(async () => {
  await app?.close();
});

it('prints the crew ticket of the selected order with P, and with the Print ticket button', async () => {
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInWithKeyboard(page, 'clerk', '2222');
  await page.keyboard.press('Alt+W');
  await page.getByRole('heading', { level: 1, name: 'Work orders' }).waitFor();
  const card = page.getByRole('button', { name: new RegExp(`^${number}, Streetlight`) });
  await card.waitFor();
  await card.focus();
  await page.keyboard.press('p');
  await page.getByRole('status').filter({ hasText: `Crew ticket for ${number} printed.` }).waitFor({ timeout: 10_000 });
  const printer = app.printer!;
  const tickets = printer.jobs().filter((j) => j.text.includes('CREW TICKET'));
  expect(tickets).toHaveLength(1);
  expect(tickets[0]!.text).toContain(number);
  expect(tickets[0]!.text).toContain('pole 114 by the courthouse');
  expect(tickets[0]!.text).toContain('Dark since Tuesday');
  expect(printer.jobs().flatMap((j) => j.decoded.pulses)).toEqual([]);

  // The other order, by the toolbar's labelled button.
  const pothole = page.getByRole('button', { name: new RegExp(`^${other}, Pothole`) });
  await pothole.focus();
  await page.getByRole('toolbar', { name: `Actions for ${other}` }).getByRole('button', { name: 'Print ticket' }).click();
  await page.getByRole('status').filter({ hasText: `Crew ticket for ${other} printed.` }).waitFor({ timeout: 10_000 });
  expect(printer.jobs().filter((j) => j.text.includes('CREW TICKET')).map((j) => /WO-\d{4}-S1-\d{6}/.exec(j.text)?.[0])).toEqual([number, other]);
  expect(app.pageErrors).toEqual([]);
  await page.close();
});
