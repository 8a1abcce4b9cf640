// The receipt printer in happy-dom: the real App over the real bridge and a real SQLite ledger,
// printing over TCP to the virtual printer on 127.0.0.1 (the one browser mode uses), which
// decodes what it gets back into text, cuts and drawer pulses.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { bootLedger } from '../../src-main/boot';
import { createUser } from '../../src-main/core/auth/users';
import { fixedClock, sequentialIds } from '../../src-main/core/deps';
import type { PrintingDeps } from '../../src-main/core/printing/service';
import { DEMO_USERS } from '../../src-main/demo/users';
import { startVirtualPrinter, type VirtualPrinter } from '../../src-main/devices/virtual-printer';
import { createBridge } from '../../src-main/ipc/bridge';
import { createApi } from '../../src-renderer/api/client';
import { AppContext } from '../../src-renderer/app/context';
import { DrawerPrinterActions } from '../../src-renderer/screens/printer/DrawerPrinterActions';
import { createAppStore } from '../../src-renderer/state/app-store';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/ipc/contract';
import type { Envelope } from '../../src-shared/ipc/envelope';
import { makeTestCore, MIGRATIONS_DIR, type TestCore } from '../helpers/core';
import { STARTING_BANK } from '../helpers/fixtures';
import { bridgeTransport, signIn, startApp } from './harness';

const PULSE_HEX = '1b 70 00 19 fa'; // ESC p 0, 50 ms on, 500 ms off: pin 2 at the default timing

const focused = () => document.activeElement as HTMLElement;
const alt = (digit: string) => fireEvent.keyDown(document.body, { key: digit, code: `Digit${digit}`, altKey: true });
const printerStatus = () => screen.getByRole('status', { name: 'Printer status' });
const nav = () => screen.getByRole('navigation', { name: 'Main' });

/** A core like makeTestCore's, with the print worker's retry policy set by the test. */
async function printerCore(printing: PrintingDeps): Promise<TestCore> {
  const clock = fixedClock('2026-03-16T15:00:00Z');
  const core = await bootLedger({ file: ':memory:', migrationsDir: MIGRATIONS_DIR, clock, ids: sequentialIds('prn'), station: 'S1', appVersion: 'test', log: () => {}, printing });
  core.deps.db.transaction(() => {
    for (const u of DEMO_USERS) createUser(core.deps.db, { ...u, at: clock.now().toISOString() });
  })();
  const bridge = createBridge(core, { validateOutput: true, log: (m, e) => console.error(m, e) });
  const call = <M extends MethodName>(method: M, input: MethodInput<M>, token?: string | null) => bridge.invoke(method, input, token ?? null) as Promise<Envelope<MethodOutput<M>>>;
  const must = async <M extends MethodName>(method: M, input: MethodInput<M>, token?: string | null) => {
    const r = await call(method, input, token);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const signInAs = async (username: string) => (await must('session.signIn', { username, secret: DEMO_USERS.find((u) => u.username === username)?.secret ?? '' })).token;
  return { core, bridge, clock, file: ':memory:', call, must, signIn: signInAs, close: () => core.close() };
}

let cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** The virtual printer attached to the core (as browser mode does) and the print worker running. */
async function attachPrinter(t: TestCore): Promise<VirtualPrinter> {
  const vp = await startVirtualPrinter();
  t.core.printing.attachVirtualPrinter(vp);
  t.core.printing.start();
  cleanups.push(() => vp.close());
  return vp;
}

/** What the virtual printer printed (jobs with text; a drawer pulse is a job of its own) once there are `count` (waiting inside act, as the UI keeps polling meanwhile). */
async function received(vp: VirtualPrinter, count: number) {
  const printed = () => vp.jobs().filter((j) => j.decoded.lines.length > 0);
  await waitFor(() => expect(printed().length).toBeGreaterThanOrEqual(count), { timeout: 5000 });
  return printed();
}

/** The drawer pulses the virtual printer got, each as its bytes in hex. */
const pulsesReceived = (vp: VirtualPrinter) => vp.jobs().filter((j) => j.decoded.lines.length === 0).flatMap((j) => j.decoded.pulses.map((p) => p.hex));

async function track(t: TestCore): Promise<TestCore> {
  cleanups.push(() => t.close());
  return t;
}

/** At the counter (drawer open): an amount on the account taken in cash, posted with F9. */
async function postCashAtCounter(accountNumber: string, amountText: string, cashText: string) {
  const box = await screen.findByRole('searchbox', { name: 'Find account' });
  await waitFor(() => expect(focused()).toBe(box));
  fireEvent.change(box, { target: { value: accountNumber } });
  fireEvent.keyDown(box, { key: 'Enter' });
  const amount = await screen.findByLabelText<HTMLInputElement>(`Amount for ${accountNumber}`);
  await waitFor(() => expect(focused()).toBe(amount));
  fireEvent.change(amount, { target: { value: amountText } });
  fireEvent.keyDown(amount, { key: 'Enter' });
  const cash = await screen.findByLabelText<HTMLInputElement>('Cash amount');
  await waitFor(() => expect(focused()).toBe(cash));
  fireEvent.change(cash, { target: { value: cashText } });
  await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Post payment' }).disabled).toBe(false));
  fireEvent.keyDown(focused(), { key: 'F9' });
  return screen.findByRole('region', { name: 'Receipt printing' }, { timeout: 5000 });
}

describe('the printer status in the app frame', () => {
  it('says Not configured, then follows the virtual printer: ready, paper out, offline; Virtual printer joins the navigation', async () => {
    const t = await track(await makeTestCore());
    await startApp({ core: t });
    await signIn('cashier', '1111');
    await waitFor(() => expect(printerStatus().textContent).toBe('Printer: not configured'));
    expect(within(nav()).queryByRole('button', { name: 'Virtual printer' })).toBeNull();

    const vp = await attachPrinter(t);
    fireEvent.click(screen.getByRole('button', { name: 'Check printer' }));
    await waitFor(() => expect(printerStatus().textContent).toBe('Printer: ready (virtual)'));
    const entry = within(nav()).getByRole('button', { name: 'Virtual printer' });
    expect(entry.getAttribute('aria-keyshortcuts')).toBe('Alt+7');

    vp.state.paperOut = true;
    fireEvent.click(screen.getByRole('button', { name: 'Check printer' }));
    await waitFor(() => expect(printerStatus().textContent).toBe('Printer: paper out (virtual)'));
    vp.state.paperOut = false;
    vp.state.offline = true;
    fireEvent.click(screen.getByRole('button', { name: 'Check printer' }));
    await waitFor(() => expect(printerStatus().textContent).toBe('Printer: offline (virtual)'));
    expect(printerStatus().getAttribute('title')).toMatch(/offline/i);
  });
});

describe('printing a receipt at the counter', () => {
  it('shows "Posted — not printed" (also in the frame) while the printer is offline, opens the drawer at once, prints on Retry printing once it is back, and the Virtual printer screen shows the receipt and the drawer pulse', async () => {
    // The worker keeps trying, here only once a minute; Retry printing tries again at once.
    const t = await track(await printerCore({ backoffMs: 60_000, maxBackoffMs: 60_000 }));
    const { seeded, transport } = await startApp({ core: t });
    await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier'));
    const vp = await attachPrinter(t);
    vp.state.offline = true;

    await signIn('cashier', '1111');
    const printing = await postCashAtCounter(seeded.smith.number, '155.25', '160');
    await screen.findByRole('article', { name: 'Receipt S1-000001' });
    // The payment is posted whatever the printer does.
    expect((await t.must('receipts.get', { number: 'S1-000001' }, await t.signIn('supervisor'))).status).toBe('posted');
    const alert = await within(printing).findByRole('alert', {}, { timeout: 5000 });
    await waitFor(() => expect(alert.textContent).toMatch(/^Posted — not printed: .*offline/i));
    await within(printing).findByText('TownCounter keeps trying until it prints, also after a restart; Retry printing tries again now, or cancel it.');
    fireEvent.click(screen.getByRole('button', { name: 'Check printer' }));
    await waitFor(() => expect(printerStatus().textContent).toBe('Printer: offline (virtual) · 1 waiting'));
    expect(screen.getByRole('status', { name: 'Receipts not printed' }).textContent).toBe('Posted — not printed: S1-000001');
    // The drawer opened at once for the cash (its pulse is a job of its own); nothing was printed.
    expect(pulsesReceived(vp)).toEqual([PULSE_HEX]);
    expect(vp.jobs().filter((j) => j.decoded.lines.length > 0)).toHaveLength(0);
    // Focus stays on New transaction: the printer never takes the cashier's keyboard.
    expect(focused()).toBe(screen.getByRole('button', { name: 'New transaction' }));

    vp.state.offline = false;
    fireEvent.click(within(printing).getByRole('button', { name: 'Retry printing' }));
    await waitFor(() => expect(within(printing).getAllByRole('status')[0]!.textContent).toBe('Printed'), { timeout: 5000 });
    expect(within(printing).queryByRole('alert')?.textContent ?? null).toBeNull();
    expect(within(printing).queryByRole('button', { name: 'Retry printing' })).toBeNull();
    expect(transport.calls.filter((c) => c.method === 'printer.retry').map((c) => c.input)).toEqual([{ jobId: 2 }]);
    const [job] = await received(vp, 1);
    expect(job!.text).toContain('S1-000001');
    expect(job!.text).toContain('160.00');
    expect(job!.decoded.pulses).toEqual([]);
    expect(pulsesReceived(vp)).toEqual([PULSE_HEX]);
    await waitFor(() => expect(printerStatus().textContent).toBe('Printer: ready (virtual)'));
    expect(screen.queryByRole('status', { name: 'Receipts not printed' })).toBeNull();

    // Alt+7: what the printer got, as text, with the cut and the drawer pulse.
    alt('7');
    expect(screen.getByRole('heading', { name: 'Virtual printer', level: 1 })).toBeTruthy();
    const jobs = await screen.findByRole('list', { name: 'Jobs received' });
    const paper = await within(jobs).findByLabelText('Printed text of job 2');
    expect(paper.textContent).toContain('S1-000001');
    expect(paper.textContent).toContain('155.25');
    expect(paper.textContent).toContain('Cathy Cashier');
    const [receiptArticle, pulseArticle] = within(jobs).getAllByRole('article');
    expect(within(receiptArticle!).getByText('Paper cut')).toBeTruthy();
    expect(within(pulseArticle!).getByText(PULSE_HEX).tagName).toBe('CODE');
    expect(within(pulseArticle!).getByText(/^Drawer pulse: pin 2, 50 ms on, 500 ms off/)).toBeTruthy();
    expect(screen.getByText(/^2 jobs received, newest first\. Listening on tcp 127\.0\.0\.1:\d+\.$/).getAttribute('role')).toBe('status');
  });

  it('the cashier cancels a receipt that cannot print, with a reason; it leaves the frame', async () => {
    const t = await track(await printerCore({ backoffMs: 60_000, maxBackoffMs: 60_000 }));
    const { seeded } = await startApp({ core: t });
    await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier'));
    const vp = await attachPrinter(t);
    vp.state.paperOut = true;
    await signIn('cashier', '1111');
    const printing = await postCashAtCounter(seeded.smith.number, '20.00', '20');
    await within(printing).findByRole('alert', {}, { timeout: 5000 });
    fireEvent.click(screen.getByRole('button', { name: 'Check printer' }));
    await screen.findByText('Posted — not printed: S1-000001');
    fireEvent.click(within(printing).getByRole('button', { name: 'Cancel printing' }));
    const form = within(printing).getByRole('form', { name: 'Cancel printing' });
    expect(within(form).getByRole<HTMLButtonElement>('button', { name: 'Cancel this print job' }).disabled).toBe(true);
    fireEvent.change(within(form).getByLabelText('Reason for cancelling'), { target: { value: 'Customer left; no receipt wanted' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Cancel this print job' }));
    await within(printing).findByText('Printing cancelled: Customer left; no receipt wanted.');
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Receipts not printed' })).toBeNull());
    const audit = await t.must('audit.list', { action: 'printer.job.cancel' }, await t.signIn('supervisor'));
    expect(audit.rows[0]).toMatchObject({ user: 'cashier', subject: 'S1-000001', reason: 'Customer left; no receipt wanted' });
    expect(pulsesReceived(vp)).toEqual([PULSE_HEX]);
  });

  it('says Printed when the printer is ready (with Reprint), and nothing alarming without a printer', async () => {
    const t = await track(await makeTestCore());
    const { seeded } = await startApp({ core: t });
    await t.must('drawer.open', { counts: STARTING_BANK }, await t.signIn('cashier'));
    await signIn('cashier', '1111');
    let printing = await postCashAtCounter(seeded.smith.number, '50.00', '50');
    await waitFor(() => expect(within(printing).getByRole('status').textContent).toBe('Not printed: no receipt printer is set up at this station.'));
    expect(within(printing).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();

    const vp = await attachPrinter(t);
    fireEvent.keyDown(focused(), { key: 'F2' });
    printing = await postCashAtCounter(seeded.smith.number, '25.00', '30');
    await waitFor(() => expect(within(printing).getAllByRole('status')[0]!.textContent).toBe('Printed'));
    expect(within(printing).getByRole('button', { name: 'Reprint' })).toBeTruthy();
    const [job] = await received(vp, 1);
    expect(job!.text).toContain('S1-000002');
  });
});

describe('reprints from the receipt dialog', () => {
  it('reprints marked DUPLICATE, and a voided receipt reprints VOID', async () => {
    const t = await track(await makeTestCore());
    const { seeded } = await startApp({ core: t });
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const vp = await attachPrinter(t);
    await t.must('payments.post', { idempotencyKey: 'printer-reprint-1', lines: [{ type: 'account', accountId: seeded.smith.id, amountCents: 7500 }], tenders: [{ kind: 'cash', amountCents: 8000 }] }, cashier);
    await received(vp, 1);

    await signIn('cashier', '1111');
    alt('3');
    fireEvent.change(await screen.findByLabelText('Receipt number'), { target: { value: 'S1-000001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open receipt' }));
    const dialog = await screen.findByRole('dialog', { name: 'Receipt S1-000001' });
    const printing = within(dialog).getByRole('region', { name: 'Receipt printing' });
    await waitFor(() => expect(within(printing).getAllByRole('status')[0]!.textContent).toBe('Printed'));

    fireEvent.click(within(printing).getByRole('button', { name: 'Reprint' }));
    await within(printing).findByText('Reprint of S1-000001 sent to the printer, marked DUPLICATE.');
    await waitFor(() => expect(within(printing).getAllByRole('status')[0]!.textContent).toBe('Reprint printed (DUPLICATE)'));
    const copy = (await received(vp, 2))[1]!;
    expect(copy.text).toContain('DUPLICATE');
    expect(copy.text).toContain('S1-000001');
    expect(copy.text).not.toMatch(/\bVOID\b/);
    expect(copy.decoded.pulses).toEqual([]); // a reprint never opens the drawer

    // Void it (a supervisor approves): the VOID slip prints, and a reprint now shows VOID too.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Void receipt' }));
    fireEvent.change(within(dialog).getByLabelText('Reason for void'), { target: { value: 'Wrong account' } });
    fireEvent.change(within(dialog).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(dialog).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm void' }));
    await within(dialog).findByText('Receipt S1-000001 is void.');
    const voided = within(dialog).getByRole('region', { name: 'Receipt printing' });
    await waitFor(() => expect(within(voided).getAllByRole('status')[0]!.textContent).toBe('VOID slip printed'));
    expect((await received(vp, 3))[2]!.text).toMatch(/\bVOID\b/);
    fireEvent.click(within(voided).getByRole('button', { name: 'Reprint' }));
    await within(voided).findByText('Reprint of S1-000001 sent to the printer, marked VOID and DUPLICATE.');
    const voidCopy = (await received(vp, 4))[3]!;
    expect(voidCopy.text).toMatch(/\bVOID\b/);
    expect(voidCopy.text).toContain('DUPLICATE');
    const audit = await t.must('audit.list', { action: 'receipt.reprint' }, await t.signIn('supervisor'));
    expect(audit.rows).toHaveLength(2);
  });
});

describe('Printer settings', () => {
  it('is for the administrator only: refused without a reason, saved and audited with one; the test page prints; failed jobs are retried', async () => {
    const t = await track(await printerCore({ backoffMs: 60_000, maxBackoffMs: 60_000 }));
    const { transport } = await startApp({ core: t });
    t.core.printing.start();
    const vp = await startVirtualPrinter();
    cleanups.push(() => vp.close());

    // A cashier has no Printer settings, and Alt+0 does nothing.
    await signIn('cashier', '1111');
    expect(within(nav()).queryByRole('button', { name: 'Printer settings' })).toBeNull();
    alt('0');
    expect(screen.queryByRole('heading', { name: 'Printer settings' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });

    await signIn('admin', '0000');
    expect(within(nav()).getByRole('button', { name: 'Printer settings' }).getAttribute('aria-keyshortcuts')).toBe('Alt+0');
    alt('0');
    const heading = await screen.findByRole('heading', { name: 'Printer settings', level: 1 });
    await waitFor(() => expect(focused()).toBe(heading));
    const form = await screen.findByRole('form', { name: 'Printer settings' });
    const f = within(form);
    expect(f.getByLabelText<HTMLSelectElement>('Printer connection').value).toBe('none');
    expect(f.getByLabelText<HTMLSelectElement>('Paper width').value).toBe('80');
    expect(f.getByLabelText<HTMLInputElement>('Characters per line').value).toBe('48');
    expect(f.getByLabelText<HTMLSelectElement>('Drawer kick pin').value).toBe('2');
    expect(f.getByLabelText<HTMLInputElement>('Pulse on (ms)').value).toBe('50');
    expect(f.getByLabelText<HTMLInputElement>('Pulse off (ms)').value).toBe('500');

    // A network printer needs its host; the form says so at the field.
    fireEvent.change(f.getByLabelText('Printer connection'), { target: { value: 'network' } });
    fireEvent.change(f.getByLabelText('Reason for the change'), { target: { value: 'New printer at the counter' } });
    fireEvent.click(f.getByRole('button', { name: 'Save printer settings' }));
    expect(f.getByRole('alert').textContent).toBe('Not saved: A network printer needs a host name or IP address.');
    expect(focused()).toBe(f.getByLabelText('Printer host'));
    fireEvent.change(f.getByLabelText('Printer host'), { target: { value: '127.0.0.1' } });
    fireEvent.change(f.getByLabelText('Printer port'), { target: { value: String(vp.port) } });
    fireEvent.change(f.getByLabelText('Time limit per wait (ms)'), { target: { value: '500' } });
    fireEvent.change(f.getByLabelText('Paper width'), { target: { value: '58' } });
    expect(f.getByLabelText<HTMLInputElement>('Characters per line').value).toBe('32');
    fireEvent.click(f.getByLabelText('Header: the town’s name, address and phone'));
    fireEvent.change(f.getByLabelText('Header lines'), { target: { value: 'TOWN OF MAYBERRY\nUtility office\n' } });

    // No reason: refused, nothing sent.
    fireEvent.change(f.getByLabelText('Reason for the change'), { target: { value: ' ' } });
    fireEvent.click(f.getByRole('button', { name: 'Save printer settings' }));
    expect(f.getByRole('alert').textContent).toBe('Not saved: Give the reason for the change (at least 3 characters).');
    expect(focused()).toBe(f.getByLabelText('Reason for the change'));
    expect(transport.calls.some((c) => c.method === 'printer.updateSettings')).toBe(false);
    const admin = await t.signIn('admin');
    expect((await t.must('printer.getSettings', {}, admin)).settings.kind).toBe('none');

    fireEvent.change(f.getByLabelText('Reason for the change'), { target: { value: 'New printer at the counter' } });
    fireEvent.click(f.getByRole('button', { name: 'Save printer settings' }));
    await f.findByText('Printer settings saved.');
    expect(f.queryByRole('alert')).toBeNull();
    expect(f.getByLabelText<HTMLInputElement>('Reason for the change').value).toBe('');
    const saved = await t.must('printer.getSettings', {}, admin);
    expect(saved.settings).toMatchObject({ kind: 'network', host: '127.0.0.1', port: vp.port, timeoutMs: 500, paperWidthMm: 58, columns: 32, headerLines: ['TOWN OF MAYBERRY', 'Utility office'] });
    expect(transport.calls.filter((c) => c.method === 'printer.updateSettings').map((c) => c.input)).toEqual([
      { values: { kind: 'network', host: '127.0.0.1', port: vp.port, paperWidthMm: 58, columns: 32, headerLines: ['TOWN OF MAYBERRY', 'Utility office'], timeoutMs: 500 }, reason: 'New printer at the counter' },
    ]);
    const audit = await t.must('audit.list', { action: 'printer.settings.update' }, admin);
    expect(audit.rows[0]).toMatchObject({ user: 'admin', reason: 'New printer at the counter' });
    await waitFor(() => expect(printerStatus().textContent).toBe('Printer: ready'));
    const statusCard = screen.getByRole('region', { name: 'Printer status' });
    expect(within(statusCard).getByText(`tcp 127.0.0.1:${vp.port}`)).toBeTruthy();

    // The test page reaches the printer, in 32 columns with the new header.
    fireEvent.click(screen.getByRole('button', { name: 'Test print' }));
    await screen.findByText('Test page: printed.', {}, { timeout: 5000 });
    const [page] = await received(vp, 1);
    expect(page!.text).toContain('TEST PRINT');
    expect(page!.text).toContain('TOWN OF MAYBERRY');
    expect(page!.decoded.pulses).toEqual([]);

    // The printer goes offline: the drawer still opens (its pulse is a job of its own), the test
    // page waits in the jobs table (a minute's back-off in this test), and Retry printing now prints it.
    vp.state.offline = true;
    fireEvent.click(screen.getByRole('button', { name: 'Test print with drawer kick' }));
    expect((await screen.findByText(/^Test page: not printed yet: /, {}, { timeout: 5000 })).getAttribute('role')).toBe('alert');
    await screen.findByText('Drawer kick: printed (drawer opened).');
    const table = await screen.findByRole('table', { name: 'Print jobs, newest first' });
    await waitFor(() => expect(within(table).getAllByRole('row')[1]!.textContent).toMatch(/^3Test page.*Waiting1/));
    expect(within(table).getAllByRole('row')[2]!.textContent).toMatch(/^2Drawer kick \+ drawer.*Printed1/);
    expect(within(table).getAllByRole('row')[3]!.textContent).toMatch(/^1Test page.*Printed1/);
    expect(pulsesReceived(vp)).toEqual([PULSE_HEX]);
    vp.state.offline = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry printing now' }));
    await screen.findByText('Trying the waiting jobs again now.');
    await waitFor(() => expect(within(table).getAllByRole('row')[1]!.textContent).toMatch(/^3Test page.*Printed2/));
    await received(vp, 2);
    expect(pulsesReceived(vp)).toEqual([PULSE_HEX]);
  });
});

describe('the drawer’s printer actions', () => {
  it('No sale needs a reason and a supervisor, opens the drawer and prints NO SALE; the drawer summary prints', async () => {
    const t = await track(await makeTestCore());
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const vp = await attachPrinter(t);
    const store = createAppStore();
    const api = createApi(bridgeTransport(t), { getToken: () => store.getState().session?.token ?? null });
    const me = await t.must('session.current', {}, cashier);
    store.getState().signIn({ token: cashier, user: me.user, station: 'S1' }, 'drawer');
    render(
      <AppContext.Provider value={{ api, store, searchDelayMs: 20 }}>
        <DrawerPrinterActions />
      </AppContext.Provider>,
    );
    const section = screen.getByRole('region', { name: 'Receipt printer and cash drawer' });

    fireEvent.click(within(section).getByRole('button', { name: 'No sale' }));
    const form = within(section).getByRole('form', { name: 'No sale' });
    await waitFor(() => expect(focused()).toBe(within(form).getByLabelText('Reason for no sale')));
    fireEvent.click(within(form).getByRole('button', { name: 'Open cash drawer' }));
    expect(within(form).getByRole('alert').textContent).toBe('Drawer not opened: Give the reason for opening the drawer (at least 3 characters).');
    fireEvent.change(within(form).getByLabelText('Reason for no sale'), { target: { value: 'Change for a $20' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Open cash drawer' }));
    expect(within(form).getByRole('alert').textContent).toBe('Drawer not opened: a supervisor must approve a no sale.');
    fireEvent.change(within(form).getByLabelText('Supervisor username'), { target: { value: 'supervisor' } });
    fireEvent.change(within(form).getByLabelText('Supervisor PIN'), { target: { value: '9999' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Open cash drawer' }));
    await within(section).findByText('No sale recorded; the cash drawer opens.');
    await waitFor(() => expect(focused()).toBe(within(section).getByRole('button', { name: 'No sale' })));
    await within(section).findByText('No sale: printed.', {}, { timeout: 5000 });
    const [slip] = await received(vp, 1);
    expect(slip!.text).toContain('NO SALE');
    expect(slip!.text).toContain('Change for a $20');
    expect(slip!.decoded.pulses).toEqual([]);
    expect(pulsesReceived(vp)).toEqual([PULSE_HEX]);
    const audit = await t.must('audit.list', { action: 'drawer.noSale' }, await t.signIn('supervisor'));
    expect(audit.rows[0]).toMatchObject({ user: 'cashier', approvedBy: 'supervisor', reason: 'Change for a $20' });

    fireEvent.click(within(section).getByRole('button', { name: 'Print drawer summary' }));
    await within(section).findByText('Drawer summary: printed.', {}, { timeout: 5000 });
    const [, summary] = await received(vp, 2);
    expect(summary!.text).toContain('DRAWER SUMMARY');
    expect(summary!.decoded.pulses).toEqual([]);
  });
});
