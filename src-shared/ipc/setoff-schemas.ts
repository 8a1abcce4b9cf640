// Schemas and contract entries for NC Debt Setoff (issue 15 part D; docs/SETOFF.md): each
// account's eligibility with every criterion, the notice letters batch, hearing requests, the
// submission file (written to a folder; its content, which holds SSNs, never crosses the contract)
// and the import of setoff proceeds.
import { z } from 'zod';
import type { Permission } from '../domain';
import { calendarDate } from './calendar';
import { id, plainText } from './common-schemas';
import { PdfDocument } from './day-end-schemas';

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

const cents = z.int();

export const SETOFF_CRITERIA = ['amount', 'delinquent', 'identity', 'notice', 'hearing'] as const;
export const SetoffCriterionView = z.object({ key: z.enum(SETOFF_CRITERIA), met: z.boolean(), detail: z.string() });
export const SetoffNoticeView = z.object({ id, letterId: id, mailedOn: z.string(), amountCents: cents, windowEnds: z.string() });
export const SetoffHearingView = z.object({
  id,
  noticeId: id,
  accountId: id.optional(),
  accountNumber: z.string().optional(),
  name: z.string().optional(),
  receivedOn: z.string(),
  note: z.string().nullable(),
  decidedOn: z.string().nullable(),
  outcome: z.enum(['town', 'debtor']).nullable(),
  decisionNote: z.string().nullable(),
});
export type SetoffHearingView = z.infer<typeof SetoffHearingView>;

export const SetoffStandingView = z.object({
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  status: z.string(),
  asOf: z.string(),
  debtCents: cents,
  pastDueCents: cents,
  delinquentSince: z.string().nullable(),
  daysDelinquent: z.int(),
  criteria: z.array(SetoffCriterionView),
  noticeDue: z.boolean(),
  eligible: z.boolean(),
  complianceDate: z.string().nullable(),
  notice: SetoffNoticeView.nullable(),
  hearing: SetoffHearingView.nullable(),
  debt: z
    .object({ id, uniqueKey: z.string(), complianceDate: z.string(), expirationYm: z.string(), lastSentCents: cents.nullable(), lastSentAt: z.string().nullable() })
    .nullable(),
});
export type SetoffStandingView = z.infer<typeof SetoffStandingView>;

export const SETOFF_FILTERS = ['all', 'eligible', 'noticeDue', 'blocked'] as const;
export const SUBMIT_REASONS = ['balance', 'paid', 'withdrawn', 'expired'] as const;

export const SubmissionView = z.object({ id, createdAt: z.string(), createdBy: z.string().nullable(), fileName: z.string(), recordCount: z.int(), totalCents: cents, sha256: z.string() });
export const ImportView = z.object({
  id,
  fileName: z.string(),
  importedAt: z.string(),
  importedBy: z.string().nullable(),
  businessDate: z.string(),
  recordCount: z.int(),
  setoffCents: cents,
  depositCents: cents,
  postedCount: z.int(),
  postedCents: cents,
});
export const ImportRejectView = z.object({ lineNo: z.int(), uniqueKey: z.string(), amountCents: cents, reason: z.string() });

export const setoffContract = {
  'setoff.eligibility': method({
    description:
      'NC Debt Setoff eligibility as of today for every account delinquent at least setoffDelinquentDays or with a setoff notice or debt on file: each criterion (amount, delinquent, SSN/ITIN, notice, hearing) met or not, with counts. Writes nothing.',
    input: z.strictObject({ filter: z.enum(SETOFF_FILTERS).default('all'), limit: z.int().min(1).max(5_000).default(1_000) }),
    output: z.object({
      asOf: z.string(),
      counts: z.object({ candidates: z.int(), eligible: z.int(), noticeDue: z.int(), hearingsPending: z.int(), eligibleCents: cents }),
      rows: z.array(SetoffStandingView),
      capped: z.boolean(),
    }),
    permission: 'collections.read',
  }),
  'setoff.progress': method({
    description: 'How far the town-wide setoff walk running now (eligibility, preview, notices, submission) has got: accounts checked of the highest id, or none running.',
    input: z.strictObject({}),
    output: z.object({ running: z.boolean(), what: z.string().nullable(), doneId: z.int(), maxId: z.int() }),
    permission: 'collections.read',
    passive: true,
  }),
  'setoff.account': method({
    description: "One account's setoff standing as of today, with its notices, hearing requests, the amounts sent for its debt and the setoff proceeds posted to it.",
    input: z.strictObject({ accountId: id }),
    output: z.object({
      standing: SetoffStandingView,
      notices: z.array(SetoffNoticeView),
      hearings: z.array(SetoffHearingView),
      sent: z.array(z.object({ submissionId: id, fileName: z.string(), createdAt: z.string(), amountCents: cents, reason: z.enum(SUBMIT_REASONS) })),
      proceeds: z.array(z.object({ importId: id, fileName: z.string(), lineNo: z.int(), amountCents: cents, matchDate: z.string().nullable(), posted: z.boolean(), rejected: z.string().nullable() })),
    }),
    permission: 'collections.read',
  }),
  'setoff.sendNotices': method({
    description:
      'Issue the setoff notice letter (EN/ES, G.S. 105A-5(b)) to the given accounts, or to every account whose notice is due, recorded with the mail date; returns the batch PDF to print and mail.',
    input: z.strictObject({ mailedOn: calendarDate, accountIds: z.array(id).min(1).max(5_000).optional() }),
    output: z.object({ notices: z.array(z.object({ accountId: id, accountNumber: z.string(), noticeId: id, letterId: id, amountCents: cents })), pdf: PdfDocument }),
    permission: 'collections.work',
    mutates: true,
  }),
  'setoff.recordHearing': method({
    description: "Record a debtor's written request for a hearing on the account's latest setoff notice (received date); while it waits for its decision the debt is not submitted.",
    input: z.strictObject({ accountId: id, receivedOn: calendarDate, note: plainText(500).optional() }),
    output: SetoffHearingView,
    permission: 'collections.work',
    mutates: true,
  }),
  'setoff.decideHearing': method({
    description: 'Record the decision of a hearing: for the town (the debt may be submitted) or for the debtor (it is not, and a debt already sent is withdrawn with 0000000).',
    input: z.strictObject({ hearingId: id, decidedOn: calendarDate, outcome: z.enum(['town', 'debtor']), note: plainText(500).optional() }),
    output: SetoffHearingView,
    permission: 'setoff.manage',
    mutates: true,
  }),
  'setoff.hearings': method({
    description: 'Hearing requests, newest first (pendingOnly: those waiting for a decision).',
    input: z.strictObject({ pendingOnly: z.boolean().default(false) }),
    output: z.object({ rows: z.array(SetoffHearingView) }),
    permission: 'collections.read',
  }),
  'setoff.previewSubmission': method({
    description: 'What the next submission file would carry: new eligible debts at their balance, and debts already sent whose amount changed (paid, withdrawn, expired: 0). No SSN. Writes nothing.',
    input: z.strictObject({}),
    output: z.object({ asOf: z.string(), rows: z.array(z.object({ accountId: id, accountNumber: z.string(), name: z.string(), uniqueKey: z.string().nullable(), amountCents: cents, lastSentCents: cents.nullable(), reason: z.enum(SUBMIT_REASONS) })), totalCents: cents }),
    permission: 'setoff.manage',
  }),
  'setoff.buildSubmission': method({
    description: 'Build the Clearinghouse submission file (165-character records and a control record) and write it atomically into the folder; logs each record sent (never the SSN).',
    input: z.strictObject({ folder: z.string().trim().min(1).max(1000).refine((s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\'), 'the folder must be a full path') }),
    output: z.object({
      submission: SubmissionView,
      writtenTo: z.string(),
      records: z.array(z.object({ accountId: id, accountNumber: z.string(), uniqueKey: z.string(), amountCents: cents, reason: z.enum(SUBMIT_REASONS) })),
      rejected: z.array(z.object({ accountId: id, accountNumber: z.string(), reason: z.string() })),
    }),
    permission: 'setoff.manage',
    mutates: true,
  }),
  'setoff.submissions': method({
    description: 'The submission files built, newest first.',
    input: z.strictObject({ limit: z.int().min(1).max(500).default(50) }),
    output: z.object({ rows: z.array(SubmissionView) }),
    permission: 'collections.read',
  }),
  'setoff.importProceeds': method({
    description:
      "Import a setoff proceeds file from the Clearinghouse (173-character records): refused whole if a record has the wrong length or the setoff amounts don't reconcile to the Cash Management deposit; else each matched record posts a third-party payment (GL 1050) on its account, the rest are listed. A file is imported once.",
    input: z.strictObject({ fileName: plainText(200).refine((s) => s.length > 0, 'the file name is required'), content: z.string().min(1).max(5_000_000) }),
    output: z.object({ import: ImportView, rejected: z.array(ImportRejectView) }),
    permission: 'setoff.manage',
    mutates: true,
  }),
  'setoff.imports': method({
    description: 'The proceeds files imported, newest first.',
    input: z.strictObject({ limit: z.int().min(1).max(500).default(50) }),
    output: z.object({ rows: z.array(ImportView) }),
    permission: 'collections.read',
  }),
};
