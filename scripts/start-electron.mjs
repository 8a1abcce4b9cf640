// Starts the desktop app from the repo: runs the Electron binary that the `electron`
// devDependency provides (require('electron') returns its path, downloading it on first use)
// with the repo folder as the app, passing our arguments through (e.g. -- --db ledger.sqlite).
// Where Electron cannot be found or downloaded, says so and points at browser mode.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function noElectron(reason) {
  console.error(
    [
      '',
      `TownCounter: the Electron binary is not available (${reason}).`,
      'The desktop app cannot start on this machine. Use browser mode instead:',
      '',
      '    npm run host -- --demo',
      '',
      'and open the address it prints in Chromium. To run the desktop app, use a machine that can',
      'download Electron (or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron folder).',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

let electronPath;
try {
  electronPath = require('electron');
} catch (err) {
  noElectron(err instanceof Error ? err.message.split('\n')[0] : String(err));
}
if (typeof electronPath !== 'string' || !fs.existsSync(electronPath)) noElectron(`nothing at ${String(electronPath)}`);
if (!fs.existsSync(path.join(root, 'dist', 'main', 'electron-main.cjs'))) {
  console.error('TownCounter: dist/main/electron-main.cjs is missing; run `npm run build` first (or use `npm start`).');
  process.exit(1);
}

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // would make the binary behave as plain Node
const child = spawn(electronPath, [root, ...process.argv.slice(2)], { stdio: 'inherit', env, windowsHide: false });
child.on('error', (err) => noElectron(err.message));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) console.error(`Electron exited with ${signal}`);
  process.exit(code ?? 1);
});
