// "Open the folder" on the export screen: the desktop app opens it with the shell's file
// manager (injected here the way the Electron shell passes shell.openPath); browser mode
// answers NOT_CONFIGURED with the path.
import { makeTestCore, tempDir } from '../../helpers/core';
import { makeTownAccounts, workDay } from './helpers';

const DAY = '2026-03-16';

describe('export.openFolder', () => {
  it('opens the delivered package folder or the export folder with the desktop opener, and says where it is otherwise', async () => {
    const opened: string[] = [];
    const desktop = await makeTestCore({ now: `${DAY}T13:00:00Z`, boot: { openFolder: async (folder) => (opened.push(folder), '') } });
    const target = tempDir('tc-open-');
    await desktop.must('export.updateSettings', { values: { folder: target }, reason: 'central finance share' }, await desktop.signIn('admin'));
    const sup = await desktop.signIn('supervisor');
    const notYet = await desktop.call('export.openFolder', { businessDate: DAY }, sup);
    expect(notYet.ok ? null : notYet.error.code).toBe('NOT_FOUND');
    await workDay(desktop, DAY, makeTownAccounts(desktop, 5), { payments: 6, seed: 3, returnCheck: false, shortCents: 0 });
    const run = await desktop.must('export.run', { businessDate: DAY }, sup);
    expect(await desktop.must('export.openFolder', { businessDate: DAY }, sup)).toEqual({ folder: run.folder });
    expect(await desktop.must('export.openFolder', {}, sup)).toEqual({ folder: target });
    expect(opened).toEqual([run.folder, target]);
    const cashier = await desktop.call('export.openFolder', {}, await desktop.signIn('cashier'));
    expect(cashier.ok ? null : cashier.error.code).toBe('FORBIDDEN');
    desktop.close();

    const failing = await makeTestCore({ boot: { openFolder: async () => 'no file manager' } });
    await failing.must('export.updateSettings', { values: { folder: target }, reason: 'share' }, await failing.signIn('admin'));
    const r = await failing.call('export.openFolder', {}, await failing.signIn('supervisor'));
    expect(r.ok ? null : r.error).toMatchObject({ code: 'EXPORT_TARGET_UNAVAILABLE', message: `Could not open ${target}: no file manager` });
    failing.close();

    const browser = await makeTestCore();
    await browser.must('export.updateSettings', { values: { folder: target }, reason: 'share' }, await browser.signIn('admin'));
    const b = await browser.call('export.openFolder', {}, await browser.signIn('supervisor'));
    expect(b.ok ? null : b.error).toMatchObject({ code: 'NOT_CONFIGURED', details: { folder: target } });
    expect(b.ok ? '' : b.error.message).toContain(target);
    browser.close();
  });
});
