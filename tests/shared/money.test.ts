import { checkAccountNumber, luhnCheckDigit, makeAccountNumber } from '../../src-shared/account-number';
import { formatCents, parseCents, percentOf } from '../../src-shared/money';

describe('money', () => {
  it.each([
    ['12.50', 1250],
    ['$1,234.5', 123450],
    ['7', 700],
    ['.25', 25],
    ['0.01', 1],
    ['-3.10', -310],
    [' 40.00 ', 4000],
    ['9999999.99', 999999999],
  ])('parses %s', (text, expected) => expect(parseCents(text)).toBe(expected));

  it.each(['', '.', 'abc', '1.234', '1e3', '12..5', '1,23', 'NaN', '10000000.00', '$', '--1'])('refuses %j', (text) => expect(parseCents(text)).toBeNull());

  it('formats without floating point', () => {
    expect(formatCents(123456)).toBe('1,234.56');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCents(100000000, { symbol: true })).toBe('$1,000,000.00');
    expect(formatCents(0)).toBe('0.00');
  });

  it('rounds percentages half up in cents', () => {
    expect(percentOf(10000, 150)).toBe(150);
    expect(percentOf(3333, 150)).toBe(50); // 49.995 -> 50
    expect(percentOf(3300, 150)).toBe(50); // 49.5 -> 50
  });
});

describe('account numbers', () => {
  it('carries a Luhn check digit and rejects single-digit errors and swaps', () => {
    const n = makeAccountNumber(12345);
    expect(n).toMatch(/^0012345-\d$/);
    expect(checkAccountNumber(n)).toEqual({ ok: true, number: n });
    expect(checkAccountNumber(n.replace('-', ''))).toEqual({ ok: true, number: n });
    const digits = n.replace('-', '');
    for (let i = 0; i < digits.length; i++) {
      const d = Number(digits[i]);
      const wrong = digits.slice(0, i) + ((d + 3) % 10) + digits.slice(i + 1);
      expect(checkAccountNumber(wrong)).toEqual({ ok: false, reason: 'CHECK_DIGIT' });
    }
    const swapped = digits[0]! + digits[1]! + digits[2]! + digits[4]! + digits[3]! + digits.slice(5);
    if (swapped !== digits) expect(checkAccountNumber(swapped).ok).toBe(false);
    expect(checkAccountNumber('12345')).toEqual({ ok: false, reason: 'FORMAT' });
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });
});

describe('bill stub scan line', () => {
  it('round-trips account and amount and rejects a misread digit', async () => {
    const { makeScanLine, parseScanLine } = await import('../../src-shared/scan-line');
    const n = makeAccountNumber(4521);
    const line = makeScanLine(n, 18743);
    expect(line).toHaveLength(19);
    expect(parseScanLine(line)).toEqual({ accountNumber: n, amountDueCents: 18743 });
    const misread = line.slice(0, 10) + ((Number(line[10]) + 1) % 10) + line.slice(11);
    expect(parseScanLine(misread)).toBeNull();
    expect(parseScanLine('123')).toBeNull();
  });
});
