// The encryption key for bank account numbers and customers' tax ids (see ../secrets.ts), kept in a file outside the ledger (so a copy of
// the ledger alone reveals nothing): 32 random bytes, base64, created with mode 0600 the first
// time an account is enrolled. AES-256-GCM; each value is bound to its row by associated data
// (a blob moved to another account fails to decrypt). Blob layout: version 1 (1 byte), key id
// (4 bytes: first bytes of the key's SHA-256, to tell a wrong key from tampering), IV (12),
// tag (16), ciphertext.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors';
import { createSecretFile } from '../secret-file';

const VERSION = 1;
const HEADER = 1 + 4 + 12 + 16;

export interface Keyring {
  readonly file: string;
  readonly keyId: string;
  encrypt(plain: string, aad: string): Buffer;
  decrypt(blob: Buffer, aad: string): string;
}

function keyIdOf(key: Buffer): Buffer {
  return crypto.createHash('sha256').update(key).digest().subarray(0, 4);
}

export function keyringFromKey(key: Buffer, file: string): Keyring {
  if (key.length !== 32) throw new CoreError('KEY_UNAVAILABLE', `The key file ${file} does not hold a 256-bit key.`);
  const id = keyIdOf(key);
  return {
    file,
    keyId: id.toString('hex'),
    encrypt(plain, aad) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), id, iv, cipher.getAuthTag(), body]);
    },
    decrypt(blob, aad) {
      if (blob.length < HEADER || blob[0] !== VERSION) throw new CoreError('KEY_UNAVAILABLE', 'An encrypted value is damaged (unknown format).');
      if (!blob.subarray(1, 5).equals(id)) throw new CoreError('KEY_UNAVAILABLE', `A stored value (bank account number or tax ID) was encrypted with a different key than the one in ${file}; restore the right key file.`);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, blob.subarray(5, 17));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(blob.subarray(17, 33));
      try {
        return Buffer.concat([decipher.update(blob.subarray(33)), decipher.final()]).toString('utf8');
      } catch {
        throw new CoreError('KEY_UNAVAILABLE', 'An encrypted value (bank account number or tax ID) failed its integrity check.');
      }
    },
  };
}

/**
 * Loads the key file; when it is missing and `create` is set, makes a new one (0600, parent
 * folders 0700). Callers only create a key while the ledger holds nothing encrypted with an
 * old one, so a lost key file is reported, never silently replaced.
 */
export function loadKeyring(file: string, opts: { create: boolean }): Keyring {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new CoreError('KEY_UNAVAILABLE', `The key file ${file} cannot be read: ${(err as Error).message}`);
    if (!opts.create) throw new CoreError('KEY_UNAVAILABLE', `The key file ${file} is missing; bank account numbers and tax IDs cannot be read without it. Restore it from the key backup.`);
    const key = crypto.randomBytes(32);
    let created: boolean;
    try {
      // Whole or absent, whoever reads it and whenever this process stops (secret-file.ts).
      created = createSecretFile(file, `${key.toString('base64')}\n`);
    } catch (e) {
      throw new CoreError('KEY_UNAVAILABLE', `The key file ${file} cannot be created: ${(e as Error).message}`);
    }
    return created ? keyringFromKey(key, file) : loadKeyring(file, { create: false });
  }
  return keyringFromKey(Buffer.from(text.trim(), 'base64'), file);
}

/** The default key file: TOWNCOUNTER_KEY_FILE, else towncounter.key in the given folder (the app's config folder). */
export function defaultKeyFile(env: Readonly<Record<string, string | undefined>>, configDir: string): string {
  const fromEnv = env.TOWNCOUNTER_KEY_FILE;
  return fromEnv && fromEnv.trim() !== '' ? path.resolve(fromEnv) : path.join(configDir, 'towncounter.key');
}
