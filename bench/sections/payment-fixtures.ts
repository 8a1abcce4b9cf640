// A $200.00 starting bank for the benchmark's drawer.
export const STARTING_BANK_FOR_BENCH = [
  { denominationCents: 2000, count: 5 },
  { denominationCents: 1000, count: 6 },
  { denominationCents: 500, count: 4 },
  { denominationCents: 100, count: 15 },
  { denominationCents: 25, count: 16 },
  { denominationCents: 10, count: 10 },
];
