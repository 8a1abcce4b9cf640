// `npm run host -- [--db PATH] [--port N] [--demo] [--station S1] [--accounts N] [--today D]`:
// browser mode. Opens (never silently creates) the ledger, or the demo ledger with --demo
// (generated on first use), and serves the renderer and the IPC contract on 127.0.0.1.
// `--today YYYY-MM-DD` (a demo ledger only; a real one refuses it) runs the core's clock on
// that date in the town's zone, for training and acceptance (demo-today.ts).
// `--virtual-printer` (on by default with the demo ledger; `--no-virtual-printer` turns it off)
// starts a loopback ESC/POS receiver and prints this run's receipts there; `--virtual-printer-port`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootLedger } from '../boot';
import { defaultKeyFile } from '../core/drafts/keyring';
import { addMissingDemoUsers, createDemoLedger, describeDemoUsers } from '../demo/demo-ledger';
import { startVirtualPrinter } from '../devices/virtual-printer';
import { readSettings } from '../core/settings';
import { createBridge } from '../ipc/bridge';
import { applyDemoToday, shiftableClock } from './demo-today';
import { startHost } from './server';

const repo = path.resolve(import.meta.dirname, '../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '5174' },
      demo: { type: 'boolean', default: false },
      station: { type: 'string', default: 'S1' },
      accounts: { type: 'string', default: '5000' },
      'virtual-printer': { type: 'boolean' },
      'virtual-printer-port': { type: 'string', default: '0' },
      today: { type: 'string' },
    },
    allowNegative: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const migrationsDir = path.join(repo, 'migrations');
  let file = values.db;
  if (!file || values.demo) {
    file = values.db ?? path.join(repo, 'data', 'demo-ledger.sqlite');
    if (!fs.existsSync(file)) {
      console.log(`Creating the demo ledger at ${file} …`);
      const r = await createDemoLedger({ file, migrationsDir, accounts: Number(values.accounts), onProgress: (m) => console.log(`  ${m}`), keyFile: defaultKeyFile(process.env, path.dirname(path.resolve(file))) });
      console.log(`Demo ledger ready: ${r.accounts} accounts in ${r.seconds.toFixed(1)} s`);
      if (r.readings) console.log(`Meter readings to import (cycle ${r.readings.cycle}, ${r.readings.period}): ${r.readings.file}`);
    }
  }
  // Bank account numbers are encrypted with a key file outside the ledger (TOWNCOUNTER_KEY_FILE, else next to it).
  const clock = shiftableClock();
  // One interactive app per ledger: a second host (or the desktop app) on this file is refused
  // with a message naming the first. The integrity check runs on a worker thread meanwhile.
  const core = await bootLedger({
    file,
    migrationsDir,
    station: values.station,
    appVersion: process.env.npm_package_version ?? '0.0.0',
    keyFile: defaultKeyFile(process.env, path.dirname(path.resolve(file))),
    clock,
    claim: 'browser mode',
    sqliteModule: createRequire(import.meta.url).resolve('better-sqlite3'),
    log: (m, e) => (e === undefined ? console.log(m) : console.error(m, e)),
  });
  if (values.today !== undefined) {
    try {
      applyDemoToday(core.deps.db, clock, values.today, readSettings(core.deps.db).timeZone, file);
    } catch (err) {
      core.close();
      throw err;
    }
    console.log(`Demo date: ${values.today} in the town's time zone (${readSettings(core.deps.db).timeZone}); the time of day is the real one.`);
  }
  if (!core.isHealthy()) console.error(`WARNING: posting is stopped:\n  ${core.healthProblems().join('\n  ')}`);
  else if (values.demo || !values.db) {
    const added = addMissingDemoUsers(core.deps.db, new Date().toISOString());
    if (added.length > 0) console.log(`Added demo users to this older demo ledger: ${added.join(', ')}`);
  }
  void core.whenChecked().then(() => {
    if (!core.isHealthy()) console.error(`WARNING: the ledger failed its start-up check; posting is stopped:\n  ${core.healthProblems().join('\n  ')}`);
  });
  const warnings = core.warnings();
  if (warnings.length > 0) console.error(`WARNING: an administrator must fix:\n  ${warnings.join('\n  ')}`);
  const vpPort = Number(values['virtual-printer-port']);
  if (!Number.isInteger(vpPort) || vpPort < 0 || vpPort > 65535) throw new Error(`--virtual-printer-port must be 0-65535, got ${values['virtual-printer-port']}`);
  const printer = (values['virtual-printer'] ?? (values.demo || !values.db)) ? await startVirtualPrinter({ port: vpPort }) : null;
  if (printer) core.printing.attachVirtualPrinter(printer);
  core.printing.start();
  // The nightly export: catch-up now, then at the configured time.
  core.exporter.start();
  const host = await startHost({ bridge: createBridge(core), rendererDir: path.join(repo, 'dist', 'renderer'), port });
  console.log(`TownCounter (browser mode) on ${host.url}\nLedger: ${file}\nStation: ${values.station}`);
  if (printer) console.log(`Virtual receipt printer: tcp 127.0.0.1:${printer.port} (this run prints there; the app shows each receipt as text)`);
  if (values.demo || !values.db) console.log(`Demo users:\n${describeDemoUsers()}`);
  const stop = () => {
    void host
      .close()
      .then(() => core.shutdown())
      .then(() => printer?.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
