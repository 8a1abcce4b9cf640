// Schemas and contract entries for deposits and letters (issue 14 part B): the deposit quote with
// its arithmetic, letters of credit, the refund eligibility run, the deposit liability report, and
// the letters recorded on an account (issue, list; letters.pdf prints any of them).
import { z } from 'zod';
import { SERVICES, type Permission } from '../domain';
import { calendarDate } from './calendar';
import { id, idempotencyKey, plainText } from './common-schemas';
import { PdfDocument } from './day-end-schemas';

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

const cents = z.int();
const required = (max: number, what: string) => plainText(max).refine((s) => s.length > 0, `${what} is required`);

export const LetterOfCreditRef = z.object({ letterOfCreditId: id, utility: z.string(), receivedOn: z.string(), goodMonths: z.int() });

export const DepositQuote = z.object({
  requiredCents: cents,
  computedCents: cents,
  basis: z.enum(['history', 'class_default', 'commercial_estimate']),
  history: z.object({ from: z.string(), to: z.string(), bills: z.int(), totalCents: cents, averageCents: cents.nullable() }),
  estimatedMonthlyCents: cents.nullable(),
  estimatedAnnualCents: cents.nullable(),
  capCents: cents.nullable(),
  capApplied: z.boolean(),
  arithmetic: z.array(z.string()),
  waivedBy: LetterOfCreditRef.nullable(),
});
export type DepositQuote = z.infer<typeof DepositQuote>;

export const LetterOfCreditView = z.object({
  id,
  customerId: id,
  customerName: z.string(),
  utility: z.string(),
  utilityAccount: z.string().nullable(),
  receivedOn: z.string(),
  letterDated: z.string().nullable(),
  goodMonths: z.int(),
  note: z.string().nullable(),
  createdAt: z.string(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  /** Waives a deposit today (received within letterOfCreditMaxAgeDays, enough months of good payment, not voided). */
  waivesToday: z.boolean(),
});
export type LetterOfCreditView = z.infer<typeof LetterOfCreditView>;

export const CriterionView = z.object({ key: z.enum(['paidBills', 'lateLimit', 'noDisconnect', 'noReturnedPayment', 'notPastDue']), met: z.boolean(), detail: z.string() });
export const EligibilityView = z.object({
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  heldCents: cents,
  unpaidCents: cents,
  interestCents: cents,
  eligible: z.boolean(),
  criteria: z.array(CriterionView),
});
export type EligibilityView = z.infer<typeof EligibilityView>;

export const RefundRunView = z.object({
  runId: id,
  asOf: z.string(),
  status: z.enum(['posting', 'posted']),
  accounts: z.int(),
  eligible: z.int(),
  posted: z.int(),
  postedCents: cents,
  refunds: z.array(z.object({ accountId: id, accountNumber: z.string(), depositCents: cents, creditCents: cents, letterId: id.nullable() })),
});

export const LiabilityReportView = z.object({
  asOf: z.string(),
  rows: z.array(z.object({ accountId: id, accountNumber: z.string(), name: z.string(), status: z.string(), heldCents: cents, unpaidCents: cents, paidCents: cents })),
  totals: z.object({ accounts: z.int(), heldCents: cents, unpaidCents: cents, paidCents: cents }),
  glBalanceCents: cents,
});
export type LiabilityReportView = z.infer<typeof LiabilityReportView>;

export const ISSUABLE_LETTERS = ['credit_reference', 'deposit_receipt', 'welcome'] as const;
export const LETTER_KIND_VALUES = ['returned_payment', 'cutoff_notice', 'setoff_notice', 'credit_reference', 'general', 'deposit_receipt', 'deposit_refund', 'welcome', 'arrangement', 'service_confirmation', 'adjustment_sheet'] as const;
export const LetterView = z.object({ id, kind: z.enum(LETTER_KIND_VALUES), subject: z.string(), language: z.enum(['en', 'es']), createdAt: z.string(), createdBy: z.string().nullable(), sentAt: z.string().nullable() });
export type LetterView = z.infer<typeof LetterView>;

export const DepositAccountView = z.object({
  accountId: id,
  heldCents: cents,
  unpaidCents: cents,
  paidCents: cents,
  chargedOn: z.string().nullable(),
  eligibility: EligibilityView,
  lettersOfCredit: z.array(LetterOfCreditView),
});
export type DepositAccountView = z.infer<typeof DepositAccountView>;

export const depositsContract = {
  'deposits.quote': method({
    description: 'The deposit a new service must pay at a location, with the arithmetic shown (history, class default, cap, commercial) and any letter of credit that waives it. Writes nothing.',
    input: z.strictObject({
      locationId: id,
      serviceClass: z.enum(['residential', 'commercial']).optional(),
      services: z.array(z.enum(SERVICES)).min(1, 'choose at least one service').max(5).refine((s) => new Set(s).size === s.length, 'each service once'),
      customerId: id.optional(),
    }),
    output: DepositQuote,
    permission: 'service.intake',
  }),
  'deposits.forAccount': method({
    description: "An account's deposit: held, unpaid and paid, the refund criteria as of today, and the customer's letters of credit.",
    input: z.strictObject({ accountId: id }),
    output: DepositAccountView,
    permission: 'accounts.read',
  }),
  'lettersOfCredit.record': method({
    description: "Record a letter of credit received from a customer's previous utility (months of good payment); one received recently enough with enough months waives the deposit.",
    input: z.strictObject({
      customerId: id,
      utility: required(120, 'the utility'),
      utilityAccount: plainText(40).optional(),
      receivedOn: calendarDate,
      letterDated: calendarDate.optional(),
      goodMonths: z.int().min(0).max(600),
      note: plainText(500).optional(),
    }),
    output: LetterOfCreditView,
    permission: 'service.intake',
    mutates: true,
  }),
  'lettersOfCredit.list': method({
    description: "Letters of credit on file: one customer's, or the latest received.",
    input: z.strictObject({ customerId: id.optional(), limit: z.int().min(1).max(200).optional() }),
    output: z.object({ rows: z.array(LetterOfCreditView) }),
    permission: 'service.intake',
  }),
  'lettersOfCredit.void': method({
    description: 'Void a letter of credit entered in error, with a reason (it stays on file, marked void).',
    input: z.strictObject({ id, reason: required(500, 'the reason') }),
    output: LetterOfCreditView,
    permission: 'service.intake',
    mutates: true,
  }),
  'depositRefunds.preview': method({
    description:
      'The refund eligibility of every active account holding a deposit as of today, each criterion met or not: the counts and every eligible account, and up to 2,000 rows (eligible first). Writes nothing.',
    input: z.strictObject({}),
    output: z.object({ asOf: z.string(), accounts: z.int(), rows: z.array(EligibilityView), eligible: z.int(), eligibleCents: cents, eligibleIds: z.array(id) }),
    permission: 'service.intake',
  }),
  'depositRefunds.run': method({
    description: 'Refund the eligible deposits as account credit (each decision recorded, posted in short chunks, a deposit refund letter each); the same key resumes or returns the run.',
    input: z.strictObject({ idempotencyKey, accountIds: z.array(id).min(1).max(100_000).optional() }),
    output: RefundRunView,
    permission: 'deposits.refund',
    mutates: true,
  }),
  'deposits.liability': method({
    description: 'The deposit liability report: per account the deposit held, unpaid and paid, with totals and the GL 2200 balance.',
    input: z.strictObject({}),
    output: LiabilityReportView,
    permission: 'service.intake',
  }),
  'deposits.liabilityPdf': method({
    description: 'The deposit liability report as PDF.',
    input: z.strictObject({}),
    output: PdfDocument,
    permission: 'service.intake',
  }),
  'deposits.liabilityCsv': method({
    description: 'The deposit liability report as CSV.',
    input: z.strictObject({}),
    output: z.object({ filename: z.string(), content: z.string() }),
    permission: 'service.intake',
  }),
  'letters.issue': method({
    description: "Issue a letter on an account from its ledger history: credit reference (the last creditReferenceMonths), deposit receipt or welcome letter, in the customer's language unless given.",
    input: z.strictObject({ accountId: id, kind: z.enum(ISSUABLE_LETTERS), language: z.enum(['en', 'es']).optional() }),
    output: LetterView,
    permission: 'service.intake',
    mutates: true,
  }),
  'letters.list': method({
    description: 'The letters recorded on an account, newest first.',
    input: z.strictObject({ accountId: id }),
    output: z.object({ rows: z.array(LetterView) }),
    permission: 'accounts.read',
  }),
};
