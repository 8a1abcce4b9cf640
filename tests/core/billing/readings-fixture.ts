// A small town for the reading tests, on the test core's real ledger: routes on cycle 3 (bill
// day 15, read window Nov 5–14 for period 2026-11), accounts with a water meter each, a year of
// bills of 5,000 gallons (the 12-month average) and the October reading of 100,000.
import { insertAccount, insertCustomer, insertLocation } from '../../../src-main/core/accounts/records';
import { postBill } from '../../../src-main/core/billing/post-bill';
import { installMeter, type InstallMeterInput, type MeterRow } from '../../../src-main/core/billing/meters';
import { insertReading } from '../../../src-main/core/billing/readings-import';
import type { Db } from '../../../src-main/db/open-ledger';

export const TODAY_ISO = '2026-11-16T15:00:00Z';
export const READ_DAY = '2026-11-10';

export function ensureRoutes(db: Db): void {
  db.prepare("INSERT OR IGNORE INTO routes (code, cycle, name) VALUES ('03', 3, 'Route 3 — Elm to Oak'), ('04', 3, 'Route 4 — Mill'), ('07', 1, 'Route 7 — East')").run();
}

export interface Place {
  accountId: number;
  accountNumber: string;
  locationId: number;
  meter: MeterRow;
}

let street = 0;

/** An account on a route with a water meter, a year of bills at `gallons` a month and a last reading. */
export function place(
  db: Db,
  opts: { route?: string; cycle?: number; meter?: Partial<Omit<InstallMeterInput, 'locationId' | 'service'>>; gallons?: number | null; last?: { readOn: string; value: number; readCode?: 'ok' | 'estimated' } | null } = {},
): Place {
  ensureRoutes(db);
  return db.transaction(() => {
    const n = ++street;
    const customerId = insertCustomer(db, { kind: 'person', firstName: 'Otis', lastName: `Campbell${n}`, businessName: null, phone: null, mailStreet: `${n} Elm St`, mailCity: 'Mayberry', mailState: 'NC', mailZip: '27030', createdAt: '2024-01-02T12:00:00Z' });
    const locationId = insertLocation(db, { street: `${n} Elm St`, city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'residential', waterMeter: null, electricMeter: null, services: ['water', 'sewer'] });
    db.prepare('UPDATE service_locations SET route_code = ?, read_sequence = ? WHERE id = ?').run(opts.route ?? '03', n * 10, locationId);
    const a = insertAccount(db, { customerId, locationId, openedOn: '2024-01-02', services: ['water', 'sewer'], billingCycle: opts.cycle ?? 3 });
    const meter = installMeter(db, { locationId, service: 'water', number: opts.meter?.number ?? `W-${String(n).padStart(5, '0')}`, installedOn: '2024-01-02', dials: 7, ...opts.meter });
    const gallons = opts.gallons === undefined ? 5000 : opts.gallons;
    if (gallons !== null) {
      for (let m = 1; m <= 10; m++) {
        const mm = String(m).padStart(2, '0');
        postBill(db, { accountId: a.id, billDate: `2026-${mm}-15`, dueDate: `2026-${mm}-28`, periodFrom: `2026-${mm}-01`, periodTo: `2026-${mm}-14`, waterGallons: gallons, lines: [{ service: 'water', amountCents: 2000 }], businessDate: `2026-${mm}-15`, postedAt: `2026-${mm}-15T12:00:00Z`, userId: null });
      }
    }
    const last = opts.last === undefined ? { readOn: '2026-10-10', value: 100_000 } : opts.last;
    if (last) seedReading(db, meter, last.readOn, last.value, last.readCode ?? 'ok');
    return { accountId: a.id, accountNumber: a.number, locationId, meter };
  })();
}

export function seedReading(db: Db, meter: MeterRow, readOn: string, value: number, readCode: 'ok' | 'estimated' = 'ok'): number {
  return insertReading(
    db,
    { meter, readOn, value, source: 'manual', readCode, flag: null, importId: null, reader: null, comment: null },
    { at: '2026-10-10T16:00:00Z', userId: 1, station: 'S1', today: '2026-10-10', dueDays: 20, policy: { highPercent: 300, lowPercent: 30 } },
  );
}

export const HEADER = 'route,sequence,meter_number,account_number,read_date,read_time,reading,read_code,reader,comment';

/** A default-profile row. */
export function row(p: { meter: string; value: string; date?: string; code?: string; account?: string; route?: string; reader?: string; comment?: string }): string {
  return [p.route ?? '03', '0010', p.meter, p.account ?? '', p.date ?? READ_DAY, '14:32', p.value, p.code ?? 'OK', p.reader ?? 'JR', p.comment ?? ''].join(',');
}

export const b64 = (text: string | Buffer) => (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');
