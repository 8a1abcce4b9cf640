// Real-time status (DLE EOT n, ESCPOS.md §4): each request is answered with one byte of the
// fixed pattern 0xx1xx10. n=1 printer (pin 3 level, offline), n=2 offline cause (cover open,
// paper-end stop, error), n=4 roll paper (near end 0C, end 60). No reply within the timeout
// means off, disconnected or a one-way channel: reported separately from a printer error.
import { statusRequest } from './commands';

/** The requests sent, in order, and answered one byte each. */
export const STATUS_QUERIES = [1, 2, 4] as const;
export const STATUS_REQUEST_BYTES = Buffer.concat(STATUS_QUERIES.map((n) => statusRequest(n)));

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export interface StatusBits {
  /** The three reply bytes (n=1, n=2, n=4). */
  raw: [number, number, number];
  online: boolean;
  /** Drawer kick-out connector pin 3 is HIGH (which level means "open" is a setting). */
  drawerPin3High: boolean;
  coverOpen: boolean;
  paperStop: boolean;
  errorOccurred: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
}

export function parseStatus(printer: number, offlineCause: number, paper: number): StatusBits {
  return {
    raw: [printer, offlineCause, paper],
    online: (printer & 0x08) === 0,
    drawerPin3High: (printer & 0x04) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperStop: (offlineCause & 0x20) !== 0,
    errorOccurred: (offlineCause & 0x40) !== 0,
    paperNearEnd: (paper & 0x0c) === 0x0c,
    paperOut: (paper & 0x60) === 0x60,
  };
}

export type PrinterState = 'ready' | 'paper_near_end' | 'paper_out' | 'cover_open' | 'offline' | 'error';

/** What the status bytes say, most urgent first. */
export function stateOf(s: StatusBits): PrinterState {
  if (s.paperOut || s.paperStop) return 'paper_out';
  if (s.coverOpen) return 'cover_open';
  if (s.errorOccurred) return 'error';
  if (!s.online) return 'offline';
  if (s.paperNearEnd) return 'paper_near_end';
  return 'ready';
}

export function canPrint(state: PrinterState): boolean {
  return state === 'ready' || state === 'paper_near_end';
}

export const STATE_MESSAGES: Record<PrinterState, string> = {
  ready: 'Ready',
  paper_near_end: 'Paper is running low',
  paper_out: 'Out of paper',
  cover_open: 'The cover is open',
  offline: 'The printer reports it is offline',
  error: 'The printer reports an error (cutter or mechanism)',
};
