// The one key for values stored encrypted in the ledger (bank account numbers of draft
// enrolments, customers' SSN/ITIN/EIN), kept in a file outside the ledger. Opened on first use;
// a new key file is created only while the ledger holds no value encrypted with an old one, so a
// lost key file is reported (KEY_UNAVAILABLE), never silently replaced.
import type { Db } from '../db/open-ledger';
import { CoreError } from './errors';
import { loadKeyring, type Keyring } from './drafts/keyring';

export interface Secrets {
  /** The configured key file (null: encrypted values are unavailable). */
  readonly keyFile: string | null;
  /** The keyring; `mayCreate` lets a write create the key file while nothing is encrypted yet. */
  keyring(mayCreate: boolean): Keyring;
}

/** True when the ledger holds any value encrypted with the key (a new key would orphan it). */
export function anyEncryptedValue(db: Db): boolean {
  return (
    db.prepare('SELECT 1 FROM draft_enrolments LIMIT 1').get() !== undefined ||
    db.prepare('SELECT 1 FROM customers WHERE tax_id_enc IS NOT NULL LIMIT 1').get() !== undefined
  );
}

export function createSecrets(db: Db, keyFile: string | null): Secrets {
  let keyring: Keyring | null = null;
  return {
    keyFile,
    keyring(mayCreate) {
      if (keyring) return keyring;
      if (!keyFile) throw new CoreError('KEY_UNAVAILABLE', 'No key file is configured for encrypted values (set TOWNCOUNTER_KEY_FILE).');
      keyring = loadKeyring(keyFile, { create: mayCreate && !anyEncryptedValue(db) });
      return keyring;
    },
  };
}
