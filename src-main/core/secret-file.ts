// Creating a key file (the bank-number/tax ID key, the PIN pepper) so that nobody — another
// process, another thread, the next start after a crash — ever reads a half-written one: the
// key is written and flushed to a private temporary file beside it, then hard-linked into place
// (atomic, and never over an existing file), so the key file is either absent or whole. A key
// written by a process killed before the link is left in a temporary file that is never used;
// such leftovers older than ten minutes are removed by the next creation.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const STALE_MS = 10 * 60_000;

/** Writes `contents` as `file` (mode 0600, folder 0700) unless it exists. True when this call created it. */
export function createSecretFile(file: string, contents: string): boolean {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const prefix = `.${path.basename(file)}.`;
  const tmp = path.join(dir, `${prefix}${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  writeNewFlushed(tmp, contents);
  let created = true;
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    created = false;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  if (created) {
    syncFolder(dir);
    removeStaleLeftovers(dir, prefix);
  }
  return created;
}

/** Creates `file` (refused if it exists; mode 0600), writes `data` and flushes it to the disk before returning. */
export function writeNewFlushed(file: string, data: string | Buffer): void {
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not every platform can fsync a folder (Windows); the link is still in place.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function removeStaleLeftovers(dir: string, prefix: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const p = path.join(dir, name);
    try {
      if (now - fs.statSync(p).mtimeMs > STALE_MS) fs.rmSync(p, { force: true });
    } catch {
      // Gone already (another process cleaned it).
    }
  }
}
