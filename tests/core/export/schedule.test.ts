// The schedule: catch-up at start-up delivers every missed closed day in date order; a missing
// share is kept as the last error and retried with backoff (never skipped); then each night at
// the configured local time. Driven with a fixed clock and hand-fired timers.
import fs from 'node:fs';
import path from 'node:path';
import { nextLocalTime, zonedInstant } from '../../../src-main/core/export/local-time';
import { tempDir } from '../../helpers/core';
import { listTarget, makeExportCore, makeTownAccounts, manualTimers, workDay } from './helpers';

describe('local time', () => {
  it('finds the next 22:00 in the town, across daylight saving time', () => {
    const tz = 'America/New_York';
    expect(nextLocalTime(new Date('2026-03-16T15:00:00Z'), '22:00', tz).toISOString()).toBe('2026-03-17T02:00:00.000Z');
    expect(nextLocalTime(new Date('2026-03-17T02:00:00Z'), '22:00', tz).toISOString()).toBe('2026-03-18T02:00:00.000Z');
    // DST starts on Sunday 2026-03-08: 22:00 EST on the 7th, 22:00 EDT on the 8th.
    expect(nextLocalTime(new Date('2026-03-07T12:00:00Z'), '22:00', tz).toISOString()).toBe('2026-03-08T03:00:00.000Z');
    expect(nextLocalTime(new Date('2026-03-08T03:00:00Z'), '22:00', tz).toISOString()).toBe('2026-03-09T02:00:00.000Z');
    expect(zonedInstant('2026-11-01', 1, 30, tz).toISOString()).toMatch(/^2026-11-01T0[56]:30:00.000Z$/);
    expect(nextLocalTime(new Date('2026-06-30T23:59:00Z'), '00:05', 'UTC').toISOString()).toBe('2026-07-01T00:05:00.000Z');
  });
});

describe('export schedule', () => {
  it('catches up every missed closed day in order, retries a missing share with backoff, then runs nightly', async () => {
    const timers = manualTimers();
    const t = await makeExportCore({ now: '2026-03-16T13:00:00Z', exporting: { timers, retryMs: 60_000, maxRetryMs: 3_600_000 } });
    try {
      const accounts = makeTownAccounts(t, 12);
      const days = ['2026-03-16', '2026-03-17', '2026-03-18'];
      for (const [i, d] of days.entries()) await workDay(t, d, accounts, { payments: 8, seed: 20 + i });
      // An old day closed before the export was set up is left alone (fromDate).
      const admin = await t.signIn('admin');
      const sup = await t.signIn('supervisor');
      const share = path.join(tempDir('tc-sched-'), 'share');
      await t.must('export.updateSettings', { values: { folder: share, time: '22:00', fromDate: '2026-03-17' }, reason: 'set up' }, admin);
      expect(t.core.exporter.pendingDays()).toEqual(['2026-03-17', '2026-03-18']);
      await t.must('export.updateSettings', { values: { fromDate: null }, reason: 'send everything' }, admin);

      // The PC starts the next morning: catch-up right away.
      t.clock.set('2026-03-19T12:00:00Z');
      t.core.exporter.start();
      expect(timers.pending.map((p) => p.ms)).toEqual([0]);
      timers.fireNext();
      await t.core.exporter.idle();
      let status = await t.must('export.status', {}, sup);
      expect(status).toMatchObject({ scheduled: true, pendingDays: 3, lastError: { businessDate: '2026-03-16', message: expect.stringContaining('does not exist') } });
      expect(status.retryAt).toBe('2026-03-19T12:01:00.000Z');
      expect(timers.pending.map((p) => p.ms)).toEqual([60_000]);
      expect(status.days.find((d) => d.businessDate === '2026-03-16')).toMatchObject({ status: 'failed', attempts: 1 });

      // Still missing a minute later: the wait doubles.
      t.clock.advance(60_000);
      timers.fireNext();
      await t.core.exporter.idle();
      expect(timers.pending.map((p) => p.ms)).toEqual([120_000]);
      status = await t.must('export.status', {}, sup);
      expect(status.days.find((d) => d.businessDate === '2026-03-16')).toMatchObject({ status: 'failed', attempts: 2 });
      expect(status.days.filter((d) => d.status === 'delivered')).toEqual([]);

      // The share is back: the retry delivers all three, oldest first, then waits for 22:00.
      fs.mkdirSync(share);
      t.clock.advance(120_000);
      timers.fireNext();
      await t.core.exporter.idle();
      expect(listTarget(share)).toEqual(days.map((d) => `${d}_S1`));
      expect((t.core.deps.db.prepare('SELECT business_date FROM export_deliveries ORDER BY log_id').all() as Array<{ business_date: string }>).map((r) => r.business_date)).toEqual(days);
      status = await t.must('export.status', {}, sup);
      expect(status).toMatchObject({ lastError: null, retryAt: null, pendingDays: 0, nextRunAt: '2026-03-20T02:00:00.000Z', lastSuccessAt: '2026-03-19T12:03:00.000Z' });
      expect(timers.pending).toHaveLength(1);

      // That day is worked and closed; at 22:00 the nightly run sends it.
      await workDay(t, '2026-03-19', accounts, { payments: 5, seed: 30 });
      t.clock.set('2026-03-20T02:00:00Z');
      timers.fireNext();
      await t.core.exporter.idle();
      expect(listTarget(share)).toEqual([...days, '2026-03-19'].map((d) => `${d}_S1`));
      expect((t.core.deps.db.prepare("SELECT source FROM export_log WHERE business_date = '2026-03-19'").all() as Array<{ source: string }>)).toEqual([{ source: 'schedule' }]);
      expect((await t.must('export.status', {}, sup)).nextRunAt).toBe('2026-03-21T02:00:00.000Z');

      // Changing the time re-arms the schedule; switching it off disarms it.
      await t.must('export.updateSettings', { values: { time: '23:15' }, reason: 'later' }, admin);
      expect((await t.must('export.status', {}, sup)).nextRunAt).toBe('2026-03-20T03:15:00.000Z');
      await t.must('export.updateSettings', { values: { enabled: false }, reason: 'off for the audit' }, admin);
      expect(timers.pending).toHaveLength(0);
      expect((await t.must('export.status', {}, sup)).nextRunAt).toBeNull();
      t.core.exporter.stop();
      expect((await t.must('export.status', {}, sup)).scheduled).toBe(false);
    } finally {
      t.close();
    }
  }, 60_000);

  it('reports the last failure from the export log when no schedule runs in this process', async () => {
    const t = await makeExportCore({ now: '2026-03-16T13:00:00Z' });
    try {
      await workDay(t, '2026-03-16', makeTownAccounts(t, 4), { payments: 3, seed: 5 });
      const sup = await t.signIn('supervisor');
      const r = await t.call('export.run', { businessDate: '2026-03-16' }, sup);
      expect(r.ok ? null : r.error).toMatchObject({ code: 'EXPORT_TARGET_UNAVAILABLE', message: expect.stringContaining('No export folder') });
      const status = await t.must('export.status', {}, sup);
      expect(status).toMatchObject({ scheduled: false, nextRunAt: null, pendingDays: 1, lastError: { businessDate: '2026-03-16', message: expect.stringContaining('No export folder') } });
    } finally {
      t.close();
    }
  });
});
