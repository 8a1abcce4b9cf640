// The desktop shell, written against the electron module it is given (main.ts passes the real
// one, tests a fake): single-instance lock, hardening, the ledger, the IPC channel, one window.
import type * as Electron from 'electron';
import type { BrowserWindow } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Core } from '../core/create-core';
import { defaultKeyFile } from '../core/drafts/keyring';
import { createBridge } from '../ipc/bridge';
import { hardenSession, hardenWebContents } from './hardening';
import { registerIpc } from './ipc';
import type { LedgerConfig, OpenLedgerOptions } from './ledger-config';
import { openConfiguredLedger, resolveLedgerConfig } from './ledger-config';
import { buildMenuTemplate } from './menu';
import { createWindowOptions } from './window-options';

export type ElectronModule = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'Menu' | 'session'> & {
  /** Opens the export folder for the supervisor (optional so tests can leave it out). */
  shell?: Pick<typeof Electron.shell, 'openPath'>;
};

export interface ShellOptions {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** dist/main/preload.cjs, next to the bundled main. */
  preloadPath?: string;
  log?: (message: string, err?: unknown) => void;
  /** Passed through to the ledger opener (tests inject a small demo generator). */
  ledger?: Pick<OpenLedgerOptions, 'createDemo' | 'demoAccounts'>;
}

export interface Shell {
  status: 'running' | 'second-instance' | 'failed';
  config: LedgerConfig | null;
  window(): BrowserWindow | null;
  core(): Core | null;
}

const defaultLog = (message: string, err?: unknown) => {
  if (err === undefined) console.log(`[towncounter] ${message}`);
  else console.error(`[towncounter] ${message}`, err);
};

export async function startShell(electron: ElectronModule, opts: ShellOptions): Promise<Shell> {
  const { app, dialog, ipcMain, Menu, session } = electron;
  const log = opts.log ?? defaultLog;
  let win: BrowserWindow | null = null;
  let core: Core | null = null;
  let config: LedgerConfig | null = null;
  const shell = (status: Shell['status']): Shell => ({ status, config, window: () => win, core: () => core });

  // A second copy would open the same ledger from a second process: hand over and leave.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return shell('second-instance');
  }
  app.enableSandbox();

  const appPath = app.getAppPath();
  const rendererFile = path.join(appPath, 'dist', 'renderer', 'index.html');
  const rendererUrl = pathToFileURL(rendererFile).href;
  const development = !app.isPackaged;

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, rendererUrl, log));
  app.on('window-all-closed', () => app.quit());
  // Quitting waits for the core to shut down (workers stopped, the ledger closed last so the file
  // alone holds it), then quits again.
  app.on('will-quit', (event) => {
    if (!core) return;
    const closing = core;
    core = null;
    event.preventDefault();
    void closing
      .shutdown()
      .catch((err: unknown) => log('shutting the ledger down failed', err))
      .finally(() => app.quit());
  });

  await app.whenReady();
  hardenSession(session.defaultSession);
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, development)));

  try {
    config = resolveLedgerConfig(opts.argv, opts.env, app.getPath('userData'));
    for (const w of config.warnings) log(w);
    log(`opening ${config.source === 'demo' ? 'the demo ledger' : 'ledger'} ${config.ledgerFile} as station ${config.station}`);
    const keyFile = defaultKeyFile(opts.env, app.getPath('userData'));
    core = await openConfiguredLedger(config, { migrationsDir: path.join(appPath, 'migrations'), appVersion: app.getVersion(), log, keyFile, openFolder: electron.shell ? (folder) => electron.shell!.openPath(folder) : undefined, ...opts.ledger });
  } catch (err) {
    log('could not open the ledger', err);
    dialog.showErrorBox('TownCounter cannot open its ledger', `${(err as Error).message ?? String(err)}\n\nNothing was changed. Check the ledger file setting (--db, TOWNCOUNTER_DB or settings.json in ${app.getPath('userData')}) or call your administrator.`);
    app.exit(1);
    return shell('failed');
  }

  const bridge = createBridge(core, { log });
  registerIpc(ipcMain, bridge, () => win, rendererUrl, log);
  // The receipt print queue: sends jobs after each commit; core.close() at will-quit stops it.
  core.printing.start();
  // The nightly export: catch-up for missed days now, then each night; core.close() stops it.
  core.exporter.start();

  const window = new electron.BrowserWindow(
    createWindowOptions({ preload: opts.preloadPath ?? path.join(__dirname, 'preload.cjs'), title: 'TownCounter', devTools: development }),
  );
  win = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    win = null;
  });
  window.webContents.on('render-process-gone', (_event, details) => log(`the renderer stopped (${details.reason})`));
  await window.loadFile(rendererFile);
  return shell('running');
}
