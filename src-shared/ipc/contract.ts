// The IPC contract: one table of method -> { input, output, permission }. Main and renderer
// both compile against it; the bridge validates every input with these schemas.
import { parseOldScanFormat } from '../old-scan-line';
import { z } from 'zod';
import { id, idempotencyKey } from './common-schemas';
import { freeText } from '../free-text';
import type { Permission } from '../domain';
import { ACCOUNT_STATUSES, ROLES, SERVICES, type Role } from '../domain';
import { CHECK_DIGIT_RULES } from '../legacy-number';
import {
  amount,
  DenominationCountInput,
  DrawerJournal,
  DrawerView,
  MailBatch,
  PaymentPreview,
  PaymentTransfer,
  PaymentRequest,
  Receipt,
  RevenueCodeView,
} from './counter-schemas';
import { PrinterSettingsPatch, PrinterSettingsView, PrinterStatus, PrintJobView, PRINT_JOB_STATUSES, ReceiptPrintStatus, VirtualJobsResult } from './printer-schemas';
import { BusinessDay, CheckListItem, CountResult, DrawerCheck, ReturnableTender, DailyCashReport, DrawerReport, PdfDocument, Pickup, ReceiptJournalReport } from './day-end-schemas';
import { exportContract } from './export-schemas';
import { calendarDate, isCalendarDate, timeZone } from './calendar';
import { workOrderContract } from './work-order-schemas';
import { rateContract } from './rate-schemas';
import { billingContract } from './billing-schemas';
import { depositsContract } from './deposits-schemas';
import { setoffContract } from './setoff-schemas';
import { intakeContract } from './intake-schemas';
import { usersContract } from './users-schemas';
import { readingsContract, ReadingProfiles } from './reading-schemas';
import { customerContract, medicalAlertContract } from './customer-schemas';
import { adjustmentContract } from './adjustment-schemas';
import { cutoffContract } from './cutoff-schemas';
import { noticesContract } from './notices-schemas';
import { writeOffContract } from './write-off-schemas';
import { disconnectContract } from './disconnect-schemas';
import { penaltyContract } from './penalty-schemas';
import { conversionContract } from './conversion-schemas';

const isoDate = calendarDate;
const cents = z.int().min(-99_999_999_999).max(99_999_999_999);

export { SupervisorOverrideInput as SupervisorOverride } from './counter-schemas';
import { SupervisorOverrideInput as SupervisorOverride } from './counter-schemas';
export type SupervisorOverride = z.infer<typeof SupervisorOverride>;
const MailItemInput = z.strictObject({
  batchId: z.int().positive(),
  accountNumber: z.string().trim().min(1).max(40),
  amountCents: amount,
  tenderKind: z.enum(['check', 'money_order']).optional(),
  checkNumber: z.string().trim().regex(/^\d{1,10}$/, 'check number is 1 to 10 digits').optional(),
  payer: freeText(z.string().trim().min(1).max(80)).optional(),
});

export const UserInfo = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  /** The primary role (shown in the header; kept for older code). */
  role: z.enum(ROLES),
  /** Every role the user holds, the primary one included; permissions are their union. */
  roles: z.array(z.enum(ROLES)).min(1),
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
  /** Service off for non-payment since this date (collections). */
  disconnectedOn: isoDate.nullable().optional(),
  /** While disconnected: what reconnects the service — the balance plus the reconnect fee (null once a reconnect is ordered). */
  reconnectCents: cents.nullable().optional(),
  /** While disconnected: the open reconnect order's number, once payment or an arrangement ordered it. */
  reconnectOrder: z.string().nullable().optional(),
});
export type AccountFlags = z.infer<typeof AccountFlags>;

export const AccountSummary = z.object({
  id,
  number: z.string(),
  /** The number on the previous system's bills, as printed (conversion, docs/IMPORT.md); null: none. */
  legacyNumber: z.string().nullable().default(null),
  name: z.string(),
  serviceAddress: z.string(),
  phone: z.string().nullable(),
  status: z.enum(ACCOUNT_STATUSES),
  balanceCents: cents,
  flags: AccountFlags,
});
export type AccountSummary = z.infer<typeof AccountSummary>;

/** A search result: the account, which field the query matched, and whether exactly. */
export const SEARCH_MATCH_FIELDS = ['number', 'oldNumber', 'address', 'name', 'phone', 'several'] as const;
export const AccountSearchHit = AccountSummary.extend({ matchedOn: z.enum(SEARCH_MATCH_FIELDS), exact: z.boolean() });
export type AccountSearchHit = z.infer<typeof AccountSearchHit>;

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
  /** Converted bills: what the previous system left unpaid and the conversion carried forward (0 otherwise). */
  carriedForwardCents: cents.default(0),
  /** Converted bills: true when that amount is a balance-forward charge of this bill (its open amount is openCents); false when it is inside the account's converted balance forward. */
  carriedForwardLinked: z.boolean().default(false),
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
  /** A follow-up's due date (null: none set). */
  dueOn: isoDate.nullable().default(null),
  /** Who is to act on a follow-up (null: anyone). */
  ownerId: id.nullable().default(null),
  ownerName: z.string().nullable().default(null),
  /** An open follow-up past its due date (on the business date). */
  overdue: z.boolean().default(false),
});
export type Note = z.infer<typeof Note>;

/** An open follow-up on the clerks' worklist, with the account it is on. */
export const FollowUp = Note.extend({
  accountId: id,
  accountNumber: z.string(),
  accountName: z.string(),
  serviceAddress: z.string(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const FollowUpOwner = z.object({ id, displayName: z.string(), username: z.string() });
export type FollowUpOwner = z.infer<typeof FollowUpOwner>;

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
  /** What the conversion carried forward from the previous system as balance-forward charges (0: none). */
  convertedBalanceForwardCents: cents.default(0),
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

export const LedgerCheck = z.object({
  /** The start-up integrity check runs in the background: running, then ok or failed. */
  state: z.enum(['running', 'ok', 'failed']),
  progress: z.number().min(0).max(1),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type LedgerCheck = z.infer<typeof LedgerCheck>;

export const LedgerFault = z.object({
  code: z.enum(['DISK_FULL', 'LEDGER_READ_ONLY', 'LEDGER_IO_ERROR', 'LEDGER_BUSY', 'LEDGER_CORRUPT']),
  message: z.string(),
  at: z.string(),
});
export type LedgerFault = z.infer<typeof LedgerFault>;

export const LedgerStatus = z.object({
  healthy: z.boolean(),
  problems: z.array(z.string()),
  /** Optional so an older host's answer still parses. */
  check: LedgerCheck.optional(),
  /** The storage fault the last write met (disk full, read-only, I/O error), until a write succeeds. */
  fault: LedgerFault.nullable().optional(),
  schemaVersion: z.int(),
  /** The ledger's file name (not its folder: the status is public). */
  file: z.string(),
  townName: z.string(),
  /** The town's IANA time zone (setting timeZone): every time on screen is shown in it. */
  timeZone: z.string(),
  station: z.string(),
  /** The open business day, or (none open) the date the next posting opens — never a closed day. */
  businessDate: isoDate,
  /** A business day is open now (false between the close of a day and the first posting of the next). */
  businessDayOpen: z.boolean().default(true),
  /** While no day is open: the last day closed (null when a day is open or none was ever closed). */
  closedBusinessDate: isoDate.nullable().default(null),
  appVersion: z.string(),
  /** Things an administrator must fix that do not stop posting (a bad stored setting, a file readable by others). */
  warnings: z.array(z.string()).optional(),
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

/** Text shown on receipts and reports: no control characters, no leading or trailing spaces. */
const printable = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), 'no control characters')
    .refine((s) => s === s.trim(), 'no leading or trailing spaces');

/** The minimum PIN or password length for each role, checked whenever a PIN is set. */
export const PinMinLength = z.strictObject(Object.fromEntries(ROLES.map((r) => [r, z.int().min(4).max(32)])) as Record<Role, z.ZodInt>);
export type PinMinLength = z.infer<typeof PinMinLength>;

// Every setting is checked for meaning, not only type: a real time zone, a permutation of the
// services, amounts in ranges a small town's office could mean. The core refuses anything else
// (settings.update answers BAD_INPUT) and falls back to the default for a bad stored value.
const monthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'MM-DD')
  .refine((v) => isCalendarDate(`2028-${v}`), { message: 'not a day of the year (MM-DD)' });
/** A town holiday: a calendar date and its name; dates unique. */
export const TownHolidays = z
  .array(z.strictObject({ date: calendarDate, name: z.string().trim().min(1).max(60) }))
  .max(100)
  .refine((list) => new Set(list.map((h) => h.date)).size === list.length, { message: 'each holiday date only once' });
export type TownHoliday = z.infer<typeof TownHolidays>[number];

export const SettingsValues = z.object({
  townName: freeText(printable(1, 80)),
  townAddress: freeText(printable(0, 120)),
  townPhone: freeText(printable(0, 40)),
  /** The office's hours as printed on cut-off notices (English, Spanish). */
  townOfficeHours: freeText(printable(0, 160)),
  townOfficeHoursEs: freeText(printable(0, 160)),
  timeZone,
  lateFeeMinimumCents: z.int().min(0).max(10_000),
  lateFeeBasisPoints: z.int().min(0).max(2_500),
  dueDays: z.int().min(5).max(90),
  returnedCheckFeeCents: z.int().min(0).max(10_000),
  reconnectFeeCents: z.int().min(0).max(50_000),
  drawerStartingBankCents: z.int().min(0).max(1_000_000),
  drawerVarianceLimitCents: z.int().min(0).max(100_000),
  adjustmentApprovalLimitCents: z.int().min(0).max(1_000_000),
  cutoffMinimumCents: z.int().min(100).max(1_000_000),
  cutoffDaysAfterDue: z.int().min(0).max(90),
  serviceOrder: z
    .array(z.enum(SERVICES))
    .length(SERVICES.length)
    .refine((a) => new Set(a).size === SERVICES.length, 'serviceOrder must list each of the five services exactly once'),
  /** Failed sign-ins at one station for one username before each further try must wait. */
  signInMaxAttempts: z.int().min(1).max(20),
  /** The longest wait the back-off grows to, in minutes. */
  signInLockMinutes: z.int().min(1).max(1440),
  /** The first wait after signInMaxAttempts failures, in seconds; each further failure doubles it. */
  signInBackoffSeconds: z.int().min(1).max(3600),
  /** A session unused this long is signed out. */
  sessionIdleMinutes: z.int().min(1).max(480),
  /** A session is signed out this long after sign-in, in use or not. */
  sessionMaxHours: z.int().min(1).max(24),
  pinMinLength: PinMinLength,
  readingHighPercent: z.int().min(101).max(10_000),
  readingLowPercent: z.int().min(0).max(99),
  /** Change above this asks the cashier to confirm before posting. */
  changeConfirmAboveCents: z.int().min(0).max(10_000_000),
  /** Change above this needs a supervisor. */
  changeSupervisorAboveCents: z.int().min(0).max(10_000_000),
  /** Vendor profiles for reading files: column mapping, delimiter, date formats, read codes. */
  readingProfiles: ReadingProfiles,
  // Service desk (issue 14): DOMAIN.md "Service requests and deposits", "Adjustments and bill research".
  /** Residential deposit: this many times the location's average monthly bill. */
  depositResidentialMonths: z.int().min(0).max(6),
  /** Commercial deposit: this many times the estimated monthly bill. */
  depositCommercialMonths: z.int().min(0).max(6),
  /** Residential deposit with no history: water/sewer (no electric). */
  depositDefaultWaterSewerCents: z.int().min(0).max(500_000),
  /** Residential deposit with no history when electric is among the services. */
  depositDefaultWithElectricCents: z.int().min(0).max(500_000),
  /** The deposit is capped at this many twelfths of the estimated annual bill (0: no cap). */
  depositCapTwelfths: z.int().min(0).max(12),
  /** Months of the location's bills the average is taken over. */
  depositHistoryMonths: z.int().min(1).max(36),
  /** A letter of credit waives the deposit when it shows at least this many months of good payment… */
  letterOfCreditGoodMonths: z.int().min(1).max(60),
  /** …and was received within this many days. */
  letterOfCreditMaxAgeDays: z.int().min(1).max(365),
  /** Interest paid on deposits, basis points a year (0: none). */
  depositInterestBasisPoints: z.int().min(0).max(2_000),
  /** Refund eligibility: this many consecutive bills paid… */
  depositRefundPaidBills: z.int().min(1).max(60),
  /** …with no more than this many late payments among them. */
  depositRefundMaxLate: z.int().min(0).max(60),
  /** Extensions / payment arrangements an account may have in any 12 months. */
  arrangementMaxPer12Months: z.int().min(0).max(12),
  /** The longest extension or arrangement, in months. */
  arrangementMaxMonths: z.int().min(1).max(24),
  /** Leak adjustment: the excess over the average is billed at this percent of the rate. */
  leakExcessRatePercent: z.int().min(0).max(100),
  /** Leak adjustments an account may have in any 12 months. */
  leakMaxPer12Months: z.int().min(0).max(12),
  /** Bill research flags a bill this many percent above or below the 12-month average. */
  billResearchFlagPercent: z.int().min(1).max(1_000),
  /** Medical Alert certifications expiring within this many days are reported. */
  medicalAlertWarnDays: z.int().min(1).max(365),
  /** The longest a Medical Alert certification may run, in months. */
  medicalAlertMaxMonths: z.int().min(1).max(36),
  /** Months of payment history on a credit reference letter. */
  creditReferenceMonths: z.int().min(1).max(60),
  // Collections (issue 15): DOMAIN.md "Collections", shared/formats/NC-DEBT-SETOFF.md.
  /** Town holidays: no cut-off on one of these days or the day before one. */
  townHolidays: TownHolidays,
  /** The winter rule: no cut-off between winterRuleFrom and winterRuleTo for certified elderly or disabled customers. */
  winterRuleEnabled: z.boolean(),
  /** First day of the winter rule, MM-DD (every year). */
  winterRuleFrom: monthDay,
  /** Last day of the winter rule, MM-DD (the next year when before winterRuleFrom). */
  winterRuleTo: monthDay,
  /** A courtesy-call promise to pay may run at most this many days. */
  courtesyCallPromiseMaxDays: z.int().min(1).max(60),
  /** A cut-off notice is mailed at least this many days before the cut-off date. */
  cutoffNoticeDays: z.int().min(0).max(60),
  /** Debt setoff: the Clearinghouse's agency code for the town (4 characters). */
  setoffAgencyCode: z.string().regex(/^[0-9A-Z]{4}$/, 'four digits or capital letters'),
  /** Debt setoff: the account code (department) on each record. */
  setoffAccountCode: z.string().regex(/^[A-Z]{3}$/, 'three capital letters'),
  /** Debt setoff: the smallest debt submitted (G.S. 105A-4: $50). */
  setoffMinimumCents: z.int().min(0).max(9_999_999),
  /** Debt setoff: days a debt must be delinquent before it is submitted. */
  setoffDelinquentDays: z.int().min(0).max(3_650),
  /** Debt setoff: days after the notice is mailed to ask for a hearing. */
  setoffHearingDays: z.int().min(1).max(365),
  /** Debt setoff: a debt is no longer submitted this many years after its compliance date. */
  setoffExpirationYears: z.int().min(1).max(20),
  /** Collection agency referral: final balances at least this much… */
  agencyReferralMinimumCents: z.int().min(0).max(99_999_999),
  /** …and at least this many days past due. */
  agencyReferralDays: z.int().min(0).max(3_650),
  /** Unclaimed property: credits and refunds unclaimed this many days are reportable. */
  unclaimedPropertyDays: z.int().min(1).max(3_650),
  /** Conversion: how the previous system made the check digit of its account numbers (docs/IMPORT.md). */
  conversionCheckDigit: z.enum(CHECK_DIGIT_RULES),
  /** Conversion: where the previous system's stub scan line keeps the old account number ('' = old stubs not read), e.g. "length=24 account=3-12 amount=13-22" (src-shared/old-scan-line.ts). */
  conversionScanLine: z.string().max(80).superRefine((v, ctx) => {
    const r = parseOldScanFormat(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  }),
});
export type SettingsValues = z.infer<typeof SettingsValues>;

function method<I extends z.ZodType, O extends z.ZodType>(def: {
  input: I;
  output: O;
  permission: Permission;
  /** Changes the ledger: refused while the ledger failed its start-up check. */
  mutates?: boolean;
  /** Asked by the screens on their own (polling), not by the user: does not count as activity for the idle timeout. */
  passive?: boolean;
  description: string;
}) {
  return { mutates: false, passive: false, ...def };
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
    passive: true,
  }),
  'ledger.status': method({
    description: 'Start-up check result, schema version, town and station.',
    input: empty,
    output: LedgerStatus,
    permission: 'public',
    passive: true,
  }),
  'ledger.verify': method({
    description: 'Check every ledger invariant and report each violation.',
    input: empty,
    output: VerifyReport,
    permission: 'ledger.verify',
  }),
  'accounts.search': method({
    description: 'Search-as-you-type by account number (TownCounter\'s or the old one from the previous system), name, service address or phone.',
    input: z.strictObject({ query: z.string().max(100), limit: z.int().min(1).max(100).optional() }),
    output: z.object({
      /** Best match first: exact account number, exact old number, exact service address, exact name, then partial number, old number, address, name, phone. */
      results: z.array(AccountSearchHit),
      /** How many accounts match (counted up to a cap; totalCapped says the count stopped there). */
      total: z.int().min(0),
      totalCapped: z.boolean(),
      /** More accounts match than are listed. */
      more: z.boolean(),
    }),
    permission: 'accounts.read',
  }),
  'accounts.get': method({
    description: 'One account with balance, past due, bills, payments, deposit, flags and notes; by id or by number (TownCounter\'s, else the old number from the previous system).',
    input: z.union([z.strictObject({ accountId: id }), z.strictObject({ number: z.string().min(1).max(40) })]),
    output: AccountDetail,
    permission: 'accounts.read',
  }),
  'accounts.readStub': method({
    description: 'Reads a scanned bill stub of the previous billing system (setting conversionScanLine): the account its old number names and the amount due it carries. NOT_FOUND when it is not such a scan line or no account holds its number.',
    input: z.strictObject({ scanLine: z.string().trim().min(1).max(80) }),
    output: z.object({ accountId: id, accountNumber: z.string(), legacyNumber: z.string().nullable(), amountDueCents: z.int().min(0).nullable() }),
    permission: 'accounts.read',
  }),
  'accounts.addNote': method({
    description: 'Add a note (optionally flagged for follow-up) to an account.',
    input: z.strictObject({
      accountId: id,
      text: freeText(z.string().trim().min(1).max(2000)),
      followUp: z.boolean().default(false),
      /** Follow-ups only: when it is due, and who is to act on it. */
      dueOn: isoDate.optional(),
      ownerId: id.optional(),
    }),
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
  'followUps.list': method({
    description: 'Open follow-ups across accounts (the worklist): overdue first, then by due date, then oldest; filter by owner or overdue.',
    input: z.strictObject({
      ownerId: id.optional(),
      /** Only follow-ups without an owner. */
      unassigned: z.boolean().optional(),
      overdueOnly: z.boolean().default(false),
      limit: z.int().min(1).max(500).default(200),
    }),
    output: z.object({ followUps: z.array(FollowUp), total: z.int(), overdue: z.int() }),
    permission: 'accounts.read',
  }),
  'followUps.owners': method({
    description: 'Active users who can own a follow-up (they can write notes).',
    input: empty,
    output: z.object({ owners: z.array(FollowUpOwner) }),
    permission: 'accounts.read',
  }),
  'accounts.setCashOnly': method({
    description: 'Set or clear the cash-only flag. Clearing it needs a supervisor (override for other roles).',
    input: z.strictObject({ accountId: id, cashOnly: z.boolean(), reason: freeText(z.string().trim().min(3).max(500)), override: SupervisorOverride.optional() }),
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
    input: z.strictObject({ values: SettingsValues.partial(), reason: freeText(z.string().trim().min(3).max(500)) }),
    output: SettingsValues,
    permission: 'settings.write',
    mutates: true,
  }),
  'revenueCodes.list': method({
    description: 'Revenue codes for other town revenue (TAX, TAP, REC, DEP, PERMIT, MISC).',
    input: empty,
    output: z.object({ codes: z.array(RevenueCodeView) }),
    permission: 'signedIn',
  }),
  'drawer.open': method({
    description: 'Open a cash drawer at this station with the starting bank counted by denomination.',
    input: z.strictObject({ counts: z.array(DenominationCountInput).max(12) }),
    output: DrawerView,
    permission: 'drawer.operate',
    mutates: true,
  }),
  'drawer.current': method({
    description: "The signed-in cashier's open drawer at this station, if any.",
    input: empty,
    output: z.object({ drawer: DrawerView.nullable(), businessDate: z.string().nullable() }),
    permission: 'drawer.operate',
  }),
  'drawer.journal': method({
    description: 'Every receipt of a drawer with its tenders, and totals by tender.',
    input: z.strictObject({ drawerId: z.int().positive().optional() }),
    output: DrawerJournal,
    permission: 'drawer.operate',
  }),
  'payments.preview': method({
    description: 'What posting would do: allocation per account line, change, problems. Changes nothing.',
    input: PaymentRequest,
    output: PaymentPreview,
    permission: 'payments.post',
  }),
  'payments.post': method({
    description: 'Post one transaction (several accounts/revenue lines, several tenders) as one journal entry; idempotent on the key.',
    input: PaymentRequest.extend({
      idempotencyKey,
      /** The cashier confirmed what the preview asked (large change, change over the drawer's cash, a tender that becomes credit). */
      confirmed: z.boolean().optional(),
      /** A supervisor's approval when the change is above the supervisor setting. */
      override: SupervisorOverride.optional(),
    }),
    output: z.object({ receipt: Receipt, replayed: z.boolean() }),
    permission: 'payments.post',
    mutates: true,
  }),
  'receipts.get': method({
    description: 'A receipt by number (or id), with its VOID status.',
    input: z.union([z.strictObject({ number: z.string().trim().min(3).max(20) }), z.strictObject({ receiptId: z.int().positive() })]),
    output: Receipt,
    permission: 'accounts.read',
  }),
  'receipts.forAccount': method({
    description: "An account's receipts, newest first.",
    input: z.strictObject({ accountId: z.int().positive(), limit: z.int().min(1).max(200).default(50) }),
    output: z.object({ receipts: z.array(Receipt) }),
    permission: 'accounts.read',
  }),
  'receipts.void': method({
    description: 'Void a receipt: same business day, same open drawer, supervisor approval and a reason; posts a reversing entry.',
    input: z.strictObject({ number: z.string().trim().min(3).max(20), reason: freeText(z.string().trim().min(3).max(500)), override: SupervisorOverride.optional() }),
    output: Receipt,
    permission: 'payments.post',
    mutates: true,
  }),
  'mailBatches.open': method({
    description: 'Start a mail payment batch with its control count and control total.',
    input: z.strictObject({ controlCount: z.int().min(1).max(10_000), controlTotalCents: amount }),
    output: MailBatch,
    permission: 'mail.post',
    mutates: true,
  }),
  'mailBatches.addItem': method({
    description: 'Key one mail payment into an open batch: account number with check digit (or the bill stub\'s 19-digit scan line), amount, what was received (check — default — or money order), check number when keyed, payer.',
    input: MailItemInput,
    output: MailBatch,
    permission: 'mail.post',
    mutates: true,
  }),
  'mailBatches.updateItem': method({
    description: 'Correct a keyed row of a batch that is not yet posted (the row is replaced by what is given).',
    input: MailItemInput.extend({ itemId: z.int().positive() }),
    output: MailBatch,
    permission: 'mail.post',
    mutates: true,
  }),
  'mailBatches.removeItem': method({
    description: 'Remove a keyed item from a batch that is not yet posted.',
    input: z.strictObject({ batchId: z.int().positive(), itemId: z.int().positive() }),
    output: MailBatch,
    permission: 'mail.post',
    mutates: true,
  }),
  'mailBatches.get': method({
    description: 'A mail batch with its items, running count/total and differences (the batch report once posted).',
    input: z.strictObject({ batchId: z.int().positive() }),
    output: MailBatch,
    permission: 'mail.post',
  }),
  'mailBatches.list': method({
    description: 'Mail batches of the current business day (open and posted).',
    input: empty,
    output: z.object({ batches: z.array(MailBatch) }),
    permission: 'mail.post',
  }),
  'mailBatches.post': method({
    description: 'Post a batch: refused unless count and total match the controls.',
    input: z.strictObject({ batchId: z.int().positive() }),
    output: MailBatch,
    permission: 'mail.post',
    mutates: true,
  }),
  'payments.return': method({
    description: 'Record a returned payment (NSF check, returned draft): reverse it, charge the fee, record a letter; supervisor approval.',
    input: z.strictObject({
      receiptNumber: z.string().trim().min(3).max(20),
      tenderLineNo: z.int().positive().optional(),
      reason: freeText(z.string().trim().min(3).max(200)),
      returnedOn: isoDate,
      override: SupervisorOverride.optional(),
    }),
    output: z.object({ receipt: Receipt, feeCents: z.int(), cashOnlySet: z.boolean(), letterId: z.int().nullable() }),
    permission: 'payments.return',
    mutates: true,
  }),
  'payments.transfer': method({
    description:
      'Move (part of) a posted payment from the account it was keyed to onto the right account: a pair of journal entries that keep the receipt; a supervisor over the adjustment limit; idempotent on the key.',
    input: z.strictObject({
      receiptNumber: z.string().trim().min(3).max(20),
      fromAccountId: id,
      toAccountId: id,
      amountCents: amount,
      reason: z.string().trim().min(3).max(500),
      idempotencyKey,
      override: SupervisorOverride.optional(),
    }),
    output: PaymentTransfer,
    permission: 'payments.return',
    mutates: true,
  }),
  'payments.transfers': method({
    description: "An account's payment transfers, in and out, newest first.",
    input: z.strictObject({ accountId: id }),
    output: z.object({ transfers: z.array(PaymentTransfer) }),
    permission: 'accounts.read',
  }),
  'payments.findReturnable': method({
    description: "Find the check, money order or remittance a bank's returned-item notice names: by check number, amount, the date it was taken, account or receipt number (every one given must match). Newest first, at most 50 (capped says there were more).",
    input: z
      .strictObject({
        checkNumber: z.string().trim().regex(/^[A-Za-z0-9-]{1,20}$/, 'check number: digits (letters for a money order reference)').optional(),
        amountCents: amount.optional(),
        date: isoDate.optional(),
        accountNumber: z.string().trim().min(1).max(40).optional(),
        receiptNumber: z.string().trim().min(3).max(20).optional(),
      })
      .refine((q) => Object.values(q).some((v) => v !== undefined), { message: 'give a check number, an amount, a date, an account or a receipt number' }),
    output: z.object({ results: z.array(ReturnableTender), capped: z.boolean() }),
    permission: 'payments.return',
  }),
  'letters.pdf': method({
    description: 'A recorded letter (returned payment, or any service desk letter) as PDF, to open and print or reprint.',
    input: z.strictObject({ letterId: z.int().positive() }),
    output: PdfDocument,
    permission: 'payments.return',
  }),
  'drawer.pickup': method({
    description: 'A supervisor removes excess cash from an open drawer; both names and the count are recorded.',
    input: z.strictObject({ drawerId: z.int().positive(), counts: z.array(DenominationCountInput).min(1).max(12), note: freeText(z.string().trim().max(200)).optional(), override: SupervisorOverride.optional() }),
    output: Pickup,
    permission: 'drawer.operate',
    mutates: true,
  }),
  'drawer.count': method({
    description: 'Blind count of the open drawer: cash by denomination, checks listed, card batch total. Returns expected and variances only after recording the count.',
    input: z.strictObject({ counts: z.array(DenominationCountInput).max(12), checks: z.array(CheckListItem).max(500), cardBatchCents: z.int().min(0).max(999_999_999) }),
    output: CountResult,
    permission: 'drawer.operate',
    mutates: true,
  }),
  'drawer.latestCount': method({
    description: "The latest submitted count of the signed-in cashier's open drawer (with every earlier count), or null before the first count: after a count, signing out and in resumes at the result, never at a fresh blind count.",
    input: empty,
    output: z.object({ count: CountResult.nullable() }),
    permission: 'drawer.operate',
  }),
  'drawer.checks': method({
    description: "The checks, money orders and remittances the signed-in cashier's open drawer took, to tick off in the blind close (no count or total).",
    input: empty,
    output: z.object({ checks: z.array(DrawerCheck) }),
    permission: 'drawer.operate',
  }),
  'drawer.close': method({
    description: 'Close the drawer on its latest count; a variance over the limit needs a supervisor note and approval. Posts over/short.',
    input: z.strictObject({ countId: z.int().positive(), note: freeText(z.string().trim().min(3).max(500)).optional(), override: SupervisorOverride.optional() }),
    output: DrawerReport,
    permission: 'drawer.operate',
    mutates: true,
  }),
  'drawer.list': method({
    description: 'Drawers of a business day (a cashier sees their own).',
    input: z.strictObject({ businessDate: isoDate.optional() }),
    output: z.object({ drawers: z.array(DrawerReport) }),
    permission: 'signedIn',
  }),
  'reports.drawer': method({
    description: 'Drawer report: tenders, pickups, count, expected, variance, over/short.',
    input: z.strictObject({ drawerId: z.int().positive() }),
    output: DrawerReport,
    permission: 'signedIn',
  }),
  'reports.daily': method({
    description: 'Daily cash report for a business day.',
    input: z.strictObject({ businessDate: isoDate }),
    output: DailyCashReport,
    permission: 'reports.read',
  }),
  'reports.receiptJournal': method({
    description: 'Every receipt of a business day with its status.',
    input: z.strictObject({ businessDate: isoDate }),
    output: ReceiptJournalReport,
    permission: 'reports.read',
  }),
  'reports.pdf': method({
    description: 'A report as PDF: daily, receiptJournal, drawer, depositSlip (a drawer\'s) or mailDepositSlip (a posted mail batch\'s).',
    input: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('daily'), businessDate: isoDate }),
      z.strictObject({ kind: z.literal('receiptJournal'), businessDate: isoDate }),
      z.strictObject({ kind: z.literal('drawer'), drawerId: z.int().positive() }),
      z.strictObject({ kind: z.literal('depositSlip'), drawerId: z.int().positive() }),
      z.strictObject({ kind: z.literal('mailDepositSlip'), batchId: z.int().positive() }),
    ]),
    output: PdfDocument,
    permission: 'signedIn',
  }),
  'day.list': method({
    description: 'Business days, newest first, with open drawers and batches.',
    input: z.strictObject({ limit: z.int().min(1).max(366).default(60) }),
    output: z.object({ days: z.array(BusinessDay) }),
    permission: 'signedIn',
  }),
  'day.close': method({
    description: 'Close the business day (supervisor): refused while a drawer or mail batch is open.',
    input: z.strictObject({ businessDate: isoDate }),
    output: BusinessDay,
    permission: 'day.close',
    mutates: true,
  }),
  // Receipt printer and cash drawer (printer-schemas.ts). Requests only queue a job; printing happens after the commit.
  'printer.getSettings': method({
    description: "This station's printer and cash-drawer settings.",
    input: empty,
    output: PrinterSettingsView,
    permission: 'settings.write',
  }),
  'printer.updateSettings': method({
    description: "Change this station's printer and cash-drawer settings (admin); audited.",
    input: z.strictObject({ values: PrinterSettingsPatch, reason: freeText(z.string().trim().min(3).max(500)) }),
    output: PrinterSettingsView,
    permission: 'settings.write',
    mutates: true,
  }),
  'printer.status': method({
    description: 'Printer state (ready, offline, paper near end/out, cover open, not configured), drawer, queue counts and the last error.',
    input: z.strictObject({ refresh: z.boolean().default(false) }),
    output: PrinterStatus,
    permission: 'signedIn',
    passive: true,
  }),
  'printer.testPrint': method({
    description: 'Queue a test page (an administrator may also pulse the drawer).',
    input: z.strictObject({ openDrawer: z.boolean().default(false) }),
    output: z.object({ jobs: z.array(PrintJobView) }),
    permission: 'printer.operate',
    mutates: true,
  }),
  'printer.jobs': method({
    description: "This station's print jobs, newest first, with their status, attempts and last error.",
    input: z.strictObject({ limit: z.int().min(1).max(200).default(50), receiptId: z.int().positive().optional(), status: z.enum(PRINT_JOB_STATUSES).optional() }),
    output: z.object({ jobs: z.array(PrintJobView) }),
    permission: 'printer.operate',
    passive: true,
  }),
  'printer.retry': method({
    description: 'Put failed print jobs (one, or all of this station) back in the queue.',
    input: z.strictObject({ jobId: z.int().positive().optional() }),
    output: z.object({ requeued: z.int() }),
    permission: 'printer.operate',
    mutates: true,
  }),
  'printer.cancel': method({
    description: 'Cancel a print job that has not printed (e.g. a receipt the customer no longer needs), with a reason; audited. The jobs behind it go on printing.',
    input: z.strictObject({ jobId: z.int().positive(), reason: freeText(z.string().trim().min(3).max(200)) }),
    output: z.object({ job: PrintJobView }),
    permission: 'printer.operate',
    mutates: true,
  }),
  'printer.virtualJobs': method({
    description: 'What the virtual printer (browser mode, demos) received, as text, newest first.',
    input: z.strictObject({ limit: z.int().min(1).max(50).default(10) }),
    output: VirtualJobsResult,
    permission: 'signedIn',
    passive: true,
  }),
  'receipts.reprint': method({
    description: 'Reprint a receipt marked DUPLICATE (a voided one also shows VOID); audited.',
    input: z.union([z.strictObject({ number: z.string().trim().min(3).max(20) }), z.strictObject({ receiptId: z.int().positive() })]),
    output: z.object({ job: PrintJobView }),
    permission: 'receipts.reprint',
    mutates: true,
  }),
  'receipts.printStatus': method({
    description: 'Whether a receipt printed: queued, printing, printed, failed or not queued, with its print jobs.',
    input: z.union([z.strictObject({ number: z.string().trim().min(3).max(20) }), z.strictObject({ receiptId: z.int().positive() })]),
    output: ReceiptPrintStatus,
    permission: 'accounts.read',
    passive: true,
  }),
  'drawer.noSale': method({
    description: 'Open the cash drawer without a sale: supervisor approval and a reason; prints a NO SALE slip; audited.',
    input: z.strictObject({ reason: freeText(z.string().trim().min(3).max(200)), override: SupervisorOverride.optional() }),
    output: z.object({ jobs: z.array(PrintJobView) }),
    permission: 'drawer.operate',
    mutates: true,
  }),
  'drawer.printSummary': method({
    description: "Print a drawer summary (counts and totals by tender) on the receipt printer; the caller's open drawer by default.",
    input: z.strictObject({ drawerId: z.int().positive().optional() }),
    output: z.object({ job: PrintJobView }),
    permission: 'drawer.operate',
    mutates: true,
  }),
  'drawer.printDepositSummary': method({
    description: 'Print the deposit summary of a counted drawer (cash by denomination, checks, total) on the receipt printer.',
    input: z.strictObject({ drawerId: z.int().positive() }),
    output: z.object({ job: PrintJobView }),
    permission: 'drawer.operate',
    mutates: true,
  }),
  // Nightly export and bank drafts (export-schemas.ts).
  ...exportContract,
  // Work orders for Public Works (work-order-schemas.ts).
  ...workOrderContract,
  ...adjustmentContract,
  ...rateContract,
  // User administration (users-schemas.ts).
  ...usersContract,
  ...readingsContract,
  // Billing runs and bill documents (billing-schemas.ts).
  ...billingContract,
  // Service desk: customers and service locations (customer-schemas.ts).
  ...customerContract,
  ...medicalAlertContract,
  // Deposits and letters (deposits-schemas.ts).
  ...depositsContract,
  ...intakeContract,
  // Collections: cut-off list, courtesy calls, winter rule (cutoff-schemas.ts).
  ...cutoffContract,
  // Collections: cut-off notices (notices-schemas.ts).
  ...noticesContract,
  ...writeOffContract,
  ...disconnectContract,
  ...setoffContract,
  // Collections: late penalty run and aging (penalty-schemas.ts).
  ...penaltyContract,
  // Conversion import from the previous system (conversion-schemas.ts).
  ...conversionContract,
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
