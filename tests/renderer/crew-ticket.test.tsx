// The dispatch board's P key in happy-dom: the real App over the real bridge and ledger, printing
// over TCP to the virtual printer on 127.0.0.1. P prints the selected order's short crew ticket
// and the board's status line follows the job; a held-down P prints one ticket; with the printer
// off the line says the ticket is waiting, and it prints once the printer is back; a cashier's P
// does nothing and the Print ticket button is disabled for a cancelled order.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { startVirtualPrinter, type VirtualPrinter } from '../../src-main/devices/virtual-printer';
import { makeTestCore, type TestCore } from '../helpers/core';
import { signIn, startApp } from './harness';

let cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const tickets = (vp: VirtualPrinter) => vp.jobs().filter((j) => j.text.includes('CREW TICKET'));
const boardStatus = () => screen.queryByRole('status', { name: 'Board status' });

async function setUp(): Promise<{ t: TestCore; vp: VirtualPrinter; numbers: { pothole: string; light: string; cancelled: string } }> {
  // The worker retries after 100 ms here (the policy's first wait is 1 s).
  const t = await makeTestCore({ boot: { printing: { backoffMs: 100, maxBackoffMs: 200 } } });
  cleanups.push(() => t.close());
  await startApp({ core: t });
  const clerk = await t.signIn('clerk');
  const pothole = await t.must('workOrders.create', { type: 'pothole', address: '200 Main St', landmark: 'by the post office', priority: 'emergency', source: 'phone', idempotencyKey: 'r-ticket-001' }, clerk);
  const light = await t.must('workOrders.create', { type: 'streetlight_out', address: 'Corner of Main and Elm', landmark: 'pole 114', source: 'phone', idempotencyKey: 'r-ticket-002' }, clerk);
  const cancelled = await t.must('workOrders.create', { type: 'cart_request', address: '9 Oak St', priority: 'low', source: 'phone', idempotencyKey: 'r-ticket-003' }, clerk);
  await t.must('workOrders.cancel', { id: cancelled.id, reason: 'cart found behind the shed' }, clerk);
  const vp = await startVirtualPrinter();
  cleanups.push(() => vp.close());
  t.core.printing.attachVirtualPrinter(vp);
  t.core.printing.start();
  cleanups.push(() => t.core.printing.stop());
  return { t, vp, numbers: { pothole: pothole.number, light: light.number, cancelled: cancelled.number } };
}

async function openBoard() {
  fireEvent.keyDown(document.body, { key: 'w', code: 'KeyW', altKey: true });
  await screen.findByRole('heading', { level: 1, name: 'Work orders' });
}

const card = (number: string) => screen.findByRole('button', { name: new RegExp(`^${number},`) });

describe('the dispatch board prints crew tickets', () => {
  it('P prints the selected order’s ticket once, even held down; the status line says printed', async () => {
    const { vp, numbers } = await setUp();
    await signIn('clerk', '2222');
    await openBoard();
    const pothole = await card(numbers.pothole);
    act(() => pothole.focus());
    fireEvent.keyDown(pothole, { key: 'p' });
    fireEvent.keyDown(pothole, { key: 'p', repeat: true });
    fireEvent.keyDown(pothole, { key: 'p', repeat: true });
    await waitFor(() => expect(boardStatus()?.textContent).toBe(`Crew ticket for ${numbers.pothole} printed.`), { timeout: 5000 });
    expect(tickets(vp)).toHaveLength(1);
    expect(tickets(vp)[0]!.text).toContain(numbers.pothole);
    expect(tickets(vp)[0]!.text).toContain('by the post office');
    expect(vp.jobs().flatMap((j) => j.decoded.pulses)).toEqual([]);
    // The labelled button in the order's toolbar does the same; a cancelled order has it disabled.
    const toolbar = screen.getByRole('toolbar', { name: `Actions for ${numbers.pothole}` });
    expect(within(toolbar).getByRole<HTMLButtonElement>('button', { name: 'Print ticket' }).disabled).toBe(false);
    expect(within(toolbar).getByRole('button', { name: 'Print ticket' }).getAttribute('aria-keyshortcuts')).toBe('P');
  });

  it('with the printer off, says the ticket is waiting; it prints once the printer is back', async () => {
    const { vp, numbers } = await setUp();
    vp.state.offline = true;
    await signIn('clerk', '2222');
    await openBoard();
    const light = await card(numbers.light);
    act(() => light.focus());
    fireEvent.keyDown(light, { key: 'p' });
    await waitFor(() => expect(boardStatus()?.textContent).toMatch(new RegExp(`^Crew ticket for ${numbers.light} is waiting for the printer \\(.+\\); it prints when the printer is back\\.$`)), { timeout: 5000 });
    expect(tickets(vp)).toHaveLength(0);
    vp.state.offline = false;
    await waitFor(() => expect(tickets(vp)).toHaveLength(1), { timeout: 5000 });
    expect(tickets(vp)[0]!.text).toContain('pole 114');
  });

  it('a cashier’s P does nothing (cashiers do not dispatch), and the button is disabled', async () => {
    const { t, vp, numbers } = await setUp();
    await signIn('cashier', '1111');
    await openBoard();
    const pothole = await card(numbers.pothole);
    act(() => pothole.focus());
    fireEvent.keyDown(pothole, { key: 'p' });
    const toolbar = screen.getByRole('toolbar', { name: `Actions for ${numbers.pothole}` });
    expect(within(toolbar).getByRole<HTMLButtonElement>('button', { name: 'Print ticket' }).disabled).toBe(true);
    await act(() => new Promise((r) => setTimeout(r, 300)));
    expect(t.core.deps.db.prepare("SELECT count(*) AS n FROM print_jobs WHERE kind = 'crew_ticket'").get()).toEqual({ n: 0 });
    expect(tickets(vp)).toHaveLength(0);
  });
});
