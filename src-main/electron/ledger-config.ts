// Which ledger file the desktop app opens, and opening it. In order: `--db PATH`, the
// TOWNCOUNTER_DB environment variable, `ledgerFile` in <userData>/settings.json; with none of
// them the app runs on a demo ledger in userData, generated on first run. A configured ledger
// that is missing or broken is an error, never silently replaced by a fresh one.
import nodeFs from 'node:fs';
import path from 'node:path';
import { bootLedger } from '../boot';
import type { Core } from '../core/create-core';
import { createDemoLedger } from '../demo/demo-ledger';

export const SETTINGS_FILE_NAME = 'settings.json';
export const DEMO_LEDGER_FILE_NAME = 'demo-ledger.sqlite';
const STATION_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;
const KNOWN_SETTINGS = new Set(['ledgerFile', 'station']);

export type LedgerSource = 'arg' | 'env' | 'settings' | 'demo';

export interface LedgerConfig {
  ledgerFile: string;
  station: string;
  source: LedgerSource;
  /** Things worth logging that do not stop the app (unknown keys in settings.json). */
  warnings: string[];
}

export class ShellConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellConfigError';
  }
}

export interface ConfigFs {
  existsSync(file: string): boolean;
  readFileSync(file: string, encoding: 'utf8'): string;
}

/** The value of `--name VALUE` or `--name=VALUE`; undefined when absent. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  const flag = `--${name}`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith(`${flag}=`)) return nonEmpty(a.slice(flag.length + 1), flag);
    if (a === flag) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ShellConfigError(`${flag} needs a value`);
      return nonEmpty(next, flag);
    }
  }
  return undefined;
}

function nonEmpty(value: string, flag: string): string {
  if (value.trim() === '') throw new ShellConfigError(`${flag} needs a value`);
  return value;
}

interface SettingsFile {
  ledgerFile?: string;
  station?: string;
}

function readSettingsFile(file: string, fs: ConfigFs, warnings: string[]): SettingsFile {
  if (!fs.existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ShellConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ShellConfigError(`${file} must hold a JSON object like {"ledgerFile": "…", "station": "S1"}`);
  const obj = parsed as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!KNOWN_SETTINGS.has(key)) warnings.push(`${file}: unknown setting "${key}" ignored`);
  const out: SettingsFile = {};
  for (const key of ['ledgerFile', 'station'] as const) {
    const v = obj[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || v.trim() === '') throw new ShellConfigError(`${file}: "${key}" must be a non-empty string`);
    out[key] = v;
  }
  return out;
}

export function resolveLedgerConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  userDataDir: string,
  fs: ConfigFs = nodeFs,
  cwd: string = process.cwd(),
): LedgerConfig {
  const warnings: string[] = [];
  const settingsFile = path.join(userDataDir, SETTINGS_FILE_NAME);
  const settings = readSettingsFile(settingsFile, fs, warnings);

  const station = argValue(argv, 'station') ?? (env.TOWNCOUNTER_STATION || undefined) ?? settings.station ?? 'S1';
  if (!STATION_RE.test(station)) throw new ShellConfigError(`station "${station}" must be 1–16 letters, digits, "-" or "_"`);

  const fromArg = argValue(argv, 'db');
  if (fromArg !== undefined) return { ledgerFile: path.resolve(cwd, fromArg), station, source: 'arg', warnings };
  const fromEnv = env.TOWNCOUNTER_DB;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { ledgerFile: path.resolve(cwd, fromEnv), station, source: 'env', warnings };
  // A relative path in settings.json is relative to the folder the file sits in.
  if (settings.ledgerFile !== undefined) return { ledgerFile: path.resolve(userDataDir, settings.ledgerFile), station, source: 'settings', warnings };
  return { ledgerFile: path.join(userDataDir, DEMO_LEDGER_FILE_NAME), station, source: 'demo', warnings };
}

export interface OpenLedgerOptions {
  migrationsDir: string;
  appVersion: string;
  log?: (message: string, err?: unknown) => void;
  /** Injected in tests; the real one generates a town. */
  createDemo?: typeof createDemoLedger;
  demoAccounts?: number;
  /** The bank-account key file (outside the ledger). */
  keyFile?: string;
  openFolder?: (folder: string) => Promise<string>;
}

/**
 * Opens the configured ledger. Only the demo ledger is ever created, and it is generated
 * under a temporary name and renamed into place, so an interrupted first run leaves no
 * half-made ledger behind to be opened next time.
 */
export async function openConfiguredLedger(config: LedgerConfig, opts: OpenLedgerOptions): Promise<Core> {
  const log = opts.log ?? (() => {});
  if (config.source === 'demo' && !nodeFs.existsSync(config.ledgerFile)) {
    log(`creating the demo ledger at ${config.ledgerFile}`);
    // createDemoLedger generates under a temporary name and renames it into place when complete.
    await (opts.createDemo ?? createDemoLedger)({
      file: config.ledgerFile,
      migrationsDir: opts.migrationsDir,
      accounts: opts.demoAccounts,
      onProgress: (m) => log(`demo ledger: ${m}`),
      keyFile: opts.keyFile,
    });
  }
  // One interactive app per ledger: browser mode or another desktop app on this file is refused, naming it.
  return bootLedger({ file: config.ledgerFile, migrationsDir: opts.migrationsDir, station: config.station, appVersion: opts.appVersion, log: opts.log, keyFile: opts.keyFile, openFolder: opts.openFolder, claim: 'desktop app' });
}
