// NACHA (ACH) files for PPD bank drafts (shared/formats/NACHA-PPD.md): building a file of
// 94-character records (file header 1, per batch 5 / 6… / 8, file control 9, then lines of 9s to
// a multiple of 10) with its computed fields (entry hash, counts, totals, block count), and
// reading the entries and type-7 addenda of a file the bank sends back (returns, notifications
// of change). Pure functions: no ledger, no file system.

export const RECORD_LENGTH = 94;
export const BLOCKING_FACTOR = 10;

export interface AchEntry {
  /** 27/37 debit checking/savings, 28/38 their prenotes, 22/32 credits, 23/33 credit prenotes. */
  transactionCode: string;
  /** The customer's nine-digit routing number. */
  routing: string;
  accountNumber: string;
  amountCents: number;
  /** Individual Identification Number: the utility account number. */
  individualId: string;
  individualName: string;
  /** ODFI 8 digits + 7-digit sequence, ascending within the batch. */
  traceNumber: string;
}

export interface AchBatch {
  /** 200 mixed, 220 credits only, 225 debits only. */
  serviceClass: '200' | '220' | '225';
  companyName: string;
  companyId: string;
  entryDescription: string;
  /** Free text shown with the description, e.g. "MAR 26". */
  descriptiveDate: string;
  effectiveDate: string;
  /** First eight digits of the ODFI routing number. */
  odfi8: string;
  entries: AchEntry[];
}

export interface AchFileSpec {
  /** Nine-digit routing number of the receiving point (written with a leading space). */
  immediateDestination: string;
  /** Ten characters assigned by the bank. */
  immediateOrigin: string;
  destinationName: string;
  originName: string;
  creationDate: string;
  /** HHMM. */
  creationTime: string;
  fileIdModifier: string;
  batches: AchBatch[];
}

export interface AchFile {
  text: string;
  lines: string[];
  batchCount: number;
  entryCount: number;
  entryHash: string;
  totalDebitCents: number;
  totalCreditCents: number;
  blockCount: number;
}

/** Uppercase printable text an ACH operator accepts; accents dropped, anything else a space. */
export function achText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 .,'&/()#*+:;?@-]/g, ' ');
}

/** Alphanumeric field: left-justified, space-filled, truncated. */
export function alpha(value: string, length: number): string {
  return achText(value).slice(0, length).padEnd(length, ' ');
}

/** Numeric field: right-justified, zero-filled; refuses what does not fit. */
export function num(value: number | string, length: number): string {
  const s = typeof value === 'number' ? String(value) : value;
  if (!/^\d+$/.test(s)) throw new RangeError(`numeric ACH field needs digits, got "${s}"`);
  if (s.length > length) throw new RangeError(`${s} does not fit in ${length} digits`);
  return s.padStart(length, '0');
}

/** YYMMDD from YYYY-MM-DD. */
export function yymmdd(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`expected YYYY-MM-DD, got ${date}`);
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

export const isDebitCode = (code: string) => /^[23][6-9]$/.test(code);
export const isCreditCode = (code: string) => /^[23][1-4]$/.test(code);

function record(parts: string[]): string {
  const line = parts.join('');
  if (line.length !== RECORD_LENGTH) throw new Error(`ACH record of ${line.length} characters: ${line}`);
  return line;
}

export function buildAchFile(spec: AchFileSpec): AchFile {
  if (!/^\d{9}$/.test(spec.immediateDestination)) throw new RangeError('immediate destination must be a nine-digit routing number');
  if (spec.immediateOrigin.length !== 10) throw new RangeError('immediate origin must be ten characters');
  if (!/^[A-Z0-9]$/.test(spec.fileIdModifier)) throw new RangeError('file ID modifier must be A-Z or 0-9');
  if (!/^\d{4}$/.test(spec.creationTime)) throw new RangeError('creation time must be HHMM');
  const lines: string[] = [];
  lines.push(
    record([
      '1',
      '01',
      ` ${spec.immediateDestination}`,
      alpha(spec.immediateOrigin, 10),
      yymmdd(spec.creationDate),
      spec.creationTime,
      spec.fileIdModifier,
      '094',
      num(BLOCKING_FACTOR, 2),
      '1',
      alpha(spec.destinationName, 23),
      alpha(spec.originName, 23),
      alpha('', 8),
    ]),
  );
  let fileHash = 0;
  let fileEntries = 0;
  let fileDebits = 0;
  let fileCredits = 0;
  spec.batches.forEach((b, index) => {
    const batchNumber = num(index + 1, 7);
    const odfi8 = num(b.odfi8, 8);
    lines.push(
      record([
        '5',
        b.serviceClass,
        alpha(b.companyName, 16),
        alpha('', 20),
        alpha(b.companyId, 10),
        'PPD',
        alpha(b.entryDescription, 10),
        alpha(b.descriptiveDate, 6),
        yymmdd(b.effectiveDate),
        '   ',
        '1',
        odfi8,
        batchNumber,
      ]),
    );
    let hash = 0;
    let debits = 0;
    let credits = 0;
    let lastTrace = '';
    for (const e of b.entries) {
      if (!/^\d{9}$/.test(e.routing)) throw new RangeError('an entry routing number must be nine digits');
      if (!/^\d{15}$/.test(e.traceNumber) || e.traceNumber <= lastTrace) throw new RangeError('trace numbers must be 15 digits, ascending in the batch');
      if (!Number.isSafeInteger(e.amountCents) || e.amountCents < 0) throw new RangeError('entry amounts are whole cents, not negative');
      lastTrace = e.traceNumber;
      const debit = isDebitCode(e.transactionCode);
      if (!debit && !isCreditCode(e.transactionCode)) throw new RangeError(`transaction code ${e.transactionCode}`);
      if (b.serviceClass === '225' && !debit) throw new RangeError('a debits-only batch (225) cannot carry a credit');
      if (b.serviceClass === '220' && debit) throw new RangeError('a credits-only batch (220) cannot carry a debit');
      lines.push(
        record([
          '6',
          e.transactionCode,
          e.routing.slice(0, 8),
          e.routing[8]!,
          alpha(e.accountNumber, 17),
          num(e.amountCents, 10),
          alpha(e.individualId, 15),
          alpha(e.individualName, 22),
          '  ',
          '0',
          e.traceNumber,
        ]),
      );
      hash += Number(e.routing.slice(0, 8));
      if (debit) debits += e.amountCents;
      else credits += e.amountCents;
    }
    const batchHash = hash % 10_000_000_000;
    lines.push(
      record([
        '8',
        b.serviceClass,
        num(b.entries.length, 6),
        num(batchHash, 10),
        num(debits, 12),
        num(credits, 12),
        alpha(b.companyId, 10),
        alpha('', 19),
        alpha('', 6),
        odfi8,
        batchNumber,
      ]),
    );
    fileHash += batchHash;
    fileEntries += b.entries.length;
    fileDebits += debits;
    fileCredits += credits;
  });
  const recordCount = lines.length + 1;
  const blockCount = Math.ceil(recordCount / BLOCKING_FACTOR);
  const entryHash = num(fileHash % 10_000_000_000, 10);
  lines.push(
    record(['9', num(spec.batches.length, 6), num(blockCount, 6), num(fileEntries, 8), entryHash, num(fileDebits, 12), num(fileCredits, 12), alpha('', 39)]),
  );
  while (lines.length % BLOCKING_FACTOR !== 0) lines.push('9'.repeat(RECORD_LENGTH));
  return {
    text: `${lines.join('\n')}\n`,
    lines,
    batchCount: spec.batches.length,
    entryCount: fileEntries,
    entryHash,
    totalDebitCents: fileDebits,
    totalCreditCents: fileCredits,
    blockCount,
  };
}

// Reading the bank's files ------------------------------------------------------------------

export interface AchAddenda {
  /** 99 return, 98 notification of change, 05 payment information. */
  typeCode: string;
  /** R01 … for a return, C01 … for a notification of change. */
  reasonCode: string;
  originalTrace: string;
  dateOfDeath: string;
  originalRdfi: string;
  information: string;
  traceNumber: string;
}

export interface AchReadEntry {
  lineNo: number;
  transactionCode: string;
  rdfi8: string;
  amountCents: number;
  individualId: string;
  individualName: string;
  traceNumber: string;
  addenda: AchAddenda[];
}

export class AchParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AchParseError';
  }
}

/** The records of a file: one per line, CR/LF tolerated, trailing spaces a bank trimmed put back. */
export function achRecords(text: string): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    if (line.length > RECORD_LENGTH) throw new AchParseError(`line ${i + 1} has ${line.length} characters; ACH records are ${RECORD_LENGTH}`);
    if (!/^[\x20-\x7e]*$/.test(line)) throw new AchParseError(`line ${i + 1} has characters outside printable ASCII`);
    out.push(line.padEnd(RECORD_LENGTH, ' '));
  });
  return out;
}

/** Every entry detail record (type 6) with the addenda (type 7) that follow it. */
export function readAchEntries(text: string): AchReadEntry[] {
  const records = achRecords(text);
  if (records.length === 0 || records[0]![0] !== '1') throw new AchParseError('not an ACH file: the first record must be a file header (type 1)');
  const entries: AchReadEntry[] = [];
  let current: AchReadEntry | null = null;
  records.forEach((r, i) => {
    const type = r[0];
    if (type === '6') {
      const amount = r.slice(29, 39);
      if (!/^\d{10}$/.test(amount)) throw new AchParseError(`record ${i + 1}: the amount is not numeric`);
      current = {
        lineNo: i + 1,
        transactionCode: r.slice(1, 3),
        rdfi8: r.slice(3, 11),
        amountCents: Number(amount),
        individualId: r.slice(39, 54).trim(),
        individualName: r.slice(54, 76).trim(),
        traceNumber: r.slice(79, 94),
        addenda: [],
      };
      entries.push(current);
    } else if (type === '7') {
      if (!current) throw new AchParseError(`record ${i + 1}: an addenda record with no entry before it`);
      current.addenda.push({
        typeCode: r.slice(1, 3),
        reasonCode: r.slice(3, 6).trim(),
        originalTrace: r.slice(6, 21),
        dateOfDeath: r.slice(21, 27).trim(),
        originalRdfi: r.slice(27, 35),
        information: r.slice(35, 79).trim(),
        traceNumber: r.slice(79, 94),
      });
    } else if (type === '8' || type === '5' || type === '9' || type === '1') {
      current = null;
    } else throw new AchParseError(`record ${i + 1}: unknown record type "${type}"`);
  });
  return entries;
}
