// Child process for the penalty run crash test: opens the file ledger on a fixed clock with tiny
// chunks (3 accounts each) and runs the late penalty run through the real bridge, printing START
// before and DONE after. The parent kills it with SIGKILL part-way. argv: ledger file, now (ISO).
import path from 'node:path';
import { bootLedger } from '../../../src-main/boot';
import { fixedClock } from '../../../src-main/core/deps';
import { createBridge } from '../../../src-main/ipc/bridge';

const [file, now] = process.argv.slice(2) as [string, string];

async function main() {
  const core = await bootLedger({ file, migrationsDir: path.resolve(import.meta.dirname, '../../../migrations'), station: 'S1', clock: fixedClock(now), log: () => {}, penalties: { chunk: 3 } });
  const bridge = createBridge(core, { log: () => {} });
  const signIn = await bridge.invoke('session.signIn', { username: 'supervisor', secret: '9999' }, null);
  if (!signIn.ok) throw new Error(signIn.error.message);
  const token = (signIn.value as { token: string }).token;
  process.stdout.write('START\n');
  const r = await bridge.invoke('collections.penalties.run', { confirm: true }, token);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  process.stdout.write(`DONE ${JSON.stringify(r.value)}\n`);
  core.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
