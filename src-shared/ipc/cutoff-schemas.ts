// Schemas and contract entries for collections part B: the cut-off calendar, the cut-off list
// (generated in chunks for a date, entries on and left off with one reason each), courtesy calls
// and the winter rule's elderly/disabled certification.
import { z } from 'zod';
import type { Permission } from '../domain';
import { calendarDate } from './calendar';
import { id, idempotencyKey, plainText } from './common-schemas';
import { PdfDocument } from './day-end-schemas';

const cents = z.int().min(0).max(99_999_999_999);

/** Why an account is on the cut-off list or left off it (the reason words say the rest). */
export const CUTOFF_REASON_CODES = [
  'past_due',
  'broken_promise',
  'nothing_past_due',
  'not_due_long_enough',
  'below_minimum',
  'medical_alert',
  'arrangement',
  'dispute',
  'promise',
  'disconnected',
  'no_service',
  'winter',
] as const;
export type CutoffReasonCode = (typeof CUTOFF_REASON_CODES)[number];

export const CUTOFF_REASON_LABELS: Record<CutoffReasonCode, string> = {
  past_due: 'On the list: past due',
  broken_promise: 'On the list: promise broken',
  nothing_past_due: 'Nothing past due',
  not_due_long_enough: 'Not past due long enough',
  below_minimum: 'Below the minimum',
  medical_alert: 'Medical Alert',
  arrangement: 'Arrangement or extension',
  dispute: 'Dispute',
  promise: 'Promise to pay',
  disconnected: 'Already disconnected',
  no_service: 'Not active',
  winter: 'Winter rule',
};

export const CutoffStanding = z.object({
  onList: z.boolean(),
  reasonCode: z.enum(CUTOFF_REASON_CODES),
  reason: z.string(),
  /** On the list and the exclusions: what is at least cutoffDaysAfterDue past due; before that, what is past due. */
  pastDueCents: cents,
  oldestDueDate: calendarDate.nullable(),
});
export type CutoffStanding = z.infer<typeof CutoffStanding>;

export const CUTOFF_LIST_STATUSES = ['building', 'ready', 'superseded', 'abandoned'] as const;

export const CutoffListView = z.object({
  id,
  cutoffDate: calendarDate,
  generatedOn: calendarDate,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  generatedBy: z.string().nullable(),
  status: z.enum(CUTOFF_LIST_STATUSES),
  onListCount: z.int(),
  leftOffCount: z.int(),
  onListCents: cents,
  /** 0..1: accounts walked so far (1 when ready). */
  progress: z.number().min(0).max(1),
  disconnectsCreatedAt: z.string().nullable(),
});
export type CutoffListView = z.infer<typeof CutoffListView>;

export const CutoffEntryView = z.object({
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  serviceAddress: z.string(),
  onList: z.boolean(),
  reasonCode: z.enum(CUTOFF_REASON_CODES),
  reason: z.string(),
  pastDueCents: cents,
  oldestDueDate: calendarDate.nullable(),
});
export type CutoffEntryView = z.infer<typeof CutoffEntryView>;

export const CutoffReasonTotal = z.object({ onList: z.boolean(), reasonCode: z.enum(CUTOFF_REASON_CODES), count: z.int(), cents });
export type CutoffReasonTotal = z.infer<typeof CutoffReasonTotal>;

export const COURTESY_OUTCOMES = ['promise', 'no_answer', 'wrong_number', 'disputed'] as const;
export type CourtesyOutcome = (typeof COURTESY_OUTCOMES)[number];
export const COURTESY_OUTCOME_LABELS: Record<CourtesyOutcome, string> = {
  promise: 'Promise to pay',
  no_answer: 'No answer',
  wrong_number: 'Wrong number',
  disputed: 'Disputed',
};

export const CourtesyCallView = z.object({
  id,
  listId: id,
  cutoffDate: calendarDate,
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  outcome: z.enum(COURTESY_OUTCOMES),
  promiseDate: calendarDate.nullable(),
  phone: z.string().nullable(),
  note: z.string().nullable(),
  calledOn: calendarDate,
  calledAt: z.string(),
  calledBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type CourtesyCallView = z.infer<typeof CourtesyCallView>;

export const WINTER_KINDS = ['elderly', 'disabled'] as const;
export const WinterCertificationView = z.object({
  id,
  customerId: id,
  kind: z.enum(WINTER_KINDS),
  certifiedBy: z.string(),
  certifiedOn: calendarDate,
  validUntil: calendarDate,
  note: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  state: z.enum(['in_force', 'expired', 'withdrawn', 'future']),
});
export type WinterCertificationView = z.infer<typeof WinterCertificationView>;

export const CutoffCalendarView = z.object({
  date: calendarDate,
  /** Why no cut-off can happen that day (null: it can). */
  problem: z.string().nullable(),
  /** The first date on or after `date` a cut-off can happen. */
  nextValid: calendarDate,
  /** Whether the winter rule applies that day (it is on and the date is in its window). */
  winterRule: z.boolean(),
});

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

const entryFilter = z.enum(['all', 'on', 'off']);

export const cutoffContract = {
  'collections.cutoffCalendar': method({
    description: 'Whether a cut-off can happen on a date (no Friday, weekend, town holiday or day before one), why not, and the next date that can.',
    input: z.strictObject({ date: calendarDate }),
    output: CutoffCalendarView,
    permission: 'collections.read',
  }),
  'collections.cutoffList.generate': method({
    description: 'Generates the cut-off list for a date: every account with anything past due, on the list or left off with its reason, in short chunks (continues an interrupted list; a finished list supersedes the older one for the date). Resolves when the list is ready; collections.cutoffList.lists shows progress meanwhile.',
    input: z.strictObject({ cutoffDate: calendarDate }),
    output: CutoffListView,
    permission: 'collections.run',
    mutates: true,
  }),
  'collections.cutoffList.lists': method({
    description: 'Cut-off lists, newest first (optionally for one date), with their progress and counts.',
    input: z.strictObject({ cutoffDate: calendarDate.optional(), limit: z.int().min(1).max(200).optional() }),
    output: z.object({ lists: z.array(CutoffListView) }),
    permission: 'collections.read',
    passive: true,
  }),
  'collections.cutoffList.get': method({
    description: 'A cut-off list: totals by reason and a page of its entries (on the list, left off or all; optionally one reason).',
    input: z.strictObject({
      listId: id,
      filter: entryFilter.optional(),
      reasonCode: z.enum(CUTOFF_REASON_CODES).optional(),
      offset: z.int().min(0).max(10_000_000).optional(),
      limit: z.int().min(1).max(500).optional(),
    }),
    output: z.object({ list: CutoffListView, byReason: z.array(CutoffReasonTotal), entries: z.array(CutoffEntryView), total: z.int() }),
    permission: 'collections.read',
  }),
  'collections.cutoffList.pdf': method({
    description: 'A cut-off list as PDF: totals by reason and the entries (on the list, left off or all), 1,000 entries per part.',
    input: z.strictObject({ listId: id, filter: entryFilter.optional(), reasonCode: z.enum(CUTOFF_REASON_CODES).optional(), part: z.int().min(1).max(10_000).optional() }),
    output: PdfDocument,
    permission: 'collections.read',
  }),
  'collections.cutoffList.csv': method({
    description: 'A cut-off list as CSV: one row per entry with its reason.',
    input: z.strictObject({ listId: id, filter: entryFilter.optional() }),
    output: z.object({ filename: z.string(), content: z.string(), rows: z.int() }),
    permission: 'collections.read',
  }),
  'collections.cutoffStanding': method({
    description: "An account's cut-off standing for a date (default: the next date a cut-off can happen after today), its courtesy calls and winter certifications.",
    input: z.strictObject({ accountId: id, cutoffDate: calendarDate.optional() }),
    output: z.object({
      accountId: id,
      cutoffDate: calendarDate,
      calendarProblem: z.string().nullable(),
      standing: CutoffStanding,
      calls: z.array(CourtesyCallView),
      certifications: z.array(WinterCertificationView),
      winterRule: z.object({ enabled: z.boolean(), from: z.string(), to: z.string(), applies: z.boolean() }),
    }),
    permission: 'collections.read',
  }),
  'collections.courtesyCalls.list': method({
    description: 'The courtesy call list of a ready cut-off list: accounts on it with a phone not yet called for it, and the calls logged for it.',
    input: z.strictObject({ listId: id }),
    output: z.object({ list: CutoffListView, toCall: z.array(CutoffEntryView), calls: z.array(CourtesyCallView) }),
    permission: 'collections.read',
  }),
  'collections.courtesyCalls.log': method({
    description: 'Logs a courtesy call on an account of a ready cut-off list: promise to pay by a date (at most courtesyCallPromiseMaxDays away), no answer, wrong number or disputed, with a note.',
    input: z.strictObject({
      idempotencyKey: idempotencyKey.optional(),
      listId: id,
      accountId: id,
      outcome: z.enum(COURTESY_OUTCOMES),
      promiseDate: calendarDate.optional(),
      note: plainText(500).optional(),
    }),
    output: CourtesyCallView,
    permission: 'collections.work',
    mutates: true,
  }),
  'collections.courtesyCalls.resolveDispute': method({
    description: 'Resolves the dispute a courtesy call logged (the account can go back on the cut-off list).',
    input: z.strictObject({ callId: id, resolution: plainText(500).pipe(z.string().min(3, 'say how (at least 3 characters)')) }),
    output: CourtesyCallView,
    permission: 'collections.work',
    mutates: true,
  }),
  'collections.winter.certify': method({
    description: "Records that the account's customer is certified elderly or disabled for the winter rule: by whom, from and until when.",
    input: z.strictObject({
      accountId: id,
      kind: z.enum(WINTER_KINDS),
      certifiedBy: plainText(120).pipe(z.string().min(2, 'who certified it')),
      certifiedOn: calendarDate,
      validUntil: calendarDate,
      note: plainText(500).optional(),
    }),
    output: WinterCertificationView,
    permission: 'collections.work',
    mutates: true,
  }),
  'collections.winter.withdraw': method({
    description: 'Withdraws a winter-rule certification, with a reason.',
    input: z.strictObject({ id, reason: plainText(500).pipe(z.string().min(3, 'say why (at least 3 characters)')) }),
    output: WinterCertificationView,
    permission: 'collections.work',
    mutates: true,
  }),
};
