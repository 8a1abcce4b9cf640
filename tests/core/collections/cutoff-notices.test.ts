import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount } from '../../helpers/fixtures';

const errorOf = (r: Envelope<unknown>) => (r.ok ? null : r.error);
const count = (t: TestCore, sql: string, ...p: unknown[]) => (t.core.deps.db.prepare(sql).get(...p) as { n: number }).n;

function pdfText(pdf: { contentBase64: string }): string {
  const file = path.join(tempDir('tc-notices-pdf-'), 'n.pdf');
  fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('cut-off notices', () => {
  let t: TestCore;
  let sup: string;
  let clerk: string;
  beforeEach(async () => {
    t = await makeTestCore(); // Monday 2026-03-16
    sup = await t.signIn('supervisor');
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  const owing = (last: string, street: string, water: number) => {
    const a = makeAccount(t.core.deps.db, { last, street });
    billAccount(t.core.deps.db, a.id, '2026-02-01', { water }); // due 2026-02-21
    return a;
  };

  it('issues one notice per on-list account in its language, prints them (EN and ES), reprints one identically, and never twice', async () => {
    const db = t.core.deps.db;
    const en = owing('Taylor', '14 Maple St', 8743);
    const es = owing('Garcia', '22 Oak St', 12000);
    const small = owing('Small', '3 Elm St', 1000); // below the minimum: left off, no notice
    db.prepare("UPDATE customers SET language = 'es' WHERE id = ?").run(es.customerId);
    const list = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    expect(list.onListCount).toBe(2);

    const r = await t.must('collections.cutoffNotices.issue', { listId: list.id, mailedOn: '2026-03-16' }, clerk);
    expect(r.issuedNow).toBe(2);
    expect(r.batch).toMatchObject({ listId: list.id, cutoffDate: '2026-03-24', onListCount: 2, issued: 2, mailedOn: ['2026-03-16'], parts: 1, problemToday: null });
    expect(count(t, "SELECT count(*) AS n FROM letters WHERE kind = 'cutoff_notice' AND account_id = ?", small.id)).toBe(0);
    expect(count(t, "SELECT count(*) AS n FROM audit_log WHERE action = 'collections.cutoffNotices.issue'")).toBe(1);

    // Again: nothing new (idempotent per list).
    const again = await t.must('collections.cutoffNotices.issue', { listId: list.id, mailedOn: '2026-03-16' }, clerk);
    expect(again.issuedNow).toBe(0);
    expect(count(t, "SELECT count(*) AS n FROM letters WHERE kind = 'cutoff_notice'")).toBe(2);

    const pdf = await t.must('collections.cutoffNotices.pdf', { listId: list.id }, clerk);
    expect(pdf.pages).toBe(2);
    const text = pdfText(pdf);
    // English notice: amount due, cut-off date, how to pay, how to contest / hearing.
    expect(text).toContain('Notice of disconnection for nonpayment');
    expect(text).toContain('Unless $87.43 is paid before March 24, 2026, your service will be disconnected for nonpayment');
    expect(text).toContain('Past-due amount to pay $87.43');
    expect(text).toContain('How to pay');
    expect(text).toContain('during office hours (Monday through Friday, 8:00 AM to 5:00 PM, except town holidays)');
    expect(text).toContain('en horario de oficina (lunes a viernes, de 8:00 a. m. a 5:00 p. m., excepto los días festivos del pueblo)');
    expect(text).toContain('104 N Main St, Mayberry NC 27030');
    expect(text).toContain('(336) 555-0100');
    expect(text).toContain('How to contest the bill and ask for a hearing');
    expect(text).toContain('no later than March 23, 2026');
    expect(text).toContain('$50.00 reconnect fee');
    // Spanish notice.
    expect(text).toContain('Aviso de desconexión por falta de pago');
    expect(text).toContain('Si no paga $120.00 antes del 24 de marzo de 2026');
    expect(text).toContain('Cómo impugnar la factura y pedir una audiencia');
    expect(text).toContain('a más tardar el 23 de marzo de 2026');

    // The account's notices, and the reprint through letters.pdf prints the same notice.
    const mine = await t.must('collections.cutoffNotices.ofAccount', { accountId: es.id }, clerk);
    expect(mine.notices).toEqual([expect.objectContaining({ listId: list.id, cutoffDate: '2026-03-24', mailedOn: '2026-03-16', pastDueCents: 12000, language: 'es' })]);
    const reprint = pdfText(await t.must('letters.pdf', { letterId: mine.notices[0]!.letterId }, clerk));
    expect(reprint).toContain('Si no paga $120.00 antes del 24 de marzo de 2026');
    expect(reprint).not.toContain('$87.43');
    // The snapshot holds the office hours as mailed: a later change of the setting leaves the reprint as it was.
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { townOfficeHoursEs: 'martes y jueves' }, reason: 'Shorter hours' }, admin);
    const later = pdfText(await t.must('letters.pdf', { letterId: mine.notices[0]!.letterId }, clerk));
    expect(later).toBe(reprint);
    expect((await t.must('collections.cutoffNotices.ofAccount', { accountId: en.id }, clerk)).notices).toEqual([expect.objectContaining({ pastDueCents: 8743, language: 'en' })]);
  });

  it('is refused when the cut-off date is less than cutoffNoticeDays after the mail date, or the list is not ready (nothing written)', async () => {
    owing('Taylor', '14 Maple St', 8743);
    const list = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    // 2026-03-18 is 6 days before the cut-off (cutoffNoticeDays 7).
    const near = errorOf(await t.call('collections.cutoffNotices.issue', { listId: list.id, mailedOn: '2026-03-18' }, clerk));
    expect(near).toMatchObject({ code: 'BAD_INPUT', details: { field: 'mailedOn' } });
    expect(near?.message).toContain('only 6 days after the mail date 2026-03-18');
    // 7 days is enough.
    expect(errorOf(await t.call('collections.cutoffNotices.issue', { listId: list.id, mailedOn: '2026-03-15' }, clerk))?.code).toBe('BAD_INPUT'); // in the past
    expect(count(t, "SELECT count(*) AS n FROM letters WHERE kind = 'cutoff_notice'")).toBe(0);
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { cutoffNoticeDays: 9 }, reason: 'Nine days of notice' }, admin);
    const status = await t.must('collections.cutoffNotices.status', { listId: list.id }, clerk);
    expect(status.problemToday).toContain('only 8 days after the mail date 2026-03-16; notices must be mailed at least 9 days before the cut-off');
    expect(errorOf(await t.call('collections.cutoffNotices.pdf', { listId: list.id }, clerk))?.code).toBe('NOT_FOUND');
    // A superseded list prints nothing.
    const newer = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    expect(newer.id).not.toBe(list.id);
    expect(errorOf(await t.call('collections.cutoffNotices.issue', { listId: list.id, mailedOn: '2026-03-16' }, clerk))?.code).toBe('CONFLICT');
    expect(errorOf(await t.call('collections.cutoffNotices.issue', { listId: newer.id, mailedOn: '2026-03-16' }, clerk))?.code).toBe('BAD_INPUT'); // 9 days now
  });
});
