// Text hygiene for the print stream. Every customer-supplied or stored string (names,
// addresses, payers, memos, reasons, header lines) passes through here before it is laid out
// or encoded, so a name like "Bob\x1Bp\x00" or "\x10\x14\x01" can never reach the printer as
// a command (ESCPOS.md §7). After sanitizing, one UTF-16 unit is one printed column.

// Typographic punctuation that the receipt code pages mostly lack, folded to plain ASCII.
const PUNCTUATION: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '*', '\u00B7': '.',
};

/**
 * Removes C0 controls (00–1F), DEL (7F), C1 controls (80–9F), Unicode format controls (bidi
 * overrides, zero-width joiners, soft hyphens) and private-use characters; turns every kind of
 * line break, tab and space into a plain space; folds typographic punctuation to ASCII; replaces
 * characters outside the Basic Multilingual Plane (emoji) and lone surrogates with '?'; drops
 * combining marks left over after NFC composition. Spacing is kept as is.
 */
export function sanitizeText(input: string): string {
  let s = String(input).normalize('NFC');
  s = s.replace(/[\t\n\v\f\r\u0085\u2028\u2029]|\p{Zs}/gu, ' ');
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  s = s.replace(/[\u0000-\u001F\u007F-\u009F]|\p{Cf}|\p{Co}/gu, '');
  s = s.replace(/[\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033\u2010-\u2015\u2212\u2026\u2022\u00B7]/g, (c) => PUNCTUATION[c] ?? '?');
  s = s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, '?');
  s = s.replace(/\p{M}/gu, '');
  return s;
}

/** A field for a receipt: sanitized, runs of spaces collapsed, trimmed. */
export function cleanField(input: string | null | undefined): string {
  if (input === null || input === undefined) return '';
  return sanitizeText(input).replace(/ {2,}/g, ' ').trim();
}
