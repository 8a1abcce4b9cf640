// Schemas and contract entries for the service desk's part D: extensions and payment
// arrangements (arrangements.*), bill adjustments with supervisor approval and the adjustment
// sheet (adjustments.*), bill research and the leak-adjustment calculator.
import { z } from 'zod';
import { id, idempotencyKey, plainText } from './common-schemas';
import { calendarDate } from './calendar';
import type { Permission } from '../domain';
import { PdfDocument } from './day-end-schemas';

const cents = z.int().min(-99_999_999_999).max(99_999_999_999);
const positiveCents = z.int().min(1).max(99_999_999_999);
const reason = plainText(500).pipe(z.string().min(3, 'say why (at least 3 characters)'));

// Arrangements -------------------------------------------------------------------------------

export const ARRANGEMENT_KINDS = ['extension', 'arrangement'] as const;
export type ArrangementKind = (typeof ARRANGEMENT_KINDS)[number];
export const ARRANGEMENT_STATUSES = ['active', 'kept', 'broken', 'cancelled'] as const;
export const INSTALLMENT_STATES = ['paid', 'missed', 'due', 'upcoming'] as const;

export const InstallmentView = z.object({
  seq: z.int(),
  dueDate: calendarDate,
  amountCents: cents,
  /** Sum of the installments up to and including this one. */
  cumulativeCents: cents,
  state: z.enum(INSTALLMENT_STATES),
});
export type InstallmentView = z.infer<typeof InstallmentView>;

export const ArrangementView = z.object({
  id,
  accountId: id,
  kind: z.enum(ARRANGEMENT_KINDS),
  createdOn: calendarDate,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  totalCents: cents,
  note: z.string().nullable(),
  status: z.enum(ARRANGEMENT_STATUSES),
  endedOn: calendarDate.nullable(),
  endedReason: z.string().nullable(),
  letterId: id.nullable(),
  installments: z.array(InstallmentView),
});
export type ArrangementView = z.infer<typeof ArrangementView>;

/** How an account's arrangement stands on a date (what the cut-off list asks). */
export const ArrangementStanding = z.object({
  date: calendarDate,
  arrangementId: id.nullable(),
  /** none: no arrangement in force that day; keeping: every installment due so far paid; kept: paid in full; broken: an installment missed. */
  state: z.enum(['none', 'keeping', 'kept', 'broken']),
  /** True while the arrangement keeps the account off the cut-off list. */
  excludesFromCutoff: z.boolean(),
  /** Payments (net of voids and returns) and posted adjustments counted toward the arrangement from its start to the date. */
  paidCents: cents,
  totalCents: cents,
  /** The first missed installment's due date. */
  missedDueDate: calendarDate.nullable(),
  installments: z.array(InstallmentView),
});
export type ArrangementStanding = z.infer<typeof ArrangementStanding>;

export const ArrangementOverview = z.object({
  accountId: id,
  accountNumber: z.string(),
  balanceCents: cents,
  standing: ArrangementStanding,
  arrangements: z.array(ArrangementView),
  limits: z.object({
    maxPer12Months: z.int(),
    maxMonths: z.int(),
    /** Arrangements and extensions made in the 12 months up to today (cancelled ones not counted). */
    usedIn12Months: z.int(),
    /** The last date an installment may fall on for one made today. */
    latestDueDate: calendarDate,
    /** Why a new one can't be made today (null: it can). */
    refusal: z.string().nullable(),
  }),
});
export type ArrangementOverview = z.infer<typeof ArrangementOverview>;

export const CreateArrangementInput = z.strictObject({
  accountId: id,
  kind: z.enum(ARRANGEMENT_KINDS),
  installments: z.array(z.strictObject({ dueDate: calendarDate, amountCents: positiveCents })).min(1).max(24),
  note: plainText(500).optional(),
  idempotencyKey,
});
export type CreateArrangementInput = z.infer<typeof CreateArrangementInput>;

// Adjustments --------------------------------------------------------------------------------

export const ADJUSTMENT_REASONS = ['meter_misread', 'leak', 'billing_error', 'penalty_waiver', 'courtesy_credit'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];
export const ADJUSTMENT_REASON_LABELS: Record<AdjustmentReason, string> = {
  meter_misread: 'Meter misread',
  leak: 'Leak adjustment',
  billing_error: 'Billing error',
  penalty_waiver: 'Penalty waiver',
  courtesy_credit: 'Courtesy credit',
};
export const ADJUSTMENT_STATUSES = ['pending', 'posted', 'rejected'] as const;

export const LeakLine = z.object({
  service: z.enum(['water', 'sewer']),
  chargeId: id,
  chargeCents: cents,
  openCents: cents,
  /** The charge for the bill's gallons, for the average gallons, and the difference (the excess's charge). */
  fullCents: cents,
  averageCents: cents,
  excessCents: cents,
  /** The excess billed at leakExcessRatePercent of the rate. */
  reducedExcessCents: cents,
  adjustmentCents: cents,
});
export type LeakLine = z.infer<typeof LeakLine>;

export const LeakCalculation = z.object({
  accountId: id,
  billId: id,
  billDate: calendarDate,
  periodFrom: calendarDate,
  periodTo: calendarDate,
  gallons: z.int(),
  averageGallons: z.int(),
  /** Bills the average is taken over (those dated in the 12 months before the leak bill). */
  averageOverBills: z.int(),
  excessGallons: z.int(),
  ratePercent: z.int(),
  lines: z.array(LeakLine),
  totalCents: cents,
  /** The steps to the cent, in words, as the sheet prints them. */
  arithmetic: z.array(z.string()),
  /** Null when a leak adjustment may be requested; else why not. */
  refusal: z.string().nullable(),
  /** The refusal is the once-per-leakMaxPer12Months limit (or this bill had one). */
  limited: z.boolean(),
});
export type LeakCalculation = z.infer<typeof LeakCalculation>;

export const AdjustmentView = z.object({
  id,
  number: z.string(),
  accountId: id,
  accountNumber: z.string(),
  customerName: z.string(),
  chargeId: id,
  chargeDescription: z.string(),
  chargeDueDate: calendarDate,
  chargeAmountCents: cents,
  /** What is still open on the charge now. */
  chargeOpenCents: cents,
  reasonCode: z.enum(ADJUSTMENT_REASONS),
  reasonLabel: z.string(),
  amountCents: cents,
  explanation: z.string(),
  status: z.enum(ADJUSTMENT_STATUSES),
  requestedOn: calendarDate,
  requestedAt: z.string(),
  requestedBy: z.string().nullable(),
  station: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  entryId: id.nullable(),
  leakBillId: id.nullable(),
  calculation: LeakCalculation.nullable(),
  /** Over adjustmentApprovalLimitCents: needs a supervisor's approval. */
  needsApproval: z.boolean(),
});
export type AdjustmentView = z.infer<typeof AdjustmentView>;

export const RequestAdjustmentInput = z.strictObject({
  accountId: id,
  chargeId: id,
  reasonCode: z.enum(ADJUSTMENT_REASONS).exclude(['leak']),
  amountCents: positiveCents,
  explanation: plainText(1000).pipe(z.string().min(3, 'explain the adjustment (at least 3 characters)')),
  idempotencyKey,
});
export type RequestAdjustmentInput = z.infer<typeof RequestAdjustmentInput>;

// Bill research -----------------------------------------------------------------------------

export const ResearchBill = z.object({
  billId: id,
  billKind: z.enum(['regular', 'final']),
  billDate: calendarDate,
  periodFrom: calendarDate,
  periodTo: calendarDate,
  waterGallons: z.int().nullable(),
  electricKwh: z.int().nullable(),
  totalCents: cents,
  /** Percent above (+) or below (−) the 12-month average; null when there is no average or no reading. */
  waterPercentOff: z.int().nullable(),
  electricPercentOff: z.int().nullable(),
  /** More than billResearchFlagPercent off the 12-month average. */
  flagged: z.boolean(),
  /** Open water/sewer charges of the bill (what a leak adjustment would correct). */
  leakEligible: z.boolean(),
});
export type ResearchBill = z.infer<typeof ResearchBill>;

export const BillResearch = z.object({
  accountId: id,
  accountNumber: z.string(),
  asOf: calendarDate,
  flagPercent: z.int(),
  /** Averages over bills dated in the 12 months up to asOf (null: no such bill with a reading). */
  averageWaterGallons: z.int().nullable(),
  averageElectricKwh: z.int().nullable(),
  averageOverBills: z.int(),
  bills: z.array(ResearchBill),
  openCharges: z.array(
    z.object({ id, description: z.string(), kind: z.string(), dueDate: calendarDate, amountCents: cents, openCents: cents, pendingCents: cents }),
  ),
});
export type BillResearch = z.infer<typeof BillResearch>;

// Contract entries ---------------------------------------------------------------------------

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

const byAdjustment = z.strictObject({ adjustmentId: id });

/** Spread into `contract` (src-shared/ipc/contract.ts). */
export const adjustmentContract = {
  'arrangements.get': method({
    description: "An account's arrangement standing today, its arrangements and extensions, and the limits for a new one.",
    input: z.strictObject({ accountId: id }),
    output: ArrangementOverview,
    permission: 'accounts.read',
  }),
  'arrangements.standing': method({
    description: 'How an account’s arrangement stands on a date: kept so far, paid in full, broken, or none.',
    input: z.strictObject({ accountId: id, date: calendarDate }),
    output: ArrangementStanding,
    permission: 'accounts.read',
  }),
  'arrangements.create': method({
    description: 'Make a due-date extension (one installment) or a payment arrangement (installments with dates) within the limits; issues the confirmation letter.',
    input: CreateArrangementInput,
    output: ArrangementView,
    permission: 'service.intake',
    mutates: true,
  }),
  'arrangements.cancel': method({
    description: 'End an active arrangement at the customer’s or the office’s request, with a reason.',
    input: z.strictObject({ arrangementId: id, reason }),
    output: ArrangementView,
    permission: 'service.intake',
    mutates: true,
  }),
  'arrangements.review': method({
    description: 'Ends every active arrangement that was kept in full or broken by a missed installment as of today (clears the account flag).',
    input: z.strictObject({}),
    output: z.object({ reviewed: z.int(), kept: z.int(), broken: z.int() }),
    permission: 'service.intake',
    mutates: true,
  }),
  'adjustments.request': method({
    description: 'Request an adjustment of one charge (reason, amount up to what is open, explanation); at or under the approval limit it posts at once, over it waits for a supervisor.',
    input: RequestAdjustmentInput,
    output: AdjustmentView,
    permission: 'adjustments.request',
    mutates: true,
  }),
  'adjustments.approve': method({
    description: 'A supervisor approves a pending adjustment (not their own request): it posts.',
    input: byAdjustment,
    output: AdjustmentView,
    permission: 'adjustments.approve',
    mutates: true,
  }),
  'adjustments.reject': method({
    description: 'A supervisor rejects a pending adjustment, with a reason; nothing posts.',
    input: z.strictObject({ adjustmentId: id, reason }),
    output: AdjustmentView,
    permission: 'adjustments.approve',
    mutates: true,
  }),
  'adjustments.list': method({
    description: 'Adjustments, newest first: the approval queue (status pending), one account’s, or the recent ones.',
    input: z.strictObject({ status: z.enum(ADJUSTMENT_STATUSES).optional(), accountId: id.optional(), limit: z.int().min(1).max(500).default(100) }),
    output: z.object({ adjustments: z.array(AdjustmentView), approvalLimitCents: cents }),
    permission: 'accounts.read',
  }),
  'adjustments.get': method({
    description: 'One adjustment.',
    input: byAdjustment,
    output: AdjustmentView,
    permission: 'accounts.read',
  }),
  'adjustments.sheet': method({
    description: 'The adjustment sheet as PDF (reason, charge, amount, explanation, who requested and approved, a leak calculation’s arithmetic).',
    input: byAdjustment,
    output: PdfDocument,
    permission: 'accounts.read',
  }),
  'adjustments.research': method({
    description: 'Bill research: consumption history with the 12-month average and the bills flagged far from it, and the open charges an adjustment can correct.',
    input: z.strictObject({ accountId: id }),
    output: BillResearch,
    permission: 'accounts.read',
  }),
  'adjustments.leakCalc': method({
    description: 'The leak-adjustment calculator for one bill: the excess over the 12-month average billed at the town’s reduced rate, per water and sewer charge.',
    input: z.strictObject({ accountId: id, billId: id }),
    output: LeakCalculation,
    permission: 'accounts.read',
  }),
  'adjustments.requestLeak': method({
    description: 'Turn a leak calculation into adjustment requests (one per charge), within leakMaxPer12Months; over the approval limit in total they wait for a supervisor.',
    input: z.strictObject({ accountId: id, billId: id, explanation: plainText(1000).pipe(z.string().min(3)), idempotencyKey }),
    output: z.object({ adjustments: z.array(AdjustmentView), calculation: LeakCalculation }),
    permission: 'adjustments.request',
    mutates: true,
  }),
};
