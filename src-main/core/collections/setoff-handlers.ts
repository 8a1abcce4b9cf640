// NC Debt Setoff IPC handlers: the contract's doorway to setoff.ts. Every write runs in one
// transaction with its audit row; no reply, audit row or log carries an SSN.
import type { SetoffHearingView } from '../../../src-shared/ipc/setoff-schemas';
import { getLetterRow, renderLettersBatchPdf } from '../../documents/letters';
import { recordAudit } from '../audit';
import { ensureBusinessDay } from '../counter/day';
import { addDays } from '../deps';
import { signedIn, type CallContext, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { buildSubmission, decideHearing, importProceeds, issueSetoffNotices, noticeProblem, planSubmission, recordHearingRequest, setoffCandidates, setoffStanding } from './setoff';

/** Accounts noticed per transaction. */
const NOTICE_CHUNK = 100;

type SetoffMethods =
  | 'setoff.eligibility'
  | 'setoff.account'
  | 'setoff.progress'
  | 'setoff.sendNotices'
  | 'setoff.recordHearing'
  | 'setoff.decideHearing'
  | 'setoff.hearings'
  | 'setoff.previewSubmission'
  | 'setoff.buildSubmission'
  | 'setoff.submissions'
  | 'setoff.importProceeds'
  | 'setoff.imports';

interface HearingRow {
  id: number;
  notice_id: number;
  account_id: number;
  number: string;
  display_name: string;
  received_on: string;
  note: string | null;
  decided_on: string | null;
  outcome: 'town' | 'debtor' | null;
  decision_note: string | null;
}

const HEARING_SELECT = `SELECT h.id, h.notice_id, h.account_id, a.number, c.display_name, h.received_on, h.note, h.decided_on, h.outcome, h.decision_note
  FROM setoff_hearings h JOIN accounts a ON a.id = h.account_id JOIN customers c ON c.id = a.customer_id`;

const hearingView = (r: HearingRow): SetoffHearingView => ({
  id: r.id,
  noticeId: r.notice_id,
  accountId: r.account_id,
  accountNumber: r.number,
  name: r.display_name,
  receivedOn: r.received_on,
  note: r.note,
  decidedOn: r.decided_on,
  outcome: r.outcome,
  decisionNote: r.decision_note,
});

const SUBMISSION_SELECT = `SELECT s.id, s.created_at AS createdAt, u.display_name AS createdBy, s.file_name AS fileName, s.record_count AS recordCount, s.total_cents AS totalCents, s.sha256
  FROM setoff_submissions s LEFT JOIN users u ON u.id = s.created_by`;
const IMPORT_SELECT = `SELECT i.id, i.file_name AS fileName, i.imported_at AS importedAt, u.display_name AS importedBy, i.business_date AS businessDate, i.record_count AS recordCount,
       i.setoff_cents AS setoffCents, i.deposit_cents AS depositCents, i.posted_count AS postedCount, i.posted_cents AS postedCents
  FROM setoff_imports i LEFT JOIN users u ON u.id = i.imported_by`;

export function setoffHandlers(env: CoreEnv): Pick<Handlers, SetoffMethods> {
  const { db } = env;
  const who = (ctx: CallContext) => {
    const s = signedIn(ctx);
    return { userId: s.user.id, station: s.station, at: env.nowIso() };
  };
  const town = () => {
    const st = env.settings();
    return { name: st.townName, address: st.townAddress, phone: st.townPhone, timeZone: st.timeZone };
  };
  // The town-wide walk running now (one at a time is what the screen shows; a second overwrites it).
  const walk = { running: 0, what: null as string | null, doneId: 0, maxId: 0 };
  const candidates = async (day: string, what: string) => {
    walk.running++;
    walk.what = what;
    walk.doneId = 0;
    walk.maxId = 0;
    try {
      return await setoffCandidates(db, day, env.settings(), (doneId, maxId) => {
        walk.doneId = doneId;
        walk.maxId = maxId;
      });
    } finally {
      walk.running--;
      if (walk.running === 0) walk.what = null;
    }
  };
  const getHearing = (hearingId: number) => hearingView(db.prepare(`${HEARING_SELECT} WHERE h.id = ?`).get(hearingId) as HearingRow);

  return {
    'setoff.eligibility': async (input) => {
      const today = env.today();
      const all = await candidates(today, 'eligibility');
      const pick = (s: (typeof all)[number]) =>
        input.filter === 'all' ? true : input.filter === 'eligible' ? s.eligible : input.filter === 'noticeDue' ? s.noticeDue : !s.eligible && !s.noticeDue;
      const rows = all.filter(pick);
      // Eligible first, then notices due, then the rest; oldest delinquency first within each.
      const rank = (s: (typeof all)[number]) => (s.eligible ? 0 : s.noticeDue ? 1 : 2);
      rows.sort((a, b) => rank(a) - rank(b) || (a.delinquentSince ?? '9').localeCompare(b.delinquentSince ?? '9') || a.accountId - b.accountId);
      return {
        asOf: today,
        counts: {
          candidates: all.length,
          eligible: all.filter((s) => s.eligible).length,
          noticeDue: all.filter((s) => s.noticeDue).length,
          hearingsPending: (db.prepare('SELECT count(*) AS n FROM setoff_hearings WHERE decided_on IS NULL').get() as { n: number }).n,
          eligibleCents: all.filter((s) => s.eligible).reduce((a, s) => a + s.debtCents, 0),
        },
        rows: rows.slice(0, input.limit),
        capped: rows.length > input.limit,
      };
    },

    'setoff.progress': () => ({ running: walk.running > 0, what: walk.what, doneId: walk.doneId, maxId: walk.maxId }),

    'setoff.account': (input) => {
      const st = env.settings();
      const standing = setoffStanding(db, input.accountId, env.today(), st);
      const notices = (db.prepare('SELECT id, letter_id, mailed_on, amount_cents FROM setoff_notices WHERE account_id = ? ORDER BY mailed_on DESC, id DESC').all(input.accountId) as Array<{ id: number; letter_id: number; mailed_on: string; amount_cents: number }>).map(
        (n) => ({ id: n.id, letterId: n.letter_id, mailedOn: n.mailed_on, amountCents: n.amount_cents, windowEnds: addDays(n.mailed_on, st.setoffHearingDays) }),
      );
      const hearings = (db.prepare(`${HEARING_SELECT} WHERE h.account_id = ? ORDER BY h.id DESC`).all(input.accountId) as HearingRow[]).map(hearingView);
      const sent = db
        .prepare(
          `SELECT r.submission_id AS submissionId, s.file_name AS fileName, s.created_at AS createdAt, r.amount_cents AS amountCents, r.reason
             FROM setoff_submission_records r JOIN setoff_submissions s ON s.id = r.submission_id JOIN setoff_debts d ON d.id = r.debt_id
            WHERE d.account_id = ? ORDER BY r.submission_id DESC`,
        )
        .all(input.accountId) as Array<{ submissionId: number; fileName: string; createdAt: string; amountCents: number; reason: 'balance' | 'paid' | 'withdrawn' | 'expired' }>;
      const proceeds = (
        db
          .prepare(
            `SELECT it.import_id AS importId, i.file_name AS fileName, it.line_no AS lineNo, it.amount_cents AS amountCents, it.match_date AS matchDate, it.entry_id AS entryId, it.rejected
               FROM setoff_import_items it JOIN setoff_imports i ON i.id = it.import_id WHERE it.account_id = ? ORDER BY it.import_id DESC, it.line_no`,
          )
          .all(input.accountId) as Array<{ importId: number; fileName: string; lineNo: number; amountCents: number; matchDate: string | null; entryId: number | null; rejected: string | null }>
      ).map(({ entryId, ...r }) => ({ ...r, posted: entryId !== null }));
      return { standing, notices, hearings, sent, proceeds };
    },

    'setoff.sendNotices': async (input, ctx) => {
      const w = who(ctx);
      const st = env.settings();
      const today = env.today();
      if (input.mailedOn < today) throw new CoreError('BAD_INPUT', `A notice can't be mailed in the past (today is ${today}).`, { field: 'mailedOn' });
      if (input.mailedOn > addDays(today, 14)) throw new CoreError('BAD_INPUT', 'The mail date may be at most 14 days ahead.', { field: 'mailedOn' });
      const ids = input.accountIds ?? (await candidates(input.mailedOn, 'notices')).filter((s) => s.noticeDue).map((s) => s.accountId);
      if (ids.length === 0) throw new CoreError('CONFLICT', 'No account needs a setoff notice.');
      // A list given by the caller is checked whole before anything is written.
      if (input.accountIds) {
        for (const id of input.accountIds) {
          const problem = noticeProblem(db, id, input.mailedOn, st);
          if (problem) throw new CoreError('CONFLICT', problem, { accountId: id });
        }
      }
      // Short transactions (the counter is served between them); an account that changed meanwhile is skipped.
      const notices: Array<{ accountId: number; noticeId: number; letterId: number; amountCents: number }> = [];
      for (let i = 0; i < ids.length; i += NOTICE_CHUNK) {
        const chunk = ids.slice(i, i + NOTICE_CHUNK);
        const done = db.transaction(() => {
          const out = issueSetoffNotices(db, chunk, input.mailedOn, st, { at: w.at, userId: w.userId }, { skipUnfit: true });
          if (out.length > 0) recordAudit(db, { at: w.at, userId: w.userId, station: w.station, action: 'setoff.sendNotices', subject: `${out.length} setoff notices`, details: { mailedOn: input.mailedOn, noticeIds: out.map((n) => n.noticeId) } });
          return out;
        })();
        notices.push(...done);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (notices.length === 0) throw new CoreError('CONFLICT', 'No account needs a setoff notice.');
      const number = db.prepare('SELECT number FROM accounts WHERE id = ?');
      const pdf = await renderLettersBatchPdf(
        notices.map((n) => getLetterRow(db, n.letterId)),
        town(),
        `Setoff notices mailed ${input.mailedOn}`,
      );
      return {
        notices: notices.map((n) => ({ ...n, accountNumber: (number.get(n.accountId) as { number: string }).number })),
        pdf: { filename: `setoff-notices-${input.mailedOn}.pdf`, contentBase64: pdf.bytes.toString('base64'), pages: pdf.pages },
      };
    },

    'setoff.recordHearing': (input, ctx) => {
      const w = who(ctx);
      const id = db.transaction(() => {
        const hearingId = recordHearingRequest(db, { accountId: input.accountId, receivedOn: input.receivedOn, note: input.note || null, at: w.at, userId: w.userId }, env.settings());
        recordAudit(db, { at: w.at, userId: w.userId, station: w.station, action: 'setoff.recordHearing', subject: `account ${input.accountId}`, details: { hearingId, receivedOn: input.receivedOn } });
        return hearingId;
      })();
      return getHearing(id);
    },

    'setoff.decideHearing': (input, ctx) => {
      const w = who(ctx);
      db.transaction(() => {
        const { accountId } = decideHearing(db, { hearingId: input.hearingId, decidedOn: input.decidedOn, outcome: input.outcome, note: input.note || null, userId: w.userId });
        recordAudit(db, { at: w.at, userId: w.userId, station: w.station, action: 'setoff.decideHearing', subject: `account ${accountId}`, reason: input.note || null, details: { hearingId: input.hearingId, decidedOn: input.decidedOn, outcome: input.outcome } });
      })();
      return getHearing(input.hearingId);
    },

    'setoff.hearings': (input) => ({
      rows: (db.prepare(`${HEARING_SELECT} ${input.pendingOnly ? 'WHERE h.decided_on IS NULL' : ''} ORDER BY h.id DESC LIMIT 500`).all() as HearingRow[]).map(hearingView),
    }),

    'setoff.previewSubmission': async () => {
      const today = env.today();
      const planned = planSubmission(db, await candidates(today, 'preview'), today);
      return {
        asOf: today,
        rows: planned.map((p) => ({
          accountId: p.standing.accountId,
          accountNumber: p.standing.accountNumber,
          name: p.standing.name,
          uniqueKey: p.standing.debt?.uniqueKey ?? null,
          amountCents: p.amountCents,
          lastSentCents: p.standing.debt?.lastSentCents ?? null,
          reason: p.reason,
        })),
        totalCents: planned.reduce((a, p) => a + p.amountCents, 0),
      };
    },

    'setoff.buildSubmission': async (input, ctx) => {
      const w = who(ctx);
      if (!env.secrets) throw new CoreError('KEY_UNAVAILABLE', 'No key file is configured: the SSNs cannot be read.');
      const keyring = env.secrets.keyring(false);
      const today = env.today();
      const st = env.settings();
      // The town-wide walk runs outside the write lock; inside it only the records planned are
      // judged again (a payment posted meanwhile is reflected, a debt no longer changed drops out).
      const planned = planSubmission(db, await candidates(today, 'submission'), today);
      const r = db.transaction(() => {
        const fresh = planned.map((p) => setoffStanding(db, p.standing.accountId, today, st));
        const built = buildSubmission(db, keyring, planSubmission(db, fresh, today), input.folder, st, { today, at: w.at, userId: w.userId });
        recordAudit(db, {
          at: w.at,
          userId: w.userId,
          station: w.station,
          action: 'setoff.buildSubmission',
          subject: built.fileName,
          details: { submissionId: built.submissionId, records: built.recordCount, totalCents: built.totalCents, sha256: built.sha256, rejected: built.rejected.length },
        });
        return built;
      })();
      return {
        submission: db.prepare(`${SUBMISSION_SELECT} WHERE s.id = ?`).get(r.submissionId) as never,
        writtenTo: r.writtenTo,
        records: r.records,
        rejected: r.rejected,
      };
    },

    'setoff.submissions': (input) => ({ rows: db.prepare(`${SUBMISSION_SELECT} ORDER BY s.id DESC LIMIT ?`).all(input.limit) as never }),

    'setoff.importProceeds': (input, ctx) => {
      const w = who(ctx);
      const r = db.transaction(() => {
        const businessDate = ensureBusinessDay(db, w.userId, env.today(), w.at);
        const out = importProceeds(db, { fileName: input.fileName, content: input.content }, env.settings(), { at: w.at, userId: w.userId, station: w.station, businessDate });
        recordAudit(db, {
          at: w.at,
          userId: w.userId,
          station: w.station,
          action: 'setoff.importProceeds',
          subject: input.fileName,
          details: { importId: out.importId, records: out.records, setoffCents: out.setoffCents, depositCents: out.depositCents, posted: out.posted, postedCents: out.postedCents, rejected: out.rejected.length },
        });
        return out;
      })();
      return { import: db.prepare(`${IMPORT_SELECT} WHERE i.id = ?`).get(r.importId) as never, rejected: r.rejected };
    },

    'setoff.imports': (input) => ({ rows: db.prepare(`${IMPORT_SELECT} ORDER BY i.id DESC LIMIT ?`).all(input.limit) as never }),
  };
}
