// The Clearinghouse record formats: the §4 worked example reproduced byte for byte, and the field
// rules (alpha, numeric, currency, dates) read back by a parser written here from the format note
// alone (tests/helpers/setoff-parser.ts), independent of the writer.
import { describe, expect, it } from 'vitest';
import {
  alpha,
  depositTotal,
  expirationYm,
  formatControlRecord,
  formatSetoffRecord,
  formatSubmissionFile,
  parseReturnFile,
  type SetoffRecordFields,
} from '../../../src-main/core/collections/setoff-file';
import { parseSubmissionFile } from '../../helpers/setoff-parser';

// Copied from shared/formats/NC-DEBT-SETOFF.md §4 (165 characters, 26 trailing blanks).
const WORKED_EXAMPLE = '123456789JANE      QDOE-SMITH      104 N MAIN ST APT 2      MAYBERRY   NC270300018743099920290202102026UB 0012345-01            00004521UTL                          ';

const jane: SetoffRecordFields = {
  ssn: '123456789',
  firstName: 'Jane',
  middleName: 'Q.',
  lastName: 'Doe-Smith',
  street: '104 N. Main St., Apt. 2',
  city: 'Mayberry',
  state: 'NC',
  zip: '27030-1234',
  amountCents: 18743,
  agencyCode: '0999',
  expirationYm: expirationYm('2026-02-10', 3),
  complianceDate: '2026-02-10',
  accountNumber: 'UB 0012345-01',
  uniqueKey: '00004521',
  accountCode: 'UTL',
};

describe('setoff submission records', () => {
  it('reproduces the worked example of §4 byte for byte', () => {
    expect(WORKED_EXAMPLE).toHaveLength(165);
    const r = formatSetoffRecord(jane);
    expect(r).toBe(WORKED_EXAMPLE);
    expect(Buffer.from(r, 'ascii').equals(Buffer.from(WORKED_EXAMPLE, 'ascii'))).toBe(true);
  });

  it('reads the worked example back field by field with the independent parser', () => {
    const f = parseSubmissionFile(`${WORKED_EXAMPLE}\r\n`).records[0]!;
    expect(f).toEqual({
      ssn: '123456789',
      firstName: 'JANE',
      middleInitial: 'Q',
      lastName: 'DOE-SMITH',
      street: '104 N MAIN ST APT 2',
      city: 'MAYBERRY',
      state: 'NC',
      zip: '27030',
      debtAmountCents: 18743,
      agencyCode: '0999',
      expiration: '202902',
      complianceDate: '2026-02-10',
      accountNumber: 'UB 0012345-01',
      uniqueKey: '00004521',
      accountCode: 'UTL',
      baseDebtCents: null,
      baseInterestCents: null,
      uniqueKeyExtension: '',
    });
  });

  it('uppercases alpha fields and drops accents, apostrophes and periods; cuts long text to the field', () => {
    expect(alpha("O'Neal")).toBe('ONEAL');
    expect(alpha('José  Núñez Jr.')).toBe('JOSE NUNEZ JR');
    const r = formatSetoffRecord({ ...jane, firstName: 'María José', middleName: null, lastName: "O'Connor-Castellanos Y Ruíz", street: '1234 Extraordinarily Long Boulevard Northeast', city: 'Winston-Salem' });
    const f = parseSubmissionFile(r).records[0]!;
    expect(f.firstName).toBe('MARIA JOSE');
    expect(f.middleInitial).toBe('');
    expect(f.lastName).toBe('OCONNOR-CASTELL');
    expect(f.street).toBe('1234 EXTRAORDINARILY LONG');
    expect(f.city).toBe('WINSTON-SAL');
    expect(r).toHaveLength(165);
    expect(/^[\x20-\x7e]+$/.test(r)).toBe(true);
  });

  it('right-justifies and zero-fills currency; refuses what does not fit, bad SSNs and missing names', () => {
    expect(parseSubmissionFile(formatSetoffRecord({ ...jane, amountCents: 0 })).records[0]!.debtAmountCents).toBe(0);
    expect(formatSetoffRecord({ ...jane, amountCents: 0 }).slice(78, 85)).toBe('0000000');
    expect(formatSetoffRecord({ ...jane, amountCents: 9_999_999 }).slice(78, 85)).toBe('9999999');
    expect(() => formatSetoffRecord({ ...jane, amountCents: 10_000_000 })).toThrow(/99,999.99/);
    expect(() => formatSetoffRecord({ ...jane, ssn: '000123456' })).toThrow(/000 or 999/);
    expect(() => formatSetoffRecord({ ...jane, ssn: '999123456' })).toThrow(/000 or 999/);
    expect(() => formatSetoffRecord({ ...jane, ssn: '12345678' })).toThrow(/9 digits/);
    expect(() => formatSetoffRecord({ ...jane, firstName: '.' })).toThrow(/first initial/);
    // A key longer than 8: characters 9–20 go in the extension (154–165).
    const long = parseSubmissionFile(formatSetoffRecord({ ...jane, uniqueKey: 'ABCDEFGH123456789' })).records[0]!;
    expect([long.uniqueKey, long.uniqueKeyExtension]).toEqual(['ABCDEFGH', '123456789']);
  });

  it('ends a file with the control record: count and total of the debt records, each line CR LF', () => {
    const a = formatSetoffRecord(jane);
    const b = formatSetoffRecord({ ...jane, ssn: '234567890', uniqueKey: '00004522', amountCents: 5000 });
    const file = formatSubmissionFile([a, b], { totalCents: 23743, agencyCode: '0999', fileDate: '2026-03-16' });
    expect(file.split('\r\n')).toHaveLength(4); // 3 records + the empty rest after the last CR LF
    const parsed = parseSubmissionFile(file);
    expect(parsed.records.map((r) => r.debtAmountCents)).toEqual([18743, 5000]);
    expect(parsed.control).toEqual({ recordCount: 2, totalCents: 23743, agencyCode: '0999', fileDate: '2026-03-16' });
    expect(formatControlRecord({ recordCount: 2, totalCents: 23743, agencyCode: '0999', fileDate: '2026-03-16' })).toBe(`999999999CONTROL   0000002000000023743099903162026${' '.repeat(115)}`);
  });
});

describe('setoff proceeds records', () => {
  const ret = (key: string, amount: number, load: string, deposit: number) =>
    `${WORKED_EXAMPLE.slice(0, 128)}${key}03102026${String(amount).padStart(7, '0')}${load}${String(deposit).padStart(7, '0')}`;

  it('reads 173-character records and refuses other lengths', () => {
    const line = ret('00004521', 12000, '03092026 101500', 15000);
    expect(line).toHaveLength(173);
    const p = parseReturnFile(`${line}\r\n${ret('00004522', 3000, '03092026 101500', 15000)}\r\n\r\n${line.slice(0, 172)}\n`);
    expect(p.problems).toEqual([{ lineNo: 4, problem: '172 characters, not 173' }]);
    expect(p.records.map((r) => [r.lineNo, r.uniqueKey, r.matchDate, r.setoffCents, r.depositCents])).toEqual([
      [1, '00004521', '2026-03-10', 12000, 15000],
      [2, '00004522', '2026-03-10', 3000, 15000],
    ]);
    expect(depositTotal(p.records)).toEqual({ totalCents: 15000, problem: null });
  });

  it('counts each load deposit once and refuses a load whose records disagree', () => {
    const a = parseReturnFile([ret('00000001', 100, '03092026 101500', 300), ret('00000002', 200, '03092026 101500', 300), ret('00000003', 50, '03232026 090000', 50)].join('\n'));
    expect(depositTotal(a.records)).toEqual({ totalCents: 350, problem: null });
    const b = parseReturnFile([ret('00000001', 100, '03092026 101500', 300), ret('00000002', 200, '03092026 101500', 299)].join('\n'));
    expect(depositTotal(b.records).problem).toMatch(/different deposit amounts/);
  });
});
