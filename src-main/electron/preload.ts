// The preload (bundled to dist/main/preload.cjs, runs in the sandboxed renderer): exposes
// exactly `window.towncounter = { invoke, on }`. The renderer never sees ipcRenderer or an
// IpcRendererEvent; arguments are type-checked here, and again in main.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer } from 'electron';
import type { Envelope } from '../../src-shared/ipc/envelope';
import { fail } from '../../src-shared/ipc/envelope';
import { EVENT_CHANNELS, INVOKE_CHANNEL, MAX_METHOD_LENGTH } from './channels';

export interface TowncounterApi {
  invoke(method: string, input: unknown, token: string | null): Promise<Envelope<unknown>>;
  on(channel: string, listener: (...args: unknown[]) => void): () => void;
}

export function createTowncounterApi(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): TowncounterApi {
  return Object.freeze({
    invoke(method: string, input: unknown, token: string | null): Promise<Envelope<unknown>> {
      if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) return Promise.resolve(fail('BAD_INPUT', 'The method name must be a short string.'));
      if (token !== null && token !== undefined && typeof token !== 'string') return Promise.resolve(fail('BAD_INPUT', 'The session token must be a string or null.'));
      return (ipc.invoke(INVOKE_CHANNEL, method, input, token ?? null) as Promise<Envelope<unknown>>).catch(() => fail('INTERNAL', 'The application did not answer; try again or restart it.'));
    },
    on(channel: string, listener: (...args: unknown[]) => void): () => void {
      if (typeof channel !== 'string' || !EVENT_CHANNELS.includes(channel)) throw new Error(`towncounter.on: no such channel ${String(channel).slice(0, 64)}`);
      if (typeof listener !== 'function') throw new Error('towncounter.on: the listener must be a function');
      const forward = (_event: IpcRendererEvent, ...args: unknown[]) => listener(...args);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    },
  });
}

contextBridge.exposeInMainWorld('towncounter', createTowncounterApi(ipcRenderer));
