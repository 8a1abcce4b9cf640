// Courtesy calls made from a ready cut-off list, and the winter rule's elderly/disabled
// certifications. A call is written once (a dispute is resolved once, later); cutoff.ts reads
// them when it judges an account: a promise keeps it off until its date, a broken one puts it
// back on, an unresolved dispute keeps it off.
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { CourtesyCallView, CourtesyOutcome, CutoffEntryView, WinterCertificationView } from '../../../src-shared/ipc/cutoff-schemas';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { addDays } from '../deps';
import { CoreError } from '../errors';

export interface CollectionsContext {
  at: string;
  today: string;
  userId: number | null;
  station: string | null;
}

interface CallRow {
  id: number;
  list_id: number;
  cutoff_date: string;
  account_id: number;
  number: string;
  name: string;
  outcome: CourtesyOutcome;
  promise_date: string | null;
  phone: string | null;
  note: string | null;
  called_on: string;
  called_at: string;
  called_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

const CALL_SELECT = `SELECT k.id, k.list_id, l.cutoff_date, k.account_id, a.number, c.display_name AS name, k.outcome, k.promise_date, k.phone, k.note,
    k.called_on, k.called_at, u.display_name AS called_by, k.resolved_at, r.display_name AS resolved_by, k.resolution
  FROM courtesy_calls k JOIN cutoff_lists l ON l.id = k.list_id JOIN accounts a ON a.id = k.account_id JOIN customers c ON c.id = a.customer_id
  LEFT JOIN users u ON u.id = k.called_by LEFT JOIN users r ON r.id = k.resolved_by`;

function callView(r: CallRow): CourtesyCallView {
  return {
    id: r.id,
    listId: r.list_id,
    cutoffDate: r.cutoff_date,
    accountId: r.account_id,
    accountNumber: r.number,
    name: r.name,
    outcome: r.outcome,
    promiseDate: r.promise_date,
    phone: r.phone,
    note: r.note,
    calledOn: r.called_on,
    calledAt: r.called_at,
    calledBy: r.called_by,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    resolution: r.resolution,
  };
}

export function getCall(db: Db, id: number): CourtesyCallView {
  const r = db.prepare(`${CALL_SELECT} WHERE k.id = ?`).get(id) as CallRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No courtesy call ${id}.`);
  return callView(r);
}

export function callsForAccount(db: Db, accountId: number, limit = 50): CourtesyCallView[] {
  return (db.prepare(`${CALL_SELECT} WHERE k.account_id = ? ORDER BY k.id DESC LIMIT ?`).all(accountId, limit) as CallRow[]).map(callView);
}

export function callsForList(db: Db, listId: number): CourtesyCallView[] {
  return (db.prepare(`${CALL_SELECT} WHERE k.list_id = ? ORDER BY k.id DESC`).all(listId) as CallRow[]).map(callView);
}

export const ENTRY_SELECT = `SELECT e.account_id AS accountId, a.number AS accountNumber, c.display_name AS name, c.phone AS phone,
    l.street || coalesce(' ' || l.unit, '') AS serviceAddress, e.on_list AS onList, e.reason_code AS reasonCode, e.reason, e.past_due_cents AS pastDueCents,
    e.oldest_due_date AS oldestDueDate
  FROM cutoff_list_entries e JOIN accounts a ON a.id = e.account_id JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id`;

export function entryView(r: Omit<CutoffEntryView, 'onList'> & { onList: number | boolean }): CutoffEntryView {
  return { ...r, onList: r.onList === 1 || r.onList === true, phone: r.phone && r.phone.trim() !== '' ? r.phone : null };
}

/** The accounts on a ready list with a phone that nobody has called for that list yet. */
export function callList(db: Db, listId: number): CutoffEntryView[] {
  const rows = db
    .prepare(
      `${ENTRY_SELECT} WHERE e.list_id = ? AND e.on_list = 1 AND c.phone IS NOT NULL AND trim(c.phone) <> ''
         AND NOT EXISTS (SELECT 1 FROM courtesy_calls k WHERE k.list_id = e.list_id AND k.account_id = e.account_id)
       ORDER BY e.past_due_cents DESC, a.number`,
    )
    .all(listId) as Array<Parameters<typeof entryView>[0]>;
  return rows.map(entryView);
}

export interface LogCallInput {
  idempotencyKey?: string;
  listId: number;
  accountId: number;
  outcome: CourtesyOutcome;
  promiseDate?: string;
  note?: string;
}

/** Logs a call on an account that is on a ready list. Runs in its own transaction. */
export function logCourtesyCall(db: Db, input: LogCallInput, s: Pick<SettingsValues, 'courtesyCallPromiseMaxDays'>, ctx: CollectionsContext): CourtesyCallView {
  return db.transaction(() => {
    if (input.idempotencyKey) {
      const prior = db.prepare('SELECT id, list_id, account_id FROM courtesy_calls WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: number; list_id: number; account_id: number } | undefined;
      if (prior) {
        if (prior.list_id !== input.listId || prior.account_id !== input.accountId) throw new CoreError('CONFLICT', 'That idempotency key was used for another call.');
        return getCall(db, prior.id);
      }
    }
    const list = db.prepare('SELECT status, cutoff_date FROM cutoff_lists WHERE id = ?').get(input.listId) as { status: string; cutoff_date: string } | undefined;
    if (!list) throw new CoreError('NOT_FOUND', `No cut-off list ${input.listId}.`);
    if (list.status !== 'ready') throw new CoreError('CONFLICT', `Cut-off list ${input.listId} is ${list.status}; calls are logged on a ready list.`);
    const entry = db.prepare('SELECT on_list FROM cutoff_list_entries WHERE list_id = ? AND account_id = ?').get(input.listId, input.accountId) as { on_list: number } | undefined;
    if (!entry || entry.on_list !== 1) throw new CoreError('BAD_INPUT', `Account ${input.accountId} is not on cut-off list ${input.listId}.`, { field: 'accountId' });
    if (input.outcome === 'promise') {
      if (!input.promiseDate) throw new CoreError('BAD_INPUT', 'A promise to pay needs the date the customer will pay by.', { field: 'promiseDate' });
      const last = addDays(ctx.today, s.courtesyCallPromiseMaxDays);
      if (input.promiseDate < ctx.today) throw new CoreError('BAD_INPUT', `The promise date ${input.promiseDate} is before today.`, { field: 'promiseDate' });
      if (input.promiseDate > last) throw new CoreError('BAD_INPUT', `A promise to pay may run at most ${s.courtesyCallPromiseMaxDays} days (until ${last}).`, { field: 'promiseDate' });
    } else if (input.promiseDate) {
      throw new CoreError('BAD_INPUT', 'Only a promise to pay has a promise date.', { field: 'promiseDate' });
    }
    const phone = (db.prepare('SELECT c.phone FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?').get(input.accountId) as { phone: string | null }).phone;
    const id = Number(
      db
        .prepare('INSERT INTO courtesy_calls (list_id, account_id, outcome, promise_date, phone, note, called_on, called_at, called_by, station, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(input.listId, input.accountId, input.outcome, input.promiseDate ?? null, phone, input.note || null, ctx.today, ctx.at, ctx.userId, ctx.station, input.idempotencyKey ?? null).lastInsertRowid,
    );
    const number = (db.prepare('SELECT number FROM accounts WHERE id = ?').get(input.accountId) as { number: string }).number;
    recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'courtesyCall.log', subject: number, details: { callId: id, listId: input.listId, outcome: input.outcome, promiseDate: input.promiseDate ?? null } });
    return getCall(db, id);
  })();
}

export function resolveCallDispute(db: Db, callId: number, resolution: string, ctx: CollectionsContext): CourtesyCallView {
  return db.transaction(() => {
    const c = getCall(db, callId);
    if (c.outcome !== 'disputed') throw new CoreError('BAD_INPUT', `Courtesy call ${callId} logged no dispute.`, { field: 'callId' });
    if (c.resolvedAt) throw new CoreError('CONFLICT', `The dispute of call ${callId} was already resolved.`);
    db.prepare('UPDATE courtesy_calls SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?').run(ctx.at, ctx.userId, resolution, callId);
    recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'courtesyCall.resolveDispute', subject: c.accountNumber, reason: resolution, details: { callId } });
    return getCall(db, callId);
  })();
}

// Winter rule certifications -----------------------------------------------------------------

interface CertRow {
  id: number;
  customer_id: number;
  kind: 'elderly' | 'disabled';
  certified_by: string;
  certified_on: string;
  valid_until: string;
  note: string | null;
  recorded_at: string;
  recorded_by: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
}

const CERT_SELECT = `SELECT w.id, w.customer_id, w.kind, w.certified_by, w.certified_on, w.valid_until, w.note, w.recorded_at, u.display_name AS recorded_by, w.withdrawn_at, w.withdraw_reason
  FROM winter_certifications w LEFT JOIN users u ON u.id = w.recorded_by`;

function certView(r: CertRow, today: string): WinterCertificationView {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    certifiedBy: r.certified_by,
    certifiedOn: r.certified_on,
    validUntil: r.valid_until,
    note: r.note,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    withdrawnAt: r.withdrawn_at,
    withdrawReason: r.withdraw_reason,
    state: r.withdrawn_at ? 'withdrawn' : r.valid_until < today ? 'expired' : r.certified_on > today ? 'future' : 'in_force',
  };
}

function certRow(db: Db, id: number): CertRow {
  const r = db.prepare(`${CERT_SELECT} WHERE w.id = ?`).get(id) as CertRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No winter-rule certification ${id}.`);
  return r;
}

export function winterCertificationsFor(db: Db, accountId: number, today: string): WinterCertificationView[] {
  return (db.prepare(`${CERT_SELECT} WHERE w.customer_id = (SELECT customer_id FROM accounts WHERE id = ?) ORDER BY w.valid_until DESC, w.id DESC`).all(accountId) as CertRow[]).map((r) => certView(r, today));
}

export interface WinterCertInput {
  accountId: number;
  kind: 'elderly' | 'disabled';
  certifiedBy: string;
  certifiedOn: string;
  validUntil: string;
  note?: string;
}

/** Certifies the account's customer elderly or disabled for the winter rule (certified on or before today, valid until today or later). */
export function certifyWinter(db: Db, input: WinterCertInput, ctx: CollectionsContext): WinterCertificationView {
  if (input.certifiedOn > ctx.today) throw new CoreError('BAD_INPUT', `The certification date ${input.certifiedOn} is after today.`, { field: 'certifiedOn' });
  if (input.validUntil < ctx.today) throw new CoreError('BAD_INPUT', `A certification valid until ${input.validUntil} has already ended.`, { field: 'validUntil' });
  return db.transaction(() => {
    const a = db.prepare('SELECT number, customer_id FROM accounts WHERE id = ?').get(input.accountId) as { number: string; customer_id: number } | undefined;
    if (!a) throw new CoreError('NOT_FOUND', `No account ${input.accountId}.`);
    const id = Number(
      db
        .prepare('INSERT INTO winter_certifications (customer_id, kind, certified_by, certified_on, valid_until, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(a.customer_id, input.kind, input.certifiedBy, input.certifiedOn, input.validUntil, input.note || null, ctx.at, ctx.userId).lastInsertRowid,
    );
    recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'winterRule.certify', subject: a.number, details: { id, customerId: a.customer_id, kind: input.kind, validUntil: input.validUntil } });
    return certView(certRow(db, id), ctx.today);
  })();
}

export function withdrawWinter(db: Db, id: number, reason: string, ctx: CollectionsContext): WinterCertificationView {
  return db.transaction(() => {
    const r = certRow(db, id);
    if (r.withdrawn_at) throw new CoreError('CONFLICT', `Winter-rule certification ${id} was already withdrawn.`);
    db.prepare('UPDATE winter_certifications SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ? WHERE id = ?').run(ctx.at, ctx.userId, reason, id);
    recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'winterRule.withdraw', subject: `customer ${r.customer_id}`, reason, details: { id } });
    return certView(certRow(db, id), ctx.today);
  })();
}

/**
 * The demo town's winter-rule certifications: a few individual customers (every 97th account's,
 * at most 12) certified elderly or disabled by the county, from 60 days before `today` until
 * the next March 31 — the Cut-off section shows them, and they leave the list when the rule is on.
 */
export function recordDemoWinterCertifications(db: Db, today: string): number {
  const rows = db
    .prepare(
      `SELECT DISTINCT a.customer_id AS id FROM accounts a JOIN customers c ON c.id = a.customer_id
        WHERE a.id % 97 = 0 AND c.kind = 'person' AND NOT EXISTS (SELECT 1 FROM winter_certifications w WHERE w.customer_id = a.customer_id)
        ORDER BY a.customer_id LIMIT 12`,
    )
    .pluck()
    .all() as number[];
  const year = Number(today.slice(0, 4));
  const until = today.slice(5) <= '03-31' ? `${year}-03-31` : `${year + 1}-03-31`;
  const from = addDays(today, -60);
  const insert = db.prepare("INSERT INTO winter_certifications (customer_id, kind, certified_by, certified_on, valid_until, recorded_at) VALUES (?, ?, 'Surry County DSS', ?, ?, ?)");
  rows.forEach((id, i) => insert.run(id, i % 3 === 2 ? 'disabled' : 'elderly', from, until, `${from}T15:00:00.000Z`));
  return rows.length;
}
