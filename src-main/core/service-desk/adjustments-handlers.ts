// The contract's doorway to part D of the service desk: arrangements.* and adjustments.*.
// Every write runs in one IMMEDIATE transaction (env's db.transaction) with its audit rows.
import { signedIn, type CallContext, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { renderAdjustmentSheet } from '../../documents/adjustment-sheet';
import { approveAdjustment, billResearch, getAdjustment, leakCalculation, listAdjustments, rejectAdjustment, requestAdjustment, requestLeakAdjustment } from './adjustments';
import { afterArrangementMade } from '../collections/disconnects';
import { arrangementOverview, arrangementStanding, cancelArrangement, createArrangement, getArrangement, refreshArrangement, reviewArrangements, type DeskContext } from './arrangements';
import { issueArrangementLetter } from './arrangement-letter';

type AdjustmentMethods =
  | 'arrangements.get'
  | 'arrangements.standing'
  | 'arrangements.create'
  | 'arrangements.cancel'
  | 'arrangements.review'
  | 'adjustments.request'
  | 'adjustments.approve'
  | 'adjustments.reject'
  | 'adjustments.list'
  | 'adjustments.get'
  | 'adjustments.sheet'
  | 'adjustments.research'
  | 'adjustments.leakCalc'
  | 'adjustments.requestLeak';

export function adjustmentHandlers(env: CoreEnv): Pick<Handlers, AdjustmentMethods> {
  const { db } = env;
  const ctxOf = (ctx: CallContext): DeskContext => {
    const s = signedIn(ctx);
    return { at: env.nowIso(), today: env.today(), userId: s.user.id, station: s.station, timeZone: env.settings().timeZone };
  };
  const limit = () => env.settings().adjustmentApprovalLimitCents;
  return {
    'arrangements.get': (input, ctx) => {
      const c = ctxOf(ctx);
      // An active arrangement that was kept in full or broken as of today is recorded as ended
      // before it is shown. Only then is the write lock taken (most views find nothing to end);
      // a ledger that can't be written still shows the standing, which is computed regardless.
      const ends = arrangementStanding(db, input.accountId, c.today).state;
      if ((ends === 'kept' || ends === 'broken') && db.prepare("SELECT 1 FROM arrangements WHERE account_id = ? AND status = 'active'").get(input.accountId)) {
        try {
          db.transaction(() => refreshArrangement(db, input.accountId, c.today, c))();
        } catch {
          // Recorded by the next review instead.
        }
      }
      return arrangementOverview(db, input.accountId, c.today, env.settings());
    },

    'arrangements.standing': (input) => {
      if (!db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(input.accountId)) throw new CoreError('NOT_FOUND', `No account ${input.accountId}.`);
      return arrangementStanding(db, input.accountId, input.date);
    },

    'arrangements.create': (input, ctx) => {
      const c = ctxOf(ctx);
      const s = env.settings();
      return db.transaction(() => {
        const made = createArrangement(db, input, c, s);
        if (!made.replayed) {
          const letterId = issueArrangementLetter(db, made, c);
          db.prepare('UPDATE arrangements SET letter_id = ? WHERE id = ?').run(letterId, made.id);
          // A disconnected account with an arrangement is reconnected (fee + reconnect order).
          afterArrangementMade(db, made.accountId, c, s);
        }
        return getArrangement(db, made.id, c.today);
      })();
    },

    'arrangements.cancel': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => cancelArrangement(db, input.arrangementId, input.reason, c))();
    },

    'arrangements.review': (_input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => reviewArrangements(db, c.today, c))();
    },

    'adjustments.request': (input, ctx) => {
      const c = ctxOf(ctx);
      const s = env.settings();
      return db.transaction(() => requestAdjustment(db, input, c, s))();
    },

    'adjustments.approve': (input, ctx) => {
      const c = ctxOf(ctx);
      const s = env.settings();
      return db.transaction(() => approveAdjustment(db, input.adjustmentId, c, s))();
    },

    'adjustments.reject': (input, ctx) => {
      const c = ctxOf(ctx);
      const s = env.settings();
      return db.transaction(() => rejectAdjustment(db, input.adjustmentId, input.reason, c, s))();
    },

    'adjustments.list': (input) => ({ adjustments: listAdjustments(db, input, limit()), approvalLimitCents: limit() }),

    'adjustments.get': (input) => getAdjustment(db, input.adjustmentId, limit()),

    'adjustments.sheet': async (input) => {
      const s = env.settings();
      return renderAdjustmentSheet(getAdjustment(db, input.adjustmentId, s.adjustmentApprovalLimitCents), { name: s.townName, address: s.townAddress, phone: s.townPhone, timeZone: s.timeZone });
    },

    'adjustments.research': (input) => billResearch(db, input.accountId, env.today(), env.settings()),

    'adjustments.leakCalc': (input) => leakCalculation(db, input.accountId, input.billId, env.today(), env.settings()),

    'adjustments.requestLeak': (input, ctx) => {
      const c = ctxOf(ctx);
      const s = env.settings();
      return db.transaction(() => requestLeakAdjustment(db, input, c, s))();
    },
  };
}
