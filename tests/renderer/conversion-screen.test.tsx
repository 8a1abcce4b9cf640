// The Conversion screen (Alt+I) in happy-dom over the real bridge and ledger: the administrator
// checks a conversion set (progress, control totals, the rejected rows, the reports to
// download), then loads it without the rejected rows after confirming; a missing folder is
// refused in words; a cashier has no such screen.
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore, tempDir, type TestCore } from '../helpers/core';
import { SET_ACCOUNTS, writeConversionSet } from '../helpers/conversion-set';
import { signIn, startApp, captureDownloads } from './harness';

describe('Conversion screen', () => {
  let dir: string;
  let t: TestCore;
  beforeEach(async () => {
    dir = tempDir('tc-conv-screen-');
    t = await makeTestCore({ boot: { conversion: { reportRoot: path.join(dir, 'reports') } } }); // business date 2026-03-16
  });
  afterEach(() => {
    t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks a set, shows the totals and the rejects, downloads the reports, then loads without the rejected rows', async () => {
    const set = writeConversionSet(path.join(dir, 'set'), { bad: true });
    await startApp({ core: t });
    await signIn('admin', '0000');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('button', { name: 'Conversion' }).getAttribute('aria-keyshortcuts')).toBe('Alt+I');
    fireEvent.keyDown(document.body, { key: 'i', code: 'KeyI', altKey: true });
    await screen.findByRole('heading', { level: 1, name: 'Conversion' });
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('As of').value).toBe('2026-03-16'));
    await screen.findByText('No conversion has been run on this ledger.');

    // A folder that is not there: refused in words, nothing started.
    fireEvent.change(screen.getByLabelText('Folder with the conversion files'), { target: { value: path.join(dir, 'nowhere') } });
    fireEvent.click(screen.getByRole('button', { name: 'Check (dry run)' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Not started: There is no folder .*nowhere/);

    fireEvent.change(screen.getByLabelText('Folder with the conversion files'), { target: { value: set } });
    fireEvent.click(screen.getByRole('button', { name: 'Check (dry run)' }));
    const result = await screen.findByRole('status', { name: 'Conversion result' });
    expect(result.textContent).toMatch(/^Check of .* as of 03\/16\/2026 \(run \d+\): Checked\./);
    const bar = screen.getByRole('progressbar', { name: 'Check progress' });
    expect(bar.getAttribute('value')).toBe('100');
    expect(screen.getByRole('status', { name: 'Conversion step' }).textContent).toMatch(/^Done/);
    expect(within(screen.getByRole('table', { name: 'Accounts by status' })).getByRole('row', { name: 'All accounts 2' })).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Receivable' })).getByRole('row', { name: /^Receivable \(\d+ open charges\) \$95\.00$/ })).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Aging' })).getByRole('row', { name: '90+ days $75.00' })).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Aging: Current \$20\.00/ })).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Deposits and other records' })).getByRole('row', { name: 'Deposits held 1 $75.00' })).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Files read' })).getByRole('row', { name: /^accounts accounts\.csv utf-8 3 2 1/ })).toBeTruthy();
    const rejects = screen.getByRole('table', { name: 'Rejected rows' });
    expect(within(rejects).getByRole('row', { name: /^accounts\.csv 4 account_number CHECK_DIGIT/ })).toBeTruthy();
    expect(within(rejects).getByRole('row', { name: /^open_charges\.csv 5 .*REFERENCE_REJECTED/ })).toBeTruthy();

    const downloads = captureDownloads();
    try {
      fireEvent.click(screen.getByRole('button', { name: 'Download rejects (CSV)' }));
      fireEvent.click(screen.getByRole('button', { name: 'Download summary' }));
      await waitFor(() => expect(downloads.saved).toHaveLength(2));
      expect(downloads.saved[0]!.filename).toMatch(/^conversion-rejects-2026-03-16-run\d+\.csv$/);
      expect((await downloads.saved[0]!.blob!.text()).split(/\r?\n/)[0]).toBe('file,line,column,code,reason');
      expect(downloads.saved[1]!.filename).toMatch(/^conversion-summary-2026-03-16-run\d+\.txt$/);
    } finally {
      downloads.restore();
    }
    await screen.findByRole('table', { name: 'Conversion runs' });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Conversion runs' })).getAllByRole('row')).toHaveLength(2));
    expect(within(screen.getByRole('table', { name: 'Conversion runs' })).getAllByRole('row')[1]!.textContent).toMatch(/admin.*Check.*03\/16\/2026.*Checked/);

    // A load with rejected rows is refused unless told to leave them out.
    fireEvent.click(screen.getByRole('button', { name: 'Load' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Load the conversion set' })).getByRole('button', { name: 'Load now' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Conversion result' }).textContent).toMatch(/^Load of .*: Refused\. Not loaded: \d+ rejects\. Fix them, or load without the rejected rows\./));
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM conversion_groups').get()).toEqual({ n: 0 });

    // Load, leaving the rejected rows out: asks first, saying the ledger is held while a group loads.
    fireEvent.click(screen.getByLabelText('Load without the rejected rows'));
    fireEvent.click(screen.getByRole('button', { name: 'Load' }));
    const dialog = await screen.findByRole('dialog', { name: 'Load the conversion set' });
    expect(dialog.textContent).toContain('holds the ledger');
    expect(dialog.textContent).toContain('leaving the rejected rows out');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Load now' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Conversion result' }).textContent).toMatch(/^Load of .*: Loaded\./));
    const groups = screen.getByRole('table', { name: 'File groups' });
    expect(within(groups).getByRole('row', { name: /^Accounts \(customers, locations, meters, accounts\) Loaded/ })).toBeTruthy();
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Groups loaded' })).getByRole('row', { name: /^Balances \(open charges, deposits, past bills\) \d\d\/\d\d\/\d{4}/ })).toBeTruthy());
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM accounts WHERE legacy_key = ?').get(SET_ACCOUNTS[0].number.replace(/-/g, ''))).toEqual({ n: 1 });
  });

  it('is not offered to a cashier', async () => {
    await startApp({ core: t });
    await signIn('cashier', '1111');
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('button', { name: 'Conversion' })).toBeNull();
  });
});
