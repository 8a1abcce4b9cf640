// Bundles the Electron main process and the preload with esbuild:
//   src-main/electron/main.ts    -> dist/main/electron-main.cjs
//   src-main/electron/preload.ts -> dist/main/preload.cjs
//   src-main/core/conversion/worker.ts -> dist/main/conversion-worker.cjs (the conversion
//     import's worker thread, started from beside the main bundle)
// The main bundle leaves electron and the packages that need their own folder at run time
// (better-sqlite3's native binary, pdfkit's font data, the printer driver) to node_modules,
// which electron-builder ships. The preload runs in a sandboxed renderer, whose require()
// knows only 'electron': the build fails if the preload bundle would require anything else.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'main');
export const MANIFEST_FILE = path.join(root, 'dist', 'build-info', 'main-requires.json');

/** Packages the main bundle requires from node_modules instead of inlining. */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'pdfkit', 'node-thermal-printer'];

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

// In the main bundle and the worker, import.meta.url is the bundle's own file URL (a cjs
// bundle has no import.meta); the conversion jobs find their worker beside it.
const nodeBundle = {
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
};

function requiredModules(metafile) {
  const out = new Set();
  for (const output of Object.values(metafile.outputs)) for (const imp of output.imports) if (imp.external) out.add(imp.path);
  return [...out].sort();
}

export async function buildMain() {
  const started = performance.now();
  fs.rmSync(outDir, { recursive: true, force: true });
  const [main, preload, worker] = await Promise.all([
    build({ ...common, ...nodeBundle, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist/main/electron-main.cjs', external: MAIN_EXTERNALS }),
    build({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist/main/preload.cjs', external: ['electron'] }),
    build({ ...common, ...nodeBundle, entryPoints: ['src-main/core/conversion/worker.ts'], outfile: 'dist/main/conversion-worker.cjs', external: MAIN_EXTERNALS }),
  ]);
  const preloadRequires = requiredModules(preload.metafile);
  const foreign = preloadRequires.filter((m) => m !== 'electron');
  if (foreign.length) throw new Error(`the sandboxed preload may only require 'electron', but its bundle requires ${foreign.join(', ')}`);
  const mainRequires = [...new Set([...requiredModules(main.metafile), ...requiredModules(worker.metafile)])].sort();
  const manifest = { main: mainRequires, preload: preloadRequires };
  // What each bundle requires at run time, for the packaging test (not shipped).
  fs.mkdirSync(path.dirname(MANIFEST_FILE), { recursive: true });
  fs.writeFileSync(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`built dist/main (electron-main.cjs, preload.cjs, conversion-worker.cjs) in ${Math.round(performance.now() - started)} ms`);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildMain().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
