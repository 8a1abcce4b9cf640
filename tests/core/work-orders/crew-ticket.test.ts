// The short crew ticket on the receipt printer (workOrders.printTicket) through the contract:
// the job lands on a TCP printer on loopback with the order's text laid out for the paper and no
// drawer pulse; asking again prints again; bad ids, closed orders, a missing printer and the
// wrong role are refused without queuing anything; an offline printer keeps the ticket queued
// until it comes back.
import { insertAccount, insertCustomer, insertLocation } from '../../../src-main/core/accounts/records';
import { postBill } from '../../../src-main/core/billing/post-bill';
import { widthOf } from '../../../src-main/devices/escpos/layout';
import type { VirtualPrinter } from '../../../src-main/devices/virtual-printer';
import { startVirtualPrinter } from '../../../src-main/devices/virtual-printer';
import { refusedPort, startScriptedPrinter } from '../../devices/fault-printers';
import { makeTestCore, type TestCore } from '../../helpers/core';

let t: TestCore;
let clerk: string;
let admin: string;
let vp: VirtualPrinter | null = null;
let key = 0;
const k = () => `ticket-key-${String(++key).padStart(4, '0')}`;

const WORDS = 'Water has been bubbling up by the sidewalk since Saturday night and the yard by the barber pole is soaked';

function leakAccount(db: TestCore['core']['deps']['db']): number {
  return db.transaction(() => {
    const customerId = insertCustomer(db, { kind: 'person', firstName: 'Floyd', lastName: 'Lawson', businessName: null, phone: '(336) 555-0123', mailStreet: '31 Main St', mailCity: 'Mayberry', mailState: 'NC', mailZip: '27030', createdAt: '2024-01-02T12:00:00Z' });
    const locationId = insertLocation(db, { street: '31 Main St', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'commercial', waterMeter: 'W-3131', services: ['water', 'sewer'] });
    const a = insertAccount(db, { customerId, locationId, openedOn: '2024-01-02', services: ['water', 'sewer'] });
    postBill(db, { accountId: a.id, billDate: '2026-02-05', dueDate: '2026-02-25', periodFrom: '2026-01-01', periodTo: '2026-01-31', waterGallons: 4000, lines: [{ service: 'water', amountCents: 3000 }], businessDate: '2026-02-05', postedAt: '2026-02-05T12:00:00Z', userId: null });
    db.prepare("INSERT INTO meter_readings (service, meter_number, read_on, value, source, read_code, entered_at) VALUES ('water', 'W-3131', '2026-02-14', 70500, 'manual', 'ok', '2026-02-14T12:00:00Z')").run();
    return a.id;
  })();
}

async function configure(values: Record<string, unknown>) {
  await t.must('printer.updateSettings', { values, reason: 'counter printer for the test' }, admin);
}

const jobCount = () => (t.core.deps.db.prepare('SELECT count(*) AS n FROM print_jobs').get() as { n: number }).n;

beforeEach(async () => {
  // 15:00 UTC on March 16, 2026 is 11:00 AM in Mayberry (EDT).
  t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
  clerk = await t.signIn('clerk');
  admin = await t.signIn('admin');
});
afterEach(async () => {
  await vp?.close();
  vp = null;
  t.close();
});

async function dispatchedLeakCheck() {
  const accountId = leakAccount(t.core.deps.db);
  const wo = await t.must('workOrders.create', { type: 'leak_check', accountId, priority: 'high', landmark: 'meter box by the barber pole', customerWords: WORDS, source: 'phone', idempotencyKey: k() }, clerk);
  const { crews } = await t.must('workOrders.crews', {}, clerk);
  const crew = crews.find((c) => c.name === 'Water 2')!;
  await t.must('workOrders.dispatch', { id: wo.id, crewId: crew.id, routeSeq: 3 }, clerk);
  return wo;
}

describe('workOrders.printTicket', () => {
  it('queues the ticket and prints it on the loopback printer: every field, 42 columns, times in town time, no drawer pulse', async () => {
    const wo = await dispatchedLeakCheck();
    vp = await startVirtualPrinter();
    // A drawer is wired to the printer (the default): a ticket must still never pulse it.
    await configure({ kind: 'network', host: '127.0.0.1', port: vp.port, timeoutMs: 400, paperWidthMm: 80, columns: 42 });
    t.clock.set('2026-03-16T19:05:00Z');
    const r = await t.must('workOrders.printTicket', { id: wo.id }, clerk);
    expect(r).toMatchObject({ number: wo.number, job: { kind: 'crew_ticket', target: 'printer', status: 'queued', opensDrawer: false, receiptId: null, requestedBy: 'Clara Clerk' } });
    await t.core.printing.drain();

    const jobs = await vp.waitForJobs(1);
    expect(vp.jobs()).toHaveLength(1);
    const job = jobs[0]!;
    expect(job.decoded).toMatchObject({ pulses: [], realtimePulses: 0, cuts: 1, warnings: [] });
    // No ESC p and no DLE DC4 anywhere in the stream.
    expect(job.bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    expect(job.bytes.includes(Buffer.from([0x10, 0x14]))).toBe(false);
    for (const l of job.decoded.lines) expect(l.text.length, `"${l.text}" (${l.size})`).toBeLessThanOrEqual(widthOf(l.size, 42));
    const text = job.text;
    expect(text).toContain('Town of Mayberry');
    expect(text).toContain('CREW TICKET');
    expect(text).toMatch(new RegExp(`^Order +${wo.number}$`, 'm'));
    expect(text).toMatch(/^Type +Leak check$/m);
    expect(text).toMatch(/^Division +Water$/m);
    expect(text).toMatch(/^Priority +HIGH$/m);
    expect(text).toMatch(/^Crew +Water 2 \(stop 3\)$/m);
    // Created at 11:00 AM town time (15:00 UTC), not the machine's zone; the leak-check target is a day.
    expect(text).toMatch(/^Created +03\/16\/2026 11:00 AM$/m);
    expect(text).toMatch(/^Due +03\/17\/2026 11:00 AM$/m);
    expect(text).toMatch(/^ {2}31 Main St, Mayberry$/m);
    expect(text).toMatch(/^ {2}meter box by the barber pole$/m);
    expect(text).toMatch(/^Water meter +W-3131$/m);
    expect(text).toMatch(/^Last reading +70,500 on 02\/14\/2026$/m);
    expect(text).toMatch(/^What to do$/m);
    expect(text).toMatch(/^ {2}Leak check$/m);
    // The customer's words wrap inside the paper, every line indented, nothing lost.
    const lines = text.split('\n');
    const from = lines.indexOf("Customer's words");
    const words = lines.slice(from + 1, from + 5).filter((l) => l.startsWith('  ')).map((l) => l.trim());
    expect(words.length).toBeGreaterThan(2);
    expect(words.join(' ')).toBe(`"${WORDS}"`);
    expect(text).toMatch(/^Reading: _{10,}$/m);
    expect(text).toContain('[ ] OK [ ] Rollover');
    expect(text).toContain('[ ] Meter changed [ ] No access');
    expect(text).toMatch(/^Findings: _{10,}$/m);
    expect(text).toMatch(/^Date\/time done: _{10,}$/m);
    expect(text).toMatch(/^Initials: _{10,}$/m);
    expect(lines.find((l) => l.startsWith('Initials:'))).toHaveLength(42);
    expect(text).toMatch(/^ *Asked for by Clara Clerk$/m);
    expect(text).toMatch(/^ *Printed 03\/16\/2026 3:05 PM$/m);
    // The text goes out as plain bytes of the code page.
    expect(job.bytes.includes(Buffer.from('31 Main St, Mayberry', 'latin1'))).toBe(true);

    const db = t.core.deps.db;
    expect(db.prepare('SELECT kind, status, open_drawer, attempts FROM print_jobs').all()).toEqual([{ kind: 'crew_ticket', status: 'done', open_drawer: 0, attempts: 1 }]);
    expect(db.prepare('SELECT outcome, drawer_pulse FROM print_attempts').all()).toEqual([{ outcome: 'printed', drawer_pulse: 0 }]);
    expect(db.prepare('SELECT count(*) AS n FROM drawer_pulses').get()).toEqual({ n: 0 });
    const audit = await t.must('audit.list', { action: 'workOrders.printTicket' }, admin);
    expect(audit.rows).toMatchObject([{ user: 'clerk', subject: wo.number, details: { jobId: r.job.id, workOrderId: wo.id, status: 'dispatched' } }]);
    // The ticket shows in the printer's queue under its own name.
    const listed = await t.must('printer.jobs', {}, clerk);
    expect(listed.jobs).toMatchObject([{ id: r.job.id, kind: 'crew_ticket', status: 'done' }]);
  });

  it('prints again when asked again, the same ticket and no DUPLICATE or REPRINT mark; by number too; a new order without a crew or meter', async () => {
    const wo = await dispatchedLeakCheck();
    vp = await startVirtualPrinter();
    await configure({ kind: 'network', host: '127.0.0.1', port: vp.port, timeoutMs: 400, paperWidthMm: 58, columns: 32 });
    await t.must('workOrders.printTicket', { id: wo.id }, clerk);
    await t.must('workOrders.printTicket', { number: wo.number }, await t.signIn('supervisor'));
    const pothole = await t.must('workOrders.create', { type: 'pothole', address: '200 Main St', landmark: 'in front of the post office', priority: 'emergency', source: 'phone', idempotencyKey: k() }, clerk);
    await t.must('workOrders.printTicket', { id: pothole.id }, clerk);
    await t.core.printing.drain();
    const [first, second, third] = await vp.waitForJobs(3);
    expect(vp.jobs()).toHaveLength(3);
    // Everything but who asked for it is the same.
    const body = (s: string) => s.replace(/^ *Asked for by .*$/m, '');
    expect(body(second!.text)).toBe(body(first!.text));
    for (const j of [first!, second!, third!]) {
      expect(j.text).not.toMatch(/DUPLICATE|REPRINT/);
      expect(j.decoded.pulses).toEqual([]);
      for (const l of j.decoded.lines) expect(l.text.length).toBeLessThanOrEqual(widthOf(l.size, 32));
    }
    // On 32 columns a value too long for its label's line goes under it, never split.
    expect(first!.text).toMatch(/^Last reading\n {2}70,500 on 02\/14\/2026$/m);
    expect(second!.text).toMatch(/^ *Asked for by Sam Supervisor$/m);
    expect(third!.text).toContain('EMERGENCY');
    expect(third!.text).toMatch(/^Crew +not dispatched$/m);
    expect(third!.text).not.toContain('Reading:');
    expect(third!.text).not.toContain('Account');
    expect(third!.text).toMatch(/^Customer's words\n {2}\(none recorded\)$/m);
    expect((await t.must('audit.list', { action: 'workOrders.printTicket' }, admin)).rows).toHaveLength(3);
  });

  it('refuses an unknown order, bad input, a closed order, a station without a printer and the wrong role, queuing nothing', async () => {
    const wo = await dispatchedLeakCheck();
    const code = async (input: unknown, token: string | null = clerk) => {
      const r = await t.call('workOrders.printTicket', input as never, token);
      return r.ok ? 'ok' : r.error.code;
    };
    // No printer yet.
    expect(await code({ id: wo.id })).toBe('PRINTER_NOT_CONFIGURED');
    vp = await startVirtualPrinter();
    await configure({ kind: 'network', host: '127.0.0.1', port: vp.port, timeoutMs: 400 });
    const unknown = await t.call('workOrders.printTicket', { id: 987654 }, clerk);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No work order with id 987654.' } });
    expect(await code({ number: 'WO-2026-S1-999999' })).toBe('NOT_FOUND');
    for (const bad of [{}, { id: 0 }, { id: -1 }, { id: 1.5 }, { id: '1' }, { id: Number.MAX_SAFE_INTEGER + 2 }, { id: wo.id, extra: 1 }, { number: 'WO-1' }, { number: `${wo.number}\u001bp` }, { id: wo.id, number: wo.number }, null, []]) {
      expect(await code(bad), JSON.stringify(bad)).toBe('BAD_INPUT');
    }
    // Cashiers take payments, admins set printers up: neither dispatches crews.
    expect(await code({ id: wo.id }, await t.signIn('cashier'))).toBe('FORBIDDEN');
    expect(await code({ id: wo.id }, admin)).toBe('FORBIDDEN');
    expect(await code({ id: wo.id }, null)).toBe('NOT_SIGNED_IN');
    await t.must('workOrders.cancel', { id: wo.id, reason: 'customer fixed it' }, clerk);
    const closed = await t.call('workOrders.printTicket', { id: wo.id }, clerk);
    expect(closed).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { status: 'cancelled' } } });
    expect(jobCount()).toBe(0);
    expect((await t.must('audit.list', { action: 'workOrders.printTicket' }, admin)).rows).toEqual([]);
    await t.core.printing.drain();
    expect(vp.jobs()).toEqual([]);
  });

  it('keeps the ticket queued while the printer is offline and prints it once when it comes back', async () => {
    const wo = await dispatchedLeakCheck();
    const port = await refusedPort();
    await configure({ kind: 'network', host: '127.0.0.1', port, timeoutMs: 300 });
    const { job } = await t.must('workOrders.printTicket', { id: wo.id }, clerk);
    await t.core.printing.drain();
    await t.core.printing.drain();
    const db = t.core.deps.db;
    expect(db.prepare('SELECT status, attempts, last_error IS NOT NULL AS failed FROM print_jobs WHERE id = ?').get(job.id)).toEqual({ status: 'queued', attempts: 2, failed: 1 });
    const status = await t.must('printer.status', {}, clerk);
    expect(status.queue).toMatchObject({ queued: 1 });
    expect(status.lastError).toMatchObject({ jobId: job.id });
    // An hour later the printer is back: the ticket says when it printed and who asked for it.
    t.clock.set('2026-03-16T16:00:00Z');
    const printer = await startScriptedPrinter({ port });
    try {
      await t.core.printing.drain();
      await printer.idle();
      const printed = printer.printed().filter((p) => p.lines.length > 0);
      expect(printed).toHaveLength(1);
      expect(printed[0]!.lines.map((l) => l.text).join('\n')).toContain(wo.number);
      expect(printed[0]!.pulses).toEqual([]);
      expect(printed[0]!.lines.map((l) => l.text.trim())).toEqual(expect.arrayContaining(['Asked for by Clara Clerk', 'Printed 03/16/2026 12:00 PM']));
      expect(db.prepare('SELECT status, attempts FROM print_jobs WHERE id = ?').get(job.id)).toEqual({ status: 'done', attempts: 3 });
      expect(db.prepare('SELECT outcome FROM print_attempts WHERE job_id = ? ORDER BY id').all(job.id)).toEqual([{ outcome: 'failed' }, { outcome: 'failed' }, { outcome: 'printed' }]);
    } finally {
      await printer.close();
    }
  });
});
