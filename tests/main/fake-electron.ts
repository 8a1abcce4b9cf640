// A small stand-in for the 'electron' module (the binary cannot run on the build machines):
// just enough of app, BrowserWindow, ipcMain, session, Menu, dialog, contextBridge and
// ipcRenderer for the shell to run against, recording what it was asked to do.
// Use with: vi.mock('electron', async () => (await import('./fake-electron')).electron)
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Mock } from 'vitest';
import { vi } from 'vitest';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export class FakeFrame {
  constructor(public url = '') {}
}

export class FakeWebContents extends EventEmitter {
  mainFrame = new FakeFrame();
  windowOpenHandler: ((details: { url: string; frameName: string; features: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: NonNullable<FakeWebContents['windowOpenHandler']>) {
    this.windowOpenHandler = handler;
  }
  /** Emits a navigation-style event the way Electron does; returns whether it was prevented. */
  attempt(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url = ''): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
  send: Mock = vi.fn();
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  visible = false;
  loadedFile: string | null = null;
  show: Mock<() => void> = vi.fn(() => {
    this.visible = true;
  });
  focus: Mock<() => void> = vi.fn();
  restore: Mock<() => void> = vi.fn(() => {
    this.minimized = false;
  });
  constructor(public options: Record<string, unknown>) {
    super();
    electron.BrowserWindow.all.push(this);
    electron.app.emit('web-contents-created', {}, this.webContents);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  loadFile(file: string) {
    this.loadedFile = file;
    this.webContents.mainFrame.url = pathToFileURL(file).href;
    this.emit('ready-to-show');
    return Promise.resolve();
  }
}

export class FakeApp extends EventEmitter {
  lockGranted = true;
  userData = '/nonexistent';
  isPackaged = false;
  requestSingleInstanceLock: Mock<() => boolean> = vi.fn(() => this.lockGranted);
  quit: Mock<() => void> = vi.fn();
  exit: Mock<(code?: number) => void> = vi.fn();
  enableSandbox: Mock<() => void> = vi.fn();
  whenReady: Mock<() => Promise<void>> = vi.fn(() => Promise.resolve());
  getAppPath = () => REPO_ROOT;
  getVersion = () => '0.1.0-test';
  getPath = (name: string) => {
    if (name !== 'userData') throw new Error(`fake app.getPath(${name})`);
    return this.userData;
  };
  reset() {
    this.removeAllListeners();
    this.lockGranted = true;
    this.userData = '/nonexistent';
    this.isPackaged = false;
  }
}

export type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string | string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
export type PermissionRequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void, details: unknown) => void;
export type PermissionCheckHandler = (wc: unknown, permission: string, origin: string, details: unknown) => boolean;

export class FakeSession {
  headersListener: HeadersListener | null = null;
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler) {
    this.permissionCheckHandler = handler;
  }
  reset() {
    this.headersListener = null;
    this.permissionRequestHandler = null;
    this.permissionCheckHandler = null;
  }
}

export type InvokeHandler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain {
  handlers = new Map<string, InvokeHandler>();
  handle: Mock<(channel: string, handler: InvokeHandler) => void> = vi.fn((channel: string, handler: InvokeHandler) => {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  });
  removeHandler: Mock<(channel: string) => void> = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
}

export interface FakeElectron {
  app: FakeApp;
  BrowserWindow: typeof FakeBrowserWindow;
  ipcMain: FakeIpcMain;
  session: { defaultSession: FakeSession };
  Menu: { buildFromTemplate: Mock<(template: unknown[]) => { template: unknown[] }>; setApplicationMenu: Mock<(menu: unknown) => void> };
  dialog: { showErrorBox: Mock<(title: string, content: string) => void> };
  shell: { openPath: Mock<(folder: string) => Promise<string>> };
  contextBridge: { exposeInMainWorld: Mock<(key: string, api: unknown) => void> };
  ipcRenderer: EventEmitter & { invoke: Mock<(channel: string, ...args: unknown[]) => Promise<unknown>> };
}

function createFakeElectron(): FakeElectron {
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    session: { defaultSession: new FakeSession() },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    dialog: { showErrorBox: vi.fn() },
    shell: { openPath: vi.fn(async () => '') },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: Object.assign(new EventEmitter(), { invoke: vi.fn() }),
  };
}

// One instance per test file, even when vi.resetModules() makes the mock factory import this
// module again: the shell under test and the test must see the same objects.
const holder = globalThis as { __towncounterFakeElectron?: FakeElectron };
export const electron: FakeElectron = (holder.__towncounterFakeElectron ??= createFakeElectron());

/** Back to a fresh state between tests (in place: the mocked module keeps these objects). */
export function resetFakeElectron(): void {
  electron.app.reset();
  electron.session.defaultSession.reset();
  electron.ipcMain.handlers.clear();
  electron.ipcRenderer.removeAllListeners();
  electron.BrowserWindow.all = [];
  vi.clearAllMocks();
}
