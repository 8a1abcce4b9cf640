// What every web contents and the default session are allowed to do: nothing beyond showing
// the app's own renderer file. No new windows, no navigation away, no webviews, no permission
// prompts, and the CSP on every response.
import type { Session, WebContents, WebFrameMain } from 'electron';
import { withCsp } from './window-options';

/**
 * True when `url` is the app's own renderer document: the same file URL, ignoring only the
 * fragment (the renderer may route with #/…). Anything unparsable is not ours.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(url);
    b = new URL(appUrl);
  } catch {
    return false;
  }
  if (a.protocol !== 'file:' || b.protocol !== 'file:') return false;
  return a.host === b.host && a.search === b.search && safeDecode(a.pathname) === safeDecode(b.pathname);
}

function safeDecode(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/**
 * An IPC call is trusted only when it comes from the main window's main frame (not an
 * iframe, not another window) while that frame shows the app's own renderer file. Electron
 * hands out one WebFrameMain per live frame, so identity is the check; the frame token (unique
 * to a frame's current document host) covers a wrapper created twice for the same frame.
 */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url'> | null | undefined, mainFrame: WebFrameMain | null | undefined, appUrl: string): boolean {
  if (!frame || !mainFrame) return false;
  try {
    const f = frame as Partial<WebFrameMain>;
    const same = frame === mainFrame || (typeof f.frameToken === 'string' && f.frameToken !== '' && f.frameToken === mainFrame.frameToken);
    if (!same || f.detached === true) return false;
    return isAppUrl(frame.url, appUrl);
  } catch {
    return false; // a destroyed frame throws on access
  }
}

export function hardenWebContents(contents: WebContents, appUrl: string, log: (message: string) => void = () => {}): void {
  contents.setWindowOpenHandler(({ url }) => {
    log(`refused to open a window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
  const stayHome = (event: { url: string; preventDefault(): void }, what: string) => {
    if (isAppUrl(event.url, appUrl)) return;
    event.preventDefault();
    log(`refused to ${what} to ${event.url.slice(0, 200)}`);
  };
  contents.on('will-navigate', (event) => stayHome(event, 'navigate'));
  contents.on('will-redirect', (event) => stayHome(event, 'redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('refused to attach a webview');
  });
}

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
