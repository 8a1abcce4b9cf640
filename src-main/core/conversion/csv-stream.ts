// Reading a conversion file: one pass to fingerprint it (SHA-256) and tell UTF-8 from
// Windows-1252, then any number of passes that hand each record to a callback with the line it
// starts on. Files are read in pieces, so a 24-month history of a city (a gigabyte) never sits in
// memory. RFC 4180: comma-separated, fields with commas, quotes or line breaks in double quotes
// with inner quotes doubled, CRLF or LF, blank lines skipped.
//
// Written here rather than with csv-parse (which the reading import uses): the conversion needs
// the line each record STARTS on, and a record with the wrong number of fields rejected on its
// own rather than the whole file refused; csv-parse reports neither directly, and this loop is
// several times faster on rows without quotes (the common case), which a 12-million-row history
// file feels.
import crypto from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';

export type Encoding = 'utf-8' | 'windows-1252';

export interface FileFacts {
  size: number;
  /** Modification time when it was examined (a file changed before the load is refused). */
  mtimeMs: number;
  sha256: string;
  encoding: Encoding;
  /** Why the file cannot be read as text (a zero byte: a spreadsheet or UTF-16), else null. */
  unreadable: string | null;
}

const PIECE = 4 * 1024 * 1024;

/** Fingerprint and encoding in one read. */
export function examineFile(file: string): FileFacts {
  const fd = fs.openSync(file, 'r');
  try {
    const hash = crypto.createHash('sha256');
    let encoding: Encoding = 'utf-8';
    // Bytes of a UTF-8 character cut by the end of the previous piece.
    let cut = Buffer.alloc(0);
    let unreadable: string | null = null;
    let size = 0;
    let line = 1;
    const buf = Buffer.allocUnsafe(PIECE);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, PIECE, null);
      if (n === 0) break;
      const piece = buf.subarray(0, n);
      hash.update(piece);
      if (unreadable === null) {
        const zero = piece.indexOf(0);
        if (zero >= 0) {
          for (let i = 0; i < zero; i++) if (piece[i] === 10) line++;
          unreadable = `line ${line} holds a zero byte: it is not a text file (a spreadsheet, or UTF-16 text?); export it as CSV text`;
        } else for (let i = piece.indexOf(10); i >= 0; i = piece.indexOf(10, i + 1)) line++;
      }
      if (encoding === 'utf-8') {
        const joined = cut.length > 0 ? Buffer.concat([cut, piece]) : piece;
        const whole = wholeUtf8(joined, joined.length);
        if (!isUtf8(joined.subarray(0, whole))) encoding = 'windows-1252';
        cut = Buffer.from(joined.subarray(whole));
      }
      size += n;
    }
    if (encoding === 'utf-8' && cut.length > 0) encoding = 'windows-1252';
    return { size, mtimeMs: fs.fstatSync(fd).mtimeMs, sha256: hash.digest('hex'), encoding, unreadable };
  } finally {
    fs.closeSync(fd);
  }
}

export interface RecordSink {
  /** A record: its fields and the line it starts on (the header is line 1). */
  record(fields: string[], line: number): void;
  /** A record that is not CSV (a stray quote): the rest of its line is skipped. */
  malformed(reason: string, line: number): void;
  /** Bytes read so far (for progress). */
  progress?(bytes: number): void;
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * Streams the file's records to the sink. Throws CsvSyntaxError for a quote left open at the
 * end of the file, or a character after a closing quote (the rest of the file can't be trusted).
 */
export function streamRecords(file: string, encoding: Encoding, sink: RecordSink): void {
  const fd = fs.openSync(file, 'r');
  try {
    // UTF-8 is decoded by Buffer#toString (several times faster than a streaming TextDecoder),
    // a piece at a time up to its last whole character; the bytes of a character cut by the
    // piece's end are carried to the next read.
    const decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding);
    const buf = Buffer.allocUnsafe(PIECE + 4);
    let tail = 0;
    let carry = '';
    let line = 1;
    let bytes = 0;
    let first = true;
    for (;;) {
      const n = fs.readSync(fd, buf, tail, PIECE, null);
      const done = n === 0;
      let decoded: string;
      if (decoder) decoded = done ? decoder.decode() : decoder.decode(buf.subarray(0, n), { stream: true });
      else {
        const have = tail + n;
        const whole = done ? have : wholeUtf8(buf, have);
        decoded = buf.toString('utf8', 0, whole);
        buf.copy(buf, 0, whole, have);
        tail = have - whole;
      }
      let text = carry + decoded;
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length > 0) first = false;
      bytes += n;
      // Parse every complete record in text; keep the incomplete tail in carry.
      let pos = 0;
      const len = text.length;
      // The next quote at or after pos (-1: none left), found once rather than per line.
      let quote = text.indexOf('"');
      while (pos < len) {
        const nl = text.indexOf('\n', pos);
        if (nl < 0 && !done) break; // the last line may continue in the next piece
        const end = nl < 0 ? len : nl;
        if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
        if (quote < 0 || quote >= end) {
          // Fast path: no quotes on this line.
          let row = text.slice(pos, end);
          if (row.endsWith('\r')) row = row.slice(0, -1);
          if (row.length > 0 && (row.length > 16 || row.trim() !== '')) sink.record(row.split(','), line);
          line++;
          pos = end + 1;
          continue;
        }
        // Slow path: a record with quotes, which may span lines.
        const r = parseQuoted(text, pos, done);
        if (r === null) break; // incomplete: wait for more text
        if (r.error === NEVER_CLOSED) throw new CsvSyntaxError(`line ${line}: ${r.error}`, line);
        if (r.error) {
          sink.malformed(r.error, line);
          const skip = text.indexOf('\n', r.next);
          if (skip < 0 && !done) break;
          line += r.newlines + 1;
          pos = skip < 0 ? len : skip + 1;
          continue;
        }
        sink.record(r.fields, line);
        line += r.newlines + 1;
        pos = r.next;
      }
      carry = text.slice(pos);
      sink.progress?.(bytes);
      if (done) {
        if (carry.trim() !== '') throw new CsvSyntaxError(`line ${line}: ${NEVER_CLOSED}`, line);
        break;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** How many of the first `have` bytes end on a whole UTF-8 character. */
function wholeUtf8(buf: Buffer, have: number): number {
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the last character.
  let i = have - 1;
  let back = 0;
  while (i >= 0 && back < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return have;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return have - i >= need ? have : i;
}

const NEVER_CLOSED = 'a quoted field is never closed';

interface Parsed {
  fields: string[];
  /** Line breaks inside the record (not counting the one that ends it). */
  newlines: number;
  /** Where the next record starts. */
  next: number;
  error?: string;
}

function parseQuoted(text: string, start: number, final: boolean): Parsed | null {
  const fields: string[] = [];
  let field = '';
  let i = start;
  let newlines = 0;
  const len = text.length;
  for (;;) {
    if (i < len && text.charCodeAt(i) === 34) {
      // Quoted field.
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          if (!final) return null;
          return { fields, newlines, next: len, error: NEVER_CLOSED };
        }
        const chunk = text.slice(i, q);
        for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) newlines++;
        field += chunk;
        if (q + 1 < len && text.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
          continue;
        }
        if (q + 1 >= len && !final) return null;
        i = q + 1;
        break;
      }
      const c = i < len ? text.charCodeAt(i) : -1;
      if (c === 44) {
        fields.push(field);
        field = '';
        i++;
        continue;
      }
      if (c === 13 && i + 1 < len && text.charCodeAt(i + 1) === 10) i++;
      else if (c === 13 && i + 1 >= len && !final) return null;
      if (i >= len || text.charCodeAt(i) === 10) {
        if (i >= len && !final) return null;
        fields.push(field);
        return { fields, newlines, next: i + 1 };
      }
      return { fields, newlines, next: i, error: `a character after a closing quote (field ${fields.length + 1})` };
    }
    // Unquoted field: up to the next comma or line end.
    let j = i;
    while (j < len) {
      const c = text.charCodeAt(j);
      if (c === 44 || c === 10) break;
      j++;
    }
    if (j >= len && !final) return null;
    let value = text.slice(i, j);
    if (j < len && text.charCodeAt(j) === 10 && value.endsWith('\r')) value = value.slice(0, -1);
    // A quote inside an unquoted field (5/8" meters) is kept as it is, as most readers do.
    field += value;
    if (j < len && text.charCodeAt(j) === 44) {
      fields.push(field);
      field = '';
      i = j + 1;
      continue;
    }
    if (j >= len && value === '' && fields.length === 0) return { fields: [], newlines, next: len };
    fields.push(field);
    return { fields, newlines, next: j + 1 };
  }
}
