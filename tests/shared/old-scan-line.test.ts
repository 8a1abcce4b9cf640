// The conversionScanLine setting: where the previous system's stub scan line keeps the old
// account number (and the amount due). Checked for meaning, not only shape.
import { oldScanKeys, parseOldScanFormat, readOldScanLine } from '../../src-shared/old-scan-line';

describe('old stub scan line format (setting conversionScanLine)', () => {
  it('reads a format: empty is none; tokens by space, comma or semicolon, any case', () => {
    expect(parseOldScanFormat('')).toEqual({ ok: true, format: null });
    expect(parseOldScanFormat('   ')).toEqual({ ok: true, format: null });
    expect(parseOldScanFormat('length=24 account=3-12 amount=13-22')).toEqual({ ok: true, format: { length: 24, account: [3, 12], amount: [13, 22] } });
    expect(parseOldScanFormat('LENGTH=20, Account=1-9')).toEqual({ ok: true, format: { length: 20, account: [1, 9], amount: null } });
    expect(parseOldScanFormat('account=1-9;length=12')).toEqual({ ok: true, format: { length: 12, account: [1, 9], amount: null } });
  });

  it('refuses a format that could not be a scan line, saying why', () => {
    const why = (spec: string) => {
      const r = parseOldScanFormat(spec);
      return r.ok ? 'ok' : r.message;
    };
    expect(why('account=1-9')).toBe('length=N is needed (the digits the scanner types)');
    expect(why('length=24')).toBe('account=A-B is needed (where the old account number is)');
    expect(why('length=11 account=1-9')).toBe('length must be 12 to 60 digits');
    expect(why('length=61 account=1-9')).toBe('length must be 12 to 60 digits');
    expect(why('length=24 account=0-9')).toBe('account=0-9 must lie within the 24 digits, first position before the last');
    expect(why('length=24 account=9-3')).toBe('account=9-3 must lie within the 24 digits, first position before the last');
    expect(why('length=24 account=20-25')).toBe('account=20-25 must lie within the 24 digits, first position before the last');
    expect(why('length=24 account=3')).toBe('account must be two positions, first-last (like account=3-12)');
    expect(why('length=24 account=1-10 amount=8-15')).toBe('account and amount overlap');
    expect(why('length=24 account=1-10 amount=11-24')).toBe('the amount can be at most 11 digits (cents)');
    expect(why('length=40 account=1-31')).toBe('the account number can be at most 30 digits');
    expect(why('length=24 account=1-10 account=2-11')).toBe('account is given twice');
    expect(why('length=24 acct=1-10')).toBe('"acct=1-10" is not length=N, account=A-B or amount=A-B');
  });

  it('reads a scanned stub of that format: the account digits as printed and the amount due in cents', () => {
    const f = parseOldScanFormat('length=24 account=3-12 amount=13-22');
    if (!f.ok) throw new Error(f.message);
    expect(readOldScanLine(f.format, '01 0001234566 0000012345 77')).toEqual({ accountDigits: '0001234566', amountDueCents: 12345 });
    expect(readOldScanLine(f.format, '0100012345660000012345')).toBeNull(); // 22 digits: not this scan line
    expect(readOldScanLine(f.format, '01000123456600000123457X')).toBeNull();
    expect(readOldScanLine(null, '010001234566000001234577')).toBeNull();
    const noAmount = parseOldScanFormat('length=12 account=1-10');
    if (!noAmount.ok) throw new Error(noAmount.message);
    expect(readOldScanLine(noAmount.format, '000123456699')).toEqual({ accountDigits: '0001234566', amountDueCents: null });
  });

  it('looks the account up as scanned, then without its padding zeros, then with fewer of them', () => {
    expect(oldScanKeys('0001234566')).toEqual(['0001234566', '1234566', '01234566', '001234566']);
    expect(oldScanKeys('1234566')).toEqual(['1234566']);
    expect(oldScanKeys('0000')).toEqual(['0000']);
  });
});
