// PDF building blocks on pdfkit: a letter-size page with the town's heading, simple tables
// with right-aligned money columns, and page numbers. Documents are built as pure data ->
// bytes so tests can read them back with pdftotext.
import PDFDocument from 'pdfkit';

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  readonly left = 50;
  readonly right = 562;

  constructor(title: string, opts: { author?: string; creationDate?: Date } = {}) {
    this.doc = new PDFDocument({
      size: 'LETTER',
      margins: { top: 50, bottom: 50, left: 50, right: 50 },
      bufferPages: true,
      info: { Title: title, Author: opts.author ?? 'TownCounter', CreationDate: opts.creationDate ?? new Date(0) },
    });
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => this.chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font('Helvetica');
  }

  heading(lines: { town: string; title: string; subtitle?: string }): void {
    this.doc.font('Helvetica-Bold').fontSize(14).text(lines.town, this.left, this.doc.y, { align: 'center' });
    this.doc.fontSize(12).text(lines.title, { align: 'center' });
    if (lines.subtitle) this.doc.font('Helvetica').fontSize(10).text(lines.subtitle, { align: 'center' });
    this.doc.moveDown(1).font('Helvetica').fontSize(10);
  }

  section(title: string): void {
    this.ensureSpace(40);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).text(title, this.left, this.doc.y).font('Helvetica').fontSize(10).moveDown(0.2);
  }

  text(s: string): void {
    this.doc.font('Helvetica').fontSize(10).text(s, this.left, this.doc.y, { width: this.right - this.left });
  }

  keyValues(rows: Array<[string, string]>): void {
    for (const [k, v] of rows) {
      this.ensureSpace(14);
      const y = this.doc.y;
      this.doc.font('Helvetica').text(k, this.left, y, { width: 300 });
      this.doc.text(v, this.left + 300, y, { width: this.right - this.left - 300, align: 'right' });
      this.doc.moveDown(0.1);
    }
  }

  table(columns: Column[], rows: string[][], opts: { boldLast?: boolean } = {}): void {
    const draw = (cells: string[], bold: boolean) => {
      this.ensureSpace(14);
      const y = this.doc.y;
      let x = this.left;
      let maxY = y;
      this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      cells.forEach((cell, i) => {
        const col = columns[i]!;
        this.doc.text(cell, x, y, { width: col.width - 4, align: col.align ?? 'left' });
        maxY = Math.max(maxY, this.doc.y);
        x += col.width;
      });
      this.doc.y = maxY + 2;
    };
    draw(columns.map((c) => c.header), true);
    this.doc.moveTo(this.left, this.doc.y).lineTo(this.right, this.doc.y).lineWidth(0.5).stroke();
    this.doc.y += 2;
    rows.forEach((r, i) => draw(r, opts.boldLast === true && i === rows.length - 1));
    this.doc.fontSize(10).moveDown(0.3);
  }

  signatureLines(labels: string[]): void {
    this.ensureSpace(60);
    this.doc.moveDown(2);
    for (const l of labels) {
      const y = this.doc.y;
      this.doc.moveTo(this.left, y).lineTo(this.left + 250, y).lineWidth(0.5).stroke();
      this.doc.font('Helvetica').fontSize(8).text(l, this.left, y + 2);
      this.doc.moveDown(1.5);
    }
  }

  private ensureSpace(points: number): void {
    if (this.doc.y + points > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  async finish(footer: string): Promise<{ bytes: Buffer; pages: number }> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc.font('Helvetica').fontSize(8).text(`${footer} — page ${i + 1} of ${range.count}`, this.left, this.doc.page.height - 35, { width: this.right - this.left, align: 'center' });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return { bytes: await this.done, pages: range.count };
  }
}
