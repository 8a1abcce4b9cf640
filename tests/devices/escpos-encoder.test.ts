// Layout lines to ESC/POS bytes and back: the exact command bytes (initialize, code page,
// alignment, bold, GS ! sizes, partial cut, the 5-byte drawer pulse), code-page encoding with
// "?" for what a page lacks, and control bytes in customer text never reaching the stream.
import { drawerPulse } from '../../src-main/devices/escpos/commands';
import { encodeText } from '../../src-main/devices/escpos/codepages';
import { decodeEscPos } from '../../src-main/devices/escpos/decoder';
import { encodeLayout } from '../../src-main/devices/escpos/encoder';
import type { LayoutLine } from '../../src-main/devices/escpos/layout';
import { layoutReceipt } from '../../src-main/devices/escpos/layout';
import { sanitizeText } from '../../src-main/devices/escpos/sanitize';
import { sampleReceipt } from './receipt-fixture';

const hex = (b: Buffer) => b.toString('hex').replace(/(..)/g, '$1 ').trim();
const line = (text: string, over: Partial<LayoutLine> = {}): LayoutLine => ({ text, align: 'left', bold: false, size: 'normal', ...over });

describe('drawer pulse', () => {
  it('is the complete 5-byte ESC p m t1 t2: pin 2 → m 0, pin 5 → m 1, times in 2 ms units, t2 ≥ t1', () => {
    expect(hex(drawerPulse({ pin: 2, onMs: 50, offMs: 500 }))).toBe('1b 70 00 19 fa');
    expect(hex(drawerPulse({ pin: 5, onMs: 50, offMs: 500 }))).toBe('1b 70 01 19 fa');
    expect(hex(drawerPulse({ pin: 2, onMs: 100, offMs: 100 }))).toBe('1b 70 00 32 32');
    expect(hex(drawerPulse({ pin: 5, onMs: 120, offMs: 240 }))).toBe('1b 70 01 3c 78');
    // OFF shorter than ON is lengthened to ON; times are clamped to one byte.
    expect(hex(drawerPulse({ pin: 2, onMs: 200, offMs: 50 }))).toBe('1b 70 00 64 64');
    expect(hex(drawerPulse({ pin: 2, onMs: 1, offMs: 9999 }))).toBe('1b 70 00 01 ff');
  });
});

describe('encoder', () => {
  it('initializes, selects the code page, sets alignment, bold and GS ! sizes, and ends with a partial cut then the pulse', () => {
    const bytes = encodeLayout([line('Town', { align: 'center', bold: true }), line('BIG', { align: 'center', size: 'large' }), line('tall', { size: 'tall' }), line('plain')], {
      codePage: 'PC858',
      drawerPulse: { pin: 2, onMs: 50, offMs: 500 },
    });
    expect(hex(bytes)).toBe(
      [
        '1b 40', // ESC @
        '1b 74 13', // ESC t 19 (PC858)
        '1b 61 01 1b 45 01', // centre, bold
        '54 6f 77 6e 0a', // Town LF
        '1b 45 00 1d 21 11', // bold off, double width and height
        '42 49 47 0a',
        '1b 61 00 1d 21 01', // left, double height
        '74 61 6c 6c 0a',
        '1d 21 00', // normal size
        '70 6c 61 69 6e 0a',
        '1d 56 42 00', // feed to the cutter, partial cut
        '1b 70 00 19 fa', // drawer pin 2, 50 ms / 500 ms
      ].join(' '),
    );
  });

  it('leaves the pulse out unless asked, and can skip the cut', () => {
    const bytes = encodeLayout([line('x')], { codePage: 'PC437' });
    expect(hex(bytes)).toBe('1b 40 1b 74 00 78 0a 1d 56 42 00');
    expect(hex(encodeLayout([line('x')], { codePage: 'WPC1252', cut: false }))).toBe('1b 40 1b 74 10 78 0a');
  });

  it('encodes into the configured code page, with "?" for what it lacks and base letters for missing accents', () => {
    expect(hex(encodeText('é€', 'PC858'))).toBe('82 d5');
    expect(hex(encodeText('é€', 'WPC1252'))).toBe('e9 80');
    expect(hex(encodeText('é€', 'PC437'))).toBe('82 3f');
    expect(hex(encodeText('ñ ü ß', 'PC437'))).toBe('a4 20 81 20 e1');
    expect(encodeText('Šárka Łukasz 😀 中', 'PC437').toString('latin1')).toBe('S\xa0rka ?ukasz ? ?');
    expect(encodeText('O’Brien – “Jr.”…', 'PC437').toString('latin1')).toBe('O\'Brien - "Jr."...');
  });

  it('strips every control byte from text: ESC p, DLE DC4, GS V, ESC @ and DLE EOT inside a name never reach the stream', () => {
    const evil = ['Bob\u001bp\u0000\u0019\u00fa', 'Ann\u0010\u0014\u0001\u0000\u0008', 'Cut\u001dVB\u0000', 'Reset\u001b@', 'Status\u0010\u0004\u0001', 'C1\u0085\u009b\u007f', 'Tab\tNew\nLine\r'];
    for (const name of evil) {
      const bytes = encodeText(name, 'PC437');
      for (const b of bytes) expect(b >= 0x20 && b !== 0x7f).toBe(true);
    }
    expect(sanitizeText('Tab\tNew\nLine\r')).toBe('Tab New Line ');
    const r = sampleReceipt({ payer: 'Evil\u001bp\u0000\u0019\u00fa', tenders: [{ lineNo: 1, kind: 'check', amountCents: 39200, checkNumber: '1', payer: 'X\u0010\u0014\u0001\u0000\u0008', cardBrand: null, cardLast4: null, authCode: null, reference: null }], changeCents: 0 });
    r.lines[0]!.name = 'Bob\u001dV\u0000\u001b@\u0010\u0004\u0001';
    const bytes = encodeLayout(layoutReceipt(r, { columns: 32, headerLines: ['Town\u001bp\u0001\u0019\u00fa'], footerLines: [], duplicate: false }), { codePage: 'PC437' });
    expect(bytes.indexOf(Buffer.from([0x1b, 0x70]))).toBe(-1);
    expect(bytes.indexOf(Buffer.from([0x10, 0x14]))).toBe(-1);
    expect(bytes.indexOf(Buffer.from([0x10, 0x04]))).toBe(-1);
    const decoded = decodeEscPos(bytes);
    expect(decoded).toMatchObject({ pulses: [], realtimePulses: 0, statusRequests: [], cuts: 1, initializations: 1, warnings: [] });
    expect(decoded.lines.map((l) => l.text)).toContain('Paid by: Evilpú');
  });

  it('decodes back to the same lines, styles and code page', () => {
    const lines = layoutReceipt(sampleReceipt({ payer: 'Zoë Brontë' }), { columns: 48, headerLines: [], footerLines: ['Merci — ¡gracias!'], duplicate: true });
    for (const page of ['PC437', 'PC850', 'PC858', 'WPC1252'] as const) {
      const d = decodeEscPos(encodeLayout(lines, { codePage: page, drawerPulse: { pin: 5, onMs: 100, offMs: 200 } }));
      expect(d.lines).toEqual(lines);
      expect(d.codePage).toBe(page);
      expect(d.pulses).toMatchObject([{ pin: 5, onMs: 100, offMs: 200, hex: '1b 70 01 32 64' }]);
      expect(d.warnings).toEqual([]);
    }
  });
});
