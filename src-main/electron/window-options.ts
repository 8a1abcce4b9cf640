// The main window's options and the Content-Security-Policy: pure data, so the hardening is
// reviewed and tested in one place.
import type { BrowserWindowConstructorOptions } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/main/preload.cjs). */
  preload: string;
  title?: string;
  width?: number;
  height?: number;
  backgroundColor?: string;
  /** Developer tools: on in development, off in a packaged build. */
  devTools?: boolean;
}

export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: input.title ?? 'TownCounter',
    width: input.width ?? 1280,
    height: input.height ?? 800,
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: input.backgroundColor ?? '#f5f6f8',
    // Shown on 'ready-to-show' so the cashier never sees a blank white frame.
    show: false,
    webPreferences: {
      preload: input.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools ?? false,
    },
  };
}

/**
 * Response headers with our CSP in place of any the response carried (header names are
 * case-insensitive, so every spelling of Content-Security-Policy is dropped first).
 */
export function withCsp(headers: Record<string, string | string[]> | undefined, csp = CONTENT_SECURITY_POLICY): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
