// The printer methods through the contract: settings (admin only, validated, audited), status,
// reprints marked DUPLICATE, VOID slips, the supervisor's no-sale, the drawer summary, the test
// page, the virtual printer for browser mode, and 58/80 mm receipts that never overflow a line.
import { widthOf } from '../../../src-main/devices/escpos/layout';
import type { VirtualJob } from '../../../src-main/devices/virtual-printer';
import { startVirtualPrinter } from '../../../src-main/devices/virtual-printer';
import { refusedPort, startFaultServer } from '../../devices/fault-printers';
import { longText } from '../../devices/receipt-fixture';
import { countOccurrences, nextKey, printCounter, printed, pulseJobs, withVirtualPrinter } from './helpers';

const SUPERVISOR = { username: 'supervisor', secret: '9999' };

function expectFits(job: VirtualJob, columns: number) {
  for (const l of job.decoded.lines) expect(l.text.length, `"${l.text}" (${l.size})`).toBeLessThanOrEqual(widthOf(l.size, columns));
}

describe('printer settings', () => {
  it('defaults to no printer and a pin-2 drawer at 50/500 ms; only an admin changes them, with a reason, audited', async () => {
    const c = await printCounter();
    const view = await c.t.must('printer.getSettings', {}, c.admin);
    expect(view).toMatchObject({
      station: 'S1',
      settings: { kind: 'none', port: 9100, paperWidthMm: 80, columns: 48, codePage: 'PC437', headerLines: null, statusCheck: true, timeoutMs: 3000, drawer: { mode: 'printer', pin: 2, onMs: 50, offMs: 500, openLevel: 'high' } },
      effectiveHeaderLines: ['Town of Mayberry', '104 N Main St, Mayberry NC 27030', '(336) 555-0100'],
      override: null,
      updatedAt: null,
    });
    for (const token of [c.cashier, await c.t.signIn('supervisor')]) {
      const r = await c.t.call('printer.updateSettings', { values: { kind: 'network', host: '10.0.0.9' }, reason: 'set up' }, token);
      expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
      const g = await c.t.call('printer.getSettings', {}, token);
      expect(g.ok ? null : g.error.code).toBe('FORBIDDEN');
    }
    const updated = await c.t.must('printer.updateSettings', { values: { kind: 'network', host: '10.0.0.9', paperWidthMm: 58, codePage: 'PC858', headerLines: ['TOWN OF MAYBERRY', 'Utilities'] }, reason: 'new printer at the counter' }, c.admin);
    // 58 mm paper picks 32 columns unless columns are given.
    expect(updated.settings).toMatchObject({ kind: 'network', host: '10.0.0.9', port: 9100, paperWidthMm: 58, columns: 32, codePage: 'PC858' });
    expect(updated.effectiveHeaderLines).toEqual(['TOWN OF MAYBERRY', 'Utilities']);
    expect(updated.updatedAt).toBe('2026-03-16T15:00:00.000Z');
    const audit = await c.t.must('audit.list', { action: 'printer.settings.update' }, c.admin);
    expect(audit.rows[0]).toMatchObject({ user: 'admin', reason: 'new printer at the counter', details: { changed: ['kind', 'host', 'paperWidthMm', 'columns', 'codePage', 'headerLines'], before: { kind: 'none', columns: 48 }, after: { kind: 'network', columns: 32 } } });
  });

  it('refuses settings that cannot work', async () => {
    const c = await printCounter();
    const bad = async (values: Record<string, unknown>) => {
      const r = await c.t.call('printer.updateSettings', { values, reason: 'try' }, c.admin);
      return r.ok ? null : r.error.code;
    };
    expect(await bad({ kind: 'network' })).toBe('BAD_INPUT'); // no host
    expect(await bad({ kind: 'device' })).toBe('BAD_INPUT'); // no path
    expect(await bad({ kind: 'device', devicePath: 'lp0' })).toBe('BAD_INPUT'); // relative
    expect(await bad({ drawer: { onMs: 200, offMs: 100 } })).toBe('BAD_INPUT'); // OFF shorter than ON
    expect(await bad({ drawer: { pin: 3 } })).toBe('BAD_INPUT');
    expect(await bad({ drawer: { mode: 'device' } })).toBe('BAD_INPUT');
    expect(await bad({ columns: 20 })).toBe('BAD_INPUT');
    expect(await bad({ timeoutMs: 60_000 })).toBe('BAD_INPUT');
    expect(await bad({ host: 'printer;rm -rf' })).toBe('BAD_INPUT');
    expect(await bad({ kind: 'device', devicePath: c.t.core.deps.ledgerFile === ':memory:' ? '/x' : c.t.core.deps.ledgerFile, bogus: 1 })).toBe('BAD_INPUT');
    expect((await c.t.must('printer.getSettings', {}, c.admin)).settings.kind).toBe('none');
  });
});

describe('printer status', () => {
  it('reports not configured, ready, paper near end / out, cover open, offline and no reply, with the drawer from pin 3', async () => {
    const c = await printCounter();
    expect(await c.t.must('printer.status', {}, c.cashier)).toMatchObject({ configured: false, state: 'not_configured', endpoint: null, drawer: { configured: false, open: null } });
    const vp = await withVirtualPrinter(c);
    const status = (refresh = true) => c.t.must('printer.status', { refresh }, c.cashier);
    expect(await status()).toMatchObject({ configured: true, state: 'ready', paper: 'ok', endpoint: `tcp 127.0.0.1:${vp.port}`, virtual: false, drawer: { configured: true, open: false, pin3High: false }, queue: { queued: 0, printing: 0, failed: 0 }, lastError: null });
    vp.state.drawerPin3High = true;
    expect((await status()).drawer).toEqual({ configured: true, open: true, pin3High: true });
    await c.configure({ drawer: { openLevel: 'low' } });
    expect((await status()).drawer).toEqual({ configured: true, open: false, pin3High: true });
    vp.state.paperNearEnd = true;
    expect(await status()).toMatchObject({ state: 'paper_near_end', paper: 'near_end' });
    vp.state.paperOut = true;
    expect(await status()).toMatchObject({ state: 'paper_out', paper: 'out' });
    vp.state.paperOut = false;
    vp.state.coverOpen = true;
    expect(await status()).toMatchObject({ state: 'cover_open' });
    // The result is reused briefly unless a refresh is asked for.
    vp.state.coverOpen = false;
    expect(await status(false)).toMatchObject({ state: 'cover_open' });
    expect(await status(true)).toMatchObject({ state: 'paper_near_end' });
    await vp.close();

    await c.configure({ port: await refusedPort() });
    expect(await status()).toMatchObject({ state: 'offline', message: expect.stringContaining('refused') });
    const silent = await startFaultServer('silent');
    await c.configure({ port: silent.port });
    expect(await status()).toMatchObject({ state: 'no_reply', message: expect.stringContaining('did not answer') });
    await c.configure({ statusCheck: false });
    expect(await status()).toMatchObject({ state: 'connected', paper: 'unknown', drawer: { open: null } });
    await silent.close();
  });

  it('a paper-out printer keeps the job queued with the reason', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c);
    vp.state.paperOut = true;
    const { receipt } = await c.cash(1000);
    await c.t.core.printing.drain();
    // The drawer opens anyway (its pulse is a job of its own, sent without the paper check), so the cashier can make change.
    await vi.waitFor(() => expect(pulseJobs(vp)).toHaveLength(1));
    expect(await c.t.must('receipts.printStatus', { number: receipt.number }, c.cashier)).toMatchObject({ state: 'queued', lastError: expect.stringContaining('Out of paper') });
    expect(await c.t.must('printer.status', {}, c.cashier)).toMatchObject({ state: 'paper_out' });
    vp.state.paperOut = false;
    await c.t.core.printing.drain();
    await printed(vp, 1);
    expect(pulseJobs(vp)).toHaveLength(1);
    expect(await c.t.must('receipts.printStatus', { number: receipt.number }, c.cashier)).toMatchObject({ state: 'printed' });
    await vp.close();
  });
});

describe('reprints and voids', () => {
  it('reprints a receipt marked DUPLICATE (audited), with no drawer pulse', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c);
    const { receipt } = await c.cash(1000);
    // Least privilege (issue 9 item 8): reprints are the counter's (cashier, supervisor), not customer service's or the administrator's.
    const clerk = await c.t.signIn('clerk');
    const byClerk = await c.t.call('receipts.reprint', { number: receipt.number }, clerk);
    expect(byClerk.ok ? null : byClerk.error.code).toBe('FORBIDDEN');
    const byAdmin = await c.t.call('receipts.reprint', { number: receipt.number }, await c.t.signIn('admin'));
    expect(byAdmin.ok ? null : byAdmin.error.code).toBe('FORBIDDEN');
    const sup = await c.t.signIn('supervisor');
    const { job } = await c.t.must('receipts.reprint', { number: receipt.number }, sup);
    expect(job).toMatchObject({ kind: 'duplicate', status: 'queued', receiptNumber: receipt.number, opensDrawer: false, requestedBy: 'Sam Supervisor' });
    await c.t.core.printing.drain();
    const [original, dup] = await printed(vp, 2);
    expect(original!.text).not.toContain('DUPLICATE');
    expect(dup!.decoded.lines.filter((l) => l.text === 'DUPLICATE')).toHaveLength(2);
    expect(dup!.text).toContain(receipt.number);
    expect(countOccurrences(dup!.bytes, [0x1b, 0x70])).toBe(0);
    expect((await c.t.must('audit.list', { action: 'receipt.reprint' }, sup)).rows[0]).toMatchObject({ user: 'supervisor', subject: receipt.number });
    const ps = await c.t.must('receipts.printStatus', { number: receipt.number }, clerk);
    expect(ps).toMatchObject({ state: 'printed', jobs: [{ kind: 'duplicate' }, { kind: 'receipt' }] });
    const missing = await c.t.call('receipts.reprint', { number: 'S1-999999' }, sup);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    await vp.close();
  });

  it('prints a VOID slip when a receipt is voided, and its reprint shows VOID', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c);
    const { receipt } = await c.cash(1000);
    await c.t.must('receipts.void', { number: receipt.number, reason: 'wrong account', override: SUPERVISOR }, c.cashier);
    await c.t.must('receipts.reprint', { receiptId: receipt.id }, c.cashier);
    expect(c.jobs().map((j) => [j.kind, j.open_drawer])).toEqual([
      ['drawer_kick', 1],
      ['receipt', 0],
      ['drawer_kick', 1],
      ['void', 0],
      ['duplicate', 0],
    ]);
    await c.t.core.printing.drain();
    const [, voidSlip, reprint] = await printed(vp, 3);
    // The void of a cash receipt opens the drawer to hand the cash back: one pulse for the sale, one for the void.
    expect(pulseJobs(vp).map((j) => j.decoded.pulses.length)).toEqual([1, 1]);
    expect(c.t.core.deps.db.prepare('SELECT purpose FROM drawer_pulses ORDER BY id').all()).toEqual([{ purpose: 'sale' }, { purpose: 'void' }]);
    for (const j of [voidSlip!, reprint!]) {
      expect(j.decoded.lines.filter((l) => l.text === '*** VOID ***')).toHaveLength(2);
      expect(j.text).toContain('THIS RECEIPT IS VOID');
      expect(j.text).toContain('Reason: wrong account');
      expect(j.text).toMatch(/^Approved by {2,}Sam Supervisor$/m);
      expect(j.decoded.pulses).toEqual([]);
    }
    expect(voidSlip!.text).not.toContain('DUPLICATE');
    expect(reprint!.text).toContain('DUPLICATE');
    await vp.close();
  });
});

describe('cash drawer', () => {
  it('opens on a no-sale with a supervisor and a reason, audited, with a NO SALE slip', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c);
    const noSup = await c.t.call('drawer.noSale', { reason: 'make change for the parking meter' }, c.cashier);
    expect(noSup.ok ? null : noSup.error.code).toBe('NEEDS_SUPERVISOR');
    const noReason = await c.t.call('drawer.noSale', { reason: '', override: SUPERVISOR }, c.cashier);
    expect(noReason.ok ? null : noReason.error.code).toBe('BAD_INPUT');
    const clerk = await c.t.call('drawer.noSale', { reason: 'just looking', override: SUPERVISOR }, await c.t.signIn('clerk'));
    expect(clerk.ok ? null : clerk.error.code).toBe('FORBIDDEN');
    expect(c.jobs()).toEqual([]);

    const r = await c.t.must('drawer.noSale', { reason: 'make change for the parking meter', override: SUPERVISOR }, c.cashier);
    expect(r.jobs).toMatchObject([
      { kind: 'no_sale', opensDrawer: false, status: 'queued' },
      { kind: 'drawer_kick', opensDrawer: true, status: 'queued' },
    ]);
    const audit = await c.t.must('audit.list', { action: 'drawer.noSale' }, await c.t.signIn('supervisor'));
    expect(audit.rows[0]).toMatchObject({ user: 'cashier', approvedBy: 'supervisor', reason: 'make change for the parking meter' });
    await c.t.core.printing.drain();
    const [slip] = await printed(vp, 1);
    expect(slip!.text).toContain('NO SALE');
    expect(slip!.text).toMatch(/^Approved by {2,}Sam Supervisor$/m);
    expect(slip!.text).toContain('Reason: make change for the parking meter');
    expect(slip!.decoded.pulses).toEqual([]);
    expect(pulseJobs(vp).map((j) => j.decoded.pulses.map((p) => p.hex))).toEqual([['1b 70 00 19 fa']]);
    await vp.close();
  });

  it('refuses a no-sale when no drawer is set up or none is open', async () => {
    const c = await printCounter();
    const r = await c.t.call('drawer.noSale', { reason: 'test the drawer', override: SUPERVISOR }, c.cashier);
    expect(r.ok ? null : r.error.code).toBe('PRINTER_NOT_CONFIGURED');
    const vp = await withVirtualPrinter(c, { drawer: { mode: 'none' } });
    const none = await c.t.call('drawer.noSale', { reason: 'test the drawer', override: SUPERVISOR }, c.cashier);
    expect(none.ok ? null : none.error.code).toBe('PRINTER_NOT_CONFIGURED');
    // With the drawer off, cash receipts print without a pulse.
    await c.cash(100);
    expect(c.jobs()).toMatchObject([{ open_drawer: 0 }]);
    await vp.close();
  });

  it('prints the drawer summary: counts and totals by tender', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c, { paperWidthMm: 58 });
    await c.cash(2500);
    await c.t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: c.accountId, amountCents: 1500 }], tenders: [{ kind: 'check', amountCents: 1500, checkNumber: '9', payer: 'Andy' }] }, c.cashier);
    const { job } = await c.t.must('drawer.printSummary', {}, c.cashier);
    expect(job).toMatchObject({ kind: 'drawer_summary', opensDrawer: false });
    const other = await c.t.call('drawer.printSummary', { drawerId: 1 }, await c.t.signIn('clerk'));
    expect(other.ok ? null : other.error.code).toBe('FORBIDDEN');
    await c.t.core.printing.drain();
    const jobs = await printed(vp, 3);
    const summary = jobs[2]!;
    expectFits(summary, 32);
    expect(summary.text).toContain('DRAWER SUMMARY');
    expect(summary.text).toMatch(/^Receipts {2,}2$/m);
    expect(summary.text).toMatch(/^Cash {2,}\$25\.00$/m);
    expect(summary.text).toMatch(/^Checks {2,}\$15\.00$/m);
    expect(summary.text).toMatch(/^NET COLLECTED {2,}\$40\.00$/m);
    expect(summary.decoded.pulses).toEqual([]);
    await vp.close();
  });
});

describe('test page and the virtual printer', () => {
  it('prints a test page; only an admin may pulse the drawer with it', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c, { paperWidthMm: 58, codePage: 'PC858' });
    expect((await c.t.must('printer.testPrint', {}, c.cashier)).jobs).toMatchObject([{ kind: 'test', opensDrawer: false }]);
    const denied = await c.t.call('printer.testPrint', { openDrawer: true }, c.cashier);
    expect(denied.ok ? null : denied.error.code).toBe('FORBIDDEN');
    expect((await c.t.must('printer.testPrint', { openDrawer: true }, c.admin)).jobs).toMatchObject([
      { kind: 'test', opensDrawer: false },
      { kind: 'drawer_kick', opensDrawer: true },
    ]);
    await c.t.core.printing.drain();
    const [page, withDrawer] = await printed(vp, 2);
    expectFits(page!, 32);
    expect(page!.text).toContain('TEST PRINT');
    expect(page!.text).toContain('Euro sign (PC858/WPC1252): €');
    expect(page!.decoded.lines.find((l) => l.text.startsWith('1234567890'))!.text).toHaveLength(32);
    expect(withDrawer!.text).toContain('TEST PRINT');
    expect(pulseJobs(vp)).toHaveLength(1);
    await vp.close();
  });

  it('attaches a virtual printer for the run: receipts go there without touching the stored settings, and come back as text', async () => {
    const c = await printCounter();
    const vp = await startVirtualPrinter();
    const none = await c.t.must('printer.virtualJobs', {}, c.cashier);
    expect(none).toEqual({ active: false, endpoint: null, jobs: [] });
    c.t.core.printing.attachVirtualPrinter(vp);
    expect(await c.t.must('printer.getSettings', {}, c.admin)).toMatchObject({ settings: { kind: 'none' }, override: { endpoint: `tcp 127.0.0.1:${vp.port}` } });
    const { receipt } = await c.cash(1234);
    await c.t.core.printing.drain();
    await vp.waitForJobs(2);
    const listed = await c.t.must('printer.virtualJobs', { limit: 5 }, c.cashier);
    expect(listed).toMatchObject({ active: true, endpoint: `tcp 127.0.0.1:${vp.port}` });
    expect(listed.jobs).toHaveLength(2);
    // Newest first: the receipt, then the drawer pulse that went out ahead of it.
    expect(listed.jobs[0]).toMatchObject({ id: 2, cuts: 1, codePage: 'PC437', warnings: [], drawerPulses: [] });
    expect(listed.jobs[1]).toMatchObject({ id: 1, cuts: 0, warnings: [], drawerPulses: [{ pin: 2, onMs: 50, offMs: 500, hex: '1b 70 00 19 fa' }] });
    expect(listed.jobs[0]!.text).toMatch(new RegExp(`^Receipt {2,}${receipt.number}$`, 'm'));
    expect(listed.jobs[0]!.text).toMatch(/^Cash {2,}\$12\.34$/m);
    expect(await c.t.must('printer.status', { refresh: true }, c.cashier)).toMatchObject({ state: 'ready', virtual: true });
    c.t.core.printing.attachVirtualPrinter(null);
    expect((await c.t.must('printer.status', {}, c.cashier)).state).toBe('not_configured');
    await vp.close();
  });
});

describe('58 mm and 80 mm receipts', () => {
  it.each([
    [58, 32],
    [80, 48],
  ] as const)('%i mm (%i columns) never overflows a line over long names and addresses', async (paperWidthMm, columns) => {
    const name = longText(paperWidthMm, 72);
    const c = await printCounter({ name: { business: name }, street: longText(5, 70) });
    await c.t.must('settings.update', { values: { townName: longText(9, 64), townAddress: longText(2, 110) }, reason: 'long header test' }, c.admin);
    const vp = await withVirtualPrinter(c, { paperWidthMm, showAllocations: true, footerLines: [longText(4, 64)] });
    await c.t.must('payments.post', {
      idempotencyKey: nextKey(),
      payer: longText(6, 80),
      lines: [
        { type: 'account', accountId: c.accountId, amountCents: 5000 },
        { type: 'revenue', revenueCode: 'MISC', amountCents: 1200, description: longText(8, 120) },
      ],
      tenders: [
        { kind: 'check', amountCents: 3000, checkNumber: '4242', payer: longText(7, 80) },
        { kind: 'card', amountCents: 2000, brand: 'MASTERCARD', last4: '5454', authCode: 'ABCDEFGH' },
        { kind: 'cash', amountCents: 2000 },
      ],
    }, c.cashier);
    const { receipt } = await c.cash(999_99);
    await c.t.must('receipts.void', { number: receipt.number, reason: longText(3, 300), override: SUPERVISOR }, c.cashier);
    await c.t.must('receipts.reprint', { number: receipt.number }, c.cashier);
    await c.t.must('drawer.printSummary', {}, c.cashier);
    await c.t.core.printing.drain();
    const jobs = await printed(vp, 5);
    for (const j of jobs) expectFits(j, columns);
    expect(jobs[0]!.text.replace(/\s+/g, '')).toContain(name.replace(/\s+/g, ''));
    await vp.close();
  });
});
