// Code pages for receipt text: the printable upper half (bytes 80–FF) of each page the
// printer settings offer, with the ESC t number Epson assigns it (ESCPOS.md §2, §7). Text is
// encoded one character to one byte: ASCII 20–7E as is, a character the page has to its byte,
// an accented letter the page lacks to its base letter, anything else to '?'. The tables are
// the standard IBM/Microsoft mappings (the same ones iconv-lite ships).
import { sanitizeText } from './sanitize';

export const CODE_PAGE_NAMES = ['PC437', 'PC850', 'PC858', 'WPC1252'] as const;
export type CodePageName = (typeof CODE_PAGE_NAMES)[number];

/** Epson ESC t numbers. */
export const ESC_T_NUMBER: Record<CodePageName, number> = { PC437: 0, PC850: 2, WPC1252: 16, PC858: 19 };

// U+FFFD marks a byte the page leaves undefined.
const UPPER_HALF: Record<CodePageName, string> = {
  PC437:
    '\u00C7\u00FC\u00E9\u00E2\u00E4\u00E0\u00E5\u00E7\u00EA\u00EB\u00E8\u00EF\u00EE\u00EC\u00C4\u00C5\u00C9\u00E6\u00C6\u00F4\u00F6\u00F2\u00FB\u00F9\u00FF\u00D6\u00DC\u00A2\u00A3\u00A5\u20A7\u0192\u00E1\u00ED\u00F3\u00FA\u00F1\u00D1\u00AA\u00BA\u00BF\u2310\u00AC\u00BD\u00BC\u00A1\u00AB\u00BB\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255D\u255C\u255B\u2510\u2514\u2534\u252C\u251C\u2500\u253C\u255E\u255F\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256B\u256A\u2518\u250C\u2588\u2584\u258C\u2590\u2580\u03B1\u00DF\u0393\u03C0\u03A3\u03C3\u00B5\u03C4\u03A6\u0398\u03A9\u03B4\u221E\u03C6\u03B5\u2229\u2261\u00B1\u2265\u2264\u2320\u2321\u00F7\u2248\u00B0\u2219\u00B7\u221A\u207F\u00B2\u25A0\u00A0',
  PC850:
    '\u00C7\u00FC\u00E9\u00E2\u00E4\u00E0\u00E5\u00E7\u00EA\u00EB\u00E8\u00EF\u00EE\u00EC\u00C4\u00C5\u00C9\u00E6\u00C6\u00F4\u00F6\u00F2\u00FB\u00F9\u00FF\u00D6\u00DC\u00F8\u00A3\u00D8\u00D7\u0192\u00E1\u00ED\u00F3\u00FA\u00F1\u00D1\u00AA\u00BA\u00BF\u00AE\u00AC\u00BD\u00BC\u00A1\u00AB\u00BB\u2591\u2592\u2593\u2502\u2524\u00C1\u00C2\u00C0\u00A9\u2563\u2551\u2557\u255D\u00A2\u00A5\u2510\u2514\u2534\u252C\u251C\u2500\u253C\u00E3\u00C3\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u00A4\u00F0\u00D0\u00CA\u00CB\u00C8\u0131\u00CD\u00CE\u00CF\u2518\u250C\u2588\u2584\u00A6\u00CC\u2580\u00D3\u00DF\u00D4\u00D2\u00F5\u00D5\u00B5\u00FE\u00DE\u00DA\u00DB\u00D9\u00FD\u00DD\u00AF\u00B4\u00AD\u00B1\u2017\u00BE\u00B6\u00A7\u00F7\u00B8\u00B0\u00A8\u00B7\u00B9\u00B3\u00B2\u25A0\u00A0',
  PC858:
    '\u00C7\u00FC\u00E9\u00E2\u00E4\u00E0\u00E5\u00E7\u00EA\u00EB\u00E8\u00EF\u00EE\u00EC\u00C4\u00C5\u00C9\u00E6\u00C6\u00F4\u00F6\u00F2\u00FB\u00F9\u00FF\u00D6\u00DC\u00F8\u00A3\u00D8\u00D7\u0192\u00E1\u00ED\u00F3\u00FA\u00F1\u00D1\u00AA\u00BA\u00BF\u00AE\u00AC\u00BD\u00BC\u00A1\u00AB\u00BB\u2591\u2592\u2593\u2502\u2524\u00C1\u00C2\u00C0\u00A9\u2563\u2551\u2557\u255D\u00A2\u00A5\u2510\u2514\u2534\u252C\u251C\u2500\u253C\u00E3\u00C3\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u00A4\u00F0\u00D0\u00CA\u00CB\u00C8\u20AC\u00CD\u00CE\u00CF\u2518\u250C\u2588\u2584\u00A6\u00CC\u2580\u00D3\u00DF\u00D4\u00D2\u00F5\u00D5\u00B5\u00FE\u00DE\u00DA\u00DB\u00D9\u00FD\u00DD\u00AF\u00B4\u00AD\u00B1\u2017\u00BE\u00B6\u00A7\u00F7\u00B8\u00B0\u00A8\u00B7\u00B9\u00B3\u00B2\u25A0\u00A0',
  WPC1252:
    '\u20AC\uFFFD\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\uFFFD\u017D\uFFFD\uFFFD\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\uFFFD\u017E\u0178\u00A0\u00A1\u00A2\u00A3\u00A4\u00A5\u00A6\u00A7\u00A8\u00A9\u00AA\u00AB\u00AC\u00AD\u00AE\u00AF\u00B0\u00B1\u00B2\u00B3\u00B4\u00B5\u00B6\u00B7\u00B8\u00B9\u00BA\u00BB\u00BC\u00BD\u00BE\u00BF\u00C0\u00C1\u00C2\u00C3\u00C4\u00C5\u00C6\u00C7\u00C8\u00C9\u00CA\u00CB\u00CC\u00CD\u00CE\u00CF\u00D0\u00D1\u00D2\u00D3\u00D4\u00D5\u00D6\u00D7\u00D8\u00D9\u00DA\u00DB\u00DC\u00DD\u00DE\u00DF\u00E0\u00E1\u00E2\u00E3\u00E4\u00E5\u00E6\u00E7\u00E8\u00E9\u00EA\u00EB\u00EC\u00ED\u00EE\u00EF\u00F0\u00F1\u00F2\u00F3\u00F4\u00F5\u00F6\u00F7\u00F8\u00F9\u00FA\u00FB\u00FC\u00FD\u00FE\u00FF',
};

const encodeTables = new Map<CodePageName, Map<string, number>>();

function encodeTable(page: CodePageName): Map<string, number> {
  let t = encodeTables.get(page);
  if (!t) {
    t = new Map();
    const upper = UPPER_HALF[page];
    for (let i = 0; i < upper.length; i++) {
      const ch = upper[i]!;
      // Non-breaking and soft hyphen bytes are never produced: sanitizeText turns them into
      // a space or removes them.
      if (ch !== '\uFFFD' && ch !== '\u00A0' && ch !== '\u00AD' && !t.has(ch)) t.set(ch, 0x80 + i);
    }
    encodeTables.set(page, t);
  }
  return t;
}

/** The byte for one character in a page, or null when the page lacks it. */
function byteFor(ch: string, table: Map<string, number>): number | null {
  const code = ch.charCodeAt(0);
  if (code >= 0x20 && code <= 0x7e) return code;
  return table.get(ch) ?? null;
}

/**
 * Encodes text into a code page: sanitized first (no control byte can survive), then one byte
 * per character, so the printed width equals the sanitized string's length.
 */
export function encodeText(text: string, page: CodePageName): Buffer {
  const table = encodeTable(page);
  const clean = sanitizeText(text);
  const out = Buffer.alloc(clean.length);
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i]!;
    let b = byteFor(ch, table);
    if (b === null) {
      // An accented letter the page lacks prints as its base letter (Š → S), not as "?".
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      b = base.length === 1 ? byteFor(base, table) : null;
    }
    out[i] = b ?? 0x3f;
  }
  return out;
}

/** Decodes one printable byte (20–7E, 80–FF) of a page back to its character; "?" otherwise. */
export function decodeByte(byte: number, page: CodePageName): string {
  if (byte >= 0x20 && byte <= 0x7e) return String.fromCharCode(byte);
  if (byte >= 0x80) {
    const ch = UPPER_HALF[page][byte - 0x80]!;
    return ch === '\uFFFD' ? '?' : ch;
  }
  return '?';
}

export function codePageByNumber(n: number): CodePageName | null {
  return (Object.entries(ESC_T_NUMBER).find(([, v]) => v === n)?.[0] as CodePageName | undefined) ?? null;
}
