// Multi-row INSERT for bulk loads: one prepared "VALUES (...), (...), …" statement that takes
// many rows per call. better-sqlite3 spends most of an insert crossing into C++ and binding, so
// batching rows is 2–3× faster than one run() per row; a string costs several times a number to
// bind, so values that are the same for every row go into the SQL as constants.
// Row templates must use bare "?" only (better-sqlite3 skips numbered ?NNN for positional binding).
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open-ledger';

export class BulkInsert {
  private readonly many: Statement<unknown[]>;
  private readonly one: Statement<unknown[]>;
  /** The rows waiting to be written; hot loops fill it directly (see next()). */
  readonly buf: unknown[];
  private readonly width: number;
  private readonly rowsPerCall: number;
  private k = 0;
  /** Rows written so far. */
  count = 0;

  /**
   * @param head e.g. "INSERT INTO charges (account_id, kind, amount_cents)"
   * @param row the number of values per row, or a row template with one "?" per value and
   *   constants for the rest, e.g. "(?, 'service', ?)": constants cost nothing to bind.
   * @param select instead of "head VALUES …", the statement around the rows' VALUES list,
   *   e.g. to look strings up by number: (v) => `${head} SELECT … FROM (VALUES ${v}) v JOIN …`.
   */
  constructor(db: Db, head: string, row: number | string, select?: (values: string) => string, maxParams = 3000) {
    const template = typeof row === 'number' ? `(${new Array<string>(row).fill('?').join(',')})` : row;
    const width = (template.match(/\?/g) ?? []).length;
    this.width = width;
    this.rowsPerCall = Math.max(1, Math.min(200, Math.floor(maxParams / width)));
    const sql = select ?? ((values: string) => `${head} VALUES ${values}`);
    this.many = db.prepare(sql(new Array<string>(this.rowsPerCall).fill(template).join(',')));
    this.one = db.prepare(sql(template));
    this.buf = new Array<unknown>(width * this.rowsPerCall).fill(null);
  }

  /**
   * Reserves the next row and returns where its values go in `buf` (fill `width` of them).
   * For the hottest loops: it saves the argument array row() allocates, a quarter of the cost
   * of a row.
   */
  next(): number {
    if (this.k === this.rowsPerCall) {
      this.many.run(...this.buf);
      this.k = 0;
    }
    this.count++;
    return this.k++ * this.width;
  }

  row(...values: unknown[]): void {
    const o = this.next();
    for (let j = 0; j < this.width; j++) this.buf[o + j] = values[j];
  }

  /** Writes the rows still buffered. Call before reading the table or ending the load. */
  flush(): void {
    if (this.k === this.rowsPerCall) this.many.run(...this.buf);
    else for (let r = 0; r < this.k; r++) this.one.run(...this.buf.slice(r * this.width, (r + 1) * this.width));
    this.k = 0;
  }
}
