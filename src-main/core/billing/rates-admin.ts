// Rate schedules as the administrator sees them: the versions per service and class (in force,
// future, past, corrected), saving a new effective-dated version with a reason (audited), and
// the calculator that prices a consumption with its arithmetic shown line by line. The charge
// itself is always RateBook.periodCharge / rateCharge (src-shared/rates.ts), what billing uses.
import type { Service } from '../../../src-shared/domain';
import { formatCents } from '../../../src-shared/money';
import type { RatePreview, RateVersionView } from '../../../src-shared/ipc/rate-schemas';
import { divRound, rateCharge, SERVICE_BASES, type RateBody, type RateSubject } from '../../../src-shared/rates';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { CoreError } from '../errors';
import { daysInclusive, RateBook, type RateRow, type ServiceClass } from './rates';

interface Row extends RateRow {
  created_by_name: string | null;
}

const SELECT = `SELECT r.id, r.service, r.service_class, r.effective_from, r.body, r.reason, r.created_at, r.created_by, u.username AS created_by_name, r.supersedes_id
  FROM rate_schedules r LEFT JOIN users u ON u.id = r.created_by`;

const SERVICE_NAMES: Record<Service, string> = { solid_waste: 'solid waste', sewer: 'sewer', water: 'water', electric: 'electric', stormwater: 'stormwater' };

function viewOf(r: Row, book: RateBook, today: string, newestOfDate: Map<string, number>): RateVersionView {
  const key = `${r.service}|${r.service_class}|${r.effective_from}`;
  const current = book.inForce(r.service, r.service_class, today);
  const status: RateVersionView['status'] =
    newestOfDate.get(key) !== r.id ? 'corrected' : r.effective_from > today ? 'future' : current?.id === r.id ? 'current' : 'past';
  return {
    id: r.id,
    service: r.service,
    serviceClass: r.service_class,
    effectiveFrom: r.effective_from,
    body: JSON.parse(r.body) as RateBody,
    reason: r.reason,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
    supersedesId: r.supersedes_id,
    status,
  };
}

export function listRates(db: Db, today: string) {
  const rows = db.prepare(`${SELECT} ORDER BY r.id`).all() as Row[];
  const book = new RateBook(rows);
  const newestOfDate = new Map<string, number>();
  for (const r of rows) newestOfDate.set(`${r.service}|${r.service_class}|${r.effective_from}`, r.id);
  const schedules: Array<{ service: Service; serviceClass: ServiceClass; current: RateVersionView | null; history: RateVersionView[] }> = [];
  for (const service of ['water', 'sewer', 'electric', 'solid_waste', 'stormwater'] as const) {
    for (const serviceClass of ['residential', 'commercial'] as const) {
      const history = rows
        .filter((r) => r.service === service && r.service_class === serviceClass && !book.invalid.some((x) => x.id === r.id))
        .map((r) => viewOf(r, book, today, newestOfDate))
        .sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? b.id - a.id : a.effectiveFrom < b.effectiveFrom ? 1 : -1));
      schedules.push({ service, serviceClass, current: history.find((v) => v.status === 'current') ?? null, history });
    }
  }
  return { today, schedules };
}

export interface SaveRateInput {
  service: Service;
  serviceClass: ServiceClass;
  effectiveFrom: string;
  body: RateBody;
  reason: string;
}

/**
 * Saves a new version. The effective date may not be before today: bills already made on the
 * rates in force stay explainable by the schedule history. A version for a date that already
 * has one (a future rate change not yet in force, or one taking effect today) corrects it: the
 * new row supersedes the old, which stays in the history.
 */
export function saveRate(db: Db, input: SaveRateInput, ctx: { at: string; today: string; userId: number; station: string | null }): RateVersionView {
  const bases = SERVICE_BASES[input.service];
  if (!bases.includes(input.body.basis)) {
    throw new CoreError('BAD_INPUT', `A ${SERVICE_NAMES[input.service]} rate is charged on ${bases.join(' or ')}, not ${input.body.basis}.`, {
      issues: [{ path: ['body', 'basis'], message: `${SERVICE_NAMES[input.service]} is charged on ${bases.join(' or ')}` }],
    });
  }
  if (input.effectiveFrom < ctx.today) {
    throw new CoreError('RATE_DATE_PAST', `A rate change takes effect today (${ctx.today}) or later; ${input.effectiveFrom} is past, and bills already made on the old rates must stay as they are.`, {
      issues: [{ path: ['effectiveFrom'], message: `on or after today (${ctx.today})` }],
    });
  }
  return db.transaction(() => {
    const rows = db.prepare(`${SELECT} WHERE r.service = ? AND r.service_class = ? ORDER BY r.id`).all(input.service, input.serviceClass) as Row[];
    const sameDate = rows.filter((r) => r.effective_from === input.effectiveFrom).at(-1) ?? null;
    const book = new RateBook(rows);
    const inForce = book.inForce(input.service, input.serviceClass, input.effectiveFrom);
    const before = sameDate ? { id: sameDate.id, effectiveFrom: sameDate.effective_from, body: JSON.parse(sameDate.body) as unknown } : inForce ? { id: inForce.id, effectiveFrom: inForce.effectiveFrom, body: inForce.body } : null;
    const id = Number(
      db
        .prepare('INSERT INTO rate_schedules (service, service_class, effective_from, body, reason, created_by, created_at, supersedes_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(input.service, input.serviceClass, input.effectiveFrom, JSON.stringify(input.body), input.reason, ctx.userId, ctx.at, sameDate?.id ?? null).lastInsertRowid,
    );
    recordAudit(db, {
      at: ctx.at,
      userId: ctx.userId,
      station: ctx.station,
      action: 'rate.save',
      subject: `${input.service}/${input.serviceClass} from ${input.effectiveFrom}`,
      reason: input.reason,
      details: { id, correction: sameDate !== null, before, after: { effectiveFrom: input.effectiveFrom, body: input.body } },
    });
    const all = db.prepare(`${SELECT} ORDER BY r.id`).all() as Row[];
    const newest = new Map<string, number>();
    for (const r of all) newest.set(`${r.service}|${r.service_class}|${r.effective_from}`, r.id);
    return viewOf(all.find((r) => r.id === id)!, new RateBook(all), ctx.today, newest);
  })();
}

export interface PreviewInput {
  service: Service;
  serviceClass: ServiceClass;
  insideLimits: boolean;
  units: number | null;
  eruHundredths: number;
  from: string;
  to: string;
  final: boolean;
  body?: RateBody;
}

const num = (n: number) => n.toLocaleString('en-US');
/** Ten-thousandths of a dollar as money: 62500 → "$6.25", 1100 → "$0.1100". */
function price(tenThousandths: number, perUnit: boolean): string {
  const cents = tenThousandths / 100;
  return Number.isInteger(cents) && !perUnit ? formatCents(cents, { symbol: true }) : `$${(tenThousandths / 10_000).toFixed(4)}`;
}

function unitName(body: RateBody): string {
  return body.basis === 'electric' ? 'kWh' : 'gallons';
}

/** The arithmetic of one schedule's whole-period charge, line by line. */
function linesOf(body: RateBody, subject: RateSubject): Array<{ label: string; cents: number; exactTenThousandths: number | null }> {
  const c = rateCharge(body, subject);
  if (!c) return [];
  const lines: Array<{ label: string; cents: number; exactTenThousandths: number | null }> = [];
  if (body.basis === 'flat') lines.push({ label: 'Flat charge', cents: c.baseCents, exactTenThousandths: null });
  else if (body.basis === 'eru') lines.push({ label: `${(subject.eruHundredths / 100).toFixed(2)} ERU × ${formatCents(body.baseCents, { symbol: true })}`, cents: c.baseCents, exactTenThousandths: body.baseCents * subject.eruHundredths });
  else if (subject.units === null) lines.push({ label: 'No meter: flat charge', cents: c.baseCents, exactTenThousandths: null });
  else {
    const included = body.tiers[0]?.fromUnits ?? 0;
    lines.push({ label: included > 0 ? `Base charge (includes ${num(included)} ${unitName(body)})` : 'Base (customer) charge', cents: c.baseCents, exactTenThousandths: null });
    body.tiers.forEach((t, k) => {
      const n = c.tierUnits[k] ?? 0;
      const exact = (n * t.priceTenThousandths) / body.blockUnits;
      const per = body.blockUnits === 1 ? `per ${unitName(body) === 'kWh' ? 'kWh' : 'gallon'}` : `per ${num(body.blockUnits)}`;
      lines.push({ label: `${num(n)} ${unitName(body)} × ${price(t.priceTenThousandths, body.blockUnits === 1)} ${per}`, cents: divRound(n * t.priceTenThousandths, body.blockUnits * 100), exactTenThousandths: Number.isInteger(exact) ? exact : Math.round(exact) });
    });
    if (body.tiers.length > 1) lines.push({ label: 'Usage, rounded once', cents: c.usageCents, exactTenThousandths: null });
  }
  if (c.minimumApplied) lines.push({ label: `Minimum charge ${formatCents(body.minimumCents, { symbol: true })} applies`, cents: body.minimumCents, exactTenThousandths: null });
  if (c.multiplierPercent !== 100) lines.push({ label: `Outside town limits × ${(c.multiplierPercent / 100).toFixed(2)}`, cents: c.cents, exactTenThousandths: null });
  return lines;
}

export function previewRate(db: Db, input: PreviewInput): RatePreview {
  if (input.to < input.from) throw new CoreError('BAD_INPUT', 'the period ends before it starts', { issues: [{ path: ['to'], message: 'the period ends before it starts' }] });
  if (input.body && !SERVICE_BASES[input.service].includes(input.body.basis)) {
    throw new CoreError('BAD_INPUT', `A ${SERVICE_NAMES[input.service]} rate is charged on ${SERVICE_BASES[input.service].join(' or ')}.`, { issues: [{ path: ['body', 'basis'], message: 'not a basis this service is charged on' }] });
  }
  const book = input.body
    ? new RateBook([{ id: 0, service: input.service, service_class: input.serviceClass, effective_from: '1900-01-01', body: JSON.stringify(input.body), reason: 'draft', created_at: '', created_by: null, supersedes_id: null }])
    : RateBook.load(db);
  const subject: RateSubject = { units: input.units, insideLimits: input.insideLimits, eruHundredths: input.eruHundredths };
  const charge = book.periodCharge(input.service, input.serviceClass, subject, input.from, input.to, { final: input.final });
  const total = daysInclusive(input.from, input.to);
  const segments = (charge?.segments ?? []).map((s) => {
    const v = book.inForce(input.service, input.serviceClass, s.from)!;
    const whole = rateCharge(v.body, subject)?.cents ?? 0;
    return {
      scheduleId: input.body ? null : s.scheduleId,
      effectiveFrom: input.body ? null : v.effectiveFrom,
      from: s.from,
      to: s.to,
      days: s.days,
      lines: linesOf(v.body, subject),
      periodCents: whole,
      cents: s.cents,
    };
  });
  let proration: string | null = null;
  if (input.final) {
    proration = `Final bill: fixed charges × days/30 (${total} days), usage as read${segments.length > 1 ? `; ${segments.map((s) => `${s.days} days from ${s.from}`).join(', ')}` : ''}`;
  } else if (segments.length > 1) {
    proration = `${segments.map((s) => `${formatCents(s.periodCents, { symbol: true })} × ${s.days}/${total} days`).join(' + ')} = ${formatCents(charge!.cents, { symbol: true })}`;
  }
  const cents = charge?.cents ?? 0;
  const v0 = book.inForce(input.service, input.serviceClass, input.from);
  const what =
    v0?.body.basis === 'eru'
      ? `${(input.eruHundredths / 100).toFixed(2)} ERU`
      : v0?.body.basis === 'flat'
        ? SERVICE_NAMES[input.service]
        : input.units === null
          ? `${SERVICE_NAMES[input.service]}, no meter`
          : `${num(input.units)} ${v0 ? unitName(v0.body) : 'units'}`;
  const summary = `${what} ${input.serviceClass} ${input.insideLimits ? 'inside' : 'outside'} → ${charge ? formatCents(cents, { symbol: true }) : 'no charge'}`;
  return { cents, summary, segments, proration, noCharge: charge === null };
}
