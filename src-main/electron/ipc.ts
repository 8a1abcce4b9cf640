// The single IPC entry point: one invoke channel whose handler refuses any caller that is not
// the main window's main frame showing the app's own file, then hands (method, input, token)
// to the same bridge the browser-mode host uses. It always answers with an envelope.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import type { Envelope } from '../../src-shared/ipc/envelope';
import { fail } from '../../src-shared/ipc/envelope';
import type { Bridge } from '../ipc/bridge';
import { INVOKE_CHANNEL } from './channels';
import { isTrustedSender } from './hardening';

export type Log = (message: string, err?: unknown) => void;

function senderFrameOf(event: IpcMainInvokeEvent): WebFrameMain | null {
  try {
    return event.senderFrame;
  } catch {
    return null;
  }
}

export function createInvokeHandler(bridge: Bridge, getWindow: () => BrowserWindow | null, appUrl: string, log: Log = () => {}) {
  return async (event: IpcMainInvokeEvent, method: unknown, input: unknown, token: unknown): Promise<Envelope<unknown>> => {
    const win = getWindow();
    const trusted =
      win !== null && !win.isDestroyed() && event.sender === win.webContents && isTrustedSender(senderFrameOf(event), win.webContents.mainFrame, appUrl);
    if (!trusted) {
      log(`refused an IPC call (${typeof method === 'string' ? method.slice(0, 64) : typeof method}) from an untrusted sender`);
      return fail('ORIGIN_REFUSED', 'This window may not call TownCounter.');
    }
    if (token !== null && token !== undefined && typeof token !== 'string') return fail('BAD_INPUT', 'The session token must be a string or null.');
    try {
      return await bridge.invoke(typeof method === 'string' ? method : String(method), input, token ?? null);
    } catch (err) {
      log('the bridge threw', err);
      return fail('INTERNAL', 'Something went wrong; the problem was logged.');
    }
  };
}

/** Registers the invoke channel; returns a function that removes it again. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, bridge: Bridge, getWindow: () => BrowserWindow | null, appUrl: string, log: Log = () => {}): () => void {
  ipcMain.handle(INVOKE_CHANNEL, createInvokeHandler(bridge, getWindow, appUrl, log));
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}
