// Schemas and contract entries for collections: the late penalty run (preview, run, progress,
// runs) and aging (town-wide totals per bucket with an account list, the PDF, one account's aging).
import { z } from 'zod';
import type { Permission } from '../domain';
import { calendarDate } from './calendar';
import { id } from './common-schemas';
import { PdfDocument } from './day-end-schemas';

const cents = z.int().min(0).max(99_999_999_999);

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

export const PENALTY_SKIP_CODES = ['closed', 'no_penalty', 'arrangement'] as const;
export type PenaltySkipCode = (typeof PENALTY_SKIP_CODES)[number];
export const PENALTY_SKIP_LABELS: Record<PenaltySkipCode, string> = {
  closed: 'Account closed',
  no_penalty: 'No-penalty date',
  arrangement: 'Arrangement or extension',
};

export const PenaltySampleView = z.object({
  billId: id,
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  billDueDate: calendarDate,
  pastDueCents: cents,
  penaltyCents: cents,
});
export type PenaltySampleView = z.infer<typeof PenaltySampleView>;

export const PenaltyPreviewView = z.object({
  runDate: calendarDate,
  toPenalizeCount: z.int(),
  toPenalizeAccounts: z.int(),
  totalCents: cents,
  samples: z.array(PenaltySampleView),
  skipped: z.array(z.object({ code: z.enum(PENALTY_SKIP_CODES), count: z.int(), pastDueCents: cents })),
  /** A run for the date already finished: running again posts nothing. */
  alreadyRun: z.boolean(),
});
export type PenaltyPreviewView = z.infer<typeof PenaltyPreviewView>;

export const PenaltyRunView = z.object({
  id,
  runDate: calendarDate,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(['running', 'done']),
  penalizedCount: z.int(),
  penalizedCents: cents,
  skippedCount: z.int(),
  /** 0..1 accounts walked (1 when done). */
  progress: z.number().min(0).max(1),
});
export type PenaltyRunView = z.infer<typeof PenaltyRunView>;

export const WalkProgressView = z.object({
  /** What is walking the accounts now in this app (null: nothing). */
  job: z.enum(['penalty_preview', 'penalty_run', 'aging']).nullable(),
  date: calendarDate.nullable(),
  doneAccounts: z.int(),
  totalAccounts: z.int(),
});
export type WalkProgressView = z.infer<typeof WalkProgressView>;

export const AgingBucketsView = z.object({ currentCents: cents, days30Cents: cents, days60Cents: cents, days90Cents: cents });
export type AgingBucketsView = z.infer<typeof AgingBucketsView>;

export const AGING_BUCKETS = ['current', '30', '60', '90'] as const;
export const ACCOUNT_STATUSES = ['pending', 'active', 'final_billed', 'closed'] as const;

export const AgingRowView = z.object({
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  buckets: AgingBucketsView,
  openCents: cents,
  pastDueCents: cents,
});
export type AgingRowView = z.infer<typeof AgingRowView>;

const agingFilters = {
  asOf: calendarDate,
  /** Only accounts with at least this much open. */
  minCents: cents.optional(),
  /** Only accounts with something in this bucket. */
  bucket: z.enum(AGING_BUCKETS).optional(),
  status: z.enum(ACCOUNT_STATUSES).optional(),
};

export const AgingView = z.object({
  asOf: calendarDate,
  totals: AgingBucketsView,
  openCents: cents,
  /** Accounts with anything open (all of them, before the filters). */
  accounts: z.int(),
  /** Accounts matching the filters, and their totals. */
  matching: z.int(),
  matchingTotals: AgingBucketsView,
  rows: z.array(AgingRowView),
  /** Milliseconds the walk took (0 when answered from the cache). */
  walkMs: z.int(),
});
export type AgingView = z.infer<typeof AgingView>;

export const AccountAgingView = z.object({
  accountId: id,
  asOf: calendarDate,
  buckets: AgingBucketsView,
  openCents: cents,
  pastDueCents: cents,
  items: z.array(
    z.object({ chargeId: id, kind: z.string(), description: z.string(), dueDate: calendarDate, daysPastDue: z.int(), bucket: z.enum(AGING_BUCKETS), amountCents: cents, openCents: cents }),
  ),
  penalties: z.array(z.object({ billId: id, billDueDate: calendarDate, runDate: calendarDate, pastDueCents: cents, penaltyCents: cents })),
});
export type AccountAgingView = z.infer<typeof AccountAgingView>;

export const penaltyContract = {
  'collections.penalties.preview': method({
    description: "What today's late penalty run would post: bills to penalize (count, accounts, total, sample rows) and bills left without a penalty by reason. Writes nothing.",
    input: z.strictObject({}),
    output: PenaltyPreviewView,
    permission: 'collections.read',
  }),
  'collections.penalties.run': method({
    description: "Runs (or continues after an interruption) today's late penalty run: one penalty per past-due bill, ever, in short chunks. Resolves when done; collections.progress shows progress meanwhile. A second run posts nothing.",
    input: z.strictObject({ confirm: z.literal(true) }),
    output: z.object({ run: PenaltyRunView, penalizedNow: z.int(), penalizedCentsNow: cents }),
    permission: 'collections.run',
    mutates: true,
  }),
  'collections.penalties.runs': method({
    description: 'Late penalty runs, newest first, with their progress and counts.',
    input: z.strictObject({ limit: z.int().min(1).max(200).optional() }),
    output: z.object({ runs: z.array(PenaltyRunView) }),
    permission: 'collections.read',
    passive: true,
  }),
  'collections.progress': method({
    description: 'Progress of the account walk running now in this app (penalty preview or run, aging), for the progress bars.',
    input: z.strictObject({}),
    output: WalkProgressView,
    permission: 'collections.read',
    passive: true,
  }),
  'collections.aging': method({
    description: 'Aging as of a date: totals per bucket (current, 30, 60, 90+ days past due) and a page of accounts (filters: at least an amount, a bucket, a status), largest past due first.',
    input: z.strictObject({ ...agingFilters, offset: z.int().min(0).max(10_000_000).optional(), limit: z.int().min(1).max(500).optional() }),
    output: AgingView,
    permission: 'collections.read',
  }),
  'collections.agingPdf': method({
    description: 'Aging as of a date as PDF: the totals per bucket and the matching accounts (at most 5,000 rows per part).',
    input: z.strictObject({ ...agingFilters, part: z.int().min(1).max(10_000).optional() }),
    output: PdfDocument,
    permission: 'collections.read',
  }),
  'collections.accountAging': method({
    description: "One account's aging as of a date: its buckets, open items and the late penalties its bills got.",
    input: z.strictObject({ accountId: id, asOf: calendarDate.optional() }),
    output: AccountAgingView,
    permission: 'collections.read',
  }),
};
