// Rate schedules as data, and the arithmetic that turns a schedule and a period's consumption
// into a charge. Shared so the admin's calculator preview and the billing run use one function.
//
// Prices are integers in ten-thousandths of a dollar per block of units (62500 per 1,000
// gallons = $6.25 per 1,000 gallons; 1100 per 1 kWh = $0.1100 per kWh). Each tier applies to
// the units from its `fromUnits` up to the next tier's; units below the first tier are included
// in the base charge. Rounding happens once, half up, on the whole usage charge.
import { z } from 'zod';
import { SERVICES, type Service } from './domain';
import { calendarDate } from './ipc/calendar';

export const RATE_BASES = ['water', 'electric', 'flat', 'eru'] as const;
export type RateBasis = (typeof RATE_BASES)[number];

const cents = z.number().int().min(0).max(10_000_000);

export const rateTier = z.object({
  fromUnits: z.number().int().min(0).max(1_000_000_000),
  priceTenThousandths: z.number().int().min(0).max(100_000_000),
});

export const rateBody = z
  .object({
    /** What the usage is measured on: a water reading (water, sewer), an electric reading, nothing (flat), or ERUs. */
    basis: z.enum(RATE_BASES),
    /** Base (customer) charge per period; for `flat` the whole charge; for `eru` the charge per ERU. */
    baseCents: cents,
    /** Units a price applies to: 1,000 gallons, 1 kWh. */
    blockUnits: z.number().int().min(1).max(1_000_000),
    tiers: z.array(rateTier).max(12),
    /** The least a period's charge can be (before the outside-limits multiplier). */
    minimumCents: cents,
    /** Outside the town limits the charge is multiplied by this percentage (200 = 2x). */
    outsideMultiplierPercent: z.number().int().min(100).max(1000),
    /** Sewer at a location with no water meter: a flat charge instead (null: not offered). */
    noMeterCents: cents.nullable(),
  })
  .strict()
  .superRefine((b, ctx) => {
    for (let i = 1; i < b.tiers.length; i++) {
      if (b.tiers[i]!.fromUnits <= b.tiers[i - 1]!.fromUnits) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'fromUnits'], message: 'tiers must start at increasing units' });
      }
    }
    if ((b.basis === 'water' || b.basis === 'electric') && b.tiers.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'a metered rate needs at least one tier' });
    }
    if ((b.basis === 'flat' || b.basis === 'eru') && b.tiers.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'a flat or per-ERU rate has no tiers' });
    }
  });
export type RateBody = z.infer<typeof rateBody>;

/** The basis a service's schedule must have. */
export const SERVICE_BASES: Record<Service, readonly RateBasis[]> = {
  water: ['water'],
  sewer: ['water', 'flat'],
  electric: ['electric'],
  solid_waste: ['flat'],
  stormwater: ['eru', 'flat'],
};

export const rateSchedule = z.object({
  service: z.enum(SERVICES),
  serviceClass: z.enum(['residential', 'commercial']),
  effectiveFrom: calendarDate,
  body: rateBody,
});

/** What a location's charge depends on besides the schedule. */
export interface RateSubject {
  /** Consumption in the meter's units for the period; null when the location has no such meter. */
  units: number | null;
  insideLimits: boolean;
  /** Stormwater ERUs in hundredths (100 = 1 ERU). */
  eruHundredths: number;
}

/** Half-up integer division for non-negative numerators. */
export function divRound(numerator: number, denominator: number): number {
  if (numerator < 0) return -divRound(-numerator, denominator);
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

export interface RateCharge {
  /** Whole charge in cents, multiplier applied. */
  cents: number;
  /** Parts before the multiplier, for the bill and the calculator. */
  baseCents: number;
  usageCents: number;
  minimumApplied: boolean;
  multiplierPercent: number;
  /** Units priced per tier (for showing the arithmetic). */
  tierUnits: number[];
}

/** Usage charge (cents, rounded once) for `units` on the tiers. */
export function usageCents(body: RateBody, units: number): { cents: number; tierUnits: number[] } {
  let tenThousandths = 0; // units x price; divided by blockUnits x 100 at the end
  const tierUnits: number[] = [];
  body.tiers.forEach((t, i) => {
    const upTo = body.tiers[i + 1]?.fromUnits ?? Infinity;
    const n = Math.max(0, Math.min(units, upTo) - t.fromUnits);
    tierUnits.push(n);
    tenThousandths += n * t.priceTenThousandths;
  });
  return { cents: divRound(tenThousandths, body.blockUnits * 100), tierUnits };
}

/** One period's charge for one service under one schedule (no proration). */
export function rateCharge(body: RateBody, s: RateSubject): RateCharge | null {
  const multiplierPercent = s.insideLimits ? 100 : body.outsideMultiplierPercent;
  let base = 0;
  let usage = 0;
  let tierUnits: number[] = [];
  switch (body.basis) {
    case 'flat':
      base = body.baseCents;
      break;
    case 'eru':
      base = divRound(body.baseCents * s.eruHundredths, 100);
      break;
    case 'water':
    case 'electric': {
      if (s.units === null) {
        if (body.noMeterCents === null) return null;
        base = body.noMeterCents;
        break;
      }
      if (!Number.isSafeInteger(s.units) || s.units < 0) throw new RangeError('units must be a whole number, not negative');
      base = body.baseCents;
      const u = usageCents(body, s.units);
      usage = u.cents;
      tierUnits = u.tierUnits;
      break;
    }
  }
  let before = base + usage;
  const minimumApplied = before < body.minimumCents;
  if (minimumApplied) before = body.minimumCents;
  return { cents: divRound(before * multiplierPercent, 100), baseCents: base, usageCents: usage, minimumApplied, multiplierPercent, tierUnits };
}
