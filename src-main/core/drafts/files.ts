// NACHA files for bank drafts: the prenote run (zero-dollar 28/38 entries for new enrolments,
// live debits allowed from the third banking day after the prenote settles), the debit file of
// a draft date (27/37 for every live enrolment with a balance due), rebuilding a file byte for
// byte from the ledger (its bytes are never stored: they hold bank account numbers), and
// posting a settled file's drafts as payments (debit 1060 bank draft clearing, credit
// receivables, allocated like any payment; no receipt).
import crypto from 'node:crypto';
import type { DraftFile } from '../../../src-shared/ipc/export-schemas';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { addBankingDays, effectiveEntryDate, nextBankingDay } from '../../export/banking-days';
import { buildAchFile, type AchEntry, type AchFile } from '../../export/nacha';
import { accountBalance } from '../accounts/queries';
import { planPayment, postPaymentEntry } from '../counter/payments';
import { CoreError } from '../errors';
import { formatTownTime } from '../town-time';
import { GL } from '../ledger/gl';
import { enrolmentAad, type EnrolmentRow } from './enrolments';
import type { Keyring } from './keyring';
import type { DraftFileHeader } from './settings';

const MODIFIERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

interface FileRow {
  id: number;
  kind: 'prenote' | 'debit';
  draft_date: string;
  creation_date: string;
  creation_time: string;
  file_id_modifier: string;
  effective_date: string;
  header: string;
  entry_count: number;
  total_debit_cents: number;
  entry_hash: string;
  sha256: string;
  file_name: string;
  created_at: string;
  created_by_name: string | null;
  posted_at: string | null;
  posted_business_date: string | null;
  returned_count: number;
}

const FILE_SELECT = `SELECT f.*, u.display_name AS created_by_name,
    (SELECT count(*) FROM draft_returns r JOIN draft_items i ON i.id = r.item_id WHERE i.file_id = f.id) AS returned_count
  FROM draft_files f LEFT JOIN users u ON u.id = f.created_by`;

export function fileView(r: FileRow): DraftFile {
  return {
    id: r.id,
    kind: r.kind,
    draftDate: r.draft_date,
    creationDate: r.creation_date,
    effectiveDate: r.effective_date,
    fileIdModifier: r.file_id_modifier,
    fileName: r.file_name,
    entryCount: r.entry_count,
    totalDebitCents: r.total_debit_cents,
    sha256: r.sha256,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
    postedAt: r.posted_at,
    postedBusinessDate: r.posted_business_date,
    returnedCount: r.returned_count,
  };
}

export function getDraftFile(db: Db, id: number): DraftFile {
  const r = db.prepare(`${FILE_SELECT} WHERE f.id = ?`).get(id) as FileRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No NACHA file ${id}.`);
  return fileView(r);
}

export function listDraftFiles(db: Db, limit: number): DraftFile[] {
  return (db.prepare(`${FILE_SELECT} ORDER BY f.id DESC LIMIT ?`).all(limit) as FileRow[]).map(fileView);
}

export interface FileContext {
  userId: number;
  at: string;
  /** Today's local date and HHMM (the file's creation date and time). */
  today: string;
  hhmm: string;
}

export interface BuiltDraftFile {
  file: DraftFile;
  content: string;
}

interface Planned {
  enrolment: EnrolmentRow;
  code: '27' | '37' | '28' | '38';
  amountCents: number;
}

function descriptiveDate(effective: string): string {
  return `${MONTHS[Number(effective.slice(5, 7)) - 1]} ${effective.slice(2, 4)}`;
}

function achEntryOf(keyring: Keyring, e: Pick<EnrolmentRow, 'account_id' | 'account_number' | 'holder_name' | 'routing_number' | 'bank_account_enc'>, code: string, amountCents: number, traceNumber: string): AchEntry {
  return {
    transactionCode: code,
    routing: e.routing_number,
    accountNumber: keyring.decrypt(e.bank_account_enc, enrolmentAad(e.account_id)),
    amountCents,
    individualId: e.account_number,
    individualName: e.holder_name,
    traceNumber,
  };
}

function buildFrom(header: DraftFileHeader, f: { kind: 'prenote' | 'debit'; creationDate: string; creationTime: string; modifier: string; effectiveDate: string }, entries: AchEntry[]): AchFile {
  return buildAchFile({
    immediateDestination: header.immediateDestination,
    immediateOrigin: header.immediateOrigin,
    destinationName: header.destinationName,
    originName: header.originName,
    creationDate: f.creationDate,
    creationTime: f.creationTime,
    fileIdModifier: f.modifier,
    batches: [
      {
        // Prenotes for debits (28/38) and live debits (27/37) both sit in a debits-only batch.
        serviceClass: '225',
        companyName: header.companyName,
        companyId: header.companyId,
        entryDescription: header.entryDescription,
        descriptiveDate: descriptiveDate(f.effectiveDate),
        effectiveDate: f.effectiveDate,
        odfi8: header.odfiRouting.slice(0, 8),
        entries,
      },
    ],
  });
}

/** Inserts the file and its items, one transaction with the caller's status changes. */
function recordFile(db: Db, keyring: Keyring, header: DraftFileHeader, kind: 'prenote' | 'debit', draftDate: string, effectiveDate: string, planned: Planned[], ctx: FileContext): BuiltDraftFile {
  const used = new Set((db.prepare('SELECT file_id_modifier AS m FROM draft_files WHERE creation_date = ?').all(ctx.today) as Array<{ m: string }>).map((r) => r.m));
  const modifier = [...MODIFIERS].find((m) => !used.has(m));
  if (!modifier) throw new CoreError('CONFLICT', `Already ${MODIFIERS.length} NACHA files today; the file ID modifier has run out.`);
  // Trace numbers: ODFI + the item's id (unique in the ledger, so unique per file and per day).
  const firstId = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM draft_items').get() as { n: number }).n + 1;
  if (firstId + planned.length > 9_999_999) throw new CoreError('CONFLICT', 'The trace number sequence is exhausted.');
  const odfi8 = header.odfiRouting.slice(0, 8);
  const trace = (i: number) => `${odfi8}${String(firstId + i).padStart(7, '0')}`;
  const entries = planned.map((p, i) => achEntryOf(keyring, p.enrolment, p.code, p.amountCents, trace(i)));
  const built = buildFrom(header, { kind, creationDate: ctx.today, creationTime: ctx.hhmm, modifier, effectiveDate }, entries);
  const sha = crypto.createHash('sha256').update(built.text, 'ascii').digest('hex');
  const fileName = `TC-ACH-${ctx.today.replace(/-/g, '')}-${modifier}-${kind}.ach`;
  const fileId = Number(
    db
      .prepare(
        `INSERT INTO draft_files (kind, draft_date, creation_date, creation_time, file_id_modifier, effective_date, header, entry_count, total_debit_cents, entry_hash, sha256, file_name, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(kind, draftDate, ctx.today, ctx.hhmm, modifier, effectiveDate, JSON.stringify(header), built.entryCount, built.totalDebitCents, built.entryHash, sha, fileName, ctx.at, ctx.userId).lastInsertRowid,
  );
  const item = db.prepare('INSERT INTO draft_items (id, file_id, seq, enrolment_id, account_id, transaction_code, amount_cents, trace_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  planned.forEach((p, i) => item.run(firstId + i, fileId, i + 1, p.enrolment.id, p.enrolment.account_id, p.code, p.amountCents, trace(i)));
  return { file: getDraftFile(db, fileId), content: built.text };
}

const SELECT_LIVE = `SELECT e.*, a.number AS account_number, NULL AS enrolled_by_name, a.cash_only, a.status AS account_status
  FROM draft_enrolments e JOIN accounts a ON a.id = e.account_id`;

/** A prenote for every enrolment waiting for one. Inside the caller's transaction; null when none wait. */
export function runPrenotes(db: Db, keyring: Keyring, header: DraftFileHeader, ctx: FileContext): BuiltDraftFile | null {
  const waiting = db.prepare(`${SELECT_LIVE} WHERE e.status = 'pending_prenote' ORDER BY a.number, e.id`).all() as EnrolmentRow[];
  if (waiting.length === 0) return null;
  const effective = nextBankingDay(ctx.today);
  // Live debits may be originated from the third banking day after the prenote settles.
  const liveFrom = addBankingDays(effective, 3);
  const built = recordFile(
    db,
    keyring,
    header,
    'prenote',
    ctx.today,
    effective,
    waiting.map((e) => ({ enrolment: e, code: e.account_type === 'checking' ? '28' : '38', amountCents: 0 })),
    ctx,
  );
  const upd = db.prepare("UPDATE draft_enrolments SET status = 'prenote_sent', live_from = ? WHERE id = ?");
  for (const e of waiting) upd.run(liveFrom, e.id);
  return built;
}

/** The debit file for a draft date. Inside the caller's transaction; file null when nothing is due. */
export function createDebitFile(db: Db, keyring: Keyring, header: DraftFileHeader, draftDate: string, ctx: FileContext): { built: BuiltDraftFile | null; skipped: Array<{ accountNumber: string; reason: string }> } {
  const effective = effectiveEntryDate(ctx.today, draftDate);
  const rows = db.prepare(`${SELECT_LIVE} WHERE e.status IN ('prenote_sent', 'active') ORDER BY a.number, e.id`).all() as Array<EnrolmentRow & { cash_only: number; account_status: string }>;
  const pendingItem = db.prepare(
    `SELECT f.id FROM draft_items i JOIN draft_files f ON f.id = i.file_id
      WHERE i.enrolment_id = ? AND f.kind = 'debit' AND f.posted_at IS NULL AND NOT EXISTS (SELECT 1 FROM draft_returns r WHERE r.item_id = i.id) LIMIT 1`,
  );
  const skipped: Array<{ accountNumber: string; reason: string }> = [];
  const planned: Planned[] = [];
  for (const e of rows) {
    if (e.live_from === null || e.live_from > ctx.today) {
      skipped.push({ accountNumber: e.account_number, reason: `prenote waiting period: live drafts from ${e.live_from ?? 'after the prenote run'}` });
      continue;
    }
    if (e.cash_only) {
      skipped.push({ accountNumber: e.account_number, reason: 'the account is cash-only' });
      continue;
    }
    const pending = pendingItem.get(e.id) as { id: number } | undefined;
    if (pending) {
      skipped.push({ accountNumber: e.account_number, reason: `a draft in file ${pending.id} is not posted yet` });
      continue;
    }
    const balance = accountBalance(db, e.account_id);
    if (balance <= 0) continue;
    if (balance > 99_999_999) {
      skipped.push({ accountNumber: e.account_number, reason: 'the balance is too large for one ACH entry' });
      continue;
    }
    planned.push({ enrolment: e, code: e.account_type === 'checking' ? '27' : '37', amountCents: balance });
  }
  if (planned.length === 0) return { built: null, skipped };
  const built = recordFile(db, keyring, header, 'debit', draftDate, effective, planned, ctx);
  const activate = db.prepare("UPDATE draft_enrolments SET status = 'active' WHERE id = ? AND status = 'prenote_sent'");
  for (const p of planned) activate.run(p.enrolment.id);
  return { built, skipped };
}

/** The file's bytes again, from the ledger and the key; refuses if they no longer match. */
export function rebuildDraftFile(db: Db, keyring: Keyring, fileId: number): BuiltDraftFile {
  const f = db.prepare(`${FILE_SELECT} WHERE f.id = ?`).get(fileId) as FileRow | undefined;
  if (!f) throw new CoreError('NOT_FOUND', `No NACHA file ${fileId}.`);
  const items = db
    .prepare(
      `SELECT i.transaction_code, i.amount_cents, i.trace_number, e.account_id, a.number AS account_number, e.holder_name, e.routing_number, e.bank_account_enc
         FROM draft_items i JOIN draft_enrolments e ON e.id = i.enrolment_id JOIN accounts a ON a.id = e.account_id
        WHERE i.file_id = ? ORDER BY i.seq`,
    )
    .all(fileId) as Array<{ transaction_code: string; amount_cents: number; trace_number: string; account_id: number; account_number: string; holder_name: string; routing_number: string; bank_account_enc: Buffer }>;
  const entries = items.map((i) => achEntryOf(keyring, i, i.transaction_code, i.amount_cents, i.trace_number));
  const built = buildFrom(JSON.parse(f.header) as DraftFileHeader, { kind: f.kind, creationDate: f.creation_date, creationTime: f.creation_time, modifier: f.file_id_modifier, effectiveDate: f.effective_date }, entries);
  if (crypto.createHash('sha256').update(built.text, 'ascii').digest('hex') !== f.sha256) throw new CoreError('CONFLICT', `NACHA file ${fileId} no longer rebuilds to the bytes that were sent.`);
  return { file: fileView(f), content: built.text };
}

/**
 * Posts a settled debit file's drafts as payments on the business date, one entry per draft
 * (idempotent per item), skipping drafts already returned. Inside the caller's transaction.
 */
export function postDraftFile(db: Db, fileId: number, ctx: { userId: number; station: string; businessDate: string; postedAt: string; today: string; settings: SettingsValues }): { posted: number; totalCents: number; withheld: number } {
  const f = db.prepare('SELECT id, kind, effective_date, posted_at FROM draft_files WHERE id = ?').get(fileId) as { id: number; kind: string; effective_date: string; posted_at: string | null } | undefined;
  if (!f) throw new CoreError('NOT_FOUND', `No NACHA file ${fileId}.`);
  if (f.kind !== 'debit') throw new CoreError('BAD_INPUT', `File ${fileId} is a prenote file; prenotes move no money.`);
  if (f.posted_at) throw new CoreError('ALREADY_POSTED', `File ${fileId} was posted on ${formatTownTime(f.posted_at, ctx.settings.timeZone)}.`);
  if (ctx.today < f.effective_date) throw new CoreError('DAY_NOT_READY', `File ${fileId} settles on ${f.effective_date}; post it on or after that day.`);
  const items = db
    .prepare('SELECT i.id, i.account_id, i.amount_cents, i.trace_number, (SELECT 1 FROM draft_returns r WHERE r.item_id = i.id) AS returned FROM draft_items i WHERE i.file_id = ? ORDER BY i.seq')
    .all(fileId) as Array<{ id: number; account_id: number; amount_cents: number; trace_number: string; returned: number | null }>;
  const setEntry = db.prepare('UPDATE draft_items SET entry_id = ? WHERE id = ?');
  let posted = 0;
  let total = 0;
  let withheld = 0;
  for (const i of items) {
    if (i.returned) {
      withheld++;
      continue;
    }
    // The remittance tender only satisfies the plan's tender checks: the debit is GL 1060 and no
    // receipt is written. The allocation is the counter's (oldest due first, service order).
    const req = { lines: [{ type: 'account' as const, accountId: i.account_id, amountCents: i.amount_cents }], tenders: [{ kind: 'remittance' as const, amountCents: i.amount_cents, reference: i.trace_number }] };
    const plan = planPayment(db, req, ctx.settings);
    if (!plan.preview.canPost) throw new CoreError('CONFLICT', `Draft ${i.trace_number} cannot be posted: ${plan.problems.map((p) => p.message).join(' ')}`);
    const entryId = postPaymentEntry(db, plan, [{ glCode: GL.draftClearing, amountCents: i.amount_cents }], {
      businessDate: ctx.businessDate,
      postedAt: ctx.postedAt,
      userId: ctx.userId,
      station: ctx.station,
      memo: `Bank draft ${i.trace_number}`,
      idempotencyKey: `draft-item-${i.id}`,
    });
    setEntry.run(entryId, i.id);
    posted++;
    total += i.amount_cents;
  }
  db.prepare('UPDATE draft_files SET posted_at = ?, posted_by = ?, posted_business_date = ? WHERE id = ?').run(ctx.postedAt, ctx.userId, ctx.businessDate, fileId);
  return { posted, totalCents: total, withheld };
}
