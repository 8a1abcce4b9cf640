// NC Debt Setoff (G.S. 105A; shared/formats/NC-DEBT-SETOFF.md; docs/SETOFF.md): which accounts'
// delinquent balances may be submitted to the Clearinghouse, the notice letters, hearing
// requests, the submission file and the import of setoff proceeds.
//
// Definitions (docs/SETOFF.md says the same to the office):
// - The debt of an account on day D is the open amount of its charges due on or before
//   D − setoffDelinquentDays (only those have been delinquent long enough); its delinquent date is
//   the due date of the oldest open past-due charge. A charge is delinquent the day after its due
//   date, so days delinquent = D − due date.
// - Debts under setoffMinimumCents are refused, not combined (the Clearinghouse loads no new debt
//   under $50; combining several accounts of one SSN is left to the office).
// - The notice is the latest setoff notice mailed on the account; the hearing window runs
//   setoffHearingDays after the mail date (a request mailed on the last day is on time), so the
//   debt may go from the day after: mailedOn + setoffHearingDays + 1 (the compliance date), or the
//   day a requested hearing is decided for the town, whichever is later.
// - The amount sent is the current debt, capped at the largest amount a notice told the debtor.
// Plain functions on `db` that run inside the caller's transaction.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { issueLetter, longDate } from '../../documents/letters';
import { addDays, daysBetween } from '../deps';
import { CoreError } from '../errors';
import type { Keyring } from '../drafts/keyring';
import { taxIdAad } from '../service-desk/customers';
import { agedOpenAccountsInRange, forEachAccountChunk, pastDueInRange, type PastDueSummary } from './open-items';
import { writeNewFlushed } from '../secret-file';
import { postPaymentEntry, planPayment } from '../counter/payments';
import {
  alpha,
  depositTotal,
  expirationYm,
  formatSetoffRecord,
  formatSubmissionFile,
  MAX_CURRENCY_CENTS,
  parseReturnFile,
  ssnProblem,
} from './setoff-file';
import { formatCents } from '../../../src-shared/money';
import { describeFsError } from '../../export/atomic';

/** The Clearinghouse's collection assistance fee, added by the Clearinghouse (never part of the debt amount); printed on the notice. */
export const SETOFF_COLLECTION_FEE_CENTS = 1500;
/** GL debited by setoff proceeds (NC Capital Management Trust deposits): third-party remittances. */
export const SETOFF_GL = '1050';

export type SetoffCriterionKey = 'amount' | 'delinquent' | 'identity' | 'notice' | 'hearing';
export interface SetoffCriterion {
  key: SetoffCriterionKey;
  met: boolean;
  detail: string;
}

export interface SetoffNoticeRef {
  id: number;
  letterId: number;
  mailedOn: string;
  amountCents: number;
  /** The last day a hearing may be requested. */
  windowEnds: string;
}

export interface SetoffHearingRef {
  id: number;
  noticeId: number;
  receivedOn: string;
  note: string | null;
  decidedOn: string | null;
  outcome: 'town' | 'debtor' | null;
  decisionNote: string | null;
}

export interface SetoffStanding {
  accountId: number;
  accountNumber: string;
  name: string;
  status: string;
  asOf: string;
  debtCents: number;
  /** Open and past due (all of it, however recent). */
  pastDueCents: number;
  delinquentSince: string | null;
  daysDelinquent: number;
  criteria: SetoffCriterion[];
  /** Amount, age and identity met and no notice mailed yet: goes in the next notice batch. */
  noticeDue: boolean;
  /** Every criterion met: goes in the next submission file. */
  eligible: boolean;
  complianceDate: string | null;
  notice: SetoffNoticeRef | null;
  hearing: SetoffHearingRef | null;
  debt: { id: number; uniqueKey: string; complianceDate: string; expirationYm: string; lastSentCents: number | null; lastSentAt: string | null } | null;
}

interface BaseRow {
  id: number;
  number: string;
  status: string;
  customer_id: number;
  kind: 'person' | 'business';
  first_name: string | null;
  last_name: string | null;
  display_name: string;
  tax_id_kind: string | null;
  has_tax_id: number;
}

const BASE_SQL = `SELECT a.id, a.number, a.status, a.customer_id, c.kind, c.first_name, c.last_name, c.display_name, c.tax_id_kind,
                         (c.tax_id_enc IS NOT NULL) AS has_tax_id
                    FROM accounts a JOIN customers c ON c.id = a.customer_id`;

const m = (c: number) => formatCents(c, { symbol: true });

function latestNotice(db: Db, accountId: number, hearingDays: number): SetoffNoticeRef | null {
  const r = db.prepare('SELECT id, letter_id, mailed_on, amount_cents FROM setoff_notices WHERE account_id = ? ORDER BY mailed_on DESC, id DESC LIMIT 1').get(accountId) as
    | { id: number; letter_id: number; mailed_on: string; amount_cents: number }
    | undefined;
  return r ? { id: r.id, letterId: r.letter_id, mailedOn: r.mailed_on, amountCents: r.amount_cents, windowEnds: addDays(r.mailed_on, hearingDays) } : null;
}

function latestHearing(db: Db, noticeId: number): SetoffHearingRef | null {
  const r = db.prepare('SELECT id, notice_id, received_on, note, decided_on, outcome, decision_note FROM setoff_hearings WHERE notice_id = ? ORDER BY id DESC LIMIT 1').get(noticeId) as
    | { id: number; notice_id: number; received_on: string; note: string | null; decided_on: string | null; outcome: 'town' | 'debtor' | null; decision_note: string | null }
    | undefined;
  return r ? { id: r.id, noticeId: r.notice_id, receivedOn: r.received_on, note: r.note, decidedOn: r.decided_on, outcome: r.outcome, decisionNote: r.decision_note } : null;
}

function debtOf(db: Db, accountId: number): SetoffStanding['debt'] {
  const d = db.prepare('SELECT id, unique_key, compliance_date, expiration_ym FROM setoff_debts WHERE account_id = ?').get(accountId) as
    | { id: number; unique_key: string; compliance_date: string; expiration_ym: string }
    | undefined;
  if (!d) return null;
  const last = db
    .prepare('SELECT r.amount_cents, s.created_at FROM setoff_submission_records r JOIN setoff_submissions s ON s.id = r.submission_id WHERE r.debt_id = ? ORDER BY r.submission_id DESC LIMIT 1')
    .get(d.id) as { amount_cents: number; created_at: string } | undefined;
  return { id: d.id, uniqueKey: d.unique_key, complianceDate: d.compliance_date, expirationYm: d.expiration_ym, lastSentCents: last?.amount_cents ?? null, lastSentAt: last?.created_at ?? null };
}

/** The standing of one account from its base row and past-due summary (as of `today`; null: nothing past due). */
function standingFrom(db: Db, base: BaseRow, due: PastDueSummary | null, today: string, st: SettingsValues): SetoffStanding {
  const debtCents = due?.agedCents ?? 0;
  const pastDueCents = due?.pastDueCents ?? 0;
  const oldest = due?.oldestPastDue ?? null;
  const days = oldest ? daysBetween(oldest, today) : 0;
  const criteria: SetoffCriterion[] = [];
  criteria.push({
    key: 'amount',
    met: debtCents >= st.setoffMinimumCents,
    detail:
      debtCents >= st.setoffMinimumCents
        ? `${m(debtCents)} delinquent at least ${st.setoffDelinquentDays} days (minimum ${m(st.setoffMinimumCents)})`
        : `${m(debtCents)} delinquent at least ${st.setoffDelinquentDays} days, under the ${m(st.setoffMinimumCents)} minimum${pastDueCents > debtCents ? ` (${m(pastDueCents)} past due in all)` : ''}`,
  });
  criteria.push({
    key: 'delinquent',
    met: oldest !== null && days >= st.setoffDelinquentDays,
    detail: oldest === null ? 'nothing past due' : `delinquent since ${oldest}: ${days} days (at least ${st.setoffDelinquentDays})`,
  });
  const identityProblem =
    base.kind !== 'person'
      ? 'a business: setoff is for individuals only'
      : !base.has_tax_id || (base.tax_id_kind !== 'ssn' && base.tax_id_kind !== 'itin')
        ? base.tax_id_kind === 'ein' ? 'an EIN is on file: setoff needs an SSN or ITIN' : 'no SSN or ITIN on file'
        : !base.last_name?.trim() || !base.first_name?.trim()
          ? 'the customer needs a last name and at least a first initial'
          : null;
  criteria.push({ key: 'identity', met: identityProblem === null, detail: identityProblem ?? `${base.tax_id_kind === 'itin' ? 'ITIN' : 'SSN'} on file` });

  const notice = latestNotice(db, base.id, st.setoffHearingDays);
  const windowOver = notice !== null && today > notice.windowEnds;
  criteria.push({
    key: 'notice',
    met: windowOver,
    detail: notice === null ? 'no setoff notice mailed' : windowOver ? `notice mailed ${notice.mailedOn}; hearing window closed ${notice.windowEnds}` : `notice mailed ${notice.mailedOn}; hearing window open until ${notice.windowEnds}`,
  });
  const hearing = notice ? latestHearing(db, notice.id) : null;
  const hearingMet = hearing === null || hearing.outcome === 'town';
  criteria.push({
    key: 'hearing',
    met: hearingMet,
    detail:
      hearing === null
        ? 'no hearing requested'
        : hearing.outcome === null
          ? `hearing requested ${hearing.receivedOn}, not yet decided`
          : hearing.outcome === 'town'
            ? `hearing decided for the town on ${hearing.decidedOn}`
            : `hearing decided for the debtor on ${hearing.decidedOn}: not submitted`,
  });
  const [amount, delinquent, identity] = criteria as [SetoffCriterion, SetoffCriterion, SetoffCriterion];
  const basics = amount.met && delinquent.met && identity.met;
  const eligible = criteria.every((c) => c.met);
  const complianceDate = notice && windowOver && hearingMet ? maxDate(addDays(notice.windowEnds, 1), hearing?.decidedOn ?? null) : null;
  return {
    accountId: base.id,
    accountNumber: base.number,
    name: base.display_name,
    status: base.status,
    asOf: today,
    debtCents,
    pastDueCents,
    delinquentSince: oldest,
    daysDelinquent: days,
    criteria,
    noticeDue: basics && notice === null,
    eligible,
    complianceDate,
    notice,
    hearing,
    debt: debtOf(db, base.id),
  };
}

function maxDate(a: string, b: string | null): string {
  return b !== null && b > a ? b : a;
}

function baseRow(db: Db, accountId: number): BaseRow {
  const r = db.prepare(`${BASE_SQL} WHERE a.id = ?`).get(accountId) as BaseRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
  return r;
}

/** One account's setoff standing as of today, every criterion met or not. */
export function setoffStanding(db: Db, accountId: number, today: string, st: SettingsValues): SetoffStanding {
  const base = baseRow(db, accountId);
  return standingFrom(db, base, pastDueInRange(db, accountId, accountId + 1, today, addDays(today, -st.setoffDelinquentDays))[0] ?? null, today, st);
}

/**
 * Every account worth showing on the setoff screen: delinquent at least setoffDelinquentDays, or
 * with a setoff notice or debt on file. Walks the accounts in chunks, yielding between them.
 */
export async function setoffCandidates(db: Db, today: string, st: SettingsValues, onProgress?: (done: number, max: number) => void): Promise<SetoffStanding[]> {
  const out: SetoffStanding[] = [];
  const oldEnough = addDays(today, -st.setoffDelinquentDays);
  const withHistory = db.prepare('SELECT account_id AS id FROM setoff_notices WHERE account_id >= ? AND account_id < ? UNION SELECT account_id FROM setoff_debts WHERE account_id >= ? AND account_id < ?');
  const bases = db.prepare(`${BASE_SQL} WHERE a.id >= ? AND a.id < ?`);
  await forEachAccountChunk(db, { chunk: 2_000, onProgress }, (from, to) => {
    // Delinquent long enough (an old charge still open), or with a notice or debt on file; only
    // for those is every past-due charge summed.
    const wanted = new Set<number>(agedOpenAccountsInRange(db, from, to, today, oldEnough));
    for (const r of withHistory.all(from, to, from, to) as Array<{ id: number }>) wanted.add(r.id);
    if (wanted.size === 0) return;
    for (const b of bases.all(from, to) as BaseRow[]) {
      if (!wanted.has(b.id)) continue;
      const due: PastDueSummary | null = pastDueInRange(db, b.id, b.id + 1, today, oldEnough)[0] ?? null;
      out.push(standingFrom(db, b, due, today, st));
    }
  });
  return out;
}

// Notices ------------------------------------------------------------------------------------

export interface NoticeContext {
  at: string;
  userId: number | null;
}

/**
 * Issues a setoff notice letter (EN/ES by the customer's language) on each account and records
 * its mail date and amount. An account must meet amount, age and identity on `mailedOn`.
 */
/** Why an account can't get a setoff notice on a day (amount, age or identity unmet), or null. */
export function noticeProblem(db: Db, accountId: number, mailedOn: string, st: SettingsValues): string | null {
  const s = setoffStanding(db, accountId, mailedOn, st);
  const unmet = s.criteria.filter((c) => (c.key === 'amount' || c.key === 'delinquent' || c.key === 'identity') && !c.met);
  return unmet.length > 0 ? `Account ${s.accountNumber} can't get a setoff notice: ${unmet.map((c) => c.detail).join('; ')}.` : null;
}

export function issueSetoffNotices(
  db: Db,
  accountIds: readonly number[],
  mailedOn: string,
  st: SettingsValues,
  ctx: NoticeContext,
  opts: { skipUnfit?: boolean } = {},
): Array<{ accountId: number; noticeId: number; letterId: number; amountCents: number }> {
  const out: Array<{ accountId: number; noticeId: number; letterId: number; amountCents: number }> = [];
  for (const accountId of accountIds) {
    const s = setoffStanding(db, accountId, mailedOn, st);
    const unmet = s.criteria.filter((c) => (c.key === 'amount' || c.key === 'delinquent' || c.key === 'identity') && !c.met);
    if (unmet.length > 0 && opts.skipUnfit) continue;
    if (unmet.length > 0) throw new CoreError('CONFLICT', `Account ${s.accountNumber} can't get a setoff notice: ${unmet.map((c) => c.detail).join('; ')}.`, { accountId });
    const amountCents = Math.min(s.debtCents, MAX_CURRENCY_CENTS);
    const hearingDeadline = addDays(mailedOn, st.setoffHearingDays);
    const letter = issueLetter(db, {
      accountId,
      kind: 'setoff_notice',
      details: {
        mailedOn,
        hearingDeadline,
        hearingDays: st.setoffHearingDays,
        debts: [
          {
            type: 'Utilities',
            typeEs: 'Servicios públicos',
            description: `Utility charges past due since ${longDate(s.delinquentSince!, 'en')}`,
            descriptionEs: `Cargos de servicios públicos vencidos desde el ${longDate(s.delinquentSince!, 'es')}`,
            accountNumber: s.accountNumber,
            amountCents,
          },
        ],
        totalCents: amountCents,
        feeCents: SETOFF_COLLECTION_FEE_CENTS,
      },
      at: ctx.at,
      userId: ctx.userId,
    });
    db.prepare('UPDATE letters SET sent_at = ? WHERE id = ?').run(ctx.at, letter.letterId);
    const noticeId = Number(
      db.prepare('INSERT INTO setoff_notices (account_id, letter_id, mailed_on, amount_cents, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(accountId, letter.letterId, mailedOn, amountCents, ctx.at, ctx.userId).lastInsertRowid,
    );
    out.push({ accountId, noticeId, letterId: letter.letterId, amountCents });
  }
  return out;
}

// Hearings -----------------------------------------------------------------------------------

export function recordHearingRequest(db: Db, p: { accountId: number; receivedOn: string; note: string | null; at: string; userId: number | null }, st: SettingsValues): number {
  const notice = latestNotice(db, p.accountId, st.setoffHearingDays);
  if (!notice) throw new CoreError('CONFLICT', 'No setoff notice was mailed on this account: there is nothing to request a hearing on.');
  if (p.receivedOn < notice.mailedOn) throw new CoreError('BAD_INPUT', `The request can't be received before the notice was mailed (${notice.mailedOn}).`, { field: 'receivedOn' });
  const pending = db.prepare('SELECT id FROM setoff_hearings WHERE account_id = ? AND decided_on IS NULL').get(p.accountId) as { id: number } | undefined;
  if (pending) throw new CoreError('CONFLICT', `A hearing request (${pending.id}) is already waiting for its decision.`);
  return Number(
    db
      .prepare('INSERT INTO setoff_hearings (account_id, notice_id, received_on, note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(p.accountId, notice.id, p.receivedOn, p.note, p.at, p.userId).lastInsertRowid,
  );
}

export function decideHearing(db: Db, p: { hearingId: number; decidedOn: string; outcome: 'town' | 'debtor'; note: string | null; userId: number | null }): { accountId: number } {
  const h = db.prepare('SELECT id, account_id, received_on, decided_on FROM setoff_hearings WHERE id = ?').get(p.hearingId) as { id: number; account_id: number; received_on: string; decided_on: string | null } | undefined;
  if (!h) throw new CoreError('NOT_FOUND', `No hearing request ${p.hearingId}.`);
  if (h.decided_on) throw new CoreError('CONFLICT', `Hearing request ${p.hearingId} was decided on ${h.decided_on}.`);
  if (p.decidedOn < h.received_on) throw new CoreError('BAD_INPUT', `A decision can't come before the request was received (${h.received_on}).`, { field: 'decidedOn' });
  db.prepare('UPDATE setoff_hearings SET decided_on = ?, outcome = ?, decision_note = ?, decided_by = ? WHERE id = ?').run(p.decidedOn, p.outcome, p.note, p.userId, p.hearingId);
  return { accountId: h.account_id };
}

// The submission file ------------------------------------------------------------------------

export type SubmitReason = 'balance' | 'paid' | 'withdrawn' | 'expired';

export interface PlannedRecord {
  standing: SetoffStanding;
  amountCents: number;
  reason: SubmitReason;
}

/** What the next file carries: new eligible debts, and known debts whose amount changed. */
export function planSubmission(db: Db, candidates: readonly SetoffStanding[], today: string): PlannedRecord[] {
  const out: PlannedRecord[] = [];
  const thisMonth = `${today.slice(0, 4)}${today.slice(5, 7)}`;
  const noticeMax = db.prepare('SELECT coalesce(max(amount_cents), 0) AS a FROM setoff_notices WHERE account_id = ?');
  for (const s of candidates) {
    const cap = Math.min(MAX_CURRENCY_CENTS, (noticeMax.get(s.accountId) as { a: number }).a);
    if (!s.debt) {
      if (s.eligible) out.push({ standing: s, amountCents: Math.min(s.debtCents, cap), reason: 'balance' });
      continue;
    }
    let amountCents: number;
    let reason: SubmitReason;
    const hearingBlocks = s.hearing !== null && s.hearing.outcome !== 'town';
    if (thisMonth > s.debt.expirationYm) [amountCents, reason] = [0, 'expired'];
    else if (hearingBlocks) [amountCents, reason] = [0, 'withdrawn'];
    else {
      amountCents = Math.min(s.debtCents, cap);
      reason = amountCents === 0 ? 'paid' : 'balance';
    }
    if (amountCents !== (s.debt.lastSentCents ?? -1)) out.push({ standing: s, amountCents, reason });
  }
  return out;
}

export interface SubmissionResult {
  submissionId: number;
  fileName: string;
  writtenTo: string;
  recordCount: number;
  totalCents: number;
  sha256: string;
  records: Array<{ accountId: number; accountNumber: string; uniqueKey: string; amountCents: number; reason: SubmitReason }>;
  rejected: Array<{ accountId: number; accountNumber: string; reason: string }>;
}

interface PersonRow {
  customer_id: number;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  mail_street: string;
  mail_city: string;
  mail_state: string;
  mail_zip: string;
  tax_id_kind: string | null;
  tax_id_enc: Buffer | null;
}

/** Writes bytes to folder/name through a temporary file, fsync and rename (nothing half-written is ever seen under the name). */
export function writeFileAtomicSync(folder: string, name: string, bytes: Buffer): string {
  const st = fs.statSync(folder, { throwIfNoEntry: false });
  if (!st || !st.isDirectory()) throw new CoreError('EXPORT_TARGET_UNAVAILABLE', `The folder ${folder} does not exist or is not a folder.`);
  const final = path.join(folder, name);
  if (fs.existsSync(final)) throw new CoreError('CONFLICT', `${final} already exists.`);
  const tmp = path.join(folder, `.${name}.${process.pid}.tmp`);
  try {
    writeNewFlushed(tmp, bytes);
    fs.renameSync(tmp, final);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new CoreError('EXPORT_TARGET_UNAVAILABLE', describeFsError(err, folder).replace('The export folder', 'The folder'));
  }
  return final;
}

/**
 * Builds the submission file from the planned records (decrypting each SSN here only), logs it
 * with its records, creates the debts sent for the first time (unique key and compliance date,
 * kept for life) and writes the file into `folder`. Runs inside the caller's transaction: a file
 * that can't be written rolls the log back.
 */
export function buildSubmission(db: Db, keyring: Keyring, planned: readonly PlannedRecord[], folder: string, st: SettingsValues, ctx: { today: string; at: string; userId: number | null }): SubmissionResult {
  if (!db.inTransaction) throw new CoreError('INTERNAL', 'buildSubmission must run inside a transaction');
  if (planned.length === 0) throw new CoreError('CONFLICT', 'Nothing to send: no new eligible debt and no change to a debt already sent.');
  const person = db.prepare(
    'SELECT c.id AS customer_id, c.first_name, c.middle_name, c.last_name, c.mail_street, c.mail_city, c.mail_state, c.mail_zip, c.tax_id_kind, c.tax_id_enc FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?',
  );
  const lines: string[] = [];
  const records: SubmissionResult['records'] = [];
  const rejected: SubmissionResult['rejected'] = [];
  const toLog: Array<{ debtId: number; amountCents: number; reason: SubmitReason }> = [];
  let total = 0;
  for (const p of planned) {
    const s = p.standing;
    const c = person.get(s.accountId) as PersonRow;
    if (!c.tax_id_enc || (c.tax_id_kind !== 'ssn' && c.tax_id_kind !== 'itin')) {
      rejected.push({ accountId: s.accountId, accountNumber: s.accountNumber, reason: 'no SSN or ITIN on file' });
      continue;
    }
    const ssn = keyring.decrypt(c.tax_id_enc, taxIdAad(c.customer_id));
    const problem = ssnProblem(ssn) ?? (alpha(c.first_name ?? '') === '' || alpha(c.last_name ?? '') === '' ? 'the customer needs a last name and at least a first initial' : null);
    if (problem) {
      rejected.push({ accountId: s.accountId, accountNumber: s.accountNumber, reason: problem });
      continue;
    }
    let debt = s.debt;
    if (!debt) {
      const compliance = s.complianceDate ?? ctx.today;
      const id = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM setoff_debts').get() as { n: number }).n;
      const key = String(id).padStart(8, '0');
      const exp = expirationYm(compliance, st.setoffExpirationYears);
      db.prepare('INSERT INTO setoff_debts (id, account_id, unique_key, created_at, compliance_date, expiration_ym) VALUES (?, ?, ?, ?, ?, ?)').run(id, s.accountId, key, ctx.at, compliance, exp);
      debt = { id, uniqueKey: key, complianceDate: compliance, expirationYm: exp, lastSentCents: null, lastSentAt: null };
    }
    lines.push(
      formatSetoffRecord({
        ssn,
        firstName: c.first_name ?? '',
        middleName: c.middle_name,
        lastName: c.last_name ?? '',
        street: c.mail_street,
        city: c.mail_city,
        state: c.mail_state,
        zip: c.mail_zip,
        amountCents: p.amountCents,
        agencyCode: st.setoffAgencyCode,
        expirationYm: debt.expirationYm,
        complianceDate: debt.complianceDate,
        accountNumber: s.accountNumber,
        uniqueKey: debt.uniqueKey,
        accountCode: st.setoffAccountCode,
      }),
    );
    total += p.amountCents;
    toLog.push({ debtId: debt.id, amountCents: p.amountCents, reason: p.reason });
    records.push({ accountId: s.accountId, accountNumber: s.accountNumber, uniqueKey: debt.uniqueKey, amountCents: p.amountCents, reason: p.reason });
  }
  if (lines.length === 0) throw new CoreError('CONFLICT', `Nothing could be sent: ${rejected.map((r) => `${r.accountNumber}: ${r.reason}`).join('; ')}.`, { rejected });
  const content = formatSubmissionFile(lines, { totalCents: total, agencyCode: st.setoffAgencyCode, fileDate: ctx.today });
  const bytes = Buffer.from(content, 'ascii');
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const submissionId = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM setoff_submissions').get() as { n: number }).n;
  const fileName = `SETOFF-${st.setoffAgencyCode}-${ctx.today.replace(/-/g, '')}-${String(submissionId).padStart(4, '0')}.txt`;
  db.prepare('INSERT INTO setoff_submissions (id, created_at, created_by, file_name, record_count, total_cents, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)').run(submissionId, ctx.at, ctx.userId, fileName, lines.length, total, sha256);
  const rec = db.prepare('INSERT INTO setoff_submission_records (submission_id, seq, debt_id, amount_cents, reason) VALUES (?, ?, ?, ?, ?)');
  toLog.forEach((r, i) => rec.run(submissionId, i + 1, r.debtId, r.amountCents, r.reason));
  const writtenTo = writeFileAtomicSync(folder, fileName, bytes);
  return { submissionId, fileName, writtenTo, recordCount: lines.length, totalCents: total, sha256, records, rejected };
}

// Proceeds -----------------------------------------------------------------------------------

export interface ImportResult {
  importId: number;
  fileName: string;
  records: number;
  setoffCents: number;
  depositCents: number;
  posted: number;
  postedCents: number;
  rejected: Array<{ lineNo: number; uniqueKey: string; amountCents: number; reason: string }>;
}

/**
 * Imports a proceeds file: refuses it whole when a record is the wrong length or the setoff
 * amounts don't add up to the Cash Management deposit; otherwise posts each matched record as a
 * third-party payment on its account (GL 1050, allocated like a counter payment) and lists the
 * rest. A file is imported once (by its SHA-256). Inside the caller's transaction.
 */
export function importProceeds(db: Db, p: { fileName: string; content: string }, st: SettingsValues, ctx: { at: string; userId: number; station: string; businessDate: string }): ImportResult {
  const sha = crypto.createHash('sha256').update(p.content, 'utf8').digest('hex');
  const seen = db.prepare('SELECT id, imported_at FROM setoff_imports WHERE sha256 = ?').get(sha) as { id: number; imported_at: string } | undefined;
  if (seen) throw new CoreError('ALREADY_POSTED', `This setoff file was imported already (import ${seen.id}).`, { importId: seen.id });
  const parsed = parseReturnFile(p.content);
  if (parsed.problems.length > 0)
    throw new CoreError('BAD_INPUT', `The setoff file was not imported: ${parsed.problems.slice(0, 5).map((x) => `line ${x.lineNo}: ${x.problem}`).join('; ')}${parsed.problems.length > 5 ? ` and ${parsed.problems.length - 5} more` : ''}.`, { field: 'content', problems: parsed.problems });
  if (parsed.records.length === 0) throw new CoreError('BAD_INPUT', 'The setoff file holds no records.', { field: 'content' });
  const setoffCents = parsed.records.reduce((a, r) => a + r.setoffCents, 0);
  const dep = depositTotal(parsed.records);
  if (dep.problem) throw new CoreError('CONFLICT', `${dep.problem} Nothing was posted.`);
  if (dep.totalCents !== setoffCents)
    throw new CoreError('CONFLICT', `The setoff amounts (${m(setoffCents)}) do not reconcile to the Cash Management deposit (${m(dep.totalCents)}). Nothing was posted.`, { setoffCents, depositCents: dep.totalCents });

  const debtByKey = db.prepare(
    'SELECT d.account_id, a.number, c.tax_id_last4, c.tax_id_kind, c.last_name FROM setoff_debts d JOIN accounts a ON a.id = d.account_id JOIN customers c ON c.id = a.customer_id WHERE d.unique_key = ?',
  );
  const importId = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS n FROM setoff_imports').get() as { n: number }).n;
  const items: Array<{ lineNo: number; key: string; accountId: number | null; amount: number; matchDate: string | null; entryId: number | null; rejected: string | null }> = [];
  const rejected: ImportResult['rejected'] = [];
  let posted = 0;
  let postedCents = 0;
  for (const r of parsed.records) {
    const d = debtByKey.get(r.uniqueKey) as { account_id: number; number: string; tax_id_last4: string | null; tax_id_kind: string | null; last_name: string | null } | undefined;
    let why: string | null = null;
    if (!d) why = `no debt with unique key ${r.uniqueKey || '(blank)'} was sent from this town`;
    else if (d.tax_id_last4 !== r.ssn.slice(-4)) why = `the SSN does not match account ${d.number}'s customer`;
    else if (alpha(d.last_name ?? '').slice(0, 4) !== alpha(r.lastName).slice(0, 4)) why = `the last name does not match account ${d.number}'s customer`;
    else if (r.setoffCents <= 0) why = 'no setoff amount';
    if (why || !d) {
      rejected.push({ lineNo: r.lineNo, uniqueKey: r.uniqueKey, amountCents: r.setoffCents, reason: why! });
      items.push({ lineNo: r.lineNo, key: r.uniqueKey, accountId: d?.account_id ?? null, amount: r.setoffCents, matchDate: r.matchDate, entryId: null, rejected: why });
      continue;
    }
    const reference = `SETOFF ${r.uniqueKey}`;
    const req = { lines: [{ type: 'account' as const, accountId: d.account_id, amountCents: r.setoffCents }], tenders: [{ kind: 'remittance' as const, amountCents: r.setoffCents, reference, payer: 'NC Debt Setoff' }] };
    const plan = planPayment(db, req, st);
    if (!plan.preview.canPost) {
      const reason = plan.problems.map((x) => x.message).join(' ').slice(0, 300);
      rejected.push({ lineNo: r.lineNo, uniqueKey: r.uniqueKey, amountCents: r.setoffCents, reason });
      items.push({ lineNo: r.lineNo, key: r.uniqueKey, accountId: d.account_id, amount: r.setoffCents, matchDate: r.matchDate, entryId: null, rejected: reason });
      continue;
    }
    const entryId = postPaymentEntry(db, plan, [{ glCode: SETOFF_GL, amountCents: r.setoffCents, memo: reference }], {
      businessDate: ctx.businessDate,
      postedAt: ctx.at,
      userId: ctx.userId,
      station: ctx.station,
      memo: `NC Debt Setoff ${r.uniqueKey}${r.matchDate ? ` matched ${r.matchDate}` : ''} (${p.fileName})`.slice(0, 200),
      idempotencyKey: `setoff-${sha.slice(0, 24)}-${r.lineNo}`,
    });
    posted++;
    postedCents += r.setoffCents;
    items.push({ lineNo: r.lineNo, key: r.uniqueKey, accountId: d.account_id, amount: r.setoffCents, matchDate: r.matchDate, entryId, rejected: null });
  }
  db.prepare(
    'INSERT INTO setoff_imports (id, sha256, file_name, imported_at, imported_by, business_date, record_count, setoff_cents, deposit_cents, posted_count, posted_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(importId, sha, p.fileName, ctx.at, ctx.userId, ctx.businessDate, parsed.records.length, setoffCents, dep.totalCents, posted, postedCents);
  const ins = db.prepare('INSERT INTO setoff_import_items (import_id, line_no, unique_key, account_id, amount_cents, match_date, entry_id, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const i of items) ins.run(importId, i.lineNo, i.key, i.accountId, i.amount, i.matchDate, i.entryId, i.rejected);
  return { importId, fileName: p.fileName, records: parsed.records.length, setoffCents, depositCents: dep.totalCents, posted, postedCents, rejected };
}
