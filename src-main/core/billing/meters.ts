// Meters at service locations: setting one, changing one (the old gets its removal date and
// final register, the new its install register), which meter a number named on a day, and the
// account at a meter's location on a day. service_locations.water_meter / electric_meter keep
// the number in service in step. Plain functions that run inside the caller's transaction.
import type { MeterView } from '../../../src-shared/ipc/reading-schemas';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';
import { prepareCached } from '../../db/statement-cache';

export type MeterService = 'water' | 'electric';

export interface MeterRow {
  id: number;
  location_id: number;
  service: MeterService;
  number: string;
  size: string;
  dials: number;
  multiplier: number;
  installed_on: string;
  install_reading: number;
  removed_on: string | null;
  removal_reading: number | null;
}

export interface InstallMeterInput {
  locationId: number;
  service: MeterService;
  number: string;
  size?: string;
  dials?: number;
  multiplier?: number;
  installedOn: string;
  installReading?: number;
}

const locationColumn = (service: MeterService) => (service === 'water' ? 'water_meter' : 'electric_meter');

/** Sets a meter at a location that has none of that service in service. */
export function installMeter(db: Db, input: InstallMeterInput): MeterRow {
  const loc = prepareCached(db, 'SELECT id FROM service_locations WHERE id = ?').get(input.locationId);
  if (!loc) throw new CoreError('NOT_FOUND', `No service location ${input.locationId}.`);
  const here = prepareCached(db, 'SELECT number FROM meters WHERE location_id = ? AND service = ? AND removed_on IS NULL').get(input.locationId, input.service) as { number: string } | undefined;
  if (here) throw new CoreError('CONFLICT', `The location already has ${input.service} meter ${here.number} in service; change it instead.`);
  const elsewhere = prepareCached(db, 'SELECT location_id FROM meters WHERE service = ? AND number = ? AND removed_on IS NULL').get(input.service, input.number) as { location_id: number } | undefined;
  if (elsewhere) throw new CoreError('CONFLICT', `${input.service} meter ${input.number} is in service at another location.`);
  const info = prepareCached(db, 'INSERT INTO meters (location_id, service, number, size, dials, multiplier, installed_on, install_reading) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(input.locationId, input.service, input.number, input.size ?? '5/8"', input.dials ?? 7, input.multiplier ?? 1, input.installedOn, input.installReading ?? 0);
  prepareCached(db, `UPDATE service_locations SET ${locationColumn(input.service)} = ? WHERE id = ?`).run(input.number, input.locationId);
  return prepareCached(db, 'SELECT * FROM meters WHERE id = ?').get(Number(info.lastInsertRowid)) as MeterRow;
}

export interface ChangeMeterInput {
  /** The meter taken out. */
  meterId: number;
  removedOn: string;
  removalReading: number;
  /** The meter set in its place (same location and service). */
  number: string;
  size?: string;
  dials?: number;
  multiplier?: number;
  installReading?: number;
}

/** Takes a meter out (its final register) and sets the new one the same day. */
export function changeMeter(db: Db, input: ChangeMeterInput): { removed: MeterRow; installed: MeterRow } {
  const old = prepareCached(db, 'SELECT * FROM meters WHERE id = ?').get(input.meterId) as MeterRow | undefined;
  if (!old) throw new CoreError('NOT_FOUND', `No meter ${input.meterId}.`);
  if (old.removed_on) throw new CoreError('CONFLICT', `Meter ${old.number} was already removed on ${old.removed_on}.`);
  if (input.removedOn < old.installed_on) throw new CoreError('BAD_INPUT', `Meter ${old.number} was installed on ${old.installed_on}, after ${input.removedOn}.`, { field: 'removedOn' });
  const later = prepareCached(db, "SELECT read_on FROM meter_readings WHERE meter_id = ? AND read_on > ? AND read_code <> 'no_access' ORDER BY read_on DESC LIMIT 1").get(old.id, input.removedOn) as { read_on: string } | undefined;
  if (later) throw new CoreError('BAD_INPUT', `Meter ${old.number} was read on ${later.read_on}, after ${input.removedOn}: the change can't be earlier than its last reading.`, { field: 'removedOn' });
  prepareCached(db, 'UPDATE meters SET removed_on = ?, removal_reading = ? WHERE id = ?').run(input.removedOn, input.removalReading, old.id);
  prepareCached(db, `UPDATE service_locations SET ${locationColumn(old.service)} = NULL WHERE id = ?`).run(old.location_id);
  const installed = installMeter(db, {
    locationId: old.location_id,
    service: old.service,
    number: input.number,
    size: input.size ?? old.size,
    dials: input.dials ?? old.dials,
    multiplier: input.multiplier ?? old.multiplier,
    installedOn: input.removedOn,
    installReading: input.installReading ?? 0,
  });
  return { removed: prepareCached(db, 'SELECT * FROM meters WHERE id = ?').get(old.id) as MeterRow, installed };
}

export type MeterLookup = { meter: MeterRow } | { problem: 'unknown_meter' | 'meter_not_active'; detail: string; meter: MeterRow | null };

/** The meter a number named on a day: in service that day (installed on or before, not removed before). */
export function meterOnDay(db: Db, number: string, service: MeterService | undefined, day: string | null): MeterLookup {
  // In service first, then the latest installed (sorted here: a temp b-tree per lookup costs more than the lookup).
  const all = (
    service ? prepareCached(db, 'SELECT * FROM meters WHERE service = ? AND number = ?').all(service, number) : prepareCached(db, "SELECT * FROM meters WHERE service IN ('water', 'electric') AND number = ?").all(number)
  ) as MeterRow[];
  if (all.length > 1) all.sort((a, b) => (a.removed_on === null ? 0 : 1) - (b.removed_on === null ? 0 : 1) || b.installed_on.localeCompare(a.installed_on) || b.id - a.id);
  if (all.length === 0) return { problem: 'unknown_meter', detail: `No ${service ?? ''}${service ? ' ' : ''}meter numbered ${number}.`, meter: null };
  if (!service && new Set(all.map((m) => m.service)).size > 1) {
    return { problem: 'unknown_meter', detail: `${number} is both a water and an electric meter; the file needs a service column.`, meter: null };
  }
  if (day === null) return { meter: all[0]! };
  const on = all.find((m) => m.installed_on <= day && (m.removed_on === null || m.removed_on >= day));
  if (on) return { meter: on };
  const m = all[0]!;
  const detail =
    m.installed_on > day
      ? `Meter ${number} was installed on ${m.installed_on}, after the read date ${day}.`
      : `Meter ${number} was removed on ${m.removed_on}, before the read date ${day}.`;
  return { problem: 'meter_not_active', detail, meter: m };
}

export interface AccountAtLocation {
  id: number;
  number: string;
  billing_cycle: number;
  name: string;
}

/** The account serving a location on a day (opened by then, not closed before); else the latest one. */
export function accountAtLocation(db: Db, locationId: number, day: string | null): AccountAtLocation | null {
  const rows = prepareCached(db, 
      `SELECT a.id, a.number, a.billing_cycle, c.display_name AS name, a.opened_on, a.closed_on, a.status FROM accounts a JOIN customers c ON c.id = a.customer_id
        WHERE a.location_id = ? ORDER BY a.opened_on DESC, a.id DESC`,
    )
    .all(locationId) as Array<AccountAtLocation & { opened_on: string; closed_on: string | null; status: string }>;
  if (rows.length === 0) return null;
  const pick = (day ? rows.find((r) => r.opened_on <= day && (r.closed_on === null || r.closed_on >= day)) : rows.find((r) => r.status !== 'closed')) ?? rows[0]!;
  return { id: pick.id, number: pick.number, billing_cycle: pick.billing_cycle, name: pick.name };
}

export function toMeterView(m: MeterRow): MeterView {
  return {
    id: m.id,
    service: m.service,
    number: m.number,
    size: m.size,
    dials: m.dials,
    multiplier: m.multiplier,
    installedOn: m.installed_on,
    installReading: m.install_reading,
    removedOn: m.removed_on,
    removalReading: m.removal_reading,
    inService: m.removed_on === null,
  };
}

/** A location's meters, in service first, then by service and newest install. */
export function metersOfLocation(db: Db, locationId: number): MeterView[] {
  return (prepareCached(db, 'SELECT * FROM meters WHERE location_id = ? ORDER BY removed_on IS NOT NULL, service, installed_on DESC, id DESC').all(locationId) as MeterRow[]).map(toMeterView);
}
