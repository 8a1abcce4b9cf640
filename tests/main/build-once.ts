// Makes sure dist/ holds a build of the main process and the renderer, building with the
// project's own scripts when it does not (`npm test` builds first, so usually this is a check).
// Test files run in parallel workers, so building is serialised with a lock directory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const MAIN_BUNDLE = path.join(ROOT, 'dist', 'main', 'electron-main.cjs');
export const PRELOAD_BUNDLE = path.join(ROOT, 'dist', 'main', 'preload.cjs');
export const CONVERSION_WORKER_BUNDLE = path.join(ROOT, 'dist', 'main', 'conversion-worker.cjs');
export const REQUIRES_MANIFEST = path.join(ROOT, 'dist', 'build-info', 'main-requires.json');
export const RENDERER_INDEX = path.join(ROOT, 'dist', 'renderer', 'index.html');

const LOCK = path.join(ROOT, 'dist', '.test-build-lock');

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(fn: () => T): T {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() > deadline) throw new Error(`${LOCK} held for two minutes; remove it if no test run is building`);
      sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds what is missing; returns which parts were built. */
export function ensureBuilt(): { main: boolean; renderer: boolean } {
  return withLock(() => {
    const built = { main: false, renderer: false };
    const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    if (![MAIN_BUNDLE, PRELOAD_BUNDLE, CONVERSION_WORKER_BUNDLE, REQUIRES_MANIFEST].every((f) => fs.existsSync(f))) {
      run(['scripts/build-main.mjs']);
      built.main = true;
    }
    if (!fs.existsSync(RENDERER_INDEX)) {
      run([path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.config.ts', '--logLevel', 'warn']);
      built.renderer = true;
    }
    return built;
  });
}
