// Medical Alert through the contract: certifications limited by medicalAlertMaxMonths, the
// account flag kept equal to the latest certification in force (shown by accounts.get and
// search), withdrawal, the list and the expiring report by medicalAlertWarnDays; and
// customers.search.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAccount, insertCustomer, insertLocation } from '../../../src-main/core/accounts/records';
import { addMonths } from '../../../src-main/core/deps';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';

describe('Medical Alert', () => {
  let t: TestCore;
  let clerk: string;
  let a1: number;
  let a2: number;
  let a1Number: string;

  beforeEach(async () => {
    t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
    clerk = await t.signIn('clerk');
    const db = t.core.deps.db;
    db.transaction(() => {
      const mk = (last: string, street: string) => {
        const c = insertCustomer(db, { kind: 'person', firstName: 'Ann', lastName: last, phone: '919-555-0101', mailStreet: street, mailCity: 'Benson', mailState: 'NC', mailZip: '27504', createdAt: '2026-01-01T00:00:00Z' });
        const l = insertLocation(db, { street, city: 'Benson', state: 'NC', zip: '27504', serviceClass: 'residential', services: ['electric'] });
        return insertAccount(db, { customerId: c, locationId: l, openedOn: '2026-01-01', services: ['electric'] });
      };
      const x = mk('Oxley', '5 Birch Rd');
      a1 = x.id;
      a1Number = x.number;
      a2 = mk('Pruitt', '7 Cedar Rd').id;
    })();
  });
  afterEach(() => t.close());

  it('adds months held to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-16', 12)).toBe('2027-03-16');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('certifies for at most medicalAlertMaxMonths; the flag follows the latest certification in force everywhere the account shows', async () => {
    const tooLong = await t.call('medicalAlert.certify', { accountId: a1, certifiedOn: '2026-03-10', expiresOn: '2027-03-11', physician: 'Dr. Lena Ames', physicianPhone: '919 555 0100' }, clerk);
    expect(tooLong.ok ? null : tooLong.error).toMatchObject({ code: 'BAD_INPUT', details: { latestExpiry: '2027-03-10' } });
    const future = await t.call('medicalAlert.certify', { accountId: a1, certifiedOn: '2026-03-17', expiresOn: '2026-09-17', physician: 'Dr. Lena Ames', physicianPhone: '9195550100' }, clerk);
    expect(future.ok ? null : future.error.code).toBe('BAD_INPUT');
    const noPhone = await t.call('medicalAlert.certify', { accountId: a1, certifiedOn: '2026-03-10', expiresOn: '2026-09-10', physician: 'Dr. Lena Ames', physicianPhone: '555-0100' }, clerk);
    expect(noPhone.ok ? null : noPhone.error.code).toBe('BAD_INPUT');
    expect((t.core.deps.db.prepare('SELECT count(*) AS n FROM medical_alert_certifications').get() as { n: number }).n).toBe(0);

    // Shorten the limit: the setting is what counts.
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { medicalAlertMaxMonths: 6 }, reason: 'policy change' }, admin);
    const overSix = await t.call('medicalAlert.certify', { accountId: a1, certifiedOn: '2026-03-10', expiresOn: '2026-09-11', physician: 'Dr. Lena Ames', physicianPhone: '9195550100' }, clerk);
    expect(overSix.ok ? null : overSix.error.message).toContain('at most 6 months');

    const first = await t.must('medicalAlert.certify', { accountId: a1, certifiedOn: '2026-03-10', expiresOn: '2026-09-10', physician: 'Dr. Lena Ames', physicianPhone: '9195550100' }, clerk);
    expect(first).toMatchObject({ medicalAlertUntil: '2026-09-10', certification: { state: 'in_force', physicianPhone: '919-555-0100', recordedBy: 'Clara Clerk' } });
    const acct = await t.must('accounts.get', { accountId: a1 }, clerk);
    expect(acct.flags).toMatchObject({ medicalAlert: true, medicalAlertUntil: '2026-09-10' });
    const hits = await t.must('accounts.search', { query: 'Oxley' }, clerk);
    expect(hits.results[0]!.flags.medicalAlert).toBe(true);

    // A second, shorter certification does not shorten the flag; withdrawing the longer one does.
    const second = await t.must('medicalAlert.certify', { accountId: a1, certifiedOn: '2026-03-16', expiresOn: '2026-06-30', physician: 'Dr. Ruiz', physicianPhone: '9195550111' }, clerk);
    expect(second.medicalAlertUntil).toBe('2026-09-10');
    const w = await t.must('medicalAlert.withdraw', { certificationId: first.certification.id, reason: 'entered on the wrong account' }, clerk);
    expect(w).toMatchObject({ medicalAlertUntil: '2026-06-30', certification: { state: 'withdrawn', withdrawReason: 'entered on the wrong account', withdrawnBy: 'Clara Clerk' } });
    const again = await t.call('medicalAlert.withdraw', { certificationId: first.certification.id, reason: 'twice' }, clerk);
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    const list = await t.must('medicalAlert.forAccount', { accountId: a1 }, clerk);
    expect(list.medicalAlertUntil).toBe('2026-06-30');
    expect(list.certifications.map((c) => [c.expiresOn, c.state])).toEqual([
      ['2026-09-10', 'withdrawn'],
      ['2026-06-30', 'in_force'],
    ]);
    await t.must('medicalAlert.withdraw', { certificationId: second.certification.id, reason: 'ended early' }, clerk);
    expect((await t.must('accounts.get', { accountId: a1 }, clerk)).flags).toMatchObject({ medicalAlert: false, medicalAlertUntil: null });
    const audits = t.core.deps.db.prepare("SELECT action, subject FROM audit_log WHERE action LIKE 'medicalAlert.%' ORDER BY id").all();
    expect(audits).toEqual([
      { action: 'medicalAlert.certify', subject: a1Number },
      { action: 'medicalAlert.certify', subject: a1Number },
      { action: 'medicalAlert.withdraw', subject: a1Number },
      { action: 'medicalAlert.withdraw', subject: a1Number },
    ]);
  });

  it('lists accounts in force, soonest expiry first, and reports those expiring within medicalAlertWarnDays', async () => {
    await t.must('medicalAlert.certify', { accountId: a1, certifiedOn: '2026-03-01', expiresOn: '2026-04-15', physician: 'Dr. Ames', physicianPhone: '9195550100' }, clerk);
    await t.must('medicalAlert.certify', { accountId: a2, certifiedOn: '2026-03-01', expiresOn: '2027-01-31', physician: 'Dr. Ruiz', physicianPhone: '9195550111' }, clerk);
    const all = await t.must('medicalAlert.list', {}, clerk);
    expect(all).toMatchObject({ today: '2026-03-16', warnDays: 30, expiring: 1 });
    expect(all.rows.map((r) => [r.accountId, r.expiresOn, r.daysLeft, r.expiring, r.name])).toEqual([
      [a1, '2026-04-15', 30, true, 'Ann Oxley'],
      [a2, '2027-01-31', 321, false, 'Ann Pruitt'],
    ]);
    expect((await t.must('medicalAlert.list', { expiringOnly: true }, clerk)).rows.map((r) => r.accountId)).toEqual([a1]);
    const pdf = await t.must('medicalAlert.pdf', { expiringOnly: true }, clerk);
    const file = path.join(tempDir('tc-ma-pdf-'), pdf.filename);
    fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(pdf.filename).toBe('medical-alert-expiring-2026-03-16.pdf');
    expect(text).toContain('Medical Alert certifications expiring within 30 days');
    expect(text).toContain('Ann Oxley');
    expect(text).toContain('2026-04-15 *');
    expect(text).not.toContain('Ann Pruitt');

    // A day later the first is 29 days out; after it expires it leaves the list and the flag is off.
    t.clock.set('2026-04-16T15:00:00Z');
    const later = await t.must('medicalAlert.list', {}, clerk);
    expect(later.rows.map((r) => r.accountId)).toEqual([a2]);
    expect((await t.must('accounts.get', { accountId: a1 }, clerk)).flags.medicalAlert).toBe(false);
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { medicalAlertWarnDays: 365 }, reason: 'longer notice' }, admin);
    expect((await t.must('medicalAlert.list', { expiringOnly: true }, clerk)).rows.map((r) => r.accountId)).toEqual([a2]);
  });

  it('shows the flag to the crews: the work order, its ticket PDF and the board', async () => {
    await t.must('medicalAlert.certify', { accountId: a1, certifiedOn: '2026-03-10', expiresOn: '2026-09-10', physician: 'Dr. Ames', physicianPhone: '9195550100' }, clerk);
    const wo = await t.must('workOrders.create', { type: 'leak_check', accountId: a1, source: 'counter', idempotencyKey: 'wo-medical-1' }, clerk);
    expect(wo.medicalAlertUntil).toBe('2026-09-10');
    const other = await t.must('workOrders.create', { type: 'leak_check', accountId: a2, source: 'counter', idempotencyKey: 'wo-medical-2' }, clerk);
    expect(other.medicalAlertUntil).toBeNull();
    const board = await t.must('workOrders.board', {}, clerk);
    expect(board.columns.flatMap((c) => c.orders).find((o) => o.id === wo.id)?.medicalAlertUntil).toBe('2026-09-10');
    const pdf = await t.must('workOrders.pdf', { kind: 'ticket', id: wo.id }, clerk);
    const file = path.join(tempDir('tc-ma-pdf-'), 'ticket.pdf');
    fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
    expect(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).toMatch(/MEDICAL ALERT\s+certified until 09\/10\/2026/);

    // In force through its last day (the town's date); the day after, the crews no longer see it.
    t.clock.set('2026-09-11T03:30:00Z'); // 11:30 PM on 09/10 in the town
    expect((await t.must('workOrders.get', { id: wo.id }, clerk)).medicalAlertUntil).toBe('2026-09-10');
    t.clock.set('2026-09-11T15:00:00Z');
    expect((await t.must('workOrders.get', { id: wo.id }, clerk)).medicalAlertUntil).toBeNull();
    expect((await t.must('workOrders.board', {}, clerk)).columns.flatMap((c) => c.orders).find((o) => o.id === wo.id)?.medicalAlertUntil).toBeNull();
    const expired = await t.must('workOrders.pdf', { kind: 'ticket', id: wo.id }, clerk);
    fs.writeFileSync(file, Buffer.from(expired.contentBase64, 'base64'));
    expect(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).not.toContain('MEDICAL ALERT');
  });

  it('refuses a closed account, an unknown account, and a cashier', async () => {
    t.core.deps.db.prepare("UPDATE accounts SET status = 'closed', closed_on = '2026-03-01' WHERE id = ?").run(a2);
    const closed = await t.call('medicalAlert.certify', { accountId: a2, certifiedOn: '2026-03-10', expiresOn: '2026-09-10', physician: 'Dr. Ames', physicianPhone: '9195550100' }, clerk);
    expect(closed.ok ? null : closed.error.code).toBe('ACCOUNT_STATUS');
    const none = await t.call('medicalAlert.certify', { accountId: 999, certifiedOn: '2026-03-10', expiresOn: '2026-09-10', physician: 'Dr. Ames', physicianPhone: '9195550100' }, clerk);
    expect(none.ok ? null : none.error.code).toBe('NOT_FOUND');
    const cashier = await t.signIn('cashier');
    const forbidden = await t.call('medicalAlert.certify', { accountId: a1, certifiedOn: '2026-03-10', expiresOn: '2026-09-10', physician: 'Dr. Ames', physicianPhone: '9195550100' }, cashier);
    expect(forbidden.ok ? null : forbidden.error.code).toBe('FORBIDDEN');
    expect((await t.must('medicalAlert.list', {}, cashier)).rows).toEqual([]);
  });

  it('finds customers by name, phone and tax id last four', async () => {
    const hits = await t.must('customers.search', { query: 'oxl' }, clerk);
    expect(hits.results.map((h) => h.displayName)).toEqual(['Ann Oxley']);
    expect(hits.results[0]!.accounts.map((a) => a.id)).toEqual([a1]);
    expect((await t.must('customers.search', { query: '555-0101' }, clerk)).results).toHaveLength(2);
    expect((await t.must('customers.search', { query: '100%' }, clerk)).results).toEqual([]);
    t.core.deps.db.prepare("UPDATE customers SET tax_id_last4 = '6789', tax_id_kind = 'ssn' WHERE display_name = 'Ann Pruitt'").run();
    expect((await t.must('customers.search', { query: '6789' }, clerk)).results.map((h) => [h.displayName, h.taxIdMasked])).toEqual([['Ann Pruitt', '***-**-6789']]);
    expect((await t.must('customers.search', { query: 'Ann', limit: 1 }, clerk)).more).toBe(true);
  });
});
