// Conversion import (issue 16): the shapes a conversion run reports — rejects, the summary with
// its control totals, progress and the result. The layouts of the files are in docs/IMPORT.md.
import { z } from 'zod';
import { ACCOUNT_STATUSES, SERVICES } from '../domain';

/** The kinds of file in a conversion set, in the order they are read. */
export const CONVERSION_KINDS = ['customers', 'locations', 'meters', 'accounts', 'open_charges', 'deposits', 'history', 'bank_drafts', 'medical_alerts', 'notes'] as const;
export type ConversionKind = (typeof CONVERSION_KINDS)[number];

/** File groups, loaded in this order, each in one transaction. */
export const CONVERSION_GROUPS = ['accounts', 'balances', 'history', 'extras'] as const;
export type ConversionGroup = (typeof CONVERSION_GROUPS)[number];

export const GROUP_OF: Record<ConversionKind, ConversionGroup> = {
  customers: 'accounts',
  locations: 'accounts',
  meters: 'accounts',
  accounts: 'accounts',
  open_charges: 'balances',
  deposits: 'balances',
  history: 'history',
  bank_drafts: 'extras',
  medical_alerts: 'extras',
  notes: 'extras',
};

export const REJECT_CODES = [
  'FILE_MISSING',
  'FILE_UNREADABLE',
  'COLUMN_MISSING',
  'MALFORMED_ROW',
  'REQUIRED',
  'BAD_DATE',
  'BAD_AMOUNT',
  'BAD_NUMBER',
  'BAD_VALUE',
  'TOO_LONG',
  'CARD_NUMBER',
  'CHECK_DIGIT',
  'BAD_TAX_ID',
  'DUPLICATE',
  'UNKNOWN_REFERENCE',
  'REFERENCE_REJECTED',
  'DATE_ORDER',
  'TOTAL_MISMATCH',
  'CONFLICT',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

/** One problem in the input: the row it rejects (line 1 is the header; 0 = the file itself). */
export const ConversionReject = z.object({
  file: z.string(),
  line: z.int().min(0),
  column: z.string(),
  code: z.enum(REJECT_CODES),
  reason: z.string(),
});
export type ConversionReject = z.infer<typeof ConversionReject>;

const cents = z.int();
const count = z.int().min(0);

export const ConversionFileSummary = z.object({
  kind: z.enum(CONVERSION_KINDS),
  /** The file's name in the folder (null: not present). */
  file: z.string().nullable(),
  encoding: z.enum(['utf-8', 'windows-1252']).nullable(),
  rowsRead: count,
  rowsAccepted: count,
  rowsRejected: count,
  /** Header columns the layout does not use. */
  ignoredColumns: z.array(z.string()),
});
export type ConversionFileSummary = z.infer<typeof ConversionFileSummary>;

/** Control totals over the accepted rows: what the town compares with its old trial balance. */
export const ConversionSummary = z.object({
  asOf: z.string(),
  files: z.array(ConversionFileSummary),
  customers: count,
  locations: count,
  meters: count,
  accounts: count,
  accountsByStatus: z.record(z.enum(ACCOUNT_STATUSES), count),
  /** Open charges by service. */
  balanceByService: z.record(z.enum(SERVICES), cents),
  penaltiesCents: cents,
  feesCents: cents,
  balanceForwardCents: cents,
  /** Unapplied credits (a positive number: what the town owes back or will apply). */
  creditsCents: cents,
  openChargesCount: count,
  /** Open charges less credits: the receivable the conversion account balances. */
  receivableCents: cents,
  depositsCount: count,
  depositsCents: cents,
  /** Open charges by days past due as of asOf: current (not yet due or under 30), 30–59, 60–89, 90+. */
  aging: z.object({ currentCents: cents, days30Cents: cents, days60Cents: cents, days90Cents: cents }),
  historyBills: count,
  historyBilledCents: cents,
  bankDrafts: count,
  medicalAlerts: count,
  notes: count,
});
export type ConversionSummary = z.infer<typeof ConversionSummary>;

export const ConversionProgress = z.object({
  phase: z.enum(['reading', 'checking', 'loading', 'done']),
  /** What is being read or loaded: a file kind or a group. */
  step: z.string().nullable(),
  done: count,
  total: count,
  message: z.string(),
});
export type ConversionProgress = z.infer<typeof ConversionProgress>;

export const GROUP_OUTCOMES = ['loaded', 'already_loaded', 'not_loaded'] as const;

export const ConversionResult = z.object({
  runId: z.int(),
  dryRun: z.boolean(),
  /** checked: a dry run; loaded: every group is in; refused: rejects (or a changed group) stopped the load. */
  status: z.enum(['checked', 'loaded', 'refused']),
  message: z.string(),
  rejectCount: count,
  /** The first rejects (all of them are in the rejects report). */
  rejects: z.array(ConversionReject),
  summary: ConversionSummary,
  groups: z.array(z.object({ group: z.enum(CONVERSION_GROUPS), outcome: z.enum(GROUP_OUTCOMES), rows: count, message: z.string() })),
  /** Where the rejects report and the summary were written (absolute paths; null: not written). */
  report: z.object({ rejectsCsv: z.string(), summaryTxt: z.string(), summaryJson: z.string() }).nullable(),
});
export type ConversionResult = z.infer<typeof ConversionResult>;
