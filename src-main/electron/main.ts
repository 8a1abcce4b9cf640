// Electron main-process entry (bundled to dist/main/electron-main.cjs): hands the real electron
// module to the shell. Everything testable lives in shell.ts and its helpers.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { startShell } from './shell';

// Stack traces in the log point at the TypeScript sources (the bundle ships its source map).
process.setSourceMapsEnabled(true);

export const started = startShell({ app, BrowserWindow, dialog, ipcMain, Menu, session, shell }, { argv: process.argv, env: process.env }).catch((err: unknown) => {
  console.error('[towncounter] failed to start', err);
  app.exit(1);
  return null;
});
