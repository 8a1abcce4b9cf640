// The service desk's intake flows (issue 14, part C): service requests with station numbers
// (SR-YYYY-S1-NNNNNN), stop at the customer's request, transfer, the final bill when the final
// read is in, and the close-out. Plain functions that run inside the caller's transaction, so a
// request, its work orders, its postings and its confirmation letter commit together.
//
// Ledger (notes/servicedesk.md conventions):
// - transfer: entry 'transfer' — old account's open charges settled by allocations of the entry
//   (1200 −open on the old, +open on the new with ONE balance_forward charge due the earliest moved
//   due date), an unapplied credit as a plain 1200 pair, the deposit as a 2200 pair;
// - close-out: entry 'refund' Dr 2200 / Cr 1200 (deposit applied, allocated in the allocation
//   order), then entry 'refund' Dr 1200 / Cr 2400 for a remaining credit and a check request.
import type { AccountStatus, Service } from '../../../src-shared/domain';
import { SERVICE_LABELS, SERVICES } from '../../../src-shared/domain';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { z } from 'zod';
import type { CloseOutArithmetic, LocationView, PriorAccountView, ServiceRequestKind, ServiceRequestView } from '../../../src-shared/ipc/intake-schemas';
import type { Db } from '../../db/open-ledger';
import { accountBalance, openCharges } from '../accounts/queries';
import { insertAccount } from '../accounts/records';
import { formatAddress } from '../accounts/search-index';
import { recordAudit } from '../audit';
import { finalBill, type FinalReadingInput } from '../billing/final-bill';
import { allocate } from '../counter/allocation';
import { ensureBusinessDay } from '../counter/day';
import { localDate } from '../deps';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry } from '../ledger/journal';
import { createWorkOrder } from '../work-orders/orders';
import { issueLetter } from '../../documents/letters';
import { accountStatus, requireStatus, setAccountStatus } from './status';

export interface IntakeContext {
  at: string;
  /** Today in the town's time zone. */
  today: string;
  userId: number;
  station: string;
  settings: SettingsValues;
}

const woCtx = (ctx: IntakeContext) => ({ at: ctx.at, userId: ctx.userId, station: ctx.station, timeZone: ctx.settings.timeZone });
const money = (c: number) => `${c < 0 ? '−' : ''}$${(Math.abs(c) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** What a request keeps besides its columns (the confirmation prints from it). */
export interface RequestDetails {
  services: Service[];
  reason?: string | null;
  occupancy?: 'owner' | 'tenant';
  moveOutOn?: string;
  priorDebt?: { notThisCustomersCents: number; thisCustomersCents: number };
  finalBill?: { billId: number; totalCents: number; periodFrom: string; periodTo: string; dueDate: string } | null;
  finalBillProblem?: string | null;
  moved?: { balanceCents: number; depositCents: number; entryId: number | null } | null;
  closeOut?: CloseOutArithmetic | null;
  checkRequestId?: number | null;
  letterId?: number | null;
  /** New service: the deposit decision with its arithmetic. */
  deposit?: { requiredCents: number; computedCents: number; arithmetic: string[]; waivedBy: string | null } | null;
  [k: string]: unknown;
}

interface RequestRow {
  id: number;
  number: string;
  kind: ServiceRequestKind;
  status: 'open' | 'completed';
  account_id: number;
  from_account_id: number | null;
  customer_id: number;
  effective_on: string;
  details: string;
  created_at: string;
  completed_at: string | null;
}

// Numbers ----------------------------------------------------------------------------------

function nextRequestNumber(db: Db, ctx: IntakeContext): string {
  const year = Number(localDate(new Date(ctx.at), ctx.settings.timeZone).slice(0, 4));
  db.prepare('INSERT INTO service_request_sequences (station, year, next) VALUES (?, ?, 1) ON CONFLICT(station, year) DO NOTHING').run(ctx.station, year);
  const { next } = db.prepare('SELECT next FROM service_request_sequences WHERE station = ? AND year = ?').get(ctx.station, year) as { next: number };
  if (next > 999_999) throw new CoreError('CONFLICT', `Station ${ctx.station} has used every service request number for ${year}.`);
  db.prepare('UPDATE service_request_sequences SET next = next + 1 WHERE station = ? AND year = ?').run(ctx.station, year);
  return `SR-${year}-${ctx.station}-${String(next).padStart(6, '0')}`;
}

export function insertRequest(
  db: Db,
  r: { kind: ServiceRequestKind; accountId: number; fromAccountId?: number | null; customerId: number; effectiveOn: string; details: RequestDetails; key: string | null; completed?: boolean },
  ctx: IntakeContext,
): number {
  const number = nextRequestNumber(db, ctx);
  return Number(
    db
      .prepare(
        `INSERT INTO service_requests (number, kind, status, account_id, from_account_id, customer_id, effective_on, details, station, created_by, created_at, completed_at, idempotency_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(number, r.kind, r.completed ? 'completed' : 'open', r.accountId, r.fromAccountId ?? null, r.customerId, r.effectiveOn, JSON.stringify(r.details), ctx.station, ctx.userId, ctx.at, r.completed ? ctx.at : null, r.key).lastInsertRowid,
  );
}

function requestRow(db: Db, id: number): RequestRow {
  const r = db.prepare('SELECT * FROM service_requests WHERE id = ?').get(id) as RequestRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No service request with id ${id}.`);
  return r;
}

export function linkOrder(db: Db, requestId: number, workOrderId: number, role: 'connect' | 'final_read'): void {
  db.prepare('INSERT INTO service_request_orders (request_id, work_order_id, role) VALUES (?, ?, ?)').run(requestId, workOrderId, role);
}

function updateDetails(db: Db, id: number, patch: Partial<RequestDetails>): void {
  const r = requestRow(db, id);
  db.prepare('UPDATE service_requests SET details = ? WHERE id = ?').run(JSON.stringify({ ...(JSON.parse(r.details) as RequestDetails), ...patch }), id);
}

function completeRequest(db: Db, id: number, at: string): void {
  db.prepare("UPDATE service_requests SET status = 'completed', completed_at = ? WHERE id = ? AND status = 'open'").run(at, id);
}

/** A retried request (same idempotency key) returns the first one; a key reused for something else is refused. */
function priorRequest(db: Db, key: string, kind: ServiceRequestKind, accountId: number, field: 'account_id' | 'from_account_id'): number | null {
  const prior = db.prepare('SELECT id, kind, account_id, from_account_id FROM service_requests WHERE idempotency_key = ?').get(key) as
    | { id: number; kind: string; account_id: number; from_account_id: number | null }
    | undefined;
  if (!prior) return null;
  if (prior.kind !== kind || prior[field] !== accountId) throw new CoreError('IDEMPOTENCY_CONFLICT', 'This request key was already used for a different service request.');
  return prior.id;
}

export function findRequestId(db: Db, ref: { id: number } | { number: string }): number {
  if ('id' in ref) return requestRow(db, ref.id).id;
  const r = db.prepare('SELECT id FROM service_requests WHERE number = ?').get(ref.number) as { id: number } | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No service request ${ref.number}.`);
  return r.id;
}

export function getRequest(db: Db, id: number): ServiceRequestView {
  const r = requestRow(db, id);
  const d = JSON.parse(r.details) as RequestDetails;
  const acct = db
    .prepare('SELECT a.number, a.status, c.display_name AS name, l.street, l.unit, l.city FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id WHERE a.id = ?')
    .get(r.account_id) as { number: string; status: AccountStatus; name: string; street: string; unit: string | null; city: string };
  const from = r.from_account_id ? (db.prepare('SELECT number FROM accounts WHERE id = ?').get(r.from_account_id) as { number: string }) : null;
  const orders = db
    .prepare('SELECT w.id, w.number, w.type, w.status, o.role FROM service_request_orders o JOIN work_orders w ON w.id = o.work_order_id WHERE o.request_id = ? ORDER BY w.id')
    .all(r.id) as Array<{ id: number; number: string; type: string; status: string; role: 'connect' | 'final_read' }>;
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: r.status,
    accountId: r.account_id,
    accountNumber: acct.number,
    accountStatus: acct.status,
    fromAccountId: r.from_account_id,
    fromAccountNumber: from?.number ?? null,
    customerName: acct.name,
    serviceAddress: `${formatAddress(acct.street, acct.unit)}, ${acct.city}`,
    effectiveOn: r.effective_on,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    services: d.services,
    orders,
    finalBill: d.finalBill ?? null,
    finalBillProblem: d.finalBillProblem ?? null,
    moved: d.moved ?? null,
    closeOut: d.closeOut ?? null,
    deposit: d.deposit ?? null,
    checkRequestId: d.checkRequestId ?? null,
    letterId: d.letterId ?? null,
  };
}

export function requestsForAccount(db: Db, accountId: number): ServiceRequestView[] {
  return (db.prepare('SELECT id FROM service_requests WHERE account_id = ? OR from_account_id = ? ORDER BY id DESC').all(accountId, accountId) as Array<{ id: number }>).map((r) => getRequest(db, r.id));
}

// Locations and prior debt -----------------------------------------------------------------

interface LocationRow {
  id: number;
  street: string;
  unit: string | null;
  city: string;
  service_class: 'residential' | 'commercial';
  services: string;
  water_meter: string | null;
  electric_meter: string | null;
}

function toLocationView(db: Db, l: LocationRow): LocationView {
  const occ = db
    .prepare("SELECT a.id, a.number, a.status, c.display_name AS name FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.location_id = ? AND a.status IN ('pending', 'active') ORDER BY a.id DESC LIMIT 1")
    .get(l.id) as { id: number; number: string; status: AccountStatus; name: string } | undefined;
  const services = JSON.parse(l.services) as Service[];
  return {
    locationId: l.id,
    address: `${formatAddress(l.street, l.unit)}, ${l.city}`,
    serviceClass: l.service_class,
    services: SERVICES.filter((s) => services.includes(s)),
    waterMeter: l.water_meter,
    electricMeter: l.electric_meter,
    occupiedBy: occ ? { accountId: occ.id, accountNumber: occ.number, customerName: occ.name, status: occ.status } : null,
  };
}

export function searchLocations(db: Db, query: string, limit: number): LocationView[] {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 6);
  const where = words.map(() => "(street || ' ' || coalesce(unit, '') || ' ' || city) LIKE ? ESCAPE '\\'").join(' AND ');
  const params = words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = db.prepare(`SELECT * FROM service_locations WHERE ${where || '1'} ORDER BY street, unit, id LIMIT ?`).all(...params, limit) as LocationRow[];
  return rows.map((l) => toLocationView(db, l));
}

export function getLocation(db: Db, locationId: number): LocationView {
  const l = db.prepare('SELECT * FROM service_locations WHERE id = ?').get(locationId) as LocationRow | undefined;
  if (!l) throw new CoreError('NOT_FOUND', `No service location with id ${locationId}.`);
  return toLocationView(db, l);
}

/**
 * Earlier accounts at a premise that still owe. A debt is this customer's only when the account
 * was theirs; everything else — a previous tenant's, a previous owner's — is "not this
 * customer's": shown to the clerk, never put on the new account.
 */
type PriorAccount = z.infer<typeof PriorAccountView>;

export function priorDebt(db: Db, locationId: number, customerId: number | null) {
  getLocation(db, locationId);
  const rows = db
    .prepare(
      `SELECT a.id, a.number, a.status, a.occupancy, a.customer_id, c.display_name AS name,
              (SELECT coalesce(sum(j.amount_cents), 0) FROM journal_lines j WHERE j.account_id = a.id AND j.gl_code = '${GL.receivables}') AS balance
         FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.location_id = ? ORDER BY a.id`,
    )
    .all(locationId) as Array<{ id: number; number: string; status: AccountStatus; occupancy: 'owner' | 'tenant'; customer_id: number; name: string; balance: number }>;
  const accounts = rows
    .filter((r) => r.balance > 0)
    .map((r): PriorAccount => ({
      accountId: r.id,
      accountNumber: r.number,
      customerName: r.name,
      status: r.status,
      occupancy: r.occupancy,
      balanceCents: r.balance,
      whose: (customerId !== null && r.customer_id === customerId ? 'this_customer' : 'not_this_customer'),
    }));
  const sum = (w: string) => accounts.filter((a) => a.whose === w).reduce((s, a) => s + a.balanceCents, 0);
  return { accounts, notThisCustomersCents: sum('not_this_customer'), thisCustomersCents: sum('this_customer') };
}

// Confirmation letter ------------------------------------------------------------------------

/** What a confirmation prints besides the request itself (the service_confirmation letter's details). */
interface ConfirmationExtra {
  dates: Array<{ label: string; labelEs?: string; date: string }>;
  depositCents?: number | null;
  amounts?: Array<{ label: string; labelEs?: string; cents: number }>;
  notes?: Array<{ en: string; es?: string }>;
}

/**
 * Records the printed confirmation of a request as a service_confirmation letter on the account
 * (documents/letters.ts issueLetter): the snapshot is everything the letter prints, so a reprint
 * is the same letter; letters.pdf renders it in the customer's language.
 */
export function recordConfirmation(db: Db, requestId: number, extra: ConfirmationExtra, ctx: IntakeContext): number {
  const v = getRequest(db, requestId);
  const { letterId } = issueLetter(db, {
    accountId: v.accountId,
    kind: 'service_confirmation',
    details: {
      requestNumber: v.number,
      kind: v.kind,
      location: v.serviceAddress,
      services: v.services,
      dates: extra.dates,
      workOrders: v.orders.map((o) => o.number),
      ...(extra.depositCents !== undefined ? { depositCents: extra.depositCents } : {}),
      ...(extra.amounts ? { amounts: extra.amounts } : {}),
      ...(extra.notes && extra.notes.length > 0 ? { notes: extra.notes } : {}),
    },
    at: ctx.at,
    userId: ctx.userId,
  });
  updateDetails(db, requestId, { letterId });
  return letterId;
}

/** The close-out arithmetic's lines in Spanish, for the letter. */
const LINE_ES: Record<string, string> = {
  'Final bill and other open charges': 'Factura final y otros cargos pendientes',
  'Credit on the account': 'Crédito en la cuenta',
  'Balance before close-out': 'Saldo antes del cierre',
  'Deposit held, applied': 'Depósito retenido, aplicado',
  'Balance after the deposit': 'Saldo después del depósito',
  'Refund by check': 'Reembolso por cheque',
  'Still owed': 'Saldo pendiente',
};

// Stop -----------------------------------------------------------------------------------------

function accountRow(db: Db, accountId: number) {
  const a = db
    .prepare('SELECT a.id, a.number, a.status, a.customer_id, a.location_id, l.water_meter, l.electric_meter FROM accounts a JOIN service_locations l ON l.id = a.location_id WHERE a.id = ?')
    .get(accountId) as { id: number; number: string; status: AccountStatus; customer_id: number; location_id: number; water_meter: string | null; electric_meter: string | null } | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account with id ${accountId}.`);
  return a;
}

function servicesOf(db: Db, accountId: number): Service[] {
  const have = (db.prepare('SELECT service FROM account_services WHERE account_id = ?').all(accountId) as Array<{ service: Service }>).map((r) => r.service);
  return SERVICES.filter((s) => have.includes(s));
}

function refuseOpenMoveOut(db: Db, accountId: number, number: string): void {
  const open = db.prepare("SELECT number FROM service_requests WHERE status = 'open' AND ((kind = 'stop' AND account_id = ?) OR (kind = 'transfer' AND from_account_id = ?))").get(accountId, accountId) as { number: string } | undefined;
  if (open) throw new CoreError('CONFLICT', `${open.number} is already open to end service on account ${number}.`, { number: open.number });
}

/** A final read order for each meter the account is billed on (water for water or sewer; electric). */
function finalReadOrders(db: Db, requestId: number, accountId: number, key: string, customerWords: string | null, ctx: IntakeContext): void {
  const a = accountRow(db, accountId);
  const services = servicesOf(db, accountId);
  const meters: Array<'water' | 'electric'> = [];
  if (a.water_meter && (services.includes('water') || services.includes('sewer'))) meters.push('water');
  if (a.electric_meter && services.includes('electric')) meters.push('electric');
  for (const m of meters) {
    const wo = createWorkOrder(db, { type: 'final_read', accountId, meterService: m, source: 'intake', priority: 'normal', customerWords: customerWords ?? undefined, idempotencyKey: `${key}-final-${m}` }, woCtx(ctx));
    linkOrder(db, requestId, wo.id, 'final_read');
  }
}

export function stopService(db: Db, input: { accountId: number; stopOn: string; reason?: string; idempotencyKey: string }, ctx: IntakeContext): ServiceRequestView {
  const prior = priorRequest(db, input.idempotencyKey, 'stop', input.accountId, 'account_id');
  if (prior !== null) return getRequest(db, prior);
  const a = accountRow(db, input.accountId);
  requireStatus(db, a.id, ['active'], 'stopping service');
  refuseOpenMoveOut(db, a.id, a.number);
  if (input.stopOn < ctx.today) throw new CoreError('BAD_INPUT', `The stop date ${input.stopOn} is before today.`, { field: 'stopOn' });
  const id = insertRequest(db, { kind: 'stop', accountId: a.id, customerId: a.customer_id, effectiveOn: input.stopOn, details: { services: servicesOf(db, a.id), reason: input.reason || null }, key: input.idempotencyKey }, ctx);
  finalReadOrders(db, id, a.id, input.idempotencyKey, `Stop service on ${input.stopOn} at the customer's request`, ctx);
  recordConfirmation(
    db,
    id,
    {
      dates: [{ label: 'Service stops', labelEs: 'El servicio termina', date: input.stopOn }],
      notes: [{ en: 'We will read the meter on that day and mail the final bill; the deposit is applied to it and any credit is refunded by check.', es: 'Leeremos el medidor ese día y le enviaremos la factura final; el depósito se aplica a ella y cualquier crédito se reembolsa con cheque.' }],
    },
    ctx,
  );
  const v = getRequest(db, id);
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'serviceDesk.stop', subject: a.number, details: { request: v.number, stopOn: input.stopOn, orders: v.orders.map((o) => o.number) } });
  return getRequest(db, id);
}

// Transfer ---------------------------------------------------------------------------------

export function transferService(
  db: Db,
  input: { fromAccountId: number; locationId: number; services: Service[]; occupancy: 'owner' | 'tenant'; moveOutOn: string; moveInOn: string; idempotencyKey: string },
  ctx: IntakeContext,
): ServiceRequestView {
  const prior = priorRequest(db, input.idempotencyKey, 'transfer', input.fromAccountId, 'from_account_id');
  if (prior !== null) return getRequest(db, prior);
  const old = accountRow(db, input.fromAccountId);
  requireStatus(db, old.id, ['active'], 'a transfer');
  refuseOpenMoveOut(db, old.id, old.number);
  if (input.moveOutOn < ctx.today) throw new CoreError('BAD_INPUT', `The move-out date ${input.moveOutOn} is before today.`, { field: 'moveOutOn' });
  if (input.moveInOn < ctx.today) throw new CoreError('BAD_INPUT', `The move-in date ${input.moveInOn} is before today.`, { field: 'moveInOn' });
  const loc = getLocation(db, input.locationId);
  if (loc.locationId === old.location_id) throw new CoreError('BAD_INPUT', 'The new premise is the one the customer is leaving.', { field: 'locationId' });
  if (loc.occupiedBy) throw new CoreError('CONFLICT', `${loc.address} is served on account ${loc.occupiedBy.accountNumber} (${loc.occupiedBy.status}); stop that service first.`, { field: 'locationId' });
  const missing = input.services.filter((s) => !loc.services.includes(s));
  if (missing.length) throw new CoreError('BAD_INPUT', `${loc.address} has no ${missing.map((s) => SERVICE_LABELS[s].toLowerCase()).join(', ')} service.`, { field: 'services' });

  const debt = priorDebt(db, loc.locationId, old.customer_id);
  const cycle = (db.prepare('SELECT billing_cycle FROM accounts WHERE id = ?').get(old.id) as { billing_cycle: number }).billing_cycle;
  const newId = insertNewAccount(db, { customerId: old.customer_id, locationId: loc.locationId, openedOn: input.moveInOn, services: input.services, occupancy: input.occupancy, movedFrom: old.id, cycle }, ctx);
  const id = insertRequest(
    db,
    {
      kind: 'transfer',
      accountId: newId,
      fromAccountId: old.id,
      customerId: old.customer_id,
      effectiveOn: input.moveInOn,
      details: { services: input.services, occupancy: input.occupancy, moveOutOn: input.moveOutOn, priorDebt: { notThisCustomersCents: debt.notThisCustomersCents, thisCustomersCents: debt.thisCustomersCents } },
      key: input.idempotencyKey,
    },
    ctx,
  );
  const connect = createWorkOrder(db, { type: 'connect', accountId: newId, source: 'intake', priority: 'normal', customerWords: `Transfer from ${old.number}; connect on ${input.moveInOn}`, idempotencyKey: `${input.idempotencyKey}-connect` }, woCtx(ctx));
  linkOrder(db, id, connect.id, 'connect');
  finalReadOrders(db, id, old.id, input.idempotencyKey, `Transfer to ${loc.address}; final read on ${input.moveOutOn}`, ctx);
  recordConfirmation(
    db,
    id,
    {
      dates: [
        { label: `Final read at the old premise (account ${old.number})`, labelEs: `Lectura final en el domicilio anterior (cuenta ${old.number})`, date: input.moveOutOn },
        { label: 'Service starts at the new premise', labelEs: 'El servicio comienza en el nuevo domicilio', date: input.moveInOn },
      ],
      notes: [{ en: `Your deposit and the balance of account ${old.number} (after its final bill) move to the new account.`, es: `Su depósito y el saldo de la cuenta ${old.number} (después de su factura final) pasan a la nueva cuenta.` }],
    },
    ctx,
  );
  const v = getRequest(db, id);
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'serviceDesk.transfer', subject: old.number, details: { request: v.number, newAccount: v.accountNumber, orders: v.orders.map((o) => o.number) } });
  return v;
}

/** Inserts a pending account (with its services, search entry and first status row). */
export function insertNewAccount(
  db: Db,
  a: { customerId: number; locationId: number; openedOn: string; services: Service[]; occupancy: 'owner' | 'tenant'; movedFrom: number | null; cycle: number },
  ctx: IntakeContext,
): number {
  // Through records.insertAccount so the number's check digit and the search index stay right.
  const created = insertAccountRow(db, a);
  db.prepare('UPDATE accounts SET occupancy = ?, moved_from_account_id = ? WHERE id = ?').run(a.occupancy, a.movedFrom, created);
  db.prepare('INSERT INTO account_status_history (account_id, at, from_status, to_status, user_id, reason) VALUES (?, ?, NULL, ?, ?, ?)').run(
    created,
    ctx.at,
    'pending',
    ctx.userId,
    a.movedFrom ? 'transfer of service' : 'new service',
  );
  return created;
}

function insertAccountRow(db: Db, a: { customerId: number; locationId: number; openedOn: string; services: Service[]; cycle: number }): number {
  return insertAccount(db, { customerId: a.customerId, locationId: a.locationId, status: 'pending', openedOn: a.openedOn, services: a.services, billingCycle: a.cycle }).id;
}

// Final read -> final bill -----------------------------------------------------------------

/** The account a request's final bill is for (a stop's own account; a transfer's old one). */
function billedAccountOf(r: RequestRow): number | null {
  if (r.kind === 'stop') return r.account_id;
  if (r.kind === 'transfer') return r.from_account_id;
  return null;
}

/**
 * Called when a work order is completed (workOrders.complete). A request's final read order(s)
 * all done with a reading: the final bill is made from them; when it can't be (no access, a
 * reading the checks refuse), the request says why and the clerk enters the reading on the
 * service desk. A transfer's balance and deposit then move and its old account closes.
 */
export function afterWorkOrderCompleted(db: Db, workOrderId: number, ctx: IntakeContext): void {
  const link = db
    .prepare("SELECT o.request_id, o.role FROM service_request_orders o JOIN service_requests r ON r.id = o.request_id WHERE o.work_order_id = ? AND r.status = 'open'")
    .get(workOrderId) as { request_id: number; role: 'connect' | 'final_read' } | undefined;
  if (!link) return;
  const r = requestRow(db, link.request_id);
  if (link.role === 'connect') {
    maybeComplete(db, r.id, ctx);
    return;
  }
  const billed = billedAccountOf(r);
  if (billed === null || accountStatus(db, billed).status !== 'active') return;
  const orders = db
    .prepare("SELECT w.status, w.reading, w.completed_at FROM service_request_orders o JOIN work_orders w ON w.id = o.work_order_id WHERE o.request_id = ? AND o.role = 'final_read'")
    .all(r.id) as Array<{ status: string; reading: number | null; completed_at: string | null }>;
  if (orders.some((o) => o.status !== 'completed' && o.status !== 'verified')) return;
  if (orders.some((o) => o.reading === null)) {
    updateDetails(db, r.id, { finalBillProblem: 'A final read came back without a reading (no access): enter the final reading to make the final bill.' });
    return;
  }
  const readOn = orders.map((o) => localDate(new Date(o.completed_at!), ctx.settings.timeZone)).sort().at(-1)!;
  try {
    // A savepoint: a final bill that can't be made leaves the completed order as it is.
    db.transaction(() => makeFinalBill(db, r.id, { readOn, readings: [], confirmAnyway: false }, ctx))();
  } catch (err) {
    if (!(err instanceof CoreError)) throw err;
    updateDetails(db, r.id, { finalBillProblem: err.message });
  }
}

export function makeFinalBill(db: Db, requestId: number, input: { readOn: string; readings: FinalReadingInput[]; confirmAnyway: boolean }, ctx: IntakeContext): ServiceRequestView {
  const r = requestRow(db, requestId);
  const billed = billedAccountOf(r);
  if (billed === null) throw new CoreError('BAD_INPUT', `${r.number} is not a stop or a transfer.`, { field: 'requestId' });
  if (r.status !== 'open') throw new CoreError('CONFLICT', `${r.number} is completed.`);
  requireStatus(db, billed, ['active'], 'a final bill');
  const bill = finalBill(
    db,
    { accountId: billed, readOn: input.readOn, readings: input.readings, confirmAnyway: input.confirmAnyway },
    { at: ctx.at, today: ctx.today, userId: ctx.userId, station: ctx.station, dueDays: ctx.settings.dueDays, policy: { highPercent: ctx.settings.readingHighPercent, lowPercent: ctx.settings.readingLowPercent } },
  );
  updateDetails(db, r.id, { finalBill: { billId: bill.billId!, totalCents: bill.totalCents, periodFrom: bill.periodFrom, periodTo: bill.periodTo, dueDate: bill.dueDate! }, finalBillProblem: null });
  if (r.kind === 'transfer') {
    const moved = moveBalanceAndDeposit(db, billed, r.account_id, `${r.number}-move`, ctx);
    updateDetails(db, r.id, { moved });
    setAccountStatus(db, billed, 'closed', { at: ctx.at, userId: ctx.userId, reason: `transferred to ${getRequest(db, r.id).accountNumber} (${r.number})` });
    maybeComplete(db, r.id, ctx);
  }
  return getRequest(db, r.id);
}

/** A transfer is done when the old account is closed and the new one connected; a new service when connected. */
function maybeComplete(db: Db, requestId: number, ctx: IntakeContext): void {
  const r = requestRow(db, requestId);
  const connected = accountStatus(db, r.account_id).status !== 'pending';
  if (r.kind === 'new_service' && connected) completeRequest(db, r.id, ctx.at);
  if (r.kind === 'transfer' && connected && r.from_account_id !== null && accountStatus(db, r.from_account_id).status === 'closed') completeRequest(db, r.id, ctx.at);
}

/**
 * Moves what an account owes (or is owed) and its deposit to another account of the customer:
 * one 'transfer' entry. Open charges stay on the old account, settled by the entry's allocations;
 * the new account gets one balance_forward charge of their total, due the earliest moved due date.
 */
export function moveBalanceAndDeposit(db: Db, fromId: number, toId: number, key: string, ctx: IntakeContext): { balanceCents: number; depositCents: number; entryId: number | null } {
  const from = accountStatus(db, fromId);
  const to = accountStatus(db, toId);
  const open = openCharges(db, fromId);
  const openTotal = open.reduce((s, c) => s + c.open_cents, 0);
  const balance = accountBalance(db, fromId);
  const credit = openTotal - balance; // unapplied credit (>= 0 when the books are right)
  const deposit = depositHeld(db, fromId);
  const lines = [
    { glCode: GL.receivables, accountId: fromId, amountCents: -openTotal, memo: `Open charges moved to ${to.number}` },
    { glCode: GL.receivables, accountId: toId, amountCents: openTotal, memo: `Balance forward from ${from.number}` },
    { glCode: GL.receivables, accountId: fromId, amountCents: credit, memo: `Credit moved to ${to.number}` },
    { glCode: GL.receivables, accountId: toId, amountCents: -credit, memo: `Credit from ${from.number}` },
    { glCode: GL.customerDeposits, accountId: fromId, amountCents: deposit, memo: `Deposit moved to ${to.number}` },
    { glCode: GL.customerDeposits, accountId: toId, amountCents: -deposit, memo: `Deposit from ${from.number}` },
  ].filter((l) => l.amountCents !== 0);
  if (lines.length === 0) return { balanceCents: 0, depositCents: 0, entryId: null };
  const businessDate = ensureBusinessDay(db, ctx.userId, ctx.today, ctx.at);
  const entryId = postEntry(db, { kind: 'transfer', businessDate, postedAt: ctx.at, userId: ctx.userId, station: ctx.station, memo: `Transfer of service ${from.number} -> ${to.number}`, idempotencyKey: key, lines });
  if (openTotal > 0) {
    const alloc = db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)');
    for (const c of open) alloc.run(entryId, c.id, c.open_cents);
    const due = open.map((c) => c.due_date).sort()[0]!;
    db.prepare("INSERT INTO charges (account_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, 'balance_forward', ?, ?, ?, ?)").run(
      toId,
      entryId,
      `Balance forward from account ${from.number}`,
      GL.receivables,
      openTotal,
      due,
    );
  }
  return { balanceCents: balance, depositCents: deposit, entryId };
}

// Close-out --------------------------------------------------------------------------------

export function depositHeld(db: Db, accountId: number): number {
  return -(db.prepare(`SELECT coalesce(sum(amount_cents), 0) AS s FROM journal_lines WHERE account_id = ? AND gl_code = '${GL.customerDeposits}'`).get(accountId) as { s: number }).s;
}

export function closeOutArithmetic(db: Db, accountId: number, settings: SettingsValues): CloseOutArithmetic {
  const a = accountStatus(db, accountId);
  const open = openCharges(db, accountId);
  const openTotal = open.reduce((s, c) => s + c.open_cents, 0);
  const balance = accountBalance(db, accountId);
  const deposit = Math.max(0, depositHeld(db, accountId));
  const { allocations } = allocate(open, deposit, settings.serviceOrder);
  const after = balance - deposit;
  const refund = Math.max(0, -after);
  const due = Math.max(0, after);
  const lines = [
    { label: 'Final bill and other open charges', cents: openTotal },
    { label: 'Credit on the account', cents: -(openTotal - balance) },
    { label: 'Balance before close-out', cents: balance },
    { label: 'Deposit held, applied', cents: -deposit },
    { label: 'Balance after the deposit', cents: after },
    ...(refund > 0 ? [{ label: 'Refund by check', cents: refund }] : []),
    ...(due > 0 ? [{ label: 'Still owed', cents: due }] : []),
  ];
  return {
    accountId,
    accountNumber: a.number,
    openChargesCents: openTotal,
    unappliedCreditCents: openTotal - balance,
    balanceBeforeCents: balance,
    depositHeldCents: deposit,
    depositAppliedCents: deposit,
    balanceAfterDepositCents: after,
    refundCents: refund,
    remainingDueCents: due,
    applied: allocations.map((x) => ({ chargeId: x.chargeId, description: x.description, dueDate: x.dueDate, amountCents: x.amountCents })),
    lines,
  };
}

export function closeOut(db: Db, input: { accountId: number; idempotencyKey: string }, ctx: IntakeContext): ServiceRequestView {
  const done = db.prepare('SELECT id FROM service_requests WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: number } | undefined;
  if (done) {
    const r = requestRow(db, done.id);
    if (r.account_id !== input.accountId) throw new CoreError('IDEMPOTENCY_CONFLICT', 'This request key was already used for a different service request.');
    return getRequest(db, r.id);
  }
  const closedBefore = db.prepare("SELECT id FROM service_requests WHERE account_id = ? AND json_extract(details, '$.closeOutKey') = ?").get(input.accountId, input.idempotencyKey) as { id: number } | undefined;
  if (closedBefore) return getRequest(db, closedBefore.id);
  const a = accountRow(db, input.accountId);
  const { status } = requireStatus(db, a.id, ['final_billed', 'pending'], 'a close-out');
  // A pending account closes only when its service never started: every connect order cancelled
  // and nothing billed (its deposit is then applied to what it owes and the rest refunded).
  const newService =
    status === 'pending'
      ? (db.prepare("SELECT id FROM service_requests WHERE kind = 'new_service' AND account_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1").get(a.id) as { id: number } | undefined)
      : undefined;
  if (status === 'pending') {
    const connect = db.prepare("SELECT number, status FROM work_orders WHERE account_id = ? AND type = 'connect' AND status <> 'cancelled' ORDER BY id LIMIT 1").get(a.id) as { number: string; status: string } | undefined;
    if (connect) {
      throw new CoreError('ACCOUNT_STATUS', `Account ${a.number} is pending with connect order ${connect.number} (${connect.status}); cancel the connect order before closing a service that never started.`, {
        status,
        workOrder: connect.number,
      });
    }
    const transfer = db.prepare("SELECT number FROM service_requests WHERE kind = 'transfer' AND account_id = ? AND status = 'open' LIMIT 1").get(a.id) as { number: string } | undefined;
    if (transfer) throw new CoreError('ACCOUNT_STATUS', `Account ${a.number} is the new account of transfer ${transfer.number}, still open; finish or stop the old account first.`, { status });
    const billed = (db.prepare('SELECT count(*) AS n FROM bills WHERE account_id = ?').get(a.id) as { n: number }).n;
    if (billed > 0) throw new CoreError('ACCOUNT_STATUS', `Account ${a.number} is pending but has been billed; it needs a final bill before its close-out.`, { status });
  }
  const math = closeOutArithmetic(db, a.id, ctx.settings);
  const businessDate = ensureBusinessDay(db, ctx.userId, ctx.today, ctx.at);
  if (math.depositAppliedCents > 0) {
    const entryId = postEntry(db, {
      kind: 'refund',
      businessDate,
      postedAt: ctx.at,
      userId: ctx.userId,
      station: ctx.station,
      memo: `Deposit applied at close-out of ${a.number}`,
      idempotencyKey: `${input.idempotencyKey}-deposit`,
      lines: [
        { glCode: GL.customerDeposits, accountId: a.id, amountCents: math.depositAppliedCents, memo: 'Deposit applied' },
        { glCode: GL.receivables, accountId: a.id, amountCents: -math.depositAppliedCents, memo: 'Deposit applied' },
      ],
    });
    const alloc = db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)');
    for (const x of math.applied) alloc.run(entryId, x.chargeId, x.amountCents);
  }
  // The request: the open stop it finishes, else a close-out of its own (an account final-billed elsewhere).
  const stop = db.prepare("SELECT id FROM service_requests WHERE kind = 'stop' AND account_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1").get(a.id) as { id: number } | undefined;
  const requestId =
    stop?.id ??
    insertRequest(db, { kind: 'close_out', accountId: a.id, customerId: a.customer_id, effectiveOn: ctx.today, details: { services: servicesOf(db, a.id) }, key: input.idempotencyKey }, ctx);
  let checkRequestId: number | null = null;
  if (math.refundCents > 0) {
    const refundEntry = postEntry(db, {
      kind: 'refund',
      businessDate,
      postedAt: ctx.at,
      userId: ctx.userId,
      station: ctx.station,
      memo: `Credit refunded by check at close-out of ${a.number}`,
      idempotencyKey: `${input.idempotencyKey}-refund`,
      lines: [
        { glCode: GL.receivables, accountId: a.id, amountCents: math.refundCents, memo: 'Refund by check' },
        { glCode: GL.refundsPayable, accountId: a.id, amountCents: -math.refundCents, memo: 'Refund by check' },
      ],
    });
    const c = db.prepare('SELECT display_name, mail_street, mail_city, mail_state, mail_zip FROM customers WHERE id = ?').get(a.customer_id) as {
      display_name: string;
      mail_street: string;
      mail_city: string;
      mail_state: string;
      mail_zip: string;
    };
    const number = requestRow(db, requestId).number;
    checkRequestId = Number(
      db
        .prepare(
          `INSERT INTO check_requests (account_id, entry_id, service_request_id, payee, mail_street, mail_city, mail_state, mail_zip, amount_cents, business_date, memo, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(a.id, refundEntry, requestId, c.display_name, c.mail_street, c.mail_city, c.mail_state, c.mail_zip, math.refundCents, businessDate, `Close-out refund, account ${a.number} (${number})`, ctx.at, ctx.userId).lastInsertRowid,
    );
  }
  setAccountStatus(db, a.id, 'closed', { at: ctx.at, userId: ctx.userId, reason: `close-out (${requestRow(db, requestId).number})` });
  updateDetails(db, requestId, { closeOut: math, checkRequestId, closeOutKey: input.idempotencyKey });
  recordConfirmation(
    db,
    requestId,
    {
      dates: [{ label: 'Account closed', labelEs: 'Cuenta cerrada', date: ctx.today }],
      amounts: math.lines.map((l) => ({ label: l.label, labelEs: LINE_ES[l.label], cents: l.cents })),
      notes:
        math.refundCents > 0
          ? [{ en: `A check for ${money(math.refundCents)} will be mailed to you.`, es: `Le enviaremos por correo un cheque por ${money(math.refundCents)}.` }]
          : math.remainingDueCents > 0
            ? [{ en: `${money(math.remainingDueCents)} is still owed; please pay it at the town office.`, es: `Todavía se deben ${money(math.remainingDueCents)}; por favor páguelos en la oficina municipal.` }]
            : [],
    },
    ctx,
  );
  completeRequest(db, requestId, ctx.at);
  if (newService) {
    // The new service (or transfer's connect) that never started ends with this close-out.
    updateDetails(db, newService.id, { cancelledBy: requestRow(db, requestId).number });
    completeRequest(db, newService.id, ctx.at);
  }
  recordAudit(db, {
    at: ctx.at,
    userId: ctx.userId,
    station: ctx.station,
    action: 'serviceDesk.closeOut',
    subject: a.number,
    details: { request: requestRow(db, requestId).number, depositAppliedCents: math.depositAppliedCents, refundCents: math.refundCents, remainingDueCents: math.remainingDueCents, checkRequestId },
  });
  return getRequest(db, requestId);
}
