// Bank drafts through the contract: enrolment (routing check digit, encrypted bank account with
// a key file outside the ledger, masked everywhere, audited reveal), the prenote run and its
// waiting period, the debit file on a draft date (checked by the independent NACHA checker),
// posting on the settlement date as payments (GL 1060, allocations, ledger verifies clean), the
// day's export, and importing returns (R01 fee and retry, R02 ends the enrolment, cash-only on the
// second return in twelve months). The bank account numbers never reach the ledger file, the
// audit log, the logs or the export package in plain text.
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, type FixtureAccount } from '../../helpers/fixtures';
import { makeExportCore, readCsv, cents, SUP } from '../export/helpers';
import { readAchEntries } from '../../../src-main/export/nacha';
import { checkAchFile, returnsFile } from './ach-check';

const BANK = {
  immediateDestination: '053912349',
  bankName: 'First Example Bank',
  immediateOrigin: '1561234567',
  originName: 'Town of Mayberry',
  companyName: 'Town of Mayberry',
  companyId: '1561234567',
  odfiRouting: '053912349',
};
// Distinctive numbers, so a search of the ledger's bytes cannot hit anything else.
const ACCOUNTS_AT_BANK = ['80417736259014', '70293381554027', '90581144762035', '60372259918043'];

describe('bank drafts', () => {
  let t: TestCore;
  let dir: string;
  let keyFile: string;
  let folder: string;
  let admin: string;
  let sup: string;
  let clerk: string;
  let accts: FixtureAccount[];
  const logs: string[] = [];
  const enrolmentIds: number[] = [];

  beforeAll(async () => {
    dir = tempDir('tc-drafts-');
    keyFile = path.join(dir, 'config', 'towncounter.key');
    folder = tempDir('tc-drafts-out-');
    t = await makeExportCore({ file: path.join(dir, 'ledger.sqlite'), now: '2026-03-16T13:00:00Z', keyFile, log: (m, e) => logs.push(`${m} ${e === undefined ? '' : String(e)}`) });
    const db = t.core.deps.db;
    accts = [0, 1, 2, 3, 4].map((i) => {
      const a = makeAccount(db, { first: `Dee${i}`, last: `Drafter${i}`, street: `${20 + i} Bank St` });
      billAccount(db, a.id, '2026-03-02', { water: 3000 + i * 100, sewer: 2500, solid_waste: 1800 });
      return a;
    });
    admin = await t.signIn('admin');
    sup = await t.signIn('supervisor');
    clerk = await t.signIn('clerk');
  });

  afterAll(() => t.close());

  it('refuses a bad routing number and unconfigured files; enrols with the account number encrypted and masked', async () => {
    const bad = await t.call('drafts.enroll', { accountId: accts[0]!.id, routingNumber: '062198768', accountType: 'checking', bankAccountNumber: ACCOUNTS_AT_BANK[0]!, authorizedOn: '2026-03-16' }, clerk);
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('routing number') });
    const cashier = await t.call('drafts.enroll', { accountId: accts[0]!.id, routingNumber: '062198769', accountType: 'checking', bankAccountNumber: ACCOUNTS_AT_BANK[0]!, authorizedOn: '2026-03-16' }, await t.signIn('cashier'));
    expect(cashier.ok ? null : cashier.error.code).toBe('FORBIDDEN');
    expect(fs.existsSync(keyFile)).toBe(false);

    const types = ['checking', 'savings', 'checking', 'savings'] as const;
    const routings = ['062198769', '271345675', '062198769', '271345675'];
    for (let i = 0; i < 4; i++) {
      const e = await t.must('drafts.enroll', { accountId: accts[i]!.id, routingNumber: routings[i]!, accountType: types[i]!, bankAccountNumber: ACCOUNTS_AT_BANK[i]!, authorizedOn: '2026-03-10' }, i === 0 ? clerk : sup);
      expect(e).toMatchObject({ accountNumber: accts[i]!.number, status: 'pending_prenote', liveFrom: null, bankAccountMasked: `••••${ACCOUNTS_AT_BANK[i]!.slice(-4)}`, holderName: `Dee${i} Drafter${i}` });
      enrolmentIds.push(e.id);
    }
    // The key file was made on first use, readable by its owner only.
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = await t.call('drafts.enroll', { accountId: accts[0]!.id, routingNumber: '062198769', accountType: 'checking', bankAccountNumber: '123456789', authorizedOn: '2026-03-16' }, clerk);
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    expect((await t.must('accounts.get', { accountId: accts[0]!.id }, clerk)).flags.bankDraft).toBe(true);
    const listed = await t.must('drafts.list', { accountId: accts[1]!.id }, await t.signIn('cashier'));
    expect(listed.enrolments).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(ACCOUNTS_AT_BANK[1]!);

    const unconfigured = await t.call('drafts.prenoteRun', {}, sup);
    expect(unconfigured.ok ? null : unconfigured.error.code).toBe('NOT_CONFIGURED');
    const badSettings = await t.call('drafts.updateSettings', { values: { odfiRouting: '053912348' }, reason: 'typo' }, admin);
    expect(badSettings.ok ? null : badSettings.error.code).toBe('BAD_INPUT');
    const noAdmin = await t.call('drafts.updateSettings', { values: BANK, reason: 'from the bank' }, sup);
    expect(noAdmin.ok ? null : noAdmin.error.code).toBe('FORBIDDEN');
    await t.must('drafts.updateSettings', { values: BANK, reason: 'from the bank' }, admin);
    await t.must('export.updateSettings', { values: { folder }, reason: 'share' }, admin);
  });

  it('reveals a bank account number only to a supervisor or admin, with the reason audited', async () => {
    const denied = await t.call('drafts.revealAccountNumber', { enrolmentId: enrolmentIds[0]!, reason: 'customer asked' }, clerk);
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');
    const shown = await t.must('drafts.revealAccountNumber', { enrolmentId: enrolmentIds[0]!, reason: 'customer asked which account' }, sup);
    expect(shown.bankAccountNumber).toBe(ACCOUNTS_AT_BANK[0]);
    expect((await t.must('drafts.revealAccountNumber', { enrolmentId: enrolmentIds[1]!, reason: 'bank called' }, admin)).bankAccountNumber).toBe(ACCOUNTS_AT_BANK[1]);
    const audit = (await t.must('audit.list', { limit: 10, action: 'drafts.reveal' }, sup)).rows;
    expect(audit.map((r) => [r.user, r.subject, r.reason])).toEqual([
      ['admin', accts[1]!.number, 'bank called'],
      ['supervisor', accts[0]!.number, 'customer asked which account'],
    ]);
  });

  it('sends prenotes (28/38, zero dollars) and holds live drafts for the waiting period', async () => {
    const run = await t.must('drafts.prenoteRun', {}, sup);
    const c = checkAchFile(run.content!);
    expect(run.file).toMatchObject({ kind: 'prenote', effectiveDate: '2026-03-17', entryCount: 4, totalDebitCents: 0, fileIdModifier: 'A' });
    expect(c.batches[0]!.entries.map((e) => [e.code, e.amount, e.account, e.individualId])).toEqual(accts.slice(0, 4).map((a, i) => [i % 2 === 0 ? '28' : '38', 0, ACCOUNTS_AT_BANK[i], a.number]));
    expect(c.batches[0]).toMatchObject({ serviceClass: '225', companyId: '1561234567', odfi: '05391234', description: 'UTIL BILL' });
    expect(run.writtenTo).toBe(path.join(folder, run.file!.fileName));
    expect(fs.readFileSync(run.writtenTo!, 'ascii')).toBe(run.content);
    const listed = (await t.must('drafts.list', {}, sup)).enrolments;
    // Prenote settles Tuesday the 17th → live from Friday the 20th.
    expect(listed.every((e) => e.status === 'prenote_sent' && e.liveFrom === '2026-03-20')).toBe(true);
    expect((await t.must('drafts.prenoteRun', {}, sup)).file).toBeNull();

    t.clock.set('2026-03-18T14:00:00Z');
    const early = await t.must('drafts.createFile', { draftDate: '2026-03-19' }, sup);
    expect(early.file).toBeNull();
    expect(early.skipped).toHaveLength(4);
    expect(early.skipped[0]!.reason).toContain('2026-03-20');
  });

  it('makes the debit file of a draft date: each live account’s balance, effective on a banking day', async () => {
    t.clock.set('2026-03-20T14:00:00Z'); // Friday
    const balances = await Promise.all(accts.slice(0, 4).map(async (a) => (await t.must('accounts.get', { accountId: a.id }, sup)).balanceCents));
    const res = await t.must('drafts.createFile', { draftDate: '2026-03-21' }, sup); // a Saturday
    const c = checkAchFile(res.content!);
    expect(res.file).toMatchObject({ kind: 'debit', draftDate: '2026-03-21', effectiveDate: '2026-03-23', entryCount: 4, totalDebitCents: balances.reduce((s, b) => s + b, 0) });
    expect(c.batches[0]!.effectiveDate).toBe('2026-03-23');
    expect(c.batches[0]!.entries.map((e) => [e.code, e.amount, e.account, e.name])).toEqual(accts.slice(0, 4).map((_, i) => [i % 2 === 0 ? '27' : '37', balances[i], ACCOUNTS_AT_BANK[i], `DEE${i} DRAFTER${i}`]));
    expect(res.skipped).toEqual([]);
    expect((await t.must('drafts.list', {}, sup)).enrolments.every((e) => e.status === 'active')).toBe(true);
    // Asking again the same day sends nothing twice; the file can be fetched again, byte for byte.
    const again = await t.must('drafts.createFile', { draftDate: '2026-03-21' }, sup);
    expect(again.file).toBeNull();
    expect(again.skipped.every((s) => s.reason.includes('not posted yet'))).toBe(true);
    const refetched = await t.must('drafts.fileContent', { fileId: res.file!.id }, sup);
    expect(refetched.content).toBe(res.content);
    expect(fs.readFileSync(path.join(folder, res.file!.fileName), 'ascii')).toBe(res.content);
    const files = await t.must('drafts.files', {}, sup);
    expect(files.files.map((f) => [f.kind, f.fileIdModifier])).toEqual([['debit', 'A'], ['prenote', 'A']]);
  });

  it('posts the drafts as payments on the settlement date; the ledger verifies; the day exports them', async () => {
    const fileId = (await t.must('drafts.files', {}, sup)).files[0]!.id;
    const early = await t.call('drafts.post', { fileId }, sup);
    expect(early.ok ? null : early.error).toMatchObject({ code: 'DAY_NOT_READY', message: expect.stringContaining('2026-03-23') });
    t.clock.set('2026-03-23T14:00:00Z');
    const before = await Promise.all(accts.slice(0, 4).map(async (a) => (await t.must('accounts.get', { accountId: a.id }, sup)).balanceCents));
    const posted = await t.must('drafts.post', { fileId }, sup);
    expect(posted).toMatchObject({ posted: 4, withheld: 0, totalCents: before.reduce((s, b) => s + b, 0), file: { postedBusinessDate: '2026-03-23' } });
    for (const a of accts.slice(0, 4)) expect((await t.must('accounts.get', { accountId: a.id }, sup)).balanceCents).toBe(0);
    const db = t.core.deps.db;
    const lines = db.prepare("SELECT l.gl_code, sum(l.amount_cents) AS amount FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.kind = 'payment' AND e.memo LIKE 'Bank draft %' GROUP BY l.gl_code ORDER BY l.gl_code").all();
    expect(lines).toEqual([{ gl_code: '1060', amount: posted.totalCents }, { gl_code: '1200', amount: -posted.totalCents }]);
    expect((db.prepare("SELECT count(*) AS n FROM allocations a JOIN draft_items i ON i.entry_id = a.entry_id").get() as { n: number }).n).toBe(12);
    const again = await t.call('drafts.post', { fileId }, sup);
    expect(again.ok ? null : again.error.code).toBe('ALREADY_POSTED');
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);

    await t.must('day.close', { businessDate: '2026-03-23' }, sup);
    const exported = await t.must('export.run', { businessDate: '2026-03-23' }, sup);
    const rows = readCsv(path.join(exported.folder, 'payments.csv'));
    expect(rows.every((r) => r.source === 'draft' && r.receipt_number === '' && /^bank draft trace 05391234\d{7}$/.test(r.tender_summary!))).toBe(true);
    expect(rows.reduce((s, r) => s + cents(r.amount!), 0)).toBe(posted.totalCents);
    const manifest = JSON.parse(fs.readFileSync(path.join(exported.folder, 'manifest.json'), 'utf8')) as { totals: Record<string, number> };
    expect(manifest.totals).toMatchObject({ bankDraftsCents: posted.totalCents, collectedCents: 0 });
  });

  it('refuses a broken returns file whole, naming the line and field of the first problem, and applies none of it', async () => {
    t.clock.set('2026-03-25T14:00:00Z');
    const db = t.core.deps.db;
    const items = db.prepare('SELECT i.trace_number, i.amount_cents, a.number FROM draft_items i JOIN accounts a ON a.id = i.account_id JOIN draft_files f ON f.id = i.file_id WHERE f.kind = ? ORDER BY i.seq').all('debit') as Array<{ trace_number: string; amount_cents: number; number: string }>;
    const ret = (k: number, reason: string, trace: string) => ({
      code: k % 2 === 0 ? '26' : '36', rdfi: k % 2 === 0 ? '062198769' : '271345675', account: ACCOUNTS_AT_BANK[k]!, amount: items[k]!.amount_cents,
      individualId: items[k]!.number, name: `DEE${k} DRAFTER${k}`, addendaType: '99' as const, reason, originalTrace: items[k]!.trace_number, trace,
    });
    // 1 file header, 2 batch header, 3 R01 entry, 4 its addenda, 5 R02 entry, 6 its addenda, 7 batch control, 8 file control, 9–10 filler.
    const good = returnsFile([ret(0, 'R01', '062198760000101'), ret(1, 'R02', '271345670000102')]).split('\r\n').slice(0, 10);
    const edit = (n: number, from: number, to: number, value: string) => good.map((l, i) => (i === n - 1 ? l.slice(0, from - 1) + value + l.slice(to) : l));
    const bump = (s: string, by: number) => String(Number(s) + by).padStart(s.length, '0');
    const file = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
    const variants: Array<[string, string, RegExp]> = [
      ['the file ends after the R02 entry', file(good.slice(0, 5)), /line 5, Addenda Record Indicator \(position 79\): the entry says an addenda record follows, but the file ends here/],
      ['the file ends in the middle of the R02 entry', good.slice(0, 4).join('\r\n') + '\r\n' + good[4]!.slice(0, 60), /line 5 has 60 characters; ACH records are 94/],
      ['a record cut at 50 characters', file(good.map((l, i) => (i === 5 ? l.slice(0, 50) : l))), /line 6 has 50 characters; ACH records are 94/],
      ['no batch control', file(good.filter((_, i) => i !== 6)), /line 7, Record Type Code \(position 1\): expected an entry \(6\), addenda \(7\) or the batch control \(8\) of the batch that starts on line 2, found a file control/],
      ['no batch or file control', file(good.slice(0, 6)), /line 7: the batch control record \(type 8\) of the batch that starts on line 2 is missing/],
      ['no file control', file(good.filter((_, i) => i !== 7)), /line 8: the file control record \(type 9\) is missing/],
      ['wrong file control debit total', file(edit(8, 32, 43, bump(good[7]!.slice(31, 43), 100))), /line 8, Total Debit Entry Dollar Amount in File \(positions 32–43\): adding up the batch debit totals gives \d{12}, the record says \d{12}/],
      ['wrong file control entry count', file(edit(8, 14, 21, '00000003')), /line 8, Entry\/Addenda Count \(positions 14–21\): adding up the batch counts gives 00000004, the record says 00000003/],
      ['wrong batch entry hash', file(edit(7, 11, 20, bump(good[6]!.slice(10, 20), 1))), /line 7, Entry Hash \(positions 11–20\): adding up the batch's Receiving DFI Identifications gives 0033354443, the record says 0033354444/],
      ['wrong batch credit total', file(edit(7, 33, 44, '000000000001')), /line 7, Total Credit Entry Dollar Amount \(positions 33–44\)/],
    ];
    const state = () => ({
      entries: db.prepare('SELECT count(*) AS n FROM journal_entries').get(),
      returns: db.prepare('SELECT count(*) AS n FROM draft_returns').get(),
      letters: db.prepare('SELECT count(*) AS n FROM letters').get(),
      enrolments: db.prepare('SELECT id, status FROM draft_enrolments ORDER BY id').all(),
      cashOnly: db.prepare('SELECT count(*) AS n FROM accounts WHERE cash_only = 1').get(),
    });
    const before = state();
    for (const [name, content, message] of variants) {
      const r = await t.call('drafts.importReturns', { content }, sup);
      expect(r.ok ? `${name}: accepted` : r.error.code, name).toBe('BAD_INPUT');
      if (!r.ok) expect(r.error.message, name).toMatch(message);
      expect(state(), name).toEqual(before);
    }
    // The good file passes the same checks (it is imported in the next test).
    expect(() => readAchEntries(file(good))).not.toThrow();
  });

  it('imports returns: R01 reverses with the fee and keeps drafting; R02 ends the enrolment; notices and unknown traces are listed', async () => {
    t.clock.set('2026-03-25T14:00:00Z');
    const db = t.core.deps.db;
    const items = db.prepare('SELECT i.trace_number, i.amount_cents, a.number FROM draft_items i JOIN accounts a ON a.id = i.account_id JOIN draft_files f ON f.id = i.file_id WHERE f.kind = ? ORDER BY i.seq').all('debit') as Array<{ trace_number: string; amount_cents: number; number: string }>;
    const ret = (k: number, reason: string, trace: string, type: '99' | '98' = '99') => ({
      code: k % 2 === 0 ? '26' : '36', rdfi: k % 2 === 0 ? '062198769' : '271345675', account: ACCOUNTS_AT_BANK[k]!, amount: items[k]!.amount_cents,
      individualId: items[k]!.number, name: `DEE${k} DRAFTER${k}`, addendaType: type, reason, originalTrace: items[k]!.trace_number, trace,
    });
    const file = returnsFile([
      ret(0, 'R01', '062198760000101'),
      ret(1, 'R02', '271345670000102'),
      ret(2, 'C01', '062198760000103', '98'),
      { ...ret(3, 'R03', '271345670000104'), originalTrace: '053912349999999' },
    ]);
    const r = await t.must('drafts.importReturns', { content: file }, sup);
    expect(r.returns).toEqual([
      expect.objectContaining({ accountNumber: accts[0]!.number, returnCode: 'R01', action: 'reversed', feeCents: 3500, cashOnlySet: false, enrolmentEnded: false }),
      expect.objectContaining({ accountNumber: accts[1]!.number, returnCode: 'R02', reason: 'Account closed', action: 'reversed', feeCents: 0, enrolmentEnded: true }),
    ]);
    expect(r.notices).toEqual([{ traceNumber: items[2]!.trace_number, accountNumber: accts[2]!.number, code: 'C01', description: 'Incorrect bank account number' }]);
    expect(r.unmatched).toEqual([{ traceNumber: '053912349999999', returnCode: 'R03', amountCents: items[3]!.amount_cents }]);
    expect((await t.must('accounts.get', { accountId: accts[0]!.id }, sup)).balanceCents).toBe(items[0]!.amount_cents + 3500);
    expect((await t.must('accounts.get', { accountId: accts[1]!.id }, sup)).balanceCents).toBe(items[1]!.amount_cents);
    expect((await t.must('accounts.get', { accountId: accts[1]!.id }, sup)).flags.bankDraft).toBe(false);
    const list = (await t.must('drafts.list', {}, sup)).enrolments;
    expect(list.find((e) => e.accountId === accts[0]!.id)!.status).toBe('active');
    expect(list.find((e) => e.accountId === accts[1]!.id)).toMatchObject({ status: 'ended', endReason: 'Draft returned: R02 Account closed' });
    expect(db.prepare("SELECT kind, subject FROM letters WHERE account_id = ? ORDER BY id").all(accts[0]!.id)).toEqual([{ kind: 'returned_payment', subject: `Returned bank draft ${items[0]!.trace_number} (R01 Insufficient funds)` }]);
    // Importing the same file again changes nothing.
    const again = await t.must('drafts.importReturns', { content: file }, sup);
    expect(again.returns.map((x) => x.action)).toEqual(['already', 'already']);
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
    // The returns post on the 25th: that day's export lists them.
    await t.must('day.close', { businessDate: '2026-03-25' }, sup);
    const exported = await t.must('export.run', { businessDate: '2026-03-25' }, sup);
    const returned = readCsv(path.join(exported.folder, 'returned.csv'));
    expect(returned.map((x) => [x.source, x.trace_number, x.return_code, x.account_number, cents(x.amount!), cents(x.fee!), x.enrolment_ended])).toEqual([
      ['draft', items[0]!.trace_number, 'R01', accts[0]!.number, items[0]!.amount_cents, 3500, 'N'],
      ['draft', items[1]!.trace_number, 'R02', accts[1]!.number, items[1]!.amount_cents, 0, 'Y'],
    ]);
    const bad = await t.call('drafts.importReturns', { content: 'x'.repeat(100) }, sup);
    expect(bad.ok ? null : bad.error.code).toBe('BAD_INPUT');
  });

  it('sets cash-only on the second return in twelve months (and ends the enrolment); a returned prenote ends one too', async () => {
    // The R01 account is drafted again for its balance (the draft and the fee), and returned again.
    t.clock.set('2026-04-01T14:00:00Z');
    const res = await t.must('drafts.createFile', { draftDate: '2026-04-02' }, sup);
    expect(res.file).toMatchObject({ entryCount: 1, effectiveDate: '2026-04-02', fileIdModifier: 'A' });
    const item = checkAchFile(res.content!).batches[0]!.entries[0]!;
    expect(item).toMatchObject({ individualId: accts[0]!.number, account: ACCOUNTS_AT_BANK[0] });
    t.clock.set('2026-04-02T14:00:00Z');
    await t.must('drafts.post', { fileId: res.file!.id }, sup);
    t.clock.set('2026-04-06T14:00:00Z');
    const r = await t.must('drafts.importReturns', { content: returnsFile([{ code: '26', rdfi: '062198769', account: ACCOUNTS_AT_BANK[0]!, amount: item.amount, individualId: item.individualId, name: item.name, addendaType: '99', reason: 'R01', originalTrace: item.trace, trace: '062198760000201' }]) }, sup);
    expect(r.returns[0]).toMatchObject({ action: 'reversed', feeCents: 3500, cashOnlySet: true, enrolmentEnded: true });
    expect((await t.must('accounts.get', { accountId: accts[0]!.id }, sup)).flags).toMatchObject({ cashOnly: true, bankDraft: false });
    expect((await t.must('drafts.list', { accountId: accts[0]!.id }, sup)).enrolments[0]!.endReason).toBe('Cash-only after two returned payments in twelve months');

    // A new enrolment whose prenote comes back R03.
    const e = await t.must('drafts.enroll', { accountId: accts[4]!.id, routingNumber: '062198769', accountType: 'checking', bankAccountNumber: '55501234', authorizedOn: '2026-04-06' }, clerk);
    const pre = await t.must('drafts.prenoteRun', {}, sup);
    const p = checkAchFile(pre.content!).batches[0]!.entries[0]!;
    const back = await t.must('drafts.importReturns', { content: returnsFile([{ code: '26', rdfi: '062198769', account: '55501234', amount: 0, individualId: p.individualId, name: p.name, addendaType: '99', reason: 'R03', originalTrace: p.trace, trace: '062198760000301' }]) }, sup);
    expect(back.returns[0]).toMatchObject({ action: 'prenote', enrolmentEnded: true, feeCents: 0 });
    expect((await t.must('drafts.list', { accountId: accts[4]!.id }, sup)).enrolments.find((x) => x.id === e.id)!.status).toBe('ended');
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
  });

  it('a returned draft counts with returned checks for cash-only', async () => {
    // Account 2 had its draft posted and no return; give it one R09 return (no cash-only yet)…
    const db = t.core.deps.db;
    const item = db.prepare("SELECT i.trace_number, i.amount_cents FROM draft_items i JOIN draft_files f ON f.id = i.file_id WHERE i.account_id = ? AND f.kind = 'debit'").get(accts[2]!.id) as { trace_number: string; amount_cents: number };
    const r = await t.must('drafts.importReturns', { content: returnsFile([{ code: '26', rdfi: '062198769', account: ACCOUNTS_AT_BANK[2]!, amount: item.amount_cents, individualId: accts[2]!.number, name: 'DEE2 DRAFTER2', addendaType: '99', reason: 'R09', originalTrace: item.trace_number, trace: '062198760000401' }]) }, sup);
    expect(r.returns[0]).toMatchObject({ returnCode: 'R09', feeCents: 3500, cashOnlySet: false, enrolmentEnded: false });
    // …then a check at the counter bounces: the second return in twelve months.
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: [{ denominationCents: 2000, count: 10 }] }, cashier);
    const paid = await t.must('payments.post', { idempotencyKey: 'draft-acct-check-1', lines: [{ type: 'account', accountId: accts[2]!.id, amountCents: 2000 }], tenders: [{ kind: 'check', amountCents: 2000, checkNumber: '4410', payer: 'Dee2 Drafter2' }] }, cashier);
    const returned = await t.must('payments.return', { receiptNumber: paid.receipt.number, reason: 'NSF', returnedOn: '2026-04-06', override: SUP }, cashier);
    expect(returned.cashOnlySet).toBe(true);
  });

  it('an R01 on a draft that was never posted withholds it and charges no fee (it moved no money)', async () => {
    const db = t.core.deps.db;
    billAccount(db, accts[3]!.id, '2026-04-01', { water: 4100 });
    const balance = (await t.must('accounts.get', { accountId: accts[3]!.id }, sup)).balanceCents;
    const res = await t.must('drafts.createFile', { draftDate: '2026-04-08' }, sup);
    const entry = checkAchFile(res.content!).batches[0]!.entries.find((x) => x.individualId === accts[3]!.number)!;
    expect(entry.amount).toBe(balance);
    const fees = () => db.prepare("SELECT count(*) AS n FROM journal_entries WHERE kind = 'fee'").get();
    const feesBefore = fees();
    const r = await t.must('drafts.importReturns', { content: returnsFile([{ code: '36', rdfi: '271345675', account: ACCOUNTS_AT_BANK[3]!, amount: entry.amount, individualId: entry.individualId, name: entry.name, addendaType: '99', reason: 'R01', originalTrace: entry.trace, trace: '271345670000501' }]) }, sup);
    expect(r.returns).toEqual([expect.objectContaining({ accountNumber: accts[3]!.number, returnCode: 'R01', action: 'withheld', feeCents: 0, enrolmentEnded: false })]);
    expect(fees()).toEqual(feesBefore);
    expect((await t.must('accounts.get', { accountId: accts[3]!.id }, sup)).balanceCents).toBe(balance);
    expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
  });

  it('never keeps a bank account number in plain text: ledger file, audit log, logs, export packages', async () => {
    const db = t.core.deps.db;
    const audit = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    db.pragma('wal_checkpoint(TRUNCATE)');
    const numbers = [...ACCOUNTS_AT_BANK, '55501234'];
    const files = [path.join(dir, 'ledger.sqlite'), path.join(dir, 'ledger.sqlite-wal')].filter((f) => fs.existsSync(f));
    for (const f of files) {
      const bytes = fs.readFileSync(f);
      for (const n of numbers) {
        expect(bytes.includes(Buffer.from(n, 'ascii'))).toBe(false);
        expect(bytes.includes(Buffer.from(n, 'utf16le'))).toBe(false);
      }
    }
    const packages = fs.readdirSync(folder).filter((n) => /^\d{4}-\d{2}-\d{2}_S1$/.test(n));
    expect(packages).toHaveLength(2);
    for (const n of numbers) {
      expect(audit).not.toContain(n);
      expect(logs.join('\n')).not.toContain(n);
      for (const p of packages) for (const f of fs.readdirSync(path.join(folder, p))) expect(fs.readFileSync(path.join(folder, p, f), 'utf8')).not.toContain(n);
    }
    // The key is outside the ledger: without it nothing can be read, and no new key replaces it.
    fs.renameSync(keyFile, `${keyFile}.away`);
    const other = await makeExportCore({ file: path.join(dir, 'ledger.sqlite'), keyFile });
    try {
      const s = await other.signIn('supervisor');
      const reveal = await other.call('drafts.revealAccountNumber', { enrolmentId: enrolmentIds[2]!, reason: 'test' }, s);
      expect(reveal.ok ? null : reveal.error.code).toBe('KEY_UNAVAILABLE');
      const enrol = await other.call('drafts.enroll', { accountId: accts[3]!.id, routingNumber: '062198769', accountType: 'checking', bankAccountNumber: '44401234', authorizedOn: '2026-04-06' }, s);
      expect(enrol.ok ? null : enrol.error.code).toBe('KEY_UNAVAILABLE');
      expect(fs.existsSync(keyFile)).toBe(false);
    } finally {
      other.close();
      fs.renameSync(`${keyFile}.away`, keyFile);
    }
  });
});
