// Child process for the crash test: posts cash payments through the real bridge on a file
// ledger, printing "SENT key" before and "ACK key receipt" after each acknowledged posting,
// until it is killed. argv: ledger file, run index, account ids (comma separated), and
// optionally a key to resend first (the one in flight when the previous child was killed).
import path from 'node:path';
import { bootLedger } from '../../src-main/boot';
import { createBridge } from '../../src-main/ipc/bridge';

const [file, run, accountList, resendKey, resendAccount, resendAmount] = process.argv.slice(2) as [string, string, string, string?, string?, string?];
const accounts = accountList.split(',').map(Number);

async function main() {
  const core = await bootLedger({ file, migrationsDir: path.resolve(import.meta.dirname, '../../migrations'), station: 'S1', log: () => {} });
  const bridge = createBridge(core, { log: () => {} });
  const signIn = await bridge.invoke('session.signIn', { username: 'cashier', secret: '1111' }, null);
  if (!signIn.ok) throw new Error(signIn.error.message);
  const token = (signIn.value as { token: string }).token;
  const post = async (key: string, accountId: number, amount: number) => {
    process.stdout.write(`SENT ${key} ${accountId} ${amount}\n`);
    const r = await bridge.invoke('payments.post', { idempotencyKey: key, lines: [{ type: 'account', accountId, amountCents: amount }], tenders: [{ kind: 'cash', amountCents: amount + 37 }] }, token);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    process.stdout.write(`ACK ${key} ${(r.value as { receipt: { number: string } }).receipt.number}\n`);
  };
  if (resendKey) await post(resendKey, Number(resendAccount), Number(resendAmount));
  for (let i = 0; ; i++) {
    const accountId = accounts[(i * 7 + Number(run)) % accounts.length]!;
    await post(`crash-${run}-${i}`, accountId, 100 + ((i * 7919 + Number(run) * 31) % 20000));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
