// Receipt layout: pure functions from a document (a receipt, a drawer journal, a test page, a
// no-sale slip) to lines of text with alignment, bold and size. Columns line up, long names and
// addresses wrap, amounts sit flush right, and no line is ever wider than the paper: a
// double-width line gets half the columns. Every string is sanitized on the way in.
import { DENOMINATIONS } from '../../../src-shared/denominations';
import type { DrawerJournal, Receipt } from '../../../src-shared/ipc/counter-schemas';
import type { DrawerReport, Pickup } from '../../../src-shared/ipc/day-end-schemas';
import { formatCents } from '../../../src-shared/money';
import type { Align, TextSize } from './commands';
import { cleanField, sanitizeText } from './sanitize';

export interface LayoutLine {
  text: string;
  align: Align;
  bold: boolean;
  size: TextSize;
}

export interface ReceiptLayoutOptions {
  columns: number;
  /** Centred at the top; the first line is printed bold. */
  headerLines: string[];
  footerLines: string[];
  /** A reprint: marked DUPLICATE at the top and the bottom. */
  duplicate: boolean;
  /** An automatic retry of a job the printer may already have printed: marked REPRINT (may
   * duplicate an earlier copy) at the top and the bottom, so a second paper is never an unmarked original. */
  reprint?: boolean;
  /** Time zone for the posting time (the town's); defaults to America/New_York. */
  timeZone?: string;
  /** Print how each account payment was allocated to charges. */
  showAllocations?: boolean;
}

export const MIN_COLUMNS = 24;

/** How many characters fit on a line of the given size. */
export function widthOf(size: TextSize, columns: number): number {
  return size === 'wide' || size === 'large' ? Math.floor(columns / 2) : columns;
}

/** Word-wraps text to a width; words longer than the width are split. Empty text → no lines. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const words = cleanField(text).split(' ').filter((x) => x !== '');
  const out: string[] = [];
  let line = '';
  for (let word of words) {
    while (word.length > w) {
      if (line) {
        const room = w - line.length - 1;
        if (room >= 4) {
          out.push(`${line} ${word.slice(0, room)}`);
          word = word.slice(room);
          line = '';
          continue;
        }
        out.push(line);
        line = '';
      }
      out.push(word.slice(0, w));
      word = word.slice(w);
    }
    if (!word) continue;
    if (!line) line = word;
    else if (line.length + 1 + word.length <= w) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  return out;
}

interface Style {
  align?: Align;
  bold?: boolean;
  size?: TextSize;
}

/** Collects layout lines for one paper width. */
export class LineBuilder {
  readonly lines: LayoutLine[] = [];
  constructor(readonly columns: number) {
    if (!Number.isInteger(columns) || columns < MIN_COLUMNS) throw new RangeError(`a receipt needs at least ${MIN_COLUMNS} columns, got ${columns}`);
  }

  private push(text: string, style: Style): void {
    const size = style.size ?? 'normal';
    const line = sanitizeText(text).slice(0, widthOf(size, this.columns));
    this.lines.push({ text: line, align: style.align ?? 'left', bold: style.bold ?? false, size });
  }

  /** Wrapped text; with an indent, every wrapped line is indented. */
  text(text: string, style: Style & { indent?: number } = {}): this {
    const indent = style.indent ?? 0;
    for (const l of wrap(text, widthOf(style.size ?? 'normal', this.columns) - indent)) this.push(' '.repeat(indent) + l, style);
    return this;
  }

  blank(): this {
    this.push('', {});
    return this;
  }

  rule(ch = '-'): this {
    this.push(ch.repeat(this.columns), {});
    return this;
  }

  /** A label on the left and a value flush right; a long label wraps (indented) left of the value's column. */
  pair(label: string, value: string, style: { bold?: boolean; indent?: number } = {}): this {
    const indent = style.indent ?? 0;
    const v = cleanField(value);
    const room = this.columns - indent - v.length - 1;
    if (room < 8) {
      this.text(label, { bold: style.bold, indent });
      for (const vl of wrap(v, this.columns)) this.push(vl.padStart(this.columns), { bold: style.bold });
      return this;
    }
    const labelLines = wrap(label, room);
    if (labelLines.length === 0) labelLines.push('');
    labelLines.forEach((l, i) => {
      const pad = ' '.repeat(indent);
      // room <= columns - indent - 2 (the value is at least one character), so the extra indent fits.
      this.push(i === 0 ? pad + l.padEnd(room) + ' ' + v : `${pad}  ${l}`, { bold: style.bold });
    });
    return this;
  }

  /** A centred banner (e.g. VOID, DUPLICATE) in double size when it fits. */
  banner(text: string): this {
    const big = widthOf('large', this.columns);
    if (cleanField(text).length <= big) this.push(cleanField(text), { align: 'center', bold: true, size: 'large' });
    else this.text(text, { align: 'center', bold: true });
    return this;
  }

  header(lines: readonly string[]): this {
    lines.forEach((l, i) => this.text(l, { align: 'center', bold: i === 0 }));
    return this;
  }
}

const money = (c: number) => formatCents(c, { symbol: true });

/** "03/16/2026 10:05 AM" in the town's time zone. */
export function localDateTime(iso: string, timeZone = 'America/New_York'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return cleanField(iso);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit', hour12: true }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('month')}/${get('day')}/${get('year')} ${get('hour')}:${get('minute')} ${get('dayPeriod').toUpperCase()}`;
}

const TENDER_LABEL: Record<Receipt['tenders'][number]['kind'], string> = {
  cash: 'Cash',
  check: 'Check',
  card: 'Card',
  money_order: 'Money order',
  remittance: 'Remittance',
};

function tenderLabel(t: Receipt['tenders'][number]): string {
  switch (t.kind) {
    case 'check':
      return t.checkNumber ? `Check #${t.checkNumber}` : 'Check';
    case 'card':
      // Brand, last four and authorization code only: never more of a card (DOMAIN.md).
      return `${t.cardBrand ?? 'Card'} ****${t.cardLast4 ?? ''} Auth ${t.authCode ?? ''}`;
    case 'money_order':
      return t.reference ? `Money order ${t.reference}` : 'Money order';
    case 'remittance':
      return t.reference ? `Remittance ${t.reference}` : 'Remittance';
    default:
      return TENDER_LABEL[t.kind];
  }
}

/** Header lines from the settings, or the town's name, address and phone from the receipt. */
export function defaultHeader(town: { townName: string; townAddress: string; townPhone: string }): string[] {
  return [town.townName, town.townAddress, town.townPhone].map(cleanField).filter((l) => l !== '');
}

export const REPRINT_NOTE = 'REPRINT — may duplicate an earlier copy';

function reprintMark(b: LineBuilder): void {
  b.banner('REPRINT');
  b.text(REPRINT_NOTE, { align: 'center', bold: true });
}

/** The receipt as printed lines: what a customer takes home. */
export function layoutReceipt(receipt: Receipt, opts: ReceiptLayoutOptions): LayoutLine[] {
  const b = new LineBuilder(opts.columns);
  const tz = opts.timeZone ?? 'America/New_York';
  const isVoid = receipt.status === 'void';
  b.header(opts.headerLines.length ? opts.headerLines : defaultHeader(receipt)).blank();
  if (isVoid) b.banner('*** VOID ***');
  if (opts.duplicate) b.banner('DUPLICATE');
  if (opts.reprint) reprintMark(b);
  if (isVoid || opts.duplicate || opts.reprint) b.blank();

  b.pair('Receipt', receipt.number, { bold: true });
  b.pair('Station', receipt.station);
  b.pair('Cashier', receipt.cashier);
  b.pair('Date', localDateTime(receipt.postedAt, tz));
  b.pair('Business date', receipt.businessDate);
  if (receipt.source === 'mail') b.text('Mail payment');
  if (receipt.payer) b.text(`Paid by: ${receipt.payer}`);
  b.rule();

  // The remaining balance goes under the last line of each account.
  const lastLineOfAccount = new Map<number, number>();
  receipt.lines.forEach((l, i) => {
    if (l.accountId !== null) lastLineOfAccount.set(l.accountId, i);
  });
  receipt.lines.forEach((l, i) => {
    if (l.type === 'account') {
      b.pair(`Acct ${l.accountNumber ?? ''}`, money(l.amountCents));
      b.text(l.name, { indent: 2 });
    } else {
      b.pair(l.revenueCode ?? 'Revenue', money(l.amountCents));
      b.text(l.description || l.name, { indent: 2 });
    }
    if (opts.showAllocations) {
      for (const a of l.allocations) b.pair(`${a.description} ${a.dueDate.slice(5).replace('-', '/')}`, money(a.amountCents), { indent: 4 });
    }
    if (l.accountId !== null && l.remainingBalanceCents !== null && lastLineOfAccount.get(l.accountId) === i) {
      if (l.remainingBalanceCents < 0) b.pair('Credit balance', money(-l.remainingBalanceCents), { indent: 2 });
      else b.pair('Remaining balance', money(l.remainingBalanceCents), { indent: 2 });
    }
  });
  b.rule();
  b.pair('TOTAL', money(receipt.totalCents), { bold: true });
  for (const t of receipt.tenders) {
    b.pair(tenderLabel(t), money(t.amountCents));
    if (t.kind === 'check' && t.payer) b.text(t.payer, { indent: 2 });
  }
  if (receipt.changeCents > 0 || receipt.tenders.some((t) => t.kind === 'cash')) b.pair('CHANGE', money(receipt.changeCents), { bold: true });
  for (const r of receipt.returned) {
    b.pair(`RETURNED ${r.returnedOn}`, money(r.amountCents));
    b.text(r.reason, { indent: 2 });
  }
  if (isVoid) {
    b.rule();
    b.text('THIS RECEIPT IS VOID', { bold: true, align: 'center' });
    if (receipt.voidedAt) b.pair('Voided', localDateTime(receipt.voidedAt, tz));
    if (receipt.voidedBy) b.pair('Approved by', receipt.voidedBy);
    if (receipt.voidReason) b.text(`Reason: ${receipt.voidReason}`);
  }
  b.blank();
  if (isVoid) b.banner('*** VOID ***');
  if (opts.duplicate) b.banner('DUPLICATE');
  if (opts.reprint) reprintMark(b);
  for (const f of opts.footerLines) b.text(f, { align: 'center' });
  return b.lines;
}

export interface SlipOptions {
  columns: number;
  headerLines: string[];
  timeZone?: string;
  printedAt: string;
}

/** The drawer summary: receipt counts and totals by tender from the drawer journal. */
export function layoutDrawerSummary(j: DrawerJournal, opts: SlipOptions): LayoutLine[] {
  const b = new LineBuilder(opts.columns);
  const tz = opts.timeZone ?? 'America/New_York';
  b.header(opts.headerLines).blank();
  b.banner('DRAWER SUMMARY').blank();
  b.pair('Station', j.drawer.station);
  b.pair('Cashier', j.drawer.cashier);
  b.pair('Business date', j.drawer.businessDate);
  b.pair('Opened', localDateTime(j.drawer.openedAt, tz));
  if (j.drawer.closedAt) b.pair('Closed', localDateTime(j.drawer.closedAt, tz));
  b.pair('Printed', localDateTime(opts.printedAt, tz));
  b.rule();
  b.pair('Receipts', String(j.receiptCount));
  b.pair('Voided receipts', String(j.voidCount));
  b.rule();
  b.text('Totals by tender', { bold: true });
  b.pair('Cash', money(j.totals.cash));
  b.pair('Checks', money(j.totals.check));
  b.pair('Cards', money(j.totals.card));
  b.pair('Money orders', money(j.totals.money_order));
  b.pair('Remittances', money(j.totals.remittance));
  b.pair('Change given', money(j.totals.change));
  b.pair('NET COLLECTED', money(j.totals.net), { bold: true });
  if (j.voidCount > 0) b.pair('Voided (not counted)', money(j.voidTotals.net));
  b.rule();
  for (const r of j.rows) b.pair(`${r.receiptNumber}${r.status === 'void' ? ' VOID' : ''}`, money(r.totalCents));
  b.blank();
  return b.lines;
}

const denominationLabel = (cents: number) => DENOMINATIONS.find((d) => d.cents === cents)?.label ?? money(cents);

/** A cash pickup: what left the drawer, counted by denomination, with both names to sign. */
export function layoutPickupSlip(p: Pickup & { station: string }, opts: SlipOptions): LayoutLine[] {
  const b = new LineBuilder(opts.columns);
  b.header(opts.headerLines).blank();
  b.banner('CASH PICKUP').blank();
  b.pair('Station', p.station);
  b.pair('Drawer', String(p.drawerId));
  b.pair('Date', localDateTime(p.at, opts.timeZone));
  b.pair('Cashier', p.cashier);
  b.pair('Supervisor', p.supervisor);
  if (p.note) b.text(`Note: ${p.note}`);
  b.rule();
  for (const c of p.counts) b.pair(`${denominationLabel(c.denominationCents)} x ${c.count}`, money(c.denominationCents * c.count));
  b.pair('TOTAL PICKED UP', money(p.amountCents), { bold: true });
  b.blank().text('Cashier: ____________________').blank().text('Supervisor: _________________').blank();
  return b.lines;
}

/** The deposit summary of a counted drawer: cash by denomination, checks, grand total. */
export function layoutDepositSummary(r: DrawerReport, opts: SlipOptions): LayoutLine[] {
  const b = new LineBuilder(opts.columns);
  b.header(opts.headerLines).blank();
  b.banner('DEPOSIT SUMMARY').blank();
  b.pair('Station', r.station);
  b.pair('Drawer', String(r.drawerId));
  b.pair('Cashier', r.cashier);
  b.pair('Business date', r.businessDate);
  b.pair('Printed', localDateTime(opts.printedAt, opts.timeZone));
  b.rule();
  if (!r.count) {
    b.text('Drawer not counted yet.');
    return b.lines;
  }
  b.text('Cash', { bold: true });
  for (const c of r.count.cash) b.pair(`${denominationLabel(c.denominationCents)} x ${c.count}`, money(c.denominationCents * c.count));
  b.pair('Counted in drawer', money(r.count.countedCashCents));
  b.pair('Less starting bank', money(-r.startingCents));
  if (r.pickupsCents > 0) b.pair('Plus pickups', money(r.pickupsCents));
  const cash = r.count.countedCashCents - r.startingCents + r.pickupsCents;
  b.pair('Cash to deposit', money(cash), { bold: true });
  b.rule();
  b.text('Checks and money orders', { bold: true });
  for (const c of r.count.checks) b.pair(`#${c.checkNumber}`, money(c.amountCents));
  b.pair(`${r.count.checks.length} items`, money(r.count.countedChecksCents), { bold: true });
  b.rule();
  b.pair('DEPOSIT TOTAL', money(cash + r.count.countedChecksCents), { bold: true });
  b.blank();
  return b.lines;
}

/** A supervisor's no-sale: the drawer opened without a transaction, with who and why. */
export function layoutNoSale(info: { station: string; cashier: string; approvedBy: string; at: string; reason: string }, opts: SlipOptions): LayoutLine[] {
  const b = new LineBuilder(opts.columns);
  b.header(opts.headerLines).blank();
  b.banner('NO SALE').blank();
  b.pair('Station', info.station);
  b.pair('Cashier', info.cashier);
  b.pair('Approved by', info.approvedBy);
  b.pair('Date', localDateTime(info.at, opts.timeZone));
  b.text(`Reason: ${info.reason}`);
  b.blank();
  return b.lines;
}

/** The admin's test page: settings, a column ruler, accented characters, alignment and sizes. */
export function layoutTestPage(info: { station: string; endpoint: string; paperWidthMm: number; codePage: string }, opts: SlipOptions): LayoutLine[] {
  const b = new LineBuilder(opts.columns);
  b.header(opts.headerLines).blank();
  b.banner('TEST PRINT').blank();
  b.pair('Station', info.station);
  b.pair('Printer', info.endpoint);
  b.pair('Paper', `${info.paperWidthMm} mm, ${opts.columns} columns`);
  b.pair('Code page', info.codePage);
  b.pair('Printed', localDateTime(opts.printedAt, opts.timeZone));
  b.rule();
  const ruler = Array.from({ length: opts.columns }, (_, i) => String((i + 1) % 10)).join('');
  b.text(ruler);
  b.text('Accents: é è à ç ñ ü ö Ä É');
  b.text('Euro sign (PC858/WPC1252): €');
  b.text('Left');
  b.text('Centre', { align: 'center' });
  b.text('Right', { align: 'right' });
  b.text('Bold', { bold: true });
  b.text('Double height', { size: 'tall' });
  b.text('Double', { size: 'large' });
  b.rule();
  b.text('If every line above fits the paper and the ruler ends at the right edge, the column setting is right.');
  b.blank();
  return b.lines;
}
