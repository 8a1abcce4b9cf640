// The SSN/ITIN never leaves the ledger unmasked: after a run through the service desk (customers
// created and edited with tax ids, searched, a location and account, Medical Alert, a work
// order and its ticket, the service desk's lookups, a stop and a new service creating its customer, the deposit quote, every issuable letter in English and Spanish, the
// deposit liability report, a business day and its export package), the digits are in no
// byte of the ledger file or its WAL, no reply (but the supervisor's audited reveal), no audit
// row, no log line, no PDF's text and no file of the export package.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../src-shared/ipc/contract';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import { insertAccount } from '../../../src-main/core/accounts/records';
import { billAccount, makeAccount, type FixtureAccount } from '../../helpers/fixtures';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { workDay } from '../export/helpers';

const SSN = '287-65-4309';
const SSN2 = '287-65-4310';
const ITIN = '912-78-4321';
const SSN3 = '287-65-4311';
/** Every way the digits could be written. */
const FORMS = [SSN, SSN2, ITIN, SSN3].flatMap((v) => {
  const d = v.replace(/\D/g, '');
  return [v, d, `${d.slice(0, 3)} ${d.slice(3, 5)} ${d.slice(5)}`];
});
const DAY = '2026-03-16';

function leaks(text: string): string[] {
  return FORMS.filter((f) => text.includes(f));
}

function pdfText(base64: string, dir: string, name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('an SSN never leaks', () => {
  let t: TestCore;
  let dir: string;
  const logged: string[] = [];
  const replies: Array<{ method: string; text: string }> = [];
  const pdfs: Array<{ name: string; text: string }> = [];
  let revealed: string | null = null;
  let consoleSpy: ReturnType<typeof vi.spyOn>;

  async function call<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<Envelope<MethodOutput<M>>> {
    const r = await t.call(method, input, token);
    if (method === 'customers.revealTaxId') revealed = JSON.stringify(r);
    else replies.push({ method, text: JSON.stringify(r) });
    return r;
  }
  async function must<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>> {
    const r = await call(method, input, token);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  }

  beforeAll(async () => {
    consoleSpy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '));
    });
    dir = tempDir('tc-ssn-leak-');
    t = await makeTestCore({
      file: path.join(dir, 'ledger.sqlite'),
      now: `${DAY}T13:00:00Z`,
      boot: { keyFile: path.join(dir, 'keys', 'towncounter.key'), log: (m, e) => logged.push(`${m} ${e instanceof Error ? `${e.message}\n${e.stack}` : JSON.stringify(e ?? '')}`) },
    });
    const clerk = await t.signIn('clerk');
    const sup = await t.signIn('supervisor');
    const admin = await t.signIn('admin');
    const db = t.core.deps.db;

    // Customers with tax ids, created, edited, searched and refused.
    const person = { kind: 'person' as const, firstName: 'Rosa', lastName: 'Delgado', phone: '9195550142', mailStreet: '12 Elm St', mailCity: 'Benson', mailState: 'NC', mailZip: '27504', language: 'es' as const };
    const rosa = await must('customers.create', { customer: { ...person, taxId: { kind: 'ssn', value: SSN } } }, clerk);
    await call('customers.create', { customer: { ...person, firstName: 'R', taxId: { kind: 'ssn', value: SSN } } }, clerk); // CONFLICT
    await call('customers.create', { customer: { ...person, taxId: { kind: 'itin', value: SSN } } }, clerk); // BAD_INPUT (not an ITIN)
    await call('customers.create', { customer: { ...person, taxId: { kind: 'ein', value: SSN } } }, clerk); // BAD_INPUT (a person has no EIN)
    const ana = await must('customers.create', { customer: { ...person, firstName: 'Ana', taxId: { kind: 'itin', value: ITIN } } }, clerk);
    await must('customers.update', { customerId: rosa.id, changes: { taxId: { kind: 'ssn', value: SSN2 } } }, clerk);
    await must('customers.update', { customerId: rosa.id, changes: { taxId: { kind: 'ssn', value: SSN } } }, clerk);
    await must('customers.search', { query: '4309' }, clerk);
    await must('customers.search', { query: 'Delgado' }, clerk);
    await call('customers.search', { query: SSN }, clerk);
    await must('customers.get', { customerId: ana.id }, clerk);
    await call('customers.revealTaxId', { customerId: rosa.id, reason: 'x' }, clerk); // FORBIDDEN
    await must('customers.revealTaxId', { customerId: rosa.id, reason: 'debt setoff submission' }, sup);

    // A location, an account for Rosa, Medical Alert, a work order and its ticket.
    const loc = await must('locations.create', { location: { street: '400 Main St', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'residential', services: ['water', 'sewer'], meters: [{ service: 'water', number: 'W-400' }] } }, clerk);
    const acct = db.transaction(() => insertAccount(db, { customerId: rosa.id, locationId: loc.id, openedOn: '2026-01-02', services: ['water', 'sewer'] }))();
    billAccount(db, acct.id, '2026-02-20', { water: 4100, sewer: 2500 });
    await must('accounts.get', { accountId: acct.id }, clerk);
    await must('accounts.search', { query: 'Delgado' }, clerk);
    await must('medicalAlert.certify', { accountId: acct.id, certifiedOn: '2026-03-10', expiresOn: '2026-09-10', physician: 'Dr. Ames', physicianPhone: '9195550100' }, clerk);
    await must('medicalAlert.list', {}, clerk);
    const ma = await must('medicalAlert.pdf', {}, clerk);
    pdfs.push({ name: 'medical alert', text: pdfText(ma.contentBase64, dir, 'medical.pdf') });
    const wo = await must('workOrders.create', { type: 'leak_check', accountId: acct.id, source: 'counter', idempotencyKey: 'ssn-leak-wo-1' }, clerk);
    const ticket = await must('workOrders.pdf', { kind: 'ticket', id: wo.id }, clerk);
    pdfs.push({ name: 'ticket', text: pdfText(ticket.contentBase64, dir, 'ticket.pdf') });

    // The deposit quote and every letter the service desk issues from the account, in both languages.
    await must('deposits.quote', { locationId: loc.id, services: ['water', 'sewer'], customerId: rosa.id }, clerk);
    for (const kind of ['welcome', 'deposit_receipt', 'credit_reference'] as const) {
      for (const language of ['en', 'es'] as const) await must('letters.issue', { accountId: acct.id, kind, language }, clerk);
    }
    await must('letters.list', { accountId: acct.id }, clerk);

    // The service desk's own lookups and a stop at the customer's request (its confirmation letter).
    await must('serviceDesk.locations', { query: '400 Main' }, clerk);
    await must('serviceDesk.priorDebt', { locationId: loc.id, customerId: rosa.id }, clerk);
    const stop = await must('serviceDesk.stop', { accountId: acct.id, stopOn: '2026-03-20', reason: 'moving away', idempotencyKey: 'ssn-leak-stop-1' }, clerk);
    await must('serviceDesk.request', { id: stop.id }, clerk);
    await must('serviceDesk.forAccount', { accountId: acct.id }, clerk);
    // A new service whose customer (with an SSN) is created in the same request, with its deposit and confirmation.
    const loc2 = await must('locations.create', { location: { street: '18 Pine St', city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'residential', services: ['water', 'sewer'], meters: [{ service: 'water', number: 'W-1800' }] } }, clerk);
    const quote = await must('serviceDesk.newServiceQuote', { locationId: loc2.id, services: ['water', 'sewer'] }, clerk);
    const opened = await must(
      'serviceDesk.newService',
      {
        customer: { create: { kind: 'person', firstName: 'Luis', lastName: 'Ortega', mailStreet: '18 Pine St', mailCity: 'Benson', mailState: 'NC', mailZip: '27504', language: 'es', taxId: { kind: 'ssn', value: SSN3 }, idCheck: { document: 'passport', issuer: 'Mexico', last4: 'X123' } } },
        locationId: loc2.id,
        services: ['water', 'sewer'],
        occupancy: 'tenant',
        startOn: '2026-03-18',
        expectedDepositCents: quote.deposit.requiredCents,
        idempotencyKey: 'ssn-leak-new-service-1',
      },
      clerk,
    );
    await must('serviceDesk.request', { id: opened.id }, clerk);

    // A business day with payments on Rosa's account among others, closed, and its export.
    const others: FixtureAccount[] = [makeAccount(db, { last: 'Pyle' }), makeAccount(db, { last: 'Lawson' })];
    for (const o of others) billAccount(db, o.id, '2026-02-20', { water: 3000 });
    await workDay(t, DAY, [{ id: acct.id, number: acct.number, customerId: rosa.id }, ...others], { payments: 12, seed: 3, returnCheck: true, shortCents: 0 });
    const target = path.join(dir, 'export');
    fs.mkdirSync(target);
    await must('export.updateSettings', { values: { folder: target }, reason: 'central finance share' }, admin);
    const exported = await must('export.run', { businessDate: DAY }, await t.signIn('supervisor'));
    expect(exported.outcome).toBe('delivered');
    for (const kind of ['daily', 'receiptJournal'] as const) {
      const pdf = await must('reports.pdf', { kind, businessDate: DAY }, sup);
      pdfs.push({ name: kind, text: pdfText(pdf.contentBase64, dir, `${kind}.pdf`) });
    }
    const liability = await must('deposits.liabilityPdf', {}, sup);
    pdfs.push({ name: 'deposit liability', text: pdfText(liability.contentBase64, dir, 'liability.pdf') });
    replies.push({ method: 'deposits.liabilityCsv (content)', text: (await must('deposits.liabilityCsv', {}, sup)).content });
    // Every letter on file (the returned-payment letter prints the customer's mailing block).
    for (const l of db.prepare('SELECT id FROM letters ORDER BY id').all() as Array<{ id: number }>) {
      const pdf = await must('letters.pdf', { letterId: l.id }, sup);
      pdfs.push({ name: `letter ${l.id}`, text: pdfText(pdf.contentBase64, dir, `letter-${l.id}.pdf`) });
    }
  }, 120_000);

  afterAll(() => {
    consoleSpy.mockRestore();
    t.close();
  });

  it('the supervisor’s reveal is the one reply that carries it (so the search below would find it)', () => {
    expect(revealed).toContain(SSN);
    expect(leaks(revealed ?? '')).not.toEqual([]);
  });

  it('no other reply of the flow carries the digits', () => {
    expect(replies.length).toBeGreaterThan(20);
    for (const r of replies) expect(leaks(r.text), r.method).toEqual([]);
    // The masked form is what the screens get.
    expect(replies.some((r) => r.text.includes('***-**-4309'))).toBe(true);
  });

  it('no byte of the ledger file or its WAL, and no audit row', () => {
    const db = t.core.deps.db;
    const audit = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    expect(audit).toContain('customer.taxId.reveal');
    expect(leaks(audit)).toEqual([]);
    const files = ['ledger.sqlite', 'ledger.sqlite-wal'].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
    // What was written is in these bytes in the clear (the search reads the right files).
    expect(Buffer.concat(files.map((f) => fs.readFileSync(f))).includes(Buffer.from('Rosa Delgado'))).toBe(true);
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      for (const form of FORMS) {
        expect(bytes.includes(Buffer.from(form, 'latin1')), `${f}: ${form}`).toBe(false);
        expect(bytes.includes(Buffer.from(form, 'utf16le')), `${f}: ${form} (UTF-16)`).toBe(false);
      }
    }
    // The row holds ciphertext and the last four.
    expect(db.prepare("SELECT tax_id_last4 FROM customers WHERE display_name = 'Rosa Delgado'").get()).toEqual({ tax_id_last4: '4309' });
    expect(db.prepare("SELECT tax_id_last4, tax_id_enc IS NOT NULL AS enc FROM customers WHERE display_name = 'Luis Ortega'").get()).toEqual({ tax_id_last4: '4311', enc: 1 });
  });

  it('no log line, no PDF text, no file of the export package', () => {
    for (const line of logged) expect(leaks(line)).toEqual([]);
    expect(pdfs.filter((p) => p.name.startsWith('letter')).length).toBeGreaterThanOrEqual(6);
    expect(pdfs.some((p) => p.text.includes('Rosa Delgado'))).toBe(true);
    for (const p of pdfs) expect(leaks(p.text), p.name).toEqual([]);
    const pkg = path.join(dir, 'export');
    const files = fs.readdirSync(pkg, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const text = fs.readFileSync(path.join(f.parentPath, f.name), 'latin1');
      expect(leaks(text), f.name).toEqual([]);
    }
    // The package does carry Rosa's account (the search would have seen it).
    const all = files.map((f) => fs.readFileSync(path.join(f.parentPath, f.name), 'latin1')).join('\n');
    expect(all).toContain(t.core.deps.db.prepare("SELECT a.number FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.display_name = 'Rosa Delgado'").pluck().get() as string);
  });
});
