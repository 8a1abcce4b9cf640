// Schemas for the receipt printer and cash drawer: settings (per station), status, the print
// queue, reprints and the virtual printer's received jobs.
import { z } from 'zod';
import { freeText } from '../free-text';

export const CODE_PAGES = ['PC437', 'PC850', 'PC858', 'WPC1252'] as const;
export const PRINTER_KINDS = ['none', 'network', 'device'] as const;
export const DRAWER_MODES = ['none', 'printer', 'device'] as const;
export const PRINT_JOB_KINDS = ['receipt', 'duplicate', 'void', 'drawer_summary', 'test', 'no_sale', 'drawer_kick', 'pickup_slip', 'deposit_summary', 'crew_ticket'] as const;
/** queued: waiting its turn or its back-off; printing: an attempt is on its way; done: printed;
 * failed: could not be laid out, or a drawer pulse too late to send; cancelled: by the cashier. */
export const PRINT_JOB_STATUSES = ['queued', 'printing', 'done', 'failed', 'cancelled'] as const;

/** Default columns for each paper width (Font A, 203 dpi). */
export const DEFAULT_COLUMNS: Record<58 | 80, number> = { 58: 32, 80: 48 };

const devicePath = z.string().trim().max(260).refine((p) => p === '' || p.startsWith('/') || /^[A-Za-z]:[\\/]|^\\\\/.test(p), 'use an absolute device path, e.g. /dev/usb/lp0');
const headerLine = freeText(z.string().max(64));

export const DrawerSettings = z.object({
  /** none; printer: on the printer's kick-out port; device: a standalone drawer on its own path. */
  mode: z.enum(DRAWER_MODES),
  /** Kick-out connector pin: 2 (most drawers) or 5. */
  pin: z.union([z.literal(2), z.literal(5)]),
  /** Pulse ON time in ms (sent as ms / 2, so 2–510). */
  onMs: z.int().min(2).max(510),
  /** Pulse OFF time in ms (2–510), at least the ON time. */
  offMs: z.int().min(2).max(510),
  devicePath,
  /** Which level of pin 3 (DLE EOT 1 bit 2) means the drawer is open; depends on the drawer's switch. */
  openLevel: z.enum(['high', 'low']),
  /** Send the real-time pulse DLE DC4 1 m t (opens even while the printer is offline for paper
   * out) instead of ESC p. Off by default: only for printers known to support it. */
  realtimePulse: z.boolean(),
});
export type DrawerSettings = z.infer<typeof DrawerSettings>;

const PrinterSettingsShape = z.object({
  kind: z.enum(PRINTER_KINDS),
  /** Network printer: host name or IP address (port separately). */
  host: z.string().trim().max(253).regex(/^[A-Za-z0-9.:_-]*$/, 'host name or IP address'),
  port: z.int().min(1).max(65535),
  devicePath,
  paperWidthMm: z.union([z.literal(58), z.literal(80)]),
  /** Characters per line in the normal font: 32 for most 58 mm printers, 48 for 80 mm. */
  columns: z.int().min(24).max(64),
  codePage: z.enum(CODE_PAGES),
  /** Null: the town's name, address and phone from the policy settings. */
  headerLines: z.array(headerLine).max(6).nullable(),
  footerLines: z.array(headerLine).max(6),
  /** Print how each payment was allocated to charges. */
  showAllocations: z.boolean(),
  /** Ask a network printer for its status (DLE EOT) before and after each job. */
  statusCheck: z.boolean(),
  /** Bound for each wait on the printer (connect, status reply, job confirmation, device write). */
  timeoutMs: z.int().min(100).max(10_000),
  /** How fast the printer gets through a job, in bytes per second: the wait for the end-of-job
   * answer is timeoutMs plus the job's printing time at this speed (with a margin). */
  bytesPerSecond: z.int().min(100).max(1_000_000),
  drawer: DrawerSettings,
});

function checkSettings(s: z.infer<typeof PrinterSettingsShape>, ctx: z.RefinementCtx): void {
  if (s.kind === 'network' && s.host === '') ctx.addIssue({ code: 'custom', path: ['host'], message: 'a network printer needs a host name or IP address' });
  if (s.kind === 'device' && s.devicePath === '') ctx.addIssue({ code: 'custom', path: ['devicePath'], message: 'a device printer needs its device path, e.g. /dev/usb/lp0' });
  if (s.drawer.offMs < s.drawer.onMs) ctx.addIssue({ code: 'custom', path: ['drawer', 'offMs'], message: 'the pulse OFF time must be at least the ON time' });
  if (s.drawer.mode === 'device' && s.drawer.devicePath === '') ctx.addIssue({ code: 'custom', path: ['drawer', 'devicePath'], message: 'a standalone drawer needs its device path' });
}

export const PrinterSettings = PrinterSettingsShape.superRefine(checkSettings);
export type PrinterSettings = z.infer<typeof PrinterSettings>;

/** What an update may change: any subset, the drawer's fields one by one too. */
export const PrinterSettingsPatch = PrinterSettingsShape.omit({ drawer: true }).partial().extend({ drawer: DrawerSettings.partial().strict().optional() }).strict();
export type PrinterSettingsPatch = z.infer<typeof PrinterSettingsPatch>;

export const PrinterSettingsView = z.object({
  station: z.string(),
  settings: PrinterSettings,
  /** The header actually printed (the town's details when headerLines is null). */
  effectiveHeaderLines: z.array(z.string()),
  /** Set when this run prints somewhere else (the virtual printer in browser mode and demos). */
  override: z.object({ endpoint: z.string(), description: z.string() }).nullable(),
  updatedAt: z.string().nullable(),
});
export type PrinterSettingsView = z.infer<typeof PrinterSettingsView>;

export const PRINTER_STATES = ['not_configured', 'ready', 'connected', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'no_reply', 'error'] as const;
export type PrinterStateName = (typeof PRINTER_STATES)[number];

export const PrintJobView = z.object({
  id: z.int(),
  kind: z.enum(PRINT_JOB_KINDS),
  target: z.enum(['printer', 'drawer']),
  status: z.enum(PRINT_JOB_STATUSES),
  receiptId: z.int().nullable(),
  receiptNumber: z.string().nullable(),
  opensDrawer: z.boolean(),
  attempts: z.int(),
  lastError: z.string().nullable(),
  /** The printer may already have printed it (bytes handed over): later attempts print a marked copy. */
  handedOver: z.boolean(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  requestedBy: z.string().nullable(),
});
export type PrintJobView = z.infer<typeof PrintJobView>;

export const PrinterStatus = z.object({
  station: z.string(),
  configured: z.boolean(),
  /**
   * not_configured; ready; connected (reachable, but the link reports no status: device path or
   * status check off); paper_near_end (still prints); paper_out; cover_open; offline (refused,
   * unreachable, no device, or the printer says offline); no_reply (connected, no status reply
   * within the timeout); error (the printer reports an error, or an I/O error).
   */
  state: z.enum(PRINTER_STATES),
  message: z.string(),
  endpoint: z.string().nullable(),
  virtual: z.boolean(),
  checkedAt: z.string().nullable(),
  paper: z.enum(['ok', 'near_end', 'out', 'unknown']),
  drawer: z.object({
    configured: z.boolean(),
    /** From pin 3 and the openLevel setting; null when unknown. */
    open: z.boolean().nullable(),
    pin3High: z.boolean().nullable(),
  }),
  queue: z.object({ queued: z.int(), printing: z.int(), failed: z.int() }),
  /** Receipts posted here that have not printed yet ("posted — not printed"), oldest first. */
  notPrinted: z.array(z.string()),
  lastError: z.object({ at: z.string(), jobId: z.int(), message: z.string() }).nullable(),
  lastPrintedAt: z.string().nullable(),
});
export type PrinterStatus = z.infer<typeof PrinterStatus>;

export const ReceiptPrintStatus = z.object({
  receiptId: z.int(),
  receiptNumber: z.string(),
  /** From the newest job for this receipt (original, void slip or reprint). */
  state: z.enum(['not_queued', 'queued', 'printing', 'printed', 'failed', 'cancelled']),
  printerConfigured: z.boolean(),
  lastError: z.string().nullable(),
  jobs: z.array(PrintJobView),
});
export type ReceiptPrintStatus = z.infer<typeof ReceiptPrintStatus>;

export const VirtualJobView = z.object({
  id: z.int(),
  receivedAt: z.string(),
  byteCount: z.int(),
  /** What the paper would show, one line per printed line. */
  text: z.string(),
  lines: z.array(z.object({ text: z.string(), align: z.enum(['left', 'center', 'right']), bold: z.boolean(), size: z.enum(['normal', 'tall', 'wide', 'large']) })),
  cuts: z.int(),
  drawerPulses: z.array(z.object({ pin: z.union([z.literal(2), z.literal(5)]), onMs: z.int(), offMs: z.int(), hex: z.string() })),
  codePage: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type VirtualJobView = z.infer<typeof VirtualJobView>;

export const VirtualJobsResult = z.object({
  active: z.boolean(),
  endpoint: z.string().nullable(),
  /** Newest first. */
  jobs: z.array(VirtualJobView),
});
