// Schemas and contract entries for the service desk's intake (serviceDesk.*): service requests
// with their SR numbers, stop service at the customer's request, transfer, the final bill when
// the final read is in, close-out (deposit applied, a remaining credit refunded by check), the
// prior-debt check at a premise, and an account's status history and requests.
import { z } from 'zod';
import { ACCOUNT_STATUSES, SERVICES, type Permission } from '../domain';
import { CustomerInput, IdCheckInput, serviceSet } from './customer-schemas';
import { calendarDate } from './calendar';
import { id, idempotencyKey, plainText } from './common-schemas';

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; description: string }) {
  return { mutates: false, ...def };
}

/** A set of services: no service twice, in the allocation order (customer-schemas.ts). */
export const ServiceSet = serviceSet;

export const SR_KINDS = ['new_service', 'transfer', 'stop', 'close_out'] as const;
export type ServiceRequestKind = (typeof SR_KINDS)[number];

const srNumber = z.string().trim().regex(/^SR-\d{4}-[A-Z0-9]{1,8}-\d{6}$/, 'a service request number like SR-2026-S1-000123');

export const CloseOutArithmetic = z.object({
  accountId: id,
  accountNumber: z.string(),
  /** Open charges before the close-out (the final bill and anything still owed). */
  openChargesCents: z.int(),
  /** Credit on the account not yet applied to a charge. */
  unappliedCreditCents: z.int(),
  /** Receivable balance before the close-out (positive: owed; negative: credit). */
  balanceBeforeCents: z.int(),
  depositHeldCents: z.int(),
  depositAppliedCents: z.int(),
  /** Balance after the deposit is applied. */
  balanceAfterDepositCents: z.int(),
  /** Refunded by check (a check request in the export). */
  refundCents: z.int(),
  /** Still owed after the deposit (the account closes with it; collections follow up). */
  remainingDueCents: z.int(),
  /** The charges the deposit pays, in the allocation order. */
  applied: z.array(z.object({ chargeId: id, description: z.string(), dueDate: z.string(), amountCents: z.int() })),
  /** The arithmetic as printed, one line each ("Final bill and open charges  $123.45"). */
  lines: z.array(z.object({ label: z.string(), cents: z.int() })),
});
export type CloseOutArithmetic = z.infer<typeof CloseOutArithmetic>;

export const FinalBillSummary = z.object({ billId: id, totalCents: z.int(), periodFrom: z.string(), periodTo: z.string(), dueDate: z.string() });

export const ServiceRequestView = z.object({
  id,
  number: z.string(),
  kind: z.enum(SR_KINDS),
  status: z.enum(['open', 'completed']),
  accountId: id,
  accountNumber: z.string(),
  accountStatus: z.enum(ACCOUNT_STATUSES),
  fromAccountId: id.nullable(),
  fromAccountNumber: z.string().nullable(),
  customerName: z.string(),
  serviceAddress: z.string(),
  effectiveOn: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  services: z.array(z.enum(SERVICES)),
  orders: z.array(z.object({ id, number: z.string(), type: z.string(), status: z.string(), role: z.enum(['connect', 'final_read']) })),
  finalBill: FinalBillSummary.nullable(),
  /** Why the final bill could not be made when the final read came in (the clerk enters the reading). */
  finalBillProblem: z.string().nullable(),
  /** Transfer: what moved from the old account to the new one. */
  moved: z.object({ balanceCents: z.int(), depositCents: z.int(), entryId: id.nullable() }).nullable(),
  closeOut: CloseOutArithmetic.nullable(),
  /** New service: the deposit charged (0: none or waived) and the rule's arithmetic. */
  deposit: z.object({ requiredCents: z.int(), computedCents: z.int(), arithmetic: z.array(z.string()), waivedBy: z.string().nullable() }).nullable(),
  checkRequestId: id.nullable(),
  /** The printed confirmation (a service_confirmation letter on the account). */
  letterId: id.nullable(),
});
export type ServiceRequestView = z.infer<typeof ServiceRequestView>;

const readingInput = z.strictObject({
  service: z.enum(['water', 'electric']),
  meterNumber: plainText(20).pipe(z.string().min(1)),
  value: z.int().min(0).max(999_999_999),
  readCode: z.enum(['ok', 'rollover']),
});

export const PriorAccountView = z.object({
  accountId: id,
  accountNumber: z.string(),
  customerName: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  occupancy: z.enum(['owner', 'tenant']),
  balanceCents: z.int(),
  /** Whose debt it is: the customer asking (theirs) or someone else's ("not this customer's": never put on the new account). */
  whose: z.enum(['this_customer', 'not_this_customer']),
});

export const LocationView = z.object({
  locationId: id,
  address: z.string(),
  serviceClass: z.enum(['residential', 'commercial']),
  services: z.array(z.enum(SERVICES)),
  waterMeter: z.string().nullable(),
  electricMeter: z.string().nullable(),
  /** The account now being served there (pending or active), if any. */
  occupiedBy: z.object({ accountId: id, accountNumber: z.string(), customerName: z.string(), status: z.enum(ACCOUNT_STATUSES) }).nullable(),
});
export type LocationView = z.infer<typeof LocationView>;

export const PriorDebt = z.object({ accounts: z.array(PriorAccountView), notThisCustomersCents: z.int(), thisCustomersCents: z.int() });

export const NewServiceQuote = z.object({
  location: LocationView,
  deposit: z.object({
    requiredCents: z.int(),
    computedCents: z.int(),
    basis: z.enum(['history', 'class_default', 'commercial_estimate']),
    capApplied: z.boolean(),
    arithmetic: z.array(z.string()),
    waivedBy: z.object({ utility: z.string(), receivedOn: z.string(), goodMonths: z.int() }).nullable(),
  }),
  priorDebt: PriorDebt,
});
export type NewServiceQuote = z.infer<typeof NewServiceQuote>;

export const intakeContract = {
  'serviceDesk.locations': method({
    description: 'Service locations matching an address, with the account now served at each (vacant when none).',
    input: z.strictObject({ query: plainText(80).pipe(z.string().min(1)), limit: z.int().min(1).max(50).default(20) }),
    output: z.object({ locations: z.array(LocationView) }),
    permission: 'service.intake',
  }),
  'serviceDesk.priorDebt': method({
    description: "Earlier accounts at a premise that still owe, each marked as this customer's or not this customer's (a previous tenant's debt never goes on a new tenant).",
    input: z.strictObject({ locationId: id, customerId: id.optional() }),
    output: PriorDebt,
    permission: 'service.intake',
  }),
  'serviceDesk.newServiceQuote': method({
    description: 'Before opening a new service: the premise (vacant or not), the deposit the rule gives with its arithmetic (or the letter of credit that waives it), and earlier debt at the premise.',
    input: z.strictObject({ locationId: id, services: ServiceSet, customerId: id.optional() }),
    output: NewServiceQuote,
    permission: 'service.intake',
  }),
  'serviceDesk.newService': method({
    description: "New service: the customer (found, or created here), a vacant premise, the services, owner or tenant, the ID checked; the deposit charged, a pending account and its connect order, the confirmation. Refused (nothing posted) when the deposit is no longer the one shown.",
    input: z.strictObject({
      customer: z.union([z.strictObject({ customerId: id, idCheck: IdCheckInput.nullable().optional() }), z.strictObject({ create: CustomerInput })]),
      locationId: id,
      services: ServiceSet,
      occupancy: z.enum(['owner', 'tenant']),
      startOn: calendarDate,
      expectedDepositCents: z.int().min(0).max(99_999_999),
      idempotencyKey,
    }),
    output: ServiceRequestView,
    permission: 'service.intake',
    mutates: true,
  }),
  'serviceDesk.stop': method({
    description: "Stop service at the customer's request: a final read order per meter; the final bill follows when the reading is in, then the close-out.",
    input: z.strictObject({ accountId: id, stopOn: calendarDate, reason: plainText(200).optional(), idempotencyKey }),
    output: ServiceRequestView,
    permission: 'service.intake',
    mutates: true,
  }),
  'serviceDesk.transfer': method({
    description: 'Transfer service to another premise: final read at the old one, a new pending account and its connect order at the new one; the balance and the deposit move when the old account is final-billed.',
    input: z.strictObject({
      fromAccountId: id,
      locationId: id,
      services: ServiceSet,
      occupancy: z.enum(['owner', 'tenant']),
      moveOutOn: calendarDate,
      moveInOn: calendarDate,
      idempotencyKey,
    }),
    output: ServiceRequestView,
    permission: 'service.intake',
    mutates: true,
  }),
  'serviceDesk.finalBill': method({
    description: "Make the final bill of a stop or transfer whose final read didn't bill on its own (no access, a second meter): readings entered here.",
    input: z.strictObject({ requestId: id, readOn: calendarDate, readings: z.array(readingInput).max(4).default([]), confirmAnyway: z.boolean().default(false) }),
    output: ServiceRequestView,
    permission: 'service.intake',
    mutates: true,
  }),
  'serviceDesk.closeOutPreview': method({
    description: 'The close-out arithmetic of a final-billed account, to the cent, without posting.',
    input: z.strictObject({ accountId: id }),
    output: CloseOutArithmetic,
    permission: 'service.intake',
  }),
  'serviceDesk.closeOut': method({
    description: 'Close out a final-billed account: the deposit applied to the final bill, a remaining credit refunded (refund entry and a check request), the account closed.',
    input: z.strictObject({ accountId: id, idempotencyKey }),
    output: ServiceRequestView,
    permission: 'service.intake',
    mutates: true,
  }),
  'serviceDesk.request': method({
    description: 'One service request by id or SR number.',
    input: z.union([z.strictObject({ id }), z.strictObject({ number: srNumber })]),
    output: ServiceRequestView,
    permission: 'service.intake',
  }),
  'serviceDesk.forAccount': method({
    description: "An account's status history and service requests (newest first).",
    input: z.strictObject({ accountId: id }),
    output: z.object({
      status: z.enum(ACCOUNT_STATUSES),
      history: z.array(z.object({ at: z.string(), fromStatus: z.enum(ACCOUNT_STATUSES).nullable(), toStatus: z.enum(ACCOUNT_STATUSES), userName: z.string().nullable(), reason: z.string() })),
      requests: z.array(ServiceRequestView),
    }),
    permission: 'accounts.read',
  }),
};
