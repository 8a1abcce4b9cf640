// `npm test` runs this first: it stops the run in its first second, with one message, when the
// machine lacks what the tests need — Chromium at /usr/bin/chromium (or TOWNCOUNTER_CHROMIUM)
// for the end-to-end tests, `pdftotext` (poppler-utils) for the PDF tests, and Node.js 22.12 or
// later (the project's own, from `npm ci`). Plain Node, no dependencies.
import fs from 'node:fs';
import path from 'node:path';

const MIN_NODE = [22, 12];

function chromiumPath(env = process.env) {
  return env.TOWNCOUNTER_CHROMIUM || '/usr/bin/chromium';
}

function onPath(name, envPath) {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** What is missing, one line each (empty when all is there). */
function findMissing({ env = process.env, nodeVersion = process.versions.node } = {}) {
  const missing = [];
  const [major, minor] = nodeVersion.split('.').map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    missing.push(`Node.js ${MIN_NODE.join('.')} or later (this is ${nodeVersion}): run \`npm ci\` first — the project brings its own Node 22 — and start the tests with \`npm test\``);
  }
  const chromium = chromiumPath(env);
  try {
    fs.accessSync(chromium, fs.constants.X_OK);
  } catch {
    missing.push(`Chromium at ${chromium} (the end-to-end tests drive it)`);
  }
  if (!onPath('pdftotext', env.PATH)) missing.push('pdftotext, from poppler-utils (the PDF tests read the PDFs back with it)');
  return missing;
}

function report(missing) {
  const needsApt = missing.some((m) => m.startsWith('Chromium') || m.startsWith('pdftotext'));
  return [
    'npm test cannot run on this machine yet; missing:',
    ...missing.map((m) => `  - ${m}`),
    ...(needsApt ? ['On Debian or Ubuntu install them with:', '  sudo apt-get install -y chromium poppler-utils'] : []),
    'then run npm test again.',
  ].join('\n');
}

const missing = findMissing();
if (missing.length > 0) {
  console.error(report(missing));
  process.exit(1);
}
