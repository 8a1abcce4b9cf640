// An independent NACHA PPD file checker for the tests, written from shared/formats/NACHA-PPD.md
// without the app's writer: record lengths, blocking factor and filler, record order, counts,
// entry hashes, totals, routing check digits, trace numbers, batch and file control consistency,
// and banking-day effective dates. Returns what it read, for further assertions.

export interface CheckedEntry {
  code: string;
  routing: string;
  account: string;
  amount: number;
  individualId: string;
  name: string;
  trace: string;
}

export interface CheckedBatch {
  serviceClass: string;
  companyName: string;
  companyId: string;
  description: string;
  effectiveDate: string;
  odfi: string;
  entries: CheckedEntry[];
}

export interface CheckedFile {
  destination: string;
  origin: string;
  created: string;
  modifier: string;
  batches: CheckedBatch[];
  lines: number;
}

/** 3-7-1 weights over all nine digits must give a multiple of ten. */
export function abaValid(r: string): boolean {
  if (!/^\d{9}$/.test(r)) return false;
  const w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  return [...r].reduce((s, c, i) => s + Number(c) * w[i]!, 0) % 10 === 0;
}

// Federal Reserve holidays 2025–2027 as published (observed dates), written out by hand.
const FED_HOLIDAYS = new Set([
  '2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25',
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25',
]);

export function isBankingDayIndependent(iso: string): boolean {
  const wd = new Date(`${iso}T12:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !FED_HOLIDAYS.has(iso);
}

const yymmddToIso = (s: string) => `20${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4, 6)}`;

export function checkAchFile(text: string): CheckedFile {
  const fail = (m: string): never => {
    throw new Error(`ACH check: ${m}`);
  };
  if (!text.endsWith('\n')) fail('the file does not end with a line break');
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((l, i) => {
    if (l.length !== 94) fail(`line ${i + 1} has ${l.length} characters`);
    if (!/^[ -~]+$/.test(l)) fail(`line ${i + 1} has non-printable characters`);
    if (l !== l.toUpperCase()) fail(`line ${i + 1} has lowercase letters`);
  });
  if (lines.length % 10 !== 0) fail(`${lines.length} lines is not a multiple of the blocking factor 10`);
  const digits = (l: string, from: number, to: number, what: string) => {
    const s = l.slice(from - 1, to);
    if (!/^\d+$/.test(s)) fail(`${what} "${s}" is not numeric`);
    return s;
  };

  const h = lines[0]!;
  if (h[0] !== '1' || h.slice(1, 3) !== '01') fail('the first record is not a file header with priority 01');
  if (h[3] !== ' ' || !abaValid(h.slice(4, 13))) fail('immediate destination is not a space and a valid routing number');
  if (h.slice(34, 37) !== '094' || h.slice(37, 39) !== '10' || h[39] !== '1') fail('record size / blocking factor / format code');
  digits(h, 24, 33, 'creation date and time');
  if (!/^[A-Z0-9]$/.test(h[33]!)) fail('file ID modifier');

  const batches: CheckedBatch[] = [];
  let i = 1;
  let fileHash = 0;
  let fileCount = 0;
  let fileDebit = 0;
  let fileCredit = 0;
  while (lines[i]![0] === '5') {
    const b = lines[i]!;
    const batch: CheckedBatch = {
      serviceClass: b.slice(1, 4),
      companyName: b.slice(4, 20).trimEnd(),
      companyId: b.slice(40, 50),
      description: b.slice(53, 63).trimEnd(),
      effectiveDate: yymmddToIso(digits(b, 70, 75, 'effective date')),
      odfi: digits(b, 80, 87, 'ODFI'),
      entries: [],
    };
    if (!['200', '220', '225'].includes(batch.serviceClass)) fail(`service class ${batch.serviceClass}`);
    if (b.slice(50, 53) !== 'PPD') fail('standard entry class is not PPD');
    if (b.slice(75, 78) !== '   ' || b[78] !== '1') fail('settlement date must be blank and originator status 1');
    if (!isBankingDayIndependent(batch.effectiveDate)) fail(`effective date ${batch.effectiveDate} is not a banking day`);
    if (Number(digits(b, 88, 94, 'batch number')) !== batches.length + 1) fail('batch numbers must run 1, 2, 3 …');
    i++;
    let hash = 0;
    let count = 0;
    let debit = 0;
    let credit = 0;
    let lastTrace = '';
    while (lines[i]![0] === '6' || lines[i]![0] === '7') {
      const e = lines[i]!;
      count++;
      i++;
      if (e[0] === '7') continue;
      const code = e.slice(1, 3);
      const routing = e.slice(3, 12);
      if (!abaValid(routing)) fail(`entry routing ${routing} fails its check digit`);
      const amount = Number(digits(e, 30, 39, 'amount'));
      const trace = digits(e, 80, 94, 'trace number');
      if (trace.slice(0, 8) !== batch.odfi) fail(`trace ${trace} does not start with the ODFI ${batch.odfi}`);
      if (trace <= lastTrace) fail(`trace ${trace} is not ascending`);
      lastTrace = trace;
      if (['27', '37', '28', '38', '26', '36', '29', '39'].includes(code)) debit += amount;
      else if (['22', '32', '23', '33', '21', '31', '24', '34'].includes(code)) credit += amount;
      else fail(`transaction code ${code}`);
      if (['28', '38', '23', '33'].includes(code) && amount !== 0) fail('a prenote must be zero');
      if (batch.serviceClass === '225' && !['27', '37', '28', '38'].includes(code)) fail('a debits-only batch holds a credit');
      if (e.slice(54, 76).trim() === '') fail('PPD needs the individual name');
      hash += Number(routing.slice(0, 8));
      batch.entries.push({ code, routing, account: e.slice(12, 29).trimEnd(), amount, individualId: e.slice(39, 54).trimEnd(), name: e.slice(54, 76).trimEnd(), trace });
    }
    const c = lines[i]!;
    if (c[0] !== '8') fail(`batch ${batches.length + 1} has no control record`);
    if (c.slice(1, 4) !== batch.serviceClass) fail('batch control service class');
    if (Number(digits(c, 5, 10, 'batch count')) !== count) fail('batch entry/addenda count');
    if (digits(c, 11, 20, 'batch hash') !== String(hash % 1e10).padStart(10, '0')) fail(`batch hash ${c.slice(10, 20)} ≠ ${hash % 1e10}`);
    if (Number(digits(c, 21, 32, 'batch debits')) !== debit) fail('batch debit total');
    if (Number(digits(c, 33, 44, 'batch credits')) !== credit) fail('batch credit total');
    if (c.slice(44, 54) !== batch.companyId) fail('batch control company id');
    if (c.slice(54, 79).trim() !== '') fail('MAC and reserved must be blank');
    if (c.slice(79, 87) !== batch.odfi || c.slice(87, 94) !== b.slice(87, 94)) fail('batch control ODFI / batch number');
    i++;
    fileHash += hash % 1e10;
    fileCount += count;
    fileDebit += debit;
    fileCredit += credit;
    batches.push(batch);
  }
  const f = lines[i]!;
  if (f[0] !== '9' || f === '9'.repeat(94)) fail('no file control record after the batches');
  if (Number(digits(f, 2, 7, 'batch count')) !== batches.length) fail('file batch count');
  if (Number(digits(f, 8, 13, 'block count')) !== lines.length / 10) fail('block count');
  if (Number(digits(f, 14, 21, 'file entry count')) !== fileCount) fail('file entry/addenda count');
  if (digits(f, 22, 31, 'file hash') !== String(fileHash % 1e10).padStart(10, '0')) fail('file entry hash');
  if (Number(digits(f, 32, 43, 'file debits')) !== fileDebit) fail('file debit total');
  if (Number(digits(f, 44, 55, 'file credits')) !== fileCredit) fail('file credit total');
  if (f.slice(55).trim() !== '') fail('file control reserved must be blank');
  if (i + 1 + 10 <= lines.length) fail('more than a block of filler');
  for (const l of lines.slice(i + 1)) if (l !== '9'.repeat(94)) fail('filler lines must be all 9s');
  return { destination: h.slice(4, 13), origin: h.slice(13, 23), created: yymmddToIso(h.slice(23, 29)), modifier: h[33]!, batches, lines: lines.length };
}

// A returns file as the bank would send it (built here, not by the app) ----------------------

const field = (s: string, n: number) => s.slice(0, n).padEnd(n, ' ');
const zero = (n: number, w: number) => String(n).padStart(w, '0');

export interface ReturnSpec {
  /** 26 (checking) or 36 (savings) for a returned debit; 21/31 … for a notification of change. */
  code: string;
  rdfi: string;
  account: string;
  amount: number;
  individualId: string;
  name: string;
  /** 99 return (R01 …) or 98 notification of change (C01 …). */
  addendaType: '99' | '98';
  reason: string;
  originalTrace: string;
  trace: string;
}

export function returnsFile(items: ReturnSpec[]): string {
  const lines = [
    `101 05391234915612345672603251000A094101${field('FIRST EXAMPLE BANK', 23)}${field('TOWN OF MAYBERRY', 23)}${field('', 8)}`,
    `5225${field('FIRST EXAMPLE BK', 16)}${field('', 20)}1561234567PPD${field('RETURNS', 10)}${field('', 6)}260325   1${'06219876'}0000001`,
  ];
  for (const r of items) {
    lines.push(`6${r.code}${r.rdfi}${field(r.account, 17)}${zero(r.amount, 10)}${field(r.individualId, 15)}${field(r.name, 22)}  1${r.trace}`);
    lines.push(`7${r.addendaType}${field(r.reason, 3)}${r.originalTrace}${field('', 6)}${r.rdfi.slice(0, 8)}${field(r.addendaType === '98' ? '123456789' : 'RETURNED', 44)}${r.trace}`);
  }
  // The controls as the NACHA rules compute them (shared/formats/NACHA-PPD.md §4).
  const hash = items.reduce((h, r) => h + Number(r.rdfi.slice(0, 8)), 0) % 10_000_000_000;
  const debits = items.filter((r) => /^[23][6-9]$/.test(r.code)).reduce((t, r) => t + r.amount, 0);
  const credits = items.filter((r) => /^[23][1-4]$/.test(r.code)).reduce((t, r) => t + r.amount, 0);
  const blocks = Math.ceil((lines.length + 2) / 10);
  lines.push(`8225${zero(items.length * 2, 6)}${zero(hash, 10)}${zero(debits, 12)}${zero(credits, 12)}1561234567${field('', 25)}062198760000001`);
  lines.push(`9000001${zero(blocks, 6)}${zero(items.length * 2, 8)}${zero(hash, 10)}${zero(debits, 12)}${zero(credits, 12)}${field('', 39)}`);
  while (lines.length % 10) lines.push('9'.repeat(94));
  for (const l of lines) if (l.length !== 94) throw new Error(`test returns file: a line of ${l.length}`);
  return `${lines.join('\r\n')}\r\n`;
}
