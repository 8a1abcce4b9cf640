// Layout lines → ESC/POS bytes: ESC @, ESC t <page>, then per line only the alignment, bold and
// size changes it needs, the text encoded into the code page (sanitized: no control byte from
// text can reach the printer), LF; at the end GS V 66 0 (feed to the cutter, partial cut) and,
// when asked, the complete 5-byte drawer pulse (ESCPOS.md §9).
import type { Align, DrawerPulse, TextSize } from './commands';
import { align, bold, drawerPulse, feedAndPartialCut, initialize, LF, realtimeDrawerPulse, selectCodePage, textSize } from './commands';
import type { CodePageName } from './codepages';
import { encodeText, ESC_T_NUMBER } from './codepages';
import type { LayoutLine } from './layout';

export interface EncodeOptions {
  codePage: CodePageName;
  /** Cut at the end (default true). */
  cut?: boolean;
  /** Appended after the cut: the drawer opens as the receipt comes off. */
  drawerPulse?: DrawerPulse | null;
}

export function encodeLayout(lines: readonly LayoutLine[], opts: EncodeOptions): Buffer {
  const parts: Buffer[] = [initialize(), selectCodePage(ESC_T_NUMBER[opts.codePage])];
  // After ESC @ the printer is left aligned, not bold, normal size.
  let curAlign: Align = 'left';
  let curBold = false;
  let curSize: TextSize = 'normal';
  for (const line of lines) {
    if (line.align !== curAlign) parts.push(align((curAlign = line.align)));
    if (line.bold !== curBold) parts.push(bold((curBold = line.bold)));
    if (line.size !== curSize) parts.push(textSize((curSize = line.size)));
    parts.push(encodeText(line.text, opts.codePage), Buffer.from([LF]));
  }
  if (curAlign !== 'left') parts.push(align('left'));
  if (curBold) parts.push(bold(false));
  if (curSize !== 'normal') parts.push(textSize('normal'));
  if (opts.cut ?? true) parts.push(feedAndPartialCut());
  if (opts.drawerPulse) parts.push(drawerPulse(opts.drawerPulse));
  return Buffer.concat(parts);
}

/**
 * A drawer-only job: just the pulse, complete — ESC p m t1 t2, or the real-time DLE DC4 1 m t
 * when the printer supports it (a setting; never node-thermal-printer's openCashDrawer, whose
 * ESC p lacks its timing bytes).
 */
export function encodeDrawerKick(p: DrawerPulse, realtime = false): Buffer {
  return realtime ? realtimeDrawerPulse(p) : drawerPulse(p);
}
