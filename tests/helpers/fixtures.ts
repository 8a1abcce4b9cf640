// Small hand-built accounts for tests that need exact numbers (the demo generator makes
// whole towns; these make one customer at a time).
import type { Service } from '../../src-shared/domain';
import { insertAccount, insertCustomer, insertLocation } from '../../src-main/core/accounts/records';
import { postBill } from '../../src-main/core/billing/post-bill';
import { addDays } from '../../src-main/core/deps';
import type { Db } from '../../src-main/db/open-ledger';

export interface FixtureAccount {
  id: number;
  number: string;
  customerId: number;
}

export function makeAccount(
  db: Db,
  p: { first?: string; last?: string; business?: string; street?: string; phone?: string; services?: Service[]; cashOnly?: boolean; medicalAlertUntil?: string } = {},
): FixtureAccount {
  return db.transaction(() => {
    const customerId = insertCustomer(db, {
      kind: p.business ? 'business' : 'person',
      firstName: p.business ? null : (p.first ?? 'Andy'),
      lastName: p.business ? null : (p.last ?? 'Taylor'),
      businessName: p.business ?? null,
      phone: p.phone ?? '(336) 555-0142',
      mailStreet: p.street ?? '14 Maple St',
      mailCity: 'Mayberry',
      mailState: 'NC',
      mailZip: '27030',
      createdAt: '2024-01-02T12:00:00Z',
    });
    const services = p.services ?? ['water', 'sewer', 'solid_waste'];
    const locationId = insertLocation(db, { street: p.street ?? '14 Maple St', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: p.business ? 'commercial' : 'residential', waterMeter: 'W-1001', services });
    const a = insertAccount(db, { customerId, locationId, openedOn: '2024-01-02', services, cashOnly: p.cashOnly, medicalAlertUntil: p.medicalAlertUntil ?? null });
    return { ...a, customerId };
  })();
}

/** Posts a bill dated billDate, due 20 days later, with the given service amounts. */
export function billAccount(db: Db, accountId: number, billDate: string, lines: Partial<Record<Service, number>>): { billId: number; entryId: number } {
  return postBill(db, {
    accountId,
    billDate,
    dueDate: addDays(billDate, 20),
    periodFrom: addDays(billDate, -31),
    periodTo: addDays(billDate, -1),
    waterGallons: 4200,
    lines: Object.entries(lines).map(([service, amountCents]) => ({ service: service as Service, amountCents: amountCents })),
    businessDate: billDate,
    postedAt: `${billDate}T12:00:00Z`,
    userId: null,
  });
}

/** Posts a late-payment penalty charge due on dueDate (as the penalty run will). */
export function chargePenalty(db: Db, accountId: number, dueDate: string, amountCents: number): number {
  return db.transaction(() => {
    const entryId = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, memo) VALUES ('penalty', ?, ?, 'Late penalty')").run(dueDate, `${dueDate}T12:00:00Z`).lastInsertRowid);
    db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1200', ?, ?), (?, '4200', NULL, ?)").run(entryId, accountId, amountCents, entryId, -amountCents);
    return Number(db.prepare("INSERT INTO charges (account_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, 'penalty', 'Late payment penalty', '4200', ?, ?)").run(accountId, entryId, amountCents, dueDate).lastInsertRowid);
  })();
}

/** A full starting bank of $200.00 by denomination. */
export const STARTING_BANK = [
  { denominationCents: 2000, count: 5 },
  { denominationCents: 1000, count: 6 },
  { denominationCents: 500, count: 4 },
  { denominationCents: 100, count: 15 },
  { denominationCents: 25, count: 16 },
  { denominationCents: 10, count: 10 },
];
