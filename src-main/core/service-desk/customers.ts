// Customers and service locations for the service desk: create and edit a customer (the tax id
// encrypted with the shared key, secrets.ts, and only its last four digits in the clear), create
// a service location with its meters, and the views (masked) the screens and other capabilities
// read. Plain functions on `db` that run inside the caller's transaction, so a new-service
// request can create its customer, location and account together or not at all.
import type { z } from 'zod';
import {
  CustomerChanges,
  CustomerInput,
  customerProblems,
  LocationChanges,
  LocationInput,
  maskTaxId,
  type CustomerHit,
  type CustomerView,
  type IdCheck,
  type LocationView,
  type TaxIdKind,
} from '../../../src-shared/ipc/customer-schemas';
import { SERVICE_LABELS, SERVICES, type Service } from '../../../src-shared/domain';
import type { Db } from '../../db/open-ledger';
import { checkAccountNumber } from '../../../src-shared/account-number';
import { accountIdByLegacyKey } from '../accounts/account-ref';
import { displayNameOf, insertCustomer, insertLocation } from '../accounts/records';
import { formatAddress, indexAccount } from '../accounts/search-index';
import { recordAudit } from '../audit';
import { CoreError } from '../errors';
import type { Secrets } from '../secrets';

/** Who is acting, when, and the key for tax ids. */
export interface DeskContext {
  userId: number | null;
  station: string;
  /** ISO instant of the action. */
  at: string;
  /** The town's calendar date. */
  today: string;
  secrets: Secrets;
}

/** Associated data binding an encrypted tax id to its customer (a blob moved to another row fails to decrypt). */
export const taxIdAad = (customerId: number) => `towncounter:customer-tax-id:customer:${customerId}`;

interface CustomerRow {
  id: number;
  kind: 'person' | 'business';
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  business_name: string | null;
  display_name: string;
  phone: string | null;
  alt_phone: string | null;
  email: string | null;
  mail_street: string;
  mail_city: string;
  mail_state: string;
  mail_zip: string;
  language: 'en' | 'es';
  id_check: string | null;
  tax_id_kind: TaxIdKind | null;
  tax_id_enc: Buffer | null;
  tax_id_last4: string | null;
  created_at: string;
  updated_at: string | null;
}

function customerRow(db: Db, customerId: number): CustomerRow {
  const row = db.prepare('SELECT * FROM customers WHERE id = ?').get(customerId) as CustomerRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', `No customer with id ${customerId}.`);
  return row;
}

function userName(db: Db, userId: number | null): string | null {
  if (userId === null) return null;
  return (db.prepare('SELECT display_name FROM users WHERE id = ?').get(userId) as { display_name: string } | undefined)?.display_name ?? null;
}

function idCheckJson(db: Db, check: CustomerInput['idCheck'], ctx: DeskContext): string | null {
  if (!check) return null;
  const full: IdCheck = { ...check, checkedOn: ctx.today, checkedBy: userName(db, ctx.userId) };
  return JSON.stringify(full);
}

function storeTaxId(db: Db, customerId: number, taxId: CustomerInput['taxId'], ctx: DeskContext): void {
  if (!taxId) {
    db.prepare('UPDATE customers SET tax_id_kind = NULL, tax_id_enc = NULL, tax_id_last4 = NULL WHERE id = ?').run(customerId);
    return;
  }
  const blob = ctx.secrets.keyring(true).encrypt(taxId.value, taxIdAad(customerId));
  db.prepare('UPDATE customers SET tax_id_kind = ?, tax_id_enc = ?, tax_id_last4 = ? WHERE id = ?').run(taxId.kind, blob, taxId.value.slice(-4), customerId);
}

function reindexAccountsOf(db: Db, column: 'customer_id' | 'location_id', rowId: number): void {
  for (const a of db.prepare(`SELECT id FROM accounts WHERE ${column} = ?`).all(rowId) as Array<{ id: number }>) indexAccount(db, a.id);
}

/** Another customer with the same tax id (compared by decrypting the candidates with the same last four). */
function sameTaxIdAs(db: Db, taxId: NonNullable<CustomerInput['taxId']>, exceptId: number | null, secrets: Secrets): number | null {
  const candidates = db
    .prepare('SELECT id, tax_id_enc FROM customers WHERE tax_id_last4 = ? AND tax_id_kind = ? AND tax_id_enc IS NOT NULL AND id IS NOT ?')
    .all(taxId.value.slice(-4), taxId.kind, exceptId) as Array<{ id: number; tax_id_enc: Buffer }>;
  if (candidates.length === 0) return null;
  const keyring = secrets.keyring(false);
  for (const c of candidates) if (keyring.decrypt(c.tax_id_enc, taxIdAad(c.id)) === taxId.value) return c.id;
  return null;
}

/**
 * Creates a customer. The input is parsed again here (callers inside the core may pass a
 * CustomerInput built elsewhere). A tax id already on file for another customer is refused
 * (CONFLICT, naming that customer's id) so one person is one customer.
 */
export function createCustomer(db: Db, input: CustomerInput, ctx: DeskContext): { id: number } {
  const c = parseOrBadInput(CustomerInput, input);
  if (c.taxId) {
    const other = sameTaxIdAs(db, c.taxId, null, ctx.secrets);
    if (other !== null) throw new CoreError('CONFLICT', `That tax id is already on file for customer ${other}; open that customer instead.`, { customerId: other });
  }
  const id = insertCustomer(db, {
    kind: c.kind,
    firstName: c.kind === 'person' ? (c.firstName ?? null) : null,
    middleName: c.kind === 'person' ? (c.middleName ?? null) : null,
    lastName: c.kind === 'person' ? (c.lastName ?? null) : null,
    businessName: c.kind === 'business' ? (c.businessName ?? null) : null,
    phone: c.phone ?? null,
    email: c.email ?? null,
    mailStreet: c.mailStreet,
    mailCity: c.mailCity,
    mailState: c.mailState,
    mailZip: c.mailZip,
    createdAt: ctx.at,
  });
  db.prepare('UPDATE customers SET alt_phone = ?, language = ?, id_check = ? WHERE id = ?').run(c.altPhone ?? null, c.language, idCheckJson(db, c.idCheck, ctx), id);
  if (c.taxId) storeTaxId(db, id, c.taxId, ctx);
  recordAudit(db, {
    at: ctx.at,
    userId: ctx.userId,
    station: ctx.station,
    action: 'customer.create',
    subject: `customer ${id}`,
    details: { kind: c.kind, taxIdKind: c.taxId?.kind ?? null, idChecked: !!c.idCheck },
  });
  return { id };
}

const FIELD_COLUMNS = {
  firstName: 'first_name',
  middleName: 'middle_name',
  lastName: 'last_name',
  businessName: 'business_name',
  phone: 'phone',
  altPhone: 'alt_phone',
  email: 'email',
  mailStreet: 'mail_street',
  mailCity: 'mail_city',
  mailState: 'mail_state',
  mailZip: 'mail_zip',
  language: 'language',
} as const;

/**
 * Edits a customer: the fields given change (null clears one). The merged record must still be
 * a valid person or business. Audited with the names of the fields changed (never their values:
 * the tax id shows as "taxId"). Re-indexes the customer's accounts for search.
 */
export function updateCustomer(db: Db, customerId: number, changes: CustomerChanges, ctx: DeskContext): { id: number; changed: string[] } {
  const ch = parseOrBadInput(CustomerChanges, changes);
  const row = customerRow(db, customerId);
  const kind = ch.kind ?? row.kind;
  const merged = {
    kind,
    firstName: ch.firstName !== undefined ? ch.firstName : row.first_name,
    middleName: ch.middleName !== undefined ? ch.middleName : row.middle_name,
    lastName: ch.lastName !== undefined ? ch.lastName : row.last_name,
    businessName: ch.businessName !== undefined ? ch.businessName : row.business_name,
    taxId: ch.taxId !== undefined ? ch.taxId : row.tax_id_kind ? { kind: row.tax_id_kind, value: '' } : null,
  };
  // A kind change drops the names of the other kind.
  if (kind === 'business') Object.assign(merged, { firstName: null, middleName: null, lastName: null });
  else merged.businessName = null;
  const problems = customerProblems(merged);
  if (problems.length > 0) throw new CoreError('BAD_INPUT', problems.map((p) => `${p.path}: ${p.message}`).join('; '), { issues: problems });

  const changed: string[] = [];
  const sets: string[] = [];
  const values: unknown[] = [];
  const setCol = (field: string, col: string, value: unknown, current: unknown) => {
    if (value === current) return;
    sets.push(`${col} = ?`);
    values.push(value);
    changed.push(field);
  };
  setCol('kind', 'kind', kind, row.kind);
  setCol('firstName', 'first_name', merged.firstName ?? null, row.first_name);
  setCol('middleName', 'middle_name', merged.middleName ?? null, row.middle_name);
  setCol('lastName', 'last_name', merged.lastName ?? null, row.last_name);
  setCol('businessName', 'business_name', merged.businessName ?? null, row.business_name);
  for (const [field, col] of Object.entries(FIELD_COLUMNS)) {
    if (['firstName', 'middleName', 'lastName', 'businessName'].includes(field)) continue;
    const v = ch[field as keyof typeof FIELD_COLUMNS];
    if (v === undefined) continue;
    if ((field === 'mailStreet' || field === 'mailCity' || field === 'mailState' || field === 'mailZip' || field === 'language') && v === null) continue;
    setCol(field, col, v, row[col]);
  }
  if (ch.idCheck !== undefined) {
    const next = idCheckJson(db, ch.idCheck, ctx);
    const before = row.id_check;
    const same = next !== null && before !== null ? sameCheck(next, before) : next === before;
    if (!same) {
      sets.push('id_check = ?');
      values.push(next);
      changed.push('idCheck');
    }
  }
  const names = {
    kind,
    firstName: merged.firstName,
    middleName: merged.middleName,
    lastName: merged.lastName,
    businessName: merged.businessName,
  };
  const display = displayNameOf(names);
  if (display !== row.display_name) {
    sets.push('display_name = ?');
    values.push(display);
  }
  let taxChanged = false;
  if (ch.taxId !== undefined) {
    if (ch.taxId === null) taxChanged = row.tax_id_enc !== null;
    else {
      const current = row.tax_id_enc ? ctx.secrets.keyring(false).decrypt(row.tax_id_enc, taxIdAad(customerId)) : null;
      taxChanged = current !== ch.taxId.value || row.tax_id_kind !== ch.taxId.kind;
      if (taxChanged) {
        const other = sameTaxIdAs(db, ch.taxId, customerId, ctx.secrets);
        if (other !== null) throw new CoreError('CONFLICT', `That tax id is already on file for customer ${other}.`, { customerId: other });
      }
    }
    if (taxChanged) changed.push('taxId');
  }
  if (changed.length === 0) return { id: customerId, changed };
  sets.push('updated_at = ?');
  values.push(ctx.at);
  db.prepare(`UPDATE customers SET ${sets.join(', ')} WHERE id = ?`).run(...values, customerId);
  if (taxChanged) storeTaxId(db, customerId, ch.taxId ?? null, ctx);
  reindexAccountsOf(db, 'customer_id', customerId);
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'customer.update', subject: `customer ${customerId}`, details: { changed } });
  return { id: customerId, changed };
}

/** Two ID checks record the same document (who checked it and when aside). */
function sameCheck(a: string, b: string): boolean {
  const strip = (s: string) => {
    const { checkedOn: _on, checkedBy: _by, ...rest } = JSON.parse(s) as IdCheck;
    return JSON.stringify(rest);
  };
  return strip(a) === strip(b);
}

/** Creates a service location and its meters in service. A meter number already in service elsewhere is a CONFLICT. */
export function createLocation(db: Db, input: LocationInput, ctx: DeskContext): { id: number } {
  const l = parseOrBadInput(LocationInput, input);
  for (const m of l.meters) {
    const inUse = db.prepare('SELECT location_id FROM meters WHERE service = ? AND number = ? AND removed_on IS NULL').get(m.service, m.number) as { location_id: number } | undefined;
    if (inUse) throw new CoreError('CONFLICT', `${m.service === 'water' ? 'Water' : 'Electric'} meter ${m.number} is in service at location ${inUse.location_id}.`, { locationId: inUse.location_id });
  }
  const water = l.meters.find((m) => m.service === 'water');
  const electric = l.meters.find((m) => m.service === 'electric');
  const id = insertLocation(db, {
    street: l.street,
    unit: l.unit ?? null,
    city: l.city,
    state: l.state,
    zip: l.zip,
    serviceClass: l.serviceClass,
    waterMeter: water?.number ?? null,
    electricMeter: electric?.number ?? null,
    services: l.services,
  });
  db.prepare('UPDATE service_locations SET inside_limits = ?, eru_hundredths = ? WHERE id = ?').run(l.insideLimits ? 1 : 0, l.eruHundredths, id);
  const meter = db.prepare('INSERT INTO meters (location_id, service, number, size, dials, multiplier, installed_on, install_reading) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const m of l.meters) meter.run(id, m.service, m.number, m.size ?? '5/8"', m.dials ?? 7, m.multiplier ?? 1, m.installedOn ?? ctx.today, m.installReading ?? 0);
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'location.create', subject: `location ${id}`, details: { address: formatAddress(l.street, l.unit ?? null), services: l.services, meters: l.meters.map((m) => m.number) } });
  return { id };
}

/** A set of services in the one order they are stored in (older rows may hold another). */
const inCanonicalOrder = (services: readonly Service[]): Service[] => SERVICES.filter((x) => services.includes(x));

/**
 * Corrects a service location (locations.update): the fields given change. A service can't be
 * taken away while an open (pending or active) account there has it or a meter for it is in
 * service. The audit row keeps the reason and each field before and after; the accounts there
 * are indexed again (their service address is searched).
 */
export function updateLocation(db: Db, locationId: number, changes: LocationChanges, reason: string, ctx: DeskContext): { id: number; changed: string[] } {
  const ch = parseOrBadInput(LocationChanges, changes);
  const r = db.prepare('SELECT street, unit, city, state, zip, service_class, services, inside_limits, eru_hundredths FROM service_locations WHERE id = ?').get(locationId) as
    | { street: string; unit: string | null; city: string; state: string; zip: string; service_class: string; services: string; inside_limits: number; eru_hundredths: number }
    | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No service location with id ${locationId}.`);
  const before = { street: r.street, unit: r.unit, city: r.city, state: r.state, zip: r.zip, serviceClass: r.service_class, services: inCanonicalOrder(JSON.parse(r.services) as Service[]), insideLimits: r.inside_limits === 1, eruHundredths: r.eru_hundredths };
  const after = {
    street: ch.street ?? before.street,
    unit: ch.unit !== undefined ? ch.unit : before.unit,
    city: ch.city ?? before.city,
    state: ch.state ?? before.state,
    zip: ch.zip ?? before.zip,
    serviceClass: ch.serviceClass ?? before.serviceClass,
    services: ch.services ?? before.services,
    insideLimits: ch.insideLimits ?? before.insideLimits,
    eruHundredths: ch.eruHundredths ?? before.eruHundredths,
  };
  const diff: Record<string, { before: unknown; after: unknown }> = {};
  for (const k of Object.keys(before) as Array<keyof typeof before>) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) diff[k] = { before: before[k], after: after[k] };
  }
  const changed = Object.keys(diff);
  if (changed.length === 0) throw new CoreError('BAD_INPUT', 'Nothing to change: the location already reads so.');
  for (const service of before.services.filter((x) => !after.services.includes(x))) {
    const open = db
      .prepare(`SELECT a.number FROM accounts a JOIN account_services s ON s.account_id = a.id WHERE a.location_id = ? AND s.service = ? AND a.status IN ('pending', 'active') ORDER BY a.id LIMIT 1`)
      .get(locationId, service) as { number: string } | undefined;
    if (open) throw new CoreError('CONFLICT', `${SERVICE_LABELS[service]} can't be taken away: account ${open.number} here has it. Stop that service on the account first.`, { service, accountNumber: open.number });
    const meter = db.prepare('SELECT number FROM meters WHERE location_id = ? AND service = ? AND removed_on IS NULL LIMIT 1').get(locationId, service) as { number: string } | undefined;
    if (meter) throw new CoreError('CONFLICT', `${SERVICE_LABELS[service]} can't be taken away: meter ${meter.number} is in service here. Remove the meter first.`, { service, meterNumber: meter.number });
  }
  db.prepare('UPDATE service_locations SET street = ?, unit = ?, city = ?, state = ?, zip = ?, service_class = ?, services = ?, inside_limits = ?, eru_hundredths = ? WHERE id = ?').run(
    after.street,
    after.unit,
    after.city,
    after.state,
    after.zip,
    after.serviceClass,
    JSON.stringify(after.services),
    after.insideLimits ? 1 : 0,
    after.eruHundredths,
    locationId,
  );
  for (const a of db.prepare('SELECT id FROM accounts WHERE location_id = ?').pluck().all(locationId) as number[]) indexAccount(db, a);
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'location.update', subject: `location ${locationId}`, reason, details: { changes: diff } });
  return { id: locationId, changed };
}

// Views -------------------------------------------------------------------------------------

function accountRefs(db: Db, column: 'customer_id' | 'location_id', rowId: number, today: string) {
  const rows = db
    .prepare(
      `SELECT a.id, a.number, a.status, a.medical_alert_until, l.street, l.unit, c.display_name
         FROM accounts a JOIN service_locations l ON l.id = a.location_id JOIN customers c ON c.id = a.customer_id
        WHERE a.${column} = ? ORDER BY a.id`,
    )
    .all(rowId) as Array<{ id: number; number: string; status: CustomerView['accounts'][number]['status']; medical_alert_until: string | null; street: string; unit: string | null; display_name: string }>;
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    serviceAddress: formatAddress(r.street, r.unit),
    medicalAlert: r.medical_alert_until !== null && r.medical_alert_until >= today,
    customerName: r.display_name,
  }));
}

export function customerView(db: Db, customerId: number, today: string): CustomerView {
  const r = customerRow(db, customerId);
  return {
    id: r.id,
    kind: r.kind,
    firstName: r.first_name,
    middleName: r.middle_name,
    lastName: r.last_name,
    businessName: r.business_name,
    displayName: r.display_name,
    phone: r.phone,
    altPhone: r.alt_phone,
    email: r.email,
    mailStreet: r.mail_street,
    mailCity: r.mail_city,
    mailState: r.mail_state,
    mailZip: r.mail_zip,
    mailingAddress: `${r.mail_street}, ${r.mail_city}, ${r.mail_state} ${r.mail_zip}`,
    language: r.language,
    idCheck: r.id_check ? (JSON.parse(r.id_check) as IdCheck) : null,
    taxIdKind: r.tax_id_last4 ? (r.tax_id_kind ?? 'ssn') : null,
    taxIdMasked: maskTaxId(r.tax_id_kind, r.tax_id_last4),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    accounts: accountRefs(db, 'customer_id', customerId, today).map(({ customerName: _n, ...a }) => a),
  };
}

export function locationView(db: Db, locationId: number, today: string): LocationView {
  const r = db.prepare('SELECT * FROM service_locations WHERE id = ?').get(locationId) as
    | { id: number; street: string; unit: string | null; city: string; state: string; zip: string; service_class: 'residential' | 'commercial'; services: string; inside_limits: number; eru_hundredths: number }
    | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No service location with id ${locationId}.`);
  const meters = db
    .prepare('SELECT id, service, number, size, dials, multiplier, installed_on FROM meters WHERE location_id = ? AND removed_on IS NULL ORDER BY service, id')
    .all(locationId) as Array<{ id: number; service: 'water' | 'electric'; number: string; size: string; dials: number; multiplier: number; installed_on: string }>;
  return {
    id: r.id,
    street: r.street,
    unit: r.unit,
    city: r.city,
    state: r.state,
    zip: r.zip,
    address: `${formatAddress(r.street, r.unit)}, ${r.city}, ${r.state} ${r.zip}`,
    serviceClass: r.service_class,
    services: JSON.parse(r.services) as Service[],
    insideLimits: r.inside_limits === 1,
    eruHundredths: r.eru_hundredths,
    meters: meters.map((m) => ({ id: m.id, service: m.service, number: m.number, size: m.size, dials: m.dials, multiplier: m.multiplier, installedOn: m.installed_on })),
    accounts: accountRefs(db, 'location_id', locationId, today),
  };
}

/** Customers whose name, phone, email or tax id last four match; each with their accounts. */
export function searchCustomers(db: Db, query: string, limit: number, today: string): { results: CustomerHit[]; more: boolean } {
  const q = query.trim();
  const like = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const digits = q.replace(/\D/g, '');
  // An account number — TownCounter's, or the old one from a converted bill — names its customer first.
  const byAccount = customerOfAccountNumber(db, q);
  const rows = db
    .prepare(
      `SELECT id FROM customers
        WHERE display_name LIKE @like ESCAPE '\\' OR coalesce(business_name, '') LIKE @like ESCAPE '\\' OR coalesce(email, '') LIKE @like ESCAPE '\\'
           OR (length(@digits) >= 4 AND (replace(coalesce(phone, ''), '-', '') LIKE '%' || @digits || '%' OR replace(coalesce(alt_phone, ''), '-', '') LIKE '%' || @digits || '%'))
           OR (length(@digits) = 4 AND @digits = @q AND tax_id_last4 = @digits)
        ORDER BY (display_name LIKE @prefix ESCAPE '\\') DESC, display_name, id LIMIT @limit`,
    )
    .all({ like, prefix: `${like.slice(1)}`, digits, q, limit: limit + 1 }) as Array<{ id: number }>;
  if (byAccount !== null) {
    const at = rows.findIndex((r) => r.id === byAccount);
    if (at >= 0) rows.splice(at, 1);
    rows.unshift({ id: byAccount });
  }
  const results = rows.slice(0, limit).map((r) => {
    const v = customerView(db, r.id, today);
    return { id: v.id, kind: v.kind, displayName: v.displayName, phone: v.phone, mailingAddress: v.mailingAddress, taxIdMasked: v.taxIdMasked, accounts: v.accounts };
  });
  return { results, more: rows.length > limit };
}

/** The customer of the account a typed number names (a valid TownCounter number, else an old number with a digit in it), if any. */
function customerOfAccountNumber(db: Db, q: string): number | null {
  if (!/\d/.test(q)) return null;
  const own = checkAccountNumber(q);
  const id = own.ok ? ((db.prepare('SELECT id FROM accounts WHERE number = ?').get(own.number) as { id: number } | undefined)?.id ?? null) : null;
  const accountId = id ?? accountIdByLegacyKey(db, q);
  if (accountId === null) return null;
  return (db.prepare('SELECT customer_id AS c FROM accounts WHERE id = ?').get(accountId) as { c: number }).c;
}

/** The full tax id, for taxId.reveal with a reason; the audit row keeps the kind and last four only. */
export function revealTaxId(db: Db, customerId: number, reason: string, ctx: DeskContext): { customerId: number; kind: TaxIdKind; taxId: string } {
  const r = customerRow(db, customerId);
  if (!r.tax_id_enc || !r.tax_id_last4) throw new CoreError('NOT_FOUND', `Customer ${customerId} has no tax id on file.`);
  const digits = ctx.secrets.keyring(false).decrypt(r.tax_id_enc, taxIdAad(customerId));
  const kind = r.tax_id_kind ?? 'ssn';
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'customer.taxId.reveal', subject: `customer ${customerId}`, reason, details: { kind, masked: maskTaxId(kind, r.tax_id_last4) } });
  const formatted = kind === 'ein' ? `${digits.slice(0, 2)}-${digits.slice(2)}` : `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
  return { customerId, kind, taxId: formatted };
}

function parseOrBadInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new CoreError('BAD_INPUT', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
  return r.data;
}
