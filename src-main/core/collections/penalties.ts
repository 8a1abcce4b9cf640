// The late penalty run (issue 15, DOMAIN.md "Collections").
//
// On run date D (the business day the run is made), every bill due before D whose charges are
// still open gets ONE late penalty, ever:
//   past due of the bill = the open amount (as of D) of the bill's own charges
//   penalty              = max(lateFeeMinimumCents, round(past due × lateFeeBasisPoints / 10000))
// posted as a journal entry kind 'penalty' (Dr 1200 receivable of the account, Cr 4200 late
// payment penalties) with a charge kind 'penalty' due on D itself (it is owed with the past-due
// bill it follows; it carries no penalty of its own). bill_penalties is keyed by the bill id
// and the entry's idempotency key is penalty:bill:<id>, so no bill is penalized twice.
//
// Left without a penalty (each skip recorded with its reason for the run; a later run judges the
// bill again): closed accounts; accounts with no_penalty_until on or after D; accounts with a
// payment arrangement or extension being kept on D (or the converted payment_arrangement flag).
// Penalties and balance_forward charges get none: a converted balance forward was the previous
// system's to penalize, even where it is linked to the converted bill it came from. A converted
// bill not yet due on the conversion date holds its own service and fee charges and is penalized
// like any bill (conversion/run.ts billsOwnCharge).
//
// The run walks accounts in id order in chunks, each chunk one short IMMEDIATE transaction that
// writes its penalties and the run's progress together, so a run killed at any point is
// continued from the last finished chunk (penalty_runs.last_account_id) and a finished run for
// the date does nothing more.
import type { Statement } from 'better-sqlite3';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { postEntry } from '../ledger/journal';
import { CoreError } from '../errors';
import { arrangementStanding } from '../service-desk/arrangements';
import { forEachAccountChunk, openItemsInRange } from './open-items';

export type PenaltySkipCode = 'closed' | 'no_penalty' | 'arrangement';
export const PENALTY_SKIP_CODES: readonly PenaltySkipCode[] = ['closed', 'no_penalty', 'arrangement'];

export interface PenaltyTuning {
  /** Account ids per chunk (one write transaction each). */
  chunk: number;
}
export const DEFAULT_PENALTY_TUNING: PenaltyTuning = { chunk: 250 };

export interface JudgedBill {
  billId: number;
  accountId: number;
  billDueDate: string;
  pastDueCents: number;
  penaltyCents: number;
  skip: { code: PenaltySkipCode; reason: string } | null;
}

export function penaltyFor(pastDueCents: number, s: Pick<SettingsValues, 'lateFeeMinimumCents' | 'lateFeeBasisPoints'>): number {
  return Math.max(s.lateFeeMinimumCents, Math.round((pastDueCents * s.lateFeeBasisPoints) / 10_000));
}

interface Stmts {
  bill: Statement<[number]>;
  penalized: Statement<[number]>;
  account: Statement<[number]>;
}
const cache = new WeakMap<Db, Stmts>();
function stmts(db: Db): Stmts {
  let s = cache.get(db);
  if (!s) {
    s = {
      bill: db.prepare<[number]>('SELECT account_id AS accountId, due_date AS dueDate FROM bills WHERE id = ?'),
      penalized: db.prepare<[number]>('SELECT 1 FROM bill_penalties WHERE bill_id = ?'),
      account: db.prepare<[number]>('SELECT status, no_penalty_until AS noPenaltyUntil, payment_arrangement AS flag FROM accounts WHERE id = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

/**
 * The bills of accounts [fromId, toId) due before runDate, not yet penalized, with something open
 * on runDate. Starts from the open items (few per chunk) rather than every bill of the chunk.
 */
export function judgeRange(db: Db, fromId: number, toId: number, runDate: string, s: Pick<SettingsValues, 'lateFeeMinimumCents' | 'lateFeeBasisPoints'>): JudgedBill[] {
  const st = stmts(db);
  const open = new Map<number, number>();
  for (const i of openItemsInRange(db, fromId, toId, runDate)) {
    if (i.billId === null || i.kind === 'penalty' || i.kind === 'balance_forward') continue;
    open.set(i.billId, (open.get(i.billId) ?? 0) + i.openCents);
  }
  const skipOf = new Map<number, JudgedBill['skip']>();
  const out: JudgedBill[] = [];
  for (const [billId, pastDue] of open) {
    if (pastDue <= 0) continue;
    const b = st.bill.get(billId) as { accountId: number; dueDate: string };
    if (b.dueDate >= runDate || st.penalized.get(billId) !== undefined) continue;
    if (!skipOf.has(b.accountId)) skipOf.set(b.accountId, accountSkip(db, st, b.accountId, runDate));
    out.push({ billId, accountId: b.accountId, billDueDate: b.dueDate, pastDueCents: pastDue, penaltyCents: penaltyFor(pastDue, s), skip: skipOf.get(b.accountId) ?? null });
  }
  return out.sort((x, y) => x.accountId - y.accountId || x.billId - y.billId);
}

function accountSkip(db: Db, st: Stmts, accountId: number, runDate: string): JudgedBill['skip'] {
  const a = st.account.get(accountId) as { status: string; noPenaltyUntil: string | null; flag: number };
  if (a.status === 'closed') return { code: 'closed', reason: 'account closed' };
  if (a.noPenaltyUntil !== null && a.noPenaltyUntil >= runDate) return { code: 'no_penalty', reason: `no penalty until ${a.noPenaltyUntil}` };
  const arr = arrangementStanding(db, accountId, runDate);
  if (arr.excludesFromCutoff) return { code: 'arrangement', reason: 'payment arrangement or extension being kept' };
  if (a.flag === 1 && arr.arrangementId === null) return { code: 'arrangement', reason: 'payment arrangement (converted flag)' };
  return null;
}

export interface PenaltySample {
  billId: number;
  accountId: number;
  billDueDate: string;
  pastDueCents: number;
  penaltyCents: number;
}

export interface PenaltyPreview {
  runDate: string;
  toPenalizeCount: number;
  toPenalizeAccounts: number;
  totalCents: number;
  samples: PenaltySample[];
  skipped: Array<{ code: PenaltySkipCode; count: number; pastDueCents: number }>;
}

export interface WalkOptions {
  runDate: string;
  settings: Pick<SettingsValues, 'lateFeeMinimumCents' | 'lateFeeBasisPoints'>;
  tuning?: Partial<PenaltyTuning>;
  onProgress?: (doneId: number, maxId: number) => void;
  sampleSize?: number;
}

/** What a run on runDate would post, without writing anything (read in chunks, yielding between them). */
export async function previewPenalties(db: Db, o: WalkOptions): Promise<PenaltyPreview> {
  const t = { ...DEFAULT_PENALTY_TUNING, ...o.tuning };
  const p: PenaltyPreview = { runDate: o.runDate, toPenalizeCount: 0, toPenalizeAccounts: 0, totalCents: 0, samples: [], skipped: [] };
  const skipped = new Map<PenaltySkipCode, { count: number; pastDueCents: number }>();
  const sampleSize = o.sampleSize ?? 25;
  await forEachAccountChunk(db, { chunk: t.chunk, onProgress: o.onProgress }, (from, to) => {
    let lastAccount = 0;
    for (const j of judgeRange(db, from, to, o.runDate, o.settings)) {
      if (j.skip) {
        const k = skipped.get(j.skip.code) ?? { count: 0, pastDueCents: 0 };
        k.count++;
        k.pastDueCents += j.pastDueCents;
        skipped.set(j.skip.code, k);
        continue;
      }
      p.toPenalizeCount++;
      p.totalCents += j.penaltyCents;
      if (j.accountId !== lastAccount) p.toPenalizeAccounts++;
      lastAccount = j.accountId;
      if (p.samples.length < sampleSize) p.samples.push({ billId: j.billId, accountId: j.accountId, billDueDate: j.billDueDate, pastDueCents: j.pastDueCents, penaltyCents: j.penaltyCents });
    }
  });
  p.skipped = PENALTY_SKIP_CODES.filter((c) => skipped.has(c)).map((c) => ({ code: c, ...skipped.get(c)! }));
  return p;
}

export interface PenaltyRunRow {
  id: number;
  runDate: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done';
  lastAccountId: number;
  penalizedCount: number;
  penalizedCents: number;
  skippedCount: number;
}

const RUN_SELECT = `SELECT id, run_date AS runDate, started_at AS startedAt, finished_at AS finishedAt, status, last_account_id AS lastAccountId,
  penalized_count AS penalizedCount, penalized_cents AS penalizedCents, skipped_count AS skippedCount FROM penalty_runs`;

export function getPenaltyRun(db: Db, id: number): PenaltyRunRow {
  const r = db.prepare(`${RUN_SELECT} WHERE id = ?`).get(id) as PenaltyRunRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No penalty run ${id}.`);
  return r;
}

export function listPenaltyRuns(db: Db, limit: number): PenaltyRunRow[] {
  return db.prepare(`${RUN_SELECT} ORDER BY run_date DESC, id DESC LIMIT ?`).all(limit) as PenaltyRunRow[];
}

export interface RunOptions extends WalkOptions {
  at: string;
  now: () => string;
  userId: number | null;
  station: string | null;
}

/**
 * Runs (or continues) the penalty run for runDate. Returns the run and how many penalties this
 * call posted (0 when the run was already done).
 */
export async function runPenalties(db: Db, o: RunOptions): Promise<{ run: PenaltyRunRow; penalizedNow: number; penalizedCentsNow: number }> {
  const t = { ...DEFAULT_PENALTY_TUNING, ...o.tuning };
  const runId = db.transaction(() => {
    const r = db.prepare('SELECT id FROM penalty_runs WHERE run_date = ?').get(o.runDate) as { id: number } | undefined;
    if (r) return r.id;
    return Number(db.prepare("INSERT INTO penalty_runs (run_date, started_at, user_id, station, status) VALUES (?, ?, ?, ?, 'running')").run(o.runDate, o.at, o.userId, o.station).lastInsertRowid);
  })();
  const start = getPenaltyRun(db, runId);
  if (start.status === 'done') return { run: start, penalizedNow: 0, penalizedCentsNow: 0 };

  const insCharge = db.prepare("INSERT INTO charges (account_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, 'penalty', ?, '4200', ?, ?)");
  const insBillPenalty = db.prepare('INSERT INTO bill_penalties (bill_id, run_id, account_id, entry_id, charge_id, past_due_cents, penalty_cents) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insSkip = db.prepare('INSERT OR IGNORE INTO penalty_run_skips (run_id, bill_id, account_id, reason_code, reason, past_due_cents) VALUES (?, ?, ?, ?, ?, ?)');
  const progress = db.prepare(
    'UPDATE penalty_runs SET last_account_id = max(last_account_id, ?), penalized_count = penalized_count + ?, penalized_cents = penalized_cents + ?, skipped_count = skipped_count + ? WHERE id = ?',
  );
  const lastDone = db.prepare('SELECT last_account_id AS l, status FROM penalty_runs WHERE id = ?');
  let now = 0;
  let nowCents = 0;
  await forEachAccountChunk(db, { startAfterId: start.lastAccountId, chunk: t.chunk, onProgress: o.onProgress }, (from, to) => {
    db.transaction(() => {
      // Another process running the same date may have done this chunk already.
      const cur = lastDone.get(runId) as { l: number; status: string };
      if (cur.status === 'done' || cur.l >= to - 1) return;
      const postedAt = o.now();
      let n = 0;
      let cents = 0;
      let skips = 0;
      for (const j of judgeRange(db, from, to, o.runDate, o.settings)) {
        if (j.skip) {
          skips += insSkip.run(runId, j.billId, j.accountId, j.skip.code, j.skip.reason, j.pastDueCents).changes;
          continue;
        }
        const entryId = postEntry(db, {
          kind: 'penalty',
          businessDate: o.runDate,
          postedAt,
          userId: o.userId,
          station: o.station,
          memo: `Late penalty on bill ${j.billId} due ${j.billDueDate}`,
          idempotencyKey: `penalty:bill:${j.billId}`,
          lines: [
            { glCode: '1200', accountId: j.accountId, amountCents: j.penaltyCents },
            { glCode: '4200', amountCents: -j.penaltyCents },
          ],
        });
        const chargeId = Number(insCharge.run(j.accountId, entryId, `Late penalty (bill due ${j.billDueDate})`, j.penaltyCents, o.runDate).lastInsertRowid);
        insBillPenalty.run(j.billId, runId, j.accountId, entryId, chargeId, j.pastDueCents, j.penaltyCents);
        n++;
        cents += j.penaltyCents;
      }
      progress.run(to - 1, n, cents, skips, runId);
      now += n;
      nowCents += cents;
    })();
  });
  db.transaction(() => {
    db.prepare("UPDATE penalty_runs SET status = 'done', finished_at = ? WHERE id = ? AND status = 'running'").run(o.now(), runId);
  })();
  return { run: getPenaltyRun(db, runId), penalizedNow: now, penalizedCentsNow: nowCents };
}
