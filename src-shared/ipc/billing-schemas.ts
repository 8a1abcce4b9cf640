// Schemas and contract entries for the billing run (billing.*): the preview of a cycle and
// period (accounts to bill, held accounts with their reasons, totals by service and class,
// estimated readings, last month's run beside it, every open exception), posting it in chunks
// (idempotent, resumable), the runs with their progress, and the bill documents: the run's PDF
// in parts, the print vendor's CSV and a duplicate bill from the account page.
import { z } from 'zod';
import { id } from './common-schemas';
import { SERVICES, type Permission } from '../domain';
import { PdfDocument } from './day-end-schemas';

const cycle = z.int().min(1).max(4);
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period is YYYY-MM');
const cents = z.int();

/** Bills per PDF part of a run: a part renders in a second or two and stays a few MB. */
export const BILLS_PER_PDF_PART = 500;

export const BillingRunView = z.object({
  id,
  cycle,
  period: z.string(),
  billDate: z.string(),
  dueDate: z.string(),
  status: z.enum(['posting', 'posted']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Accounts the run means to bill (updated when a run is continued). */
  planned: z.int(),
  /** Bills posted so far. */
  billed: z.int(),
  totalCents: cents,
  estimated: z.int(),
  /** Posting right now in this app (a run left 'posting' and not active was interrupted: post again to finish it). */
  active: z.boolean(),
  /** Share of the accounts looked at (0..1): live while posting, billed / planned otherwise. */
  progress: z.number().min(0).max(1),
  /** PDF parts of the run's bills (BILLS_PER_PDF_PART each). */
  parts: z.int(),
});
export type BillingRunView = z.infer<typeof BillingRunView>;

export const HeldAccount = z.object({
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  serviceAddress: z.string(),
  reasons: z.array(z.string()),
});
export type HeldAccount = z.infer<typeof HeldAccount>;

export const OpenException = z.object({
  id,
  meterNumber: z.string(),
  accountNumber: z.string().nullable(),
  routeCode: z.string().nullable(),
  readOn: z.string().nullable(),
  reason: z.string(),
  detail: z.string(),
});
export type OpenException = z.infer<typeof OpenException>;

const ServiceTotal = z.object({ service: z.enum(SERVICES), bills: z.int(), cents });
const ClassTotal = z.object({ serviceClass: z.enum(['residential', 'commercial']), bills: z.int(), cents });

export const BillingPreview = z.object({
  cycle,
  period: z.string(),
  billDate: z.string(),
  dueDate: z.string(),
  readFrom: z.string(),
  readTo: z.string(),
  /** The run of this cycle and period when one was started (posted or interrupted). */
  run: BillingRunView.nullable(),
  /** Accounts that would get a bill now (not counting those this run already billed). */
  toBill: z.int(),
  alreadyBilled: z.int(),
  totalCents: cents,
  byService: z.array(ServiceTotal),
  byClass: z.array(ClassTotal),
  /** Estimated readings behind the bills, and bills carrying at least one. */
  estimatedReadings: z.int(),
  estimatedBills: z.int(),
  /** The first accounts to bill (route order), for a look before posting. */
  sample: z.array(z.object({ accountId: id, accountNumber: z.string(), name: z.string(), serviceAddress: z.string(), totalCents: cents, estimated: z.boolean() })),
  held: z.array(HeldAccount),
  heldTotal: z.int(),
  lastMonth: z.object({ period: z.string(), billDate: z.string(), bills: z.int(), totalCents: cents, byService: z.array(ServiceTotal) }),
  exceptions: z.array(OpenException),
  exceptionsTotal: z.int(),
});
export type BillingPreview = z.infer<typeof BillingPreview>;

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

export const billingContract = {
  'billing.preview': method({
    description: 'What a billing run of a cycle and period would bill: accounts, held accounts with reasons, totals by service and class, estimates, last month, open exceptions.',
    input: z.strictObject({ cycle, period }),
    output: BillingPreview,
    permission: 'billing.read',
  }),
  'billing.post': method({
    description: 'Posts the billing run of a cycle and period in short chunks (idempotent; continues an interrupted run). Resolves when the run is posted.',
    input: z.strictObject({ cycle, period, confirm: z.literal(true) }),
    output: z.object({ run: BillingRunView, billedNow: z.int(), held: z.int() }),
    permission: 'billing.run',
    mutates: true,
  }),
  'billing.runs': method({
    description: 'Billing runs, newest first, with their progress.',
    input: z.strictObject({ limit: z.int().min(1).max(200).optional() }),
    output: z.object({ runs: z.array(BillingRunView) }),
    permission: 'billing.read',
    passive: true,
  }),
  'billing.pdf': method({
    description: "One part of a run's bills as PDF (one page per account, route order).",
    input: z.strictObject({ runId: id, part: z.int().min(1).max(100_000).optional() }),
    output: PdfDocument,
    permission: 'billing.read',
  }),
  'billing.vendorCsv': method({
    description: "The print vendor's CSV of a run: one row per bill (docs/BILL-PRINT.md).",
    input: z.strictObject({ runId: id }),
    output: z.object({ filename: z.string(), text: z.string(), rows: z.int() }),
    permission: 'billing.read',
  }),
  'billing.duplicate': method({
    description: "A duplicate of an account's bill (the latest, or the one named), marked DUPLICATE.",
    input: z.strictObject({ accountId: id, billId: id.optional() }),
    output: PdfDocument,
    permission: 'accounts.read',
  }),
};
