// Schemas and contract entries for customers and service locations (customers.*, locations.*,
// medicalAlert.*): the customer a clerk creates or edits (person or business, contact, mailing
// address, language, the ID checked, an SSN/ITIN/EIN checked for meaning), the service location
// with its meters and services, and the views the screens get back (tax ids only masked).
import { z } from 'zod';
import { id, plainText } from './common-schemas';
import { calendarDate } from './calendar';
import { freeText } from '../free-text';
import { PdfDocument } from './day-end-schemas';
import type { Permission } from '../domain';
import { ACCOUNT_STATUSES, SERVICES } from '../domain';

const text = (min: number, max: number) => plainText(max).pipe(z.string().min(min, min === 1 ? 'required' : `at least ${min} characters`));
const optionalText = (max: number) =>
  plainText(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

// Tax ids ------------------------------------------------------------------------------------

export const TAX_ID_KINDS = ['ssn', 'itin', 'ein'] as const;
export type TaxIdKind = (typeof TAX_ID_KINDS)[number];

/** EIN prefixes the IRS assigns (the first two digits). */
const EIN_PREFIXES = new Set(
  [
    [1, 6],
    [10, 16],
    [20, 27],
    [30, 48],
    [50, 68],
    [71, 77],
    [80, 88],
    [90, 95],
    [98, 99],
  ].flatMap(([a, b]) => Array.from({ length: b! - a! + 1 }, (_, i) => a! + i)),
);

/**
 * Why a tax id is not a valid one of its kind (null: it is). Checks meaning, not only shape:
 * SSN area 000, 666 and 900–999, group 00 and serial 0000 are never issued; an ITIN starts with
 * 9 and has 50–65, 70–88, 90–92 or 94–99 in digits 4–5; an EIN starts with an IRS prefix.
 * Never echoes the digits (the message reaches the screen and the log).
 */
export function taxIdProblem(kind: TaxIdKind, digits: string): string | null {
  if (!/^\d{9}$/.test(digits)) return 'a tax id has 9 digits';
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  if (kind === 'ssn') {
    if (area === 0 || area === 666) return 'not an SSN: no SSN starts with 000 or 666';
    if (area >= 900) return 'not an SSN: numbers starting with 9 are ITINs';
    if (group === 0) return 'not an SSN: the middle two digits are never 00';
    if (serial === 0) return 'not an SSN: the last four digits are never 0000';
    return null;
  }
  if (kind === 'itin') {
    if (digits[0] !== '9') return 'not an ITIN: an ITIN starts with 9';
    if (!((group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94)) return 'not an ITIN: digits 4–5 must be 50–65, 70–88, 90–92 or 94–99';
    return null;
  }
  if (!EIN_PREFIXES.has(Number(digits.slice(0, 2)))) return 'not an EIN: the IRS assigns no EIN with these first two digits';
  return null;
}

/** A tax id as typed: 9 digits with optional dashes or spaces; kept as the 9 digits. */
export const TaxIdInput = z
  .strictObject({
    kind: z.enum(TAX_ID_KINDS),
    value: z
      .string()
      .max(20)
      .transform((s) => s.replace(/[\s-]/g, '')),
  })
  .superRefine((t, ctx) => {
    const problem = taxIdProblem(t.kind, t.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem, input: undefined });
  });
export type TaxIdInput = z.output<typeof TaxIdInput>;

/** The masked form shown everywhere: ***-**-1234 (SSN/ITIN) or **-***1234 (EIN). */
export function maskTaxId(kind: TaxIdKind | null, last4: string | null): string | null {
  if (!last4) return null;
  return kind === 'ein' ? `**-***${last4}` : `***-**-${last4}`;
}

// The ID a clerk checked --------------------------------------------------------------------

export const ID_DOCUMENTS = ['drivers_license', 'state_id', 'passport', 'military_id', 'matricula_consular', 'other'] as const;
export type IdDocument = (typeof ID_DOCUMENTS)[number];
export const ID_DOCUMENT_LABELS: Record<IdDocument, string> = {
  drivers_license: "Driver's license",
  state_id: 'State ID',
  passport: 'Passport',
  military_id: 'Military ID',
  matricula_consular: 'Matrícula consular',
  other: 'Other',
};
/** The ID documents as select options, in their order. */
export const ID_DOCUMENT_OPTIONS = ID_DOCUMENTS.map((value) => ({ value, label: ID_DOCUMENT_LABELS[value] }));

/** What the clerk saw: the document, who issued it, its last four characters and expiry (never the whole number). */
export const IdCheckInput = z.strictObject({
  document: z.enum(ID_DOCUMENTS),
  issuer: text(1, 60),
  last4: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{4}$/, 'the last four letters or digits of the ID')
    .optional(),
  expiresOn: calendarDate.optional(),
});
export type IdCheckInput = z.output<typeof IdCheckInput>;

export const IdCheck = IdCheckInput.extend({ checkedOn: calendarDate, checkedBy: z.string().nullable() });
export type IdCheck = z.output<typeof IdCheck>;

// Customers ---------------------------------------------------------------------------------

export const LANGUAGES = ['en', 'es'] as const;
const phone = z
  .string()
  .trim()
  .transform((s) => s.replace(/\D/g, ''))
  .pipe(z.string().regex(/^(\d{10})?$/, 'a 10-digit phone number'))
  .transform((s) => (s === '' ? null : `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`))
  .nullable()
  .optional();

/** Every field of a customer, before the person/business rules (updates take a part of it). */
export const CustomerFields = z.strictObject({
  kind: z.enum(['person', 'business']),
  firstName: optionalText(40),
  middleName: optionalText(40),
  lastName: optionalText(60),
  businessName: optionalText(100),
  phone,
  altPhone: phone,
  email: z
    .string()
    .trim()
    .max(120)
    .transform((s) => (s === '' ? null : s))
    .pipe(z.email('an email address').nullable())
    .nullable()
    .optional(),
  mailStreet: text(1, 100),
  mailCity: text(1, 60),
  mailState: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'a two-letter state'),
  mailZip: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'a ZIP code (12345 or 12345-6789)'),
  language: z.enum(LANGUAGES).default('en'),
  /** The ID the clerk checked (null: none checked). */
  idCheck: IdCheckInput.nullable().optional(),
  /** SSN/ITIN (a person) or EIN/SSN (a business); null removes it. */
  taxId: TaxIdInput.nullable().optional(),
});

type CustomerShape = Pick<z.output<typeof CustomerFields>, 'kind' | 'firstName' | 'lastName' | 'businessName' | 'taxId'>;

/** The person/business rules, shared by create and by the merged result of an update. */
export function customerProblems(c: CustomerShape): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (c.kind === 'person') {
    if (!c.lastName) out.push({ path: 'lastName', message: 'a person needs a last name' });
    if (c.businessName) out.push({ path: 'businessName', message: 'a person has no business name (make the customer a business)' });
    if (c.taxId && c.taxId.kind === 'ein') out.push({ path: 'taxId', message: 'a person has an SSN or ITIN, not an EIN' });
  } else {
    if (!c.businessName) out.push({ path: 'businessName', message: 'a business needs its name' });
    if (c.taxId && c.taxId.kind === 'itin') out.push({ path: 'taxId', message: 'a business has an EIN (or the owner\u2019s SSN), not an ITIN' });
  }
  return out;
}

export const CustomerInput = CustomerFields.superRefine((c, ctx) => {
  for (const p of customerProblems(c)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message, input: undefined });
});
export type CustomerInput = z.output<typeof CustomerInput>;

/** An edit: the fields to change (absent: unchanged; null: cleared). */
export const CustomerChanges = CustomerFields.partial();
export type CustomerChanges = z.output<typeof CustomerChanges>;

export const CustomerAccountRef = z.object({
  id,
  number: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  serviceAddress: z.string(),
  medicalAlert: z.boolean(),
});

export const CustomerView = z.object({
  id,
  kind: z.enum(['person', 'business']),
  firstName: z.string().nullable(),
  middleName: z.string().nullable(),
  lastName: z.string().nullable(),
  businessName: z.string().nullable(),
  displayName: z.string(),
  phone: z.string().nullable(),
  altPhone: z.string().nullable(),
  email: z.string().nullable(),
  mailStreet: z.string(),
  mailCity: z.string(),
  mailState: z.string(),
  mailZip: z.string(),
  mailingAddress: z.string(),
  language: z.enum(LANGUAGES),
  idCheck: IdCheck.nullable(),
  taxIdKind: z.enum(TAX_ID_KINDS).nullable(),
  /** ***-**-1234; the digits themselves only through customers.revealTaxId. */
  taxIdMasked: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  accounts: z.array(CustomerAccountRef),
});
export type CustomerView = z.output<typeof CustomerView>;

export const CustomerHit = z.object({
  id,
  kind: z.enum(['person', 'business']),
  displayName: z.string(),
  phone: z.string().nullable(),
  mailingAddress: z.string(),
  taxIdMasked: z.string().nullable(),
  accounts: z.array(CustomerAccountRef),
});
export type CustomerHit = z.output<typeof CustomerHit>;

// Service locations -------------------------------------------------------------------------

/** A set of services in one canonical order (so the same set is always stored the same way). */
export const serviceSet = z
  .array(z.enum(SERVICES))
  .min(1, 'at least one service')
  .max(SERVICES.length)
  .refine((a) => new Set(a).size === a.length, 'a service is listed twice')
  .transform((a) => SERVICES.filter((s) => a.includes(s)));

export const MeterInput = z.strictObject({
  service: z.enum(['water', 'electric']),
  number: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/, 'a meter number: 1 to 20 letters, digits or -'),
  size: z.string().trim().min(1).max(12).optional(),
  dials: z.int().min(3).max(10).optional(),
  multiplier: z.int().min(1).max(100_000).optional(),
  installedOn: calendarDate.optional(),
  installReading: z.int().min(0).max(9_999_999_999).optional(),
});
export type MeterInput = z.output<typeof MeterInput>;

const locationState = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'a two-letter state');
const locationZip = z
  .string()
  .trim()
  .regex(/^\d{5}(-\d{4})?$/, 'a ZIP code (12345 or 12345-6789)');

export const LocationInput = z
  .strictObject({
    street: text(1, 100),
    unit: optionalText(20),
    city: text(1, 60),
    state: locationState,
    zip: locationZip,
    serviceClass: z.enum(['residential', 'commercial']),
    /** The services available at the premise. */
    services: serviceSet,
    insideLimits: z.boolean().default(true),
    /** Stormwater equivalent residential units in hundredths (a house is 100). */
    eruHundredths: z.int().min(0).max(100_000).default(100),
    meters: z.array(MeterInput).max(4).default([]),
  })
  .superRefine((l, ctx) => {
    const seen = new Set<string>();
    l.meters.forEach((m, i) => {
      if (!l.services.includes(m.service)) ctx.addIssue({ code: 'custom', path: ['meters', i, 'service'], message: `a ${m.service} meter at a location without ${m.service} service`, input: undefined });
      if (seen.has(m.service)) ctx.addIssue({ code: 'custom', path: ['meters', i, 'service'], message: `one ${m.service} meter per location`, input: undefined });
      seen.add(m.service);
    });
  });
export type LocationInput = z.output<typeof LocationInput>;

/** A correction to a service location: the fields given change (unit null clears it). Meters change through meters.set / meters.change. */
export const LocationChanges = z
  .strictObject({
    street: text(1, 100).optional(),
    unit: optionalText(20),
    city: text(1, 60).optional(),
    state: locationState.optional(),
    zip: locationZip.optional(),
    serviceClass: z.enum(['residential', 'commercial']).optional(),
    services: serviceSet.optional(),
    insideLimits: z.boolean().optional(),
    eruHundredths: z.int().min(0).max(100_000).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'nothing to change');
export type LocationChanges = z.output<typeof LocationChanges>;

export const LocationView = z.object({
  id,
  street: z.string(),
  unit: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
  address: z.string(),
  serviceClass: z.enum(['residential', 'commercial']),
  services: z.array(z.enum(SERVICES)),
  insideLimits: z.boolean(),
  eruHundredths: z.int(),
  meters: z.array(
    z.object({ id, service: z.enum(['water', 'electric']), number: z.string(), size: z.string(), dials: z.int(), multiplier: z.int(), installedOn: calendarDate }),
  ),
  accounts: z.array(CustomerAccountRef.extend({ customerName: z.string() })),
});
export type LocationView = z.output<typeof LocationView>;

const reason = freeText(z.string().trim().min(3).max(500));

// Contract entries ---------------------------------------------------------------------------

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; description: string }) {
  return { mutates: false, ...def };
}

/** Spread into `contract` (src-shared/ipc/contract.ts). */
export const customerContract = {
  'customers.create': method({
    description: 'Create a customer (person or business); a tax id is encrypted and only its last four digits are kept in the clear.',
    input: z.strictObject({ customer: CustomerInput }),
    output: CustomerView,
    permission: 'service.intake',
    mutates: true,
  }),
  'customers.update': method({
    description: 'Edit a customer: the fields given change (null clears one); the merged record is checked again; audited with the names of the fields changed.',
    input: z.strictObject({ customerId: id, changes: CustomerChanges }),
    output: CustomerView,
    permission: 'service.intake',
    mutates: true,
  }),
  'customers.search': method({
    description: 'Find customers by name, phone, email or the last four digits of the tax id (find before create, so one person is one customer).',
    input: z.strictObject({ query: z.string().trim().min(2, 'type at least 2 characters').max(100), limit: z.int().min(1).max(100).default(20) }),
    output: z.object({ results: z.array(CustomerHit), more: z.boolean() }),
    permission: 'accounts.read',
  }),
  'customers.get': method({
    description: 'One customer with the masked tax id and their accounts.',
    input: z.strictObject({ customerId: id }),
    output: CustomerView,
    permission: 'accounts.read',
  }),
  'customers.revealTaxId': method({
    description: 'The full tax id of a customer, for a supervisor with a reason; audited (the audit row holds the last four digits only).',
    input: z.strictObject({ customerId: id, reason }),
    output: z.object({ customerId: id, kind: z.enum(TAX_ID_KINDS), taxId: z.string() }),
    permission: 'taxId.reveal',
    // It writes its audit row: no reveal while the ledger can't record it.
    mutates: true,
  }),
  'locations.create': method({
    description: 'Create a service location (premise) with its services and meters.',
    input: z.strictObject({ location: LocationInput }),
    output: LocationView,
    permission: 'service.intake',
    mutates: true,
  }),
  'locations.update': method({
    description: 'Correct a service location: address, class, services available, town limits, stormwater ERUs. A service can\'t be taken away while an open account there has it or a meter for it is in service (CONFLICT). Audited with the reason and each field before and after; the accounts there are found by the new address.',
    input: z.strictObject({ locationId: id, changes: LocationChanges, reason }),
    output: LocationView,
    permission: 'service.intake',
    mutates: true,
  }),
  'locations.get': method({
    description: 'One service location with its meters in service and the accounts at it.',
    input: z.strictObject({ locationId: id }),
    output: LocationView,
    permission: 'accounts.read',
  }),
};

// Medical Alert -----------------------------------------------------------------------------

export const MedicalCertificationInput = z.strictObject({
  accountId: id,
  certifiedOn: calendarDate,
  expiresOn: calendarDate,
  physician: text(2, 100),
  physicianPhone: z
    .string()
    .trim()
    .transform((s) => s.replace(/\D/g, ''))
    .pipe(z.string().regex(/^\d{10}$/, "the physician's 10-digit phone number"))
    .transform((s) => `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`),
});

export const MedicalCertification = z.object({
  id,
  accountId: id,
  certifiedOn: calendarDate,
  expiresOn: calendarDate,
  physician: z.string(),
  physicianPhone: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  /** in_force: today within it; expired; withdrawn. */
  state: z.enum(['in_force', 'expired', 'withdrawn']),
});
export type MedicalCertification = z.output<typeof MedicalCertification>;

export const MedicalAlertRow = z.object({
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  serviceAddress: z.string(),
  phone: z.string().nullable(),
  status: z.enum(ACCOUNT_STATUSES),
  certificationId: id,
  certifiedOn: calendarDate,
  expiresOn: calendarDate,
  daysLeft: z.int(),
  physician: z.string(),
  physicianPhone: z.string().nullable(),
  /** Expires within medicalAlertWarnDays. */
  expiring: z.boolean(),
});
export type MedicalAlertRow = z.output<typeof MedicalAlertRow>;

export const medicalAlertContract = {
  'medicalAlert.certify': method({
    description: 'Record a Medical Alert certification (certified on, expires at most medicalAlertMaxMonths later, physician and phone); the account flag follows the latest one in force.',
    input: MedicalCertificationInput,
    output: z.object({ certification: MedicalCertification, medicalAlertUntil: calendarDate.nullable() }),
    permission: 'service.intake',
    mutates: true,
  }),
  'medicalAlert.withdraw': method({
    description: 'Withdraw a certification recorded by mistake or ended early (with a reason); the account flag is recomputed.',
    input: z.strictObject({ certificationId: id, reason }),
    output: z.object({ certification: MedicalCertification, medicalAlertUntil: calendarDate.nullable() }),
    permission: 'service.intake',
    mutates: true,
  }),
  'medicalAlert.forAccount': method({
    description: "An account's certifications, newest first.",
    input: z.strictObject({ accountId: id }),
    output: z.object({ medicalAlertUntil: calendarDate.nullable(), certifications: z.array(MedicalCertification) }),
    permission: 'accounts.read',
  }),
  'medicalAlert.list': method({
    description: 'The Medical Alert list: every account with a certification in force (soonest expiry first), or only those expiring within medicalAlertWarnDays.',
    input: z.strictObject({ expiringOnly: z.boolean().default(false) }),
    output: z.object({ today: calendarDate, warnDays: z.int(), rows: z.array(MedicalAlertRow), expiring: z.int() }),
    permission: 'accounts.read',
  }),
  'medicalAlert.pdf': method({
    description: 'The Medical Alert list (or only those expiring within medicalAlertWarnDays) as PDF.',
    input: z.strictObject({ expiringOnly: z.boolean().default(false) }),
    output: PdfDocument,
    permission: 'accounts.read',
  }),
};
