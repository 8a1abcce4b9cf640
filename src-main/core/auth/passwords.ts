// PIN/password hashing with scrypt (N=2^14, r=8, p=1). Two stored forms:
//   scrypt$N$r$p$salt$hash          the scrypt output itself (older ledgers, no pepper)
//   scrypt-hmac$N$r$p$salt$mac      HMAC-SHA256(pepper, scrypt output)
// The pepper is a secret kept in a file outside the ledger (auth/pepper.ts), so a copied
// ledger alone gives nothing to brute-force. An old hash is wrapped in place (the HMAC of its
// stored scrypt output), which needs no PIN, so every hash is protected as soon as the pepper
// exists. Verification is constant-time and costs the same for every form.
import crypto from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;
const PLAIN = 'scrypt';
const PEPPERED = 'scrypt-hmac';

function scrypt(secret: string, salt: Buffer, keylen: number, n: number, r: number, p: number): Buffer {
  return crypto.scryptSync(secret.normalize('NFKC'), salt, keylen, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
}

function mac(pepper: Buffer, hash: Buffer): Buffer {
  return crypto.createHmac('sha256', pepper).update(hash).digest();
}

/** Hashes a secret; with a pepper the stored value is useless without the pepper file. */
export function hashSecret(secret: string, salt: Buffer = crypto.randomBytes(16), pepper: Buffer | null = null): string {
  const hash = scrypt(secret, salt, KEYLEN, N, R, P);
  const head = `${N}$${R}$${P}$${salt.toString('base64url')}`;
  return pepper ? `${PEPPERED}$${head}$${mac(pepper, hash).toString('base64url')}` : `${PLAIN}$${head}$${hash.toString('base64url')}`;
}

interface Parsed {
  kind: typeof PLAIN | typeof PEPPERED;
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  value: Buffer;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || (parts[0] !== PLAIN && parts[0] !== PEPPERED)) return null;
  const [kind, n, r, p, saltB64, valueB64] = parts as [Parsed['kind'], string, string, string, string, string];
  const nn = Number(n);
  const rr = Number(r);
  const pp = Number(p);
  if (![nn, rr, pp].every((x) => Number.isInteger(x) && x > 0) || nn > 2 ** 20 || rr > 32 || pp > 16) return null;
  return { kind, n: nn, r: rr, p: pp, salt: Buffer.from(saltB64, 'base64url'), value: Buffer.from(valueB64, 'base64url') };
}

/** True when the stored hash is the peppered form. */
export function isPeppered(stored: string): boolean {
  return stored.startsWith(`${PEPPERED}$`);
}

/**
 * Checks a secret against a stored hash of either form. A peppered hash never verifies
 * without the pepper (the scrypt work is still done, so the timing does not tell).
 */
export function verifySecret(secret: string, stored: string, pepper: Buffer | null = null): boolean {
  const h = parse(stored);
  if (!h) return false;
  const actual = scrypt(secret, h.salt, h.kind === PLAIN ? h.value.length || KEYLEN : KEYLEN, h.n, h.r, h.p);
  if (h.kind === PEPPERED && !pepper) return false;
  const candidate = h.kind === PEPPERED ? mac(pepper!, actual) : actual;
  return candidate.length === h.value.length && crypto.timingSafeEqual(candidate, h.value);
}

/** The peppered form of an old plain hash (no PIN needed); null when it is not a plain hash. */
export function wrapPlainHash(stored: string, pepper: Buffer): string | null {
  const h = parse(stored);
  if (!h || h.kind !== PLAIN || h.value.length !== KEYLEN) return null;
  return `${PEPPERED}$${h.n}$${h.r}$${h.p}$${h.salt.toString('base64url')}$${mac(pepper, h.value).toString('base64url')}`;
}

/** A hash that never verifies, compared against when the username is unknown (same timing). */
export const DUMMY_HASH = hashSecret('not-a-real-secret', Buffer.alloc(16, 7));
