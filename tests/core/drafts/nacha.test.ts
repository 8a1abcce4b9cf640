// The NACHA builder against the format note's worked example (byte for byte) and the independent
// checker; routing check digits; entry hashes that overflow ten digits; banking days and
// effective dates; reading a returns file.
import { checkRoutingNumber, routingCheckDigit } from '../../../src-shared/ipc/export-schemas';
import { addBankingDays, effectiveEntryDate, fedHolidays, isBankingDay, nextBankingDay } from '../../../src-main/export/banking-days';
import { buildAchFile, readAchEntries } from '../../../src-main/export/nacha';
import { abaValid, checkAchFile, isBankingDayIndependent, returnsFile } from './ach-check';

// shared/formats/NACHA-PPD.md §7, copied verbatim (every line 94 characters).
const WORKED_EXAMPLE = [
  '101 05391234915612345672503141530A094101FIRST EXAMPLE BANK     TOWN OF EXAMPLEVILLE           ',
  '5225TOWN EXAMPLEVILL                    1561234567PPDUTIL BILL MAR 25250317   1053912340000001',
  '627062198769123456789        00000084170012345-01     DOE JANE                0053912340000001',
  '63727134567598765432101      00000112500067890-02     ROE RICHARD             0053912340000002',
  '822500000200333544430000000196670000000000001561234567                         053912340000001',
  '9000001000001000000020033354443000000019667000000000000                                       ',
  ...Array.from({ length: 4 }, () => '9'.repeat(94)),
].join('\n') + '\n';

const exampleSpec = {
  immediateDestination: '053912349',
  immediateOrigin: '1561234567',
  destinationName: 'First Example Bank',
  originName: 'Town of Exampleville',
  creationDate: '2025-03-14',
  creationTime: '1530',
  fileIdModifier: 'A',
  batches: [
    {
      serviceClass: '225' as const,
      companyName: 'Town Exampleville',
      companyId: '1561234567',
      entryDescription: 'UTIL BILL',
      descriptiveDate: 'MAR 25',
      effectiveDate: '2025-03-17',
      odfi8: '05391234',
      entries: [
        { transactionCode: '27', routing: '062198769', accountNumber: '123456789', amountCents: 8417, individualId: '0012345-01', individualName: 'Doe Jane', traceNumber: '053912340000001' },
        { transactionCode: '37', routing: '271345675', accountNumber: '98765432101', amountCents: 11250, individualId: '0067890-02', individualName: 'Roe Richard', traceNumber: '053912340000002' },
      ],
    },
  ],
};

describe('NACHA PPD files', () => {
  it('builds the worked example byte for byte, and the independent checker agrees with its arithmetic', () => {
    expect(WORKED_EXAMPLE.split('\n').slice(0, -1).every((l) => l.length === 94)).toBe(true);
    const f = buildAchFile(exampleSpec);
    expect(f.text).toBe(WORKED_EXAMPLE);
    expect(f).toMatchObject({ entryHash: '0033354443', totalDebitCents: 19667, totalCreditCents: 0, entryCount: 2, batchCount: 1, blockCount: 1 });
    const c = checkAchFile(WORKED_EXAMPLE);
    expect(c).toMatchObject({ destination: '053912349', origin: '1561234567', created: '2025-03-14', modifier: 'A', lines: 10 });
    expect(c.batches[0]!.entries.map((e) => [e.code, e.routing, e.account, e.amount, e.individualId, e.trace])).toEqual([
      ['27', '062198769', '123456789', 8417, '0012345-01', '053912340000001'],
      ['37', '271345675', '98765432101', 11250, '0067890-02', '053912340000002'],
    ]);
  });

  it('catches a broken file: a wrong hash, a short line, a bad check digit, missing filler', () => {
    const lines = WORKED_EXAMPLE.split('\n');
    const swap = (i: number, l: string) => lines.map((x, k) => (k === i ? l : x)).join('\n');
    expect(() => checkAchFile(swap(4, lines[4]!.replace('0033354443', '0033354444')))).toThrow(/hash/);
    expect(() => checkAchFile(swap(2, lines[2]!.slice(0, 93)))).toThrow(/93 characters/);
    expect(() => checkAchFile(swap(2, lines[2]!.replace('062198769', '062198768')))).toThrow(/check digit/);
    expect(() => checkAchFile(lines.slice(0, 7).join('\n') + '\n')).toThrow(/multiple/);
  });

  it('keeps the rightmost ten digits of an entry hash that overflows, and pads to whole blocks', () => {
    const withCheck = (first8: string) => `${first8}${routingCheckDigit(first8)}`;
    const routings = ['12100035', '32117485', '80345678', '06219876'].map(withCheck);
    const big = withCheck('87654321');
    const entries = Array.from({ length: 137 }, (_, i) => ({
      transactionCode: i % 3 === 0 ? '37' : '27',
      routing: i % 5 === 0 ? routings[i % routings.length]! : big,
      accountNumber: String(10_000_000 + i * 7919),
      amountCents: 1 + ((i * 104_729) % 99_999_999),
      individualId: `00${String(1000 + i)}-5`,
      individualName: `Customer ${i} Ñúñez`,
      traceNumber: `05391234${String(i + 1).padStart(7, '0')}`,
    }));
    const f = buildAchFile({ ...exampleSpec, batches: [{ ...exampleSpec.batches[0]!, entries }, { ...exampleSpec.batches[0]!, entryDescription: 'RETRY PYMT', entries: entries.slice(0, 3).map((e, k) => ({ ...e, traceNumber: `05391234${String(500 + k).padStart(7, '0')}` })) }] });
    const expectedHash = entries.reduce((s, e) => s + Number(e.routing.slice(0, 8)), 0);
    expect(expectedHash).toBeGreaterThan(1e10);
    const c = checkAchFile(f.text);
    expect(c.batches).toHaveLength(2);
    // 1 header + 2 × (batch header + control) + 140 entries + 1 file control = 146 records → 150 lines.
    expect(c.lines).toBe(150);
    expect(f.text.split('\n')[145]![0]).toBe('9');
    expect(f.text.split('\n').slice(146, 150)).toEqual(Array.from({ length: 4 }, () => '9'.repeat(94)));
    expect(c.batches[0]!.entries[1]!.name).toBe('CUSTOMER 1 NUNEZ');
  });

  it('checks routing numbers with the 3-7-1 check digit and the assigned prefixes', () => {
    for (const r of ['053912349', '062198769', '271345675']) {
      expect(checkRoutingNumber(r)).toEqual({ ok: true, routing: r });
      expect(abaValid(r)).toBe(true);
      expect(routingCheckDigit(r.slice(0, 8))).toBe(Number(r[8]));
    }
    expect(checkRoutingNumber('053912348')).toEqual({ ok: false, reason: 'CHECK_DIGIT' });
    expect(checkRoutingNumber('0539 1234-9')).toEqual({ ok: true, routing: '053912349' });
    expect(checkRoutingNumber('12345')).toEqual({ ok: false, reason: 'FORMAT' });
    const bad = `5${'0000000'}`;
    expect(checkRoutingNumber(`${bad}${routingCheckDigit(bad)}`)).toEqual({ ok: false, reason: 'PREFIX' });
    // Any single-digit typo is caught.
    for (let i = 0; i < 9; i++) {
      for (let d = 0; d < 10; d++) {
        const typo = `${'053912349'.slice(0, i)}${d}${'053912349'.slice(i + 1)}`;
        if (typo !== '053912349') expect(abaValid(typo)).toBe(false);
      }
    }
  });
});

describe('banking days', () => {
  it('knows the Federal Reserve holidays, Sunday rule included, and no Friday for a Saturday holiday', () => {
    for (const y of [2025, 2026, 2027]) {
      for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d.setUTCDate(d.getUTCDate() + 1)) {
        const iso = d.toISOString().slice(0, 10);
        expect([iso, isBankingDay(iso)]).toEqual([iso, isBankingDayIndependent(iso)]);
      }
    }
    expect(fedHolidays(2022).has('2022-06-20')).toBe(true); // Juneteenth on a Sunday
    expect(isBankingDay('2026-07-03')).toBe(true); // Independence Day on a Saturday
    expect(isBankingDay('2027-12-24')).toBe(true); // Christmas on a Saturday
  });

  it('dates entries and prenotes the way the format note says', () => {
    expect(nextBankingDay('2025-03-14')).toBe('2025-03-17'); // the worked example
    expect(effectiveEntryDate('2025-03-14', '2025-03-14')).toBe('2025-03-17');
    expect(effectiveEntryDate('2026-03-16', '2026-03-25')).toBe('2026-03-25');
    expect(effectiveEntryDate('2026-03-16', '2026-03-28')).toBe('2026-03-30'); // Saturday → Monday
    expect(effectiveEntryDate('2026-11-25', '2026-11-20')).toBe('2026-11-27'); // past date; Thanksgiving skipped
    expect(effectiveEntryDate('2026-12-24', '2026-12-24')).toBe('2026-12-28');
    // Prenote settles Monday → live debits from Thursday.
    expect(addBankingDays('2026-03-16', 3)).toBe('2026-03-19');
    expect(addBankingDays('2026-11-23', 3)).toBe('2026-11-27');
  });
});

describe('reading a returns file', () => {
  it('reads return entries with their 99 addenda, and refuses what is not an ACH file', () => {
    const text = returnsFile([
      { code: '26', rdfi: '062198769', account: '123456789', amount: 8417, individualId: '0012345-01', name: 'DOE JANE', addendaType: '99', reason: 'R01', originalTrace: '053912340000001', trace: '062198760000007' },
    ]);
    const entries = readAchEntries(text);
    expect(entries).toEqual([
      {
        lineNo: 3,
        transactionCode: '26',
        rdfi8: '06219876',
        amountCents: 8417,
        individualId: '0012345-01',
        individualName: 'DOE JANE',
        traceNumber: '062198760000007',
        addenda: [{ typeCode: '99', reasonCode: 'R01', originalTrace: '053912340000001', dateOfDeath: '', originalRdfi: '06219876', information: 'RETURNED', traceNumber: '062198760000007' }],
      },
    ]);
    expect(() => readAchEntries('hello\n')).toThrow(/file header/);
    expect(() => readAchEntries(`${'1'.repeat(95)}\n`)).toThrow(/95 characters/);
  });
});
