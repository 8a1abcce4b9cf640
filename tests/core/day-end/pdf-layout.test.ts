// Issue 11 item 13: every time on the end-of-day PDFs in the town's time zone (no raw ISO
// timestamps), and signature lines never alone on a page.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { dailyCashReportPdf, depositSlipPdf, drawerReportPdf } from '../../../src-main/documents/day-end-pdfs';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const SUP = { username: 'supervisor', secret: '9999' };
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?/;
const dir = tempDir('tc-pdf-layout-');
let seq = 0;

function pdfPages(bytes: Buffer): string[] {
  const file = path.join(dir, `doc-${++seq}.pdf`);
  fs.writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
}

/** The lines of a page that are neither the footer, nor blank, nor one of the signature labels. */
function contentLines(page: string, labels: string[]): string[] {
  return page
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/— page \d+ of \d+/.test(l) && !labels.includes(l));
}

describe('end-of-day PDFs: times and page breaks', () => {
  let t: TestCore;
  let sup: string;
  let drawerId: number;
  beforeAll(async () => {
    // 04:11 UTC on Dec 4 is 11:11 PM on Dec 3 in the town (America/New_York, EST).
    t = await makeTestCore({ now: '2026-12-04T04:11:06.555Z' });
    const db = t.core.deps.db;
    const acct = makeAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St' });
    billAccount(db, acct.id, '2026-11-20', { water: 3000, sewer: 2500 });
    const c1 = await t.signIn('cashier');
    const drawer = await t.must('drawer.open', { counts: STARTING_BANK }, c1);
    drawerId = drawer.id;
    await t.must('payments.post', { idempotencyKey: 'pdf-layout-0001', lines: [{ type: 'account', accountId: acct.id, amountCents: 2000 }], tenders: [{ kind: 'cash', amountCents: 2000 }] }, c1);
    await t.must('drawer.pickup', { drawerId, counts: [{ denominationCents: 1000, count: 1 }], note: 'midday', override: SUP }, c1);
    const clerk = await t.signIn('clerk');
    const batch = await t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 1500 }, clerk);
    await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: acct.number, amountCents: 1500, checkNumber: '4411' }, clerk);
    await t.must('mailBatches.post', { batchId: batch.id }, clerk);
    const count = await t.must('drawer.count', { counts: STARTING_BANK, checks: [], cardBatchCents: 0 }, c1);
    await t.must('drawer.close', { countId: count.countId, note: 'pickup and payment counted', override: SUP }, c1);
    sup = await t.signIn('supervisor');
    await t.must('day.close', { businessDate: drawer.businessDate }, sup);
  });
  afterAll(() => t.close());

  const pdfText = async (input: Parameters<TestCore['must']>[1]) => {
    const pdf = await t.must('reports.pdf', input as never, sup);
    return pdfPages(Buffer.from(pdf.contentBase64, 'base64')).join('\n');
  };

  it('prints the drawer report and daily report times in the town time zone, never as ISO strings', async () => {
    const drawerText = await pdfText({ kind: 'drawer', drawerId });
    expect(drawerText).not.toMatch(ISO_TIME);
    expect(drawerText).toMatch(/Opened\s+12\/03\/2026 11:11 PM EST/);
    expect(drawerText).toMatch(/Closed\s+12\/03\/2026 11:11 PM EST/);
    expect(drawerText).toContain('12/03/2026 11:11 PM EST'); // the pickup's time
    const daily = await t.must('reports.daily', { businessDate: '2026-12-03' }, sup);
    expect(daily.mailBatches).toHaveLength(1);
    const dailyText = await pdfText({ kind: 'daily', businessDate: '2026-12-03' });
    expect(dailyText).not.toMatch(ISO_TIME);
    expect(dailyText).toContain('closed 12/03/2026 11:11 PM EST');
    expect(dailyText.match(/12\/03\/2026 11:11 PM EST/g)!.length).toBeGreaterThanOrEqual(2); // closed, and the mail batch
    const slipText = await pdfText({ kind: 'depositSlip', drawerId });
    expect(slipText).not.toMatch(ISO_TIME);
  });

  it('uses the time zone of the settings, not the machine', async () => {
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { timeZone: 'America/Los_Angeles' }, reason: 'test a west-coast town' }, admin);
    try {
      const drawerText = await pdfText({ kind: 'drawer', drawerId });
      expect(drawerText).toMatch(/Opened\s+12\/03\/2026 8:11 PM PST/);
    } finally {
      await t.must('settings.update', { values: { timeZone: 'America/New_York' }, reason: 'back to the town zone' }, admin);
    }
  });

  it('never leaves a signature line alone on a page: the block moves with the last lines before it', { timeout: 60_000 }, async () => {
    const report = await t.must('reports.drawer', { drawerId }, sup);
    const daily = await t.must('reports.daily', { businessDate: '2026-12-03' }, sup);
    const town = { name: 'Town of Mayberry', address: '1 Main St', timeZone: 'America/New_York' };
    const cases: Array<{ labels: string[]; build: (n: number) => Promise<{ bytes: Buffer; pages: number }> }> = [
      {
        labels: ['Prepared by (cashier)', 'Verified by (supervisor)'],
        build: (n) =>
          depositSlipPdf(
            { ...report, count: { ...report.count!, checks: Array.from({ length: n }, (_, i) => ({ checkNumber: String(1000 + i), amountCents: 100 + i, payer: `Payer ${i}` })) } },
            town,
          ),
      },
      {
        labels: ['Cashier', 'Supervisor'],
        build: (n) => drawerReportPdf({ ...report, pickups: Array.from({ length: n }, (_, i) => ({ ...report.pickups[0]!, id: i + 1 })) }, town),
      },
      {
        labels: ['Prepared by', 'Finance officer'],
        build: (n) => dailyCashReportPdf({ ...daily, mailBatches: Array.from({ length: n }, (_, i) => ({ ...daily.mailBatches[0]!, id: i + 1 })) }, { timeZone: town.timeZone }),
      },
    ];
    let crossedPages = 0;
    for (const c of cases) {
      // Find where the report grows to a second page, then read every length around that break.
      let grows = 0;
      for (let n = 1; n <= 80 && grows === 0; n++) if ((await c.build(n)).pages > 1) grows = n;
      expect(grows, `${c.labels[0]}: reaches page 2`).toBeGreaterThan(0);
      crossedPages++;
      for (let n = Math.max(1, grows - 8); n <= grows + 3; n++) {
        const out = await c.build(n);
        const pages = pdfPages(out.bytes);
        expect(pages).toHaveLength(out.pages);
        const last = pages[pages.length - 1]!;
        // Both signature lines on the last page, and real content above them on that page.
        for (const l of c.labels) expect(last, `${c.labels[0]} with ${n} rows`).toContain(l);
        for (const p of pages.slice(0, -1)) for (const l of c.labels) expect(p.split('\n').map((x) => x.trim())).not.toContain(l);
        expect(contentLines(last, c.labels).length, `content kept with the signatures (${c.labels[0]}, ${n} rows)`).toBeGreaterThanOrEqual(2);
      }
    }
    expect(crossedPages).toBe(3); // each report grew past a page break
  });
});
