// Receipt documents built by hand for the pure layout and encoder tests (the queue tests use
// real ones from the counter).
import type { Receipt } from '../../src-shared/ipc/counter-schemas';

export function sampleReceipt(over: Partial<Receipt> = {}): Receipt {
  return {
    id: 7,
    number: 'S1-000123',
    station: 'S1',
    townName: 'Town of Mayberry',
    townAddress: '104 N Main St, Mayberry NC 27030',
    townPhone: '(336) 555-0100',
    cashier: 'Cathy Cashier',
    businessDate: '2026-03-16',
    postedAt: '2026-03-16T15:04:00.000Z',
    payer: 'Andy Taylor',
    lines: [
      {
        lineNo: 1,
        type: 'account',
        accountId: 1,
        accountNumber: '0000001-8',
        revenueCode: null,
        name: 'Andy Taylor',
        description: 'Andy Taylor',
        amountCents: 9200,
        remainingBalanceCents: 1250,
        allocations: [
          { chargeId: 1, description: 'Water service', dueDate: '2026-02-25', amountCents: 3100 },
          { chargeId: 2, description: 'Sewer service', dueDate: '2026-02-25', amountCents: 6100 },
        ],
      },
      { lineNo: 2, type: 'revenue', accountId: null, accountNumber: null, revenueCode: 'TAX', name: 'Property tax', description: 'Property tax bill 2025-00412 (2025)', amountCents: 30000, remainingBalanceCents: null, allocations: [] },
    ],
    tenders: [
      { lineNo: 1, kind: 'cash', amountCents: 20000, checkNumber: null, payer: null, cardBrand: null, cardLast4: null, authCode: null, reference: null },
      { lineNo: 2, kind: 'check', amountCents: 10000, checkNumber: '1042', payer: 'Andy Taylor', cardBrand: null, cardLast4: null, authCode: null, reference: null },
      { lineNo: 3, kind: 'card', amountCents: 10000, checkNumber: null, payer: null, cardBrand: 'VISA', cardLast4: '4242', authCode: 'A1B2C3', reference: null },
    ],
    totalCents: 39200,
    tenderedCents: 40000,
    changeCents: 800,
    source: 'counter',
    status: 'posted',
    voidedAt: null,
    voidedBy: null,
    voidReason: null,
    returned: [],
    ...over,
  };
}

/** Deterministic long text of exactly `length` characters: words of varying length, some very long. */
export function longText(seed: number, length: number): string {
  const words = ['Montgomery', 'Featherstonehaugh', 'Apartment', 'Northwest', 'Extraordinarily', 'Boulevard', 'St', 'Jr', 'Mc', 'Wolfeschlegelsteinhausenbergerdorff', 'Company', 'LLC', 'Trust', 'of', 'the', 'Estate'];
  let s = '';
  let i = seed;
  while (s.length < length) {
    s += (s ? ' ' : '') + words[i % words.length]!;
    i = (i * 7 + 3) % 101;
  }
  return s.slice(0, length).trimEnd().padEnd(length, 'x');
}
