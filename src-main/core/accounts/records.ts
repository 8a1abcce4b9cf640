// Creating customers, service locations and accounts (the rows a new-service request or the
// demo generator writes), keeping the search index in step.
import { makeAccountNumber } from '../../../src-shared/account-number';
import type { AccountStatus, Service } from '../../../src-shared/domain';
import type { Db } from '../../db/open-ledger';
import { indexAccount } from './search-index';

export interface NewCustomer {
  kind: 'person' | 'business';
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  businessName?: string | null;
  phone?: string | null;
  email?: string | null;
  mailStreet: string;
  mailCity: string;
  mailState: string;
  mailZip: string;
  createdAt: string;
}

export function displayNameOf(c: Pick<NewCustomer, 'kind' | 'firstName' | 'middleName' | 'lastName' | 'businessName'>): string {
  if (c.kind === 'business') return c.businessName ?? '';
  return [c.firstName, c.middleName ? `${c.middleName[0]}.` : null, c.lastName].filter(Boolean).join(' ');
}

export function insertCustomer(db: Db, c: NewCustomer): number {
  return Number(
    db
      .prepare(
        `INSERT INTO customers (kind, first_name, middle_name, last_name, business_name, display_name, phone, email,
                                mail_street, mail_city, mail_state, mail_zip, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.kind, c.firstName ?? null, c.middleName ?? null, c.lastName ?? null, c.businessName ?? null, displayNameOf(c), c.phone ?? null, c.email ?? null, c.mailStreet, c.mailCity, c.mailState, c.mailZip, c.createdAt).lastInsertRowid,
  );
}

export interface NewLocation {
  street: string;
  unit?: string | null;
  city: string;
  state: string;
  zip: string;
  serviceClass: 'residential' | 'commercial';
  waterMeter?: string | null;
  electricMeter?: string | null;
  services: Service[];
}

export function insertLocation(db: Db, l: NewLocation): number {
  return Number(
    db
      .prepare('INSERT INTO service_locations (street, unit, city, state, zip, service_class, water_meter, electric_meter, services) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(l.street, l.unit ?? null, l.city, l.state, l.zip, l.serviceClass, l.waterMeter ?? null, l.electricMeter ?? null, JSON.stringify(l.services)).lastInsertRowid,
  );
}

export interface NewAccount {
  customerId: number;
  locationId: number;
  status?: AccountStatus;
  openedOn: string;
  billingCycle?: number;
  services: Service[];
  medicalAlertUntil?: string | null;
  cashOnly?: boolean;
}

export function insertAccount(db: Db, a: NewAccount): { id: number; number: string } {
  const next = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM accounts').get() as { n: number }).n;
  // The number follows the id, except where a converted account already holds it (accounts
  // converted from the previous system keep their own numbers): then the next free one.
  const taken = db.prepare('SELECT 1 FROM accounts WHERE number = ?');
  let serial = next;
  while (taken.get(makeAccountNumber(serial)) !== undefined) serial++;
  const number = makeAccountNumber(serial);
  db.prepare(
    `INSERT INTO accounts (id, number, customer_id, location_id, status, opened_on, billing_cycle, medical_alert_until, cash_only)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(next, number, a.customerId, a.locationId, a.status ?? 'active', a.openedOn, a.billingCycle ?? 1, a.medicalAlertUntil ?? null, a.cashOnly ? 1 : 0);
  const svc = db.prepare('INSERT INTO account_services (account_id, service) VALUES (?, ?)');
  for (const s of a.services) svc.run(next, s);
  // A flag given here (conversion, tests) stands for a certification on paper: record it so the
  // Medical Alert list and the flag agree.
  if (a.medicalAlertUntil) {
    db.prepare(
      `INSERT INTO medical_alert_certifications (account_id, certified_on, expires_on, physician, physician_phone, recorded_at)
       VALUES (?, min(?, date(?, '-1 day')), ?, 'On file before certifications were recorded', NULL, ?)`,
    ).run(next, a.openedOn, a.medicalAlertUntil, a.medicalAlertUntil, a.openedOn);
  }
  indexAccount(db, next);
  return { id: next, number };
}
