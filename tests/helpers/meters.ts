// Meters and readings for billing tests, written straight into the migration 0013 tables (the
// reading import and the demo town make them in the app; tests need exact ones).
import type { Db } from '../../src-main/db/open-ledger';

export function locationOf(db: Db, accountId: number): number {
  return (db.prepare('SELECT location_id FROM accounts WHERE id = ?').pluck().get(accountId) as number);
}

export function installMeter(
  db: Db,
  p: { accountId: number; service?: 'water' | 'electric'; number: string; dials?: number; multiplier?: number; installedOn?: string; installReading?: number },
): number {
  const service = p.service ?? 'water';
  const locationId = locationOf(db, p.accountId);
  return db.transaction(() => {
    const id = Number(
      db
        .prepare('INSERT INTO meters (location_id, service, number, dials, multiplier, installed_on, install_reading) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(locationId, service, p.number, p.dials ?? 7, p.multiplier ?? 1, p.installedOn ?? '2024-01-02', p.installReading ?? 0).lastInsertRowid,
    );
    db.prepare(`UPDATE service_locations SET ${service === 'water' ? 'water_meter' : 'electric_meter'} = ? WHERE id = ?`).run(p.number, locationId);
    return id;
  })();
}

export function removeMeter(db: Db, meterId: number, removedOn: string, removalReading: number): void {
  db.prepare('UPDATE meters SET removed_on = ?, removal_reading = ? WHERE id = ?').run(removedOn, removalReading, meterId);
}

export function addReading(db: Db, meterId: number, readOn: string, value: number, readCode: 'ok' | 'estimated' | 'rollover' | 'meter_changed' | 'no_access' = 'ok'): number {
  const m = db.prepare('SELECT location_id, service, number FROM meters WHERE id = ?').get(meterId) as { location_id: number; service: string; number: string };
  return Number(
    db
      .prepare("INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, entered_at, meter_id) VALUES (?, ?, ?, ?, ?, 'handheld', ?, ?, ?)")
      .run(m.location_id, m.service, m.number, readOn, value, readCode, `${readOn}T14:00:00Z`, meterId).lastInsertRowid,
  );
}

export function openException(db: Db, p: { meterId: number; accountId: number; readOn: string; value: number; reason?: string }): number {
  const m = db.prepare('SELECT service, number FROM meters WHERE id = ?').get(p.meterId) as { service: string; number: string };
  return Number(
    db
      .prepare("INSERT INTO reading_exceptions (meter_id, service, meter_number, account_id, read_on, value, reason, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(p.meterId, m.service, m.number, p.accountId, p.readOn, p.value, p.reason ?? 'high_consumption', 'reading far above the 12-month average', `${p.readOn}T15:00:00Z`).lastInsertRowid,
  );
}
