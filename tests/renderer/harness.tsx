// Renders the real <App> over an in-process transport that calls the real bridge on a real
// SQLite ledger (JSON round-trips both ways, as IPC and HTTP do), with a few accounts and bills.
import { fireEvent, render, screen, type RenderResult } from '@testing-library/react';
import { postBill } from '../../src-main/core/billing/post-bill';
import { insertAccount, insertCustomer, insertLocation } from '../../src-main/core/accounts/records';
import type { Transport } from '../../src-renderer/api/client';
import { App } from '../../src-renderer/app/App';
import type { Envelope } from '../../src-shared/ipc/envelope';
import { makeTestCore, type TestCore } from '../helpers/core';

export interface Seeded {
  smith: { id: number; number: string };
  smithfield: { id: number; number: string };
  jones: { id: number; number: string };
}

const AT = '2026-03-01T14:00:00.000Z';

/** Three accounts: John Q. Smith owes a past-due and a current bill; Jones Hardware has one converted (paid) bill. */
export function seedAccounts(t: TestCore): Seeded {
  const db = t.core.deps.db;
  return db.transaction(() => {
    const c1 = insertCustomer(db, { kind: 'person', firstName: 'John', middleName: 'Quincy', lastName: 'Smith', phone: '336-555-0142', email: 'jsmith@example.com', mailStreet: 'PO Box 12', mailCity: 'Mayberry', mailState: 'NC', mailZip: '27030', createdAt: AT });
    const l1 = insertLocation(db, { street: '101 Elm St', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'residential', waterMeter: 'W-1001', services: ['water', 'sewer'] });
    const smith = insertAccount(db, { customerId: c1, locationId: l1, openedOn: '2024-05-01', services: ['water', 'sewer'], medicalAlertUntil: '2026-06-30' });
    const c2 = insertCustomer(db, { kind: 'person', firstName: 'Mary', lastName: 'Smithfield', phone: '336-555-0199', mailStreet: '22 Oak Ave', mailCity: 'Mayberry', mailState: 'NC', mailZip: '27030', createdAt: AT });
    const l2 = insertLocation(db, { street: '22 Oak Ave', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'residential', services: ['water', 'sewer', 'solid_waste'] });
    const smithfield = insertAccount(db, { customerId: c2, locationId: l2, openedOn: '2025-01-10', services: ['water', 'sewer', 'solid_waste'], cashOnly: true });
    const c3 = insertCustomer(db, { kind: 'business', businessName: 'Jones Hardware', mailStreet: '5 Depot St', mailCity: 'Mayberry', mailState: 'NC', mailZip: '27030', createdAt: AT });
    const l3 = insertLocation(db, { street: '5 Depot St', city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'commercial', electricMeter: 'E-77', services: ['electric'] });
    const jones = insertAccount(db, { customerId: c3, locationId: l3, openedOn: '2020-02-02', services: ['electric'] });
    // January's bill is past due on the test's business date (2026-03-16); March's is current.
    postBill(db, { accountId: smith.id, billDate: '2026-01-15', dueDate: '2026-02-04', periodFrom: '2025-12-10', periodTo: '2026-01-10', waterGallons: 4200, lines: [{ service: 'sewer', amountCents: 3000 }, { service: 'water', amountCents: 4500 }], businessDate: '2026-01-15', postedAt: '2026-01-15T12:00:00.000Z', userId: null });
    postBill(db, { accountId: smith.id, billDate: '2026-03-01', dueDate: '2026-03-21', periodFrom: '2026-01-10', periodTo: '2026-02-10', waterGallons: 5100, lines: [{ service: 'sewer', amountCents: 3000 }, { service: 'water', amountCents: 5025 }], businessDate: '2026-03-01', postedAt: AT, userId: null });
    // History carried over from the previous billing system: no journal entry, paid in full there.
    db.prepare(
      `INSERT INTO bills (account_id, bill_date, due_date, period_from, period_to, electric_kwh, electric_cents, total_cents, converted_paid_cents, converted_paid_on, entry_id)
       VALUES (?, '2025-11-01', '2025-11-21', '2025-09-25', '2025-10-25', 1480, 21450, 21450, 21450, '2025-11-18', NULL)`,
    ).run(jones.id);
    return { smith, smithfield, jones };
  })();
}

export function bridgeTransport(t: Pick<TestCore, 'bridge'>, opts: { delay?: (method: string, input: unknown) => number } = {}): Transport & { calls: Array<{ method: string; input: unknown; token: string | null }> } {
  const calls: Array<{ method: string; input: unknown; token: string | null }> = [];
  return {
    kind: 'test',
    calls,
    async invoke(method, input, token) {
      const copy: unknown = JSON.parse(JSON.stringify(input ?? {}));
      calls.push({ method, input: copy, token });
      const wait = opts.delay?.(method, copy) ?? 0;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      return JSON.parse(JSON.stringify(await t.bridge.invoke(method, copy, token))) as Envelope<unknown>;
    },
  };
}

export async function startApp(opts: { delay?: (method: string, input: unknown) => number; core?: TestCore; searchDelayMs?: number } = {}): Promise<{ t: TestCore; seeded: Seeded; transport: ReturnType<typeof bridgeTransport>; view: RenderResult }> {
  const t = opts.core ?? (await makeTestCore());
  const seeded = seedAccounts(t);
  const transport = bridgeTransport(t, { delay: opts.delay });
  const view = render(<App transport={transport} searchDelayMs={opts.searchDelayMs ?? 20} />);
  await screen.findByRole('button', { name: 'Sign in' });
  return { t, seeded, transport, view };
}

export async function signIn(username: string, secret: string) {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('PIN or password'), { target: { value: secret } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('navigation', { name: 'Main' });
}

/** Catches the files a screen downloads (object URLs and <a download> clicks) instead of saving them. */
export function captureDownloads() {
  const saved: Array<{ filename: string; url: string; blob: Blob | undefined }> = [];
  const revoked: string[] = [];
  const blobs = new Map<string, Blob>();
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  const createSpy = vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
    const url = create(b);
    if (b instanceof Blob) blobs.set(url, b);
    return url;
  });
  const revokeSpy = vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url: string) => {
    revoked.push(url);
    revoke(url);
  });
  const onClick = (e: MouseEvent) => {
    const a = e.target;
    if (a instanceof HTMLAnchorElement && a.download) {
      e.preventDefault();
      saved.push({ filename: a.download, url: a.href, blob: blobs.get(a.href) });
    }
  };
  document.addEventListener('click', onClick);
  return {
    saved,
    revoked,
    restore() {
      document.removeEventListener('click', onClick);
      createSpy.mockRestore();
      revokeSpy.mockRestore();
    },
  };
}
