// A small conversion set written by hand (docs/IMPORT.md layouts) for the importer's tests:
// five customers, five locations, six accounts (one closed, one with an old number already in
// TownCounter's form), meters, open charges across the aging buckets with a credit, deposits,
// history, a bank draft, a Medical Alert certification and notes. Tests change a file or a line
// to make each reject.
import fs from 'node:fs';
import path from 'node:path';
import type { ConversionKind } from '../../src-shared/ipc/conversion-schemas';
import { tempDir } from './core';

export const BASE_SET: Record<ConversionKind, string> = {
  customers: [
    'customer_id,type,last_name,first_name,middle_name,business_name,mail_address,mail_city,mail_state,mail_zip,phone,alt_phone,email,tax_id,tax_id_type,language',
    'C1,P,Taylor,Andy,J,,14 Maple St,Mayberry,NC,27030,336-555-0101,,andy@example.com,123-45-6789,SSN,EN',
    'C2,P,Lawson,Helen,,,22 Elm St,Mayberry,NC,27030,(336) 555-0102,,,,,EN',
    'C3,B,,,,Emmett\'s Fix-It Shop,"100 Main St, Suite 2",Mayberry,NC,27030,336-555-0103,,,12-3456789,EIN,',
    'C4,P,Pyle,Gomer,,,8 Garage Rd,Mount Pilot,NC,27041,,,,,,ES',
    'C5,P,Crump,Clara,,,5 Church St,Mayberry,NC,27030,,,,,,',
  ].join('\r\n'),
  locations: [
    'location_id,service_address,unit,city,state,zip,class,inside_limits,eru',
    'L1,14 Maple St,,Mayberry,NC,27030,R,Y,1.00',
    'L2,22 Elm St,,Mayberry,NC,27030,R,Y,',
    'L3,100 Main St,Suite 2,Mayberry,NC,27030,C,Y,2.50',
    'L4,8 Garage Rd,,Mayberry,NC,27030,R,N,',
    'L5,5 Church St,,Mayberry,NC,27030,R,Y,',
  ].join('\n'),
  meters: [
    'meter_number,location_id,service,size,dials,multiplier,installed_on,last_reading,last_read_on',
    'W1001,L1,W,5/8",7,1,2015-04-01,123456,2026-03-02',
    'W1002,L2,W,,,,2016-05-01,54321,2026-03-02',
    'W1003,L3,W,1",7,10,2010-01-15,9876,2026-03-02',
    'E2003,L3,E,,6,1,2010-01-15,45678,2026-03-02',
    'W1005,L5,W,,,,2012-02-01,,',
  ].join('\n'),
  accounts: [
    'account_number,customer_id,location_id,status,opened_on,closed_on,cycle,route,read_sequence,services,occupancy,cash_only,no_penalty_until',
    '10-0001-7,C1,L1,A,2015-04-01,,1,R1,10,W S G,O,N,',
    '10-0002-5,C2,L2,A,03/15/2018,,1,R1,20,W S G,T,N,',
    '20-0003-2,C3,L3,A,2010-01-15,,2,R20,5,W S E G,O,N,',
    '0000040-6,C4,L4,A,2020-06-01,,2,R20,6,E G,T,Y,',
    '10-0005-8,C5,L5,C,2012-02-01,2025-11-30,1,R1,30,W S,T,N,',
    '10-0006-6,C1,L5,P,2026-03-10,,1,R1,30,W S G,O,N,',
  ].join('\n'),
  open_charges: [
    'account_number,service,bill_date,due_date,amount,description',
    '10-0001-7,W,2026-03-01,2026-03-21,38.25,',
    '10-0001-7,S,2026-03-01,2026-03-21,41.10,',
    '10-0002-5,W,2026-01-01,2026-01-21,30.00,',
    '10-0002-5,PENALTY,2026-01-22,2026-01-22,10.00,Late penalty January',
    '20-0003-2,E,2025-11-01,2025-11-21,"1,234.50",',
    '20-0003-2,FEE,2026-02-01,2026-02-21,$25.00,Returned check fee',
    '0000040-6,E,2025-12-01,2025-12-21,88.40,',
    '0000040-6,CREDIT,2026-03-01,2026-03-01,(15.00),Overpayment',
    '10-0005-8,BALANCE,2025-12-01,2025-12-21,60.00,Final bill',
  ].join('\n'),
  deposits: ['account_number,amount,paid_on', '10-0001-7,150.00,2015-04-01', '20-0003-2,300.00,2010-01-15', '0000040-6,200.00,2020-06-01'].join('\n'),
  history: [
    'account_number,bill_date,due_date,period_from,period_to,water_gallons,electric_kwh,water,sewer,electric,solid_waste,stormwater,fees,total,paid_amount,paid_on',
    '10-0001-7,2026-02-01,2026-02-21,2026-01-01,2026-01-31,5400,,38.25,41.10,,18.00,,,97.35,97.35,2026-02-15',
    '10-0001-7,2026-01-01,2026-01-21,2025-12-01,2025-12-31,5100,,36.90,39.60,,18.00,,,94.50,94.50,2026-01-20',
    '20-0003-2,2026-02-01,2026-02-21,2026-01-01,2026-01-31,12000,1500,90.00,80.00,210.00,30.00,,,410.00,0,',
    '0000040-6,2026-02-01,2026-02-21,2026-01-01,2026-01-31,,900,,,120.00,18.00,,,138.00,49.60,2026-02-20',
  ].join('\n'),
  bank_drafts: ['account_number,holder_name,routing_number,bank_account,account_type,authorized_on,status', '10-0001-7,Andy Taylor,053000196,123456789,C,2020-01-10,active'].join('\n'),
  medical_alerts: ['account_number,certified_on,expires_on,physician,physician_phone', '10-0002-5,2025-10-01,2026-09-30,Dr. Bennett,336-555-0199'].join('\n'),
  notes: ['account_number,noted_on,text,follow_up', '10-0001-7,2026-02-14 10:30,"Asked about the new rates, ""sewer"" part",N', '20-0003-2,02/20/2026,Wants bills mailed to the shop,Y'].join('\n'),
};

/** Writes a conversion set to a new temp folder: the base set with the given files replaced (null: left out). */
export function writeSet(changes: Partial<Record<ConversionKind, string | null>> = {}, extra: Record<string, string | Buffer> = {}): string {
  const dir = tempDir('tc-conv-');
  for (const [kind, text] of Object.entries({ ...BASE_SET, ...changes }) as Array<[ConversionKind, string | null]>) {
    if (text !== null) fs.writeFileSync(path.join(dir, `${kind}.csv`), `${text}\n`);
  }
  for (const [name, body] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), body);
  return dir;
}

/** The base set with one line of one file replaced (line 1 is the header). */
export function withLine(kind: ConversionKind, line: number, text: string): Partial<Record<ConversionKind, string>> {
  const lines = BASE_SET[kind].split(/\r?\n/);
  lines[line - 1] = text;
  return { [kind]: lines.join('\n') };
}

/** The base set with lines added to a file. */
export function withLines(kind: ConversionKind, ...more: string[]): Partial<Record<ConversionKind, string>> {
  return { [kind]: [BASE_SET[kind], ...more].join('\n') };
}
