// The IPC contract: one table of method -> { input, output, permission }. Main and renderer
// both compile against it; the bridge validates every input with these schemas.
import { z } from 'zod';
import { ACCOUNT_STATUSES, PERMISSIONS, ROLES, SERVICES } from '../domain';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const cents = z.int().min(-99_999_999_999).max(99_999_999_999);
const id = z.int().positive().max(Number.MAX_SAFE_INTEGER);

export const SupervisorOverride = z.strictObject({
  username: z.string().min(1).max(32),
  secret: z.string().min(1).max(128),
});
export type SupervisorOverride = z.infer<typeof SupervisorOverride>;

export const UserInfo = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
});
export type UserInfo = z.infer<typeof UserInfo>;

export const AccountFlags = z.object({
  medicalAlert: z.boolean(),
  medicalAlertUntil: isoDate.nullable(),
  cashOnly: z.boolean(),
  noPenalty: z.boolean(),
  noPenaltyUntil: isoDate.nullable(),
  bankDraft: z.boolean(),
  paymentArrangement: z.boolean(),
  inCollections: z.boolean(),
});
export type AccountFlags = z.infer<typeof AccountFlags>;

export const AccountSummary = z.object({
  id,
  number: z.string(),
  name: z.string(),
  serviceAddress: z.string(),
  phone: z.string().nullable(),
  status: z.enum(ACCOUNT_STATUSES),
  balanceCents: cents,
  flags: AccountFlags,
});
export type AccountSummary = z.infer<typeof AccountSummary>;

export const BillLine = z.object({ label: z.string(), service: z.enum(SERVICES).nullable(), amountCents: cents });
export const Bill = z.object({
  id,
  billDate: isoDate,
  dueDate: isoDate,
  periodFrom: isoDate,
  periodTo: isoDate,
  waterGallons: z.int().nullable(),
  electricKwh: z.int().nullable(),
  totalCents: cents,
  lines: z.array(BillLine),
  converted: z.boolean(),
  paidCents: cents,
  openCents: cents,
});
export type Bill = z.infer<typeof Bill>;

export const PaymentRow = z.object({
  entryId: id,
  businessDate: isoDate,
  postedAt: z.string(),
  kind: z.string(),
  amountCents: cents,
  memo: z.string().nullable(),
  receiptNumber: z.string().nullable(),
  converted: z.boolean(),
});
export type PaymentRow = z.infer<typeof PaymentRow>;

export const OpenCharge = z.object({
  id,
  description: z.string(),
  kind: z.string(),
  service: z.enum(SERVICES).nullable(),
  dueDate: isoDate,
  amountCents: cents,
  openCents: cents,
});

export const Note = z.object({
  id,
  at: z.string(),
  author: z.string().nullable(),
  text: z.string(),
  followUp: z.boolean(),
  resolvedAt: z.string().nullable(),
});
export type Note = z.infer<typeof Note>;

export const AccountDetail = AccountSummary.extend({
  customer: z.object({
    id,
    kind: z.enum(['person', 'business']),
    displayName: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    mailingAddress: z.string(),
    taxIdMasked: z.string().nullable(),
  }),
  location: z.object({
    id,
    address: z.string(),
    serviceClass: z.enum(['residential', 'commercial']),
    waterMeter: z.string().nullable(),
    electricMeter: z.string().nullable(),
  }),
  services: z.array(z.enum(SERVICES)),
  openedOn: isoDate,
  closedOn: isoDate.nullable(),
  pastDueCents: cents,
  currentDueCents: cents,
  nextDueDate: isoDate.nullable(),
  creditCents: cents,
  depositCents: cents,
  aging: z.object({ current: cents, days30: cents, days60: cents, days90: cents }),
  openCharges: z.array(OpenCharge),
  bills: z.array(Bill),
  payments: z.array(PaymentRow),
  notes: z.array(Note),
});
export type AccountDetail = z.infer<typeof AccountDetail>;

export const Violation = z.object({ check: z.string(), detail: z.string() });
export const VerifyReport = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  counts: z.record(z.string(), z.int()),
  violations: z.array(Violation),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const LedgerStatus = z.object({
  healthy: z.boolean(),
  problems: z.array(z.string()),
  schemaVersion: z.int(),
  file: z.string(),
  townName: z.string(),
  station: z.string(),
  businessDate: isoDate,
  appVersion: z.string(),
});
export type LedgerStatus = z.infer<typeof LedgerStatus>;

export const AuditRow = z.object({
  id,
  at: z.string(),
  user: z.string().nullable(),
  approvedBy: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.unknown(),
});

export const SettingsValues = z.object({
  townName: z.string().min(1).max(80),
  townAddress: z.string().max(120),
  townPhone: z.string().max(40),
  timeZone: z.string().min(1).max(64),
  lateFeeMinimumCents: z.int().min(0).max(100_000),
  lateFeeBasisPoints: z.int().min(0).max(10_000),
  dueDays: z.int().min(1).max(90),
  returnedCheckFeeCents: z.int().min(0).max(100_000),
  reconnectFeeCents: z.int().min(0).max(100_000),
  drawerStartingBankCents: z.int().min(0).max(10_000_000),
  drawerVarianceLimitCents: z.int().min(0).max(1_000_000),
  adjustmentApprovalLimitCents: z.int().min(0).max(10_000_000),
  cutoffMinimumCents: z.int().min(0).max(10_000_000),
  cutoffDaysAfterDue: z.int().min(0).max(90),
  serviceOrder: z.array(z.enum(SERVICES)).length(SERVICES.length),
  signInMaxAttempts: z.int().min(1).max(20),
  signInLockMinutes: z.int().min(1).max(1440),
});
export type SettingsValues = z.infer<typeof SettingsValues>;

function method<I extends z.ZodType, O extends z.ZodType>(def: {
  input: I;
  output: O;
  permission: (typeof PERMISSIONS)[number];
  /** Changes the ledger: refused while the ledger failed its start-up check. */
  mutates?: boolean;
  description: string;
}) {
  return { mutates: false, ...def };
}

const empty = z.strictObject({});

export const contract = {
  'session.signIn': method({
    description: 'Sign in with username and PIN or password; returns a session token.',
    input: z.strictObject({ username: z.string().trim().toLowerCase().min(1).max(32), secret: z.string().min(1).max(128) }),
    output: z.object({ token: z.string(), user: UserInfo, station: z.string() }),
    permission: 'public',
  }),
  'session.signOut': method({
    description: 'End the current session.',
    input: empty,
    output: z.object({ signedOut: z.boolean() }),
    permission: 'signedIn',
  }),
  'session.current': method({
    description: 'Who is signed in on this session.',
    input: empty,
    output: z.object({ user: UserInfo, station: z.string() }),
    permission: 'signedIn',
  }),
  'ledger.status': method({
    description: 'Start-up check result, schema version, town and station.',
    input: empty,
    output: LedgerStatus,
    permission: 'public',
  }),
  'ledger.verify': method({
    description: 'Check every ledger invariant and report each violation.',
    input: empty,
    output: VerifyReport,
    permission: 'ledger.verify',
  }),
  'accounts.search': method({
    description: 'Search-as-you-type by account number, name, service address or phone.',
    input: z.strictObject({ query: z.string().max(100), limit: z.int().min(1).max(100).optional() }),
    output: z.object({ results: z.array(AccountSummary) }),
    permission: 'accounts.read',
  }),
  'accounts.get': method({
    description: 'One account with balance, past due, bills, payments, deposit, flags and notes.',
    input: z.union([z.strictObject({ accountId: id }), z.strictObject({ number: z.string().min(1).max(20) })]),
    output: AccountDetail,
    permission: 'accounts.read',
  }),
  'accounts.addNote': method({
    description: 'Add a note (optionally flagged for follow-up) to an account.',
    input: z.strictObject({ accountId: id, text: z.string().trim().min(1).max(2000), followUp: z.boolean().default(false) }),
    output: Note,
    permission: 'accounts.write',
    mutates: true,
  }),
  'accounts.resolveNote': method({
    description: 'Mark a follow-up note resolved.',
    input: z.strictObject({ noteId: id }),
    output: Note,
    permission: 'accounts.write',
    mutates: true,
  }),
  'accounts.setCashOnly': method({
    description: 'Set or clear the cash-only flag. Clearing it needs a supervisor (override for other roles).',
    input: z.strictObject({ accountId: id, cashOnly: z.boolean(), reason: z.string().trim().min(3).max(500), override: SupervisorOverride.optional() }),
    output: AccountFlags,
    permission: 'accounts.write',
    mutates: true,
  }),
  'audit.list': method({
    description: 'The audit log of sensitive actions, newest first.',
    input: z.strictObject({ limit: z.int().min(1).max(500).default(100), action: z.string().max(64).optional() }),
    output: z.object({ rows: z.array(AuditRow) }),
    permission: 'audit.read',
  }),
  'settings.get': method({
    description: 'Current policy settings.',
    input: empty,
    output: SettingsValues,
    permission: 'signedIn',
  }),
  'settings.update': method({
    description: 'Change policy settings (admin); every change is audited.',
    input: z.strictObject({ values: SettingsValues.partial(), reason: z.string().trim().min(3).max(500) }),
    output: SettingsValues,
    permission: 'settings.write',
    mutates: true,
  }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
