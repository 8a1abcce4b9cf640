// Schemas and contract entries for the nightly export to the central system (export.*) and for
// bank drafts (drafts.*): enrolments with a masked bank account, prenote and debit NACHA files,
// posting them as payments and importing returned entries. Also the routing-number check digit
// (ABA 3-7-1), which the account page uses before it sends an enrolment.
import { z } from 'zod';
import { id } from './common-schemas';
import { freeText } from '../free-text';
import type { Permission } from '../domain';
import { calendarDate } from './calendar';
import { SupervisorOverrideInput } from './counter-schemas';

const isoDate = calendarDate;
const cents = z.int().min(-99_999_999_999).max(99_999_999_999);
const reason = freeText(z.string().trim().min(3).max(500));

// Routing numbers -------------------------------------------------------------------------

/** The ninth digit of a routing number from its first eight: weights 3, 7, 1 repeated. */
export function routingCheckDigit(first8: string): number {
  if (!/^\d{8}$/.test(first8)) throw new RangeError('routingCheckDigit needs eight digits');
  const d = [...first8].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]!);
  return (10 - (sum % 10)) % 10;
}

export type RoutingCheck = { ok: true; routing: string } | { ok: false; reason: 'FORMAT' | 'PREFIX' | 'CHECK_DIGIT' };

/** A nine-digit ABA routing number with a valid check digit and an assigned prefix (00–12, 21–32, 61–72, 80). */
export function checkRoutingNumber(input: string): RoutingCheck {
  const routing = input.replace(/[\s-]/g, '');
  if (!/^\d{9}$/.test(routing)) return { ok: false, reason: 'FORMAT' };
  const prefix = Number(routing.slice(0, 2));
  if (!((prefix >= 0 && prefix <= 12) || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) return { ok: false, reason: 'PREFIX' };
  if (routingCheckDigit(routing.slice(0, 8)) !== Number(routing[8])) return { ok: false, reason: 'CHECK_DIGIT' };
  return { ok: true, routing };
}

const routingNumber = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .refine((s) => checkRoutingNumber(s).ok, 'not a valid routing number (nine digits with a correct check digit)');

// Export ----------------------------------------------------------------------------------

export const EXPORT_TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export const ExportSettings = z.object({
  /** The folder the packages are written into (a mounted share); null: not configured. */
  folder: z.string().min(1).max(1000).nullable(),
  /** When the nightly export runs, in the town's time zone ("22:00"). */
  time: z.string().regex(EXPORT_TIME_RE, 'time is HH:MM (24-hour)'),
  /** The nightly run and the start-up catch-up (export.run and the CLI work either way). */
  enabled: z.boolean(),
  /** Closed days before this date are never exported automatically (days closed before the export was set up). */
  fromDate: isoDate.nullable(),
});
export type ExportSettings = z.infer<typeof ExportSettings>;

export const ExportSettingsPatch = z.strictObject({
  folder: z.string().trim().min(1).max(1000).nullable().optional(),
  time: z.string().regex(EXPORT_TIME_RE, 'time is HH:MM (24-hour)').optional(),
  enabled: z.boolean().optional(),
  fromDate: isoDate.nullable().optional(),
});

export const EXPORT_DAY_STATUSES = ['open', 'pending', 'failed', 'delivered'] as const;

export const ExportDayStatus = z.object({
  businessDate: isoDate,
  closedAt: z.string().nullable(),
  /** open: the day is not closed yet; pending: closed, not delivered; failed: the last attempt failed. */
  status: z.enum(EXPORT_DAY_STATUSES),
  deliveredAt: z.string().nullable(),
  /** Full path of the delivered package folder. */
  folder: z.string().nullable(),
  station: z.string().nullable(),
  attempts: z.int(),
  lastAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Forced re-sends after the first delivery. */
  resent: z.int(),
});
export type ExportDayStatus = z.infer<typeof ExportDayStatus>;

export const ExportProblem = z.object({ at: z.string(), businessDate: isoDate.nullable(), message: z.string() });

export const ExportStatus = z.object({
  folder: z.string().nullable(),
  time: z.string(),
  enabled: z.boolean(),
  /** The scheduler runs in this process (the app; not the CLI). */
  scheduled: z.boolean(),
  running: z.boolean(),
  nextRunAt: z.string().nullable(),
  /** When a failed run is retried (backoff). */
  retryAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  /** The last run that ended without an error (it may have found nothing to send). */
  lastSuccessAt: z.string().nullable(),
  /** The last time a day's files were written (first delivery or re-send); null when nothing was ever delivered. */
  lastDelivery: z.object({ at: z.string(), businessDate: isoDate }).nullable().default(null),
  /** The problem the app frame shows until a later run succeeds; null when all is well. */
  lastError: ExportProblem.nullable(),
  /** Closed days not yet delivered (from fromDate on). */
  pendingDays: z.int(),
  days: z.array(ExportDayStatus),
});
export type ExportStatus = z.infer<typeof ExportStatus>;

export const ExportFileInfo = z.object({ name: z.string(), rows: z.int(), bytes: z.int(), sha256: z.string() });

export const ExportRunResult = z.object({
  businessDate: isoDate,
  station: z.string(),
  folder: z.string(),
  files: z.array(ExportFileInfo),
  manifestSha256: z.string(),
  /** delivered: first delivery; redelivered: a forced re-send; recovered: the package was already in place from an attempt that stopped before recording it. */
  outcome: z.enum(['delivered', 'redelivered', 'recovered']),
  /** On a re-send: whether the files are byte-identical to the first delivery. */
  identical: z.boolean().nullable(),
});
export type ExportRunResult = z.infer<typeof ExportRunResult>;

// Bank drafts -----------------------------------------------------------------------------

export const DRAFT_ACCOUNT_TYPES = ['checking', 'savings'] as const;
export const DRAFT_STATUSES = ['pending_prenote', 'prenote_sent', 'active', 'ended'] as const;

export const DraftSettings = z.object({
  /** Immediate Destination: the routing number of the bank's receiving point. */
  immediateDestination: z.string().regex(/^(\d{9})?$/),
  /** Immediate Destination Name (the bank), up to 23 characters. */
  bankName: z.string().max(23),
  /** Immediate Origin: ten characters assigned by the bank (typically 1 + EIN). */
  immediateOrigin: z.string().regex(/^([A-Za-z0-9 ]{10})?$/),
  /** Immediate Origin Name (the town), up to 23 characters. */
  originName: z.string().max(23),
  /** Company Name on the customer's statement, up to 16 characters. */
  companyName: z.string().max(16),
  /** Company Identification, ten characters (typically 1 + EIN). */
  companyId: z.string().regex(/^([A-Za-z0-9 ]{10})?$/),
  /** The town's bank (ODFI) routing number; the first eight digits go in each batch and trace number. */
  odfiRouting: z.string().regex(/^(\d{9})?$/),
  /** Company Entry Description, up to 10 characters ("UTIL BILL"). */
  entryDescription: z.string().min(1).max(10),
  /** Send a zero-dollar prenote before the first live debit of a new enrolment. */
  prenote: z.boolean(),
  /** Where NACHA files are written; null: the export folder. */
  folder: z.string().min(1).max(1000).nullable(),
});
export type DraftSettings = z.infer<typeof DraftSettings>;

export const DraftSettingsPatch = z.strictObject({
  immediateDestination: routingNumber.optional(),
  bankName: freeText(z.string().trim().max(23)).optional(),
  immediateOrigin: z.string().regex(/^[A-Za-z0-9 ]{10}$/, 'ten letters, digits or spaces').optional(),
  originName: freeText(z.string().trim().max(23)).optional(),
  companyName: freeText(z.string().trim().max(16)).optional(),
  companyId: z.string().regex(/^[A-Za-z0-9 ]{10}$/, 'ten letters, digits or spaces').optional(),
  odfiRouting: routingNumber.optional(),
  entryDescription: z.string().trim().min(1).max(10).optional(),
  prenote: z.boolean().optional(),
  folder: z.string().trim().min(1).max(1000).nullable().optional(),
});

export const DraftEnrolment = z.object({
  id,
  accountId: id,
  accountNumber: z.string(),
  holderName: z.string(),
  routingNumber: z.string(),
  accountType: z.enum(DRAFT_ACCOUNT_TYPES),
  /** "••••1234": the bank account number is never sent unmasked except by drafts.revealAccountNumber. */
  bankAccountMasked: z.string(),
  bankAccountLast4: z.string(),
  status: z.enum(DRAFT_STATUSES),
  /** First day a live debit may be originated (after the prenote waiting period). */
  liveFrom: isoDate.nullable(),
  authorizedOn: isoDate,
  enrolledAt: z.string(),
  enrolledBy: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
});
export type DraftEnrolment = z.infer<typeof DraftEnrolment>;

export const DraftFile = z.object({
  id,
  kind: z.enum(['prenote', 'debit']),
  draftDate: isoDate,
  creationDate: isoDate,
  effectiveDate: isoDate,
  fileIdModifier: z.string(),
  fileName: z.string(),
  entryCount: z.int(),
  totalDebitCents: cents,
  sha256: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  postedAt: z.string().nullable(),
  postedBusinessDate: isoDate.nullable(),
  returnedCount: z.int(),
});
export type DraftFile = z.infer<typeof DraftFile>;

export const DraftFileResult = z.object({
  /** null when no enrolment was due (nothing to send). */
  file: DraftFile.nullable(),
  /** The NACHA file text (94-character records). It holds bank account numbers: never log it. */
  content: z.string().nullable(),
  /** Where the file was written, or null with writeError when the folder was not writable. */
  writtenTo: z.string().nullable(),
  writeError: z.string().nullable(),
  skipped: z.array(z.object({ accountNumber: z.string(), reason: z.string() })),
});
export type DraftFileResult = z.infer<typeof DraftFileResult>;

export const DraftReturnResult = z.object({
  traceNumber: z.string(),
  accountNumber: z.string().nullable(),
  returnCode: z.string(),
  reason: z.string(),
  amountCents: cents,
  /** reversed: the posted payment was reversed; withheld: returned before posting, never posted; prenote: a returned prenote; already: imported before. */
  action: z.enum(['reversed', 'withheld', 'prenote', 'already']),
  feeCents: cents,
  cashOnlySet: z.boolean(),
  enrolmentEnded: z.boolean(),
  note: z.string().nullable(),
});

export const ImportReturnsResult = z.object({
  returns: z.array(DraftReturnResult),
  /** Notifications of change (C01 …): listed for a clerk to act on; nothing is changed. */
  notices: z.array(z.object({ traceNumber: z.string(), accountNumber: z.string().nullable(), code: z.string(), description: z.string() })),
  /** Returned entries whose trace number matches no draft sent from this ledger. */
  unmatched: z.array(z.object({ traceNumber: z.string(), returnCode: z.string(), amountCents: cents })),
});
export type ImportReturnsResult = z.infer<typeof ImportReturnsResult>;

// Contract entries --------------------------------------------------------------------------

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

const empty = z.strictObject({});

/** Spread into `contract` (src-shared/ipc/contract.ts). */
export const exportContract = {
  'export.status': method({
    description: 'Export status for the app frame and the export screen: each recent business day and its delivery, the last error, the next run.',
    input: z.strictObject({ limit: z.int().min(1).max(366).default(30) }),
    output: ExportStatus,
    permission: 'signedIn',
    passive: true,
  }),
  'export.run': method({
    description: 'Export one closed business day now. A delivered day is refused unless force (a supervisor re-send, audited; the files are rewritten byte for byte).',
    input: z.strictObject({ businessDate: isoDate, force: z.boolean().default(false), reason: reason.optional(), override: SupervisorOverrideInput.optional() }),
    output: ExportRunResult,
    permission: 'export.run',
    mutates: true,
  }),
  'export.openFolder': method({
    description: "Open a delivered day's package folder (or the export folder) in the desktop's file manager; browser mode answers NOT_CONFIGURED with the path.",
    input: z.strictObject({ businessDate: isoDate.optional() }),
    output: z.object({ folder: z.string() }),
    permission: 'export.run',
  }),
  'export.getSettings': method({
    description: 'The export folder, the nightly time and whether the schedule is on.',
    input: empty,
    output: ExportSettings,
    permission: 'settings.write',
  }),
  'export.updateSettings': method({
    description: 'Change the export folder, time or schedule (admin); audited; the schedule follows at once.',
    input: z.strictObject({ values: ExportSettingsPatch, reason }),
    output: ExportSettings,
    permission: 'settings.write',
    mutates: true,
  }),
  'drafts.getSettings': method({
    description: 'The bank (ODFI) and company fields of the NACHA files.',
    input: empty,
    output: DraftSettings,
    permission: 'settings.write',
  }),
  'drafts.updateSettings': method({
    description: 'Change the bank (ODFI) and company fields of the NACHA files (admin); audited.',
    input: z.strictObject({ values: DraftSettingsPatch, reason }),
    output: DraftSettings,
    permission: 'settings.write',
    mutates: true,
  }),
  'drafts.enroll': method({
    description: "Enrol an account in bank drafts from the customer's signed authorization: routing number (check digit), checking or savings, bank account number (stored encrypted, shown masked).",
    input: z.strictObject({
      accountId: id,
      routingNumber,
      accountType: z.enum(DRAFT_ACCOUNT_TYPES),
      bankAccountNumber: z
        .string()
        .trim()
        .transform((s) => s.replace(/[\s-]/g, ''))
        .refine((s) => /^\d{4,17}$/.test(s), 'the bank account number is 4 to 17 digits'),
      holderName: freeText(z.string().trim().min(1).max(80)).optional(),
      authorizedOn: isoDate,
    }),
    output: DraftEnrolment,
    permission: 'drafts.enroll',
    mutates: true,
  }),
  'drafts.cancel': method({
    description: 'End an enrolment (the customer revoked it, or moves to another bank account); audited.',
    input: z.strictObject({ enrolmentId: id, reason }),
    output: DraftEnrolment,
    permission: 'drafts.enroll',
    mutates: true,
  }),
  'drafts.list': method({
    description: "Enrolments (of one account, or all), bank account numbers masked.",
    input: z.strictObject({ accountId: id.optional(), status: z.enum(DRAFT_STATUSES).optional(), limit: z.int().min(1).max(5000).default(500) }),
    output: z.object({ enrolments: z.array(DraftEnrolment) }),
    permission: 'accounts.read',
  }),
  'drafts.revealAccountNumber': method({
    description: 'Show one enrolment’s full bank account number (supervisor or admin); audited with the reason.',
    input: z.strictObject({ enrolmentId: id, reason }),
    output: z.object({ enrolmentId: id, bankAccountNumber: z.string() }),
    permission: 'drafts.reveal',
    mutates: true,
  }),
  'drafts.prenoteRun': method({
    description: 'A NACHA file of zero-dollar prenotes for every enrolment waiting for one; live debits follow after the waiting period.',
    input: empty,
    output: DraftFileResult,
    permission: 'drafts.run',
    mutates: true,
  }),
  'drafts.createFile': method({
    description: 'The NACHA PPD debit file for a draft date: every live enrolment’s balance due; effective on the first banking day on or after the draft date (and after today). Written to the draft folder.',
    input: z.strictObject({ draftDate: isoDate }),
    output: DraftFileResult,
    permission: 'drafts.run',
    mutates: true,
  }),
  'drafts.files': method({
    description: 'NACHA files made, newest first.',
    input: z.strictObject({ limit: z.int().min(1).max(500).default(50) }),
    output: z.object({ files: z.array(DraftFile) }),
    permission: 'drafts.run',
  }),
  'drafts.fileContent': method({
    description: 'A NACHA file again, rebuilt byte for byte (checked against its SHA-256); audited.',
    input: z.strictObject({ fileId: id }),
    output: z.object({ file: DraftFile, content: z.string() }),
    permission: 'drafts.run',
    mutates: true,
  }),
  'drafts.post': method({
    description: 'On or after the settlement date, post a debit file’s drafts as payments (GL 1060 bank draft clearing), skipping entries already returned.',
    input: z.strictObject({ fileId: id }),
    output: z.object({ file: DraftFile, posted: z.int(), totalCents: cents, withheld: z.int() }),
    permission: 'drafts.run',
    mutates: true,
  }),
  'drafts.importReturns': method({
    description: 'Import the bank’s returned-entries file (R01, R02 …): reverse returned drafts, charge the fee (R01/R09), set cash-only after two returns in twelve months, end enrolments the return code stops.',
    input: z.strictObject({ content: z.string().min(94).max(5_000_000), receivedOn: isoDate.optional() }),
    output: ImportReturnsResult,
    permission: 'drafts.run',
    mutates: true,
  }),
} as const;
