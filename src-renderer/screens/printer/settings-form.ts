// The Printer settings form as text fields, and back: parsed into PrinterSettings and checked
// with the contract's own schema (the same rules the core applies), with each problem put on
// the field it belongs to; and the patch to send (only what changed).
import type { PrinterSettings, PrinterSettingsPatch } from '../../../src-shared/ipc/printer-schemas';
import { DEFAULT_COLUMNS, PrinterSettings as PrinterSettingsSchema } from '../../../src-shared/ipc/printer-schemas';

export interface Draft {
  kind: PrinterSettings['kind'];
  host: string;
  port: string;
  devicePath: string;
  paperWidthMm: '58' | '80';
  columns: string;
  codePage: PrinterSettings['codePage'];
  /** headerLines null: the town's name, address and phone. */
  townHeader: boolean;
  headerLines: string;
  footerLines: string;
  showAllocations: boolean;
  statusCheck: boolean;
  timeoutMs: string;
  bytesPerSecond: string;
  drawerMode: PrinterSettings['drawer']['mode'];
  drawerPin: '2' | '5';
  drawerOnMs: string;
  drawerOffMs: string;
  drawerDevicePath: string;
  drawerOpenLevel: PrinterSettings['drawer']['openLevel'];
  drawerRealtimePulse: boolean;
}

/** Field keys: a top-level setting's name, or drawer.<name>. */
export type FieldErrors = Partial<Record<string, string>>;

export function toDraft(s: PrinterSettings, effectiveHeader: readonly string[]): Draft {
  return {
    kind: s.kind,
    host: s.host,
    port: String(s.port),
    devicePath: s.devicePath,
    paperWidthMm: s.paperWidthMm === 58 ? '58' : '80',
    columns: String(s.columns),
    codePage: s.codePage,
    townHeader: s.headerLines === null,
    headerLines: (s.headerLines ?? effectiveHeader).join('\n'),
    footerLines: s.footerLines.join('\n'),
    showAllocations: s.showAllocations,
    statusCheck: s.statusCheck,
    timeoutMs: String(s.timeoutMs),
    bytesPerSecond: String(s.bytesPerSecond),
    drawerMode: s.drawer.mode,
    drawerPin: s.drawer.pin === 5 ? '5' : '2',
    drawerOnMs: String(s.drawer.onMs),
    drawerOffMs: String(s.drawer.offMs),
    drawerDevicePath: s.drawer.devicePath,
    drawerOpenLevel: s.drawer.openLevel,
    drawerRealtimePulse: s.drawer.realtimePulse,
  };
}

/** Paper width changed: columns follow when they were the old paper's default. */
export function withPaperWidth(d: Draft, width: '58' | '80'): Draft {
  const oldDefault = String(DEFAULT_COLUMNS[d.paperWidthMm === '58' ? 58 : 80]);
  return { ...d, paperWidthMm: width, columns: d.columns.trim() === oldDefault || d.columns.trim() === '' ? String(DEFAULT_COLUMNS[width === '58' ? 58 : 80]) : d.columns };
}

const RANGES: Record<string, string> = {
  port: 'Enter a port from 1 to 65535 (usually 9100).',
  columns: 'Enter 24 to 64 characters per line (32 for most 58 mm printers, 48 for 80 mm).',
  timeoutMs: 'Enter a time limit from 100 to 10000 ms.',
  bytesPerSecond: 'Enter a printing speed from 100 to 1000000 bytes per second.',
  'drawer.onMs': 'Enter a pulse ON time from 2 to 510 ms.',
  'drawer.offMs': 'Enter a pulse OFF time from 2 to 510 ms.',
};

function lines(text: string): string[] {
  const out = text.split(/\r?\n/).map((l) => l.replace(/\s+$/, ''));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function sentence(m: string): string {
  const t = m.trim();
  return t ? `${t[0]?.toUpperCase() ?? ''}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : 'Check this value.';
}

export function fromDraft(d: Draft): { settings: PrinterSettings | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const int = (key: string, text: string): number => {
    const t = text.trim();
    if (!/^\d{1,7}$/.test(t)) {
      errors[key] = RANGES[key] ?? 'Enter a whole number.';
      return 0;
    }
    return Number(t);
  };
  const candidate = {
    kind: d.kind,
    host: d.host.trim(),
    port: int('port', d.port),
    devicePath: d.devicePath.trim(),
    paperWidthMm: d.paperWidthMm === '58' ? 58 : 80,
    columns: int('columns', d.columns),
    codePage: d.codePage,
    headerLines: d.townHeader ? null : lines(d.headerLines),
    footerLines: lines(d.footerLines),
    showAllocations: d.showAllocations,
    statusCheck: d.statusCheck,
    timeoutMs: int('timeoutMs', d.timeoutMs),
    bytesPerSecond: int('bytesPerSecond', d.bytesPerSecond),
    drawer: {
      mode: d.drawerMode,
      pin: d.drawerPin === '5' ? 5 : 2,
      onMs: int('drawer.onMs', d.drawerOnMs),
      offMs: int('drawer.offMs', d.drawerOffMs),
      devicePath: d.drawerDevicePath.trim(),
      openLevel: d.drawerOpenLevel,
      realtimePulse: d.drawerRealtimePulse,
    },
  };
  const parsed = PrinterSettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      const key = path[0] === 'drawer' ? `drawer.${path[1] ?? ''}` : (path[0] ?? '');
      if (errors[key]) continue;
      if (key === 'headerLines' || key === 'footerLines') {
        const line = path[1] === undefined ? null : Number(path[1]) + 1;
        errors[key] = line === null ? 'Use at most 6 lines.' : `Line ${line} is longer than 64 characters.`;
      } else if (issue.code === 'custom') errors[key] = sentence(issue.message);
      else if (key === 'host') errors[key] = 'Enter a host name or IP address (letters, digits, dots, colons, - and _).';
      else errors[key] = RANGES[key] ?? sentence(issue.message);
    }
  }
  return Object.keys(errors).length === 0 && parsed.success ? { settings: parsed.data, errors } : { settings: null, errors };
}

/** What changed, as the patch 'printer.updateSettings' takes; null when nothing did. */
export function settingsPatch(before: PrinterSettings, next: PrinterSettings): PrinterSettingsPatch | null {
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(next) as Array<keyof PrinterSettings>) {
    if (k === 'drawer') continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(next[k])) patch[k] = next[k];
  }
  const drawer: Record<string, unknown> = {};
  for (const k of Object.keys(next.drawer) as Array<keyof PrinterSettings['drawer']>) {
    if (before.drawer[k] !== next.drawer[k]) drawer[k] = next.drawer[k];
  }
  if (Object.keys(drawer).length > 0) patch.drawer = drawer;
  // The core picks the paper's default columns when the width changes alone: say what the form says.
  if ('paperWidthMm' in patch) patch.columns = next.columns;
  return Object.keys(patch).length > 0 ? patch : null;
}

/** The form's field id for a setting key. */
export function fieldDomId(key: string): string {
  return `printer-${key.replace('.', '-')}`;
}
