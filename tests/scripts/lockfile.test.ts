// `npm install` on a fresh clone must leave package-lock.json byte-identical. It rewrote it
// because the lockfile lacked `hasInstallScript: true` on better-sqlite3, which npm derives from
// the installed package (an install script, or a binding.gyp with none). This checks every
// installed package against its lock entry, the root entry against package.json, and that the
// project's .npmrc keeps registry URLs out of the lock on every machine.
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

interface LockEntry {
  version?: string;
  hasInstallScript?: boolean;
  resolved?: string;
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string>;
}

const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as LockEntry;

describe('package-lock.json as npm install writes it', () => {
  it('marks exactly the installed packages that have an install script', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (key === '') continue;
      const manifest = path.join(REPO, key, 'package.json');
      if (!fs.existsSync(manifest)) continue; // an optional dependency for another platform
      const p = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string; scripts?: Record<string, string> };
      const s = p.scripts ?? {};
      const gyp = fs.existsSync(path.join(REPO, key, 'binding.gyp')) && !s.install && !s.preinstall;
      const has = Boolean(s.preinstall || s.install || s.postinstall) || gyp;
      if (has !== (entry.hasInstallScript === true)) wrong.push(`${key}: install script ${has}, lock says ${String(entry.hasInstallScript ?? false)}`);
      if (p.version !== entry.version) wrong.push(`${key}: installed ${p.version}, lock says ${entry.version}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it('has the root entry of package.json and no registry URLs', () => {
    expect(lock.lockfileVersion).toBe(3);
    const root = lock.packages['']!;
    expect({ name: root.name, version: root.version, dependencies: root.dependencies, devDependencies: root.devDependencies, engines: root.engines }).toEqual({
      name: pkg.name,
      version: pkg.version,
      dependencies: pkg.dependencies,
      devDependencies: pkg.devDependencies,
      engines: pkg.engines,
    });
    expect(Object.entries(lock.packages).filter(([, e]) => e.resolved !== undefined).map(([k]) => k)).toEqual([]);
    expect(fs.readFileSync(path.join(REPO, '.npmrc'), 'utf8')).toMatch(/^omit-lockfile-registry-resolved=true$/m);
  });
});
