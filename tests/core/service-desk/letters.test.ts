// Issue 14 part B: letters recorded on the account with a snapshot of what they print, rendered
// from the row alone (a reprint is the same letter), in English and Spanish, read back with pdftotext.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { issueLetter } from '../../../src-main/documents/letters';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { makeAccount } from '../../helpers/fixtures';

async function pdfText(t: TestCore, token: string, letterId: number): Promise<string> {
  const pdf = await t.must('letters.pdf', { letterId }, token);
  expect(pdf.pages).toBe(1);
  const file = path.join(tempDir('tc-letter-'), pdf.filename);
  fs.writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
  // Lines wrap where the page ends: compare text with runs of white space made one space.
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

const AT = '2026-03-17T03:30:00Z'; // 11:30 PM on March 16 in North Carolina

describe('letters (issue 14 part B)', () => {
  it('a service confirmation (intake) in English and Spanish, printed from its recorded snapshot', async () => {
    const t = await makeTestCore({ now: AT });
    const db = t.core.deps.db;
    const a = makeAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St' });
    const details = {
      requestNumber: 'SR-2026-S1-000012',
      kind: 'close_out' as const,
      location: '14 Maple St, Mayberry',
      services: ['water' as const, 'sewer' as const],
      dates: [{ label: 'Final read', labelEs: 'Lectura final', date: '2026-03-20' }],
      workOrders: ['WO-2026-000044'],
      depositCents: 15000,
      amounts: [
        { label: 'Final bill', labelEs: 'Factura final', cents: 8962 },
        { label: 'Deposit applied', labelEs: 'Depósito aplicado', cents: -15000 },
        { label: 'Refund by check', labelEs: 'Reembolso por cheque', cents: -6038 },
      ],
      notes: [{ en: 'A check will be mailed to you.', es: 'Le enviaremos un cheque por correo.' }],
    };
    const en = db.transaction(() => issueLetter(db, { accountId: a.id, kind: 'service_confirmation', details, at: AT, userId: null }))();
    expect(en).toMatchObject({ kind: 'service_confirmation', language: 'en', subject: 'Service request confirmation SR-2026-S1-000012' });
    const es = db.transaction(() => issueLetter(db, { accountId: a.id, kind: 'service_confirmation', details, language: 'es', at: AT, userId: null }))();
    expect(es.subject).toBe('Confirmación de solicitud de servicio SR-2026-S1-000012');

    // The customer moves after the letter: the reprint still shows the address it was sent to.
    db.prepare("UPDATE customers SET mail_street = '1 New Rd' WHERE id = ?").run(a.customerId);
    const clerk = await t.signIn('clerk');
    const text = await pdfText(t, clerk, en.letterId);
    expect(text).toContain('March 16, 2026');
    expect(text).toMatch(/Andy Taylor\s+14 Maple St\s+Mayberry, NC 27030/);
    expect(text).toContain(`Account ${a.number}`);
    expect(text).toContain('This confirms your request SR-2026-S1-000012 (close-out) for 14 Maple St, Mayberry. Services: water and sewer.');
    expect(text).toMatch(/Final read\s+March 20, 2026/);
    expect(text).toMatch(/Work orders\s+WO-2026-000044/);
    expect(text).toMatch(/Deposit applied\s+-\$150\.00/);
    expect(text).toMatch(/Refund by check\s+-\$60\.38/);
    expect(text).toContain('A check will be mailed to you.');
    expect(text).not.toContain('1 New Rd');

    const spanish = await pdfText(t, clerk, es.letterId);
    expect(spanish).toContain('16 de marzo de 2026');
    expect(spanish).toContain(`Cuenta ${a.number}`);
    expect(spanish).toContain('Confirmamos su solicitud SR-2026-S1-000012 (cierre de cuenta) para 14 Maple St, Mayberry. Servicios: agua y alcantarillado.');
    expect(spanish).toMatch(/Lectura final\s+20 de marzo de 2026/);
    expect(spanish).toMatch(/Depósito aplicado\s+-\$150\.00/);
    expect(spanish).toContain('Le enviaremos un cheque por correo.');
    expect(spanish).toContain('Atentamente,');
    t.close();
  });

  it('an arrangement letter (adjustments) lists the installments; Spanish customers get Spanish by default; bad details are refused and record nothing', async () => {
    const t = await makeTestCore({ now: AT });
    const db = t.core.deps.db;
    const a = makeAccount(db, { first: 'Rosa', last: 'Martínez', street: '8 Oak St' });
    db.prepare("UPDATE customers SET language = 'es' WHERE id = ?").run(a.customerId);
    const details = {
      arrangementId: 7,
      kind: 'arrangement' as const,
      totalCents: 24000,
      installments: [
        { seq: 1, dueDate: '2026-04-01', amountCents: 12000 },
        { seq: 2, dueDate: '2026-05-01', amountCents: 12000 },
      ],
      createdOn: '2026-03-16',
    };
    const l = db.transaction(() => issueLetter(db, { accountId: a.id, kind: 'arrangement', details, at: AT, userId: 1 }))();
    expect(l).toMatchObject({ language: 'es', subject: 'Confirmación de arreglo de pago' });
    const clerk = await t.signIn('clerk');
    const text = await pdfText(t, clerk, l.letterId);
    expect(text).toContain('Estimado(a) Rosa Martínez:');
    expect(text).toContain('El 16 de marzo de 2026 acordamos un arreglo de pago número 7 por $240.00.');
    expect(text).toMatch(/1\s+1 de abril de 2026\s+\$120\.00/);
    expect(text).toMatch(/2\s+1 de mayo de 2026\s+\$120\.00/);
    expect(text).toMatch(/Total\s+\$240\.00/);

    const en = db.transaction(() => issueLetter(db, { accountId: a.id, kind: 'arrangement', details, language: 'en', at: AT, userId: 1 }))();
    const english = await pdfText(t, clerk, en.letterId);
    expect(english).toContain('On March 16, 2026 we agreed to a payment arrangement, number 7, for $240.00. Please pay each installment by its date:');
    expect(english).toMatch(/1\s+April 1, 2026\s+\$120\.00/);

    const before = db.prepare('SELECT count(*) AS n FROM letters').get();
    expect(() => issueLetter(db, { accountId: a.id, kind: 'arrangement', details: { ...details, installments: [] }, at: AT, userId: 1 })).toThrow(/installments/);
    expect(() => issueLetter(db, { accountId: a.id, kind: 'arrangement', details: { ...details, extra: 1 } as never, at: AT, userId: 1 })).toThrow(/details are not valid/);
    expect(() => issueLetter(db, { accountId: 999, kind: 'arrangement', details, at: AT, userId: 1 })).toThrow(/No account/);
    expect(db.prepare('SELECT count(*) AS n FROM letters').get()).toEqual(before);
    t.close();
  });
});
