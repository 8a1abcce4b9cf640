// Child process for the export crash test: opens the file ledger and exports one day into a
// target, printing START before and DONE after. argv: ledger file, target, business date, mode
// ("pause:<file>" stops for good after writing that file; "slow:<ms>" waits after each file),
// and "force" to re-send a delivered day. The parent kills it with SIGKILL.
import path from 'node:path';
import { bootLedger } from '../../../src-main/boot';

const [file, target, businessDate, mode, force] = process.argv.slice(2) as [string, string, string, string, string?];
const [kind, arg] = mode.split(':') as [string, string];

async function main() {
  const core = await bootLedger({
    file,
    migrationsDir: path.resolve(import.meta.dirname, '../../../migrations'),
    station: 'S1',
    appVersion: '9.9.9-test',
    log: () => {},
    exporting: {
      hooks: {
        async afterFile(name) {
          if (kind === 'pause' && name === arg) {
            process.stdout.write(`PAUSED ${name}\n`);
            await new Promise(() => {});
          }
          if (kind === 'slow') await new Promise((r) => setTimeout(r, Number(arg)));
        },
      },
    },
  });
  process.stdout.write('START\n');
  await core.exporter.exportDay({ businessDate, source: 'cli', target, force: force === 'force' });
  process.stdout.write('DONE\n');
  core.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
