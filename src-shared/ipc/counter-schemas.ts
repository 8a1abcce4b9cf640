// Schemas for the front counter: drawers, payments, receipts, voids, mail batches and
// returned payments. Amounts are integer cents (the renderer parses what was typed with
// parseCents before sending).
import { z } from 'zod';
import { freeText } from '../free-text';
import { DENOMINATIONS } from '../denominations';
import { MAX_CENTS } from '../money';
import { calendarDate } from './calendar';

export const isoDate = calendarDate;
export const id = z.int().positive().max(Number.MAX_SAFE_INTEGER);
export const amount = z.int('amount must be a whole number of cents').positive('amount must be more than zero').max(MAX_CENTS, 'amount is too large');
export const signedCents = z.int().min(-99_999_999_999).max(99_999_999_999);
const text = (max: number) => freeText(z.string().trim().min(1).max(max));

export const DenominationCountInput = z.strictObject({
  denominationCents: z.int().refine((v) => DENOMINATIONS.some((d) => d.cents === v), 'not a US cash denomination'),
  count: z.int().min(0).max(100_000),
});

export const PaymentLineInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('account'), accountId: id, amountCents: amount }),
  z.strictObject({
    type: z.literal('revenue'),
    revenueCode: z.string().trim().toUpperCase().min(2).max(10),
    amountCents: amount,
    description: text(120).optional(),
    billRef: text(30).optional(),
    taxYear: z.int().min(1900).max(2200).optional(),
    department: text(60).optional(),
  }),
]);
export type PaymentLineInput = z.infer<typeof PaymentLineInput>;

export const CARD_BRANDS = ['VISA', 'MASTERCARD', 'AMEX', 'DISCOVER', 'OTHER'] as const;

export const TenderInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cash'), amountCents: amount }),
  z.strictObject({ kind: z.literal('check'), amountCents: amount, checkNumber: z.string().trim().regex(/^\d{1,10}$/, 'check number is 1 to 10 digits'), payer: text(80) }),
  z.strictObject({
    kind: z.literal('card'),
    amountCents: amount,
    brand: z.enum(CARD_BRANDS),
    last4: z.string().regex(/^\d{4}$/, 'enter only the last four digits of the card'),
    authCode: freeText(z.string().trim().regex(/^[A-Za-z0-9]{2,8}$/, 'authorization code is 2 to 8 letters or digits')),
  }),
  z.strictObject({ kind: z.literal('money_order'), amountCents: amount, reference: text(30).optional() }),
  z.strictObject({ kind: z.literal('remittance'), amountCents: amount, reference: text(40), payer: text(80).optional() }),
]);
export type TenderInput = z.infer<typeof TenderInput>;

export const PaymentRequest = z.strictObject({
  lines: z.array(PaymentLineInput).min(1, 'add at least one account or revenue line').max(20),
  tenders: z.array(TenderInput).max(10),
  payer: text(80).optional(),
});

export const AllocationView = z.object({ chargeId: id, description: z.string(), dueDate: isoDate, amountCents: signedCents });

export const PreviewLine = z.object({
  index: z.int(),
  type: z.enum(['account', 'revenue']),
  accountId: id.nullable(),
  accountNumber: z.string().nullable(),
  revenueCode: z.string().nullable(),
  description: z.string(),
  amountCents: signedCents,
  balanceBeforeCents: signedCents.nullable(),
  balanceAfterCents: signedCents.nullable(),
  allocations: z.array(AllocationView),
  creditCents: signedCents,
  notes: z.array(z.string()),
});

/** A problem, warning or confirmation; `line` / `tender` (0-based) say which field it belongs to. */
export const PreviewProblem = z.object({ code: z.string(), message: z.string(), line: z.int().min(0).optional(), tender: z.int().min(0).optional() });
export type PreviewProblem = z.infer<typeof PreviewProblem>;

/** What a cashier confirms before posting: change above the setting or the drawer's cash, a tender that becomes account credit. */
export const CONFIRMATION_CODES = ['CONFIRM_CHANGE', 'CONFIRM_CREDIT'] as const;

export const PaymentPreview = z.object({
  lines: z.array(PreviewLine),
  totalCents: signedCents,
  tenderedCents: signedCents,
  changeCents: signedCents,
  shortCents: signedCents,
  checkOverageCreditCents: signedCents,
  problems: z.array(PreviewProblem),
  canPost: z.boolean(),
  opensDrawer: z.boolean(),
  /** Said, not blocking: e.g. the same account paid the same amount earlier this business day. */
  warnings: z.array(PreviewProblem),
  /** Posting needs `confirmed: true` (codes CONFIRMATION_CODES). */
  confirmations: z.array(PreviewProblem),
  /** Posting needs a supervisor (the change is above the supervisor setting): the reason, or null. */
  supervisor: z.string().nullable(),
  /** Cash the drawer holds before this payment (null when there is no open drawer). */
  drawerCashCents: signedCents.nullable(),
});
export type PaymentPreview = z.infer<typeof PaymentPreview>;

export const ReceiptTender = z.object({
  lineNo: z.int(),
  kind: z.enum(['cash', 'check', 'card', 'money_order', 'remittance']),
  amountCents: signedCents,
  checkNumber: z.string().nullable(),
  payer: z.string().nullable(),
  cardBrand: z.string().nullable(),
  cardLast4: z.string().nullable(),
  authCode: z.string().nullable(),
  reference: z.string().nullable(),
});

export const ReceiptLine = z.object({
  lineNo: z.int(),
  type: z.enum(['account', 'revenue']),
  accountId: id.nullable(),
  accountNumber: z.string().nullable(),
  revenueCode: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  amountCents: signedCents,
  remainingBalanceCents: signedCents.nullable(),
  allocations: z.array(AllocationView),
});

export const Receipt = z.object({
  id,
  number: z.string(),
  station: z.string(),
  townName: z.string(),
  townAddress: z.string(),
  townPhone: z.string(),
  cashier: z.string(),
  businessDate: isoDate,
  postedAt: z.string(),
  payer: z.string().nullable(),
  lines: z.array(ReceiptLine),
  tenders: z.array(ReceiptTender),
  totalCents: signedCents,
  tenderedCents: signedCents,
  changeCents: signedCents,
  source: z.enum(['counter', 'mail']),
  status: z.enum(['posted', 'void']),
  voidedAt: z.string().nullable(),
  voidedBy: z.string().nullable(),
  voidReason: z.string().nullable(),
  returned: z.array(z.object({ tenderLineNo: z.int(), amountCents: signedCents, returnedOn: isoDate, reason: z.string() })),
});
export type Receipt = z.infer<typeof Receipt>;

export const DrawerView = z.object({
  id,
  station: z.string(),
  cashier: z.string(),
  userId: id,
  businessDate: isoDate,
  openedAt: z.string(),
  startingCents: signedCents,
  startingCount: z.array(z.object({ denominationCents: z.int(), count: z.int() })),
  closedAt: z.string().nullable(),
});
export type DrawerView = z.infer<typeof DrawerView>;

export const TenderTotals = z.object({ cash: signedCents, check: signedCents, card: signedCents, money_order: signedCents, remittance: signedCents, change: signedCents, net: signedCents });

export const JournalRow = z.object({
  receiptNumber: z.string(),
  postedAt: z.string(),
  status: z.enum(['posted', 'void']),
  payer: z.string().nullable(),
  description: z.string(),
  totalCents: signedCents,
  tenders: z.array(z.object({ kind: z.string(), amountCents: signedCents })),
  changeCents: signedCents,
});

export const DrawerJournal = z.object({
  drawer: DrawerView,
  rows: z.array(JournalRow),
  totals: TenderTotals,
  voidTotals: TenderTotals,
  receiptCount: z.int(),
  voidCount: z.int(),
  /** Withheld (null) from the cashier while the drawer is open: the close is blind. */
  expectedCashCents: signedCents.nullable(),
});
export type DrawerJournal = z.infer<typeof DrawerJournal>;

export const MailBatchItem = z.object({
  id,
  accountId: id,
  accountNumber: z.string(),
  /** The account's old number (conversion), so the line shows which account an old number on a stub found. */
  legacyNumber: z.string().nullable().default(null),
  name: z.string(),
  amountCents: signedCents,
  /** What was received: a check (its number may be missing) or a money order. */
  tenderKind: z.enum(['check', 'money_order']),
  checkNumber: z.string().nullable(),
  payer: z.string().nullable(),
  receiptNumber: z.string().nullable(),
});
export const MailBatch = z.object({
  id,
  businessDate: isoDate,
  station: z.string(),
  openedBy: z.string(),
  openedAt: z.string(),
  controlCount: z.int(),
  controlTotalCents: signedCents,
  count: z.int(),
  totalCents: signedCents,
  countDifference: z.int(),
  totalDifferenceCents: signedCents,
  balanced: z.boolean(),
  postedAt: z.string().nullable(),
  postedBy: z.string().nullable(),
  items: z.array(MailBatchItem),
});
export type MailBatch = z.infer<typeof MailBatch>;

export const RevenueCodeView = z.object({ code: z.string(), name: z.string(), glCode: z.string(), needsBillRef: z.boolean(), needsDepartment: z.boolean(), needsDescription: z.boolean() });

export const SupervisorOverrideInput = z.strictObject({ username: z.string().min(1).max(32), secret: z.string().min(1).max(128) });

/** A payment moved from the account it was keyed to onto the right one (a pair of journal entries). */
export const PaymentTransfer = z.object({
  id,
  receiptNumber: z.string(),
  fromAccountId: id,
  fromAccountNumber: z.string(),
  fromName: z.string(),
  toAccountId: id,
  toAccountNumber: z.string(),
  toName: z.string(),
  amountCents: signedCents,
  reason: z.string(),
  businessDate: isoDate,
  postedAt: z.string(),
  by: z.string(),
  approvedBy: z.string().nullable(),
  replayed: z.boolean(),
});
export type PaymentTransfer = z.infer<typeof PaymentTransfer>;
