// Kills a process that is posting payments with SIGKILL at many random moments, then checks
// that every acknowledged payment is there, nothing is half-posted, receipt numbers have no
// gaps, and the ledger verifies clean.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { makeTestCore, tempDir } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const KILLS = 24;
const worker = path.resolve(__dirname, '../../helpers/crash-worker.ts');

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RunResult {
  acked: Map<string, string>;
  inFlight: { key: string; account: string; amount: string } | null;
}

function runAndKill(file: string, run: number, accounts: number[], resend: RunResult['inFlight'], killAfterAcks: number, extraDelayMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', worker, file, String(run), accounts.join(',')];
    if (resend) args.push(resend.key, resend.account, resend.amount);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, string>();
    let inFlight: RunResult['inFlight'] = null;
    let buffer = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const [kind, key, a, b] = buffer.slice(0, nl).split(' ') as [string, string, string, string];
        buffer = buffer.slice(nl + 1);
        if (kind === 'SENT') inFlight = { key, account: a, amount: b };
        if (kind === 'ACK') {
          acked.set(key, a);
          inFlight = null;
          if (acked.size >= killAfterAcks && !killTimer) killTimer = setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
        }
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`worker exited by itself: ${stderr}`));
      else resolve({ acked, inFlight });
    });
  });
}

describe('crash safety', () => {
  it(`loses no acknowledged payment and leaves no half-posting across ${KILLS} SIGKILLs`, async () => {
    const file = path.join(tempDir('tc-crash-'), 'ledger.sqlite');
    const setup = await makeTestCore({ file });
    const db = setup.core.deps.db;
    const accounts = [0, 1, 2, 3, 4].map((i) => {
      const a = makeAccount(db, { first: `First${i}`, last: `Last${i}`, street: `${i} Main St` });
      billAccount(db, a.id, '2026-02-05', { water: 5000 + i, sewer: 4000, solid_waste: 2000 });
      return a.id;
    });
    await setup.must('drawer.open', { counts: STARTING_BANK }, await setup.signIn('cashier'));
    setup.close();

    const random = prng(20261122);
    const acked = new Map<string, string>();
    let resend: RunResult['inFlight'] = null;
    const resent: string[] = [];
    for (let run = 0; run < KILLS; run++) {
      if (resend) resent.push(resend.key);
      const r = await runAndKill(file, run, accounts, resend, 1 + Math.floor(random() * 3), Math.floor(random() * 40));
      for (const [k, v] of r.acked) acked.set(k, v);
      resend = r.inFlight;
    }

    const check = await makeTestCore({ file, users: false });
    const cdb = check.core.deps.db;
    expect(acked.size).toBeGreaterThanOrEqual(KILLS);
    for (const [key, number] of acked) {
      const row = cdb.prepare('SELECT r.number FROM receipts r JOIN journal_entries e ON e.id = r.entry_id WHERE e.idempotency_key = ?').get(key) as { number: string } | undefined;
      expect(row?.number, key).toBe(number);
    }
    for (const key of resent) expect(cdb.prepare('SELECT count(*) AS n FROM journal_entries WHERE idempotency_key = ?').get(key)).toEqual({ n: 1 });
    const seqs = (cdb.prepare("SELECT seq FROM receipts WHERE station = 'S1' ORDER BY seq").all() as Array<{ seq: number }>).map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(cdb.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'payment'").get()).toEqual({ n: seqs.length });
    expect(cdb.prepare("SELECT count(*) AS n FROM journal_entries e WHERE kind = 'payment' AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.entry_id = e.id)").get()).toEqual({ n: 0 });
    const sup = await check.signIn('supervisor');
    const report = await check.must('ledger.verify', {}, sup);
    expect(report.violations).toEqual([]);
    check.close();
  }, 120_000);
});
