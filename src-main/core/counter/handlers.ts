// The front counter's IPC handlers: drawers, payments, receipts, voids, mail batches and
// returned payments. Every money-moving command runs in one transaction.
import { hasRole } from '../../../src-shared/domain';
import type { SettingsValues, SupervisorOverride } from '../../../src-shared/ipc/contract';
import type { PaymentPreview } from '../../../src-shared/ipc/counter-schemas';
import { formatCents } from '../../../src-shared/money';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { requireSupervisor } from '../auth/users';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { ensureBusinessDay, openBusinessDate } from './day';
import { drawerCashCents, drawerJournal, findOpenDrawer, getDrawer, openDrawer } from './drawer';
import { addMailItem, getMailBatch, openMailBatch, removeMailItem, requireOpenBatch, updateMailItem } from './mail-batches';
import { findReceiptRow, planPayment, postPlannedPayment, postVoid, receiptDocument, requestHash } from './payments';
import { getLetterRow, renderLetterPdf } from '../../documents/letters';
import { returnedPaymentLetterPdf } from '../../documents/returned-payment-letter';
import { findReturnable, postReturnedPayment, returnedPaymentLetter } from './returns';
import { checkTransfer, findTransferByKey, getTransfer, listTransfers, postTransfer } from './transfers';

type CounterMethods =
  | 'revenueCodes.list'
  | 'drawer.open'
  | 'drawer.current'
  | 'drawer.journal'
  | 'payments.preview'
  | 'payments.post'
  | 'receipts.get'
  | 'receipts.forAccount'
  | 'receipts.void'
  | 'mailBatches.open'
  | 'mailBatches.addItem'
  | 'mailBatches.updateItem'
  | 'mailBatches.removeItem'
  | 'mailBatches.get'
  | 'mailBatches.list'
  | 'mailBatches.post'
  | 'payments.return'
  | 'payments.transfer'
  | 'payments.transfers'
  | 'payments.findReturnable'
  | 'letters.pdf';

export function counterHandlers(env: CoreEnv): Pick<Handlers, CounterMethods> {
  const { db } = env;
  // The preview sees the cashier's open drawer (its cash, for change) and business day (for repeats).
  const planContext = (s: ReturnType<typeof signedIn>) => {
    const drawer = findOpenDrawer(db, s.user.id, s.station);
    return { drawerCashCents: drawer ? drawerCashCents(db, drawer.id) : null, businessDate: drawer?.businessDate ?? openBusinessDate(db) };
  };
  const approve = (actor: ReturnType<typeof signedIn>, override: SupervisorOverride | undefined, action: string) =>
    requireSupervisor(db, actor, override, env.clock.now(), env.lockPolicy(), action);

  return {
    'revenueCodes.list': () => ({
      codes: (db.prepare('SELECT code, name, gl_code, needs_bill_ref, needs_department, needs_description FROM revenue_codes WHERE active = 1 ORDER BY code').all() as Array<{
        code: string; name: string; gl_code: string; needs_bill_ref: number; needs_department: number; needs_description: number;
      }>).map((r) => ({ code: r.code, name: r.name, glCode: r.gl_code, needsBillRef: r.needs_bill_ref === 1, needsDepartment: r.needs_department === 1, needsDescription: r.needs_description === 1 })),
    }),

    'drawer.open': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const businessDate = ensureBusinessDay(db, s.user.id, env.today(), env.nowIso());
        const drawer = openDrawer(db, { userId: s.user.id, station: s.station, businessDate, at: env.nowIso(), counts: input.counts });
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'drawer.open', subject: `drawer ${drawer.id}`, details: { startingCents: drawer.startingCents, expectedCents: env.settings().drawerStartingBankCents } });
        return drawer;
      })();
    },

    'drawer.current': (_input, ctx) => {
      const s = signedIn(ctx);
      return { drawer: findOpenDrawer(db, s.user.id, s.station), businessDate: openBusinessDate(db) };
    },

    'drawer.journal': (input, ctx) => {
      const s = signedIn(ctx);
      let drawerId = input.drawerId;
      if (drawerId === undefined) {
        const open = findOpenDrawer(db, s.user.id, s.station);
        if (!open) throw new CoreError('DRAWER_NOT_OPEN', 'You have no open drawer at this station.');
        drawerId = open.id;
      } else if (!hasRole(s.user, 'supervisor') && getDrawer(db, drawerId).userId !== s.user.id) {
        throw new CoreError('FORBIDDEN', "Only a supervisor may look at another cashier's drawer.");
      }
      const journal = drawerJournal(db, drawerId);
      // The close is blind: only a supervisor sees expected cash before the drawer is closed.
      return hasRole(s.user, 'supervisor') || journal.drawer.closedAt !== null ? journal : { ...journal, expectedCashCents: null };
    },

    'payments.preview': (input, ctx) => planPayment(db, input, env.settings(), planContext(signedIn(ctx))).preview,

    'payments.post': (input, ctx) => {
      const s = signedIn(ctx);
      const req = { lines: input.lines, tenders: input.tenders, payer: input.payer };
      // Confirmations and a supervisor's approval are settled before the transaction (a failed
      // override is recorded even though nothing posts); the plan is made again inside it.
      let approvedBy: number | null = null;
      const replay = db.prepare('SELECT 1 FROM journal_entries WHERE idempotency_key = ?').get(input.idempotencyKey);
      if (!replay) {
        const first = planPayment(db, req, env.settings(), planContext(s));
        if (first.preview.canPost) {
          checkConfirmed(first.preview.confirmations, input.confirmed === true);
          if (first.preview.supervisor) approvedBy = approve(s, input.override, `Giving ${formatCents(first.preview.changeCents, { symbol: true })} in change`);
        }
      }
      return db.transaction(() => {
        const prior = db.prepare('SELECT id FROM journal_entries WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: number } | undefined;
        if (prior) {
          const r = findReceiptRow(db, { entryId: prior.id });
          if (!r || r.request_hash !== requestHash(input)) throw new CoreError('IDEMPOTENCY_CONFLICT', 'That idempotency key was already used for a different payment.');
          return { receipt: receiptDocument(db, { receiptId: r.id }, env.settings()), replayed: true };
        }
        const drawer = findOpenDrawer(db, s.user.id, s.station);
        if (!drawer) throw new CoreError('DRAWER_NOT_OPEN', 'Open your cash drawer before taking payments.');
        const plan = planPayment(db, req, env.settings(), { drawerCashCents: drawerCashCents(db, drawer.id), businessDate: drawer.businessDate });
        if (plan.preview.canPost) {
          checkConfirmed(plan.preview.confirmations, input.confirmed === true);
          if (plan.preview.supervisor && approvedBy === null) throw new CoreError('NEEDS_SUPERVISOR', plan.preview.supervisor);
        }
        const receiptId = postPlannedPayment(db, req, plan, {
          userId: s.user.id,
          station: s.station,
          businessDate: drawer.businessDate,
          postedAt: env.nowIso(),
          drawerId: drawer.id,
          mailBatchId: null,
          mailItemId: null,
          idempotencyKey: input.idempotencyKey,
        });
        const receipt = receiptDocument(db, { receiptId }, env.settings());
        if (plan.preview.confirmations.length > 0 || plan.preview.supervisor) {
          recordAudit(db, {
            at: env.nowIso(),
            userId: s.user.id,
            approvedBy: plan.preview.supervisor ? approvedBy : null,
            station: s.station,
            action: 'payment.confirmed',
            subject: receipt.number,
            details: { changeCents: plan.preview.changeCents, creditCents: plan.preview.checkOverageCreditCents, confirmed: plan.preview.confirmations.map((c) => c.code) },
          });
        }
        env.printQueue?.receiptPosted(receipt, s.user.id); // same transaction: the print job commits with the payment
        return { receipt, replayed: false };
      })();
    },

    'receipts.get': (input) => receiptDocument(db, input, env.settings()),

    'receipts.forAccount': (input) => {
      const ids = db.prepare('SELECT DISTINCT receipt_id AS id FROM receipt_lines WHERE account_id = ? ORDER BY receipt_id DESC LIMIT ?').all(input.accountId, input.limit) as Array<{ id: number }>;
      return { receipts: ids.map((r) => receiptDocument(db, { receiptId: r.id }, env.settings())) };
    },

    'receipts.void': (input, ctx) => {
      const s = signedIn(ctx);
      const r = findReceiptRow(db, { number: input.number });
      if (!r) throw new CoreError('NOT_FOUND', `No receipt ${input.number}.`);
      checkVoidable(db, r, s.user.id, hasRole(s.user, 'supervisor'));
      const approvedBy = approve(s, input.override, `Voiding receipt ${r.number}`);
      return db.transaction(() => {
        checkVoidable(db, r, s.user.id, hasRole(s.user, 'supervisor'));
        postVoid(db, r, { userId: s.user.id, approvedBy, station: s.station, businessDate: r.business_date, postedAt: env.nowIso(), reason: input.reason });
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, approvedBy, station: s.station, action: 'receipt.void', subject: r.number, reason: input.reason, details: { totalCents: r.total_cents } });
        const voided = receiptDocument(db, { receiptId: r.id }, env.settings());
        env.printQueue?.receiptVoided(voided, s.user.id);
        return voided;
      })();
    },

    'mailBatches.open': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const businessDate = ensureBusinessDay(db, s.user.id, env.today(), env.nowIso());
        const id = openMailBatch(db, { userId: s.user.id, station: s.station, businessDate, at: env.nowIso(), controlCount: input.controlCount, controlTotalCents: input.controlTotalCents });
        return getMailBatch(db, id);
      })();
    },

    'mailBatches.addItem': (input) =>
      db.transaction(() => {
        addMailItem(db, { ...input, at: env.nowIso() });
        return getMailBatch(db, input.batchId);
      })(),

    'mailBatches.updateItem': (input) =>
      db.transaction(() => {
        updateMailItem(db, input);
        return getMailBatch(db, input.batchId);
      })(),

    'mailBatches.removeItem': (input) =>
      db.transaction(() => {
        removeMailItem(db, input.batchId, input.itemId);
        return getMailBatch(db, input.batchId);
      })(),

    'mailBatches.get': (input) => getMailBatch(db, input.batchId),

    'mailBatches.list': () => {
      const day = openBusinessDate(db);
      const ids = db.prepare('SELECT id FROM mail_batches WHERE business_date = ? OR posted_at IS NULL ORDER BY id DESC').all(day ?? '') as Array<{ id: number }>;
      return { batches: ids.map((b) => getMailBatch(db, b.id)) };
    },

    'mailBatches.post': (input, ctx) => {
      const s = signedIn(ctx);
      return db.transaction(() => {
        const batch = requireOpenBatch(db, input.batchId);
        if (!batch.balanced) {
          throw new CoreError(
            'BATCH_OUT_OF_BALANCE',
            `Batch ${batch.id} does not match its controls: ${batch.count} of ${batch.controlCount} items, total off by ${batch.totalDifferenceCents} cents.`,
            { countDifference: batch.countDifference, totalDifferenceCents: batch.totalDifferenceCents },
          );
        }
        const settings = env.settings();
        for (const item of batch.items) {
          const req = {
            lines: [{ type: 'account' as const, accountId: item.accountId, amountCents: item.amountCents }],
            // A check keyed without its number stays a check ("number not given"), never a money order.
            tenders: [item.tenderKind === 'check' ? { kind: 'check' as const, amountCents: item.amountCents, checkNumber: item.checkNumber as string, payer: item.payer ?? item.name } : { kind: 'money_order' as const, amountCents: item.amountCents }],
            payer: item.payer ?? item.name,
          };
          const plan = planPayment(db, req, settings);
          postPlannedPayment(db, req, plan, {
            userId: s.user.id,
            station: batch.station,
            businessDate: batch.businessDate,
            postedAt: env.nowIso(),
            drawerId: null,
            mailBatchId: batch.id,
            mailItemId: item.id,
            idempotencyKey: `mail-item-${item.id}`,
          });
        }
        db.prepare('UPDATE mail_batches SET posted_at = ?, posted_by = ? WHERE id = ?').run(env.nowIso(), s.user.id, batch.id);
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, station: s.station, action: 'mailBatch.post', subject: `batch ${batch.id}`, details: { count: batch.count, totalCents: batch.totalCents } });
        return getMailBatch(db, batch.id);
      })();
    },

    'payments.findReturnable': (input) => findReturnable(db, input),

    'letters.pdf': async (input) => {
      const st = env.settings();
      // The service desk's letters render from their recorded row (documents/letters.ts).
      const row = getLetterRow(db, input.letterId);
      if (row.kind !== 'returned_payment') {
        const doc = await renderLetterPdf(row, { name: st.townName, address: st.townAddress, phone: st.townPhone, timeZone: st.timeZone });
        const number = (JSON.parse(row.details ?? '{}') as { accountNumber?: string }).accountNumber ?? String(row.account_id);
        return { filename: `${row.kind.replace(/_/g, '-')}-letter-${number}-${row.id}.pdf`, contentBase64: doc.bytes.toString('base64'), pages: doc.pages };
      }
      const letter = returnedPaymentLetter(db, input.letterId);
      const out = await returnedPaymentLetterPdf(letter, { name: st.townName, address: st.townAddress, phone: st.townPhone, timeZone: st.timeZone });
      return { filename: `returned-payment-letter-${letter.accountNumber}-${letter.letterId}.pdf`, contentBase64: out.bytes.toString('base64'), pages: out.pages };
    },

    'payments.return': (input, ctx) => {
      const s = signedIn(ctx);
      if (!findReceiptRow(db, { number: input.receiptNumber })) throw new CoreError('NOT_FOUND', `No receipt ${input.receiptNumber}.`);
      const approvedBy = approve(s, input.override, 'Recording a returned payment');
      return db.transaction(() => {
        const businessDate = ensureBusinessDay(db, s.user.id, env.today(), env.nowIso());
        const result = postReturnedPayment(db, input, { userId: s.user.id, approvedBy, station: s.station, businessDate, postedAt: env.nowIso(), feeCents: env.settings().returnedCheckFeeCents });
        recordAudit(db, { at: env.nowIso(), userId: s.user.id, approvedBy, station: s.station, action: 'payment.returned', subject: input.receiptNumber, reason: input.reason, details: { feeCents: result.feeCents, cashOnlySet: result.cashOnlySet } });
        return { receipt: receiptDocument(db, { receiptId: result.receiptId }, env.settings()), feeCents: result.feeCents, cashOnlySet: result.cashOnlySet, letterId: result.letterId };
      })();
    },

    'payments.transfer': (input, ctx) => {
      const s = signedIn(ctx);
      const req = { receiptNumber: input.receiptNumber, fromAccountId: input.fromAccountId, toAccountId: input.toAccountId, amountCents: input.amountCents, reason: input.reason };
      const replay = findTransferByKey(db, input.idempotencyKey, req);
      if (replay) return replay;
      checkTransfer(db, req);
      const settings = env.settings();
      const approvedBy = transferNeedsSupervisor(input.amountCents, settings)
        ? approve(s, input.override, `Moving ${formatCents(input.amountCents, { symbol: true })} (over the ${formatCents(settings.adjustmentApprovalLimitCents, { symbol: true })} adjustment limit)`)
        : null;
      return db.transaction(() => {
        const again = findTransferByKey(db, input.idempotencyKey, req);
        if (again) return again;
        const businessDate = ensureBusinessDay(db, s.user.id, env.today(), env.nowIso());
        const id = postTransfer(db, req, { userId: s.user.id, approvedBy, station: s.station, businessDate, postedAt: env.nowIso(), idempotencyKey: input.idempotencyKey, settings });
        const t = getTransfer(db, id);
        recordAudit(db, {
          at: env.nowIso(),
          userId: s.user.id,
          approvedBy,
          station: s.station,
          action: 'payment.transfer',
          subject: t.receiptNumber,
          reason: input.reason,
          details: { from: t.fromAccountNumber, to: t.toAccountNumber, amountCents: t.amountCents },
        });
        return t;
      })();
    },

    'payments.transfers': (input) => ({ transfers: listTransfers(db, { accountId: input.accountId }) }),
  };
}

/** The supervisor is needed when the amount moved is over the adjustment approval limit. */
function transferNeedsSupervisor(amountCents: number, settings: SettingsValues): boolean {
  return amountCents > settings.adjustmentApprovalLimitCents;
}

/** Refuses a payment whose confirmations the cashier has not given (the first one's code). */
function checkConfirmed(confirmations: PaymentPreview['confirmations'], confirmed: boolean): void {
  const first = confirmations[0];
  if (!first || confirmed) return;
  throw new CoreError(first.code as 'CONFIRM_CHANGE', confirmations.map((c) => c.message).join(' '), { confirmations });
}

function checkVoidable(db: Db, r: NonNullable<ReturnType<typeof findReceiptRow>>, userId: number, isSupervisor: boolean): void {
  if (db.prepare("SELECT 1 FROM journal_entries WHERE reverses_entry_id = ? AND kind = 'void'").get(r.entry_id)) throw new CoreError('ALREADY_VOID', `Receipt ${r.number} is already void.`);
  if (r.drawer_id === null) throw new CoreError('VOID_NOT_ALLOWED', `Receipt ${r.number} is a mail payment; correct it with a returned payment or an adjustment.`);
  if (db.prepare('SELECT 1 FROM returned_payments WHERE receipt_id = ?').get(r.id)) throw new CoreError('VOID_NOT_ALLOWED', `Receipt ${r.number} has a returned payment recorded; it can't be voided.`);
  const drawer = getDrawer(db, r.drawer_id);
  if (drawer.closedAt !== null) throw new CoreError('VOID_NOT_ALLOWED', `The drawer that took receipt ${r.number} is closed; make a refund or an adjustment instead.`);
  if (openBusinessDate(db) !== r.business_date) throw new CoreError('VOID_NOT_ALLOWED', `Receipt ${r.number} is from business day ${r.business_date}; only same-day receipts can be voided.`);
  if (drawer.userId !== userId && !isSupervisor) throw new CoreError('VOID_NOT_ALLOWED', `Receipt ${r.number} belongs to ${drawer.cashier}'s drawer.`);
}
