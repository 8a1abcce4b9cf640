// The pure receipt layout: what a receipt shows, and that no line is ever wider than the paper
// (58 mm at 32 columns, 80 mm at 48, and the 42/35-column modes), over 60–80 character names,
// addresses, payers and descriptions.
import type { DrawerJournal } from '../../src-shared/ipc/counter-schemas';
import type { LayoutLine } from '../../src-main/devices/escpos/layout';
import { layoutDrawerSummary, layoutNoSale, layoutReceipt, layoutTestPage, widthOf, wrap } from '../../src-main/devices/escpos/layout';
import { longText, sampleReceipt } from './receipt-fixture';

const hasControl = (s: string) => [...s].some((ch) => ch.charCodeAt(0) < 0x20 || (ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f) || ch === '\u202e' || ch === '\u200b');
const text = (lines: LayoutLine[]) => lines.map((l) => l.text).join('\n');
const opts = (columns: number, over: Partial<Parameters<typeof layoutReceipt>[1]> = {}) => ({ columns, headerLines: [], footerLines: ['Thank you for your payment.'], duplicate: false, ...over });

function expectFits(lines: LayoutLine[], columns: number) {
  for (const l of lines) {
    expect(l.text.length, `"${l.text}" (${l.size}) is wider than ${columns} columns`).toBeLessThanOrEqual(widthOf(l.size, columns));
    expect(hasControl(l.text)).toBe(false);
  }
}

describe('receipt layout', () => {
  it('shows town, station, cashier, times, number, each line, tenders, change and the balance left', () => {
    const lines = layoutReceipt(sampleReceipt(), opts(48, { timeZone: 'America/New_York' }));
    const t = text(lines);
    expect(lines[0]).toMatchObject({ text: 'Town of Mayberry', align: 'center', bold: true });
    expect(t).toContain('104 N Main St, Mayberry NC 27030');
    expect(t).toContain('(336) 555-0100');
    expect(t).toMatch(/^Receipt {2,}S1-000123$/m);
    expect(t).toMatch(/^Station {2,}S1$/m);
    expect(t).toMatch(/^Cashier {2,}Cathy Cashier$/m);
    expect(t).toMatch(/^Date {2,}03\/16\/2026 11:04 AM$/m);
    expect(t).toMatch(/^Business date {2,}2026-03-16$/m);
    expect(t).toMatch(/^Acct 0000001-8 {2,}\$92\.00$/m);
    expect(t).toMatch(/^ {2}Andy Taylor$/m);
    expect(t).toMatch(/^ {2}Remaining balance {2,}\$12\.50$/m);
    expect(t).toMatch(/^TAX {2,}\$300\.00$/m);
    expect(t).toMatch(/^ {2}Property tax bill 2025-00412 \(2025\)$/m);
    expect(t).toMatch(/^TOTAL {2,}\$392\.00$/m);
    expect(t).toMatch(/^Cash {2,}\$200\.00$/m);
    expect(t).toMatch(/^Check #1042 {2,}\$100\.00$/m);
    // A card shows brand, last four and authorization code, nothing else.
    expect(t).toMatch(/^VISA \*\*\*\*4242 Auth A1B2C3 {2,}\$100\.00$/m);
    expect(t).toMatch(/^CHANGE {2,}\$8\.00$/m);
    expect(t).not.toContain('DUPLICATE');
    expect(t).not.toContain('VOID');
    expect(lines.at(-1)).toMatchObject({ text: 'Thank you for your payment.', align: 'center' });
    // Amounts end at the right edge: every pair line is exactly the paper width.
    for (const l of lines.filter((x) => /\$[\d,]+\.\d\d$/.test(x.text))) expect(l.text).toHaveLength(48);
  });

  it('shows a credit balance, allocations when asked, and the header lines from the settings', () => {
    const r = sampleReceipt();
    r.lines[0]!.remainingBalanceCents = -800;
    const t = text(layoutReceipt(r, opts(32, { showAllocations: true, headerLines: ['TOWN OF MAYBERRY', 'Utility Office'] })));
    expect(t).toMatch(/^ {2}Credit balance {2,}\$8\.00$/m);
    expect(t).toMatch(/^ {4}Water service 02\/25 {2,}\$31\.00$/m);
    expect(t).toContain('Utility Office');
    expect(t).not.toContain('104 N Main St');
  });

  it('marks a reprint DUPLICATE and a voided receipt VOID, with who approved it and why', () => {
    const dup = layoutReceipt(sampleReceipt(), opts(32, { duplicate: true }));
    expect(dup.filter((l) => l.text === 'DUPLICATE')).toHaveLength(2);
    expect(dup.find((l) => l.text === 'DUPLICATE')).toMatchObject({ size: 'large', bold: true, align: 'center' });
    const voided = sampleReceipt({ status: 'void', voidedAt: '2026-03-16T16:00:00.000Z', voidedBy: 'Sam Supervisor', voidReason: 'wrong account' });
    const v = text(layoutReceipt(voided, opts(32)));
    expect(v.match(/\*\*\* VOID \*\*\*/g)).toHaveLength(2);
    expect(v).toContain('THIS RECEIPT IS VOID');
    expect(v).toMatch(/^Approved by {2,}Sam Supervisor$/m);
    expect(v).toContain('Reason: wrong account');
    expect(v).not.toContain('DUPLICATE');
    const both = text(layoutReceipt(voided, opts(32, { duplicate: true })));
    expect(both).toContain('*** VOID ***');
    expect(both).toContain('DUPLICATE');
  });

  it.each([32, 35, 42, 48, 64])('never overflows %i columns over 60–80 character names, addresses and descriptions', (columns) => {
    for (let seed = 0; seed < 12; seed++) {
      const name = longText(seed, 60 + ((seed * 7) % 21));
      const address = longText(seed + 50, 60 + ((seed * 5) % 21));
      const r = sampleReceipt({ payer: longText(seed + 7, 80), townAddress: address, cashier: longText(seed + 3, 64) });
      r.lines[0]!.name = name;
      r.lines[1]!.description = longText(seed + 11, 78);
      r.lines[0]!.allocations[0]!.description = longText(seed + 13, 70);
      r.tenders[1]!.payer = longText(seed + 17, 80);
      r.tenders[2]!.authCode = 'ABCDEFGHIJKL';
      const big = sampleReceipt({ totalCents: 999_999_999, changeCents: 0 });
      for (const doc of [r, big, sampleReceipt({ status: 'void', voidReason: longText(seed, 200), voidedBy: name, voidedAt: '2026-03-16T16:00:00Z' })]) {
        for (const duplicate of [false, true]) {
          const lines = layoutReceipt(doc, opts(columns, { duplicate, showAllocations: true, footerLines: [longText(seed + 1, 64)] }));
          expectFits(lines, columns);
          // Nothing was cut off: every word of the long name is on the paper.
          const printed = text(lines).replace(/\s+/g, '');
          if (doc === r) expect(printed).toContain(name.replace(/\s+/g, ''));
        }
      }
    }
  });

  it('strips control bytes from names before layout', () => {
    const r = sampleReceipt({ payer: 'Evil\u001bp\u0000\u0019\u00faPayer' });
    r.lines[0]!.name = 'Bob\u0010\u0014\u0001\u0000\u0008 Smith\u202e\u200b';
    const t = text(layoutReceipt(r, opts(32)));
    expect(t).toContain('Paid by: EvilpúPayer');
    expect(t).toContain('  Bob Smith');
    for (const line of t.split('\n')) expect(hasControl(line)).toBe(false);
  });
});

describe('wrap', () => {
  it('wraps at spaces, splits words longer than the line, and drops empty text', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
    expect(wrap('  ', 5)).toEqual([]);
    for (const l of wrap(longText(3, 80), 13)) expect(l.length).toBeLessThanOrEqual(13);
  });
});

describe('slips', () => {
  const journal: DrawerJournal = {
    drawer: { id: 3, station: 'S1', cashier: 'Cathy Cashier', userId: 2, businessDate: '2026-03-16', openedAt: '2026-03-16T13:00:00Z', startingCents: 20000, startingCount: [], closedAt: null },
    rows: [
      { receiptNumber: 'S1-000001', postedAt: '2026-03-16T14:00:00Z', status: 'posted', payer: null, description: 'x', totalCents: 5000, tenders: [{ kind: 'cash', amountCents: 5000 }], changeCents: 0 },
      { receiptNumber: 'S1-000002', postedAt: '2026-03-16T14:10:00Z', status: 'void', payer: null, description: 'x', totalCents: 2500, tenders: [{ kind: 'check', amountCents: 2500 }], changeCents: 0 },
    ],
    totals: { cash: 5000, check: 0, card: 0, money_order: 0, remittance: 0, change: 0, net: 5000 },
    voidTotals: { cash: 0, check: 2500, card: 0, money_order: 0, remittance: 0, change: 0, net: 2500 },
    receiptCount: 1,
    voidCount: 1,
    expectedCashCents: 25000,
  };

  it('lays out the drawer summary with totals by tender', () => {
    const lines = layoutDrawerSummary(journal, { columns: 32, headerLines: ['Town of Mayberry'], printedAt: '2026-03-16T20:00:00Z' });
    expectFits(lines, 32);
    const t = text(lines);
    expect(t).toContain('DRAWER SUMMARY');
    expect(t).toMatch(/^Cash {2,}\$50\.00$/m);
    expect(t).toMatch(/^NET COLLECTED {2,}\$50\.00$/m);
    expect(t).toMatch(/^S1-000002 VOID {2,}\$25\.00$/m);
  });

  it('lays out the no-sale slip and the test page within the paper', () => {
    const ns = layoutNoSale({ station: 'S1', cashier: 'Cathy Cashier', approvedBy: 'Sam Supervisor', at: '2026-03-16T15:00:00Z', reason: longText(2, 200) }, { columns: 32, headerLines: ['Town'], printedAt: '2026-03-16T15:00:00Z' });
    expectFits(ns, 32);
    expect(text(ns)).toContain('NO SALE');
    const tp = layoutTestPage({ station: 'S1', endpoint: 'tcp 192.168.1.50:9100', paperWidthMm: 58, codePage: 'PC858' }, { columns: 32, headerLines: ['Town'], printedAt: '2026-03-16T15:00:00Z' });
    expectFits(tp, 32);
    expect(tp.find((l) => /^1234567890/.test(l.text))!.text).toHaveLength(32);
  });
});
