// `npm run host -- …`: builds the renderer when it is missing or older than its sources, then
// starts the browser-mode host (TypeScript run through tsx).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
const built = path.join(repo, 'dist', 'renderer', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < Math.max(newestMtime(path.join(repo, 'src-renderer')), newestMtime(path.join(repo, 'src-shared')));
if (stale) {
  console.log('Building the renderer …');
  const r = spawnSync('npm', ['run', 'build:renderer', '--silent'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'src-main', 'host', 'cli.ts'), ...process.argv.slice(2)], { cwd: repo, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
