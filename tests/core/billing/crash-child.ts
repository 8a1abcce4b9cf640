// Child process for the billing run crash test: opens the file ledger with tiny chunks (a few
// accounts each) and posts the cycle's run through the real bridge, printing START before and
// DONE after. The parent kills it with SIGKILL part-way. argv: ledger file, cycle, period.
import path from 'node:path';
import { bootLedger } from '../../../src-main/boot';
import { createBridge } from '../../../src-main/ipc/bridge';

const [file, cycle, period] = process.argv.slice(2) as [string, string, string];

async function main() {
  const core = await bootLedger({ file, migrationsDir: path.resolve(import.meta.dirname, '../../../migrations'), station: 'S1', log: () => {}, billing: { maxAccounts: 7, lockMs: 1000 } });
  const bridge = createBridge(core, { log: () => {} });
  const signIn = await bridge.invoke('session.signIn', { username: 'supervisor', secret: '9999' }, null);
  if (!signIn.ok) throw new Error(signIn.error.message);
  const token = (signIn.value as { token: string }).token;
  process.stdout.write('START\n');
  const r = await bridge.invoke('billing.post', { cycle: Number(cycle), period, confirm: true }, token);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  process.stdout.write(`DONE ${JSON.stringify(r.value)}\n`);
  core.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
