// `npm test` starts with scripts/preflight.mjs: on a machine without Chromium, pdftotext or the
// project's Node 22 it stops at once with one message naming each missing piece and the apt
// command, instead of failing deep in the run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/core';

const REPO = path.resolve(__dirname, '../..');
const SCRIPT = path.join(REPO, 'scripts/preflight.mjs');
const SYSTEM_NODE = '/usr/bin/node';

function run(node: string, env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const r = spawnSync(node, [SCRIPT], { cwd: REPO, env, encoding: 'utf8' });
  return { code: r.status, err: r.stderr, out: r.stdout, ms: performance.now() - started };
}

const systemNodeMajor = fs.existsSync(SYSTEM_NODE) ? Number(spawnSync(SYSTEM_NODE, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim()) : null;

describe('npm test preflight', () => {
  it('is wired in as the first step of npm test and npm run test:e2e', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toMatch(/^node scripts\/preflight\.mjs && /);
    expect(pkg.scripts['test:e2e']).toMatch(/^node scripts\/preflight\.mjs && /);
  });

  it('passes silently where everything is installed', () => {
    expect(run(process.execPath, process.env)).toMatchObject({ code: 0, err: '', out: '' });
  });

  it('names a missing Chromium and pdftotext in one message, with the apt command, in its first second', () => {
    // A PATH with only this Node on it (no pdftotext), and Chromium looked for where it is not.
    const bin = tempDir('tc-preflight-');
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const r = run(process.execPath, { PATH: bin, TOWNCOUNTER_CHROMIUM: path.join(bin, 'no-chromium') });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      [
        'npm test cannot run on this machine yet; missing:',
        `  - Chromium at ${path.join(bin, 'no-chromium')} (the end-to-end tests drive it)`,
        '  - pdftotext, from poppler-utils (the PDF tests read the PDFs back with it)',
        'On Debian or Ubuntu install them with:',
        '  sudo apt-get install -y chromium poppler-utils',
        'then run npm test again.',
        '',
      ].join('\n'),
    );
    expect(r.ms).toBeLessThan(3000);
  });

  it.skipIf(systemNodeMajor === null || systemNodeMajor >= 22)('names an old Node (the system one, before npm ci brought Node 22)', () => {
    const r = run(SYSTEM_NODE, process.env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^npm test cannot run on this machine yet; missing:\n {2}- Node\.js 22\.12 or later \(this is \d+\.\d+\.\d+\): run `npm ci` first/);
    expect(r.err).not.toContain('apt-get');
  });
});
