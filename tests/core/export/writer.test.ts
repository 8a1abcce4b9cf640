// The CSV cell rules and the atomic package writer on their own: quoting, the formula guard,
// money as plain decimals; the writer's temporary folder, refusing a different package, a forced
// replace, and cleaning up after dead writers (putting a retired package back if it is missing).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { csvField, CsvWriter, moneyCell, textCell } from '../../../src-main/export/csv';
import { cleanLeftovers, nodeExportFs, writePackage } from '../../../src-main/export/atomic';
import { tempDir } from '../../helpers/core';
import { listTarget, parseCsv } from './helpers';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const pkg = (text: string) => {
  const files = [
    { name: 'a.csv', bytes: Buffer.from(`h\r\n${text}\r\n`) },
    { name: 'manifest.json', bytes: Buffer.from(`{"a":"${text}"}\n`) },
  ];
  return { folderName: '2026-03-16_S1', files: files.map((f) => ({ ...f, sha256: sha(f.bytes) })) };
};

describe('CSV cells', () => {
  it('formats money as plain decimals, negative numbers included', () => {
    expect([0, 5, -5, 1250, -1250, 123456789, -100].map(moneyCell)).toEqual(['0.00', '0.05', '-0.05', '12.50', '-12.50', '1234567.89', '-1.00']);
    expect(() => moneyCell(1.5)).toThrow();
  });

  it('puts a quote before text that starts like a formula, and only then', () => {
    expect(['=1+2', '+1', '-2', '@SUM(A1)', '\tx', '\rx', 'a=b', ' =x', '', 'Smith'].map(textCell)).toEqual(["'=1+2", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", 'a=b', ' =x', '', 'Smith']);
  });

  it('quotes fields with commas, quotes or line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const w = new CsvWriter<{ t: string | null; m: number; n: number | null }>([
      { name: 'text', type: 'text', value: (r) => r.t },
      { name: 'money', type: 'money', value: (r) => r.m },
      { name: 'int', type: 'int', value: (r) => r.n },
    ]);
    w.add({ t: '=cmd|"/c calc"!A0', m: -1999, n: 7 });
    w.add({ t: null, m: 0, n: null });
    w.add({ t: 'line\r\nbreak, comma', m: 5, n: 0 });
    const text = w.toBuffer().toString('utf8');
    expect(parseCsv(text)).toEqual([
      ['text', 'money', 'int'],
      ["'=cmd|\"/c calc\"!A0", '-19.99', '7'],
      ['', '0.00', ''],
      ['line\r\nbreak, comma', '0.05', '0'],
    ]);
    expect(w.rows).toBe(3);
  });
});

describe('atomic package writer', () => {
  const me = { host: 'testhost', pid: process.pid };

  it('renames a complete folder into place, recognises the same package, refuses a different one unless forced', async () => {
    const target = tempDir('tc-writer-');
    const active = new Set<string>();
    expect(await writePackage(nodeExportFs, target, pkg('one'), { force: false, me, active })).toMatchObject({ kind: 'written' });
    expect(await writePackage(nodeExportFs, target, pkg('one'), { force: false, me, active })).toMatchObject({ kind: 'identical' });
    expect(await writePackage(nodeExportFs, target, pkg('two'), { force: false, me, active })).toMatchObject({ kind: 'different' });
    expect(fs.readFileSync(path.join(target, '2026-03-16_S1', 'a.csv'), 'utf8')).toBe('h\r\none\r\n');
    const replaced = await writePackage(nodeExportFs, target, pkg('two'), { force: true, me, active });
    expect(replaced).toMatchObject({ kind: 'replaced' });
    expect(replaced.kind === 'replaced' && replaced.previousManifest?.toString()).toBe('{"a":"one"}\n');
    expect(fs.readFileSync(path.join(target, '2026-03-16_S1', 'a.csv'), 'utf8')).toBe('h\r\ntwo\r\n');
    expect(listTarget(target)).toEqual(['2026-03-16_S1']);
    expect(active.size).toBe(0);
  });

  it('cleans up dead writers: temporary folders go, a retired package whose folder is gone comes back', async () => {
    const target = tempDir('tc-writer-clean-');
    const dead = 2 ** 22 + 12345; // above any pid this machine hands out
    fs.mkdirSync(path.join(target, `.tc-tmp~testhost~${dead}~aaaa0000`));
    fs.writeFileSync(path.join(target, `.tc-tmp~testhost~${dead}~aaaa0000`, 'payments.csv'), 'half');
    fs.mkdirSync(path.join(target, `.tc-old~2026-03-16_S1~testhost~${dead}~bbbb0000`));
    fs.writeFileSync(path.join(target, `.tc-old~2026-03-16_S1~testhost~${dead}~bbbb0000`, 'manifest.json'), '{}');
    // A live writer's folder (this process, in use) and another host's fresh folder stay.
    const mine = path.join(target, `.tc-tmp~testhost~${process.pid}~cccc0000`);
    fs.mkdirSync(mine);
    fs.mkdirSync(path.join(target, '.tc-tmp~otherhost~1~dddd0000'));
    const removed = await cleanLeftovers(nodeExportFs, target, me, new Set([mine]), Date.now());
    expect(removed.sort()).toEqual([`.tc-old~2026-03-16_S1~testhost~${dead}~bbbb0000 (restored as 2026-03-16_S1)`, `.tc-tmp~testhost~${dead}~aaaa0000`]);
    expect(listTarget(target)).toEqual(['.tc-tmp~otherhost~1~dddd0000', `.tc-tmp~testhost~${process.pid}~cccc0000`, '2026-03-16_S1']);
    // An hour later the other host's folder counts as abandoned.
    expect(await cleanLeftovers(nodeExportFs, target, me, new Set([mine]), Date.now() + 2 * 3600_000)).toEqual(['.tc-tmp~otherhost~1~dddd0000']);
  });
});
