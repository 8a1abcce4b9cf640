// US cash denominations, in cents, for drawer counts and deposit slips.

export const DENOMINATIONS = [
  { cents: 10000, label: '$100 bills' },
  { cents: 5000, label: '$50 bills' },
  { cents: 2000, label: '$20 bills' },
  { cents: 1000, label: '$10 bills' },
  { cents: 500, label: '$5 bills' },
  { cents: 200, label: '$2 bills' },
  { cents: 100, label: '$1 bills and coins' },
  { cents: 50, label: 'Half dollars' },
  { cents: 25, label: 'Quarters' },
  { cents: 10, label: 'Dimes' },
  { cents: 5, label: 'Nickels' },
  { cents: 1, label: 'Pennies' },
] as const;

export type DenominationCents = (typeof DENOMINATIONS)[number]['cents'];

export interface DenominationCount {
  denominationCents: number;
  count: number;
}

export function countTotal(counts: readonly DenominationCount[]): number {
  return counts.reduce((s, c) => s + c.denominationCents * c.count, 0);
}
