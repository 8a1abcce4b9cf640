// Rates admin through the contract: the schedules in force and their history, a new
// effective-dated version (admin only, with a reason, audited; validation errors named at the
// field, a past date refused), corrections of a future version, and the calculator's arithmetic.
import type { Envelope } from '../../../src-shared/ipc/envelope';
import type { RateBody } from '../../../src-shared/rates';
import { makeTestCore, type TestCore } from '../../helpers/core';

const WATER: RateBody = { basis: 'water', baseCents: 1850, blockUnits: 1000, tiers: [{ fromUnits: 2000, priceTenThousandths: 62500 }], minimumCents: 0, outsideMultiplierPercent: 200, noMeterCents: null };
const errorOf = <T>(r: Envelope<T>) => (r.ok ? null : r.error);

describe('rate schedules', () => {
  let t: TestCore;
  let admin: string;
  let clerk: string;
  const count = () => (t.core.deps.db.prepare('SELECT count(*) AS n FROM rate_schedules').get() as { n: number }).n;
  beforeEach(async () => {
    t = await makeTestCore();
    admin = await t.signIn('admin');
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  it('lists every service and class with the version in force today', async () => {
    const r = await t.must('rates.list', {}, clerk);
    expect(r.today).toBe('2026-03-16');
    expect(r.schedules).toHaveLength(10);
    const water = r.schedules.find((s) => s.service === 'water' && s.serviceClass === 'residential')!;
    expect(water.current).toMatchObject({ effectiveFrom: '2000-01-01', status: 'current', body: WATER, reason: 'Starting rates' });
    expect(water.history).toHaveLength(1);
  });

  it('saves a future version for the admin only, audited with before and after; a correction of the same date supersedes it', async () => {
    const body = { ...WATER, baseCents: 1995, tiers: [{ fromUnits: 2000, priceTenThousandths: 66000 }, { fromUnits: 20000, priceTenThousandths: 72500 }] };
    const input = { service: 'water' as const, serviceClass: 'residential' as const, effectiveFrom: '2026-07-01', body, reason: 'FY2027 budget ordinance' };
    expect(errorOf(await t.call('rates.save', input, clerk))?.code).toBe('FORBIDDEN');
    expect(count()).toBe(10);
    const saved = await t.must('rates.save', input, admin);
    expect(saved).toMatchObject({ effectiveFrom: '2026-07-01', status: 'future', createdBy: 'admin', supersedesId: null, body });
    const audit = t.core.deps.db.prepare("SELECT subject, reason, details FROM audit_log WHERE action = 'rate.save'").all() as Array<{ subject: string; reason: string; details: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toBe('water/residential from 2026-07-01');
    expect(audit[0]!.reason).toBe('FY2027 budget ordinance');
    const details = JSON.parse(audit[0]!.details) as { before: { effectiveFrom: string; body: unknown }; after: { body: unknown }; correction: boolean };
    expect(details.before).toMatchObject({ effectiveFrom: '2000-01-01', body: WATER });
    expect(details.after.body).toEqual(body);
    expect(details.correction).toBe(false);

    let list = await t.must('rates.list', {}, admin);
    let water = list.schedules.find((s) => s.service === 'water' && s.serviceClass === 'residential')!;
    expect(water.current?.effectiveFrom).toBe('2000-01-01');
    expect(water.history.map((v) => [v.effectiveFrom, v.status])).toEqual([['2026-07-01', 'future'], ['2000-01-01', 'current']]);

    // A typo found before July: the same date again corrects it; the first stays in the history.
    const fixed = await t.must('rates.save', { ...input, body: { ...body, baseCents: 1950 }, reason: 'Base was keyed as 19.95; the ordinance says 19.50' }, admin);
    expect(fixed.supersedesId).toBe(saved.id);
    list = await t.must('rates.list', {}, admin);
    water = list.schedules.find((s) => s.service === 'water' && s.serviceClass === 'residential')!;
    expect(water.history.map((v) => [v.effectiveFrom, v.status, v.body.baseCents])).toEqual([
      ['2026-07-01', 'future', 1950],
      ['2026-07-01', 'corrected', 1995],
      ['2000-01-01', 'current', 1850],
    ]);
    const corr = JSON.parse((t.core.deps.db.prepare("SELECT details FROM audit_log WHERE action = 'rate.save' ORDER BY id DESC").get() as { details: string }).details) as { before: { id: number }; correction: boolean };
    expect(corr).toMatchObject({ correction: true, before: { id: saved.id } });

    // The calculator prorates a period across the change by days: June 16 – July 15 (15 + 15 days).
    const p = await t.must('rates.preview', { service: 'water', serviceClass: 'residential', insideLimits: true, units: 5400, from: '2026-06-16', to: '2026-07-15' }, clerk);
    // Old: 18.50 + 3.4 × 6.25 = 39.75; new: 19.50 + 3.4 × 6.60 = 41.94; half each = 40.845 → 40.85.
    expect(p.segments.map((s) => [s.from, s.to, s.days, s.periodCents])).toEqual([
      ['2026-06-16', '2026-06-30', 15, 3975],
      ['2026-07-01', '2026-07-15', 15, 4194],
    ]);
    expect(p.cents).toBe(4085);
    expect(p.proration).toBe('$39.75 × 15/30 days + $41.94 × 15/30 days = $40.85');
  });

  it('names each refused field and changes nothing: tiers out of order, no reason, a date that does not exist, a past date, the wrong basis', async () => {
    const base = { service: 'water' as const, serviceClass: 'residential' as const, effectiveFrom: '2026-07-01', body: WATER, reason: 'FY2027 budget ordinance' };
    const issuesOf = async (input: unknown) => {
      const e = errorOf(await t.call('rates.save', input as never, admin))!;
      return { code: e.code, paths: ((e.details as { issues: Array<{ path: string[] }> }).issues ?? []).map((i) => i.path.join('.')) };
    };
    expect(await issuesOf({ ...base, body: { ...WATER, tiers: [{ fromUnits: 5000, priceTenThousandths: 1 }, { fromUnits: 2000, priceTenThousandths: 2 }] } })).toEqual({ code: 'BAD_INPUT', paths: ['body.tiers.1.fromUnits'] });
    expect(await issuesOf({ ...base, reason: '' })).toEqual({ code: 'BAD_INPUT', paths: ['reason'] });
    expect(await issuesOf({ ...base, effectiveFrom: '2026-02-31' })).toEqual({ code: 'BAD_INPUT', paths: ['effectiveFrom'] });
    expect(await issuesOf({ ...base, body: { ...WATER, baseCents: -1 } })).toEqual({ code: 'BAD_INPUT', paths: ['body.baseCents'] });
    expect(await issuesOf({ ...base, effectiveFrom: '2026-03-15' })).toEqual({ code: 'RATE_DATE_PAST', paths: ['effectiveFrom'] });
    expect(await issuesOf({ ...base, body: { basis: 'flat', baseCents: 1975, blockUnits: 1, tiers: [], minimumCents: 0, outsideMultiplierPercent: 100, noMeterCents: null } })).toEqual({ code: 'BAD_INPUT', paths: ['body.basis'] });
    expect(count()).toBe(10);
    expect((t.core.deps.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'rate.save'").get() as { n: number }).n).toBe(0);
    // Today itself is allowed.
    expect((await t.call('rates.save', { ...base, effectiveFrom: '2026-03-16' }, admin)).ok).toBe(true);
  });

  it('shows the arithmetic: base with included gallons, each tier, the outside multiplier, ERUs, a final bill', async () => {
    const preview = (input: Record<string, unknown>) => t.must('rates.preview', { service: 'water', serviceClass: 'residential', insideLimits: true, from: '2026-02-01', to: '2026-02-28', ...input } as never, clerk);
    const p = await preview({ units: 5400 });
    expect(p.summary).toBe('5,400 gallons residential inside → $39.75');
    expect(p.segments[0]!.lines.map((l) => [l.label, l.cents])).toEqual([
      ['Base charge (includes 2,000 gallons)', 1850],
      ['3,400 gallons × $6.25 per 1,000', 2125],
    ]);
    expect(p.proration).toBeNull();
    // Tier boundaries: 2,000 gallons is the base alone; one more gallon is 0.625 cents, rounded once half up.
    expect((await preview({ units: 2000 })).cents).toBe(1850);
    expect((await preview({ units: 2001 })).cents).toBe(1851);
    expect((await preview({ units: 0 })).cents).toBe(1850);
    const outside = await preview({ units: 5400, insideLimits: false });
    expect(outside.summary).toBe('5,400 gallons residential outside → $79.50');
    expect(outside.segments[0]!.lines.at(-1)).toMatchObject({ label: 'Outside town limits × 2.00', cents: 7950 });
    const storm = await preview({ service: 'stormwater', serviceClass: 'commercial', eruHundredths: 350 });
    expect(storm.summary).toBe('3.50 ERU commercial inside → $14.00');
    const kwh = await preview({ service: 'electric', units: 1234 });
    expect(kwh.summary).toBe('1,234 kWh residential inside → $150.74');
    expect(kwh.segments[0]!.lines[1]!.label).toBe('1,234 kWh × $0.1100 per kWh');
    // Final bill for 14 days: base 18.50 × 14/30 = 8.633…, usage 3.4 × 6.25 = 21.25 → $29.88.
    const fin = await preview({ units: 5400, from: '2026-02-01', to: '2026-02-14', final: true });
    expect(fin.cents).toBe(2988);
    expect(fin.proration).toMatch(/^Final bill: fixed charges × days\/30 \(14 days\)/);
    // Sewer at a premise with no water meter: the flat offer.
    expect((await preview({ service: 'sewer', units: null })).summary).toBe('sewer, no meter residential inside → $22.00');
    // A draft schedule, before it is saved.
    const draft = await preview({ units: 5400, body: { ...WATER, baseCents: 2000, minimumCents: 5000 } });
    expect(draft.cents).toBe(5000);
    expect(draft.segments[0]!.lines.map((l) => l.label)).toContain('Minimum charge $50.00 applies');
    // A period that ends before it starts is refused at "to".
    const bad = errorOf(await t.call('rates.preview', { service: 'water', serviceClass: 'residential', units: 1, from: '2026-03-02', to: '2026-03-01' } as never, clerk))!;
    expect(bad.code).toBe('BAD_INPUT');
    expect((bad.details as { issues: Array<{ path: string[] }> }).issues[0]!.path).toEqual(['to']);
  });
});
