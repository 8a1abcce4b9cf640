// The demo conversion set with deliberate errors (issue 16): a fixed list of edits applied to a
// clean set written by writeConversionSet (conversion-set.ts), so an importer's tests can check
// it reports exactly the expected rejects. At least one error for every reject code of
// docs/IMPORT.md except those that need a broken folder (FILE_MISSING, FILE_UNREADABLE,
// COLUMN_MISSING), including a REFERENCE_REJECTED cascade: a customer rejected for its tax id
// rejects its accounts, which reject their open charges, deposits, history and the rest.
//
// Writes, beside the edited files, ERRORS.md (what was changed, line by line) and
// expected-rejects.csv (file,line,column,code; line 1 is the header row, as in rejects.csv).
// The whole set is read into memory: meant for the small sample (a few hundred accounts).
import fs from 'node:fs';
import path from 'node:path';
import { luhnCheckDigit } from '../../src-shared/account-number';
import { CONVERSION_KINDS, type ConversionKind, type RejectCode } from '../../src-shared/ipc/conversion-schemas';
import { CONVERSION_FILES, CONVERSION_HEADERS, csvField, encodeWindows1252 } from './conversion-set';

export interface ExpectedReject {
  file: string;
  line: number;
  column: string;
  code: RejectCode;
}

/** Reject codes the error set can't show (they need a missing or broken file or header). */
export const FOLDER_ONLY_CODES: readonly RejectCode[] = ['FILE_MISSING', 'FILE_UNREADABLE', 'COLUMN_MISSING'];

/** Splits one CSV record (no line breaks inside fields: the generator writes none). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quote in ${line}`);
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
    } else {
      const c = line.indexOf(',', i);
      out.push(c < 0 ? line.slice(i) : line.slice(i, c));
      i = c < 0 ? line.length : c;
    }
    if (i >= line.length) break;
    i++; // the comma
    if (i === line.length) {
      out.push('');
      break;
    }
  }
  return out;
}

class Table {
  readonly header: readonly string[];
  /** Data rows (index 0 is line 2). */
  readonly rows: string[][] = [];
  /** Rows written verbatim (a malformed one), by row index. */
  readonly verbatim = new Map<number, string>();

  constructor(
    readonly kind: ConversionKind,
    text: string,
  ) {
    const lines = text.split('\r\n');
    if (lines[lines.length - 1] === '') lines.pop();
    this.header = parseCsvLine(lines[0]!);
    for (const l of lines.slice(1)) this.rows.push(parseCsvLine(l));
  }

  get file(): string {
    return CONVERSION_FILES[this.kind];
  }

  col(name: string): number {
    const k = this.header.indexOf(name);
    if (k < 0) throw new Error(`${this.file} has no column ${name}`);
    return k;
  }

  get(row: number, name: string): string {
    return this.rows[row]![this.col(name)]!;
  }

  set(row: number, name: string, value: string): void {
    this.rows[row]![this.col(name)] = value;
  }

  /** Line number of a row (the header is line 1). */
  line(row: number): number {
    return row + 2;
  }

  append(values: Record<string, string>): number {
    this.rows.push(this.header.map((h) => values[h] ?? ''));
    return this.rows.length - 1;
  }

  find(pred: (row: number) => boolean): number {
    for (let r = 0; r < this.rows.length; r++) if (pred(r)) return r;
    throw new Error(`${this.file}: no row fits the edit`);
  }

  text(): string {
    let s = `${this.header.join(',')}\r\n`;
    for (let r = 0; r < this.rows.length; r++) s += `${this.verbatim.get(r) ?? this.rows[r]!.map(csvField).join(',')}\r\n`;
    return s;
  }
}

function oldNumber(body8: string, wrongDigit = false): string {
  const c = (luhnCheckDigit(body8) + (wrongDigit ? 3 : 0)) % 10;
  return `${body8.slice(0, 2)}-${body8.slice(2)}-${c}`;
}

/** Adds one day to a YYYY-MM-DD date (or subtracts with a negative n). */
function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export interface ConversionErrorsResult {
  expected: ExpectedReject[];
  edits: Array<{ file: string; line: number; column: string; code: RejectCode; what: string }>;
}

/**
 * Applies the fixed list of edits to the conversion set in `dir` (written by
 * writeConversionSet) in place, and writes ERRORS.md and expected-rejects.csv beside it.
 */
export function writeConversionErrors(dir: string): ConversionErrorsResult {
  const t = {} as Record<ConversionKind, Table>;
  for (const kind of CONVERSION_KINDS) {
    const bytes = fs.readFileSync(path.join(dir, CONVERSION_FILES[kind]));
    const text = new TextDecoder(kind === 'customers' ? 'windows-1252' : 'utf-8', { fatal: kind !== 'customers' }).decode(bytes);
    t[kind] = new Table(kind, text);
    if (t[kind].header.join(',') !== CONVERSION_HEADERS[kind].join(',')) throw new Error(`${CONVERSION_FILES[kind]} is not the generator's layout`);
  }
  const edits: ConversionErrorsResult['edits'] = [];
  const expected: ExpectedReject[] = [];
  const edit = (tab: Table, row: number, column: string, code: RejectCode, what: string) => {
    edits.push({ file: tab.file, line: tab.line(row), column, code, what });
    expected.push({ file: tab.file, line: tab.line(row), column, code });
  };
  /** Accounts (old numbers) and customers an edit already uses: each edit gets its own. */
  const usedAccounts = new Set<string>();
  const usedCustomers = new Set<string>();
  const acct = t.accounts;
  const dependents: ConversionKind[] = ['open_charges', 'deposits', 'history', 'bank_drafts', 'medical_alerts', 'notes'];
  const rowsOf = (kind: ConversionKind, number: string) => t[kind].rows.map((r, i) => (r[t[kind].col('account_number')] === number ? i : -1)).filter((i) => i >= 0);
  const customerOf = (number: string) => acct.get(acct.find((r) => acct.get(r, 'account_number') === number), 'customer_id');
  const accountsOfCustomer = (id: string) => acct.rows.map((_, r) => r).filter((r) => acct.get(r, 'customer_id') === id);
  const useAccount = (number: string) => {
    usedAccounts.add(number);
    usedCustomers.add(customerOf(number));
  };
  const freeAccountIn = (kind: ConversionKind, extra: (row: number) => boolean = () => true) => {
    const tab = t[kind];
    const row = tab.find((r) => {
      const n = tab.get(r, 'account_number');
      return !usedAccounts.has(n) && !usedCustomers.has(customerOf(n)) && extra(r);
    });
    useAccount(tab.get(row, 'account_number'));
    return row;
  };

  // 1. BAD_TAX_ID, and the cascade: a customer with one active account that has open charges.
  const cust = t.customers;
  const custRow = cust.find((r) => {
    if (cust.get(r, 'type') === 'B' || cust.get(r, 'type') === 'business') return false;
    const mine = accountsOfCustomer(cust.get(r, 'customer_id'));
    if (mine.length !== 1) return false;
    const number = acct.get(mine[0]!, 'account_number');
    return /^A/.test(acct.get(mine[0]!, 'status')) && rowsOf('open_charges', number).length >= 2 && rowsOf('deposits', number).length === 1;
  });
  const badCustomer = cust.get(custRow, 'customer_id');
  cust.set(custRow, 'tax_id', '666123456');
  cust.set(custRow, 'tax_id_type', 'SSN');
  edit(cust, custRow, 'tax_id', 'BAD_TAX_ID', 'an SSN starting 666 (never issued); rejects the customer, its account (REFERENCE_REJECTED) and that account\u2019s rows in every other file (REFERENCE_REJECTED)');
  usedCustomers.add(badCustomer);
  for (const r of accountsOfCustomer(badCustomer)) {
    const number = acct.get(r, 'account_number');
    usedAccounts.add(number);
    expected.push({ file: acct.file, line: acct.line(r), column: 'customer_id', code: 'REFERENCE_REJECTED' });
    for (const kind of dependents) for (const d of rowsOf(kind, number)) expected.push({ file: t[kind].file, line: t[kind].line(d), column: 'account_number', code: 'REFERENCE_REJECTED' });
  }

  // 2. DUPLICATE: a customer's row exported twice (the second is rejected, the first kept).
  const dupRow = cust.find((r) => !usedCustomers.has(cust.get(r, 'customer_id')) && accountsOfCustomer(cust.get(r, 'customer_id')).length > 0);
  usedCustomers.add(cust.get(dupRow, 'customer_id'));
  const dup = cust.append(Object.fromEntries(cust.header.map((h) => [h, cust.get(dupRow, h)])));
  edit(cust, dup, 'customer_id', 'DUPLICATE', `customer ${cust.get(dupRow, 'customer_id')} again (a copy of line ${cust.line(dupRow)})`);

  // 3. REQUIRED and 4. BAD_NUMBER in meters.csv.
  const met = t.meters;
  const m1 = met.find((r) => met.get(r, 'installed_on') !== '');
  met.set(m1, 'installed_on', '');
  edit(met, m1, 'installed_on', 'REQUIRED', 'installed_on left empty');
  const m2 = met.find((r) => r > m1 && met.get(r, 'location_id') !== met.get(m1, 'location_id'));
  met.set(m2, 'dials', 'seven');
  edit(met, m2, 'dials', 'BAD_NUMBER', 'dials written "seven"');

  // 5. CHECK_DIGIT on an account number: an added closed account whose check digit is wrong.
  const base = acct.find((r) => acct.get(r, 'status') === 'C' && !usedAccounts.has(acct.get(r, 'account_number')) && !usedCustomers.has(acct.get(r, 'customer_id')));
  useAccount(acct.get(base, 'account_number'));
  const badCheck = oldNumber('98000001', true);
  const cd = acct.append({ ...Object.fromEntries(acct.header.map((h) => [h, acct.get(base, h)])), account_number: badCheck });
  edit(acct, cd, 'account_number', 'CHECK_DIGIT', `a closed account ${badCheck}: its last digit is not the Luhn digit of the first eight`);

  // 6. CONFLICT: a second active account at a location that has one.
  const live = acct.find((r) => acct.get(r, 'status').startsWith('A') && !usedAccounts.has(acct.get(r, 'account_number')) && !usedCustomers.has(acct.get(r, 'customer_id')));
  useAccount(acct.get(live, 'account_number'));
  const conflictNumber = oldNumber('98000002');
  const cf = acct.append({ ...Object.fromEntries(acct.header.map((h) => [h, acct.get(live, h)])), account_number: conflictNumber, status: 'A', closed_on: '' });
  edit(acct, cf, 'location_id', 'CONFLICT', `a second active account ${conflictNumber} at location ${acct.get(live, 'location_id')} (line ${acct.line(live)} is the first)`);

  // 7. BAD_AMOUNT and 8. UNKNOWN_REFERENCE in open_charges.csv.
  const oc = t.open_charges;
  const o1 = freeAccountIn('open_charges', (r) => oc.get(r, 'service') !== 'CREDIT');
  oc.set(o1, 'amount', '12.345');
  edit(oc, o1, 'amount', 'BAD_AMOUNT', 'amount 12.345 (three decimals)');
  const stranger = oldNumber('97999999');
  const o2 = oc.append({ account_number: stranger, service: 'W', bill_date: '2026-02-01', due_date: '2026-02-21', amount: '42.00', description: '' });
  edit(oc, o2, 'account_number', 'UNKNOWN_REFERENCE', `a charge for account ${stranger}, which is not in accounts.csv`);

  // 9. BAD_DATE in deposits.csv.
  const dep = t.deposits;
  const d1 = freeAccountIn('deposits');
  dep.set(d1, 'paid_on', '2025-02-30');
  edit(dep, d1, 'paid_on', 'BAD_DATE', 'paid on 2025-02-30 (not on the calendar)');

  // 10. TOTAL_MISMATCH in history.csv (the total one cent more than the sum).
  const his = t.history;
  const h1 = freeAccountIn('history');
  const cents = Math.round(Number(his.get(h1, 'total').replace(/,/g, '')) * 100) + 1;
  his.set(h1, 'total', `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
  edit(his, h1, 'total', 'TOTAL_MISMATCH', 'total one cent more than the six amounts');

  // 11. BAD_VALUE and 12. CHECK_DIGIT (routing) in bank_drafts.csv.
  const bd = t.bank_drafts;
  const b1 = freeAccountIn('bank_drafts');
  bd.set(b1, 'account_type', 'X');
  edit(bd, b1, 'account_type', 'BAD_VALUE', 'account type X (C or S)');
  const b2 = freeAccountIn('bank_drafts');
  const routing = bd.get(b2, 'routing_number');
  bd.set(b2, 'routing_number', routing.slice(0, 8) + String((Number(routing[8]) + 1) % 10));
  edit(bd, b2, 'routing_number', 'CHECK_DIGIT', 'routing number with its ABA check digit off by one');

  // 13. DATE_ORDER in medical_alerts.csv.
  const ma = t.medical_alerts;
  const a1 = freeAccountIn('medical_alerts');
  ma.set(a1, 'expires_on', addDays(ma.get(a1, 'certified_on'), -1));
  edit(ma, a1, 'expires_on', 'DATE_ORDER', 'expires the day before it was certified');

  // 14. TOO_LONG, 15. CARD_NUMBER and 16. MALFORMED_ROW: notes added for an untouched account.
  const nt = t.notes;
  const noteAccount = acct.get(
    acct.find((r) => acct.get(r, 'status').startsWith('A') && !usedAccounts.has(acct.get(r, 'account_number')) && !usedCustomers.has(acct.get(r, 'customer_id'))),
    'account_number',
  );
  useAccount(noteAccount);
  const long = 'Customer called about the bill. '.repeat(66).trim();
  const n1 = nt.append({ account_number: noteAccount, noted_on: '2026-03-02', text: long, follow_up: 'N' });
  edit(nt, n1, 'text', 'TOO_LONG', `a note of ${long.length.toLocaleString('en-US')} characters (at most 2,000)`);
  const n2 = nt.append({ account_number: noteAccount, noted_on: '2026-03-03', text: 'Customer read a card number over the phone: 4111 1111 1111 1111. Told not to.', follow_up: 'N' });
  edit(nt, n2, 'text', 'CARD_NUMBER', 'a note holding a payment card number (4111 1111 1111 1111)');
  const n3 = nt.append({ account_number: noteAccount, noted_on: '2026-03-04', text: 'Customer asked for a payment arrangement.', follow_up: 'Y' });
  nt.verbatim.set(n3, `${noteAccount},2026-03-04,Customer asked for a payment arrangement.,Y,extra`);
  edit(nt, n3, '', 'MALFORMED_ROW', 'five fields where the header has four');

  for (const kind of CONVERSION_KINDS) {
    const text = t[kind].text();
    fs.writeFileSync(path.join(dir, CONVERSION_FILES[kind]), kind === 'customers' ? encodeWindows1252(text) : text);
  }
  const order = (f: string) => CONVERSION_KINDS.findIndex((k) => CONVERSION_FILES[k] === f);
  expected.sort((a, b) => order(a.file) - order(b.file) || a.line - b.line || a.column.localeCompare(b.column));
  fs.writeFileSync(path.join(dir, 'expected-rejects.csv'), `file,line,column,code\r\n${expected.map((e) => `${e.file},${e.line},${e.column},${e.code}\r\n`).join('')}`);
  const md = [
    '# The sample conversion set with deliberate errors',
    '',
    'Written by `npm run conversion-set -- --errors` (src-main/demo/conversion-errors.ts): the clean',
    'sample (`../sample`, same seed, day and size) with the edits below. `expected-rejects.csv` lists',
    'every reject an importer must report for it (`file,line,column,code`; line 1 is the header row),',
    'the edits below plus the `REFERENCE_REJECTED` rows they cause. An empty column is the whole row.',
    'FILE_MISSING, FILE_UNREADABLE and COLUMN_MISSING need a broken folder and are not here.',
    '',
    '| file | line | column | code | what was changed |',
    '| --- | ---: | --- | --- | --- |',
    ...edits.map((e) => `| ${e.file} | ${e.line} | ${e.column || '(row)'} | ${e.code} | ${e.what} |`),
    '',
    `The cascade: customer ${badCustomer} is rejected, so are its account${accountsOfCustomer(badCustomer).length > 1 ? 's' : ''} ${accountsOfCustomer(badCustomer)
      .map((r) => acct.get(r, 'account_number'))
      .join(', ')} and ${expected.filter((e) => e.code === 'REFERENCE_REJECTED').length - accountsOfCustomer(badCustomer).length} rows of other files that refer to ${accountsOfCustomer(badCustomer).length > 1 ? 'them' : 'it'}.`,
    `In all: ${expected.length} rejects.`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'ERRORS.md'), md);
  return { expected, edits };
}
