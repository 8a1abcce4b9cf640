// Account lookup and inquiry: search-as-you-type and the account page. Balances are derived
// from the journal (receivables lines), open amounts from charges minus allocations.
import { maskTaxId } from '../../../src-shared/ipc/customer-schemas';
import { checkAccountNumber } from '../../../src-shared/account-number';
import { parseScanLine } from '../../../src-shared/scan-line';
import type { Service } from '../../../src-shared/domain';
import { ROLES, roleHas, SERVICE_LABELS } from '../../../src-shared/domain';
import type { AccountDetail, AccountFlags, AccountSummary, FollowUp, Note } from '../../../src-shared/ipc/contract';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-ledger';
import { daysBetween } from '../deps';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { readSettings } from '../settings';
import { accountByOldScanLine, hasLegacyColumns, legacyKeyOf, resolveAccountNumber } from './account-ref';
import { formatAddress, numberTerms, oldNumberTerms, phoneTerms } from './search-index';

interface AccountRow {
  id: number;
  number: string;
  status: AccountSummary['status'];
  opened_on: string;
  closed_on: string | null;
  medical_alert_until: string | null;
  cash_only: number;
  no_penalty_until: string | null;
  bank_draft: number;
  payment_arrangement: number;
  in_collections: number;
  disconnected_on?: string | null;
  reconnect_order?: string | null;
  /** The number on the previous system's bills (conversion); absent before migration 0025. */
  legacy_number?: string | null;
  customer_id: number;
  location_id: number;
  name: string;
  phone: string | null;
  street: string;
  unit: string | null;
  city: string;
}

const ACCOUNT_SELECT_FULL = `
  SELECT a.id, a.number, a.status, a.opened_on, a.closed_on, a.medical_alert_until, a.cash_only, a.no_penalty_until,
         a.bank_draft, a.payment_arrangement, a.in_collections, a.customer_id, a.location_id, a.legacy_number, a.disconnected_on,
         CASE WHEN a.disconnected_on IS NULL THEN NULL ELSE
           (SELECT w.number FROM work_orders w WHERE w.account_id = a.id AND w.type = 'reconnect' AND w.status IN ('new', 'dispatched') ORDER BY w.id DESC LIMIT 1) END AS reconnect_order,
         c.display_name AS name, c.phone, l.street, l.unit, l.city
    FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id`;
const selectOf = new WeakMap<Db, string>();
/**
 * The account select for this ledger: without the collections columns (0020) or the old number
 * (0025) on a ledger not yet migrated that far (read-only start).
 */
function accountSelect(db: Db): string {
  let s = selectOf.get(db);
  if (!s) {
    const cols = new Set((db.prepare("SELECT name FROM pragma_table_info('accounts')").all() as Array<{ name: string }>).map((c) => c.name));
    s = ACCOUNT_SELECT_FULL;
    if (!cols.has('disconnected_on')) s = s.replace(/, a\.disconnected_on,[\s\S]*?END AS reconnect_order,/, ',');
    if (!cols.has('legacy_number')) s = s.replace(', a.legacy_number,', ',');
    selectOf.set(db, s);
  }
  return s;
}

export function flagsOf(
  r: Pick<AccountRow, 'medical_alert_until' | 'cash_only' | 'no_penalty_until' | 'bank_draft' | 'payment_arrangement' | 'in_collections' | 'disconnected_on' | 'reconnect_order'>,
  today: string,
  /** With the balance and the reconnect fee, a disconnected account says what reconnects it. */
  reconnect?: { balanceCents: number; feeCents: number },
): AccountFlags {
  const disconnectedOn = r.disconnected_on ?? null;
  return {
    disconnectedOn,
    reconnectOrder: disconnectedOn ? (r.reconnect_order ?? null) : null,
    reconnectCents: disconnectedOn && reconnect && !r.reconnect_order ? Math.max(0, reconnect.balanceCents) + reconnect.feeCents : null,
    medicalAlert: r.medical_alert_until !== null && r.medical_alert_until >= today,
    medicalAlertUntil: r.medical_alert_until,
    cashOnly: r.cash_only === 1,
    noPenalty: r.no_penalty_until !== null && r.no_penalty_until >= today,
    noPenaltyUntil: r.no_penalty_until,
    bankDraft: r.bank_draft === 1,
    paymentArrangement: r.payment_arrangement === 1,
    inCollections: r.in_collections === 1,
  };
}

export function accountBalance(db: Db, accountId: number): number {
  return (db.prepare(`SELECT coalesce(sum(amount_cents), 0) AS b FROM journal_lines WHERE account_id = ? AND gl_code = '${GL.receivables}'`).get(accountId) as { b: number }).b;
}

function summarize(r: AccountRow, today: string, balanceCents = 0, db?: Db): AccountSummary {
  return {
    id: r.id,
    number: r.number,
    legacyNumber: r.legacy_number ?? null,
    name: r.name,
    serviceAddress: `${formatAddress(r.street, r.unit)}, ${r.city}`,
    phone: r.phone,
    status: r.status,
    balanceCents,
    flags: flagsOf(r, today, r.disconnected_on && db ? { balanceCents, feeCents: readSettings(db).reconnectFeeCents } : undefined),
  };
}

/** Turns what the clerk typed into an FTS5 query: every word must match as a prefix. */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words.slice(0, 8).map((w) => `"${w}"*`).join(' AND ');
}

interface SearchStatements {
  byNumber: Statement<[string]>;
  /** By old number key; null before migration 0025. */
  byLegacyKey: Statement<[string]> | null;
  fts: Statement<[string, number]>;
  /** What ranking needs of a JSON array of account ids: number, name, address, phone, status. */
  light: Statement<[string]>;
  /** Summaries (with balances) of a JSON array of account ids, in one round trip. */
  summaries: Statement<[string]>;
}

// Prepared once per connection: search runs on every keystroke, and preparing these joins
// costs more than running them.
const searchStatements = new WeakMap<Db, SearchStatements>();

function statementsFor(db: Db): SearchStatements {
  let s = searchStatements.get(db);
  if (!s) {
    const legacy = hasLegacyColumns(db);
    s = {
      byNumber: db.prepare('SELECT id FROM accounts WHERE number = ?'),
      byLegacyKey: legacy ? db.prepare('SELECT id FROM accounts WHERE legacy_key = ?') : null,
      fts: db.prepare('SELECT rowid AS id FROM account_search WHERE account_search MATCH ? LIMIT ?'),
      light: db.prepare(
        `SELECT a.id, a.number, ${legacy ? 'a.legacy_number' : 'NULL AS legacy_number'}, a.status, c.display_name AS name, c.phone, l.street, l.unit, l.city
           FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id
          WHERE a.id IN (SELECT value FROM json_each(?))`,
      ),
      summaries: db.prepare(
        `${accountSelect(db).replace('SELECT a.id,', `SELECT (SELECT coalesce(sum(j.amount_cents), 0) FROM journal_lines j WHERE j.account_id = a.id AND j.gl_code = '${GL.receivables}') AS balance, a.id,`)}
          WHERE a.id IN (SELECT value FROM json_each(?))`,
      ),
    };
    searchStatements.set(db, s);
  }
  return s;
}

/**
 * How many full-text matches are ranked by field (the best of them are returned) and counted;
 * beyond it the screen says "100+". Kept small: search runs on every keystroke.
 */
export const SEARCH_COUNT_CAP = 100;

export type SearchMatchField = 'number' | 'oldNumber' | 'address' | 'name' | 'phone' | 'several';

export interface SearchHit extends AccountSummary {
  matchedOn: SearchMatchField;
  exact: boolean;
}

export interface SearchOutcome {
  results: SearchHit[];
  /** Accounts matched (counted up to SEARCH_COUNT_CAP). */
  total: number;
  /** True when total stopped at the cap: there may be more. */
  totalCapped: boolean;
  /** True when more accounts match than are returned. */
  more: boolean;
}

/** Words as the full-text index sees them (unicode61, diacritics removed, lower case). */
export function searchWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

interface LightRow {
  id: number;
  number: string;
  legacy_number: string | null;
  status: string;
  name: string;
  phone: string | null;
  street: string;
  unit: string | null;
  city: string;
}

const sameWords = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((w, i) => w === b[i]);

// Rank of each kind of match, best first: an exact account number, an exact old account number
// (conversion), an exact service address, an exact name, then a part of a number, old number,
// address, name, phone, and last words spread over several fields (e.g. a house number that is
// also in someone's phone).
const RANK = { exactNumber: 0, exactOldNumber: 1, exactAddress: 2, exactName: 3, number: 4, oldNumber: 5, address: 6, name: 7, phone: 8, several: 9 } as const;

interface Ranked {
  id: number;
  rank: number;
  field: SearchMatchField;
  exact: boolean;
  /** How many typed words are whole words of the field (more is better within a rank). */
  whole: number;
  active: boolean;
}

function rankRow(r: LightRow, words: readonly string[]): Ranked {
  const streetWords = searchWords(formatAddress(r.street, r.unit));
  const nameWords = searchWords(r.name);
  const fields: Array<[SearchMatchField, string[]]> = [
    ['number', searchWords(numberTerms(r.number))],
    ['oldNumber', searchWords(oldNumberTerms(r.legacy_number))],
    ['address', [...streetWords, ...searchWords(r.city)]],
    ['name', nameWords],
    ['phone', searchWords(phoneTerms(r.phone))],
  ];
  const base = { id: r.id, active: r.status === 'active' };
  if (sameWords(words, streetWords) || sameWords(words, searchWords(r.street)) || sameWords(words, [...streetWords, ...searchWords(r.city)])) {
    return { ...base, rank: RANK.exactAddress, field: 'address', exact: true, whole: words.length };
  }
  if (sameWords(words, nameWords)) return { ...base, rank: RANK.exactName, field: 'name', exact: true, whole: words.length };
  for (const [field, tokens] of fields) {
    if (words.every((w) => tokens.some((t) => t.startsWith(w)))) {
      return { ...base, rank: RANK[field as 'number' | 'oldNumber' | 'address' | 'name' | 'phone'], field, exact: false, whole: words.filter((w) => tokens.includes(w)).length };
    }
  }
  return { ...base, rank: RANK.several, field: 'several', exact: false, whole: 0 };
}

/**
 * Search-as-you-type, ranked by how well a field matches (see RANK), each result saying which
 * field matched, and how many accounts match in all (so a capped list says so).
 */
export function searchAccounts(db: Db, query: string, limit: number, today: string): SearchOutcome {
  const none: SearchOutcome = { results: [], total: 0, totalCapped: false, more: false };
  const q = query.trim();
  if (q.length === 0) return none;
  const st = statementsFor(db);
  const scan = parseScanLine(q);
  const exact = checkAccountNumber(scan ? scan.accountNumber : q);
  const ranked = new Map<number, Ranked>();
  if (exact.ok) {
    const hit = st.byNumber.get(exact.number) as { id: number } | undefined;
    if (hit) ranked.set(hit.id, { id: hit.id, rank: RANK.exactNumber, field: 'number', exact: true, whole: 1, active: true });
  }
  // The number on a bill from the previous system (conversion), as printed or keyed without dashes.
  const oldKey = scan || !st.byLegacyKey ? null : legacyKeyOf(q);
  if (oldKey) {
    const hit = st.byLegacyKey!.get(oldKey) as { id: number } | undefined;
    if (hit && !ranked.has(hit.id)) ranked.set(hit.id, { id: hit.id, rank: RANK.exactOldNumber, field: 'oldNumber', exact: true, whole: 1, active: true });
  }
  // A scanned stub of the previous system (setting conversionScanLine): its old number's account.
  let oldStub = false;
  if (ranked.size === 0 && st.byLegacyKey) {
    const stub = accountByOldScanLine(db, q);
    if (stub) {
      ranked.set(stub.id, { id: stub.id, rank: RANK.exactOldNumber, field: 'oldNumber', exact: true, whole: 1, active: true });
      oldStub = true;
    }
  }
  const fts = scan || oldStub ? null : toFtsQuery(q);
  let total = ranked.size;
  let totalCapped = false;
  if (fts) {
    const words = searchWords(q).slice(0, 8);
    const phrase = `"${words.join(' ')}"`;
    // Exact addresses and names are looked for on their own (as a phrase at the start of the
    // field): among thousands of partial matches they might not be in the ranked candidates.
    const ids = new Set<number>();
    for (const r of st.fts.all(`address : ^${phrase}`, 50) as Array<{ id: number }>) ids.add(r.id);
    for (const r of st.fts.all(`name : ^${phrase}`, 50) as Array<{ id: number }>) ids.add(r.id);
    const candidates = st.fts.all(fts, SEARCH_COUNT_CAP + 1) as Array<{ id: number }>;
    totalCapped = candidates.length > SEARCH_COUNT_CAP;
    for (const r of candidates.slice(0, SEARCH_COUNT_CAP)) ids.add(r.id);
    for (const id of ranked.keys()) ids.delete(id);
    if (ids.size > 0) {
      for (const row of st.light.all(JSON.stringify([...ids])) as LightRow[]) ranked.set(row.id, rankRow(row, words));
    }
    // The exact number and exact phrases are among the full-text matches too (their terms are indexed).
    // A capped count is the cap ("100+"), even when an exact phrase beyond the first 100 candidates was added.
    total = totalCapped ? SEARCH_COUNT_CAP : Math.max(candidates.length, ranked.size);
  }
  const order = [...ranked.values()].sort((a, b) => a.rank - b.rank || b.whole - a.whole || Number(b.active) - Number(a.active) || a.id - b.id);
  const wanted = order.slice(0, limit);
  if (wanted.length === 0) return none;
  const byId = new Map((st.summaries.all(JSON.stringify(wanted.map((w) => w.id))) as Array<AccountRow & { balance: number }>).map((r) => [r.id, r]));
  return {
    results: wanted.map((w) => {
      const r = byId.get(w.id)!;
      return { ...summarize(r, today, r.balance, db), matchedOn: w.field, exact: w.exact };
    }),
    total,
    totalCapped,
    more: totalCapped || total > wanted.length,
  };
}

/** An account by id, or by the number typed: TownCounter's, else the old one (account-ref.ts). */
function findAccountId(db: Db, ref: { accountId: number } | { number: string }): number {
  if ('accountId' in ref) return ref.accountId;
  return resolveAccountNumber(db, ref.number).id;
}

export interface OpenChargeRow {
  id: number;
  description: string;
  kind: string;
  service: Service | null;
  due_date: string;
  amount_cents: number;
  open_cents: number;
  bill_id: number | null;
}

export function openCharges(db: Db, accountId: number): OpenChargeRow[] {
  return db
    .prepare(
      `SELECT c.id, c.description, c.kind, c.service, c.due_date, c.amount_cents, c.bill_id,
              c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.charge_id = c.id), 0) AS open_cents
         FROM charges c WHERE c.account_id = ? ORDER BY c.due_date, c.id`,
    )
    .all(accountId)
    .filter((r) => (r as OpenChargeRow).open_cents > 0) as OpenChargeRow[];
}

export function getAccount(db: Db, ref: { accountId: number } | { number: string }, today: string): AccountDetail {
  const accountId = findAccountId(db, ref);
  const r = db.prepare(`${accountSelect(db)} WHERE a.id = ?`).get(accountId) as AccountRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No account with id ${accountId}.`);
  const summary = summarize(r, today, accountBalance(db, r.id), db);

  const customer = db.prepare('SELECT * FROM customers WHERE id = ?').get(r.customer_id) as {
    id: number; kind: 'person' | 'business'; display_name: string; phone: string | null; email: string | null;
    mail_street: string; mail_city: string; mail_state: string; mail_zip: string; tax_id_last4: string | null;
    tax_id_kind: 'ssn' | 'itin' | 'ein' | null;
  };
  const loc = db.prepare('SELECT * FROM service_locations WHERE id = ?').get(r.location_id) as {
    id: number; street: string; unit: string | null; city: string; state: string; zip: string;
    service_class: 'residential' | 'commercial'; water_meter: string | null; electric_meter: string | null;
  };
  const services = (db.prepare('SELECT service FROM account_services WHERE account_id = ?').all(accountId) as Array<{ service: Service }>).map((s) => s.service);

  const open = openCharges(db, accountId);
  const openTotal = open.reduce((s, c) => s + c.open_cents, 0);
  const credit = Math.max(0, openTotal - summary.balanceCents);
  // Credit on the account pays the oldest open charges first.
  let creditLeft = credit;
  const aging = { current: 0, days30: 0, days60: 0, days90: 0 };
  let pastDue = 0;
  let currentDue = 0;
  let nextDue: string | null = null;
  for (const c of open) {
    const applied = Math.min(creditLeft, c.open_cents);
    creditLeft -= applied;
    const owed = c.open_cents - applied;
    if (owed === 0) continue;
    const late = daysBetween(c.due_date, today);
    if (late > 0) {
      pastDue += owed;
      if (late > 90) aging.days90 += owed;
      else if (late > 60) aging.days60 += owed;
      else if (late > 30) aging.days30 += owed;
      else aging.current += owed;
    } else {
      currentDue += owed;
      aging.current += owed;
      if (nextDue === null || c.due_date < nextDue) nextDue = c.due_date;
    }
  }

  const billRows = db.prepare('SELECT * FROM bills WHERE account_id = ? ORDER BY bill_date DESC, id DESC LIMIT 24').all(accountId) as Array<{
    id: number; bill_date: string; due_date: string; period_from: string; period_to: string; water_gallons: number | null;
    electric_kwh: number | null; solid_waste_cents: number; sewer_cents: number; water_cents: number; electric_cents: number;
    stormwater_cents: number; fees_cents: number; total_cents: number; converted_paid_cents: number | null; converted_paid_on: string | null;
    entry_id: number | null;
  }>;
  const billOpen = db.prepare(
    `SELECT coalesce(sum(c.amount_cents), 0) AS amount,
            coalesce(sum(c.amount_cents), 0) - coalesce(sum((SELECT sum(a.amount_cents) FROM allocations a WHERE a.charge_id = c.id)), 0) AS open
       FROM charges c WHERE c.bill_id = ?`,
  );
  const bills = billRows.map((b) => {
    const lines: AccountDetail['bills'][number]['lines'] = [];
    for (const s of ['solid_waste', 'sewer', 'water', 'electric', 'stormwater'] as const) {
      const amt = b[`${s}_cents`];
      if (amt > 0) lines.push({ label: SERVICE_LABELS[s], service: s, amountCents: amt });
    }
    if (b.fees_cents > 0) lines.push({ label: 'Fees and penalties', service: null, amountCents: b.fees_cents });
    const converted = b.entry_id === null;
    const open = billOpen.get(b.id) as { open: number; amount: number };
    let paidCents: number;
    let openCents: number;
    let carriedForwardCents = 0;
    if (converted) {
      // What the previous system left unpaid became a balance_forward charge at conversion (linked
      // to this bill when the conversion could tell which bill it came from). Still owed is that
      // charge's open amount; paid is what the old system recorded plus what the ledger has
      // allocated to the forward charge since.
      const convertedPaid = b.converted_paid_cents ?? 0;
      const unpaidAtConversion = Math.max(0, b.total_cents - convertedPaid);
      if (open.amount > 0) {
        carriedForwardCents = open.amount;
        openCents = Math.max(0, open.open);
        paidCents = convertedPaid + (open.amount - openCents);
      } else {
        // Not linked to a forward charge of its own: the unpaid part is inside the account's
        // converted balance forward (carriedForwardCents says how much), not paid.
        carriedForwardCents = unpaidAtConversion;
        openCents = 0;
        paidCents = convertedPaid;
      }
    } else {
      openCents = Math.max(0, open.open);
      paidCents = b.total_cents - openCents;
    }
    return {
      id: b.id,
      billDate: b.bill_date,
      dueDate: b.due_date,
      periodFrom: b.period_from,
      periodTo: b.period_to,
      waterGallons: b.water_gallons,
      electricKwh: b.electric_kwh,
      totalCents: b.total_cents,
      lines,
      converted,
      paidCents,
      openCents,
      carriedForwardCents,
      carriedForwardLinked: converted && open.amount > 0,
    };
  });

  const payments = (
    db
      .prepare(
        `SELECT e.id AS entryId, e.business_date AS businessDate, e.posted_at AS postedAt, e.kind, e.memo,
                -sum(l.amount_cents) AS amountCents,
                (SELECT r.number FROM receipts r WHERE r.entry_id = coalesce(CASE WHEN e.kind IN ('void', 'returned_payment', 'transfer') THEN e.reverses_entry_id END, e.id)) AS receiptNumber
           FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
          WHERE l.account_id = ? AND l.gl_code = '${GL.receivables}' AND e.kind IN ('payment', 'void', 'returned_payment', 'adjustment', 'refund', 'write_off', 'transfer')
          GROUP BY e.id ORDER BY e.id DESC LIMIT 50`,
      )
      .all(accountId) as Array<{ entryId: number; businessDate: string; postedAt: string; kind: string; memo: string | null; amountCents: number; receiptNumber: string | null }>
  ).map((p) => ({ ...p, converted: false }));
  // Payments recorded by the previous system (converted history) are shown after the ledger's own.
  for (const b of billRows) {
    if (b.entry_id === null && b.converted_paid_cents && b.converted_paid_cents > 0) {
      const on = b.converted_paid_on ?? b.due_date;
      payments.push({ entryId: b.id, businessDate: on, postedAt: on, kind: 'converted', memo: 'Payment recorded by the previous billing system', amountCents: b.converted_paid_cents, receiptNumber: null, converted: true });
    }
  }

  const balanceForward = (db.prepare("SELECT coalesce(sum(amount_cents), 0) AS f FROM charges WHERE account_id = ? AND kind = 'balance_forward'").get(accountId) as { f: number }).f;
  const deposit = (db.prepare(`SELECT -coalesce(sum(amount_cents), 0) AS d FROM journal_lines WHERE account_id = ? AND gl_code = '${GL.customerDeposits}'`).get(accountId) as { d: number }).d;

  return {
    ...summary,
    customer: {
      id: customer.id,
      kind: customer.kind,
      displayName: customer.display_name,
      phone: customer.phone,
      email: customer.email,
      mailingAddress: `${customer.mail_street}, ${customer.mail_city} ${customer.mail_state} ${customer.mail_zip}`,
      taxIdMasked: maskTaxId(customer.tax_id_kind, customer.tax_id_last4),
    },
    location: {
      id: loc.id,
      address: `${formatAddress(loc.street, loc.unit)}, ${loc.city} ${loc.state} ${loc.zip}`,
      serviceClass: loc.service_class,
      waterMeter: loc.water_meter,
      electricMeter: loc.electric_meter,
    },
    services,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    pastDueCents: pastDue,
    currentDueCents: currentDue,
    nextDueDate: nextDue,
    creditCents: credit,
    depositCents: deposit,
    convertedBalanceForwardCents: balanceForward,
    aging,
    openCharges: open.map((c) => ({ id: c.id, description: c.description, kind: c.kind, service: c.service, dueDate: c.due_date, amountCents: c.amount_cents, openCents: c.open_cents })),
    bills,
    payments,
    notes: listNotes(db, accountId, today),
  };
}

const NOTE_COLUMNS = `n.id, n.at, u.display_name AS author, n.text, n.follow_up, n.resolved_at, n.due_on, n.owner_id, o.display_name AS owner_name`;
const NOTE_JOINS = `LEFT JOIN users u ON u.id = n.user_id LEFT JOIN users o ON o.id = n.owner_id`;

interface NoteRow {
  id: number;
  at: string;
  author: string | null;
  text: string;
  follow_up: number;
  resolved_at: string | null;
  due_on: string | null;
  owner_id: number | null;
  owner_name: string | null;
}

function toNote(n: NoteRow, today: string | null): Note {
  const open = n.follow_up === 1 && n.resolved_at === null;
  return {
    id: n.id,
    at: n.at,
    author: n.author,
    text: n.text,
    followUp: n.follow_up === 1,
    resolvedAt: n.resolved_at,
    dueOn: n.due_on,
    ownerId: n.owner_id,
    ownerName: n.owner_name,
    overdue: open && today !== null && n.due_on !== null && n.due_on < today,
  };
}

/** An account's notes, newest first; with `today`, open follow-ups past their due date are marked overdue. */
export function listNotes(db: Db, accountId: number, today: string | null = null): Note[] {
  return (db.prepare(`SELECT ${NOTE_COLUMNS} FROM account_notes n ${NOTE_JOINS} WHERE n.account_id = ? ORDER BY n.id DESC`).all(accountId) as NoteRow[]).map((n) => toNote(n, today));
}

/** Active users who may own a follow-up: those whose role can write notes. */
export function followUpOwners(db: Db): Array<{ id: number; displayName: string; username: string }> {
  const roles = ROLES.filter((r) => roleHas(r, 'accounts.write'));
  return db
    .prepare(`SELECT id, display_name AS displayName, username FROM users WHERE active = 1 AND role IN (SELECT value FROM json_each(?)) ORDER BY display_name, id`)
    .all(JSON.stringify(roles)) as Array<{ id: number; displayName: string; username: string }>;
}

function checkOwner(db: Db, ownerId: number): void {
  if (!followUpOwners(db).some((o) => o.id === ownerId)) throw new CoreError('BAD_INPUT', 'The owner of a follow-up must be an active user who can write notes.', { field: 'ownerId' });
}

function isCalendarDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

export interface NewNoteOptions {
  dueOn?: string | null;
  ownerId?: number | null;
  today?: string | null;
}

export function addNote(db: Db, accountId: number, userId: number, text: string, followUp: boolean, at: string, opts: NewNoteOptions = {}): Note {
  const exists = db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(accountId);
  if (!exists) throw new CoreError('NOT_FOUND', `No account with id ${accountId}.`);
  const dueOn = opts.dueOn ?? null;
  const ownerId = opts.ownerId ?? null;
  if (!followUp && (dueOn !== null || ownerId !== null)) throw new CoreError('BAD_INPUT', 'A due date or an owner is for a note flagged for follow-up.', { field: dueOn !== null ? 'dueOn' : 'ownerId' });
  if (dueOn !== null && !isCalendarDate(dueOn)) throw new CoreError('BAD_INPUT', `${dueOn} is not a date.`, { field: 'dueOn' });
  if (ownerId !== null) checkOwner(db, ownerId);
  const id = Number(
    db.prepare('INSERT INTO account_notes (account_id, at, user_id, text, follow_up, due_on, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(accountId, at, userId, text, followUp ? 1 : 0, dueOn, ownerId).lastInsertRowid,
  );
  return listNotes(db, accountId, opts.today ?? null).find((n) => n.id === id)!;
}

export function resolveNote(db: Db, noteId: number, userId: number, at: string, today: string | null = null): Note {
  const n = db.prepare('SELECT account_id, follow_up, resolved_at FROM account_notes WHERE id = ?').get(noteId) as { account_id: number; follow_up: number; resolved_at: string | null } | undefined;
  if (!n) throw new CoreError('NOT_FOUND', `No note ${noteId}.`);
  if (!n.follow_up) throw new CoreError('CONFLICT', 'That note is not flagged for follow-up.');
  if (n.resolved_at) throw new CoreError('CONFLICT', 'That follow-up is already resolved.');
  db.prepare('UPDATE account_notes SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(at, userId, noteId);
  return listNotes(db, n.account_id, today).find((x) => x.id === noteId)!;
}

export interface FollowUpFilter {
  ownerId?: number;
  unassigned?: boolean;
  overdueOnly?: boolean;
  limit: number;
}

/**
 * The clerks' worklist: open follow-ups across accounts. Overdue first (the longest overdue at
 * the top), then those due later by due date, then those without a due date, oldest first.
 */
export function listFollowUps(db: Db, filter: FollowUpFilter, today: string): { followUps: FollowUp[]; total: number; overdue: number } {
  if (filter.ownerId !== undefined && filter.unassigned) throw new CoreError('BAD_INPUT', 'Choose an owner or unassigned, not both.', { field: 'ownerId' });
  const where = ['n.follow_up = 1', 'n.resolved_at IS NULL'];
  const args: Array<string | number> = [];
  if (filter.ownerId !== undefined) {
    where.push('n.owner_id = ?');
    args.push(filter.ownerId);
  }
  if (filter.unassigned) where.push('n.owner_id IS NULL');
  const base = `FROM account_notes n ${NOTE_JOINS} JOIN accounts a ON a.id = n.account_id JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id WHERE ${where.join(' AND ')}`;
  const counts = db.prepare(`SELECT count(*) AS total, coalesce(sum(n.due_on IS NOT NULL AND n.due_on < ?), 0) AS overdue ${base}`).get(today, ...args) as { total: number; overdue: number };
  const overdueWhere = filter.overdueOnly ? ' AND n.due_on IS NOT NULL AND n.due_on < ?' : '';
  const rows = db
    .prepare(
      `SELECT ${NOTE_COLUMNS}, a.id AS account_id, a.number AS account_number, c.display_name AS account_name, l.street, l.unit, l.city
         ${base}${overdueWhere}
        ORDER BY n.due_on IS NULL, n.due_on, n.at, n.id LIMIT ?`,
    )
    .all(...args, ...(filter.overdueOnly ? [today] : []), filter.limit) as Array<NoteRow & { account_id: number; account_number: string; account_name: string; street: string; unit: string | null; city: string }>;
  return {
    total: filter.overdueOnly ? counts.overdue : counts.total,
    overdue: counts.overdue,
    followUps: rows.map((r) => ({
      ...toNote(r, today),
      accountId: r.account_id,
      accountNumber: r.account_number,
      accountName: r.account_name,
      serviceAddress: `${formatAddress(r.street, r.unit)}, ${r.city}`,
    })),
  };
}
