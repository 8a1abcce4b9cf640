// A PIN for a command-line tool: from an environment variable (scheduled tasks, scripts), else
// typed at the terminal without echo. Without either, the tool's usage error says which variable.
import readline from 'node:readline';

export async function readPin(envVar: string, prompt: string, noTerminal: (message: string) => Error): Promise<string> {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw noTerminal(`the PIN is needed in ${envVar} (no terminal to ask on)`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing while the PIN is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  process.stdout.write(prompt);
  const pin = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return pin;
}
