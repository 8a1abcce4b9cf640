// Child process for the two-writers test: boots its own core on a shared ledger file, signs in
// `clients` sessions of one user at one station, prints READY, waits for GO on stdin, then has
// every client post `perClient` cash payments through the real bridge at the same time, and
// prints one line of JSON: {posted, failed, errors}. argv: ledger file, station, username, PIN,
// fixed clock (ISO), account ids (comma separated), clients, payments per client.
import path from 'node:path';
import { createRequire } from 'node:module';
import { bootLedger } from '../../src-main/boot';
import { fixedClock } from '../../src-main/core/deps';
import { createBridge } from '../../src-main/ipc/bridge';

const [file, station, username, pin, now, accountList, clients, perClient] = process.argv.slice(2) as [string, string, string, string, string, string, string, string];
const accounts = accountList.split(',').map(Number);

async function main() {
  const core = await bootLedger({ file, migrationsDir: path.resolve(import.meta.dirname, '../../migrations'), station, clock: fixedClock(now), log: () => {}, sqliteModule: createRequire(import.meta.url).resolve('better-sqlite3') });
  const bridge = createBridge(core, { log: (m, e) => process.stderr.write(`${m} ${String(e)}\n`) });
  const tokens: string[] = [];
  for (let c = 0; c < Number(clients); c++) {
    const r = await bridge.invoke('session.signIn', { username, secret: pin }, null);
    if (!r.ok) throw new Error(`sign-in: ${r.error.code} ${r.error.message}`);
    tokens.push((r.value as { token: string }).token);
  }
  process.stdout.write('READY\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  // Let go of stdin, or the process would never exit.
  process.stdin.destroy();
  let posted = 0;
  const errors: string[] = [];
  await Promise.all(
    tokens.map(async (token, c) => {
      for (let i = 0; i < Number(perClient); i++) {
        // Let the other clients of this process in between (as HTTP requests would interleave).
        await new Promise((r) => setImmediate(r));
        const accountId = accounts[(i + c) % accounts.length]!;
        const amount = 100 + ((i * 7919 + c * 31) % 5000);
        const r = await bridge.invoke('payments.post', { idempotencyKey: `writer-${station}-${c}-${i}`, lines: [{ type: 'account', accountId, amountCents: amount }], tenders: [{ kind: 'cash', amountCents: amount }] }, token);
        if (r.ok) posted++;
        else errors.push(`${r.error.code}: ${r.error.message}`);
      }
    }),
  );
  process.stdout.write(`${JSON.stringify({ posted, failed: errors.length, errors: errors.slice(0, 5) })}\n`);
  core.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
