// Customers and service locations through the contract: the person/business rules, tax ids
// checked for meaning, encrypted with the shared key file and only ever shown masked (reveal by
// a supervisor with a reason, audited), edits audited by field name, locations with meters.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../src-shared/ipc/contract';
import { insertAccount } from '../../../src-main/core/accounts/records';
import { createCustomer, type DeskContext } from '../../../src-main/core/service-desk/customers';
import { createSecrets } from '../../../src-main/core/secrets';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';

const SSN = '123-45-6789';
type NewCustomer = MethodInput<'customers.create'>['customer'];
const person = (over: Partial<NewCustomer> = {}): NewCustomer => ({
  kind: 'person',
  firstName: 'Rosa',
  lastName: 'Delgado',
  phone: '(919) 555-0142',
  mailStreet: '12 Elm St',
  mailCity: 'Benson',
  mailState: 'nc',
  mailZip: '27504',
  language: 'es',
  idCheck: { document: 'drivers_license', issuer: 'NC DMV', last4: '4321', expiresOn: '2029-05-01' },
  taxId: { kind: 'ssn', value: SSN },
  ...over,
});

describe('customers', () => {
  let t: TestCore;
  let dir: string;
  let keyFile: string;
  let clerk: string;
  let supervisor: string;

  beforeEach(async () => {
    dir = tempDir('tc-customers-');
    keyFile = path.join(dir, 'keys', 'towncounter.key');
    t = await makeTestCore({ file: path.join(dir, 'ledger.sqlite'), boot: { keyFile } });
    clerk = await t.signIn('clerk');
    supervisor = await t.signIn('supervisor');
  });
  afterEach(() => t.close());

  const count = (sql: string) => (t.core.deps.db.prepare(sql).get() as { n: number }).n;

  it('creates a person with the SSN encrypted, shown masked, and the ID check recorded', async () => {
    expect(fs.existsSync(keyFile)).toBe(false);
    const c = await t.must('customers.create', { customer: person() }, clerk);
    expect(c).toMatchObject({ kind: 'person', displayName: 'Rosa Delgado', phone: '919-555-0142', mailState: 'NC', language: 'es', taxIdKind: 'ssn', taxIdMasked: '***-**-6789', accounts: [] });
    expect(c.idCheck).toEqual({ document: 'drivers_license', issuer: 'NC DMV', last4: '4321', expiresOn: '2029-05-01', checkedOn: '2026-03-16', checkedBy: 'Clara Clerk' });
    expect(JSON.stringify(c)).not.toContain('6789'.padStart(9, '12345'));
    // The key file was made on first use, outside the ledger; the row holds ciphertext and the last four only.
    expect(fs.existsSync(keyFile)).toBe(true);
    const row = t.core.deps.db.prepare('SELECT tax_id_enc, tax_id_last4, tax_id_kind FROM customers WHERE id = ?').get(c.id) as { tax_id_enc: Buffer; tax_id_last4: string; tax_id_kind: string };
    expect(row.tax_id_last4).toBe('6789');
    expect(row.tax_id_enc.includes(Buffer.from('123456789'))).toBe(false);
    const audit = t.core.deps.db.prepare("SELECT details FROM audit_log WHERE action = 'customer.create'").get() as { details: string };
    expect(JSON.parse(audit.details)).toEqual({ kind: 'person', taxIdKind: 'ssn', idChecked: true });
  });

  it('refuses tax ids that cannot be issued, and a person or business missing what it needs; nothing is written', async () => {
    const bad: Array<[NewCustomer, string]> = [
      [person({ taxId: { kind: 'ssn', value: '000-12-3456' } }), 'no SSN starts with 000 or 666'],
      [person({ taxId: { kind: 'ssn', value: '666-12-3456' } }), 'no SSN starts with 000 or 666'],
      [person({ taxId: { kind: 'ssn', value: '912-70-3456' } }), 'numbers starting with 9 are ITINs'],
      [person({ taxId: { kind: 'ssn', value: '123-00-3456' } }), 'middle two digits are never 00'],
      [person({ taxId: { kind: 'ssn', value: '123-45-0000' } }), 'last four digits are never 0000'],
      [person({ taxId: { kind: 'ssn', value: '12345678' } }), 'a tax id has 9 digits'],
      [person({ taxId: { kind: 'itin', value: '123-70-3456' } }), 'an ITIN starts with 9'],
      [person({ taxId: { kind: 'itin', value: '912-40-3456' } }), 'digits 4–5 must be'],
      [person({ taxId: { kind: 'ein', value: '12-3456789' } }), 'a person has an SSN or ITIN, not an EIN'],
      [person({ lastName: null }), 'a person needs a last name'],
      [{ ...person({ taxId: { kind: 'ein', value: '07-1234567' } }), kind: 'business', firstName: null, lastName: null, businessName: 'Delgado Tires' }, 'not an EIN'],
      [{ ...person({ taxId: null }), kind: 'business', firstName: null, lastName: null }, 'a business needs its name'],
      [person({ mailZip: '2750' }), 'a ZIP code'],
      [person({ phone: '555-0142' }), 'a 10-digit phone number'],
    ];
    for (const [customer, message] of bad) {
      const r = await t.call('customers.create', { customer }, clerk);
      expect(r.ok, message).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('BAD_INPUT');
        expect(r.error.message).toContain(message);
        // The message never repeats the digits typed.
        const typed = customer.taxId?.value ?? '';
        if (typed) {
          expect(r.error.message).not.toContain(typed);
          expect(r.error.message).not.toContain(typed.replace(/\D/g, ''));
        }
      }
    }
    expect(count('SELECT count(*) AS n FROM customers')).toBe(0);
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('accepts an ITIN for a person and an EIN for a business; masks each its own way', async () => {
    const p = await t.must('customers.create', { customer: person({ taxId: { kind: 'itin', value: '912 70 1234' } }) }, clerk);
    expect(p.taxIdMasked).toBe('***-**-1234');
    const b = await t.must('customers.create', { customer: { ...person({ taxId: { kind: 'ein', value: '56-1234567' } }), kind: 'business', firstName: null, lastName: null, businessName: 'Delgado Tires LLC' } }, clerk);
    expect(b).toMatchObject({ kind: 'business', displayName: 'Delgado Tires LLC', taxIdKind: 'ein', taxIdMasked: '**-***4567', firstName: null });
    // The account page masks it the same way.
    const db = t.core.deps.db;
    const loc = await t.must('locations.create', { location: { street: '9 Depot St', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'commercial', services: ['electric'] } }, clerk);
    const acct = db.transaction(() => insertAccount(db, { customerId: b.id, locationId: loc.id, openedOn: '2026-03-16', services: ['electric'] }))();
    expect((await t.must('accounts.get', { accountId: acct.id }, clerk)).customer.taxIdMasked).toBe('**-***4567');
  });

  it('refuses a tax id already on file for another customer (CONFLICT naming that customer)', async () => {
    const first = await t.must('customers.create', { customer: person() }, clerk);
    const r = await t.call('customers.create', { customer: person({ firstName: 'R.', taxId: { kind: 'ssn', value: '123456789' } }) }, clerk);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'CONFLICT', details: { customerId: first.id } });
    expect(count('SELECT count(*) AS n FROM customers')).toBe(1);
  });

  it('edits a customer: only the fields given change, the audit names them, search finds the new name', async () => {
    const c = await t.must('customers.create', { customer: person() }, clerk);
    const db = t.core.deps.db;
    const loc = await t.must('locations.create', { location: { street: '400 Main St', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'residential', services: ['water', 'sewer'] } }, clerk);
    db.transaction(() => insertAccount(db, { customerId: c.id, locationId: loc.id, openedOn: '2026-03-16', services: ['water', 'sewer'] }))();
    t.clock.advance(60_000);
    const u = await t.must('customers.update', { customerId: c.id, changes: { lastName: 'Delgado-Ruiz', altPhone: '9195550199', language: 'en' } }, clerk);
    expect(u).toMatchObject({ displayName: 'Rosa Delgado-Ruiz', altPhone: '919-555-0199', language: 'en', phone: '919-555-0142', taxIdMasked: '***-**-6789', updatedAt: '2026-03-16T15:01:00.000Z' });
    expect(u.accounts).toHaveLength(1);
    const audit = db.prepare("SELECT details FROM audit_log WHERE action = 'customer.update'").get() as { details: string };
    expect(JSON.parse(audit.details)).toEqual({ changed: ['lastName', 'altPhone', 'language'] });
    const hits = await t.must('accounts.search', { query: 'Delgado-Ruiz' }, clerk);
    expect(hits.results.map((h) => h.name)).toContain('Rosa Delgado-Ruiz');

    // A new SSN replaces the old one; the audit says "taxId", never the digits.
    await t.must('customers.update', { customerId: c.id, changes: { taxId: { kind: 'ssn', value: '223-45-6780' } } }, clerk);
    const last = db.prepare("SELECT details FROM audit_log WHERE action = 'customer.update' ORDER BY id DESC").get() as { details: string };
    expect(JSON.parse(last.details)).toEqual({ changed: ['taxId'] });
    expect((await t.must('customers.get', { customerId: c.id }, clerk)).taxIdMasked).toBe('***-**-6780');

    // Turning the person into a business needs a business name; refused, nothing changes.
    const before = db.prepare('SELECT * FROM customers WHERE id = ?').get(c.id);
    const r = await t.call('customers.update', { customerId: c.id, changes: { kind: 'business' } }, clerk);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('a business needs its name') });
    expect(db.prepare('SELECT * FROM customers WHERE id = ?').get(c.id)).toEqual(before);

    // An edit that changes nothing writes nothing.
    const audits = count("SELECT count(*) AS n FROM audit_log WHERE action = 'customer.update'");
    await t.must('customers.update', { customerId: c.id, changes: { phone: '919.555.0142' } }, clerk);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'customer.update'")).toBe(audits);

    const missing = await t.call('customers.update', { customerId: 999, changes: { phone: null } }, clerk);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });

  it('reveals the tax id only to a supervisor with a reason; the audit row keeps it masked', async () => {
    const c = await t.must('customers.create', { customer: person() }, clerk);
    const denied = await t.call('customers.revealTaxId', { customerId: c.id, reason: 'debt setoff check' }, clerk);
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');
    const noReason = await t.call('customers.revealTaxId', { customerId: c.id, reason: '' }, supervisor);
    expect(noReason.ok ? null : noReason.error.code).toBe('BAD_INPUT');
    const shown = await t.must('customers.revealTaxId', { customerId: c.id, reason: 'debt setoff check' }, supervisor);
    expect(shown).toEqual({ customerId: c.id, kind: 'ssn', taxId: SSN });
    const rows = t.core.deps.db.prepare("SELECT reason, details FROM audit_log WHERE action = 'customer.taxId.reveal'").all() as Array<{ reason: string; details: string }>;
    expect(rows).toEqual([{ reason: 'debt setoff check', details: JSON.stringify({ kind: 'ssn', masked: '***-**-6789' }) }]);
  });

  it('never makes a new key while a tax id is stored: a lost key file is reported, not replaced', async () => {
    const c = await t.must('customers.create', { customer: person() }, clerk);
    t.close();
    fs.rmSync(keyFile);
    t = await makeTestCore({ file: path.join(dir, 'ledger.sqlite'), boot: { keyFile }, users: false });
    supervisor = await t.signIn('supervisor');
    const r = await t.call('customers.create', { customer: person({ firstName: 'Ana', taxId: { kind: 'ssn', value: '223-45-6789' } }) }, supervisor);
    expect(r.ok ? null : r.error.code).toBe('KEY_UNAVAILABLE');
    const reveal = await t.call('customers.revealTaxId', { customerId: c.id, reason: 'setoff' }, supervisor);
    expect(reveal.ok ? null : reveal.error.code).toBe('KEY_UNAVAILABLE');
    expect(fs.existsSync(keyFile)).toBe(false);
    expect(count('SELECT count(*) AS n FROM customers')).toBe(1);
    // Customers without a tax id can still be made.
    await t.must('customers.create', { customer: person({ firstName: 'Ana', taxId: null }) }, supervisor);
  });

  it('shares one key file with bank drafts: a draft uses the key a tax id made, and neither makes a new one once a value is stored', async () => {
    const c = await t.must('customers.create', { customer: person() }, clerk);
    const key = fs.readFileSync(keyFile, 'utf8');
    const db = t.core.deps.db;
    const loc = await t.must('locations.create', { location: { street: '400 Main St', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'residential', services: ['water'] } }, clerk);
    const acct = db.transaction(() => insertAccount(db, { customerId: c.id, locationId: loc.id, openedOn: '2026-03-16', services: ['water'] }))();
    const e = await t.must('drafts.enroll', { accountId: acct.id, routingNumber: '062198769', accountType: 'checking', bankAccountNumber: '55501234', authorizedOn: '2026-03-16' }, clerk);
    expect(e.bankAccountMasked).toBe('••••1234');
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
    // Both values decrypt with that one key.
    expect((await t.must('drafts.revealAccountNumber', { enrolmentId: e.id, reason: 'bank asked' }, supervisor)).bankAccountNumber).toBe('55501234');
    expect((await t.must('customers.revealTaxId', { customerId: c.id, reason: 'setoff' }, supervisor)).taxId).toBe(SSN);

    // A ledger holding only a tax id: a lost key file is not replaced by a bank-draft enrolment either.
    const dir2 = tempDir('tc-customers-');
    const key2 = path.join(dir2, 'towncounter.key');
    const t2 = await makeTestCore({ file: path.join(dir2, 'ledger.sqlite'), boot: { keyFile: key2 } });
    try {
      const clerk2 = await t2.signIn('clerk');
      const c2 = await t2.must('customers.create', { customer: person() }, clerk2);
      fs.rmSync(key2);
      const db2 = t2.core.deps.db;
      const loc2 = await t2.must('locations.create', { location: { street: '1 Oak Ave', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'residential', services: ['water'] } }, clerk2);
      const a2 = db2.transaction(() => insertAccount(db2, { customerId: c2.id, locationId: loc2.id, openedOn: '2026-03-16', services: ['water'] }))();
      // The core opened the key once already; a fresh core (the next start) has to read the file.
      t2.close();
      const t3 = await makeTestCore({ file: path.join(dir2, 'ledger.sqlite'), boot: { keyFile: key2 }, users: false });
      try {
        const r = await t3.call('drafts.enroll', { accountId: a2.id, routingNumber: '062198769', accountType: 'checking', bankAccountNumber: '55501234', authorizedOn: '2026-03-16' }, await t3.signIn('clerk'));
        expect(r.ok ? null : r.error.code).toBe('KEY_UNAVAILABLE');
        expect(fs.existsSync(key2)).toBe(false);
      } finally {
        t3.close();
      }
    } catch (err) {
      t2.close();
      throw err;
    }
  });

  it('without a key file configured, a tax id is refused (KEY_UNAVAILABLE) and nothing is written', async () => {
    const bare = await makeTestCore();
    try {
      const tok = await bare.signIn('clerk');
      const r = await bare.call('customers.create', { customer: person() }, tok);
      expect(r.ok ? null : r.error.code).toBe('KEY_UNAVAILABLE');
      expect((bare.core.deps.db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n).toBe(0);
    } finally {
      bare.close();
    }
  });

  it('createCustomer runs inside the caller’s transaction (rolled back with it)', () => {
    const db = t.core.deps.db;
    const ctx: DeskContext = { userId: null, station: 'S1', at: '2026-03-16T15:00:00.000Z', today: '2026-03-16', secrets: createSecrets(db, keyFile) };
    expect(() =>
      db.transaction(() => {
        createCustomer(db, person() as never, ctx);
        throw new Error('the rest of the request failed');
      })(),
    ).toThrow('the rest of the request failed');
    expect(count('SELECT count(*) AS n FROM customers')).toBe(0);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'customer.create'")).toBe(0);
  });
});

describe('service locations', () => {
  let t: TestCore;
  let clerk: string;
  beforeEach(async () => {
    t = await makeTestCore();
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  it('creates a location with its services in one order and its meters in service', async () => {
    const l = await t.must(
      'locations.create',
      {
        location: {
          street: '400 Main St',
          unit: 'Apt 2',
          city: 'Benson',
          state: 'nc',
          zip: '27504',
          serviceClass: 'residential',
          services: ['stormwater', 'electric', 'water', 'sewer'],
          meters: [
            { service: 'water', number: 'W-100200', installReading: 1234 },
            { service: 'electric', number: 'E-55', dials: 5 },
          ],
        },
      },
      clerk,
    );
    expect(l).toMatchObject({ address: '400 Main St Apt 2, Benson, NC 27504', services: ['sewer', 'water', 'electric', 'stormwater'], insideLimits: true, eruHundredths: 100, accounts: [] });
    expect(l.meters.map((m) => [m.service, m.number, m.dials, m.installedOn])).toEqual([
      ['electric', 'E-55', 5, '2026-03-16'],
      ['water', 'W-100200', 7, '2026-03-16'],
    ]);
    const row = t.core.deps.db.prepare('SELECT water_meter, electric_meter FROM service_locations WHERE id = ?').get(l.id);
    expect(row).toEqual({ water_meter: 'W-100200', electric_meter: 'E-55' });
    expect(await t.must('locations.get', { locationId: l.id }, clerk)).toEqual(l);
  });

  it('refuses a meter for a service the location lacks, a service twice, and a meter in service elsewhere', async () => {
    const base = { street: '1 Oak Ave', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'commercial' as const };
    const noWater = await t.call('locations.create', { location: { ...base, services: ['electric'], meters: [{ service: 'water', number: 'W1' }] } }, clerk);
    expect(noWater.ok ? null : noWater.error.message).toContain('a water meter at a location without water service');
    const twice = await t.call('locations.create', { location: { ...base, services: ['water', 'water'] } }, clerk);
    expect(twice.ok ? null : twice.error.message).toContain('a service is listed twice');
    const none = await t.call('locations.create', { location: { ...base, services: [] } }, clerk);
    expect(none.ok ? null : none.error.code).toBe('BAD_INPUT');
    await t.must('locations.create', { location: { ...base, services: ['water'], meters: [{ service: 'water', number: 'W1' }] } }, clerk);
    const dup = await t.call('locations.create', { location: { ...base, street: '2 Oak Ave', services: ['water'], meters: [{ service: 'water', number: 'W1' }] } }, clerk);
    expect(dup.ok ? null : dup.error.code).toBe('CONFLICT');
    expect((t.core.deps.db.prepare('SELECT count(*) AS n FROM service_locations').get() as { n: number }).n).toBe(1);
    const cashier = await t.signIn('cashier');
    const forbidden = await t.call('locations.create', { location: { ...base, street: '3 Oak Ave', services: ['water'] } }, cashier);
    expect(forbidden.ok ? null : forbidden.error.code).toBe('FORBIDDEN');
  });

  it('corrects a location: the fields given change, audited before and after with the reason, and search finds the new address', async () => {
    const db = t.core.deps.db;
    const l = await t.must(
      'locations.create',
      { location: { street: '41 Mian St', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'residential', services: ['water', 'sewer', 'electric'], meters: [{ service: 'water', number: 'W-41' }] } },
      clerk,
    );
    const c = await t.must('customers.create', { customer: person({ taxId: null }) }, clerk);
    const acct = db.transaction(() => insertAccount(db, { customerId: c.id, locationId: l.id, openedOn: '2026-03-01', services: ['water', 'sewer'] }))();
    const fixed = await t.must('locations.update', { locationId: l.id, changes: { street: '41 Main St', unit: 'Lot 3', zip: '27504-1234', serviceClass: 'commercial', eruHundredths: 250, services: ['water', 'sewer'] }, reason: 'Street misspelled at intake' }, clerk);
    expect(fixed).toMatchObject({ address: '41 Main St Lot 3, Benson, NC 27504-1234', serviceClass: 'commercial', eruHundredths: 250, services: ['sewer', 'water'], insideLimits: true });
    expect(await t.must('locations.get', { locationId: l.id }, clerk)).toEqual(fixed);
    const audit = db.prepare("SELECT reason, details FROM audit_log WHERE action = 'location.update'").all() as Array<{ reason: string; details: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reason).toBe('Street misspelled at intake');
    expect(JSON.parse(audit[0]!.details)).toEqual({
      changes: {
        street: { before: '41 Mian St', after: '41 Main St' },
        unit: { before: null, after: 'Lot 3' },
        zip: { before: '27504', after: '27504-1234' },
        serviceClass: { before: 'residential', after: 'commercial' },
        services: { before: ['sewer', 'water', 'electric'], after: ['sewer', 'water'] },
        eruHundredths: { before: 100, after: 250 },
      },
    });
    const found = await t.must('accounts.search', { query: '41 Main St' }, clerk);
    expect(found.results.map((r) => r.id)).toContain(acct.id);
    expect((await t.must('accounts.search', { query: 'Mian' }, clerk)).results).toEqual([]);
    // Unit null clears it.
    expect((await t.must('locations.update', { locationId: l.id, changes: { unit: null }, reason: 'No lot number' }, clerk)).address).toBe('41 Main St, Benson, NC 27504-1234');
  });

  it('refuses to take away a service an open account has or a meter serves, nothing at all, bad values, and a cashier; nothing changes', async () => {
    const db = t.core.deps.db;
    const l = await t.must('locations.create', { location: { street: '9 Elm St', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'residential', services: ['water', 'sewer', 'electric'], meters: [{ service: 'electric', number: 'E-9' }] } }, clerk);
    const c = await t.must('customers.create', { customer: person({ taxId: null }) }, clerk);
    const acct = db.transaction(() => insertAccount(db, { customerId: c.id, locationId: l.id, openedOn: '2026-03-01', services: ['water', 'sewer'] }))();
    const row = () => db.prepare('SELECT * FROM service_locations WHERE id = ?').get(l.id);
    const before = row();
    const refused = async (input: unknown, token = clerk) => {
      const r = await t.call('locations.update', input as never, token);
      return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`;
    };
    expect(await refused({ locationId: l.id, changes: { services: ['water', 'electric'] }, reason: 'no sewer here' })).toBe(`CONFLICT: Sewer can't be taken away: account ${acct.number} here has it. Stop that service on the account first.`);
    expect(await refused({ locationId: l.id, changes: { services: ['water', 'sewer'] }, reason: 'no power here' })).toBe("CONFLICT: Electric can't be taken away: meter E-9 is in service here. Remove the meter first.");
    expect(await refused({ locationId: l.id, changes: {}, reason: 'nothing' })).toMatch(/^BAD_INPUT: .*nothing to change/);
    expect(await refused({ locationId: l.id, changes: { street: '9 Elm St' }, reason: 'same' })).toBe('BAD_INPUT: Nothing to change: the location already reads so.');
    expect(await refused({ locationId: l.id, changes: { zip: '2750' }, reason: 'typo' })).toMatch(/^BAD_INPUT: .*ZIP code/);
    expect(await refused({ locationId: l.id, changes: { services: ['water', 'water'] }, reason: 'twice' })).toMatch(/^BAD_INPUT: .*listed twice/);
    expect(await refused({ locationId: l.id, changes: { street: '10 Elm St' }, reason: '' })).toMatch(/^BAD_INPUT/);
    expect(await refused({ locationId: l.id, changes: { street: '10 Elm St' } })).toMatch(/^BAD_INPUT/);
    expect(await refused({ locationId: l.id, changes: { meters: [] }, reason: 'meters' })).toMatch(/^BAD_INPUT/);
    expect(await refused({ locationId: 999, changes: { street: '10 Elm St' }, reason: 'who' })).toBe('NOT_FOUND: No service location with id 999.');
    expect(await refused({ locationId: l.id, changes: { street: '10 Elm St' }, reason: 'cashier' }, await t.signIn('cashier'))).toMatch(/^FORBIDDEN/);
    expect(row()).toEqual(before);
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'location.update'").get()).toEqual({ n: 0 });
    // Once the account is closed, sewer can go.
    db.prepare("UPDATE accounts SET status = 'closed' WHERE id = ?").run(acct.id);
    expect((await t.must('locations.update', { locationId: l.id, changes: { services: ['water', 'electric'] }, reason: 'sewer line abandoned' }, clerk)).services).toEqual(['water', 'electric']);
  });
});
