// A small conversion set written by a test (layouts in docs/IMPORT.md): three customers, three
// locations and three accounts under old numbers with a Luhn check digit, open charges (one of
// them 90+ days past due on 2026-03-16) and a deposit. With `bad`, one account carries a
// wrong check digit (CHECK_DIGIT) and its charge refers to it (REFERENCE_REJECTED).
import fs from 'node:fs';
import path from 'node:path';
import { luhnCheckDigit } from '../../src-shared/account-number';

/** An old-system number "10-<body>" with its Luhn check digit, as printed on the old bills. */
export function oldNumber(body: string): string {
  const digits = `10${body}`;
  return `10-${body}-${luhnCheckDigit(digits)}`;
}

export const SET_ACCOUNTS = [
  { number: oldNumber('2001'), customer: 'C1', last: 'Taylor', first: 'Andy', location: 'L1', street: '14 Maple St' },
  { number: oldNumber('2002'), customer: 'C2', last: 'Lucas', first: 'Helen', location: 'L2', street: '9 Birch Ln' },
  { number: oldNumber('2003'), customer: 'C3', last: 'Floyd', first: 'Lawson', location: 'L3', street: '1 Main St' },
] as const;

/** Open charges per account (cents): Taylor $45.00 water + $30.00 sewer (due 2025-12-01, 90+ days), Lucas $20.00 water. */
export const SET_RECEIVABLE_CENTS = 4500 + 3000 + 2000;

export function writeConversionSet(dir: string, opts: { bad?: boolean } = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  const w = (name: string, lines: string[]) => fs.writeFileSync(path.join(dir, name), `${lines.join('\r\n')}\r\n`);
  w('customers.csv', ['customer_id,type,last_name,first_name,mail_address,mail_city,mail_state,mail_zip,phone', ...SET_ACCOUNTS.map((a) => `${a.customer},P,${a.last},${a.first},${a.street},Mayberry,NC,27030,336-555-01${a.customer.slice(1).padStart(2, '0')}`)]);
  w('locations.csv', ['location_id,service_address,city,state,zip,class', ...SET_ACCOUNTS.map((a) => `${a.location},${a.street},Mayberry,NC,27030,R`)]);
  const badNumber = opts.bad ? SET_ACCOUNTS[2].number.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) : SET_ACCOUNTS[2].number;
  const numbers = [SET_ACCOUNTS[0].number, SET_ACCOUNTS[1].number, badNumber];
  w('accounts.csv', ['account_number,customer_id,location_id,status,opened_on,cycle,route,services', ...SET_ACCOUNTS.map((a, i) => `${numbers[i]},${a.customer},${a.location},A,2019-04-01,1,R1,W S`)]);
  w('open_charges.csv', [
    'account_number,service,bill_date,due_date,amount',
    `${numbers[0]},W,2025-11-10,2025-12-01,45.00`,
    `${numbers[0]},S,2025-11-10,2025-12-01,30.00`,
    `${numbers[1]},W,2026-03-01,2026-03-21,20.00`,
    ...(opts.bad ? [`${numbers[2]},W,2026-03-01,2026-03-21,12.00`] : []),
  ]);
  w('deposits.csv', ['account_number,amount,paid_on', `${numbers[1]},75.00,2019-04-01`]);
  return dir;
}
