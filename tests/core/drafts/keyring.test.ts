// The key file for bank account numbers: created 0600 when missing, AES-256-GCM bound to its
// account, a wrong key or a moved value refused, never a silent new key over a missing one.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defaultKeyFile, loadKeyring } from '../../../src-main/core/drafts/keyring';
import { tempDir } from '../../helpers/core';

describe('key file', () => {
  it('creates a 256-bit key with owner-only permissions and encrypts bound to its associated data', () => {
    const file = path.join(tempDir('tc-key-'), 'nested', 'towncounter.key');
    const k = loadKeyring(file, { create: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const blob = k.encrypt('80417736259014', 'account:7');
    expect(blob.includes(Buffer.from('80417736259014'))).toBe(false);
    expect(k.decrypt(blob, 'account:7')).toBe('80417736259014');
    expect(k.encrypt('80417736259014', 'account:7').equals(blob)).toBe(false); // a fresh IV each time
    expect(() => k.decrypt(blob, 'account:8')).toThrow(/integrity/);
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
    expect(() => k.decrypt(tampered, 'account:7')).toThrow(/integrity/);
    // Loading again gives the same key.
    expect(loadKeyring(file, { create: false }).decrypt(blob, 'account:7')).toBe('80417736259014');
    // Another key is told apart from tampering.
    const other = path.join(tempDir('tc-key2-'), 'k');
    fs.writeFileSync(other, crypto.randomBytes(32).toString('base64'));
    expect(() => loadKeyring(other, { create: false }).decrypt(blob, 'account:7')).toThrow(/different key/);
  });

  it('reports a missing key file instead of making a new one when asked not to', () => {
    const file = path.join(tempDir('tc-key3-'), 'missing.key');
    expect(() => loadKeyring(file, { create: false })).toThrow(expect.objectContaining({ code: 'KEY_UNAVAILABLE' }));
    expect(fs.existsSync(file)).toBe(false);
    fs.writeFileSync(file, 'c2hvcnQ=');
    expect(() => loadKeyring(file, { create: false })).toThrow(/256-bit/);
  });

  it('lives outside the ledger: TOWNCOUNTER_KEY_FILE, else next to the app config', () => {
    expect(defaultKeyFile({ TOWNCOUNTER_KEY_FILE: '/etc/tc/key' }, '/home/u/.config/TownCounter')).toBe('/etc/tc/key');
    expect(defaultKeyFile({}, '/home/u/.config/TownCounter')).toBe('/home/u/.config/TownCounter/towncounter.key');
  });
});
