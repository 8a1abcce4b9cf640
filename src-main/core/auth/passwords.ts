// PIN/password hashing with scrypt (N=2^14, r=8, p=1), stored as
// scrypt$N$r$p$salt$hash (base64url). Verification is constant-time.
import crypto from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

export function hashSecret(secret: string, salt: Buffer = crypto.randomBytes(16)): string {
  const hash = crypto.scryptSync(secret.normalize('NFKC'), salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashB64, 'base64url');
  const actual = crypto.scryptSync(secret.normalize('NFKC'), Buffer.from(saltB64, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** A hash that never verifies, compared against when the username is unknown (same timing). */
export const DUMMY_HASH = hashSecret('not-a-real-secret', Buffer.alloc(16, 7));
