// The Electron shell against a stand-in 'electron' module (the binary cannot run here), over a
// real core on a real ledger: window hardening, CSP, navigation and permission refusals, the
// IPC sender check, ledger selection, single-instance behaviour and the preload's surface.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow, Session, WebContents } from 'electron';
import { createBridge } from '../../src-main/ipc/bridge';
import { INVOKE_CHANNEL } from '../../src-main/electron/channels';
import { hardenSession, hardenWebContents, isAppUrl, isTrustedSender } from '../../src-main/electron/hardening';
import { registerIpc } from '../../src-main/electron/ipc';
import { argValue, openConfiguredLedger, resolveLedgerConfig, ShellConfigError } from '../../src-main/electron/ledger-config';
import type { LedgerConfig } from '../../src-main/electron/ledger-config';
import { buildMenuTemplate } from '../../src-main/electron/menu';
import type { ElectronModule } from '../../src-main/electron/shell';
import { startShell } from '../../src-main/electron/shell';
import { CONTENT_SECURITY_POLICY, createWindowOptions, withCsp } from '../../src-main/electron/window-options';
import { makeTestCore, MIGRATIONS_DIR, tempDir, type TestCore } from '../helpers/core';
import type { InvokeHandler } from './fake-electron';
import { electron, FakeBrowserWindow, FakeFrame, FakeWebContents, REPO_ROOT, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electron);

const RENDERER_FILE = path.join(REPO_ROOT, 'dist', 'renderer', 'index.html');
const APP_URL = pathToFileURL(RENDERER_FILE).href;
const quiet = () => {};

beforeEach(() => resetFakeElectron());

function tableSnapshot(t: TestCore) {
  const db = t.core.deps.db;
  return ['users', 'sessions', 'audit_log'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
}

/** A ledger file with the demo users on it, closed again, for the shell to open. */
async function ledgerFile(dir: string): Promise<string> {
  const file = path.join(dir, 'town.sqlite');
  const t = await makeTestCore({ file });
  t.close();
  return file;
}

describe('window options and content security policy', () => {
  it('creates a sandboxed, context-isolated window with no Node in the renderer', () => {
    const o = createWindowOptions({ preload: '/app/dist/main/preload.cjs' });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(o).toMatchObject({ title: 'TownCounter', show: false });
    expect(o.width).toBeGreaterThanOrEqual(1024);
    expect(o.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('uses a self-only CSP and puts it on every response in place of any other', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    const headers = withCsp({ 'content-security-policy': ["script-src *"], 'CONTENT-Security-Policy': 'default-src *', 'Content-Type': 'text/html', 'X-Other': ['a', 'b'] });
    expect(headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'Content-Type': ['text/html'], 'X-Other': ['a', 'b'] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('hardens the session: CSP header on responses, every permission request and check refused', () => {
    const s = electron.session.defaultSession;
    hardenSession(s as unknown as Session);
    let answered: { responseHeaders?: Record<string, string[]> } | null = null;
    s.headersListener!({ url: APP_URL, responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (answered = r));
    expect(answered).toEqual({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const granted = vi.fn();
      s.permissionRequestHandler!({}, permission, granted, {});
      expect(granted).toHaveBeenCalledExactlyOnceWith(false);
      expect(s.permissionCheckHandler!({}, permission, 'file:///', {})).toBe(false);
    }
  });

  it('keeps the menu to standard roles; reload and developer tools only in development', () => {
    const roles = (items: ReturnType<typeof buildMenuTemplate>): string[] =>
      items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
    expect(roles(buildMenuTemplate('linux', false))).toEqual(['fileMenu', 'editMenu', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'windowMenu']);
    expect(roles(buildMenuTemplate('darwin', false))[0]).toBe('appMenu');
    expect(roles(buildMenuTemplate('win32', true))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });
});

describe('web contents hardening', () => {
  function hardened() {
    const contents = new FakeWebContents();
    const log = vi.fn();
    hardenWebContents(contents as unknown as WebContents, APP_URL, log);
    return { contents, log };
  }

  it('denies window.open for every URL', () => {
    const { contents, log } = hardened();
    for (const url of ['https://example.com/', APP_URL, 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(contents.windowOpenHandler!({ url, frameName: '', features: '' })).toEqual({ action: 'deny' });
    }
    expect(log).toHaveBeenCalled();
  });

  it('prevents navigation and redirects to anything but the app file, and every webview', () => {
    const { contents } = hardened();
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', `${APP_URL}/../other.html`, `${APP_URL}?x=1`, 'data:text/html,hi', 'not a url']) {
      expect(contents.attempt('will-navigate', url), url).toBe(true);
      expect(contents.attempt('will-redirect', url), url).toBe(true);
    }
    expect(contents.attempt('will-navigate', APP_URL)).toBe(false);
    expect(contents.attempt('will-navigate', `${APP_URL}#/counter`)).toBe(false);
    expect(contents.attempt('will-redirect', APP_URL)).toBe(false);
    expect(contents.attempt('will-attach-webview')).toBe(true);
  });

  it('compares app URLs by file path, ignoring only the fragment', () => {
    expect(isAppUrl(APP_URL, APP_URL)).toBe(true);
    expect(isAppUrl(`${APP_URL}#/accounts/12`, APP_URL)).toBe(true);
    expect(isAppUrl(APP_URL.replace('index.html', 'index%2Ehtml'), APP_URL)).toBe(true);
    expect(isAppUrl(APP_URL.replace('file://', 'http://localhost'), APP_URL)).toBe(false);
    expect(isAppUrl(APP_URL.replace('index.html', 'evil.html'), APP_URL)).toBe(false);
    expect(isAppUrl('', APP_URL)).toBe(false);
    expect(isAppUrl('file:///%E0%A4%A', APP_URL)).toBe(false);
  });

  it('trusts only the main frame itself, at the app URL', () => {
    const main = new FakeFrame(APP_URL);
    const asFrame = (f: FakeFrame) => f as unknown as Electron.WebFrameMain;
    expect(isTrustedSender(asFrame(main), asFrame(main), APP_URL)).toBe(true);
    expect(isTrustedSender(asFrame(new FakeFrame(APP_URL)), asFrame(main), APP_URL)).toBe(false); // an iframe at the same URL
    expect(isTrustedSender(null, asFrame(main), APP_URL)).toBe(false);
    expect(isTrustedSender(asFrame(main), null, APP_URL)).toBe(false);
    // Two wrappers for the same frame document share its token; another frame's token differs.
    const token = (f: FakeFrame, frameToken: string) => Object.assign(f, { frameToken }) as unknown as Electron.WebFrameMain;
    expect(isTrustedSender(token(new FakeFrame(APP_URL), 'A'), token(new FakeFrame(APP_URL), 'A'), APP_URL)).toBe(true);
    expect(isTrustedSender(token(new FakeFrame(APP_URL), 'B'), token(new FakeFrame(APP_URL), 'A'), APP_URL)).toBe(false);
    expect(isTrustedSender(token(new FakeFrame(APP_URL), ''), token(new FakeFrame(APP_URL), ''), APP_URL)).toBe(false);
    expect(isTrustedSender(Object.assign(new FakeFrame(APP_URL), { detached: true }) as unknown as Electron.WebFrameMain, asFrame(main), APP_URL)).toBe(false);
    const gone = { get url(): string { throw new Error('Render frame was disposed before WebFrameMain could be accessed'); } } as unknown as Electron.WebFrameMain;
    expect(isTrustedSender(gone, gone, APP_URL)).toBe(false);
    main.url = 'https://example.com/';
    expect(isTrustedSender(asFrame(main), asFrame(main), APP_URL)).toBe(false);
  });
});

describe('the IPC channel', () => {
  let t: TestCore;
  let win: FakeBrowserWindow;
  let invoke: InvokeHandler;

  beforeEach(async () => {
    t = await makeTestCore();
    win = new FakeBrowserWindow({});
    await win.loadFile(RENDERER_FILE);
    registerIpc(electron.ipcMain, t.bridge, () => win as unknown as BrowserWindow, APP_URL, quiet);
    expect([...electron.ipcMain.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    invoke = electron.ipcMain.handlers.get(INVOKE_CHANNEL)!;
  });
  afterEach(() => t.close());

  const trusted = () => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });

  it('calls the real bridge for the main window: sign-in works, an unknown method is refused', async () => {
    const signIn = (await invoke(trusted(), 'session.signIn', { username: 'cashier', secret: '1111' }, null)) as { ok: true; value: { token: string } };
    expect(signIn).toMatchObject({ ok: true, value: { user: { username: 'cashier' }, station: 'S1' } });
    expect(await invoke(trusted(), 'session.current', {}, signIn.value.token)).toMatchObject({ ok: true, value: { user: { username: 'cashier' } } });
    expect(await invoke(trusted(), 'payments.teleport', {}, signIn.value.token)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await invoke(trusted(), 'session.current', {}, 42)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke(trusted(), 'session.current', {}, undefined)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  it('refuses other windows, subframes and other pages, and changes nothing', async () => {
    const before = tableSnapshot(t);
    const other = new FakeBrowserWindow({});
    await other.loadFile(RENDERER_FILE);
    const iframe = new FakeFrame(APP_URL);
    const callers = [
      { sender: other.webContents, senderFrame: other.webContents.mainFrame }, // another window showing our page
      { sender: win.webContents, senderFrame: iframe }, // a subframe of the main window
      { sender: win.webContents, senderFrame: null }, // a frame that has gone away
      { sender: other.webContents, senderFrame: win.webContents.mainFrame }, // mismatched sender
    ];
    for (const caller of callers) {
      for (const secret of ['1111', '0000']) {
        expect(await invoke(caller, 'session.signIn', { username: 'cashier', secret }, null)).toMatchObject({ ok: false, error: { code: 'ORIGIN_REFUSED' } });
      }
    }
    win.webContents.mainFrame.url = 'https://example.com/login';
    expect(await invoke(trusted(), 'session.signIn', { username: 'cashier', secret: '1111' }, null)).toMatchObject({ ok: false, error: { code: 'ORIGIN_REFUSED' } });
    win.webContents.mainFrame.url = APP_URL;
    win.destroyed = true;
    expect(await invoke(trusted(), 'session.signIn', { username: 'cashier', secret: '1111' }, null)).toMatchObject({ ok: false, error: { code: 'ORIGIN_REFUSED' } });
    expect(tableSnapshot(t)).toEqual(before);
  });

  it('answers INTERNAL, not a throw, when the bridge itself fails; unregistering removes the channel', async () => {
    const ipc = new (electron.ipcMain.constructor as new () => typeof electron.ipcMain)();
    const log = vi.fn();
    const off = registerIpc(ipc, { invoke: () => Promise.reject(new Error('disk on fire')) }, () => win as unknown as BrowserWindow, APP_URL, log);
    expect(await ipc.handlers.get(INVOKE_CHANNEL)!(trusted(), 'ledger.status', {}, null)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(await ipc.handlers.get(INVOKE_CHANNEL)!(trusted(), 'ledger.status', {}, null))).not.toContain('disk on fire');
    expect(log).toHaveBeenCalledWith('the bridge threw', expect.any(Error));
    off();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('choosing the ledger file', () => {
  const userData = '/home/clerk/.config/TownCounter';
  const settingsAt = (content: string | null) => ({
    existsSync: (f: string) => content !== null && f === path.join(userData, 'settings.json'),
    readFileSync: () => content ?? '',
  });
  const none = settingsAt(null);

  it('prefers --db, then TOWNCOUNTER_DB, then settings.json, else the demo ledger in userData', () => {
    const settings = settingsAt(JSON.stringify({ ledgerFile: 'ledgers/town.sqlite', station: 'S2' }));
    const env = { TOWNCOUNTER_DB: '/srv/env.sqlite' };
    expect(resolveLedgerConfig(['electron', '.', '--db', 'arg.sqlite'], env, userData, settings, '/work')).toEqual<LedgerConfig>({ ledgerFile: '/work/arg.sqlite', station: 'S2', source: 'arg', warnings: [] });
    expect(resolveLedgerConfig(['electron', '.', '--db=/abs/arg.sqlite'], {}, userData, none, '/work')).toMatchObject({ ledgerFile: '/abs/arg.sqlite', source: 'arg', station: 'S1' });
    expect(resolveLedgerConfig(['towncounter'], env, userData, settings, '/work')).toMatchObject({ ledgerFile: '/srv/env.sqlite', source: 'env', station: 'S2' });
    expect(resolveLedgerConfig(['towncounter'], { TOWNCOUNTER_DB: '' }, userData, settings, '/work')).toMatchObject({ ledgerFile: path.join(userData, 'ledgers/town.sqlite'), source: 'settings' });
    expect(resolveLedgerConfig(['towncounter'], {}, userData, none, '/work')).toMatchObject({ ledgerFile: path.join(userData, 'demo-ledger.sqlite'), source: 'demo', station: 'S1' });
    expect(resolveLedgerConfig(['towncounter', '--station', 'S3'], { TOWNCOUNTER_STATION: 'S4' }, userData, settings, '/work').station).toBe('S3');
    expect(resolveLedgerConfig(['towncounter'], { TOWNCOUNTER_STATION: 'S4' }, userData, settings, '/work').station).toBe('S4');
  });

  it('refuses a broken configuration instead of falling back to the demo ledger', () => {
    expect(() => resolveLedgerConfig(['x', '--db'], {}, userData, none)).toThrow(ShellConfigError);
    expect(() => resolveLedgerConfig(['x', '--db', '--station', 'S1'], {}, userData, none)).toThrow(/--db needs a value/);
    expect(() => resolveLedgerConfig(['x', '--db='], {}, userData, none)).toThrow(/--db needs a value/);
    expect(() => resolveLedgerConfig(['x'], {}, userData, settingsAt('{"ledgerFile": '))).toThrow(/not valid JSON/);
    expect(() => resolveLedgerConfig(['x'], {}, userData, settingsAt('["a"]'))).toThrow(/JSON object/);
    expect(() => resolveLedgerConfig(['x'], {}, userData, settingsAt('{"ledgerFile": 7}'))).toThrow(/"ledgerFile" must be a non-empty string/);
    expect(() => resolveLedgerConfig(['x', '--station', 'S 1; DROP'], {}, userData, none)).toThrow(/station/);
    const typo = resolveLedgerConfig(['x'], {}, userData, settingsAt('{"ledgerfile": "/srv/town.sqlite"}'));
    expect(typo.warnings).toEqual([expect.stringContaining('unknown setting "ledgerfile"')]);
    expect(argValue(['a', '--dbx', 'y'], 'db')).toBeUndefined();
  });

  it('creates the demo ledger once (createDemoLedger makes it under a temporary name), and never creates a configured one', async () => {
    const dir = tempDir();
    const demo = resolveLedgerConfig(['x'], {}, dir);
    const createDemo = vi.fn(async (o: { file: string; migrationsDir: string }) => {
      expect(o.file).toBe(demo.ledgerFile);
      expect(fs.existsSync(demo.ledgerFile)).toBe(false);
      const made = await makeTestCore({ file: o.file });
      made.close();
      return { file: o.file, accounts: 0, seconds: 0 };
    });
    const core = await openConfiguredLedger(demo, { migrationsDir: MIGRATIONS_DIR, appVersion: 'test', createDemo });
    expect(core.deps.ledgerFile).toBe(demo.ledgerFile);
    expect(await createBridge(core).invoke('session.signIn', { username: 'clerk', secret: '2222' }, null)).toMatchObject({ ok: true });
    core.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['demo-ledger.sqlite']);
    (await openConfiguredLedger(demo, { migrationsDir: MIGRATIONS_DIR, appVersion: 'test', createDemo })).close();
    expect(createDemo).toHaveBeenCalledOnce();

    const failing = resolveLedgerConfig(['x'], {}, tempDir());
    await expect(openConfiguredLedger(failing, { migrationsDir: MIGRATIONS_DIR, appVersion: 'test', createDemo: () => Promise.reject(new Error('generator crashed')) })).rejects.toThrow('generator crashed');
    expect(fs.readdirSync(path.dirname(failing.ledgerFile))).toEqual([]);

    const missing = resolveLedgerConfig(['x', '--db', path.join(dir, 'gone.sqlite')], {}, dir);
    await expect(openConfiguredLedger(missing, { migrationsDir: MIGRATIONS_DIR, appVersion: 'test', createDemo })).rejects.toMatchObject({ code: 'LEDGER_MISSING' });
    expect(fs.existsSync(missing.ledgerFile)).toBe(false);
    expect(createDemo).toHaveBeenCalledOnce();
  });

  it('generates a real demo town on first run', async () => {
    const dir = tempDir();
    const core = await openConfiguredLedger(resolveLedgerConfig(['x'], {}, dir), { migrationsDir: MIGRATIONS_DIR, appVersion: 'test', demoAccounts: 12 });
    try {
      const accounts = core.deps.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number };
      expect(accounts.n).toBe(12);
    } finally {
      core.close();
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('creating'))).toEqual([]);
  });
});

describe('the shell', () => {
  const shellElectron = () => electron as unknown as ElectronModule;

  it('quits at once when another instance holds the lock', async () => {
    electron.app.lockGranted = false;
    const shell = await startShell(shellElectron(), { argv: ['towncounter'], env: {}, log: quiet });
    expect(shell.status).toBe('second-instance');
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.all).toEqual([]);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('boots the configured ledger, hardens everything and serves the renderer over one channel', async () => {
    const dir = tempDir();
    electron.app.userData = dir;
    const file = await ledgerFile(dir);
    const shell = await startShell(shellElectron(), { argv: ['electron', REPO_ROOT, '--db', file, '--station', 'S7'], env: {}, preloadPath: '/app/dist/main/preload.cjs', log: quiet });
    expect(shell.status).toBe('running');
    expect(shell.config).toMatchObject({ ledgerFile: file, source: 'arg', station: 'S7' });
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce();

    expect(FakeBrowserWindow.all).toHaveLength(1);
    const win = FakeBrowserWindow.all[0]!;
    expect(win.options).toEqual(createWindowOptions({ preload: '/app/dist/main/preload.cjs', title: 'TownCounter', devTools: true }));
    expect(win.loadedFile).toBe(RENDERER_FILE);
    expect(win.show).toHaveBeenCalled();

    // Hardening reached the window's contents and the session.
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com/', frameName: '', features: '' })).toEqual({ action: 'deny' });
    expect(win.webContents.attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(win.webContents.attempt('will-navigate', APP_URL)).toBe(false);
    const granted = vi.fn();
    electron.session.defaultSession.permissionRequestHandler!(win.webContents, 'media', granted, {});
    expect(granted).toHaveBeenCalledWith(false);
    expect(electron.session.defaultSession.headersListener).not.toBeNull();

    // The one channel reaches the core on the configured ledger.
    expect([...electron.ipcMain.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    const invoke = electron.ipcMain.handlers.get(INVOKE_CHANNEL)!;
    const trusted = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    expect(await invoke(trusted, 'session.signIn', { username: 'supervisor', secret: '9999' }, null)).toMatchObject({ ok: true, value: { station: 'S7' } });
    expect(await invoke(trusted, 'ledger.status', {}, null)).toMatchObject({ ok: true, value: { file: path.basename(file), appVersion: '0.1.0-test' } });
    expect(await invoke({ sender: new FakeWebContents(), senderFrame: new FakeFrame(APP_URL) }, 'ledger.status', {}, null)).toMatchObject({ ok: false, error: { code: 'ORIGIN_REFUSED' } });

    // A second launch brings this window forward.
    win.minimized = true;
    win.show.mockClear();
    electron.app.emit('second-instance', {}, ['towncounter'], REPO_ROOT);
    expect(win.restore).toHaveBeenCalledOnce();
    expect(win.show).toHaveBeenCalledOnce();
    expect(win.focus).toHaveBeenCalledOnce();

    // Quitting holds the quit until the ledger is shut down (the last connection out: no
    // write-ahead log left beside the file), then quits again.
    const core = shell.core()!;
    const quitEvent = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalledOnce();
    expect(shell.core()).toBeNull();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledOnce());
    expect(core.deps.db.open).toBe(false);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    // The second will-quit (from that quit) lets the app go.
    const again = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalledTimes(2);
  });

  it('runs on the demo ledger in userData when nothing is configured', async () => {
    const dir = tempDir();
    electron.app.userData = dir;
    const shell = await startShell(shellElectron(), { argv: ['towncounter'], env: {}, log: quiet, ledger: { demoAccounts: 5 } });
    expect(shell.status).toBe('running');
    expect(shell.config).toMatchObject({ source: 'demo', ledgerFile: path.join(dir, 'demo-ledger.sqlite') });
    expect(fs.existsSync(path.join(dir, 'demo-ledger.sqlite'))).toBe(true);
    shell.core()!.close();
  });

  it('shows an error and exits when the configured ledger cannot be opened, creating nothing', async () => {
    const dir = tempDir();
    electron.app.userData = dir;
    const missing = path.join(dir, 'typo.sqlite');
    const shell = await startShell(shellElectron(), { argv: ['towncounter'], env: { TOWNCOUNTER_DB: missing }, log: quiet });
    expect(shell.status).toBe('failed');
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('TownCounter cannot open its ledger', expect.stringContaining(missing));
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.all).toEqual([]);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('main.ts starts the shell with the real process arguments and environment', async () => {
    const dir = tempDir();
    electron.app.userData = dir;
    vi.stubEnv('TOWNCOUNTER_DB', await ledgerFile(dir));
    try {
      vi.resetModules();
      const { started } = await import('../../src-main/electron/main');
      const shell = await started;
      expect(shell?.status).toBe('running');
      expect(shell?.config?.source).toBe('env');
      expect(FakeBrowserWindow.all[0]?.options).toMatchObject({ webPreferences: { preload: expect.stringMatching(/preload\.cjs$/), sandbox: true } });
      shell?.core()?.close();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('the preload', () => {
  async function loadPreload() {
    vi.resetModules();
    await import('../../src-main/electron/preload');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, { invoke: (...a: unknown[]) => Promise<unknown>; on: (c: string, l: (...a: unknown[]) => void) => () => void }];
    expect(key).toBe('towncounter');
    return api;
  }

  it('exposes only invoke and on, and invoke forwards to the one channel', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: { healthy: true } });
    expect(await api.invoke('ledger.status', {}, 'tok-1')).toEqual({ ok: true, value: { healthy: true } });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'ledger.status', {}, 'tok-1');
    await api.invoke('session.current', { a: 1 }, undefined);
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE_CHANNEL, 'session.current', { a: 1 }, null);
  });

  it('answers bad arguments and a failed channel with envelopes, without calling main', async () => {
    const api = await loadPreload();
    for (const [method, token] of [[42, null], ['x'.repeat(65), null], ['', null], ['ledger.status', 7]] as const) {
      expect(await api.invoke(method, {}, token)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
    electron.ipcRenderer.invoke.mockRejectedValue(new Error("No handler registered for 'towncounter:invoke'"));
    expect(await api.invoke('ledger.status', {}, null)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('lets the renderer listen on allowed channels only, without the IPC event, and unsubscribe', async () => {
    const api = await loadPreload();
    const listener = vi.fn();
    const off = api.on('towncounter:event', listener);
    electron.ipcRenderer.emit('towncounter:event', { sender: 'the IpcRendererEvent' }, { type: 'printer', status: 'offline' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ type: 'printer', status: 'offline' });
    off();
    electron.ipcRenderer.emit('towncounter:event', {}, { type: 'again' });
    expect(listener).toHaveBeenCalledOnce();
    expect(electron.ipcRenderer.listenerCount('towncounter:event')).toBe(0);
    expect(() => api.on(INVOKE_CHANNEL, listener)).toThrow(/no such channel/);
    expect(() => api.on('ELECTRON_BROWSER_WINDOW_ALERT', listener)).toThrow(/no such channel/);
    expect(() => api.on('towncounter:event', 'not a function' as unknown as () => void)).toThrow(/function/);
  });
});
