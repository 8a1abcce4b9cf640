// Write-off, agency referral and unclaimed property IPC handlers: the doorway to write-offs.ts.
import { recordAudit } from '../audit';
import { signedIn, type CallContext, type CoreEnv, type Handlers } from '../env';
import { approveWriteOff, claimRefundCheck, listWriteOffs, referralCandidates, referToAgency, rejectWriteOff, requestWriteOff, unclaimedProperty, type WoContext } from './write-offs';

type WriteOffMethods =
  | 'writeOffs.request'
  | 'writeOffs.approve'
  | 'writeOffs.reject'
  | 'writeOffs.list'
  | 'collections.agencyReferral.preview'
  | 'collections.agencyReferral.export'
  | 'collections.unclaimedProperty'
  | 'collections.refundChecks.claim';

export function writeOffHandlers(env: CoreEnv): Pick<Handlers, WriteOffMethods> {
  const { db } = env;
  const ctxOf = (ctx: CallContext): WoContext => {
    const s = signedIn(ctx);
    return { at: env.nowIso(), today: env.today(), userId: s.user.id, station: s.station };
  };
  const audit = (c: WoContext, action: string, subject: string, details?: unknown, reason?: string) =>
    recordAudit(db, { at: c.at, userId: c.userId, station: c.station, action, subject, details, reason });
  return {
    'writeOffs.request': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => {
        const w = requestWriteOff(db, input, c);
        audit(c, 'writeOffs.request', w.number, { accountId: w.accountId, amountCents: w.amountCents }, input.reason);
        return w;
      })();
    },
    'writeOffs.approve': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => {
        const w = approveWriteOff(db, input.id, c, env.settings());
        audit(c, 'writeOffs.approve', w.number, { accountId: w.accountId, amountCents: w.amountCents, entryId: w.entryId });
        return w;
      })();
    },
    'writeOffs.reject': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => {
        const w = rejectWriteOff(db, input.id, input.reason, c);
        audit(c, 'writeOffs.reject', w.number, { accountId: w.accountId }, input.reason);
        return w;
      })();
    },
    'writeOffs.list': (input) => ({ writeOffs: listWriteOffs(db, input) }),
    'collections.agencyReferral.preview': (input) => {
      const asOf = input.asOf ?? env.today();
      const rows = referralCandidates(db, asOf, env.settings());
      return { asOf, rows, totalCents: rows.reduce((t, r) => t + r.balanceCents, 0) };
    },
    'collections.agencyReferral.export': (input, ctx) => {
      const c = ctxOf(ctx);
      const asOf = input.asOf ?? c.today;
      return db.transaction(() => {
        const r = referToAgency(db, asOf, env.settings(), c);
        audit(c, 'collections.agencyReferral.export', `${r.rows.length} accounts`, { asOf, accountIds: r.rows.map((x) => x.accountId), totalCents: r.totalCents });
        return { asOf, ...r };
      })();
    },
    'collections.unclaimedProperty': (input) => {
      const asOf = input.asOf ?? env.today();
      return { asOf, ...unclaimedProperty(db, asOf, env.settings()) };
    },
    'collections.refundChecks.claim': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => {
        claimRefundCheck(db, input.checkRequestId, input.claimedOn, c);
        audit(c, 'collections.refundChecks.claim', `check request ${input.checkRequestId}`, { claimedOn: input.claimedOn });
        return { checkRequestId: input.checkRequestId, claimedOn: input.claimedOn };
      })();
    },
  };
}
