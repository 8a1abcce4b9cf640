// Cut-off notices (issue 15, part C item 1): one letter per account on a ready cut-off list,
// recorded on the account (letters row kind cutoff_notice, through documents/letters.ts, so
// letters.pdf reprints it identically) and printed as one batch.
//
// - Issuing walks the list's on-list entries in short transactions (NOTICE_CHUNK accounts each;
//   the counter is served between them). An account already noticed for the list is skipped, so
//   issuing again continues an interrupted batch and never notices an account twice for a list.
//   The progress is in the ledger (letters issued for the list), not in memory.
// - Refused when the cut-off date is less than cutoffNoticeDays after the mail date.
// - The batch PDF is streamed page by page (streamLettersPdf): NOTICES_PER_PDF_PART notices per
//   document, each read from the ledger as it is drawn, so memory stays bounded however long
//   the list is.
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { getLetterRow, issueLetter, streamLettersPdf, type LetterRow, type Town } from '../../documents/letters';
import { addDays, daysBetween } from '../deps';
import { CoreError } from '../errors';
import { getCutoffList } from './cutoff';

/** Accounts noticed per transaction (well under the 250 ms write-lock budget). */
export const NOTICE_CHUNK = 100;
/** Notices per PDF document (one page each). */
export const NOTICES_PER_PDF_PART = 500;

type NoticeSettings = Pick<SettingsValues, 'cutoffNoticeDays' | 'reconnectFeeCents' | 'townHolidays' | 'townOfficeHours' | 'townOfficeHoursEs'>;

/** Why notices for a cut-off date can't be mailed on a date, or null. */
export function noticeDateProblem(cutoffDate: string, mailedOn: string, s: Pick<SettingsValues, 'cutoffNoticeDays'>): string | null {
  const days = daysBetween(mailedOn, cutoffDate);
  if (days < s.cutoffNoticeDays)
    return `the cut-off date ${cutoffDate} is ${days < 0 ? 'before' : `only ${days} day${days === 1 ? '' : 's'} after`} the mail date ${mailedOn}; notices must be mailed at least ${s.cutoffNoticeDays} days before the cut-off`;
  return null;
}

/** The last business day before the cut-off date (no weekend, no town holiday): the day to contest the bill by. */
export function contestByDate(cutoffDate: string, s: Pick<SettingsValues, 'townHolidays'>): string {
  const holidays = new Set(s.townHolidays.map((h) => h.date));
  let d = addDays(cutoffDate, -1);
  for (;;) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6 && !holidays.has(d)) return d;
    d = addDays(d, -1);
  }
}

const ON_LIST_WITHOUT_NOTICE = `SELECT e.account_id AS accountId, e.past_due_cents AS pastDueCents, e.oldest_due_date AS oldestDueDate
  FROM cutoff_list_entries e
 WHERE e.list_id = ? AND e.on_list = 1 AND e.account_id > ?
   AND NOT EXISTS (SELECT 1 FROM letters l WHERE l.account_id = e.account_id AND l.kind = 'cutoff_notice' AND json_extract(l.details, '$.listId') = e.list_id)
 ORDER BY e.account_id LIMIT ?`;

const NOTICES_OF_LIST = `SELECT l.id FROM cutoff_list_entries e
  JOIN letters l ON l.account_id = e.account_id AND l.kind = 'cutoff_notice' AND json_extract(l.details, '$.listId') = e.list_id
  JOIN accounts a ON a.id = e.account_id
 WHERE e.list_id = ? AND e.on_list = 1 ORDER BY a.number, l.id`;

export interface NoticeProgress {
  issued: number;
  total: number;
}

export interface NoticeBatchStatus {
  listId: number;
  cutoffDate: string;
  onListCount: number;
  issued: number;
  /** The mail dates of the notices issued for the list (usually one). */
  mailedOn: string[];
  parts: number;
  perPart: number;
}

export function noticeBatchStatus(db: Db, listId: number): NoticeBatchStatus {
  const list = getCutoffList(db, listId);
  const rows = db
    .prepare(
      `SELECT json_extract(l.details, '$.mailedOn') AS mailedOn, count(*) AS n FROM cutoff_list_entries e
         JOIN letters l ON l.account_id = e.account_id AND l.kind = 'cutoff_notice' AND json_extract(l.details, '$.listId') = e.list_id
        WHERE e.list_id = ? AND e.on_list = 1 GROUP BY 1 ORDER BY 1`,
    )
    .all(listId) as Array<{ mailedOn: string; n: number }>;
  const issued = rows.reduce((a, r) => a + r.n, 0);
  return { listId, cutoffDate: list.cutoffDate, onListCount: list.onListCount, issued, mailedOn: rows.map((r) => r.mailedOn), parts: Math.max(1, Math.ceil(issued / NOTICES_PER_PDF_PART)), perPart: NOTICES_PER_PDF_PART };
}

export interface IssueNoticesInput {
  listId: number;
  mailedOn: string;
  today: string;
  settings: NoticeSettings;
  at: string;
  userId: number | null;
  /** Called inside each chunk's transaction (the caller's audit row commits with the letters). */
  onChunk?: (letterIds: number[]) => void;
  onProgress?: (p: NoticeProgress) => void;
  chunk?: number;
}

/** Issues the missing notices of a ready list; resolves with how many were issued now and the list's total. */
export async function issueCutoffNotices(db: Db, o: IssueNoticesInput): Promise<{ issued: number; total: number }> {
  const list = getCutoffList(db, o.listId);
  if (list.status !== 'ready') throw new CoreError('CONFLICT', `Cut-off list ${o.listId} is ${list.status}; notices are printed from a ready list.`);
  if (o.mailedOn < o.today) throw new CoreError('BAD_INPUT', `Notices can't be mailed in the past (today is ${o.today}).`, { field: 'mailedOn' });
  if (o.mailedOn > addDays(o.today, 14)) throw new CoreError('BAD_INPUT', 'The mail date may be at most 14 days ahead.', { field: 'mailedOn' });
  const problem = noticeDateProblem(list.cutoffDate, o.mailedOn, o.settings);
  if (problem) throw new CoreError('BAD_INPUT', `No notices: ${problem}.`, { field: 'mailedOn' });
  const total = list.onListCount;
  const contestBy = contestByDate(list.cutoffDate, o.settings);
  const officeHours = { en: o.settings.townOfficeHours, es: o.settings.townOfficeHoursEs };
  const chunk = o.chunk ?? NOTICE_CHUNK;
  const next = db.prepare(ON_LIST_WITHOUT_NOTICE);
  let issued = 0;
  let after = 0;
  let done = noticeBatchStatus(db, o.listId).issued;
  o.onProgress?.({ issued: done, total });
  for (;;) {
    const ids = db.transaction(() => {
      const rows = next.all(o.listId, after, chunk) as Array<{ accountId: number; pastDueCents: number; oldestDueDate: string | null }>;
      const letterIds = rows.map(
        (r) =>
          issueLetter(db, {
            accountId: r.accountId,
            kind: 'cutoff_notice',
            details: { listId: o.listId, cutoffDate: list.cutoffDate, mailedOn: o.mailedOn, pastDueCents: r.pastDueCents, oldestDueDate: r.oldestDueDate, reconnectFeeCents: o.settings.reconnectFeeCents, contestBy, officeHours },
            at: o.at,
            userId: o.userId,
          }).letterId,
      );
      if (rows.length > 0) after = rows[rows.length - 1]!.accountId;
      if (letterIds.length > 0) o.onChunk?.(letterIds);
      return letterIds;
    })();
    if (ids.length === 0) break;
    issued += ids.length;
    done += ids.length;
    o.onProgress?.({ issued: done, total });
    await new Promise<void>((r) => setImmediate(r));
  }
  return { issued, total };
}

/** The letter ids of a list's notices, in account-number order (the batch's order). */
export function noticeLetterIds(db: Db, listId: number): number[] {
  return (db.prepare(NOTICES_OF_LIST).pluck().all(listId) as number[]);
}

/**
 * Streams one part of a list's notices batch (or every notice, part undefined) to `out`, reading
 * each letter from the ledger as it is drawn. Resolves with the pages and letters written.
 */
export async function streamNoticesPdf(
  db: Db,
  listId: number,
  town: Town,
  out: NodeJS.WritableStream,
  opts: { part?: number; onLetter?: (done: number, total: number) => void } = {},
): Promise<{ pages: number; letters: number; parts: number }> {
  const list = getCutoffList(db, listId);
  const all = noticeLetterIds(db, listId);
  if (all.length === 0) throw new CoreError('NOT_FOUND', `No cut-off notices have been issued for list ${listId}.`);
  const parts = Math.ceil(all.length / NOTICES_PER_PDF_PART);
  const part = opts.part;
  if (part !== undefined && part > parts) throw new CoreError('BAD_INPUT', `List ${listId}'s notices have ${parts} part${parts === 1 ? '' : 's'}.`, { field: 'part' });
  const ids = part === undefined ? all : all.slice((part - 1) * NOTICES_PER_PDF_PART, part * NOTICES_PER_PDF_PART);
  function* rows(): Generator<LetterRow> {
    for (const id of ids) yield getLetterRow(db, id);
  }
  const title = `Cut-off notices, cut-off ${list.cutoffDate}${part !== undefined && parts > 1 ? `, part ${part} of ${parts}` : ''}`;
  const r = await streamLettersPdf(rows(), town, out, { title, onLetter: (n) => opts.onLetter?.(n, ids.length) });
  return { ...r, parts };
}
