// The PIN pepper: 32 random bytes in a file beside the bank-number key file (never in the
// ledger), mode 0600 in a 0700 folder. PIN hashes are keyed with it (passwords.ts), so a copy
// of the ledger alone can't be brute-forced offline. Created only while the ledger holds no
// hash made with a pepper; a lost pepper file is reported, never silently replaced.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createSecretFile } from '../secret-file';

export const PEPPER_FILE_NAME = 'towncounter.pepper';

/** TOWNCOUNTER_PEPPER_FILE, else towncounter.pepper in the key file's folder. */
export function defaultPepperFile(env: Readonly<Record<string, string | undefined>>, keyFile: string): string {
  const fromEnv = env.TOWNCOUNTER_PEPPER_FILE;
  return fromEnv && fromEnv.trim() !== '' ? path.resolve(fromEnv) : path.join(path.dirname(keyFile), PEPPER_FILE_NAME);
}

export type PepperLoad = { ok: true; pepper: Buffer; created: boolean } | { ok: false; missing: boolean; message: string };

export function loadPepper(file: string, opts: { create: boolean }): PepperLoad {
  try {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) return { ok: false, missing: false, message: `The PIN key file ${file} does not hold a 256-bit key.` };
    return { ok: true, pepper: key, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, missing: false, message: `The PIN key file ${file} cannot be read: ${(err as Error).message}` };
  }
  if (!opts.create) return { ok: false, missing: true, message: `The PIN key file ${file} is missing; no one can sign in until it is restored from the backup kept with the bank-number key file.` };
  try {
    const key = crypto.randomBytes(32);
    // Whole or absent, whoever reads it and whenever this process stops (secret-file.ts).
    if (createSecretFile(file, `${key.toString('base64')}\n`)) return { ok: true, pepper: key, created: true };
    return loadPepper(file, { create: false });
  } catch (err) {
    return { ok: false, missing: false, message: `The PIN key file ${file} cannot be created: ${(err as Error).message}` };
  }
}
