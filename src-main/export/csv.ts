// CSV for the central system: RFC 4180 (comma, CRLF after every record including the last,
// double quotes around a field that holds a comma, quote, CR or LF, quotes doubled), UTF-8
// without a byte-order mark, one header row. Each column has a type:
//  - money: integer cents written as a plain decimal with two places ("1234.50", "-12.50"),
//    never quoted or prefixed, so a spreadsheet reads a number;
//  - int: a whole number ("42");
//  - text: anything else. A text cell that starts with = + - @ TAB or CR gets a single quote in
//    front ("'=SUM(A1)") so no spreadsheet can run it as a formula (OWASP CSV injection).
// An empty cell is null.
import crypto from 'node:crypto';

export type ColumnType = 'text' | 'money' | 'int';

export interface Column<R> {
  name: string;
  type: ColumnType;
  value(row: R): string | number | null;
}

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
const NEEDS_QUOTES = /[",\r\n]/;

/** "-12.50" from -1250. */
export function moneyCell(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`money cell needs whole cents, got ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A text value made safe from spreadsheet formulas. */
export function textCell(value: string): string {
  return value.length > 0 && FORMULA_START.has(value[0]!) ? `'${value}` : value;
}

/** Quotes a field when RFC 4180 needs it. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cell(type: ColumnType, v: string | number | null): string {
  if (v === null || v === '') return '';
  if (type === 'money') {
    if (typeof v !== 'number') throw new TypeError(`money cell must be a number of cents, got ${typeof v}`);
    return moneyCell(v);
  }
  if (type === 'int') {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`int cell must be a whole number, got ${String(v)}`);
    return String(v);
  }
  return csvField(textCell(String(v)));
}

/**
 * Builds one CSV file row by row. flush() turns the rows so far into bytes and feeds the SHA-256
 * (the package builder flushes between pages, so no single step handles the whole file).
 */
export class CsvWriter<R> {
  private pending: string[] = [];
  private readonly chunks: Buffer[] = [];
  private readonly hash = crypto.createHash('sha256');
  private done: { bytes: Buffer; sha256: string } | null = null;
  rows = 0;

  constructor(private readonly columns: ReadonlyArray<Column<R>>) {
    this.pending.push(`${columns.map((c) => csvField(textCell(c.name))).join(',')}\r\n`);
  }

  add(row: R): void {
    if (this.done) throw new Error('CsvWriter: rows added after finish()');
    let line = '';
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i]!;
      if (i > 0) line += ',';
      line += cell(c.type, c.value(row));
    }
    this.pending.push(`${line}\r\n`);
    this.rows++;
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.chunks.push(chunk);
    this.hash.update(chunk);
  }

  /** The file's bytes and SHA-256 (no rows may be added after). */
  finish(): { bytes: Buffer; sha256: string } {
    if (!this.done) {
      this.flush();
      this.done = { bytes: Buffer.concat(this.chunks), sha256: this.hash.digest('hex') };
    }
    return this.done;
  }

  toBuffer(): Buffer {
    return this.finish().bytes;
  }
}
