// The short crew ticket's layout, pure: every line fits the paper (24 to 64 columns) over long
// addresses, landmarks, names and words; stored text with control bytes (a converted ledger, an
// old row) can't reach the printer as a command; and the job's bytes never carry a drawer pulse,
// even when the caller hands one over.
import type { CrewTicket } from '../../src-main/devices/escpos/crew-ticket';
import { layoutCrewTicket } from '../../src-main/devices/escpos/crew-ticket';
import { decodeEscPos } from '../../src-main/devices/escpos/decoder';
import { widthOf } from '../../src-main/devices/escpos/layout';
import { buildJobBytes } from '../../src-main/core/printing/documents';
import { DEFAULT_PRINTER_SETTINGS } from '../../src-main/core/printing/settings';

function ticket(over: Partial<CrewTicket['order']> = {}): CrewTicket {
  return {
    order: {
      id: 7,
      number: 'WO-2026-S1-000007',
      type: 'reconnect',
      typeLabel: 'Reconnect',
      division: 'electric',
      status: 'dispatched',
      priority: 'emergency',
      accountId: 3,
      accountNumber: '0001234-5',
      medicalAlertUntil: null,
      customerName: 'Bartholomew Fitzgerald-Montgomery Properties of Mount Pilot LLC',
      address: '12345 Old Mount Pilot Highway Extension, Building C Unit 14, Mayberry',
      landmark: 'behind the feed store, second pole past the creek bridge, meter on the back wall',
      meterService: 'electric',
      meterNumber: 'E-000123456789',
      customerWords: 'Paid at the counter this morning (receipt S1-000456), power still off, has a newborn at home',
      instructions: 'Reconnect at the meter; check the seal',
      source: 'counter',
      station: 'S1',
      createdAt: '2026-03-16T15:00:00.000Z',
      createdBy: 'clerk',
      dueAt: '2026-03-16T23:00:00.000Z',
      targetHours: 8,
      overdue: false,
      ageHours: 0,
      crewId: 3,
      crewName: 'Electric 1',
      routeSeq: 12,
      dispatchedAt: '2026-03-16T15:10:00.000Z',
      completedAt: null,
      reading: null,
      readingFlag: null,
      findings: null,
      materials: null,
      verifiedAt: null,
      verifiedBy: null,
      cancelledAt: null,
      cancelReason: null,
      lastReading: { value: 1234567, readOn: '2026-02-27', readCode: 'rollover' },
      averageMonthly: 900,
      ...over,
    },
    readsMeter: true,
    requestedBy: 'Clara Clerk',
    requestedAt: '2026-03-16T15:12:00.000Z',
  };
}

describe('crew ticket layout', () => {
  it.each([24, 32, 35, 42, 48, 64])('fits %i columns, write-on lines exactly the width', (columns) => {
    const lines = layoutCrewTicket(ticket(), { columns, headerLines: ['Town of Mayberry', '104 N Main St'], timeZone: 'America/New_York', printedAt: '2026-03-16T15:13:00.000Z' });
    for (const l of lines) expect(l.text.length, `"${l.text}"`).toBeLessThanOrEqual(widthOf(l.size, columns));
    const text = lines.map((l) => l.text).join('\n');
    for (const label of ['Reading:', 'Findings:', 'Date/time done:', 'Initials:']) expect(lines.find((l) => l.text.startsWith(label))?.text).toHaveLength(columns);
    // The short form: the town's name, not its whole header.
    expect(text).toContain('Town of Mayberry');
    expect(text).not.toContain('104 N Main St');
    expect(lines.filter((l) => l.text === 'EMERGENCY')).toHaveLength(1);
    expect(text.replace(/\s+/g, ' ')).toContain('1,234,567 on 02/27/2026 (rollover)');
    expect(text.replace(/\s+/g, ' ')).toContain('"Paid at the counter this morning (receipt S1-000456), power still off, has a newborn at home"');
    // 11:00 AM and 7:00 PM in Mayberry (EDT), never the machine's zone.
    expect(text.replace(/\s+/g, ' ')).toContain('03/16/2026 11:00 AM');
    expect(text.replace(/\s+/g, ' ')).toContain('03/16/2026 7:00 PM');
  });

  it('strips control bytes from stored text and never sends a drawer pulse', () => {
    const evil = ticket({ customerWords: 'open \u001bp\u0000\u0019\u00fa drawer \u0010\u0014\u0001\u0001 cut \u001dV\u0000 reset \u001b@', address: '1 Elm St\u001b@', landmark: null, lastReading: null });
    const settings = { ...DEFAULT_PRINTER_SETTINGS, kind: 'network' as const, host: '127.0.0.1', columns: 42 };
    const bytes = buildJobBytes(
      { kind: 'crew_ticket', target: 'printer', payload: JSON.stringify({ ticket: evil }) },
      { settings, headerLines: ['Town of Mayberry'], timeZone: 'America/New_York', now: '2026-03-16T15:12:00.000Z', endpoint: 'tcp 127.0.0.1:9100', pulse: { pin: 2, onMs: 50, offMs: 500 } },
    );
    const decoded = decodeEscPos(bytes);
    expect(decoded).toMatchObject({ pulses: [], realtimePulses: 0, cuts: 1, initializations: 1, warnings: [] });
    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    expect(bytes.includes(Buffer.from([0x10, 0x14]))).toBe(false);
    const text = decoded.lines.map((l) => l.text).join('\n');
    expect(text).toMatch(/^Last reading +none on record$/m);
    expect(text).not.toContain('Directions');
    expect(text.replace(/\s+/g, ' ')).toContain('"open pú drawer cut V reset @"');
  });
});
