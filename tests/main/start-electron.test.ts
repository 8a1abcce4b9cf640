// scripts/start-electron.mjs with a stand-in Electron binary (ELECTRON_OVERRIDE_DIST_PATH makes
// the electron package return it without downloading): it runs the binary on the repo with our
// arguments and its exit code, and without a binary it explains how to use browser mode.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ROOT } from './build-once';
import { tempDir } from '../helpers/core';

const SCRIPT = path.join(ROOT, 'scripts', 'start-electron.mjs');
const offline = { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9' };

function start(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, env: { ...process.env, ...offline, ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('npm start (scripts/start-electron.mjs)', () => {
  beforeAll(() => {
    ensureBuilt();
  }, 180_000);

  it('runs Electron on the repo with the arguments passed through, and exits with its code', () => {
    const dist = tempDir('tc-electron-');
    const record = path.join(dist, 'record.json');
    fs.writeFileSync(
      path.join(dist, 'electron'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${record}.args"\necho "run-as-node=\${ELECTRON_RUN_AS_NODE:-unset}" > "${record}.env"\nexit 3\n`,
      { mode: 0o755 },
    );
    const r = start(['--db', '/srv/town ledger.sqlite', '--station', 'S2'], { ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: '1' });
    expect(r.status, r.stderr).toBe(3);
    expect(fs.readFileSync(`${record}.args`, 'utf8').trim().split('\n')).toEqual([ROOT, '--db', '/srv/town ledger.sqlite', '--station', 'S2']);
    expect(fs.readFileSync(`${record}.env`, 'utf8').trim()).toBe('run-as-node=unset');
  });

  it('without an Electron binary, exits non-zero and points at browser mode', () => {
    const r = start([], { ELECTRON_OVERRIDE_DIST_PATH: tempDir('tc-no-electron-') });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Electron binary is not available');
    expect(r.stderr).toContain('npm run host -- --demo');
  });
});
