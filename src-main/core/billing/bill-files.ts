// A run's bill documents written to a folder for the print shop or the vendor, with bounded
// memory however big the run: every PDF part (BILLS_PER_PDF_PART bills, route order) streamed
// page by page into its file, and the vendor CSV written row by row. Each file is written under
// a temporary name and renamed into place, so a folder never holds half a file under its real
// name; a part already in place is skipped, so an interrupted write continues where it stopped.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { BILLS_PER_PDF_PART } from '../../../src-shared/ipc/billing-schemas';
import type { Db } from '../../db/open-ledger';
import { streamBillsPdf, type BillTown } from '../../documents/bill-pdfs';
import { csvField, CsvWriter } from '../../export/csv';
import { BillDocs, type BillDoc } from './bill-docs';
import { VENDOR_COLUMNS } from './vendor-csv';

export interface RunFilesProgress {
  bills: number;
  total: number;
  file: string;
}

export async function writeRunFiles(db: Db, runId: number, dir: string, town: BillTown, onProgress?: (p: RunFilesProgress) => void): Promise<{ files: string[]; bills: number }> {
  const run = db.prepare('SELECT cycle, period FROM billing_runs WHERE id = ?').get(runId) as { cycle: number; period: string } | undefined;
  if (!run) throw new Error(`no billing run ${runId}`);
  const docs = new BillDocs(db);
  const ids = docs.runBillIds(runId);
  const parts = Math.max(1, Math.ceil(ids.length / BILLS_PER_PDF_PART));
  const base = `bills-cycle${run.cycle}-${run.period}`;
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let done = 0;
  for (let part = 1; part <= parts; part++) {
    const name = parts > 1 ? `${base}-part${String(part).padStart(3, '0')}.pdf` : `${base}.pdf`;
    const target = path.join(dir, name);
    const slice = ids.slice((part - 1) * BILLS_PER_PDF_PART, part * BILLS_PER_PDF_PART);
    files.push(target);
    if (!fs.existsSync(target)) {
      const tmp = `${target}.tmp`;
      const out = fs.createWriteStream(tmp);
      function* load(): Generator<BillDoc> {
        for (const id of slice) yield docs.load(id);
      }
      await streamBillsPdf(load(), town, out, { title: `${town.name} bills, cycle ${run.cycle} ${run.period}, part ${part} of ${parts}`, onPage: (n) => onProgress?.({ bills: done + n, total: ids.length, file: name }) });
      fs.renameSync(tmp, target);
    }
    done += slice.length;
    onProgress?.({ bills: done, total: ids.length, file: name });
  }
  // The vendor CSV, row by row (CsvWriter quotes and guards the cells; the rows go straight to the file).
  const csvName = `${base}.csv`;
  const csvTarget = path.join(dir, csvName);
  const tmp = `${csvTarget}.tmp`;
  const out = fs.createWriteStream(tmp);
  out.write(`${VENDOR_COLUMNS.map((c) => csvField(c.name)).join(',')}\r\n`);
  for (let i = 0; i < ids.length; i += 1000) {
    const w = new CsvWriter(VENDOR_COLUMNS);
    for (const id of ids.slice(i, i + 1000)) w.add(docs.load(id));
    const bytes = w.toBuffer();
    // Drop the header each small writer starts with.
    if (!out.write(bytes.subarray(bytes.indexOf('\r\n') + 2))) await once(out, 'drain');
    onProgress?.({ bills: Math.min(ids.length, i + 1000), total: ids.length, file: csvName });
  }
  out.end();
  await once(out, 'finish');
  fs.renameSync(tmp, csvTarget);
  files.push(csvTarget);
  return { files, bills: ids.length };
}
