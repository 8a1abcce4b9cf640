// File modes for what TownCounter writes that others must not read: the ledger and its -wal
// and -shm (full account data, PIN hashes), migration backups, the key and pepper files, NACHA
// files (full bank account numbers) and export packages. Files are created 0600 and folders
// 0700; at start-up the modes are checked and tightened, and what could not be fixed is reported.
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Creates an empty file with mode 0600 (refuses an existing one), for tools that then fill it. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE));
  fs.chmodSync(file, PRIVATE_FILE); // the umask may have taken bits away; it never adds any
}

export interface ModeReport {
  /** Files whose mode was tightened ("ledger.sqlite-wal: 0644 → 0600"). */
  fixed: string[];
  /** Files still readable by others (chmod failed: not the owner, read-only file system). */
  problems: string[];
}

const octal = (m: number) => `0${(m & 0o777).toString(8)}`;

/** Tightens every existing file in the list to 0600 (folders to 0700); missing files are skipped. */
export function securePaths(paths: ReadonlyArray<{ path: string; dir?: boolean }>): ModeReport {
  const report: ModeReport = { fixed: [], problems: [] };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p.path);
    } catch {
      continue;
    }
    const want = p.dir ? PRIVATE_DIR : PRIVATE_FILE;
    if ((st.mode & 0o077) === 0) continue;
    try {
      fs.chmodSync(p.path, (st.mode & 0o700) | (want & 0o700));
      report.fixed.push(`${p.path}: ${octal(st.mode)} → ${octal((st.mode & 0o700) | (want & 0o700))}`);
    } catch (err) {
      // The status is public: name the file, not the folder it sits in (the log has the full path).
      report.problems.push(`${path.basename(p.path)} is readable by other users (mode ${octal(st.mode)}) and could not be made private (${(err as NodeJS.ErrnoException).code ?? 'error'}); ask the administrator of this computer to change it to 0600.`);
    }
  }
  return report;
}
