// The cut-off list (DOMAIN.md "Collections"): the calendar of days a cut-off may happen, one
// account's standing for a cut-off date, and the generator that writes a list for a date in
// short resumable chunks.
//
// Standing, rules in order (the first that applies is the entry's one reason):
//   nothing past due on the cut-off date                   -> no entry (nothing_past_due)
//   nothing yet cutoffDaysAfterDue days past due           -> left off (not_due_long_enough)
//   that amount below cutoffMinimumCents                   -> left off (below_minimum)
//   Medical Alert until a date on or after the cut-off     -> left off (medical_alert)
//   an arrangement or extension being kept                 -> left off (arrangement)
//   a pending adjustment, or a dispute logged on a call    -> left off (dispute)
//   a promise to pay (courtesy call) not yet passed        -> left off (promise)
//   already disconnected, or a disconnect order open       -> left off (disconnected)
//   not active (pending, final billed, closed)             -> left off (no_service)
//   the winter rule (on, in its window, certified)         -> left off (winter)
//   otherwise on the list (past_due), or back on it after a broken promise (broken_promise).
//
// Money is what is open today (payments up to today count) on charges due before the cut-off
// date; the amount that puts an account on the list is what is at least cutoffDaysAfterDue days
// past due on the cut-off date.
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { CutoffListView, CutoffReasonCode, CutoffStanding } from '../../../src-shared/ipc/cutoff-schemas';
import { formatCents } from '../../../src-shared/money';
import type { Db } from '../../db/open-ledger';
import { addDays, daysBetween } from '../deps';
import { CoreError } from '../errors';
import { pendingAdjustmentCents } from '../service-desk/adjustments';
import { arrangementStanding } from '../service-desk/arrangements';
import { forEachAccountChunk, openItemsInRange, type OpenItem } from './open-items';

// Calendar ----------------------------------------------------------------------------------

type CalendarSettings = Pick<SettingsValues, 'townHolidays'>;
type WinterSettings = Pick<SettingsValues, 'winterRuleEnabled' | 'winterRuleFrom' | 'winterRuleTo'>;
export type CutoffSettings = CalendarSettings & WinterSettings & Pick<SettingsValues, 'cutoffMinimumCents' | 'cutoffDaysAfterDue'>;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const holidayMaps = new WeakMap<readonly unknown[], Map<string, string>>();
function holidays(s: CalendarSettings): Map<string, string> {
  let m = holidayMaps.get(s.townHolidays);
  if (!m) {
    m = new Map(s.townHolidays.map((h) => [h.date, h.name]));
    holidayMaps.set(s.townHolidays, m);
  }
  return m;
}

/** Why no cut-off can happen on date (a town holiday, a weekend, a Friday, the day before a holiday), or null. */
export function cutoffDateProblem(date: string, s: CalendarSettings): string | null {
  const h = holidays(s);
  const name = h.get(date);
  if (name) return `${date} is a town holiday (${name})`;
  const wd = weekday(date);
  if (wd === 0 || wd === 6) return `${date} is a ${WEEKDAYS[wd]}`;
  if (wd === 5) return `${date} is a Friday`;
  const next = h.get(addDays(date, 1));
  if (next) return `${date} is the day before ${next}`;
  return null;
}

/** The first date on or after `from` a cut-off can happen. */
export function nextCutoffDate(from: string, s: CalendarSettings): string {
  let d = from;
  for (let i = 0; i < 400; i++) {
    if (cutoffDateProblem(d, s) === null) return d;
    d = addDays(d, 1);
  }
  throw new CoreError('BAD_INPUT', `No day within 400 days of ${from} can be a cut-off date (check the town holidays).`);
}

/** Whether the winter rule is on and date lies in its window (from..to inclusive, wrapping the year end). */
export function winterRuleApplies(date: string, s: WinterSettings): boolean {
  if (!s.winterRuleEnabled) return false;
  const md = date.slice(5);
  return s.winterRuleFrom <= s.winterRuleTo ? md >= s.winterRuleFrom && md <= s.winterRuleTo : md >= s.winterRuleFrom || md <= s.winterRuleTo;
}

// Standing ----------------------------------------------------------------------------------

interface AccountFacts {
  id: number;
  status: 'pending' | 'active' | 'final_billed' | 'closed';
  customer_id: number;
  medical_alert_until: string | null;
  disconnected_on: string | null;
}

const STATUS_WORDS: Record<AccountFacts['status'], string> = { pending: 'pending', active: 'active', final_billed: 'final billed', closed: 'closed' };
const money = (c: number) => formatCents(c, { symbol: true });

function judgeStatements(db: Db) {
  return {
    facts: db.prepare('SELECT id, status, customer_id, medical_alert_until, disconnected_on FROM accounts WHERE id = ?'),
    openDisconnect: db.prepare("SELECT number FROM work_orders WHERE account_id = ? AND type = 'disconnect_nonpay' AND status IN ('new', 'dispatched') ORDER BY id LIMIT 1"),
    disputeCall: db.prepare("SELECT called_on FROM courtesy_calls WHERE account_id = ? AND outcome = 'disputed' AND resolved_at IS NULL ORDER BY id DESC LIMIT 1"),
    promiseCall: db.prepare("SELECT promise_date, called_on FROM courtesy_calls WHERE account_id = ? AND outcome = 'promise' AND called_on <= ? ORDER BY called_on DESC, id DESC LIMIT 1"),
    winterCert: db.prepare(
      'SELECT kind, valid_until FROM winter_certifications WHERE customer_id = ? AND withdrawn_at IS NULL AND certified_on <= ? AND valid_until >= ? ORDER BY valid_until DESC, id DESC LIMIT 1',
    ),
    arrangementKind: db.prepare('SELECT kind FROM arrangements WHERE id = ?'),
  };
}
const judgeCache = new WeakMap<Db, ReturnType<typeof judgeStatements>>();

/**
 * Judges accounts for one cut-off date with prepared statements (prepared once per connection),
 * so the generator — or cut-off day re-checking every account on a list — can judge a town's
 * worth; cutoffStanding is the one-account door to the same rules.
 */
export class CutoffJudge {
  private readonly facts;
  private readonly openDisconnect;
  private readonly disputeCall;
  private readonly promiseCall;
  private readonly winterCert;
  private readonly arrangementKind;

  constructor(
    private readonly db: Db,
    readonly cutoffDate: string,
    readonly today: string,
    private readonly s: CutoffSettings,
  ) {
    let st = judgeCache.get(db);
    if (!st) {
      st = judgeStatements(db);
      judgeCache.set(db, st);
    }
    ({ facts: this.facts, openDisconnect: this.openDisconnect, disputeCall: this.disputeCall, promiseCall: this.promiseCall, winterCert: this.winterCert, arrangementKind: this.arrangementKind } = st);
  }

  /** Standing of one account from its open items (as of today); null when the account does not exist. */
  judge(accountId: number, items: readonly OpenItem[]): CutoffStanding | null {
    const a = this.facts.get(accountId) as AccountFacts | undefined;
    if (!a) return null;
    const { cutoffDate, today, s } = this;
    let pastDue = 0;
    let pastOldest: string | null = null;
    let due = 0;
    let dueOldest: string | null = null;
    for (const i of items) {
      if (i.dueDate >= cutoffDate) continue;
      pastDue += i.openCents;
      if (pastOldest === null || i.dueDate < pastOldest) pastOldest = i.dueDate;
      if (daysBetween(i.dueDate, cutoffDate) >= s.cutoffDaysAfterDue) {
        due += i.openCents;
        if (dueOldest === null || i.dueDate < dueOldest) dueOldest = i.dueDate;
      }
    }
    if (pastDue === 0) return { onList: false, reasonCode: 'nothing_past_due', reason: `nothing past due on ${cutoffDate}`, pastDueCents: 0, oldestDueDate: null };
    if (due === 0) {
      return {
        onList: false,
        reasonCode: 'not_due_long_enough',
        reason: `left off: ${money(pastDue)} past due since ${pastOldest}, not yet ${s.cutoffDaysAfterDue} days past due on ${cutoffDate}`,
        pastDueCents: pastDue,
        oldestDueDate: pastOldest,
      };
    }
    const off = (reasonCode: CutoffReasonCode, reason: string): CutoffStanding => ({ onList: false, reasonCode, reason, pastDueCents: due, oldestDueDate: dueOldest });
    if (due < s.cutoffMinimumCents) return off('below_minimum', `left off: ${money(due)} past due, below the ${money(s.cutoffMinimumCents)} minimum`);
    if (a.medical_alert_until !== null && a.medical_alert_until >= cutoffDate) return off('medical_alert', `excluded: Medical Alert until ${a.medical_alert_until}`);
    const arr = arrangementStanding(this.db, accountId, today);
    if (arr.excludesFromCutoff) {
      const kind = (this.arrangementKind.get(arr.arrangementId) as { kind: string } | undefined)?.kind === 'extension' ? 'extension' : 'payment arrangement';
      return off('arrangement', `excluded: active ${kind}, ${money(arr.paidCents)} of ${money(arr.totalCents)} paid`);
    }
    const pending = pendingAdjustmentCents(this.db, accountId);
    if (pending > 0) return off('dispute', `excluded: adjustment dispute pending (${money(pending)})`);
    const dispute = this.disputeCall.get(accountId) as { called_on: string } | undefined;
    if (dispute) return off('dispute', `excluded: dispute logged on a courtesy call ${dispute.called_on}`);
    // A promise counts when it was made about these arrears (on or after the oldest due date).
    const p = this.promiseCall.get(accountId, today) as { promise_date: string; called_on: string } | undefined;
    const promise = p && dueOldest !== null && p.called_on >= dueOldest ? p : null;
    if (promise && promise.promise_date >= today) return off('promise', `excluded: promise to pay until ${promise.promise_date}`);
    if (a.disconnected_on !== null) return off('disconnected', `excluded: already disconnected on ${a.disconnected_on}`);
    const order = this.openDisconnect.get(accountId) as { number: string } | undefined;
    if (order) return off('disconnected', `excluded: disconnect order ${order.number} already open`);
    if (a.status !== 'active') return off('no_service', `excluded: account ${STATUS_WORDS[a.status]}, no service to cut`);
    if (winterRuleApplies(cutoffDate, s)) {
      const w = this.winterCert.get(a.customer_id, today, cutoffDate) as { kind: string; valid_until: string } | undefined;
      if (w) return off('winter', `excluded: winter rule, customer certified ${w.kind} until ${w.valid_until}`);
    }
    if (promise) {
      return { onList: true, reasonCode: 'broken_promise', reason: `back on the list: promise to pay by ${promise.promise_date} broken, ${money(due)} past due since ${dueOldest}`, pastDueCents: due, oldestDueDate: dueOldest };
    }
    return { onList: true, reasonCode: 'past_due', reason: `on the list: ${money(due)} past due since ${dueOldest}`, pastDueCents: due, oldestDueDate: dueOldest };
  }
}

/**
 * One account's standing for a cut-off date, judged today (payments, calls and arrangements as
 * they stand today). Part C calls it on cut-off day (today = the cut-off date) before creating a
 * disconnect order. Read-only.
 */
export function cutoffStanding(db: Db, accountId: number, cutoffDate: string, today: string, settings: CutoffSettings): CutoffStanding {
  const s = new CutoffJudge(db, cutoffDate, today, settings).judge(accountId, openItemsInRange(db, accountId, accountId + 1, today));
  if (!s) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
  return s;
}

// Lists -------------------------------------------------------------------------------------

interface ListRow {
  id: number;
  cutoff_date: string;
  generated_on: string;
  started_at: string;
  finished_at: string | null;
  generated_by: string | null;
  status: CutoffListView['status'];
  last_account_id: number;
  on_list_count: number;
  left_off_count: number;
  on_list_cents: number;
  disconnects_created_at: string | null;
}

const LIST_SELECT = `SELECT l.id, l.cutoff_date, l.generated_on, l.started_at, l.finished_at, u.display_name AS generated_by, l.status, l.last_account_id,
  l.on_list_count, l.left_off_count, l.on_list_cents, l.disconnects_created_at FROM cutoff_lists l LEFT JOIN users u ON u.id = l.generated_by`;

function maxAccountId(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS m FROM accounts').get() as { m: number }).m;
}

function listView(r: ListRow, maxId: number): CutoffListView {
  return {
    id: r.id,
    cutoffDate: r.cutoff_date,
    generatedOn: r.generated_on,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    generatedBy: r.generated_by,
    status: r.status,
    onListCount: r.on_list_count,
    leftOffCount: r.left_off_count,
    onListCents: r.on_list_cents,
    progress: r.status === 'building' ? (maxId === 0 ? 0 : Math.min(1, r.last_account_id / maxId)) : 1,
    disconnectsCreatedAt: r.disconnects_created_at,
  };
}

export function getCutoffList(db: Db, listId: number): CutoffListView {
  const r = db.prepare(`${LIST_SELECT} WHERE l.id = ?`).get(listId) as ListRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No cut-off list ${listId}.`);
  return listView(r, maxAccountId(db));
}

export function listCutoffLists(db: Db, opts: { cutoffDate?: string; limit: number }): CutoffListView[] {
  const rows = (
    opts.cutoffDate
      ? db.prepare(`${LIST_SELECT} WHERE l.cutoff_date = ? ORDER BY l.id DESC LIMIT ?`).all(opts.cutoffDate, opts.limit)
      : db.prepare(`${LIST_SELECT} ORDER BY l.id DESC LIMIT ?`).all(opts.limit)
  ) as ListRow[];
  const maxId = maxAccountId(db);
  return rows.map((r) => listView(r, maxId));
}

/** The newest ready list for a date (or of any date), or null. */
export function readyCutoffList(db: Db, cutoffDate?: string): CutoffListView | null {
  const r = (
    cutoffDate
      ? db.prepare(`${LIST_SELECT} WHERE l.status = 'ready' AND l.cutoff_date = ? ORDER BY l.id DESC LIMIT 1`).get(cutoffDate)
      : db.prepare(`${LIST_SELECT} WHERE l.status = 'ready' ORDER BY l.cutoff_date DESC, l.id DESC LIMIT 1`).get()
  ) as ListRow | undefined;
  return r ? listView(r, maxAccountId(db)) : null;
}

export interface GenerateTuning {
  /** Account ids per chunk (one short IMMEDIATE transaction each). */
  chunk: number;
}
export const DEFAULT_GENERATE_TUNING: GenerateTuning = { chunk: 1000 };

export interface GenerateOptions {
  cutoffDate: string;
  today: string;
  settings: CutoffSettings;
  at: string;
  /** Now (ISO) when the list is finished; defaults to `at`. */
  now?: () => string;
  userId: number | null;
  station: string | null;
  tuning?: Partial<GenerateTuning>;
  onProgress?: (doneId: number, maxId: number) => void;
  /** Stops after the current chunk when it returns true (tests interrupt a list this way). */
  shouldStop?: () => boolean;
}

/** Refuses a date no cut-off can happen on (BAD_INPUT with the calendar's reason) or a past date. */
export function checkCutoffDate(cutoffDate: string, today: string, s: CalendarSettings): void {
  if (cutoffDate < today) throw new CoreError('BAD_INPUT', `The cut-off date ${cutoffDate} is before today (${today}).`, { field: 'cutoffDate' });
  const problem = cutoffDateProblem(cutoffDate, s);
  if (problem) throw new CoreError('BAD_INPUT', `No cut-off on ${cutoffDate}: ${problem}. The next date a cut-off can happen is ${nextCutoffDate(cutoffDate, s)}.`, { field: 'cutoffDate', nextValid: nextCutoffDate(cutoffDate, s) });
}

/**
 * Generates (or continues) the list for a date: the building list of that date, or a new one.
 * Accounts are walked in id chunks; each chunk's entries, counts and progress commit together in
 * one short transaction, so after a crash the walk continues after the last committed chunk and
 * nothing is written twice. When the walk ends the list becomes ready and any older ready list of
 * the date is superseded. Returns the list id (still building when stopped early).
 */
export async function generateCutoffList(db: Db, o: GenerateOptions): Promise<number> {
  checkCutoffDate(o.cutoffDate, o.today, o.settings);
  const tuning = { ...DEFAULT_GENERATE_TUNING, ...o.tuning };
  const list = db.transaction(() => {
    // A list left building for a date now past can never be finished: it is abandoned (kept).
    db.prepare("UPDATE cutoff_lists SET status = 'abandoned', finished_at = ? WHERE status = 'building' AND cutoff_date < ?").run(o.at, o.today);
    const open = db.prepare("SELECT id, last_account_id FROM cutoff_lists WHERE cutoff_date = ? AND status = 'building'").get(o.cutoffDate) as { id: number; last_account_id: number } | undefined;
    if (open) return open;
    const id = Number(
      db.prepare("INSERT INTO cutoff_lists (cutoff_date, generated_on, started_at, generated_by, station, status) VALUES (?, ?, ?, ?, ?, 'building')").run(o.cutoffDate, o.today, o.at, o.userId, o.station).lastInsertRowid,
    );
    return { id, last_account_id: 0 };
  })();
  // The list's own date and judge: a list continued another day keeps judging as of its generation day.
  const row = db.prepare('SELECT generated_on FROM cutoff_lists WHERE id = ?').get(list.id) as { generated_on: string };
  const judge = new CutoffJudge(db, o.cutoffDate, row.generated_on, o.settings);
  const insert = db.prepare('INSERT INTO cutoff_list_entries (list_id, account_id, on_list, reason_code, reason, past_due_cents, oldest_due_date) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const progress = db.prepare(
    'UPDATE cutoff_lists SET last_account_id = ?, on_list_count = on_list_count + ?, left_off_count = left_off_count + ?, on_list_cents = on_list_cents + ? WHERE id = ? AND last_account_id = ?',
  );
  let stopped = false;
  await forEachAccountChunk(db, { startAfterId: list.last_account_id, chunk: tuning.chunk, onProgress: o.onProgress }, (from, to) => {
    db.transaction(() => {
      const items = openItemsInRange(db, from, to, row.generated_on);
      let on = 0;
      let off = 0;
      let onCents = 0;
      let i = 0;
      while (i < items.length) {
        const accountId = items[i]!.accountId;
        let j = i;
        while (j < items.length && items[j]!.accountId === accountId) j++;
        const mine = items.slice(i, j);
        i = j;
        if (!mine.some((x) => x.dueDate < o.cutoffDate)) continue;
        const st = judge.judge(accountId, mine);
        if (!st || st.reasonCode === 'nothing_past_due') continue;
        insert.run(list.id, accountId, st.onList ? 1 : 0, st.reasonCode, st.reason, st.pastDueCents, st.oldestDueDate);
        if (st.onList) {
          on++;
          onCents += st.pastDueCents;
        } else off++;
      }
      const done = progress.run(to - 1, on, off, onCents, list.id, from - 1);
      if (done.changes !== 1) throw new CoreError('CONFLICT', `Cut-off list ${list.id} is being generated elsewhere.`);
    })();
    if (o.shouldStop?.()) {
      stopped = true;
      return false;
    }
  });
  if (stopped) return list.id;
  db.transaction(() => {
    db.prepare("UPDATE cutoff_lists SET status = 'superseded' WHERE cutoff_date = ? AND status = 'ready' AND id <> ?").run(o.cutoffDate, list.id);
    db.prepare("UPDATE cutoff_lists SET status = 'ready', finished_at = ?, last_account_id = max(last_account_id, ?) WHERE id = ? AND status = 'building'").run(o.now?.() ?? o.at, maxAccountId(db), list.id);
  })();
  return list.id;
}
