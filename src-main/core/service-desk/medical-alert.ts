// The Medical Alert list: physicians' certifications that someone at the premises depends on
// powered medical equipment. A certification runs at most medicalAlertMaxMonths; it is never
// edited, only withdrawn. accounts.medical_alert_until is kept equal to the latest expiry of the
// account's certifications not withdrawn, so every place that shows the account's flags
// (account page, counter, search, work orders) shows the same thing.
import type { MedicalAlertRow, MedicalCertification } from '../../../src-shared/ipc/customer-schemas';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { formatAddress } from '../accounts/search-index';
import { recordAudit } from '../audit';
import { addDays, addMonths, daysBetween } from '../deps';
import { CoreError } from '../errors';
import type { DeskContext } from './customers';


interface CertRow {
  id: number;
  account_id: number;
  certified_on: string;
  expires_on: string;
  physician: string;
  physician_phone: string | null;
  recorded_at: string;
  recorded_by_name: string | null;
  withdrawn_at: string | null;
  withdrawn_by_name: string | null;
  withdraw_reason: string | null;
}

const CERT_SELECT = `SELECT m.*, r.display_name AS recorded_by_name, w.display_name AS withdrawn_by_name
  FROM medical_alert_certifications m LEFT JOIN users r ON r.id = m.recorded_by LEFT JOIN users w ON w.id = m.withdrawn_by`;

function view(r: CertRow, today: string): MedicalCertification {
  return {
    id: r.id,
    accountId: r.account_id,
    certifiedOn: r.certified_on,
    expiresOn: r.expires_on,
    physician: r.physician,
    physicianPhone: r.physician_phone,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by_name,
    withdrawnAt: r.withdrawn_at,
    withdrawnBy: r.withdrawn_by_name,
    withdrawReason: r.withdraw_reason,
    state: r.withdrawn_at ? 'withdrawn' : r.expires_on >= today ? 'in_force' : 'expired',
  };
}

function certRow(db: Db, id: number): CertRow {
  const r = db.prepare(`${CERT_SELECT} WHERE m.id = ?`).get(id) as CertRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No Medical Alert certification with id ${id}.`);
  return r;
}

/** Sets accounts.medical_alert_until to the latest expiry not withdrawn (null: none). Returns it. */
export function refreshMedicalAlert(db: Db, accountId: number): string | null {
  const until = (db.prepare('SELECT max(expires_on) AS until FROM medical_alert_certifications WHERE account_id = ? AND withdrawn_at IS NULL').get(accountId) as { until: string | null }).until;
  db.prepare('UPDATE accounts SET medical_alert_until = ? WHERE id = ?').run(until, accountId);
  return until;
}

export interface CertificationInput {
  accountId: number;
  certifiedOn: string;
  expiresOn: string;
  physician: string;
  physicianPhone: string;
}

/**
 * Records a certification. Certified on a day not after today; expiring after today and at most
 * medicalAlertMaxMonths after the certification date; on an account not closed.
 */
export function certifyMedicalAlert(db: Db, input: CertificationInput, settings: Pick<SettingsValues, 'medicalAlertMaxMonths'>, ctx: DeskContext) {
  const account = db.prepare('SELECT id, number, status FROM accounts WHERE id = ?').get(input.accountId) as { id: number; number: string; status: string } | undefined;
  if (!account) throw new CoreError('NOT_FOUND', `No account with id ${input.accountId}.`);
  if (account.status === 'closed') throw new CoreError('ACCOUNT_STATUS', `Account ${account.number} is closed.`);
  if (input.certifiedOn > ctx.today) throw new CoreError('BAD_INPUT', `The certification date ${input.certifiedOn} is after today (${ctx.today}).`);
  if (input.expiresOn <= input.certifiedOn) throw new CoreError('BAD_INPUT', 'The certification must expire after the day it was certified.');
  const latest = addMonths(input.certifiedOn, settings.medicalAlertMaxMonths);
  if (input.expiresOn > latest) throw new CoreError('BAD_INPUT', `A certification runs at most ${settings.medicalAlertMaxMonths} months: one certified on ${input.certifiedOn} expires by ${latest}.`, { latestExpiry: latest });
  if (input.expiresOn < ctx.today) throw new CoreError('BAD_INPUT', `That certification expired on ${input.expiresOn}; record a current one.`);
  const id = Number(
    db
      .prepare('INSERT INTO medical_alert_certifications (account_id, certified_on, expires_on, physician, physician_phone, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.accountId, input.certifiedOn, input.expiresOn, input.physician, input.physicianPhone, ctx.at, ctx.userId).lastInsertRowid,
  );
  const until = refreshMedicalAlert(db, input.accountId);
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'medicalAlert.certify', subject: account.number, details: { certificationId: id, certifiedOn: input.certifiedOn, expiresOn: input.expiresOn } });
  return { certification: view(certRow(db, id), ctx.today), medicalAlertUntil: until };
}

export function withdrawMedicalAlert(db: Db, certificationId: number, reason: string, ctx: DeskContext) {
  const r = certRow(db, certificationId);
  if (r.withdrawn_at) throw new CoreError('CONFLICT', `Certification ${certificationId} was already withdrawn on ${r.withdrawn_at.slice(0, 10)}.`);
  db.prepare('UPDATE medical_alert_certifications SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ? WHERE id = ?').run(ctx.at, ctx.userId, reason, certificationId);
  const until = refreshMedicalAlert(db, r.account_id);
  const number = (db.prepare('SELECT number FROM accounts WHERE id = ?').get(r.account_id) as { number: string }).number;
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'medicalAlert.withdraw', subject: number, reason, details: { certificationId } });
  return { certification: view(certRow(db, certificationId), ctx.today), medicalAlertUntil: until };
}

export function certificationsFor(db: Db, accountId: number, today: string) {
  const a = db.prepare('SELECT medical_alert_until FROM accounts WHERE id = ?').get(accountId) as { medical_alert_until: string | null } | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account with id ${accountId}.`);
  const rows = db.prepare(`${CERT_SELECT} WHERE m.account_id = ? ORDER BY m.expires_on DESC, m.id DESC`).all(accountId) as CertRow[];
  return { medicalAlertUntil: a.medical_alert_until, certifications: rows.map((r) => view(r, today)) };
}

/**
 * The Medical Alert list: for each account, its certification in force that expires last
 * (soonest expiry first); `expiringOnly` keeps those expiring within medicalAlertWarnDays.
 */
export function medicalAlertList(db: Db, opts: { expiringOnly: boolean }, settings: Pick<SettingsValues, 'medicalAlertWarnDays'>, today: string) {
  const warnBy = addDays(today, settings.medicalAlertWarnDays);
  const rows = db
    .prepare(
      `SELECT m.id, m.account_id, m.certified_on, m.expires_on, m.physician, m.physician_phone,
              a.number, a.status, c.display_name, c.phone, l.street, l.unit
         FROM medical_alert_certifications m
         JOIN accounts a ON a.id = m.account_id JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id
        WHERE m.withdrawn_at IS NULL AND m.expires_on >= @today AND m.expires_on = a.medical_alert_until AND a.status <> 'closed'
          AND (@expiringOnly = 0 OR m.expires_on <= @warnBy)
          AND m.id = (SELECT max(id) FROM medical_alert_certifications x WHERE x.account_id = m.account_id AND x.withdrawn_at IS NULL AND x.expires_on = m.expires_on)
        ORDER BY m.expires_on, a.number`,
    )
    .all({ today, warnBy, expiringOnly: opts.expiringOnly ? 1 : 0 }) as Array<{
    id: number;
    account_id: number;
    certified_on: string;
    expires_on: string;
    physician: string;
    physician_phone: string | null;
    number: string;
    status: MedicalAlertRow['status'];
    display_name: string;
    phone: string | null;
    street: string;
    unit: string | null;
  }>;
  const out: MedicalAlertRow[] = rows.map((r) => ({
    accountId: r.account_id,
    accountNumber: r.number,
    name: r.display_name,
    serviceAddress: formatAddress(r.street, r.unit),
    phone: r.phone,
    status: r.status,
    certificationId: r.id,
    certifiedOn: r.certified_on,
    expiresOn: r.expires_on,
    daysLeft: daysBetween(today, r.expires_on),
    physician: r.physician,
    physicianPhone: r.physician_phone,
    expiring: r.expires_on <= warnBy,
  }));
  return { today, warnDays: settings.medicalAlertWarnDays, rows: out, expiring: out.filter((r) => r.expiring).length };
}

const DEMO_PHYSICIANS = [
  ['Dr. Lena Ames, Johnston Family Medicine', '919-555-0140'],
  ['Dr. Marcus Ruiz, Benson Pulmonary Care', '919-555-0173'],
  ['Dr. Priya Natarajan, Harnett Health', '910-555-0121'],
] as const;

/**
 * For accounts flagged without a certification row (the demo generator and insertAccount write
 * the flag directly): one certification each, certified up to 12 months before it expires and
 * never after `today`, from a small deterministic list of physicians.
 */
export function recordDemoCertifications(db: Db, today: string): number {
  const rows = db
    .prepare('SELECT id, medical_alert_until AS until FROM accounts a WHERE medical_alert_until IS NOT NULL AND NOT EXISTS (SELECT 1 FROM medical_alert_certifications m WHERE m.account_id = a.id) ORDER BY id')
    .all() as Array<{ id: number; until: string }>;
  const insert = db.prepare('INSERT INTO medical_alert_certifications (account_id, certified_on, expires_on, physician, physician_phone, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, NULL)');
  for (const r of rows) {
    // A year's certification ending on the flag's date, but never certified after today.
    const yearBefore = addDays(addMonths(r.until, -12), 1);
    const certified = yearBefore > today ? today : yearBefore;
    const [physician, phone] = DEMO_PHYSICIANS[r.id % DEMO_PHYSICIANS.length]!;
    insert.run(r.id, certified, r.until, physician, phone, `${certified}T15:00:00.000Z`);
  }
  return rows.length;
}
