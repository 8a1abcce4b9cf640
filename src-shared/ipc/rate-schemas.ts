// Schemas and contract entries for rate schedules (rates.*): every schedule version per service
// and class, saving a new effective-dated version (admin, with a reason, audited), and the
// calculator that prices a consumption and shows its arithmetic. The arithmetic itself is
// src-shared/rates.ts, the same the billing run uses. Also the final bill (billing.finalBill),
// which prices a move-out's last partial period on those rates.
import { z } from 'zod';
import { id } from './common-schemas';
import { SERVICES, type Permission } from '../domain';
import { freeText } from '../free-text';
import { rateBody } from '../rates';
import { calendarDate } from './calendar';

const reason = freeText(
  z
    .string()
    .trim()
    .min(3, 'say why the rate changes (at least 3 characters)')
    .max(500)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s), 'no control characters'),
);

export const SERVICE_CLASSES = ['residential', 'commercial'] as const;

export const RateVersionView = z.object({
  id,
  service: z.enum(SERVICES),
  serviceClass: z.enum(SERVICE_CLASSES),
  effectiveFrom: z.string(),
  body: rateBody,
  reason: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  supersedesId: id.nullable(),
  /** current: in force today; future: takes effect later; past: replaced by a later date; corrected: a newer version of the same date replaced it. */
  status: z.enum(['current', 'future', 'past', 'corrected']),
});
export type RateVersionView = z.infer<typeof RateVersionView>;

export const RateScheduleView = z.object({
  service: z.enum(SERVICES),
  serviceClass: z.enum(SERVICE_CLASSES),
  current: RateVersionView.nullable(),
  /** Every version, newest effective date first (corrections beside what they corrected). */
  history: z.array(RateVersionView),
});

export const RatePreviewLine = z.object({
  /** e.g. "Base charge (includes 2,000 gallons)", "3,400 gallons × $6.25 per 1,000". */
  label: z.string(),
  cents: z.int(),
  /** Exact amount in ten-thousandths of a dollar, where a line is not whole cents before rounding. */
  exactTenThousandths: z.int().nullable(),
});

export const RatePreviewSegment = z.object({
  scheduleId: id.nullable(),
  effectiveFrom: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  days: z.int(),
  lines: z.array(RatePreviewLine),
  /** The schedule's whole-period charge (multiplier applied). */
  periodCents: z.int(),
  /** This segment's share of the bill (by days), as counted in the total. */
  cents: z.int(),
});

export const RatePreview = z.object({
  cents: z.int(),
  /** One line a clerk can read out: "5,400 gallons residential inside → $39.75". */
  summary: z.string(),
  segments: z.array(RatePreviewSegment),
  /** How the segments make the total (proration by days, final-bill proration), or null for one schedule. */
  proration: z.string().nullable(),
  /** Null when the service has no charge for this subject (sewer without a water meter and no flat offer). */
  noCharge: z.boolean(),
});
export type RatePreview = z.infer<typeof RatePreview>;

export const FinalBillMeterView = z.object({
  service: z.enum(['water', 'electric']),
  meterId: id,
  meterNumber: z.string(),
  prevReadOn: z.string().nullable(),
  prevValue: z.int(),
  curReadOn: z.string(),
  curValue: z.int(),
  consumption: z.int(),
  entered: z.boolean(),
  check: z
    .object({ verdict: z.enum(['ok', 'implausible', 'none']), problems: z.array(z.string()), consumption: z.int().nullable(), lastReading: z.object({ value: z.int(), readOn: z.string(), readCode: z.string() }).nullable(), averageMonthly: z.number().nullable() })
    .nullable(),
});

export const FinalBillView = z.object({
  /** Null for a preview (nothing posted). */
  billId: id.nullable(),
  entryId: id.nullable(),
  accountId: id,
  accountNumber: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  billDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  days: z.int(),
  lines: z.array(z.object({ service: z.enum(SERVICES), cents: z.int() })),
  totalCents: z.int(),
  meters: z.array(FinalBillMeterView),
});
export type FinalBillView = z.infer<typeof FinalBillView>;

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

export const rateContract = {
  'rates.list': method({
    description: 'Every rate schedule per service and class: the version in force today and the history (future, past and corrected versions).',
    input: z.strictObject({}),
    output: z.object({ today: z.string(), schedules: z.array(RateScheduleView) }),
    permission: 'billing.read',
  }),
  'rates.save': method({
    description:
      'A new version of a rate schedule, effective from a date (by read date) that is not before today; a version for a date that already has one corrects it (the earlier stays in the history). With a reason; audited.',
    input: z.strictObject({
      service: z.enum(SERVICES),
      serviceClass: z.enum(SERVICE_CLASSES),
      effectiveFrom: calendarDate,
      body: rateBody,
      reason,
    }),
    output: RateVersionView,
    permission: 'rates.manage',
    mutates: true,
  }),
  'rates.preview': method({
    description:
      'The calculator: the charge for a consumption (or ERUs) over a period under the schedules in force (or a draft body), with the arithmetic: base, each tier, minimum, outside-limits multiplier, proration across a rate change or for a final bill.',
    input: z
      .strictObject({
        service: z.enum(SERVICES),
        serviceClass: z.enum(SERVICE_CLASSES),
        insideLimits: z.boolean().default(true),
        /** Gallons or kWh for the period; null for a premise without that meter. */
        units: z.int().min(0).max(1_000_000_000).nullable().default(null),
        eruHundredths: z.int().min(0).max(100_000).default(100),
        from: calendarDate,
        to: calendarDate,
        final: z.boolean().default(false),
        /** Price under this draft schedule instead of the saved ones (the editor's preview). */
        body: rateBody.optional(),
      })
      .refine((v) => v.from <= v.to, { message: 'the period ends before it starts', path: ['to'] }),
    output: RatePreview,
    permission: 'billing.read',
  }),
  'billing.finalBill': method({
    description:
      "An account's final bill (move-out, close-out): from the day after the last billed period to the final read date, consumption from each meter's final reading (entered here, or already recorded, e.g. by a final-read work order), fixed charges prorated by days; posted at once and the account set to final billed. An implausible reading needs confirmAnyway (and is flagged). preview: work it out without posting.",
    input: z.strictObject({
      accountId: id,
      readOn: calendarDate,
      readings: z
        .array(z.strictObject({ service: z.enum(['water', 'electric']), meterNumber: z.string().trim().min(1).max(20), value: z.int().min(0).max(999_999_999), readCode: z.enum(['ok', 'rollover']).default('ok') }))
        .max(4)
        .default([]),
      confirmAnyway: z.boolean().default(false),
      preview: z.boolean().default(false),
    }),
    output: FinalBillView,
    permission: 'accounts.write',
    mutates: true,
  }),
};
