// The service desk's customer screens on the real core: Customers (Alt+C) finds, creates and
// edits a customer with the tax id masked (a supervisor reveals it with a reason); the account
// page's Customer section edits, its Medical Alert section (Alt+Shift+H) records and withdraws a
// certification; the Medical Alert list (Alt+M) shows what is in force.
import path from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore, tempDir } from '../helpers/core';
import { signIn, startApp } from './harness';

const altKey = (letter: string, shift = false) => fireEvent.keyDown(document.activeElement ?? document.body, { key: letter, code: `Key${letter}`, altKey: true, shiftKey: shift });
const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

describe('customer screens', () => {
  it('finds, creates and edits a customer by keyboard; the tax id is only ever shown masked', async () => {
    const core = await makeTestCore({ boot: { keyFile: path.join(tempDir('tc-cust-ui-'), 'towncounter.key') } });
    const { t } = await startApp({ core });
    await signIn('clerk', '2222');
    altKey('C');
    const find = await screen.findByRole('searchbox', { name: 'Find customer' });
    expect(document.activeElement).toBe(find);
    type(find, 'Smith');
    fireEvent.click(screen.getByRole('button', { name: 'Find' }));
    const table = await screen.findByRole('table', { name: 'Customers found' });
    expect(within(table).getAllByRole('button').map((b) => b.textContent)).toEqual(['John Q. Smith', 'Mary Smithfield']);

    fireEvent.click(screen.getByRole('button', { name: 'New customer' }));
    const form = await screen.findByRole('form', { name: 'New customer' });
    type(within(form).getByLabelText('First name'), 'Rosa');
    type(within(form).getByLabelText('Last name'), 'Delgado');
    type(within(form).getByLabelText('Phone'), '919 555 0142');
    type(within(form).getByLabelText('Mailing street'), '12 Elm St');
    type(within(form).getByLabelText('City'), 'Benson');
    type(within(form).getByLabelText('ZIP'), '27504');
    fireEvent.change(within(form).getByLabelText('Letters in'), { target: { value: 'es' } });
    fireEvent.change(within(form).getByLabelText('ID document'), { target: { value: 'drivers_license' } });
    type(within(form).getByLabelText('Issued by'), 'NC DMV');
    fireEvent.change(within(form).getByLabelText('Tax ID kind'), { target: { value: 'ssn' } });
    // An SSN that is never issued is refused with the core's reason, and nothing is created.
    type(within(form).getByLabelText('Tax ID'), '666-12-3456');
    fireEvent.click(within(form).getByRole('button', { name: 'Create customer' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('no SSN starts with 000 or 666');
    type(within(form).getByLabelText('Tax ID'), '123-45-6789');
    fireEvent.click(within(form).getByRole('button', { name: 'Create customer' }));
    await screen.findByRole('heading', { level: 1, name: 'Rosa Delgado' });
    expect(screen.getByText('Customer Rosa Delgado created.').getAttribute('role')).toBe('status');
    const details = screen.getByRole('region', { name: 'Customer details' });
    expect(within(details).getByLabelText('Tax ID').textContent).toBe('***-**-6789');
    expect(details.textContent).toContain('Spanish');
    expect(details.textContent).toContain('checked 2026-03-16 by Clara Clerk');
    expect(within(details).queryByRole('button', { name: 'Reveal tax ID…' })).toBeNull(); // a clerk can't
    expect(document.body.textContent).not.toContain('123-45-6789');

    fireEvent.click(within(details).getByRole('button', { name: 'Edit customer' }));
    const edit = await screen.findByRole('form', { name: 'Edit customer Rosa Delgado' });
    type(within(edit).getByLabelText('Other phone'), '9195550199');
    fireEvent.click(within(edit).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Changes saved.');
    expect(screen.getByRole('region', { name: 'Customer details' }).textContent).toContain('919-555-0142 / 919-555-0199');
    const stored = t.core.deps.db.prepare("SELECT alt_phone, tax_id_last4 FROM customers WHERE display_name = 'Rosa Delgado'").get();
    expect(stored).toEqual({ alt_phone: '919-555-0199', tax_id_last4: '6789' });
    t.close();
  });

  it('lets a supervisor reveal the tax id with a reason (audited)', async () => {
    const core = await makeTestCore({ boot: { keyFile: path.join(tempDir('tc-cust-ui-'), 'towncounter.key') } });
    const { t } = await startApp({ core });
    const clerk = await t.signIn('clerk');
    await t.must('customers.create', { customer: { kind: 'person', lastName: 'Delgado', mailStreet: '12 Elm St', mailCity: 'Benson', mailState: 'NC', mailZip: '27504', taxId: { kind: 'ssn', value: '123-45-6789' } } }, clerk);
    await signIn('supervisor', '9999');
    altKey('C');
    type(await screen.findByRole('searchbox', { name: 'Find customer' }), '6789');
    fireEvent.click(screen.getByRole('button', { name: 'Find' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delgado' }));
    const details = await screen.findByRole('region', { name: 'Customer details' });
    fireEvent.click(within(details).getByRole('button', { name: 'Reveal tax ID…' }));
    const reveal = within(details).getByRole('form', { name: 'Reveal tax ID' });
    type(within(reveal).getByLabelText('Reason for revealing'), 'debt setoff submission');
    fireEvent.click(within(reveal).getByRole('button', { name: 'Reveal' }));
    await waitFor(() => expect(within(details).getByLabelText('Tax ID').textContent).toBe('123-45-6789'));
    fireEvent.click(within(details).getByRole('button', { name: 'Hide tax ID' }));
    expect(within(details).getByLabelText('Tax ID').textContent).toBe('***-**-6789');
    const audit = t.core.deps.db.prepare("SELECT reason FROM audit_log WHERE action = 'customer.taxId.reveal'").all();
    expect(audit).toEqual([{ reason: 'debt setoff submission' }]);
    t.close();
  });

  it('account page: Edit location… corrects the service address with a reason; a bad ZIP and a service the account has are refused at their place', async () => {
    const { t, seeded } = await startApp();
    await signIn('clerk', '2222');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: 'smithfield' } });
    fireEvent.click(await screen.findByRole('button', { name: `${seeded.smithfield.number} Mary Smithfield` }));
    await screen.findByRole('heading', { level: 1, name: /Mary Smithfield/ });
    const section = screen.getByRole('region', { name: 'Location and services' });
    fireEvent.click(within(section).getByRole('button', { name: 'Edit location…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit location 22 Oak Ave, Mayberry, NC 27030' });
    const form = within(within(dialog).getByRole('form', { name: 'Edit service location' }));
    expect(form.getByLabelText<HTMLInputElement>('Street').value).toBe('22 Oak Ave');
    type(form.getByLabelText('Street'), '22 Oak Avenue');
    type(form.getByLabelText('ZIP'), '2703');
    type(form.getByLabelText('Reason for the change'), 'Street name as the county records it');
    fireEvent.click(form.getByRole('button', { name: 'Save location' }));
    await waitFor(() => expect(form.getByLabelText('ZIP').getAttribute('aria-invalid')).toBe('true'));
    expect(form.getByRole('alert').textContent).toContain('ZIP code');

    type(form.getByLabelText('ZIP'), '27030-1111');
    fireEvent.click(form.getByRole('checkbox', { name: 'Sewer' }));
    fireEvent.click(form.getByRole('button', { name: 'Save location' }));
    await waitFor(() => expect(form.getByRole('alert').textContent).toBe(`Not saved: Sewer can't be taken away: account ${seeded.smithfield.number} here has it. Stop that service on the account first.`));

    fireEvent.click(form.getByRole('checkbox', { name: 'Sewer' }));
    fireEvent.click(form.getByRole('button', { name: 'Save location' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(screen.getByRole('region', { name: 'Location and services' }).textContent).toContain('Service address22 Oak Avenue'));
    const audit = t.core.deps.db.prepare("SELECT reason, details FROM audit_log WHERE action = 'location.update'").get() as { reason: string; details: string };
    expect(audit.reason).toBe('Street name as the county records it');
    expect(Object.keys((JSON.parse(audit.details) as { changes: object }).changes)).toEqual(['street', 'zip']);
    t.close();
  });

  it('account page: edits the customer, records and withdraws a Medical Alert certification; Alt+M lists what is in force', async () => {
    const { t, seeded } = await startApp();
    await signIn('clerk', '2222');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: 'smithfield' } });
    fireEvent.click(await screen.findByRole('button', { name: `${seeded.smithfield.number} Mary Smithfield` }));
    await screen.findByRole('heading', { level: 1, name: /Mary Smithfield/ });

    // Customer section: Edit customer… opens the form in a dialog.
    fireEvent.click(within(screen.getByRole('region', { name: 'Customer' })).getByRole('button', { name: 'Edit customer…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit customer Mary Smithfield' });
    type(within(dialog).getByLabelText('Email'), 'mary@example.com');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Customer' })).getByText('mary@example.com')).toBeTruthy());

    // Alt+Shift+H: the Medical Alert section.
    altKey('H', true);
    const section = screen.getByRole('region', { name: 'Medical Alert' });
    expect(document.activeElement).toBe(within(section).getByRole('heading', { level: 2 }));
    await within(section).findByText('No certification on file.');
    type(within(section).getByLabelText('Certified on'), '2026-03-10');
    type(within(section).getByLabelText('Certification expires'), '2027-03-11');
    type(within(section).getByLabelText('Physician'), 'Dr. Lena Ames');
    type(within(section).getByLabelText('Physician phone'), '919-555-0100');
    fireEvent.click(within(section).getByRole('button', { name: 'Record certification' }));
    expect((await within(section).findByRole('alert')).textContent).toContain('at most 12 months');
    type(within(section).getByLabelText('Certification expires'), '2026-09-10');
    fireEvent.click(within(section).getByRole('button', { name: 'Record certification' }));
    await within(section).findByText('Certification recorded; Medical Alert until 09/10/2026.');
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Summary' })).getByRole('list', { name: 'Account flags' }).textContent).toContain('Medical'));

    // Alt+M: the list, Smith (flag on file) and Smithfield, soonest expiry first.
    altKey('M');
    const list = await screen.findByRole('table', { name: 'Medical Alert certifications' });
    await waitFor(() => expect(within(list).getAllByRole('row')).toHaveLength(3));
    expect(within(list).getAllByRole('button').map((b) => b.textContent)).toEqual([seeded.smith.number, seeded.smithfield.number]);
    fireEvent.click(screen.getByRole('checkbox', { name: /Only those expiring within 30 days/ }));
    await screen.findByText(/^0 certifications listed; 0 expiring within 30 days/);

    // Back on the account: withdraw it with a reason; the flag goes.
    fireEvent.click(screen.getByRole('checkbox', { name: /Only those expiring/ }));
    fireEvent.click(await screen.findByRole('button', { name: `Open account ${seeded.smithfield.number}` }));
    const again = await screen.findByRole('region', { name: 'Medical Alert' });
    fireEvent.click(await within(again).findByRole('button', { name: 'Withdraw the certification expiring 09/10/2026' }));
    type(within(again).getByLabelText('Reason for withdrawing'), 'entered on the wrong account');
    fireEvent.click(within(again).getByRole('button', { name: 'Withdraw certification' }));
    await within(again).findByText('Withdrawn; no certification left on the account.');
    const flags = await t.must('accounts.get', { accountId: seeded.smithfield.id }, await t.signIn('clerk'));
    expect(flags.flags.medicalAlert).toBe(false);
    t.close();
  });

  it('creates a service location by keyboard from Customers; refusals show at their fields; New service then finds it vacant', async () => {
    const core = await makeTestCore({ boot: { keyFile: path.join(tempDir('tc-cust-ui-'), 'towncounter.key') } });
    const { t } = await startApp({ core });
    const clerk = await t.signIn('clerk');
    // A water meter already in service elsewhere: the core refuses it (CONFLICT) at that meter's number.
    await t.must('locations.create', { location: { street: '9 Oak Ln', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'residential', services: ['water'], meters: [{ service: 'water', number: 'W-77001' }] } }, clerk);
    const before = (t.core.deps.db.prepare('SELECT COUNT(*) AS n FROM service_locations').get() as { n: number }).n;
    await signIn('clerk', '2222');
    altKey('C');
    await screen.findByRole('searchbox', { name: 'Find customer' });
    fireEvent.click(screen.getByRole('button', { name: 'New service location' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'New service location' });
    expect(document.activeElement).toBe(heading);
    const form = screen.getByRole('form', { name: 'New service location' });
    type(within(form).getByLabelText('Street'), '214 Pine St');
    type(within(form).getByLabelText('Unit'), 'B');
    type(within(form).getByLabelText('City'), 'Benson');
    type(within(form).getByLabelText('ZIP'), '2750');
    fireEvent.change(within(form).getByLabelText('Service class'), { target: { value: 'commercial' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Electric' }));
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Inside town limits' }));
    type(within(form).getByLabelText('Stormwater ERUs'), '2.5');
    type(within(form).getByLabelText('Water meter number'), 'W-77001');
    type(within(form).getByLabelText('Electric meter number'), 'E-88002');
    type(within(form).getByLabelText('Electric meter multiplier'), '40');
    fireEvent.click(within(form).getByRole('button', { name: 'Create location' }));
    // The bad ZIP is refused by the core's schema, shown under ZIP.
    const zip = within(form).getByLabelText('ZIP');
    await waitFor(() => expect(zip.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(zip.getAttribute('aria-describedby')!.split(' ').find((x) => x.endsWith('-error'))!)!.textContent).toBe('a ZIP code (12345 or 12345-6789)');
    expect(within(form).getByRole('alert').textContent).toContain('Not saved:');
    type(zip, '27504');
    fireEvent.click(within(form).getByRole('button', { name: 'Create location' }));
    // The meter in service elsewhere is refused at the water meter's number; nothing was created.
    const water = within(form).getByLabelText('Water meter number');
    await waitFor(() => expect(water.getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByRole('alert').textContent).toContain('Water meter W-77001 is in service at location');
    expect(zip.getAttribute('aria-invalid')).toBeNull();
    expect((t.core.deps.db.prepare('SELECT COUNT(*) AS n FROM service_locations').get() as { n: number }).n).toBe(before);
    type(water, 'W-77003');
    fireEvent.click(within(form).getByRole('button', { name: 'Create location' }));

    await screen.findByRole('heading', { level: 1, name: 'Service location 214 Pine St B' });
    const details = screen.getByRole('region', { name: 'Service location details' });
    const row = t.core.deps.db.prepare("SELECT id, service_class, services, inside_limits, eru_hundredths FROM service_locations WHERE street = '214 Pine St'").get() as { id: number; service_class: string; services: string; inside_limits: number; eru_hundredths: number };
    expect(row).toMatchObject({ service_class: 'commercial', inside_limits: 0, eru_hundredths: 250 });
    expect(screen.getByText(`Service location ${row.id} created at 214 Pine St B, Benson, NC 27504.`).getAttribute('role')).toBe('status');
    expect(details.textContent).toContain(`Location ID${row.id}`);
    expect(details.textContent).toContain('Solid waste, Sewer, Water, Electric, Stormwater');
    expect(details.textContent).toContain('Electric E-88002');
    expect(details.textContent).toContain('×40');
    expect(details.textContent).toContain('None: vacant');
    const meters = t.core.deps.db.prepare('SELECT service, number, multiplier FROM meters WHERE location_id = ? ORDER BY service').all(row.id);
    expect(meters).toEqual([
      { service: 'electric', number: 'E-88002', multiplier: 40 },
      { service: 'water', number: 'W-77003', multiplier: 1 },
    ]);
    // Service desk → New service finds it by address, vacant.
    const found = await t.must('serviceDesk.locations', { query: '214 Pine', limit: 20 }, clerk);
    expect(found.locations.map((l) => [l.locationId, l.occupiedBy])).toEqual([[row.id, null]]);
    t.close();
  });
});
