// Writing a package folder into the target so the central system only ever sees a complete
// one: every file is written into a temporary folder inside the target, each file and then the
// folder are fsynced, and the folder is renamed into place (one atomic step on the same file
// system), then the target folder is fsynced. A crash or a full disk before the rename leaves
// only the hidden temporary folder, which the next run removes. The target itself is never
// created: a missing folder means the share is not mounted, and writing to the local disk
// instead would be a silent failure.
//
// Temporary and retired folders are named ".tc-tmp~<host>~<pid>~<random>" and
// ".tc-old~<package>~<host>~<pid>~<random>" so a later run can tell a dead writer's leftovers
// from a live one's (same host: is the process still there; another host: older than an hour).
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The file-system calls the writer makes (tests inject failures: a full disk, a dead share). */
export interface ExportFs {
  stat(p: string): Promise<{ isDirectory: boolean; mtimeMs: number }>;
  readdir(p: string): Promise<string[]>;
  mkdir(p: string): Promise<void>;
  /** Creates the file (never overwrites), writes all bytes and fsyncs it. */
  writeFile(p: string, data: Buffer): Promise<void>;
  readFile(p: string): Promise<Buffer>;
  /** fsyncs a directory so a rename or new entry in it survives power loss. */
  syncDir(p: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(p: string): Promise<void>;
}

export const nodeExportFs: ExportFs = {
  async stat(p) {
    const s = await fsp.stat(p);
    return { isDirectory: s.isDirectory(), mtimeMs: s.mtimeMs };
  },
  readdir: (p) => fsp.readdir(p),
  // Export packages and NACHA files carry account data (NACHA: full bank account numbers):
  // folders 0700 and files 0600, set explicitly since the umask can only take bits away.
  mkdir: async (p) => {
    await fsp.mkdir(p, { mode: 0o700 });
    await fsp.chmod(p, 0o700);
  },
  async writeFile(p, data) {
    const h = await fsp.open(p, 'wx', 0o600);
    try {
      await h.chmod(0o600);
      await h.writeFile(data);
      await h.sync();
    } finally {
      await h.close();
    }
  },
  readFile: (p) => fsp.readFile(p),
  async syncDir(p) {
    // Windows cannot open a directory for fsync; NTFS journals the rename itself.
    if (process.platform === 'win32') return;
    const h = await fsp.open(p, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  rm: (p) => fsp.rm(p, { recursive: true, force: true }),
};

export interface WriterIdentity {
  host: string;
  pid: number;
}

export function thisProcess(): WriterIdentity {
  return { host: os.hostname().replace(/[^A-Za-z0-9-]/g, '-').slice(0, 63) || 'host', pid: process.pid };
}

/** An expected failure of the target (missing, not a folder, not writable, full). */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly unavailable: boolean,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

const STALE_MS = 60 * 60 * 1000;
const TMP_PREFIX = '.tc-tmp~';
const OLD_PREFIX = '.tc-old~';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Explains a file-system error in words a supervisor can act on. */
export function describeFsError(err: unknown, target: string): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return `The export folder ${target} does not exist (is the network share connected?).`;
    case 'ENOTDIR':
      return `The export folder ${target} is not a folder.`;
    case 'EACCES':
    case 'EPERM':
      return `The export folder ${target} is not writable (permission denied).`;
    case 'EROFS':
      return `The export folder ${target} is read-only.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `The export folder ${target} is full (no space left).`;
    case 'EIO':
      return `The export folder ${target} could not be written (input/output error).`;
    default:
      return `Writing to ${target} failed: ${e.message ?? String(err)}`;
  }
}

/** Refuses a target that is missing or is not a folder (never creates it). */
export async function checkTarget(fs: ExportFs, target: string): Promise<void> {
  let s: { isDirectory: boolean };
  try {
    s = await fs.stat(target);
  } catch (err) {
    throw new TargetError(describeFsError(err, target), true);
  }
  if (!s.isDirectory) throw new TargetError(`The export folder ${target} is not a folder.`, true);
}

/**
 * Removes what dead writers left in the target: temporary folders, and retired folders of a
 * forced re-send (a retired folder whose package is missing is put back first).
 */
export async function cleanLeftovers(fs: ExportFs, target: string, me: WriterIdentity, active: ReadonlySet<string>, nowMs: number): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fs.readdir(target);
  } catch {
    return removed;
  }
  for (const name of names.sort()) {
    const isTmp = name.startsWith(TMP_PREFIX);
    const isOld = name.startsWith(OLD_PREFIX);
    if (!isTmp && !isOld) continue;
    const full = path.join(target, name);
    if (active.has(full)) continue;
    const parts = name.split('~');
    const host = isTmp ? parts[1] : parts[2];
    const pid = Number(isTmp ? parts[2] : parts[3]);
    let stale: boolean;
    if (host === me.host && Number.isInteger(pid)) stale = pid === me.pid || !isProcessAlive(pid);
    else {
      try {
        stale = nowMs - (await fs.stat(full)).mtimeMs > STALE_MS;
      } catch {
        continue;
      }
    }
    if (!stale) continue;
    try {
      if (isOld) {
        const original = path.join(target, parts[1] ?? '');
        let exists = true;
        try {
          await fs.stat(original);
        } catch {
          exists = false;
        }
        if (!exists && parts[1]) {
          await fs.rename(full, original);
          await fs.syncDir(target);
          removed.push(`${name} (restored as ${parts[1]})`);
          continue;
        }
      }
      await fs.rm(full);
      removed.push(name);
    } catch {
      // Best effort: the next run tries again.
    }
  }
  return removed;
}

export interface WriteHooks {
  /** Awaited after each file is written and synced (tests pause or slow the writer here). */
  afterFile?(name: string): Promise<void> | void;
}

export type WriteOutcome =
  /** The package was renamed into place. */
  | { kind: 'written'; folder: string }
  /** A forced re-send replaced the folder that was there. */
  | { kind: 'replaced'; folder: string; previousManifest: Buffer | null }
  /** The identical package was already in place (an earlier attempt stopped before recording it). */
  | { kind: 'identical'; folder: string }
  /** A different package with this name is in place and force was not given. */
  | { kind: 'different'; folder: string };

export interface PackageToWrite {
  folderName: string;
  files: ReadonlyArray<{ name: string; bytes: Buffer; sha256: string }>;
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Whether the folder holds exactly these files with these bytes. */
async function sameContent(fs: ExportFs, folder: string, pkg: PackageToWrite): Promise<boolean> {
  try {
    const names = (await fs.readdir(folder)).sort();
    const wanted = pkg.files.map((f) => f.name).sort();
    if (names.length !== wanted.length || names.some((n, i) => n !== wanted[i])) return false;
    for (const f of pkg.files) if (sha256(await fs.readFile(path.join(folder, f.name))) !== f.sha256) return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the package into target/<folderName> atomically. `active` is the set of temporary
 * paths this process is writing (so a concurrent clean-up leaves them alone).
 */
export async function writePackage(fs: ExportFs, target: string, pkg: PackageToWrite, o: { force: boolean; me: WriterIdentity; active: Set<string>; hooks?: WriteHooks }): Promise<WriteOutcome> {
  await checkTarget(fs, target);
  const folder = path.join(target, pkg.folderName);
  const tag = `${o.me.host}~${o.me.pid}~${crypto.randomBytes(4).toString('hex')}`;
  const tmp = path.join(target, `${TMP_PREFIX}${tag}`);
  o.active.add(tmp);
  let renamed = false;
  try {
    try {
      await fs.mkdir(tmp);
    } catch (err) {
      throw new TargetError(describeFsError(err, target), true);
    }
    for (const f of pkg.files) {
      try {
        await fs.writeFile(path.join(tmp, f.name), f.bytes);
      } catch (err) {
        throw new TargetError(describeFsError(err, target), false);
      }
      await o.hooks?.afterFile?.(f.name);
    }
    await fs.syncDir(tmp);

    let exists = true;
    try {
      await fs.stat(folder);
    } catch {
      exists = false;
    }
    if (!exists) {
      try {
        await fs.rename(tmp, folder);
        renamed = true;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Someone else put a package there between the check and the rename.
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw new TargetError(describeFsError(err, target), false);
        exists = true;
      }
    }
    if (renamed) {
      await fs.syncDir(target);
      return { kind: 'written', folder };
    }
    if (await sameContent(fs, folder, pkg)) return { kind: 'identical', folder };
    if (!o.force) return { kind: 'different', folder };
    // Forced re-send: retire the old folder, rename the new one in, then drop the old one.
    let previousManifest: Buffer | null = null;
    try {
      previousManifest = await fs.readFile(path.join(folder, 'manifest.json'));
    } catch {
      previousManifest = null;
    }
    const retired = path.join(target, `${OLD_PREFIX}${pkg.folderName}~${tag}`);
    o.active.add(retired);
    let moved = false;
    try {
      await fs.rename(folder, retired);
      moved = true;
      await fs.rename(tmp, folder);
      renamed = true;
      await fs.syncDir(target);
      await fs.rm(retired);
    } catch (err) {
      // Put the delivered package back if the new one did not take its place.
      if (moved && !renamed) await fs.rename(retired, folder).catch(() => {});
      throw new TargetError(describeFsError(err, target), false);
    } finally {
      o.active.delete(retired);
    }
    return { kind: 'replaced', folder, previousManifest };
  } finally {
    if (!renamed) await fs.rm(tmp).catch(() => {});
    o.active.delete(tmp);
  }
}

/** Writes one file atomically into a folder: temp name, fsync, rename, fsync the folder. */
export async function writeFileAtomic(fs: ExportFs, folder: string, name: string, bytes: Buffer, me: WriterIdentity): Promise<string> {
  await checkTarget(fs, folder);
  const final = path.join(folder, name);
  const tmp = path.join(folder, `${TMP_PREFIX}${me.host}~${me.pid}~${crypto.randomBytes(4).toString('hex')}`);
  let done = false;
  try {
    try {
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, final);
      done = true;
      await fs.syncDir(folder);
    } catch (err) {
      throw new TargetError(describeFsError(err, folder), false);
    }
    return final;
  } finally {
    if (!done) await fs.rm(tmp).catch(() => {});
  }
}
