// NACHA (ACH) files for PPD bank drafts (shared/formats/NACHA-PPD.md): building a file of
// 94-character records (file header 1, per batch 5 / 6… / 8, file control 9, then lines of 9s to
// a multiple of 10) with its computed fields (entry hash, counts, totals, block count), and
// reading a file the bank sends back (returns, notifications of change): the whole file is
// validated (lengths, record order, batch and file controls) before any entry is handed out.
// Pure functions: no ledger, no file system.

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
  /** The file's line (1-based) and the field of the first problem, when there is one. */
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'AchParseError';
  }
}

interface RawLine {
  lineNo: number;
  text: string;
}

const FILLER = '9'.repeat(RECORD_LENGTH);
/** Records whose last field is reserved spaces: a bank that trims trailing spaces loses nothing
 *  there, so such a record may arrive this short (file header: reference code 87–94; file
 *  control: reserved 56–94). Every other record must be exactly 94 characters. */
const TRIMMABLE_FROM: Record<string, number> = { '1': 86, '9': 55 };

/** The lines of a file (CR/LF tolerated; empty lines only at the very end), each checked for
 *  length and printable ASCII, short header/control records padded back to 94. */
function achLines(text: string): RawLine[] {
  const raw = text.split(/\r?\n/);
  while (raw.length > 0 && raw[raw.length - 1]!.replace(/\r$/, '') === '') raw.pop();
  return raw.map((r, i) => {
    const line = r.replace(/\r$/, '');
    const lineNo = i + 1;
    if (line === '') throw new AchParseError(`line ${lineNo} is empty; ACH records follow one another without blank lines`, lineNo, 'record');
    if (!/^[\x20-\x7e]*$/.test(line)) throw new AchParseError(`line ${lineNo} has characters outside printable ASCII`, lineNo, 'record');
    if (line.length > RECORD_LENGTH) throw new AchParseError(`line ${lineNo} has ${line.length} characters; ACH records are ${RECORD_LENGTH}`, lineNo, 'record length');
    const min = TRIMMABLE_FROM[line[0]!] ?? RECORD_LENGTH;
    if (line.length < min || (line.length < RECORD_LENGTH && line === FILLER.slice(0, line.length))) {
      throw new AchParseError(`line ${lineNo} has ${line.length} characters; ACH records are ${RECORD_LENGTH} (the record is cut short)`, lineNo, 'record length');
    }
    return { lineNo, text: line.padEnd(RECORD_LENGTH, ' ') };
  });
}

/** The records of a file, each 94 characters (see achLines). */
export function achRecords(text: string): string[] {
  return achLines(text).map((l) => l.text);
}

const RECORD_NAMES: Record<string, string> = { '1': 'file header', '5': 'batch header', '6': 'entry detail', '7': 'addenda', '8': 'batch control', '9': 'file control' };
const recordName = (type: string) => (RECORD_NAMES[type] ? `a ${RECORD_NAMES[type]} (type ${type})` : `a record of unknown type "${type}"`);

/** Reads one field (1-based positions, as in shared/formats/NACHA-PPD.md). */
function fieldOf(l: RawLine, name: string, start: number, length: number) {
  const value = l.text.slice(start - 1, start - 1 + length);
  const where = `line ${l.lineNo}, ${name} (position${length > 1 ? `s ${start}–${start + length - 1}` : ` ${start}`})`;
  return {
    value,
    fail(problem: string): never {
      throw new AchParseError(`${where}: ${problem}`, l.lineNo, name);
    },
    digits(): string {
      if (!/^\d+$/.test(value)) this.fail(`expected ${length} digits, found "${value}"`);
      return value;
    },
    number(): number {
      return Number(this.digits());
    },
    /** A computed control field must equal what the records add up to. */
    equals(expected: string, what: string): void {
      if (this.digits() !== expected) this.fail(`${what} gives ${expected}, the record says ${value}`);
    },
  };
}

const HASH_MOD = 10_000_000_000;

/**
 * Validates a whole ACH file the bank sends (returns, notifications of change) before anything
 * in it is used: every record 94 characters of printable ASCII; the order file header → per
 * batch (batch header, entries each with the addenda its indicator announces, batch control) →
 * file control → only lines of nines; in each batch control and in the file control the
 * entry/addenda count, the entry hash and the debit and credit totals must match the records;
 * the batch control repeats its header's service class, company id, ODFI and batch number; the
 * file control's batch and block counts are right. The first problem is thrown as an
 * AchParseError naming the line and the field. Returns every entry with its addenda.
 */
export function readAchEntries(text: string): AchReadEntry[] {
  if (!text.startsWith('1')) throw new AchParseError('not an ACH file: the first record must be a file header (type 1)', text === '' ? null : 1, 'Record Type Code');
  const lines = achLines(text);
  const header = lines[0]!;
  fieldOf(header, 'Priority Code', 2, 2).digits();
  if (fieldOf(header, 'Record Size', 35, 3).value !== '094') fieldOf(header, 'Record Size', 35, 3).fail(`expected 094, found "${header.text.slice(34, 37)}"`);
  fieldOf(header, 'Blocking Factor', 38, 2).digits();
  fieldOf(header, 'Format Code', 40, 1).digits();

  const entries: AchReadEntry[] = [];
  let pos = 1;
  let batchCount = 0;
  let fileCount = 0;
  let fileHash = 0;
  let fileDebits = 0;
  let fileCredits = 0;
  const typeAt = (p: number) => (p < lines.length ? lines[p]!.text[0] : undefined);
  const isFiller = (p: number) => p < lines.length && lines[p]!.text === FILLER;

  while (typeAt(pos) === '5' && !isFiller(pos)) {
    const bh = lines[pos]!;
    batchCount++;
    const serviceClass = fieldOf(bh, 'Service Class Code', 2, 3);
    if (!['200', '220', '225'].includes(serviceClass.value)) serviceClass.fail(`expected 200, 220 or 225, found "${serviceClass.value}"`);
    const companyId = bh.text.slice(40, 50);
    const odfi = fieldOf(bh, 'Originating DFI Identification', 80, 8).digits();
    const batchNumber = fieldOf(bh, 'Batch Number', 88, 7).digits();
    pos++;
    let count = 0;
    let hash = 0;
    let debits = 0;
    let credits = 0;
    while (typeAt(pos) === '6') {
      const el = lines[pos]!;
      const code = fieldOf(el, 'Transaction Code', 2, 2);
      const debit = isDebitCode(code.digits());
      if (!debit && !isCreditCode(code.value)) code.fail(`"${code.value}" is not a debit or credit transaction code`);
      const rdfi8 = fieldOf(el, 'Receiving DFI Identification', 4, 8).digits();
      fieldOf(el, 'Check Digit', 12, 1).digits();
      const amount = fieldOf(el, 'Amount', 30, 10).number();
      const indicator = fieldOf(el, 'Addenda Record Indicator', 79, 1);
      if (indicator.value !== '0' && indicator.value !== '1') indicator.fail(`expected 0 or 1, found "${indicator.value}"`);
      const traceNumber = fieldOf(el, 'Trace Number', 80, 15).digits();
      const entry: AchReadEntry = {
        lineNo: el.lineNo,
        transactionCode: code.value,
        rdfi8,
        amountCents: amount,
        individualId: el.text.slice(39, 54).trim(),
        individualName: el.text.slice(54, 76).trim(),
        traceNumber,
        addenda: [],
      };
      entries.push(entry);
      count++;
      hash += Number(rdfi8);
      if (debit) debits += amount;
      else credits += amount;
      pos++;
      while (typeAt(pos) === '7') {
        const al = lines[pos]!;
        if (indicator.value === '0') fieldOf(al, 'Record Type Code', 1, 1).fail(`an addenda record, but the entry on line ${el.lineNo} says none follows (its Addenda Record Indicator is 0)`);
        const typeCode = fieldOf(al, 'Addenda Type Code', 2, 2).digits();
        const reason = fieldOf(al, typeCode === '98' ? 'Change Code' : 'Return Reason Code', 4, 3);
        if (typeCode === '99' && !/^R\d\d$/.test(reason.value)) reason.fail(`expected a return reason code such as R01, found "${reason.value}"`);
        if (typeCode === '98' && !/^C\d\d$/.test(reason.value)) reason.fail(`expected a change code such as C01, found "${reason.value}"`);
        const originalTrace = typeCode === '99' || typeCode === '98' ? fieldOf(al, 'Original Entry Trace Number', 7, 15).digits() : al.text.slice(6, 21);
        entry.addenda.push({
          typeCode,
          reasonCode: reason.value.trim(),
          originalTrace,
          dateOfDeath: al.text.slice(21, 27).trim(),
          originalRdfi: al.text.slice(27, 35),
          information: al.text.slice(35, 79).trim(),
          traceNumber: al.text.slice(79, 94),
        });
        count++;
        pos++;
      }
      if (indicator.value === '1' && entry.addenda.length === 0) {
        indicator.fail(`the entry says an addenda record follows, but ${pos < lines.length ? `line ${lines[pos]!.lineNo} is ${recordName(typeAt(pos)!)}` : 'the file ends here'}`);
      }
    }
    if (pos >= lines.length || isFiller(pos)) {
      const where = pos < lines.length ? `line ${lines[pos]!.lineNo}` : `line ${lines[lines.length - 1]!.lineNo + 1}`;
      throw new AchParseError(`${where}: the batch control record (type 8) of the batch that starts on line ${bh.lineNo} is missing (the file ${pos < lines.length ? 'goes on to filler' : 'ends'} there)`, pos < lines.length ? lines[pos]!.lineNo : null, 'Batch Control');
    }
    const bc = lines[pos]!;
    if (bc.text[0] !== '8') fieldOf(bc, 'Record Type Code', 1, 1).fail(`expected an entry (6), addenda (7) or the batch control (8) of the batch that starts on line ${bh.lineNo}, found ${recordName(bc.text[0]!)}`);
    if (fieldOf(bc, 'Service Class Code', 2, 3).value !== serviceClass.value) fieldOf(bc, 'Service Class Code', 2, 3).fail(`the batch header on line ${bh.lineNo} says ${serviceClass.value}, the control says "${bc.text.slice(1, 4)}"`);
    fieldOf(bc, 'Entry/Addenda Count', 5, 6).equals(String(count).padStart(6, '0'), `counting the batch's entry and addenda records`);
    const batchHash = hash % HASH_MOD;
    fieldOf(bc, 'Entry Hash', 11, 10).equals(String(batchHash).padStart(10, '0'), `adding up the batch's Receiving DFI Identifications`);
    fieldOf(bc, 'Total Debit Entry Dollar Amount', 21, 12).equals(String(debits).padStart(12, '0'), `adding up the batch's debit entries`);
    fieldOf(bc, 'Total Credit Entry Dollar Amount', 33, 12).equals(String(credits).padStart(12, '0'), `adding up the batch's credit entries`);
    if (bc.text.slice(44, 54) !== companyId) fieldOf(bc, 'Company Identification', 45, 10).fail(`the batch header on line ${bh.lineNo} says "${companyId}"`);
    fieldOf(bc, 'Originating DFI Identification', 80, 8).equals(odfi, `the batch header on line ${bh.lineNo}`);
    fieldOf(bc, 'Batch Number', 88, 7).equals(batchNumber, `the batch header on line ${bh.lineNo}`);
    fileCount += count;
    fileHash += batchHash;
    fileDebits += debits;
    fileCredits += credits;
    pos++;
  }

  if (pos >= lines.length || isFiller(pos)) {
    throw new AchParseError(`line ${pos < lines.length ? lines[pos]!.lineNo : lines[lines.length - 1]!.lineNo + 1}: the file control record (type 9) is missing`, pos < lines.length ? lines[pos]!.lineNo : null, 'File Control');
  }
  const fc = lines[pos]!;
  if (fc.text[0] !== '9') fieldOf(fc, 'Record Type Code', 1, 1).fail(`expected a batch header (5) or the file control (9), found ${recordName(fc.text[0]!)}`);
  if (batchCount === 0) fieldOf(fc, 'Batch Count', 2, 6).fail('the file holds no batch');
  fieldOf(fc, 'Batch Count', 2, 6).equals(String(batchCount).padStart(6, '0'), 'counting the batch headers');
  fieldOf(fc, 'Block Count', 8, 6).equals(String(Math.ceil(lines.length / BLOCKING_FACTOR)).padStart(6, '0'), `${lines.length} lines in blocks of ${BLOCKING_FACTOR}`);
  fieldOf(fc, 'Entry/Addenda Count', 14, 8).equals(String(fileCount).padStart(8, '0'), 'adding up the batch counts');
  fieldOf(fc, 'Entry Hash', 22, 10).equals(String(fileHash % HASH_MOD).padStart(10, '0'), 'adding up the batch hashes');
  fieldOf(fc, 'Total Debit Entry Dollar Amount in File', 32, 12).equals(String(fileDebits).padStart(12, '0'), 'adding up the batch debit totals');
  fieldOf(fc, 'Total Credit Entry Dollar Amount in File', 44, 12).equals(String(fileCredits).padStart(12, '0'), 'adding up the batch credit totals');
  for (pos++; pos < lines.length; pos++) {
    if (!isFiller(pos)) fieldOf(lines[pos]!, 'Record Type Code', 1, 1).fail(`after the file control only filler lines of 94 nines may follow, found ${lines[pos]!.text[0] === '9' ? 'a line that is not all nines' : recordName(lines[pos]!.text[0]!)}`);
  }
  return entries;
}
