// Schemas and contract entries for cut-off notices (issue 15, part C item 1): issue the notices
// of a ready cut-off list (one letter per on-list account, recorded on the account), follow the
// batch's progress, print the batch PDF in parts, and list an account's notices for reprint.
import { z } from 'zod';
import type { Permission } from '../domain';
import { calendarDate } from './calendar';
import { id, idempotencyKey } from './common-schemas';
import { PdfDocument } from './day-end-schemas';

/** Notices per PDF part (the core's NOTICES_PER_PDF_PART). */
export const NOTICES_PER_PDF_PART = 500;

export const NoticeBatchView = z.object({
  listId: id,
  cutoffDate: calendarDate,
  onListCount: z.int(),
  /** Notices issued for the list so far (one per on-list account when done). */
  issued: z.int(),
  mailedOn: z.array(calendarDate),
  parts: z.int(),
  perPart: z.int(),
  /** Why notices for this list can't be mailed today (too close to the cut-off date), or null. */
  problemToday: z.string().nullable(),
});
export type NoticeBatchView = z.infer<typeof NoticeBatchView>;

export const CutoffNoticeView = z.object({
  letterId: id,
  listId: id,
  cutoffDate: calendarDate,
  mailedOn: calendarDate,
  pastDueCents: z.int(),
  language: z.enum(['en', 'es']),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type CutoffNoticeView = z.infer<typeof CutoffNoticeView>;

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

export const noticesContract = {
  'collections.cutoffNotices.issue': method({
    description:
      "Issues the cut-off notices of a ready cut-off list: one letter (the customer's language) per account on the list not yet noticed for it, in short chunks; refused when the cut-off date is less than cutoffNoticeDays after the mail date. Resolves when all are issued; collections.cutoffNotices.status shows progress meanwhile.",
    input: z.strictObject({ idempotencyKey: idempotencyKey.optional(), listId: id, mailedOn: calendarDate }),
    output: z.object({ issuedNow: z.int(), batch: NoticeBatchView }),
    permission: 'collections.work',
    mutates: true,
  }),
  'collections.cutoffNotices.status': method({
    description: "A cut-off list's notices batch: how many issued of how many on the list, mail dates, PDF parts.",
    input: z.strictObject({ listId: id }),
    output: NoticeBatchView,
    permission: 'collections.read',
    passive: true,
  }),
  'collections.cutoffNotices.pdf': method({
    description: `One part of a list's cut-off notices batch as PDF (${NOTICES_PER_PDF_PART} notices per part, one page each, account-number order), each notice exactly as its reprint.`,
    input: z.strictObject({ listId: id, part: z.int().min(1).max(10_000).optional() }),
    output: PdfDocument,
    permission: 'collections.read',
  }),
  'collections.cutoffNotices.ofAccount': method({
    description: 'The cut-off notices recorded on an account, newest first (reprint one with letters.pdf).',
    input: z.strictObject({ accountId: id }),
    output: z.object({ notices: z.array(CutoffNoticeView) }),
    permission: 'collections.read',
  }),
};
