// PDF building blocks on pdfkit: a letter-size page with the town's heading, simple tables
// with right-aligned money columns, signature lines and page numbers. Documents are built as
// pure data -> bytes so tests can read them back with pdftotext.
//
// The writer draws as it is called and records each step, so it can keep a signature block
// with the content before it: when the block would not fit under the last lines of a page (or
// would start a page nearly alone), finish() lays the steps out again with a page break a few
// rows earlier, and those rows move to the new page together with the signatures. A document
// drawn on directly through `doc` can't be replayed; its signature block still moves whole.
// Every time printed comes through time(), in the town's time zone, never as a raw ISO string.
//
// With `stream`, the writer is for batches (a billing run's bills): pages are not buffered and
// steps are not recorded, the bytes go to the stream as pages are finished, and memory stays
// bounded however many pages are drawn. Such a document draws its own page furniture.
import PDFDocument from 'pdfkit';
import { DEFAULT_SETTINGS } from '../core/settings';

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

/** Content rows kept on the signature block's page (more when a heading precedes them). */
const KEEP_WITH_SIGNATURES = 3;
const SIGNATURE_LEAD = 24;
const SIGNATURE_STEP = 30;

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the town reads it: "12/03/2026 11:11 PM EST". A value that is not an instant is returned as is. */
export function formatTownTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' });
    timeFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value])) as Record<string, string>;
  return `${p.month}/${p.day}/${p.year} ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

type Op = () => void;

export class PdfWriter {
  private _doc!: PDFKit.PDFDocument;
  /** Someone drew on the document directly: it can't be laid out again, so no second layout. */
  private direct = false;
  readonly left = 50;
  readonly right = 562;
  readonly timeZone: string;
  private readonly ops: Op[] = [];
  /** Layout state of the current pass. */
  private rows = 0;
  private keepWithNext: boolean[] = [];
  private breakBeforeRow: number | null = null;
  private wantedBreak: number | null = null;
  /** The first row on the current page. */
  private pageStartRow = 0;

  constructor(
    private readonly title: string,
    private readonly opts: { author?: string; creationDate?: Date; timeZone?: string; stream?: NodeJS.WritableStream } = {},
  ) {
    this.timeZone = opts.timeZone ?? DEFAULT_SETTINGS.timeZone;
    this.layout(null);
  }

  /** The pdfkit document, for drawing what the writer has no method for (charts, ruled lines). */
  get doc(): PDFKit.PDFDocument {
    this.direct = true;
    return this._doc;
  }

  /** Draws now, and records the step so the document can be laid out again. */
  private add(op: Op): void {
    if (!this.opts.stream) this.ops.push(op);
    op();
  }

  /** Pages begun so far (streaming documents: finish() can't count them from a buffer). */
  private pagesBegun = 1;

  /** Starts a new page (a batch: one page per bill). */
  newPage(): void {
    this._doc.addPage();
  }

  /** An instant (ISO string) in the town's time zone; null or empty as the given fallback. */
  time(iso: string | null | undefined, fallback = ''): string {
    return iso ? formatTownTime(iso, this.timeZone) : fallback;
  }

  heading(lines: { town: string; title: string; subtitle?: string }): void {
    this.add(() => {
      this._doc.font('Helvetica-Bold').fontSize(14).text(lines.town, this.left, this._doc.y, { align: 'center' });
      this._doc.fontSize(12).text(lines.title, { align: 'center' });
      if (lines.subtitle) this._doc.font('Helvetica').fontSize(10).text(lines.subtitle, { align: 'center' });
      this._doc.moveDown(1).font('Helvetica').fontSize(10);
    });
  }

  section(title: string): void {
    this.add(() => {
      this.row(40, true);
      this._doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).text(title, this.left, this._doc.y).font('Helvetica').fontSize(10).moveDown(0.2);
    });
  }

  text(s: string): void {
    this.add(() => {
      this.row(14);
      this._doc.font('Helvetica').fontSize(10).text(s, this.left, this._doc.y, { width: this.right - this.left });
    });
  }

  keyValues(rows: Array<[string, string]>): void {
    this.add(() => {
      for (const [k, v] of rows) {
        this.row(14);
        const y = this._doc.y;
        this._doc.font('Helvetica').text(k, this.left, y, { width: 300 });
        this._doc.text(v, this.left + 300, y, { width: this.right - this.left - 300, align: 'right' });
        this._doc.moveDown(0.1);
      }
    });
  }

  table(columns: Column[], rows: string[][], opts: { boldLast?: boolean } = {}): void {
    this.add(() => {
      const draw = (cells: string[], bold: boolean, header: boolean) => {
        this.row(14, header);
        const y = this._doc.y;
        let x = this.left;
        let maxY = y;
        this._doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
        cells.forEach((cell, i) => {
          const col = columns[i]!;
          this._doc.text(cell, x, y, { width: col.width - 4, align: col.align ?? 'left' });
          maxY = Math.max(maxY, this._doc.y);
          x += col.width;
        });
        this._doc.y = maxY + 2;
      };
      draw(columns.map((c) => c.header), true, true);
      this._doc.moveTo(this.left, this._doc.y).lineTo(this.right, this._doc.y).lineWidth(0.5).stroke();
      this._doc.y += 2;
      rows.forEach((r, i) => draw(r, opts.boldLast === true && i === rows.length - 1, false));
      this._doc.fontSize(10).moveDown(0.3);
    });
  }

  /** A drawing of a known height (a chart row, lines to write on), kept on one page. */
  block(height: number, draw: (doc: PDFKit.PDFDocument, x: { left: number; right: number }) => void): void {
    this.add(() => {
      this.row(height);
      const y = this._doc.y;
      draw(this._doc, { left: this.left, right: this.right });
      this._doc.x = this.left;
      this._doc.y = Math.max(this._doc.y, y + height);
    });
  }

  /** Signature lines, drawn as one block that stays with the last rows of content before it. */
  signatureLines(labels: string[]): void {
    this.add(() => {
      const height = SIGNATURE_LEAD + labels.length * SIGNATURE_STEP;
      const fits = this._doc.y + height <= this.bottom();
      // Too few rows of content above the block on a page after the first: pull more across.
      const thin = this.pageStartRow > 0 && this.rows - this.pageStartRow < KEEP_WITH_SIGNATURES;
      if ((!fits || thin) && this.breakBeforeRow === null && this.wantedBreak === null) {
        // Ask for a second layout with a page break a few rows earlier.
        let at = Math.max(1, this.rows - KEEP_WITH_SIGNATURES);
        while (at > 1 && this.keepWithNext[at - 1]) at--;
        this.wantedBreak = at;
      }
      // In the first layout only, so that layout can be thrown away; the second breaks earlier.
      if (!fits) this._doc.addPage();
      let y = this._doc.y + SIGNATURE_LEAD;
      for (const l of labels) {
        this._doc.moveTo(this.left, y).lineTo(this.left + 250, y).lineWidth(0.5).stroke();
        this._doc.font('Helvetica').fontSize(8).text(l, this.left, y + 2, { lineBreak: false });
        y += SIGNATURE_STEP;
      }
      this._doc.x = this.left;
      this._doc.y = y;
      this._doc.fontSize(10);
    });
  }

  private bottom(): number {
    return this._doc.page.height - this._doc.page.margins.bottom;
  }

  /** Starts a row of content: a new page when it would not fit (or where the second layout breaks). */
  private row(points: number, keepWithNext = false): void {
    const index = this.rows++;
    // Only a document that can be laid out again needs to know which rows stay with the next one.
    if (!this.opts.stream) this.keepWithNext[index] = keepWithNext;
    const atTop = this._doc.y <= this._doc.page.margins.top + 1;
    if (!atTop && (index === this.breakBeforeRow || this._doc.y + points > this.bottom())) {
      this._doc.addPage();
      this.pageStartRow = index;
    }
  }

  private layout(breakBeforeRow: number | null): void {
    this._doc = new PDFDocument({
      size: 'LETTER',
      margins: { top: 50, bottom: 50, left: 50, right: 50 },
      bufferPages: !this.opts.stream,
      info: { Title: this.title, Author: this.opts.author ?? 'TownCounter', CreationDate: this.opts.creationDate ?? new Date(0) },
    });
    this._doc.on('pageAdded', () => this.pagesBegun++);
    if (this.opts.stream) {
      this._doc.pipe(this.opts.stream);
      this._doc.on('pageAdded', () => this.forgetWrittenPages());
    }
    this._doc.font('Helvetica');
    this.rows = 0;
    this.pageStartRow = 0;
    this.keepWithNext = [];
    this.breakBeforeRow = breakBeforeRow;
    this.wantedBreak = null;
    for (const op of this.ops) op();
  }

  /** Page-tree entries (streaming documents) whose page objects were written and forgotten. */
  private pagesForgotten = 0;

  /**
   * A streaming document's pages are written as soon as the next one begins, but pdfkit keeps
   * each page's dictionary (and through it its resources and content objects) in the page tree
   * until the end, only to write its reference there: drop what was already written, keeping the
   * reference itself, so a batch of thousands of pages keeps a few bytes a page, not kilobytes.
   */
  private forgetWrittenPages(): void {
    const kids = (this._doc as unknown as { _root: { data: { Pages: { data: { Kids: Array<{ data: unknown }> } } } } })._root.data.Pages.data.Kids;
    for (let i = this.pagesForgotten; i < kids.length - 1; i++) kids[i]!.data = {};
    this.pagesForgotten = Math.max(this.pagesForgotten, kids.length - 1);
  }

  /** Ends a streaming document: resolves with its page count once every byte reached the stream. */
  async finishStream(): Promise<{ pages: number }> {
    const out = this.opts.stream;
    if (!out) throw new Error('finishStream() is for a writer made with a stream');
    const done = new Promise<void>((resolve, reject) => {
      out.once('finish', () => resolve());
      out.once('error', reject);
      this._doc.once('error', reject);
    });
    this._doc.end();
    await done;
    return { pages: this.pagesBegun };
  }

  async finish(footer: string): Promise<{ bytes: Buffer; pages: number }> {
    // Drawn as it was written; laid out again only to keep a signature block with its content.
    if (this.wantedBreak !== null && !this.direct) this.layout(this.wantedBreak);
    const doc = this._doc;
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font('Helvetica').fontSize(8).text(`${footer} — page ${i + 1} of ${range.count}`, this.left, doc.page.height - 35, { width: this.right - this.left, align: 'center' });
      doc.page.margins.bottom = bottom;
    }
    doc.end();
    return { bytes: await done, pages: range.count };
  }
}
