// electron-builder.yml against electron-builder's own schema, and a real packaging run: the
// Linux unpacked app built with a stand-in Electron binary (no download), whose app.asar must
// hold the bundles, the renderer and the migrations, and whose app.asar.unpacked must hold this
// platform's better-sqlite3 binary and nothing the app does not need.
import { extractFile, listPackage } from '@electron/asar';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { ensureBuilt, MAIN_BUNDLE, PRELOAD_BUNDLE, REQUIRES_MANIFEST, ROOT } from './build-once';
import { makeTestCore, tempDir } from '../helpers/core';

const CONFIG_FILE = path.join(ROOT, 'electron-builder.yml');
const readConfig = () => yaml.load(fs.readFileSync(CONFIG_FILE, 'utf8')) as Record<string, unknown> & { files: string[]; linux: { files: string[] }; win: { files: string[] }; mac: { files: string[] } };
const electronVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

describe('electron-builder.yml', () => {
  it("validates against electron-builder's JSON schema", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toContain('draft-07');
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const config = readConfig();
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema is not vacuous: a misspelt key is caught.
    expect(validate({ ...config, npmRebuilt: false })).toBe(false);
  });

  it('rebuilds nothing, pins the Electron version and never lists only exclusions under a platform', () => {
    const config = readConfig();
    expect(config).toMatchObject({ appId: 'gov.town.towncounter', productName: 'TownCounter', npmRebuild: false, directories: { output: 'release' }, electronVersion });
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**', 'dist/renderer/**', 'migrations/**', 'package.json']));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/electron-main.cjs');
    for (const platform of ['linux', 'win', 'mac'] as const) {
      const files = config[platform].files;
      expect(files.some((p) => !p.startsWith('!')), `${platform}.files needs an inclusion`).toBe(true);
    }
  });
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('packaging', () => {
  beforeAll(() => {
    ensureBuilt();
  }, 180_000);

  it('bundles a preload that requires only electron, and a main that requires only shipped packages', () => {
    const manifest = JSON.parse(fs.readFileSync(REQUIRES_MANIFEST, 'utf8')) as { main: string[]; preload: string[] };
    expect(manifest.preload).toEqual(['electron']);
    const requires = [...fs.readFileSync(PRELOAD_BUNDLE, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(manifest.main).toContain('electron');
    expect(manifest.main).toContain('better-sqlite3');
    expect(fs.readFileSync(MAIN_BUNDLE, 'utf8')).toContain('towncounter:invoke');
  });

  it('boots the bundled main process in Node with a stand-in Electron runtime and serves IPC', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'town.sqlite');
    (await makeTestCore({ file })).close();
    const { code, output } = await run(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', '--import', path.join(__dirname, 'fixtures', 'electron-runtime-stub.ts'), MAIN_BUNDLE, '--db', file, '--station', 'S4'],
      { ...process.env, TC_APP_PATH: ROOT, TC_USER_DATA: dir },
    );
    expect(code, output).toBe(0);
    const line = output.split('\n').find((l) => l.startsWith('TC-REPORT '));
    expect(line, output).toBeDefined();
    const report = JSON.parse(line!.slice('TC-REPORT '.length)) as { windows: Array<{ webPreferences: Record<string, unknown> }>; loaded: string; channels: string[]; calls: Record<string, unknown>; errors: string[]; menu: boolean; sandbox: boolean };
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ loaded: path.join(ROOT, 'dist', 'renderer', 'index.html'), channels: ['towncounter:invoke'], menu: true, sandbox: true });
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]!.webPreferences).toMatchObject({ preload: PRELOAD_BUNDLE, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(report.calls).toMatchObject({
      status: { ok: true, value: { file: path.basename(file), station: 'S4', healthy: true } },
      signIn: { ok: true, value: { user: { username: 'cashier' }, station: 'S4' } },
      foreign: { ok: false, error: { code: 'ORIGIN_REFUSED' } },
    });
    // The user-data folder is the ledger's here: the PIN pepper is made there (beside where the key file goes); nothing else is left.
    expect(fs.readdirSync(dir).sort()).toEqual(['town.sqlite', 'towncounter.pepper']);
  });

  it('packs the Linux app: bundles, renderer and migrations in app.asar, the native binary unpacked', async () => {
    const work = tempDir('tc-pack-');
    const electronDist = path.join(work, 'electron-dist');
    const out = path.join(work, 'out');
    fs.mkdirSync(electronDist);
    // electron-builder copies this folder as the Electron runtime and renames `electron`.
    fs.writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for Electron $*"\n', { mode: 0o755 });
    fs.writeFileSync(path.join(electronDist, 'LICENSE'), 'stand-in\n');

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CSC_IDENTITY_AUTO_DISCOVERY: 'false',
      ELECTRON_BUILDER_CACHE: path.join(work, 'cache'),
      // Any download attempt fails fast instead of reaching the network.
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      http_proxy: 'http://127.0.0.1:9',
      https_proxy: 'http://127.0.0.1:9',
      NO_PROXY: '',
      no_proxy: '',
    };
    const started = performance.now();
    const { code, output } = await run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js'),
        '--linux',
        '--dir',
        '--publish',
        'never',
        `-c.electronDist=${electronDist}`,
        `-c.electronVersion=${electronVersion}`,
        `-c.directories.output=${out}`,
      ],
      env,
    );
    const seconds = (performance.now() - started) / 1000;
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/download/i);

    const appDir = path.join(out, 'linux-unpacked');
    const asar = path.join(appDir, 'resources', 'app.asar');
    expect(fs.statSync(path.join(appDir, 'towncounter')).mode & 0o111).not.toBe(0);
    const entries = new Set(listPackage(asar, { isPack: false }).map((e) => e.split(path.sep).join('/')));
    for (const f of ['/dist/main/electron-main.cjs', '/dist/main/preload.cjs', '/dist/main/conversion-worker.cjs', '/dist/renderer/index.html', '/migrations/0001_foundation.sql', '/package.json', '/node_modules/better-sqlite3/lib/index.js']) {
      expect(entries, f).toContain(f);
    }
    expect(extractFile(asar, 'dist/main/electron-main.cjs').equals(fs.readFileSync(MAIN_BUNDLE))).toBe(true);
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string; devDependencies?: unknown };
    expect(pkg.main).toBe('dist/main/electron-main.cjs');
    expect(pkg.devDependencies).toBeUndefined();

    // Only what runs: no sources, tests, dev tools, compile-only files or other platforms' binaries.
    const unwanted = [...entries].filter((e) =>
      /^\/(src-main|src-renderer|src-shared|tests|scripts|bench|build|release)(\/|$)|^\/node_modules\/(\.bin|electron|electron-builder|vitest|typescript|vite|node|react|react-dom|zod|node-addon-api)(\/|$)|^\/node_modules\/better-sqlite3\/(src|deps|build|binding\.gyp)/.test(e),
    );
    expect(unwanted).toEqual([]);
    const nodeBinaries = [...entries].filter((e) => e.endsWith('.node'));
    expect(nodeBinaries).toEqual([`/node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`]);
    const unpackedBinary = path.join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', `linux-${process.arch}.node`);
    expect(fs.readFileSync(unpackedBinary).equals(fs.readFileSync(path.join(ROOT, 'node_modules', 'better-sqlite3', 'prebuilds', `linux-${process.arch}.node`)))).toBe(true);

    // Every package the main bundle leaves to require() at run time is in the archive.
    const manifest = JSON.parse(fs.readFileSync(REQUIRES_MANIFEST, 'utf8')) as { main: string[] };
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const dep of manifest.main.filter((m) => m !== 'electron' && !builtins.has(m))) {
      const name = dep.startsWith('@') ? dep.split('/').slice(0, 2).join('/') : dep.split('/')[0]!;
      expect(entries, `${dep} is required by the main bundle`).toContain(`/node_modules/${name}/package.json`);
    }
    console.log(`electron-builder --linux --dir took ${seconds.toFixed(1)} s`);
    fs.rmSync(work, { recursive: true, force: true });
  }, 120_000);
});
