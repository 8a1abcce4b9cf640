// Conversion import (issue 16): the shapes a conversion run reports — rejects, the summary with
// its control totals, progress and the result. The layouts of the files are in docs/IMPORT.md.
import { z } from 'zod';
import { ACCOUNT_STATUSES, SERVICES, type Permission } from '../domain';
import { calendarDate } from './calendar';

/** The kinds of file in a conversion set, in the order they are read. */
export const CONVERSION_KINDS = ['customers', 'locations', 'meters', 'accounts', 'open_charges', 'deposits', 'history', 'bank_drafts', 'medical_alerts', 'notes'] as const;
export type ConversionKind = (typeof CONVERSION_KINDS)[number];

/**
 * File groups, loaded in this order, each in one transaction. The history goes in with the open
 * charges: a bill not yet due on the conversion date is one bill in both (its open charges belong to
 * it, so the late penalty run treats it as any bill).
 */
export const CONVERSION_GROUPS = ['accounts', 'balances', 'extras'] as const;
export type ConversionGroup = (typeof CONVERSION_GROUPS)[number];

export const GROUP_OF: Record<ConversionKind, ConversionGroup> = {
  customers: 'accounts',
  locations: 'accounts',
  meters: 'accounts',
  accounts: 'accounts',
  open_charges: 'balances',
  deposits: 'balances',
  history: 'balances',
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

// ─── The contract: the Conversion admin screen (issue 16, item 2) ───────────────────────────

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

/** True for an absolute path on Linux/macOS (/…) or Windows (C:\…, \\server\share\…). */
export function isAbsoluteFolder(s: string): boolean {
  return s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || /^\\\\[^\\]+\\[^\\]+/.test(s);
}

/** The folder holding a conversion set, as the user typed it: absolute, at most 1,024 characters, no NUL. */
export const conversionFolder = z
  .string()
  .min(1, 'name the folder holding the conversion files')
  .max(1024, 'the folder path is at most 1,024 characters')
  .refine((s) => !s.includes('\u0000'), { message: 'the folder path may not contain a NUL character', abort: true })
  .refine(isAbsoluteFolder, 'give the whole path of the folder (for example /home/office/conversion or C:\\Conversion)');

export const CONVERSION_JOB_STATES = ['running', 'done', 'failed'] as const;
export type ConversionJobState = (typeof CONVERSION_JOB_STATES)[number];

const jobId = z.int().positive().max(Number.MAX_SAFE_INTEGER);

export const ConversionJobView = z.object({
  jobId,
  state: z.enum(CONVERSION_JOB_STATES),
  folder: z.string(),
  dryRun: z.boolean(),
  acceptRejects: z.boolean(),
  asOf: calendarDate,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: ConversionProgress,
  result: ConversionResult.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ConversionJobView = z.infer<typeof ConversionJobView>;

export const CONVERSION_RUN_STATUSES = ['running', 'checked', 'loaded', 'refused', 'failed'] as const;

export const ConversionRunView = z.object({
  id: z.int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Who ran it (null: the command line, or a user since removed). */
  by: z.string().nullable(),
  source: z.string(),
  asOf: z.string(),
  dryRun: z.boolean(),
  status: z.enum(CONVERSION_RUN_STATUSES),
  rejectCount: count.nullable(),
  message: z.string().nullable(),
});
export type ConversionRunView = z.infer<typeof ConversionRunView>;

export const ConversionGroupView = z.object({
  group: z.enum(CONVERSION_GROUPS),
  runId: z.int(),
  rowsLoaded: count,
  entryId: z.int().nullable(),
  loadedAt: z.string(),
});
export type ConversionGroupView = z.infer<typeof ConversionGroupView>;

export const CONVERSION_REPORTS = ['rejects', 'summary'] as const;

export const conversionContract = {
  'conversion.start': method({
    description:
      'Starts checking (dryRun) or loading a conversion set from a folder on this computer, on a worker thread with its own ledger connection; one run at a time (CONVERSION_RUNNING). asOf defaults to today in town time; the check digit rule is the conversionCheckDigit setting; the reports go under the ledger folder (conversion-reports).',
    input: z.strictObject({ folder: conversionFolder, dryRun: z.boolean(), acceptRejects: z.boolean(), asOf: calendarDate.optional() }),
    output: z.object({ jobId }),
    permission: 'conversion.run',
    mutates: true,
  }),
  'conversion.status': method({
    description: 'A conversion job of this app: running, done (with its result) or failed (with the error), and its progress.',
    input: z.strictObject({ jobId }),
    output: ConversionJobView,
    permission: 'conversion.run',
    passive: true,
  }),
  'conversion.report': method({
    description: "A finished job's rejects report (CSV) or summary (text), to download.",
    input: z.strictObject({ jobId, which: z.enum(CONVERSION_REPORTS) }),
    output: z.object({ fileName: z.string(), text: z.string(), path: z.string() }),
    permission: 'conversion.run',
  }),
  'conversion.runs': method({
    description: 'Past conversion runs (newest first; dry runs and loads, from this app and the command line), the file groups loaded, and the job running now in this app.',
    input: z.strictObject({ limit: z.int().min(1).max(200).optional() }),
    output: z.object({ runs: z.array(ConversionRunView), groups: z.array(ConversionGroupView), running: jobId.nullable() }),
    permission: 'conversion.run',
  }),
};
