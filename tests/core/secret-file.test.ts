// Key files (the bank-number/tax ID key, the PIN pepper) are created whole or not at all: a
// clean-clone CI run once had a conversion worker stopped while it created the key, leaving an
// empty key file that refused every later start ("does not hold a 256-bit key"). Now the key is
// written to a private temporary file and hard-linked into place.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadPepper } from '../../src-main/core/auth/pepper';
import { loadKeyring } from '../../src-main/core/drafts/keyring';
import { createSecretFile } from '../../src-main/core/secret-file';
import { tempDir } from '../helpers/core';

const ROOT = path.resolve(__dirname, '../..');

describe('creating a key file', () => {
  it('writes it whole with mode 0600 in a 0700 folder, once: a second creation keeps the first', () => {
    const file = path.join(tempDir('tc-secret-'), 'keys', 'towncounter.key');
    expect(createSecretFile(file, 'first\n')).toBe(true);
    expect(createSecretFile(file, 'second\n')).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('first\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['towncounter.key']); // no temporary file left
  });

  it('what a process killed before the link leaves is never read as the key, and is cleaned once stale', () => {
    const dir = tempDir('tc-secret-');
    const file = path.join(dir, 'towncounter.key');
    // A killed creator's leftovers: a half-written temporary file, one old and one recent.
    const stale = path.join(dir, '.towncounter.key.4242.a1b2c3d4e5f6.tmp');
    const recent = path.join(dir, '.towncounter.key.4343.0102030405ff.tmp');
    fs.writeFileSync(stale, 'AAAA');
    fs.writeFileSync(recent, 'BBBB');
    const hourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(stale, hourAgo, hourAgo);
    expect(() => loadKeyring(file, { create: false })).toThrow(/is missing/);
    const ring = loadKeyring(file, { create: true });
    expect(loadKeyring(file, { create: false }).keyId).toBe(ring.keyId);
    expect(fs.readdirSync(dir).sort()).toEqual(['.towncounter.key.4343.0102030405ff.tmp', 'towncounter.key']);
  });

  it('processes racing to create the key and the pepper all end up with the one written (never a partial one)', async () => {
    const dir = tempDir('tc-secret-race-');
    for (let round = 0; round < 3; round++) {
      const keyFile = path.join(dir, `r${round}`, 'towncounter.key');
      const pepperFile = path.join(dir, `r${round}`, 'towncounter.pepper');
      const children = Array.from({ length: 5 }, () => spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/helpers/key-race-worker.ts'), keyFile, pepperFile], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }));
      const lines = children.map(
        (c) =>
          new Promise<string[]>((resolve, reject) => {
            let out = '';
            let err = '';
            c.stdout.on('data', (d: Buffer) => (out += d.toString()));
            c.stderr.on('data', (d: Buffer) => (err += d.toString()));
            c.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`exit ${code}: ${err}`))));
          }),
      );
      // All ready, then all at once.
      await Promise.all(children.map((c) => new Promise<void>((resolve) => c.stdout.once('data', () => resolve()))));
      for (const c of children) c.stdin.write('GO\n');
      const results = (await Promise.all(lines)).map((l) => JSON.parse(l[l.length - 1]!) as { keyId?: string; pepper?: string; error?: string });
      expect(results.filter((r) => r.error)).toEqual([]);
      const keyId = loadKeyring(keyFile, { create: false }).keyId;
      const pepper = loadPepper(pepperFile, { create: false });
      expect(results.map((r) => r.keyId)).toEqual(Array(5).fill(keyId));
      expect(results.map((r) => r.pepper)).toEqual(Array(5).fill(pepper.ok ? pepper.pepper.toString('hex') : 'missing'));
    }
  }, 60_000);
});
