// Schemas and contract entries for write-offs (with a supervisor's approval), collection agency
// referral and the unclaimed property report (issue 15, part A items 3–5).
import { z } from 'zod';
import type { Permission } from '../domain';
import { calendarDate } from './calendar';
import { id, idempotencyKey, plainText } from './common-schemas';

const cents = z.int();
const reason = plainText(500).pipe(z.string().min(3, 'say why (at least 3 characters)'));
export const WRITE_OFF_STATUSES = ['pending', 'posted', 'rejected'] as const;

export const WriteOffView = z.object({
  id,
  number: z.string(),
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  amountCents: cents,
  reason: z.string(),
  status: z.enum(WRITE_OFF_STATUSES),
  requestedAt: z.string(),
  requestedBy: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  rejectReason: z.string().nullable(),
  entryId: id.nullable(),
});
export type WriteOffView = z.infer<typeof WriteOffView>;

export const ReferralRow = z.object({
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  mailingAddress: z.string(),
  phone: z.string().nullable(),
  status: z.string(),
  balanceCents: cents,
  oldestDue: calendarDate,
  lastPayment: calendarDate.nullable(),
});

export const UnclaimedRow = z.object({
  kind: z.enum(['credit_balance', 'refund_check']),
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  mailingAddress: z.string(),
  amountCents: cents,
  since: calendarDate,
  checkRequestId: id.nullable(),
});
export type UnclaimedRow = z.infer<typeof UnclaimedRow>;

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

export const writeOffContract = {
  'writeOffs.request': method({
    description: "Requests the write-off of a final-billed or closed account's whole balance, with a reason; it waits for another supervisor's approval (one pending per account).",
    input: z.strictObject({ idempotencyKey: idempotencyKey.optional(), accountId: id, reason }),
    output: WriteOffView,
    permission: 'writeOff.request',
    mutates: true,
  }),
  'writeOffs.approve': method({
    description: 'Approves a pending write-off (a supervisor other than the requester): Dr 5200 bad debt expense / Cr 1200, allocated to the open charges; refused when the balance changed since the request.',
    input: z.strictObject({ id }),
    output: WriteOffView,
    permission: 'writeOff.approve',
    mutates: true,
  }),
  'writeOffs.reject': method({
    description: 'Rejects a pending write-off with a reason.',
    input: z.strictObject({ id, reason }),
    output: WriteOffView,
    permission: 'writeOff.approve',
    mutates: true,
  }),
  'writeOffs.list': method({
    description: 'Write-offs, newest first (pending, posted or rejected; optionally one account).',
    input: z.strictObject({ status: z.enum(WRITE_OFF_STATUSES).optional(), accountId: id.optional(), limit: z.int().min(1).max(500).default(100) }),
    output: z.object({ writeOffs: z.array(WriteOffView) }),
    permission: 'collections.read',
  }),
  'collections.agencyReferral.preview': method({
    description: 'The final balances due for collection agency referral on a date (default today): final-billed/closed, at least agencyReferralMinimumCents, oldest open charge at least agencyReferralDays past due, not yet referred.',
    input: z.strictObject({ asOf: calendarDate.optional() }),
    output: z.object({ asOf: calendarDate, rows: z.array(ReferralRow), totalCents: cents }),
    permission: 'setoff.manage',
  }),
  'collections.agencyReferral.export': method({
    description: 'Refers the accounts of the preview to the collection agency: the CSV, and each account marked in collections so it is never sent twice.',
    input: z.strictObject({ asOf: calendarDate.optional() }),
    output: z.object({ asOf: calendarDate, rows: z.array(ReferralRow), totalCents: cents, csv: z.string() }),
    permission: 'setoff.manage',
    mutates: true,
  }),
  'collections.unclaimedProperty': method({
    description: 'Unclaimed property on a date (default today): credit balances on final-billed/closed accounts with no activity for unclaimedPropertyDays, and refund checks issued that long ago not marked claimed; with the CSV.',
    input: z.strictObject({ asOf: calendarDate.optional() }),
    output: z.object({ asOf: calendarDate, rows: z.array(UnclaimedRow), totalCents: cents, csv: z.string() }),
    permission: 'setoff.manage',
  }),
  'collections.refundChecks.claim': method({
    description: 'Marks a refund check claimed (cashed) on a date: it leaves the unclaimed property report.',
    input: z.strictObject({ checkRequestId: id, claimedOn: calendarDate }),
    output: z.object({ checkRequestId: id, claimedOn: calendarDate }),
    permission: 'setoff.manage',
    mutates: true,
  }),
};
