// The ESC/POS commands the receipt driver emits, each built complete with all of its
// parameter bytes (ESCPOS.md §2–4). Nothing here takes text: text goes through encodeText.

export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
/** normal, double height, double width, or both (GS ! n = 00 / 01 / 10 / 11). */
export type TextSize = 'normal' | 'tall' | 'wide' | 'large';

export const SIZE_BYTE: Record<TextSize, number> = { normal: 0x00, tall: 0x01, wide: 0x10, large: 0x11 };
const ALIGN_BYTE: Record<Align, number> = { left: 0, center: 1, right: 2 };

export const initialize = (): Buffer => Buffer.from([ESC, 0x40]);
export const selectCodePage = (n: number): Buffer => Buffer.from([ESC, 0x74, byte(n)]);
export const align = (a: Align): Buffer => Buffer.from([ESC, 0x61, ALIGN_BYTE[a]]);
export const bold = (on: boolean): Buffer => Buffer.from([ESC, 0x45, on ? 1 : 0]);
/** GS ! n sent directly: node-thermal-printer's setTextSize swaps width and height (§8). */
export const textSize = (s: TextSize): Buffer => Buffer.from([GS, 0x21, SIZE_BYTE[s]]);
export const feedLines = (n: number): Buffer => Buffer.from([ESC, 0x64, byte(n)]);
/** GS V 66 0: feed to the cutting position, then partial cut (the safe end-of-receipt cut). */
export const feedAndPartialCut = (): Buffer => Buffer.from([GS, 0x56, 0x42, 0x00]);

export interface DrawerPulse {
  /** Kick-out connector pin: 2 (drawer 1, m = 0) or 5 (drawer 2, m = 1). */
  pin: 2 | 5;
  /** ON time in ms; sent as t1 = ms / 2. */
  onMs: number;
  /** OFF time in ms; sent as t2 = ms / 2, never less than t1. */
  offMs: number;
}

/** The complete 5-byte ESC p m t1 t2 (ESCPOS.md §3); 50/500 ms on pin 2 = 1B 70 00 19 FA. */
export function drawerPulse(p: DrawerPulse): Buffer {
  const t1 = clampPulse(p.onMs);
  const t2 = Math.max(t1, clampPulse(p.offMs));
  return Buffer.from([ESC, 0x70, p.pin === 5 ? 1 : 0, t1, t2]);
}

/**
 * The real-time pulse DLE DC4 1 m t = 10 14 01 m t (ESCPOS.md §3): executed as soon as it
 * arrives, even while the printer is offline for paper out; ON and OFF are each t × 100 ms,
 * t = 1–8, taken from the ON time.
 */
export function realtimeDrawerPulse(p: DrawerPulse): Buffer {
  const t = Math.min(8, Math.max(1, Math.round(p.onMs / 100)));
  return Buffer.from([DLE, 0x14, 0x01, p.pin === 5 ? 1 : 0, t]);
}

function clampPulse(ms: number): number {
  return Math.min(255, Math.max(1, Math.round(ms / 2)));
}

/** DLE EOT n real-time status request: 1 printer, 2 offline cause, 3 error cause, 4 paper. */
export const statusRequest = (n: 1 | 2 | 3 | 4): Buffer => Buffer.from([DLE, 0x04, n]);

function byte(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`ESC/POS parameter out of range: ${n}`);
  return n;
}
