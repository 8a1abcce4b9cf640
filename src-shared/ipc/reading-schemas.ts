// Schemas and contract entries for meter readings (readings.*): vendor profiles (a setting),
// importing a reading file with every check of shared/formats/METER-READS.md, the held
// exceptions and their resolutions (accept, correct, estimate, re-read order, dismiss), a
// single reading keyed by hand, and an account's meters with its last readings.
import { z } from 'zod';
import { id, idempotencyKey, plainText as text } from './common-schemas';
import type { Permission } from '../domain';
import { calendarDate } from './calendar';


// Profiles ------------------------------------------------------------------------------------

/** Our fields of a reading row (METER-READS.md); a profile names the vendor's column for each. */
export const READING_FIELDS = ['route', 'sequence', 'meter_number', 'account_number', 'read_date', 'read_time', 'reading', 'read_code', 'reader', 'comment', 'service'] as const;
export type ReadingField = (typeof READING_FIELDS)[number];
export const REQUIRED_FIELDS = ['meter_number', 'read_date', 'reading'] as const satisfies readonly ReadingField[];

/** What a row's code means to us. A blank code is 'ok'. */
export const ROW_CODES = ['ok', 'estimated', 'no_access', 'meter_changed', 'tamper'] as const;
export type RowCode = (typeof ROW_CODES)[number];

export const DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'M/D/YYYY', 'MM/DD/YY', 'YYYYMMDD', 'MM-DD-YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const DELIMITERS = [',', ';', '\t', '|'] as const;

const columnName = text(60).pipe(z.string().min(1, 'a column name'));

export const ReadingProfile = z
  .object({
    /** The key an import names (letters, digits, - and _). */
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'profile name: lower-case letters, digits, - or _ (up to 40)'),
    label: text(80).pipe(z.string().min(1)),
    delimiter: z.enum(DELIMITERS),
    /** Accepted date formats, tried in order. */
    dateFormats: z.array(z.enum(DATE_FORMATS)).min(1).max(DATE_FORMATS.length),
    /** Our field -> the vendor's column heading (matched ignoring case and surrounding spaces). */
    columns: z.partialRecord(z.enum(READING_FIELDS), columnName),
    /** The vendor's read codes -> ours (matched ignoring case). */
    codes: z.record(z.string().trim().min(1).max(12), z.enum(ROW_CODES)),
  })
  .superRefine((p, ctx) => {
    for (const f of REQUIRED_FIELDS) if (!p.columns[f]) ctx.addIssue({ code: 'custom', path: ['columns', f], message: `the ${f} column is required` });
    const seen = new Map<string, string>();
    for (const [f, col] of Object.entries(p.columns)) {
      const k = col.trim().toLowerCase();
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['columns', f], message: `${f} and ${seen.get(k)} name the same column "${col}"` });
      seen.set(k, f);
    }
    const codes = new Set<string>();
    for (const c of Object.keys(p.codes)) {
      const k = c.trim().toUpperCase();
      if (codes.has(k)) ctx.addIssue({ code: 'custom', path: ['codes', c], message: `read code ${c} is listed twice` });
      codes.add(k);
    }
  });
export type ReadingProfile = z.infer<typeof ReadingProfile>;

/** The readingProfiles setting: at least one profile, names unique. */
export const ReadingProfiles = z
  .array(ReadingProfile)
  .min(1, 'at least one reading profile')
  .max(20)
  .refine((a) => new Set(a.map((p) => p.name)).size === a.length, 'each reading profile needs its own name');

export const DEFAULT_READING_PROFILES: ReadingProfile[] = [
  {
    name: 'default',
    label: 'TownCounter standard (METER-READS.md, comma-separated)',
    delimiter: ',',
    dateFormats: ['YYYY-MM-DD', 'MM/DD/YYYY', 'M/D/YYYY'],
    columns: {
      route: 'route',
      sequence: 'sequence',
      meter_number: 'meter_number',
      account_number: 'account_number',
      read_date: 'read_date',
      read_time: 'read_time',
      reading: 'reading',
      read_code: 'read_code',
      reader: 'reader',
      comment: 'comment',
    },
    codes: { OK: 'ok', EST: 'estimated', NA: 'no_access', MC: 'meter_changed', TM: 'tamper' },
  },
  {
    name: 'badger-handheld',
    label: 'Badger-style handheld export (tab-separated, US dates) — an example to adjust',
    delimiter: '\t',
    dateFormats: ['MM/DD/YYYY', 'M/D/YYYY'],
    columns: {
      route: 'Route',
      sequence: 'Seq',
      meter_number: 'Meter ID',
      account_number: 'Account',
      read_date: 'Read Date',
      read_time: 'Read Time',
      reading: 'Reading',
      read_code: 'Read Type',
      reader: 'Reader ID',
      comment: 'Notes',
    },
    codes: { A: 'ok', E: 'estimated', N: 'no_access', C: 'meter_changed', T: 'tamper' },
  },
];

// Views ---------------------------------------------------------------------------------------

export const EXCEPTION_REASONS = [
  'unknown_meter',
  'meter_not_active',
  'account_mismatch',
  'out_of_window',
  'not_numeric',
  'bad_date',
  'lower_than_last',
  'high_consumption',
  'low_consumption',
  'no_access',
  'tamper',
  'estimated_twice',
  'not_read',
] as const;
export type ExceptionReason = (typeof EXCEPTION_REASONS)[number];
export const EXCEPTION_STATUSES = ['open', 'accepted', 'corrected', 'estimated', 'reread', 'replaced', 'dismissed'] as const;

export const ImportSummary = z.object({
  importId: id.nullable(),
  dryRun: z.boolean(),
  fileName: z.string(),
  profile: z.string(),
  encoding: z.enum(['utf-8', 'windows-1252']),
  /** An earlier import of the very same file (same SHA-256), if any. */
  sameFileAs: z.object({ importId: id, importedAt: z.string() }).nullable(),
  rowsRead: z.int(),
  accepted: z.int(),
  exceptions: z.int(),
  byReason: z.partialRecord(z.enum(EXCEPTION_REASONS), z.int()),
  unchanged: z.int(),
  /** Held exceptions a row of this file replaced (a corrected reading for the same meter and date). */
  replaced: z.int(),
  /** Meters on the file's routes (or the cycle) in service and not read in the window. */
  notRead: z.int(),
  routes: z.array(z.string()),
  windows: z.array(z.object({ cycle: z.int(), period: z.string(), readFrom: calendarDate, readTo: calendarDate })),
  /** The first rows held, for a quick look (line, meter, reason, detail). */
  sample: z.array(z.object({ line: z.int().nullable(), meterNumber: z.string(), reason: z.enum(EXCEPTION_REASONS), detail: z.string() })),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportListItem = z.object({
  id,
  fileName: z.string(),
  profile: z.string(),
  cycle: z.int().nullable(),
  importedAt: z.string(),
  importedBy: z.string().nullable(),
  rowsRead: z.int(),
  accepted: z.int(),
  exceptions: z.int(),
  unchanged: z.int(),
  notRead: z.int().nullable(),
  /** 'running' while an import is under way (or was cut off by a crash), else 'done'. */
  state: z.enum(['running', 'done']),
});
export type ImportListItem = z.infer<typeof ImportListItem>;

export const ReadingView = z.object({
  id,
  meterId: id.nullable(),
  service: z.enum(['water', 'electric']),
  meterNumber: z.string(),
  readOn: calendarDate,
  value: z.int(),
  source: z.string(),
  readCode: z.string(),
  flag: z.string().nullable(),
  reader: z.string().nullable(),
  comment: z.string().nullable(),
});
export type ReadingView = z.infer<typeof ReadingView>;

export const LastReadingView = z.object({ value: z.int(), readOn: calendarDate, readCode: z.string() });

export const ExceptionView = z.object({
  id,
  importId: id.nullable(),
  line: z.int().nullable(),
  meterId: id.nullable(),
  service: z.enum(['water', 'electric']).nullable(),
  meterNumber: z.string(),
  accountId: id.nullable(),
  accountNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  address: z.string().nullable(),
  routeCode: z.string().nullable(),
  readOn: z.string().nullable(),
  value: z.int().nullable(),
  rawValue: z.string().nullable(),
  readCode: z.string().nullable(),
  reader: z.string().nullable(),
  comment: z.string().nullable(),
  reason: z.enum(EXCEPTION_REASONS),
  detail: z.string(),
  status: z.enum(EXCEPTION_STATUSES),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  readingId: id.nullable(),
  workOrderId: id.nullable(),
  workOrderNumber: z.string().nullable(),
  lastReading: LastReadingView.nullable(),
  averageMonthly: z.number().nullable(),
  /** What Estimate would record, or why it can't (the last billing reading was already an estimate). */
  estimate: z.object({ value: z.int().nullable(), readOn: z.string().nullable(), refused: z.string().nullable() }),
});
export type ExceptionView = z.infer<typeof ExceptionView>;

export const MeterView = z.object({
  id,
  service: z.enum(['water', 'electric']),
  number: z.string(),
  size: z.string(),
  dials: z.int(),
  multiplier: z.int(),
  installedOn: calendarDate,
  installReading: z.int(),
  removedOn: calendarDate.nullable(),
  removalReading: z.int().nullable(),
  inService: z.boolean(),
});
export type MeterView = z.infer<typeof MeterView>;

// Inputs --------------------------------------------------------------------------------------

export const ImportInput = z.strictObject({
  fileName: text(255).pipe(z.string().min(1)),
  /** The file's bytes, base64 (UTF-8 or Windows-1252 text; a file that is not valid UTF-8 is read as Windows-1252). */
  contentBase64: z.string().max(16 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'content is base64'),
  profile: z.string().min(1).max(40),
  /** Only meters of this cycle are expected; its routes' unread meters are counted. */
  cycle: z.int().min(1).max(4).optional(),
  /** With a cycle: the period (YYYY-MM) whose read window the dates must be in. */
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period is YYYY-MM').optional(),
  dryRun: z.boolean().default(false),
  /** A client key to ask readings.importProgress about while the import runs. */
  progressKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
});
export type ImportInput = z.output<typeof ImportInput>;

export const ResolveInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept'), exceptionId: id, confirmAnyway: z.boolean().default(false), note: text(500).optional() }),
  z.strictObject({ action: z.literal('correct'), exceptionId: id, value: z.int().min(0).max(9_999_999_999), confirmAnyway: z.boolean().default(false), note: text(500).optional() }),
  z.strictObject({ action: z.literal('estimate'), exceptionId: id, note: text(500).optional() }),
  z.strictObject({ action: z.literal('reread'), exceptionId: id, instructions: text(1000).optional(), idempotencyKey }),
  z.strictObject({ action: z.literal('dismiss'), exceptionId: id, reason: text(500).pipe(z.string().min(3, 'say why it is dismissed')) }),
]);
export type ResolveInput = z.output<typeof ResolveInput>;

export const ManualReadingInput = z.strictObject({
  meterNumber: text(20).pipe(z.string().min(1)),
  service: z.enum(['water', 'electric']).optional(),
  readOn: calendarDate,
  /** The register as read, digits only (leading zeros kept on the way in); blank for no access. */
  value: z.string().trim().max(12),
  readCode: z.enum(ROW_CODES).default('ok'),
  reader: text(40).optional(),
  comment: text(500).optional(),
});
export type ManualReadingInput = z.output<typeof ManualReadingInput>;

const meterNumber = text(20).pipe(z.string().min(1).regex(/^[A-Za-z0-9-]+$/, 'a meter number: letters, digits and -'));
const meterSpec = {
  size: text(12).pipe(z.string().min(1)).optional(),
  dials: z.int().min(3).max(10).optional(),
  multiplier: z.int().min(1).max(100_000).optional(),
};

export const InstallMeterInput = z.strictObject({
  accountId: id,
  service: z.enum(['water', 'electric']),
  number: meterNumber,
  ...meterSpec,
  installedOn: calendarDate,
  installReading: z.int().min(0).max(9_999_999_999).default(0),
  reason: text(500).pipe(z.string().min(3)),
});

export const ChangeMeterInput = z.strictObject({
  meterId: id,
  removedOn: calendarDate,
  removalReading: z.int().min(0).max(9_999_999_999),
  number: meterNumber,
  ...meterSpec,
  installReading: z.int().min(0).max(9_999_999_999).default(0),
  reason: text(500).pipe(z.string().min(3)),
});

// Contract entries ----------------------------------------------------------------------------

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

/** Spread into `contract` (src-shared/ipc/contract.ts). */
export const readingsContract = {
  'readings.profiles': method({
    description: 'The vendor profiles a reading file can be imported with (the readingProfiles setting).',
    input: z.strictObject({}),
    output: z.object({ profiles: z.array(ReadingProfile) }),
    permission: 'billing.read',
  }),
  'readings.import': method({
    description:
      'Import a reading file with a vendor profile: the file is refused whole when it is not the expected shape (naming line and column); every row is checked; accepted rows become readings, the rest are held as exceptions. Repeatable. dryRun checks and counts without writing.',
    input: ImportInput,
    output: ImportSummary,
    permission: 'readings.import',
    mutates: true,
  }),
  'readings.imports': method({
    description: 'The latest reading imports with their counts, newest first.',
    input: z.strictObject({ limit: z.int().min(1).max(100).default(20) }),
    output: z.object({ imports: z.array(ImportListItem) }),
    permission: 'billing.read',
  }),
  'readings.importProgress': method({
    description: 'How far a running import (by its progressKey) has come.',
    input: z.strictObject({ progressKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }),
    output: z.object({ state: z.enum(['unknown', 'running', 'done']), done: z.int(), total: z.int() }),
    permission: 'readings.import',
    passive: true,
  }),
  'readings.exceptions': method({
    description: 'Reading exceptions (open by default) by route and reason, with the account, meter, last reading, 12-month average and what an estimate would be.',
    input: z.strictObject({
      status: z.enum([...EXCEPTION_STATUSES, 'all']).default('open'),
      routeCode: z.string().max(8).optional(),
      reason: z.enum(EXCEPTION_REASONS).optional(),
      limit: z.int().min(1).max(1000).default(300),
    }),
    output: z.object({ exceptions: z.array(ExceptionView), total: z.int(), byReason: z.partialRecord(z.enum(EXCEPTION_REASONS), z.int()), routes: z.array(z.string()) }),
    permission: 'billing.read',
  }),
  'readings.resolve': method({
    description:
      'Resolve a held exception: accept the reading as read (an implausible one needs confirmAnyway), correct it, estimate it from the 12-month average (refused after an estimate), send a re-read work order, or dismiss it with a reason. Audited.',
    input: ResolveInput,
    output: z.object({ exception: ExceptionView, reading: ReadingView.nullable(), workOrderNumber: z.string().nullable() }),
    permission: 'readings.import',
    mutates: true,
  }),
  'readings.enter': method({
    description: 'Key in one reading by hand; it goes through the same checks as a file row (a failing one is held as an exception).',
    input: ManualReadingInput,
    output: z.object({ outcome: z.enum(['accepted', 'held', 'unchanged']), reading: ReadingView.nullable(), exception: ExceptionView.nullable() }),
    permission: 'readings.import',
    mutates: true,
  }),
  'meters.install': method({
    description: "Set a meter at the account's location (none of that service in service there); audited.",
    input: InstallMeterInput,
    output: z.object({ meters: z.array(MeterView) }),
    permission: 'readings.import',
    mutates: true,
  }),
  'meters.change': method({
    description: 'Change a meter: the old one is removed with its final register, the new one set the same day with its install register; audited.',
    input: ChangeMeterInput,
    output: z.object({ meters: z.array(MeterView) }),
    permission: 'readings.import',
    mutates: true,
  }),
  'readings.forAccount': method({
    description: "The meters of the account's location (in service and removed) and its last 24 readings.",
    input: z.strictObject({ accountId: id, limit: z.int().min(1).max(100).default(24) }),
    output: z.object({ meters: z.array(MeterView), readings: z.array(ReadingView) }),
    permission: 'accounts.read',
  }),
};
