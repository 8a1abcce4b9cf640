// Child process for the billing bench: a cashier (the csr user) in ANOTHER process (its own connection, as a
// command-line tool or a second app on the same file would be) posting a counter payment every
// `everyMs` while the run posts. Prints READY once signed in with a drawer open, then one line
// "LAT <ms>" per payment (counted from when it was due, so a wait for the write lock is in it),
// until it is sent SIGTERM. argv: ledger file, fixed clock (ISO), account ids (comma separated),
// everyMs.
import path from 'node:path';
import { createRequire } from 'node:module';
import { bootLedger } from '../../src-main/boot';
import { fixedClock } from '../../src-main/core/deps';
import { createBridge } from '../../src-main/ipc/bridge';
import { STARTING_BANK_FOR_BENCH } from './payment-fixtures';

const [file, now, accountList, everyMs] = process.argv.slice(2) as [string, string, string, string];
const accounts = accountList.split(',').map(Number);

async function main() {
  const core = await bootLedger({ file, migrationsDir: path.resolve(import.meta.dirname, '../../migrations'), station: 'S7', appVersion: 'bench', clock: fixedClock(now), log: () => {}, sqliteModule: createRequire(import.meta.url).resolve('better-sqlite3') });
  const bridge = createBridge(core, { log: () => {} });
  const call = async (method: string, input: unknown, token: string | null) => {
    const r = await bridge.invoke(method, input, token);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };
  const token = ((await call('session.signIn', { username: 'csr', secret: '3333' }, null)) as { token: string }).token;
  const open = (await call('drawer.current', {}, token)) as { drawer: unknown };
  if (!open.drawer) await call('drawer.open', { counts: STARTING_BANK_FOR_BENCH }, token);
  let stop = false;
  process.on('SIGTERM', () => (stop = true));
  process.stdout.write('READY\n');
  let due = performance.now() + Number(everyMs);
  for (let k = 0; !stop; k++) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (stop) break;
    const amount = 500 + ((k * 7919) % 2500);
    const r = await bridge.invoke('payments.post', { idempotencyKey: `bench-billrun-xp-${k}`, lines: [{ type: 'account', accountId: accounts[k % accounts.length]!, amountCents: amount }], tenders: [{ kind: 'cash', amountCents: amount }] }, token);
    process.stdout.write(r.ok ? `LAT ${(performance.now() - due).toFixed(3)}\n` : `ERR ${r.error.code}\n`);
    due = Math.max(due + Number(everyMs), performance.now());
  }
  core.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
