// NC Debt Setoff through the contract: eligibility edges ($49.99 / $50.00, 59 / 60 days, 29 / 30 /
// 31 days after the notice), identity, notices (EN/ES PDF), hearings, the submission file read back
// by the independent parser (tests/helpers/setoff-parser.ts), updates to the current balance
// (0000000 when paid), and the import of setoff proceeds as third-party payments.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../src-main/core/ledger/verify';
import { accountOpen, agedOpenAccountsInRange, openItemsInRange, pastDueInRange, summarizeOpen } from '../../../src-main/core/collections/open-items';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';
import { parseSubmissionFile } from '../../helpers/setoff-parser';

const SSN = '123456789';

function pdfText(base64: string, dir: string): string {
  const file = path.join(dir, `n-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('NC Debt Setoff', () => {
  let t: TestCore;
  let dir: string;
  let clerk: string;
  let supervisor: string;

  beforeEach(async () => {
    dir = tempDir('tc-setoff-');
    t = await makeTestCore({ file: path.join(dir, 'ledger.sqlite'), boot: { keyFile: path.join(dir, 'keys', 'towncounter.key') } });
    clerk = await t.signIn('clerk');
    supervisor = await t.signIn('supervisor');
  });
  afterEach(() => t.close());

  const db = () => t.core.deps.db;
  const debtor = async (p: { first?: string; last: string; street?: string; ssn?: string | null; kind?: 'ssn' | 'itin'; language?: 'en' | 'es' }) => {
    const a = makeAccount(db(), { first: p.first ?? 'Otis', last: p.last, street: p.street ?? `${p.last.length} Elm St` });
    const changes: Record<string, unknown> = {};
    if (p.ssn !== null) changes.taxId = { kind: p.kind ?? 'ssn', value: p.ssn ?? SSN };
    if (p.language) changes.language = p.language;
    if (Object.keys(changes).length > 0) await t.must('customers.update', { customerId: a.customerId, changes }, clerk);
    return a;
  };
  const criteria = async (accountId: number) => {
    const r = await t.must('setoff.account', { accountId }, clerk);
    const by = Object.fromEntries(r.standing.criteria.map((c) => [c.key, { met: c.met, detail: c.detail }])) as Record<'amount' | 'delinquent' | 'identity' | 'notice' | 'hearing', { met: boolean; detail: string }>;
    return { ...r.standing, by };
  };
  const at = (day: string) => t.clock.set(`${day}T15:00:00Z`);

  it('amount: $49.99 delinquent 60 days is under the minimum, $50.00 is enough', async () => {
    // Today 2026-03-16; a bill dated 2025-12-26 is due 2026-01-15: 60 days delinquent.
    const low = await debtor({ last: 'Pyle', ssn: '234567890' });
    const ok = await debtor({ last: 'Lawson', ssn: '345678901' });
    billAccount(db(), low.id, '2025-12-26', { water: 4999 });
    billAccount(db(), ok.id, '2025-12-26', { water: 5000 });
    const a = await criteria(low.id);
    expect(a.debtCents).toBe(4999);
    expect(a.by.amount).toEqual({ met: false, detail: '$49.99 delinquent at least 60 days, under the $50.00 minimum' });
    expect(a.by.delinquent).toEqual({ met: true, detail: 'delinquent since 2026-01-15: 60 days (at least 60)' });
    expect(a.noticeDue).toBe(false);
    const b = await criteria(ok.id);
    expect(b.by.amount.met).toBe(true);
    expect(b.noticeDue).toBe(true);
    expect(b.eligible).toBe(false);
    expect(b.by.notice).toEqual({ met: false, detail: 'no setoff notice mailed' });
  });

  it('age: 59 days delinquent is not enough, 60 is; only charges 60 days old count toward the debt', async () => {
    const young = await debtor({ last: 'Sprague', ssn: '456789012' });
    billAccount(db(), young.id, '2025-12-27', { water: 8000 }); // due 2026-01-16: 59 days
    const y = await criteria(young.id);
    expect(y.by.delinquent).toEqual({ met: false, detail: 'delinquent since 2026-01-16: 59 days (at least 60)' });
    expect(y.by.amount).toEqual({ met: false, detail: '$0.00 delinquent at least 60 days, under the $50.00 minimum ($80.00 past due in all)' });
    at('2026-03-17');
    const next = await criteria(young.id);
    expect(next.by.delinquent.met).toBe(true);
    expect(next.debtCents).toBe(8000);
    expect(next.noticeDue).toBe(true);
  });

  it('identity: a person with an SSN or ITIN; not without one, not a business', async () => {
    const none = await debtor({ last: 'Walker', ssn: null });
    const itin = await debtor({ last: 'Crump', ssn: '912701234', kind: 'itin' });
    const shop = makeAccount(db(), { business: "Floyd's Barber Shop", street: '3 Main St' });
    for (const a of [none, itin, shop]) billAccount(db(), a.id, '2025-11-01', { water: 9000 });
    expect((await criteria(none.id)).by.identity).toEqual({ met: false, detail: 'no SSN or ITIN on file' });
    expect((await criteria(itin.id)).by.identity).toEqual({ met: true, detail: 'ITIN on file' });
    expect((await criteria(shop.id)).by.identity).toEqual({ met: false, detail: 'a business: setoff is for individuals only' });
    const list = await t.must('setoff.eligibility', {}, clerk);
    expect(list.counts).toMatchObject({ candidates: 3, eligible: 0, noticeDue: 1 });
    expect(list.rows[0]!.accountId).toBe(itin.id);
    // The walk reports how far it has got while it runs (setoff.progress, polled by the screen).
    const seen: Array<{ running: boolean; what: string | null; doneId: number; maxId: number }> = [];
    let finished = false;
    const walking = t.must('setoff.eligibility', {}, clerk).then(() => (finished = true));
    while (!finished) {
      seen.push(await t.must('setoff.progress', {}, clerk));
      await new Promise((r) => setImmediate(r));
    }
    await walking;
    expect(seen).toContainEqual({ running: true, what: 'eligibility', doneId: shop.id, maxId: shop.id });
    expect(await t.must('setoff.progress', {}, clerk)).toMatchObject({ running: false, what: null });
    // A list naming an account that can't be noticed is refused whole: nothing is written.
    const refused = await t.call('setoff.sendNotices', { mailedOn: '2026-03-16', accountIds: [itin.id, none.id] }, clerk);
    expect(refused.ok || refused.error.message).toMatch(/can't get a setoff notice: no SSN or ITIN on file/);
    expect((db().prepare('SELECT count(*) AS n FROM setoff_notices').get() as { n: number }).n).toBe(0);
  });

  it('notice: sent in the customer language, recorded with the mail date; 29 and 30 days after it the window is open, 31 days after it the debt is eligible', async () => {
    const en = await debtor({ first: 'Jane', last: 'Doe-Smith', ssn: SSN });
    const es = await debtor({ first: 'Rosa', last: 'Delgado', ssn: '567890123', language: 'es' });
    billAccount(db(), en.id, '2025-11-01', { water: 12000, sewer: 6743 });
    billAccount(db(), es.id, '2025-12-01', { water: 9000 });
    const sent = await t.must('setoff.sendNotices', { mailedOn: '2026-03-16' }, clerk);
    expect(sent.notices.map((n) => [n.accountId, n.amountCents])).toEqual([
      [en.id, 18743],
      [es.id, 9000],
    ]);
    expect(sent.pdf.pages).toBe(2);
    const text = pdfText(sent.pdf.contentBase64, dir);
    expect(text).toContain('Notice of intent to set off your state income tax refund');
    expect(text).toContain('$187.43');
    // The description wraps in its table column: its words, in order.
    expect(text).toMatch(/Utility charges past due since November 21,.{0,40}2025/);
    expect(text).toMatch(/Cargos de servicios públicos vencidos desde el.{0,40}21 de diciembre de 2025/);
    expect(text).toContain('intends to apply your North Carolina state income tax refund');
    expect(text).toContain('a collection assistance fee of $15.00 will be added');
    expect(text).toContain('written request for a hearing within 30 days after the date this notice was mailed (March 16, 2026), that is, by April 15, 2026');
    expect(text).toContain('If you do not request a hearing in time, the debt will be set off');
    expect(text).toContain('Aviso de intención de compensar su reembolso de impuestos estatales');
    expect(text).toContain('solicitando una audiencia por escrito dentro de los 30 días');
    expect(text).toContain('cargo de asistencia de cobro de $15.00');
    // Recorded on the account: a letters row (reprintable) and the notice with its mail date.
    const letters = await t.must('letters.list', { accountId: es.id }, clerk);
    expect(letters.rows).toMatchObject([{ kind: 'setoff_notice', language: 'es' }]);
    const reprint = await t.must('letters.pdf', { letterId: letters.rows[0]!.id }, clerk);
    expect(pdfText(reprint.contentBase64, dir)).toContain('Aviso de intención');
    // A second batch finds nobody due.
    expect((await t.call('setoff.sendNotices', { mailedOn: '2026-03-16' }, clerk)).ok).toBe(false);

    at('2026-04-14'); // 29 days after
    expect((await criteria(en.id)).by.notice).toEqual({ met: false, detail: 'notice mailed 2026-03-16; hearing window open until 2026-04-15' });
    at('2026-04-15'); // 30 days after: the last day to ask
    expect((await criteria(en.id)).eligible).toBe(false);
    at('2026-04-16'); // 31 days after
    const ok = await criteria(en.id);
    expect(ok.by.notice).toEqual({ met: true, detail: 'notice mailed 2026-03-16; hearing window closed 2026-04-15' });
    expect(ok.eligible).toBe(true);
    expect(ok.complianceDate).toBe('2026-04-16');
  });

  it('hearings: a pending request stops submission, a decision for the town lets it go, one for the debtor does not', async () => {
    const a = await debtor({ last: 'Goober', ssn: '678901234' });
    const b = await debtor({ last: 'Gomer', ssn: '789012345' });
    billAccount(db(), a.id, '2025-11-01', { water: 9000 });
    billAccount(db(), b.id, '2025-11-01', { water: 9000 });
    expect((await t.call('setoff.recordHearing', { accountId: a.id, receivedOn: '2026-03-20' }, clerk)).ok).toBe(false); // no notice yet
    await t.must('setoff.sendNotices', { mailedOn: '2026-03-16' }, clerk);
    at('2026-03-20');
    const h = await t.must('setoff.recordHearing', { accountId: a.id, receivedOn: '2026-03-20', note: 'Says the meter was misread' }, clerk);
    const h2 = await t.must('setoff.recordHearing', { accountId: b.id, receivedOn: '2026-03-20' }, clerk);
    expect((await t.call('setoff.recordHearing', { accountId: a.id, receivedOn: '2026-03-21' }, clerk)).ok).toBe(false); // one pending at a time
    at('2026-04-20');
    expect((await criteria(a.id)).by.hearing).toEqual({ met: false, detail: 'hearing requested 2026-03-20, not yet decided' });
    // Deciding is the supervisor's (setoff.manage).
    const denied = await t.call('setoff.decideHearing', { hearingId: h.id, decidedOn: '2026-04-20', outcome: 'town' }, clerk);
    expect(denied.ok || denied.error.code).toBe('FORBIDDEN');
    await t.must('setoff.decideHearing', { hearingId: h.id, decidedOn: '2026-04-20', outcome: 'town' }, supervisor);
    await t.must('setoff.decideHearing', { hearingId: h2.id, decidedOn: '2026-04-20', outcome: 'debtor', note: 'Leak adjustment owed' }, supervisor);
    const won = await criteria(a.id);
    expect(won.eligible).toBe(true);
    expect(won.complianceDate).toBe('2026-04-20');
    const lost = await criteria(b.id);
    expect(lost.by.hearing).toEqual({ met: false, detail: 'hearing decided for the debtor on 2026-04-20: not submitted' });
    expect(lost.eligible).toBe(false);
    expect((await t.call('setoff.decideHearing', { hearingId: h.id, decidedOn: '2026-04-21', outcome: 'debtor' }, supervisor)).ok).toBe(false);
  });

  it('a debt already sent is withdrawn (0) while a late hearing request waits, sent again when decided for the town, and 0 after its expiration month; a folder that cannot be written logs nothing', async () => {
    const a = await debtor({ last: 'Barney', ssn: '456789123' });
    const b = await debtor({ last: 'Thelma', ssn: '567891234' });
    billAccount(db(), a.id, '2025-11-01', { water: 9000 });
    billAccount(db(), b.id, '2025-11-01', { water: 6000 });
    await t.must('setoff.sendNotices', { mailedOn: '2026-03-16' }, clerk);
    at('2026-04-17');
    const missing = await t.call('setoff.buildSubmission', { folder: path.join(dir, 'no-such-folder') }, supervisor);
    expect(missing.ok || missing.error.code).toBe('EXPORT_TARGET_UNAVAILABLE');
    expect((db().prepare('SELECT (SELECT count(*) FROM setoff_submissions) + (SELECT count(*) FROM setoff_debts) AS n').get() as { n: number }).n).toBe(0);
    const folder = path.join(dir, 'out');
    fs.mkdirSync(folder);
    const first = await t.must('setoff.buildSubmission', { folder }, supervisor);
    expect(first.records.map((r) => [r.accountId, r.amountCents])).toEqual([
      [a.id, 9000],
      [b.id, 6000],
    ]);
    at('2026-04-20');
    const h = await t.must('setoff.recordHearing', { accountId: a.id, receivedOn: '2026-04-20', note: 'late request' }, clerk);
    const preview = async () => (await t.must('setoff.previewSubmission', {}, supervisor)).rows.map((r) => [r.accountId, r.amountCents, r.reason]);
    expect(await preview()).toEqual([[a.id, 0, 'withdrawn']]);
    const second = await t.must('setoff.buildSubmission', { folder }, supervisor);
    expect(parseSubmissionFile(fs.readFileSync(second.writtenTo, 'latin1')).records.map((r) => [r.uniqueKey, r.debtAmountCents])).toEqual([['00000001', 0]]);
    at('2026-05-01');
    await t.must('setoff.decideHearing', { hearingId: h.id, decidedOn: '2026-05-01', outcome: 'town' }, supervisor);
    expect(await preview()).toEqual([[a.id, 9000, 'balance']]);
    const third = await t.must('setoff.buildSubmission', { folder }, supervisor);
    // Same key, same compliance date and expiration as when first sent.
    expect(parseSubmissionFile(fs.readFileSync(third.writtenTo, 'latin1')).records.map((r) => [r.uniqueKey, r.debtAmountCents, r.complianceDate, r.expiration])).toEqual([['00000001', 9000, '2026-04-16', '202904']]);
    at('2029-04-30');
    expect(await preview()).toEqual([]);
    at('2029-05-01');
    expect(await preview()).toEqual([
      [a.id, 0, 'expired'],
      [b.id, 0, 'expired'],
    ]);
  });

  it('submission: the file read back by the independent parser, the control record matching; updates send the current balance, 0000000 when paid; proceeds post as third-party payments', async () => {
    const jane = await debtor({ first: 'Jane', last: "Doe-Smith", street: '104 N. Main St., Apt. 2', ssn: SSN });
    const otis = await debtor({ first: 'Otis', last: "O'Campbell", ssn: '234567891' });
    const late = await debtor({ first: 'Emmett', last: 'Clark', ssn: '345678912' });
    billAccount(db(), jane.id, '2025-11-01', { water: 12000, sewer: 6743 });
    billAccount(db(), otis.id, '2025-11-15', { water: 7500 });
    billAccount(db(), late.id, '2025-11-15', { water: 7500 });
    await t.must('setoff.sendNotices', { mailedOn: '2026-03-16', accountIds: [jane.id, otis.id] }, clerk);
    at('2026-04-17');
    const folder = path.join(dir, 'setoff-out');
    fs.mkdirSync(folder);
    expect((await t.call('setoff.buildSubmission', { folder }, clerk)).ok).toBe(false); // setoff.manage only
    const preview = await t.must('setoff.previewSubmission', {}, supervisor);
    expect(preview.rows.map((r) => [r.accountId, r.amountCents, r.reason])).toEqual([
      [jane.id, 18743, 'balance'],
      [otis.id, 7500, 'balance'],
    ]);
    const built = await t.must('setoff.buildSubmission', { folder }, supervisor);
    expect(built.submission).toMatchObject({ recordCount: 2, totalCents: 26243 });
    expect(built.writtenTo).toBe(path.join(folder, built.submission.fileName));
    expect(fs.readdirSync(folder)).toEqual([built.submission.fileName]);
    const bytes = fs.readFileSync(built.writtenTo);
    expect([...bytes].every((b) => b < 0x80)).toBe(true);
    const file = parseSubmissionFile(bytes.toString('latin1'));
    expect(file.records).toHaveLength(2);
    expect(file.control).toEqual({ recordCount: 2, totalCents: file.records.reduce((a, r) => a + r.debtAmountCents, 0), agencyCode: '0999', fileDate: '2026-04-17' });
    expect(file.records[0]).toEqual({
      ssn: SSN,
      firstName: 'JANE',
      middleInitial: '',
      lastName: 'DOE-SMITH',
      street: '104 N MAIN ST APT 2',
      city: 'MAYBERRY',
      state: 'NC',
      zip: '27030',
      debtAmountCents: 18743,
      agencyCode: '0999',
      expiration: '202904',
      complianceDate: '2026-04-16',
      accountNumber: jane.number,
      uniqueKey: '00000001',
      accountCode: 'UTL',
      baseDebtCents: null,
      baseInterestCents: null,
      uniqueKeyExtension: '',
    });
    expect(file.records[1]).toMatchObject({ ssn: '234567891', lastName: 'OCAMPBELL', uniqueKey: '00000002', debtAmountCents: 7500 });
    // The SSN is in the file and nowhere else: not in the reply, the audit log, the log tables.
    const ledgerText = JSON.stringify([built, db().prepare('SELECT * FROM audit_log').all(), db().prepare('SELECT * FROM setoff_submission_records').all(), db().prepare('SELECT * FROM letters').all()]);
    expect(ledgerText).not.toContain(SSN);
    expect(ledgerText).not.toContain('234567891');
    for (const f of [t.file, `${t.file}-wal`].filter((x) => fs.existsSync(x))) expect(fs.readFileSync(f).includes(Buffer.from(SSN))).toBe(false);

    // Nothing changed: nothing to send.
    expect((await t.must('setoff.previewSubmission', {}, supervisor)).rows).toEqual([]);
    const again = await t.call('setoff.buildSubmission', { folder }, supervisor);
    expect(again.ok || again.error.code).toBe('CONFLICT');

    // Otis pays part at the counter, Jane pays all: the next file carries the current balances, same keys.
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: 'setoff-pay-0001', lines: [{ type: 'account', accountId: otis.id, amountCents: 2500 }], tenders: [{ kind: 'cash', amountCents: 2500 }] } as never, cashier);
    await t.must('payments.post', { idempotencyKey: 'setoff-pay-0002', lines: [{ type: 'account', accountId: jane.id, amountCents: 18743 }], tenders: [{ kind: 'cash', amountCents: 18743 }] } as never, cashier);
    const second = await t.must('setoff.buildSubmission', { folder }, supervisor);
    expect(second.records.map((r) => [r.uniqueKey, r.amountCents, r.reason])).toEqual([
      ['00000001', 0, 'paid'],
      ['00000002', 5000, 'balance'],
    ]);
    const f2 = parseSubmissionFile(fs.readFileSync(second.writtenTo, 'latin1'));
    expect(f2.records.map((r) => [r.uniqueKey, r.debtAmountCents])).toEqual([
      ['00000001', 0],
      ['00000002', 5000],
    ]);
    expect(f2.control).toMatchObject({ recordCount: 2, totalCents: 5000 });
    expect(fs.readFileSync(second.writtenTo, 'latin1').split('\r\n')[0]!.slice(78, 85)).toBe('0000000');

    // Proceeds: Otis's refund was set off ($50.00, his current balance); one record we never sent.
    const sentLine = fs.readFileSync(second.writtenTo, 'latin1').split('\r\n')[1]!;
    const ret = (line136: string, amount: number, deposit: number) => `${line136}04212026${String(amount).padStart(7, '0')}04202026 101500${String(deposit).padStart(7, '0')}`;
    const stranger = `${'987654321'}${sentLine.slice(9, 128)}99999999`;
    const content = [ret(sentLine.slice(0, 136), 5000, 6200), ret(stranger, 1200, 6200)].join('\r\n') + '\r\n';
    // Wrong lengths and a deposit that doesn't reconcile are refused whole: nothing posted.
    const entriesBefore = (db().prepare('SELECT count(*) AS n FROM journal_entries').get() as { n: number }).n;
    const short = await t.call('setoff.importProceeds', { fileName: 'setoff-0420.txt', content: content.replace('04212026', '0421202') }, supervisor);
    expect(short.ok || short.error.code).toBe('BAD_INPUT');
    const unbalanced = await t.call('setoff.importProceeds', { fileName: 'setoff-0420.txt', content: content.replace(/0006200/g, '0006100') }, supervisor);
    expect(unbalanced.ok || unbalanced.error.message).toMatch(/\$62\.00\) do not reconcile to the Cash Management deposit \(\$61\.00\)/);
    expect((db().prepare('SELECT count(*) AS n FROM journal_entries').get() as { n: number }).n).toBe(entriesBefore);

    const imported = await t.must('setoff.importProceeds', { fileName: 'setoff-0420.txt', content }, supervisor);
    expect(imported.import).toMatchObject({ recordCount: 2, setoffCents: 6200, depositCents: 6200, postedCount: 1, postedCents: 5000 });
    expect(imported.rejected).toEqual([{ lineNo: 2, uniqueKey: '99999999', amountCents: 1200, reason: 'no debt with unique key 99999999 was sent from this town' }]);
    expect(accountOpen(db(), otis.id, '2026-04-17').openCents).toBe(0);
    const entry = db().prepare("SELECT e.kind, l.gl_code, l.amount_cents FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id WHERE e.memo LIKE 'NC Debt Setoff%' ORDER BY l.amount_cents DESC").all();
    expect(entry).toEqual([
      { kind: 'payment', gl_code: '1050', amount_cents: 5000 },
      { kind: 'payment', gl_code: '1200', amount_cents: -5000 },
    ]);
    const again2 = await t.call('setoff.importProceeds', { fileName: 'copy.txt', content }, supervisor);
    expect(again2.ok || again2.error.code).toBe('ALREADY_POSTED');
    const acct = await t.must('setoff.account', { accountId: otis.id }, supervisor);
    expect(acct.proceeds).toMatchObject([{ lineNo: 1, amountCents: 5000, posted: true, matchDate: '2026-04-21' }]);
    expect(acct.sent.map((s) => s.amountCents)).toEqual([5000, 7500]);
    // The next file sends Otis's debt at 0000000 (paid by the setoff).
    expect((await t.must('setoff.previewSubmission', {}, supervisor)).rows.map((r) => [r.accountId, r.amountCents, r.reason])).toEqual([[otis.id, 0, 'paid']]);
    // The day's cash report names the setoff proceeds on their own line and still ties out.
    const daily = await t.must('reports.daily', { businessDate: '2026-04-17' }, supervisor);
    expect(daily.reconciliation.lines).toContainEqual({ label: 'NC Debt Setoff proceeds posted (no counter receipt)', count: 1, amountCents: 5000 });
    expect(daily.reconciliation.differenceCents).toBe(0);
    // The proceeds file carried the SSN too: the ledger keeps none of it.
    for (const f of [t.file, `${t.file}-wal`].filter((x) => fs.existsSync(x))) for (const ssn of [SSN, '234567891']) expect(fs.readFileSync(f).includes(Buffer.from(ssn))).toBe(false);
    expect(verifyLedger(db(), new Date()).violations).toEqual([]);
  });
});

describe('NC Debt Setoff in the demo town', () => {
  it('gives some delinquent customers a made-up SSN and half of them a notice, so the screen has eligible accounts and notices due', async () => {
    const { createDemoLedger } = await import('../../../src-main/demo/demo-ledger');
    const { MIGRATIONS_DIR } = await import('../../helpers/core');
    const dir = tempDir('tc-setoff-demo-');
    const keyFile = path.join(dir, 'keys', 'towncounter.key');
    const file = path.join(dir, 'demo.sqlite');
    await createDemoLedger({ file, migrationsDir: MIGRATIONS_DIR, accounts: 600, today: '2026-03-16', keyFile });
    const t = await makeTestCore({ file, boot: { keyFile } });
    const clerk = await t.signIn('clerk');
    const list = await t.must('setoff.eligibility', {}, clerk);
    expect(list.counts.eligible).toBeGreaterThan(0);
    expect(list.counts.noticeDue).toBeGreaterThan(0);
    expect(list.rows.some((r) => !r.eligible && !r.noticeDue)).toBe(true);
    // Made-up numbers only: none an SSA could have issued (8xx).
    const db = t.core.deps.db;
    const { loadKeyring } = await import('../../../src-main/core/drafts/keyring');
    const { taxIdAad } = await import('../../../src-main/core/service-desk/customers');
    const keyring = loadKeyring(keyFile, { create: false });
    const rows = db.prepare("SELECT id, tax_id_enc FROM customers WHERE tax_id_kind = 'ssn'").all() as Array<{ id: number; tax_id_enc: Buffer }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(keyring.decrypt(r.tax_id_enc, taxIdAad(r.id))).toMatch(/^8\d{8}$/);
    t.close();
  }, 60_000);
});

describe('pastDueInRange (the summed walk setoff uses)', () => {
  it('agrees with the open items summed in JavaScript: past due, the part due on or before a day, the oldest due date', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const a = makeAccount(db, { last: 'Pyle' });
    const b = makeAccount(db, { last: 'Lawson', street: '2 Elm St' });
    const c = makeAccount(db, { last: 'Paid', street: '3 Elm St' });
    billAccount(db, a.id, '2025-11-01', { water: 3000, sewer: 2000 });
    billAccount(db, a.id, '2026-02-01', { water: 4000 });
    billAccount(db, a.id, '2026-03-10', { water: 2500 }); // not yet due
    billAccount(db, b.id, '2025-12-20', { water: 1500 });
    billAccount(db, c.id, '2026-03-01', { water: 1000 }); // not yet due
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: 'pastdue-pay-0001', lines: [{ type: 'account', accountId: a.id, amountCents: 3500 }], tenders: [{ kind: 'cash', amountCents: 3500 }] } as never, cashier);
    const asOf = '2026-03-16';
    const aged = '2026-01-15';
    const js = summarizeOpen(openItemsInRange(db, 1, 100, asOf), asOf);
    const sql = pastDueInRange(db, 1, 100, asOf, aged);
    expect(sql.map((r) => r.accountId)).toEqual([a.id, b.id]);
    for (const r of sql) {
      expect(r.pastDueCents).toBe(js.get(r.accountId)!.pastDueCents);
      expect(r.oldestPastDue).toBe(js.get(r.accountId)!.oldestPastDue);
      const agedJs = openItemsInRange(db, r.accountId, r.accountId + 1, asOf).filter((i) => i.dueDate <= aged).reduce((x, i) => x + i.openCents, 0);
      expect(r.agedCents).toBe(agedJs);
    }
    expect(sql[0]).toEqual({ accountId: a.id, pastDueCents: 5500, agedCents: 1500, oldestPastDue: '2025-11-21' });
    t.close();
  });

  it('agedOpenAccountsInRange names exactly the accounts whose oldest open past-due charge is on or before the day, on a generated town', async () => {
    const t = await makeTestCore({ town: { accounts: 400 } });
    const db = t.core.deps.db;
    const maxId = db.prepare('SELECT max(id) FROM accounts').pluck().get() as number;
    let seen = 0;
    for (const [asOf, aged] of [['2026-03-16', '2026-01-15'], ['2026-03-16', '2026-03-01'], ['2026-02-20', '2025-12-22'], ['2026-03-16', '2025-06-01']] as const) {
      for (const [from, to] of [[1, maxId + 1], [1, 57], [57, 203], [203, maxId + 1]] as const) {
        const expected = pastDueInRange(db, from, to, asOf, aged).filter((r) => r.oldestPastDue <= aged).map((r) => r.accountId);
        expect(agedOpenAccountsInRange(db, from, to, asOf, aged), `${asOf} ${aged} [${from}, ${to})`).toEqual(expected);
        seen += expected.length;
      }
    }
    expect(seen).toBeGreaterThan(0);
    t.close();
  }, 60_000);
});
