// Child process for the key-file race test: waits for GO on stdin, then loads the key file
// (creating it when missing) and the PIN pepper as the app does, and prints one line of JSON:
// {keyId, pepper} or {error}. argv: key file, pepper file.
import { loadPepper } from '../../src-main/core/auth/pepper';
import { loadKeyring } from '../../src-main/core/drafts/keyring';

const [keyFile, pepperFile] = process.argv.slice(2) as [string, string];
process.stdout.write('READY\n');
process.stdin.once('data', () => {
  process.stdin.destroy();
  try {
    const keyId = loadKeyring(keyFile, { create: true }).keyId;
    const p = loadPepper(pepperFile, { create: true });
    process.stdout.write(`${JSON.stringify(p.ok ? { keyId, pepper: p.pepper.toString('hex') } : { error: p.message })}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ error: (err as Error).message })}\n`);
  }
});
