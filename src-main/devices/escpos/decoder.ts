// Reads an ESC/POS byte stream back into what a printer would do with it: lines of text with
// their alignment, bold and size, cuts, drawer pulses (checked for completeness) and status
// requests. It understands what the encoder emits plus the common neighbours; anything else is
// reported as a warning. Streaming: commands split across TCP chunks are completed by later
// chunks. Used by the virtual printer and by the tests.
import type { Align, TextSize } from './commands';
import type { CodePageName } from './codepages';
import { codePageByNumber, decodeByte } from './codepages';

export interface DecodedLine {
  text: string;
  align: Align;
  bold: boolean;
  size: TextSize;
}

export interface DecodedPulse {
  /** Byte offset of the ESC in the stream. */
  offset: number;
  pin: 2 | 5;
  t1: number;
  t2: number;
  onMs: number;
  offMs: number;
  /** The command's bytes in hex, e.g. "1b 70 00 19 fa". */
  hex: string;
}

export interface DecodedJob {
  lines: DecodedLine[];
  cuts: number;
  pulses: DecodedPulse[];
  /** DLE DC4 1 m t real-time pulses (also listed in pulses). The driver sends one only as a
   * pulse job of its own when the real-time pulse setting is on; one inside text is a bug. */
  realtimePulses: number;
  statusRequests: number[];
  codePage: CodePageName | null;
  initializations: number;
  warnings: string[];
  byteCount: number;
}

const ALIGNS: Align[] = ['left', 'center', 'right'];

function sizeFrom(widthMul: number, heightMul: number): TextSize {
  if (widthMul > 1 && heightMul > 1) return 'large';
  if (widthMul > 1) return 'wide';
  if (heightMul > 1) return 'tall';
  return 'normal';
}

const hex = (b: Buffer | number[]) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

/** Commands with a fixed length (after the prefix byte pair) the decoder skips quietly. */
const ESC_FIXED: Record<number, number> = { 0x2d: 3, 0x4d: 3, 0x32: 2, 0x33: 3, 0x4a: 3, 0x20: 3, 0x7b: 3, 0x56: 3, 0x47: 3 };
const GS_FIXED: Record<number, number> = { 0x48: 3, 0x68: 3, 0x77: 3, 0x66: 3, 0x42: 3, 0x4c: 4, 0x57: 4 };

export class EscPosDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private offset = 0;
  private text = '';
  private lineStyle: Omit<DecodedLine, 'text'> | null = null;
  private align: Align = 'left';
  private bold = false;
  private size: TextSize = 'normal';
  private page: CodePageName = 'PC437';
  readonly job: DecodedJob = { lines: [], cuts: 0, pulses: [], realtimePulses: 0, statusRequests: [], codePage: null, initializations: 0, warnings: [], byteCount: 0 };

  /** True once anything other than status requests arrived. */
  get hasContent(): boolean {
    const j = this.job;
    return j.lines.length > 0 || this.text !== '' || j.cuts > 0 || j.pulses.length > 0 || j.initializations > 0 || j.realtimePulses > 0 || j.codePage !== null;
  }

  /** Feeds bytes; returns the DLE EOT n requests completed in them, in order, to be answered. */
  feed(chunk: Buffer): number[] {
    this.job.byteCount += chunk.length;
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const requests: number[] = [];
    let i = 0;
    while (i < buf.length) {
      const used = this.step(buf, i, requests);
      if (used === 0) break; // incomplete command: wait for more bytes
      i += used;
      this.offset += used;
    }
    this.pending = Buffer.from(buf.subarray(i));
    return requests;
  }

  /** The decoded job, with any unterminated last line. */
  finish(): DecodedJob {
    if (this.text !== '') this.flushLine();
    if (this.pending.length) this.job.warnings.push(`incomplete command at the end: ${hex(this.pending)}`);
    this.pending = Buffer.alloc(0);
    return this.job;
  }

  private need(buf: Buffer, i: number, n: number): boolean {
    return i + n <= buf.length;
  }

  private flushLine(): void {
    const style = this.lineStyle ?? { align: this.align, bold: this.bold, size: this.size };
    this.job.lines.push({ text: this.text, ...style });
    this.text = '';
    this.lineStyle = null;
  }

  /** Consumes one character or command at i; returns the bytes used, 0 if incomplete. */
  private step(buf: Buffer, i: number, requests: number[]): number {
    const b = buf[i]!;
    if (b >= 0x20 && b !== 0x7f) {
      if (this.lineStyle === null) this.lineStyle = { align: this.align, bold: this.bold, size: this.size };
      this.text += decodeByte(b, this.page);
      return 1;
    }
    switch (b) {
      case 0x0a:
        this.flushLine();
        return 1;
      case 0x0d:
        return 1;
      case 0x1b:
        return this.esc(buf, i);
      case 0x1d:
        return this.gs(buf, i);
      case 0x10:
        return this.dle(buf, i, requests);
      default:
        this.job.warnings.push(`stray control byte ${hex([b])} at offset ${this.offset}`);
        return 1;
    }
  }

  private esc(buf: Buffer, i: number): number {
    if (!this.need(buf, i, 2)) return 0;
    const c = buf[i + 1]!;
    if (c === 0x40) {
      this.job.initializations++;
      if (this.text !== '') this.flushLine();
      this.align = 'left';
      this.bold = false;
      this.size = 'normal';
      this.page = 'PC437';
      return 2;
    }
    if (c === 0x70) {
      if (!this.need(buf, i, 5)) return 0;
      const m = buf[i + 2]!;
      const t1 = buf[i + 3]!;
      const t2 = buf[i + 4]!;
      if (![0, 1, 0x30, 0x31].includes(m)) this.job.warnings.push(`drawer pulse with an invalid pin byte ${hex([m])} at offset ${this.offset}`);
      this.job.pulses.push({ offset: this.offset, pin: m === 1 || m === 0x31 ? 5 : 2, t1, t2, onMs: t1 * 2, offMs: t2 * 2, hex: hex(buf.subarray(i, i + 5)) });
      return 5;
    }
    if (!this.need(buf, i, 3) && c !== 0x32) return 0;
    const n = buf[i + 2] ?? 0;
    switch (c) {
      case 0x74: {
        const page = codePageByNumber(n);
        if (!page) this.job.warnings.push(`unsupported code page ESC t ${n}`);
        this.page = page ?? 'PC437';
        this.job.codePage = page;
        return 3;
      }
      case 0x61:
        this.align = ALIGNS[n % 48] ?? 'left';
        return 3;
      case 0x45:
        this.bold = (n & 1) === 1;
        return 3;
      case 0x21:
        this.bold = (n & 0x08) !== 0;
        this.size = sizeFrom(n & 0x20 ? 2 : 1, n & 0x10 ? 2 : 1);
        return 3;
      case 0x64:
        if (this.text !== '') this.flushLine();
        for (let k = 0; k < n; k++) this.job.lines.push({ text: '', align: this.align, bold: this.bold, size: this.size });
        return 3;
      default: {
        const len = ESC_FIXED[c];
        if (len) return len;
        this.job.warnings.push(`unknown command ESC ${hex([c])} at offset ${this.offset}`);
        return 2;
      }
    }
  }

  private gs(buf: Buffer, i: number): number {
    if (!this.need(buf, i, 3)) return 0;
    const c = buf[i + 1]!;
    const n = buf[i + 2]!;
    if (c === 0x21) {
      this.size = sizeFrom((n >> 4) + 1, (n & 0x0f) + 1);
      return 3;
    }
    if (c === 0x56) {
      if (this.text !== '') this.flushLine();
      if (n === 65 || n === 66) {
        if (!this.need(buf, i, 4)) return 0;
        this.job.cuts++;
        return 4;
      }
      this.job.cuts++;
      return 3;
    }
    const len = GS_FIXED[c];
    if (len) return this.need(buf, i, len) ? len : 0;
    this.job.warnings.push(`unknown command GS ${hex([c])} at offset ${this.offset}`);
    return 2;
  }

  private dle(buf: Buffer, i: number, requests: number[]): number {
    if (!this.need(buf, i, 3)) return 0;
    const c = buf[i + 1]!;
    const n = buf[i + 2]!;
    if (c === 0x04) {
      this.job.statusRequests.push(n);
      requests.push(n);
      return 3;
    }
    if (c === 0x14) {
      if (n === 1) {
        if (!this.need(buf, i, 5)) return 0;
        const m = buf[i + 3]!;
        const t = buf[i + 4]!;
        this.job.realtimePulses++;
        if (m > 1 || t < 1 || t > 8) this.job.warnings.push(`real-time drawer pulse with invalid parameters ${hex(buf.subarray(i, i + 5))} at offset ${this.offset}`);
        if (this.job.lines.length > 0 || this.text !== '') this.job.warnings.push(`real-time drawer pulse DLE DC4 1 inside printed text at offset ${this.offset}`);
        this.job.pulses.push({ offset: this.offset, pin: m === 1 ? 5 : 2, t1: t, t2: t, onMs: t * 100, offMs: t * 100, hex: hex(buf.subarray(i, i + 5)) });
        return 5;
      }
      this.job.warnings.push(`DLE DC4 ${n} at offset ${this.offset}`);
      return 3;
    }
    this.job.warnings.push(`unknown command DLE ${hex([c])} at offset ${this.offset}`);
    return 2;
  }
}

/** Decodes a complete stream in one go. */
export function decodeEscPos(bytes: Buffer): DecodedJob {
  const d = new EscPosDecoder();
  d.feed(bytes);
  return d.finish();
}

/** The lines as plain text, aligned within the given width, one per line. */
export function renderText(lines: readonly DecodedLine[], columns: number): string {
  return lines
    .map((l) => {
      const t = l.text;
      if (t.length >= columns || l.align === 'left') return t.trimEnd();
      const space = columns - t.length;
      return (l.align === 'center' ? ' '.repeat(Math.floor(space / 2)) + t : ' '.repeat(space) + t).trimEnd();
    })
    .join('\n');
}
