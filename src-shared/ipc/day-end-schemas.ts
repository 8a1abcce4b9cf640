// Schemas for the end of the day: pickups, blind counts, drawer close with over/short,
// the day's reports and closing the business day.
import { z } from 'zod';
import { freeText } from '../free-text';
import { amount, id, isoDate, PaymentTransfer, signedCents } from './counter-schemas';

/**
 * A check or money order in the blind count: either ticked off the drawer's own list (receipt
 * number and tender line; the core takes number, payer and amount from the receipt) or keyed by
 * hand (number — digits only, letters are refused — amount and payer).
 */
export const CheckListItem = z
  .strictObject({
    checkNumber: z.string().trim().min(1).max(20).regex(/^\d+$/, 'a check or money order number is digits only').optional(),
    amountCents: amount.optional(),
    payer: freeText(z.string().trim().max(80)).optional(),
    receiptNumber: z.string().trim().min(3).max(20).optional(),
    tenderLineNo: z.int().positive().max(100).optional(),
  })
  .refine((c) => (c.receiptNumber !== undefined) === (c.tenderLineNo !== undefined), { message: 'a ticked check names both its receipt and tender line', path: ['tenderLineNo'] })
  .refine((c) => c.receiptNumber !== undefined || (c.checkNumber !== undefined && c.amountCents !== undefined), { message: 'a check keyed by hand needs its number and amount', path: ['checkNumber'] });

export const DrawerCheck = z.object({
  receiptNumber: z.string(),
  tenderLineNo: z.int(),
  kind: z.enum(['check', 'money_order', 'remittance']),
  checkNumber: z.string().nullable(),
  payer: z.string().nullable(),
  amountCents: signedCents,
});

export const DenominationCount = z.object({ denominationCents: z.int(), count: z.int() });

export const Pickup = z.object({
  id,
  drawerId: id,
  at: z.string(),
  supervisor: z.string(),
  cashier: z.string(),
  amountCents: signedCents,
  counts: z.array(DenominationCount),
  note: z.string().nullable(),
});
export type Pickup = z.infer<typeof Pickup>;

export const Variances = z.object({ cash: signedCents, checks: signedCents, card: signedCents });

/** One submitted count of a drawer: the first is the cashier's count of record, later ones are recounts. */
export const CountSummary = z.object({
  countId: id,
  at: z.string(),
  countedBy: z.string(),
  recount: z.boolean(),
  countedCashCents: signedCents,
  countedChecksCents: signedCents,
  cardBatchCents: signedCents,
  expected: z.object({ cash: signedCents, checks: signedCents, card: signedCents }),
  variances: Variances,
  /** Any variance of this count over the limit. */
  overLimit: z.boolean(),
});
export type CountSummary = z.infer<typeof CountSummary>;

export const CountResult = z.object({
  countId: id,
  at: z.string(),
  countedBy: z.string(),
  /** A later count of a drawer already counted (the first count stays the count of record). */
  recount: z.boolean(),
  /** Every count of the drawer so far, the count of record first. */
  counts: z.array(CountSummary),
  drawerId: id,
  countedCashCents: signedCents,
  countedChecksCents: signedCents,
  cardBatchCents: signedCents,
  expected: z.object({ cash: signedCents, checks: signedCents, card: signedCents }),
  variances: Variances,
  limitCents: signedCents,
  needsSupervisor: z.boolean(),
});
export type CountResult = z.infer<typeof CountResult>;

export const DrawerReport = z.object({
  drawerId: id,
  station: z.string(),
  cashier: z.string(),
  businessDate: isoDate,
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  startingCents: signedCents,
  tenders: z.object({ cash: signedCents, check: signedCents, card: signedCents, money_order: signedCents, remittance: signedCents, change: signedCents }),
  voids: z.object({ count: z.int(), totalCents: signedCents }),
  receiptCount: z.int(),
  collectedCents: signedCents,
  pickups: z.array(Pickup),
  pickupsCents: signedCents,
  /** Withheld (null) from the cashier until the drawer is counted: the close is blind. */
  expected: z.object({ cash: signedCents, checks: signedCents, card: signedCents }).nullable(),
  count: z
    .object({
      countId: id,
      at: z.string(),
      cash: z.array(DenominationCount),
      countedCashCents: signedCents,
      checks: z.array(z.object({ checkNumber: z.string(), amountCents: signedCents, payer: z.string().nullable() })),
      countedChecksCents: signedCents,
      cardBatchCents: signedCents,
    })
    .nullable(),
  variances: Variances.nullable(),
  /** Every submitted count, the cashier's count of record first, then any recounts (who, when). */
  counts: z.array(CountSummary),
  overShortCents: signedCents.nullable(),
  closeNote: z.string().nullable(),
  approvedBy: z.string().nullable(),
});
export type DrawerReport = z.infer<typeof DrawerReport>;

const TenderTotals = z.object({ cash: signedCents, check: signedCents, card: signedCents, money_order: signedCents, remittance: signedCents });

export const DailyCashReport = z.object({
  businessDate: isoDate,
  townName: z.string(),
  status: z.enum(['open', 'closed']),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  tenders: TenderTotals,
  changeCents: signedCents,
  netCollectedCents: signedCents,
  byGl: z.array(z.object({ glCode: z.string(), name: z.string(), debitCents: signedCents, creditCents: signedCents })),
  byCashier: z.array(z.object({ cashier: z.string(), receipts: z.int(), voids: z.int(), netCents: signedCents })),
  byRevenue: z.array(z.object({ label: z.string(), glCode: z.string(), amountCents: signedCents })),
  voids: z.array(z.object({ receiptNumber: z.string(), cashier: z.string(), amountCents: signedCents, reason: z.string().nullable(), approvedBy: z.string().nullable() })),
  returned: z.array(z.object({ receiptNumber: z.string(), amountCents: signedCents, reason: z.string(), feeCents: signedCents })),
  mailBatches: z.array(z.object({ id, count: z.int(), totalCents: signedCents, postedAt: z.string().nullable() })),
  /** Payments moved from one account to another this business day (each keeps its original receipt). */
  transfers: z.array(PaymentTransfer),
  drawers: z.array(z.object({ drawerId: id, cashier: z.string(), station: z.string(), closed: z.boolean(), overShortCents: signedCents.nullable() })),
  overShortCents: signedCents,
  receiptCount: z.int(),
  /**
   * Tender totals to the GL section, line by line: the receipts' net, payments that posted
   * without a counter receipt (bank drafts, converted history), returned payments and over/short
   * add up to the net of the collection accounts in the GL section; the difference is 0 when
   * the day ties out.
   */
  reconciliation: z.object({
    lines: z.array(z.object({ label: z.string(), count: z.int().nullable(), amountCents: signedCents })),
    expectedGlCents: signedCents,
    glCents: signedCents,
    differenceCents: signedCents,
  }),
  /** Every deposit slip of the day (each counted drawer, each posted mail batch) and what it carries. */
  deposits: z.array(z.object({ source: z.enum(['drawer', 'mail']), id, label: z.string(), cashCents: signedCents, checkCount: z.int(), checksCents: signedCents })),
  /** Checks, money orders and remittances received on the day that are on no deposit slip (should be none once drawers are counted). */
  checksNotDeposited: z.array(z.object({ receiptNumber: z.string(), kind: z.string(), checkNumber: z.string().nullable(), amountCents: signedCents, why: z.string() })),
});
export type DailyCashReport = z.infer<typeof DailyCashReport>;

export const ReceiptJournalReport = z.object({
  businessDate: isoDate,
  rows: z.array(z.object({ number: z.string(), postedAt: z.string(), cashier: z.string(), source: z.enum(['counter', 'mail']), status: z.enum(['posted', 'void', 'returned']), payer: z.string().nullable(), /** What the receipt paid: account number and name, or revenue code, per line. */ paidFor: z.string(), totalCents: signedCents, tenders: z.array(z.object({ kind: z.string(), amountCents: signedCents })) })),
  totalPostedCents: signedCents,
  totalVoidCents: signedCents,
});
export type ReceiptJournalReport = z.infer<typeof ReceiptJournalReport>;

export const BusinessDay = z.object({ businessDate: isoDate, openedAt: z.string(), closedAt: z.string().nullable(), closedBy: z.string().nullable(), openDrawers: z.int(), openBatches: z.int() });

/** A mail batch's deposit slip: the batch's checks and money orders, each with its receipt. */
export const MailDepositSlip = z.object({
  batchId: id,
  businessDate: isoDate,
  station: z.string(),
  postedAt: z.string().nullable(),
  items: z.array(z.object({ receiptNumber: z.string().nullable(), kind: z.enum(['check', 'money_order']), checkNumber: z.string().nullable(), payer: z.string().nullable(), accountNumber: z.string(), amountCents: signedCents })),
  totalCents: signedCents,
});
export type MailDepositSlip = z.infer<typeof MailDepositSlip>;

/** A check, money order or remittance found for a returned-item notice. */
export const ReturnableTender = z.object({
  receiptNumber: z.string(),
  businessDate: isoDate,
  postedAt: z.string(),
  source: z.enum(['counter', 'mail']),
  tenderLineNo: z.int(),
  kind: z.enum(['check', 'money_order', 'remittance']),
  checkNumber: z.string().nullable(),
  payer: z.string().nullable(),
  amountCents: signedCents,
  accounts: z.array(z.object({ accountNumber: z.string(), name: z.string() })),
  voided: z.boolean(),
  returned: z.object({ returnedOn: isoDate, reason: z.string(), letterId: z.int().nullable() }).nullable(),
});

export const PdfDocument = z.object({ filename: z.string(), contentBase64: z.string(), pages: z.int() });


