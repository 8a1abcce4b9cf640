// The conversion files' columns (docs/IMPORT.md "Layouts"): canonical names, the names common
// municipal systems export them under, and which are required. Headers are matched without
// regard to case, spaces, dashes or underscores; a mapping.json in the folder renames a town's
// own files and columns.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CONVERSION_KINDS, type ConversionKind } from '../../../src-shared/ipc/conversion-schemas';

export interface ColumnDef {
  name: string;
  aliases?: string[];
  required?: boolean;
}

const ACCT: ColumnDef = { name: 'account_number', aliases: ['acct_no', 'account_no', 'acct_number', 'account'], required: true };

export const LAYOUTS: Record<ConversionKind, ColumnDef[]> = {
  customers: [
    { name: 'customer_id', aliases: ['cust_no', 'customer_no', 'customer_number', 'cust_id'], required: true },
    { name: 'type', aliases: ['customer_type'] },
    { name: 'last_name', aliases: ['lname'] },
    { name: 'first_name', aliases: ['fname'] },
    { name: 'middle_name', aliases: ['mname', 'middle'] },
    { name: 'business_name', aliases: ['company', 'business'] },
    { name: 'mail_address', aliases: ['mailing_address', 'address1', 'mail_street'], required: true },
    { name: 'mail_city', aliases: ['city'], required: true },
    { name: 'mail_state', aliases: ['state', 'st'], required: true },
    { name: 'mail_zip', aliases: ['zip', 'zip_code'], required: true },
    { name: 'phone', aliases: ['home_phone', 'phone1'] },
    { name: 'alt_phone', aliases: ['work_phone', 'phone2', 'cell_phone'] },
    { name: 'email', aliases: ['email_address'] },
    { name: 'tax_id', aliases: ['ssn', 'ssn_ein', 'fed_id'] },
    { name: 'tax_id_type', aliases: ['id_type'] },
    { name: 'language', aliases: ['lang'] },
  ],
  locations: [
    { name: 'location_id', aliases: ['loc_no', 'location_no', 'premise_id', 'service_address_id'], required: true },
    { name: 'service_address', aliases: ['address', 'street', 'location_address'], required: true },
    { name: 'unit', aliases: ['apt', 'suite'] },
    { name: 'city', required: true },
    { name: 'state', aliases: ['st'], required: true },
    { name: 'zip', aliases: ['zip_code'], required: true },
    { name: 'class', aliases: ['service_class', 'rate_class'] },
    { name: 'inside_limits', aliases: ['inside_city', 'in_town'] },
    { name: 'eru', aliases: ['erus'] },
  ],
  meters: [
    { name: 'meter_number', aliases: ['meter_no', 'meter_id', 'serial'], required: true },
    { name: 'location_id', aliases: ['loc_no', 'location_no', 'premise_id'], required: true },
    { name: 'service', aliases: ['meter_type'], required: true },
    { name: 'size', aliases: ['meter_size'] },
    { name: 'dials', aliases: ['digits'] },
    { name: 'multiplier', aliases: ['mult'] },
    { name: 'installed_on', aliases: ['install_date', 'set_date'], required: true },
    { name: 'last_reading', aliases: ['current_reading', 'last_read'] },
    { name: 'last_read_on', aliases: ['last_read_date', 'read_date'] },
  ],
  accounts: [
    ACCT,
    { name: 'customer_id', aliases: ['cust_no', 'customer_no'], required: true },
    { name: 'location_id', aliases: ['loc_no', 'location_no', 'premise_id'], required: true },
    { name: 'status', aliases: ['acct_status'], required: true },
    { name: 'opened_on', aliases: ['connect_date', 'start_date', 'move_in'], required: true },
    { name: 'closed_on', aliases: ['disconnect_date', 'final_date', 'move_out'] },
    { name: 'cycle', aliases: ['billing_cycle', 'bill_cycle'], required: true },
    { name: 'route', aliases: ['route_no', 'book'] },
    { name: 'read_sequence', aliases: ['sequence', 'seq', 'walk_seq'] },
    { name: 'services', aliases: ['service_codes', 'svcs'], required: true },
    { name: 'occupancy', aliases: ['owner_tenant'] },
    { name: 'cash_only' },
    { name: 'no_penalty_until', aliases: ['penalty_exempt_until'] },
  ],
  open_charges: [
    ACCT,
    { name: 'service', aliases: ['charge_type', 'service_code'], required: true },
    { name: 'bill_date', aliases: ['billed_on'], required: true },
    { name: 'due_date', aliases: ['due_on'], required: true },
    { name: 'amount', aliases: ['open_amount', 'balance', 'amount_due'], required: true },
    { name: 'description', aliases: ['desc'] },
  ],
  deposits: [ACCT, { name: 'amount', aliases: ['deposit_amount'], required: true }, { name: 'paid_on', aliases: ['deposit_date', 'received_on'], required: true }],
  history: [
    ACCT,
    { name: 'bill_date', aliases: ['billed_on'], required: true },
    { name: 'due_date', aliases: ['due_on'], required: true },
    { name: 'period_from', aliases: ['from_date', 'service_from'], required: true },
    { name: 'period_to', aliases: ['to_date', 'service_to'], required: true },
    { name: 'water_gallons', aliases: ['water_usage', 'gallons'] },
    { name: 'electric_kwh', aliases: ['kwh', 'electric_usage'] },
    { name: 'water', aliases: ['water_amt'] },
    { name: 'sewer', aliases: ['sewer_amt'] },
    { name: 'electric', aliases: ['electric_amt'] },
    { name: 'solid_waste', aliases: ['garbage_amt'] },
    { name: 'stormwater', aliases: ['storm_amt'] },
    { name: 'fees', aliases: ['other_amt'] },
    { name: 'total', aliases: ['bill_total', 'total_due'], required: true },
    { name: 'paid_amount', aliases: ['amount_paid'] },
    { name: 'paid_on', aliases: ['date_paid'] },
  ],
  bank_drafts: [
    { ...ACCT, aliases: ['acct_no', 'account_no', 'acct_number'] },
    { name: 'holder_name', aliases: ['name_on_account', 'depositor'], required: true },
    { name: 'routing_number', aliases: ['aba', 'routing', 'transit'], required: true },
    { name: 'bank_account', aliases: ['bank_account_number', 'dda', 'account'], required: true },
    { name: 'account_type', aliases: ['acct_type', 'type'], required: true },
    { name: 'authorized_on', aliases: ['auth_date', 'start_date'], required: true },
    { name: 'status', aliases: ['draft_status'] },
  ],
  medical_alerts: [
    ACCT,
    { name: 'certified_on', aliases: ['cert_date'], required: true },
    { name: 'expires_on', aliases: ['expiration_date', 'exp_date'], required: true },
    { name: 'physician', aliases: ['doctor', 'physician_name'], required: true },
    { name: 'physician_phone', aliases: ['doctor_phone'] },
  ],
  notes: [
    ACCT,
    { name: 'noted_on', aliases: ['note_date', 'date'], required: true },
    { name: 'text', aliases: ['note', 'comment'], required: true },
    { name: 'follow_up' },
  ],
};

export const REQUIRED_FILES: readonly ConversionKind[] = ['customers', 'locations', 'accounts'];

export const normalizeHeader = (h: string) => h.toLowerCase().replace(/[\s_-]+/g, '');

/** The town's own names (mapping.json). */
export const MappingFile = z.strictObject({
  files: z.partialRecord(z.enum(CONVERSION_KINDS), z.string().min(1).max(255)).optional(),
  columns: z.partialRecord(z.enum(CONVERSION_KINDS), z.record(z.string().min(1).max(100), z.string().min(1).max(100))).optional(),
});
export type MappingFile = z.infer<typeof MappingFile>;

export class MappingError extends Error {}

/** Reads and checks mapping.json (null when the folder has none). */
export function readMapping(dir: string): MappingFile | null {
  const file = path.join(dir, 'mapping.json');
  if (!fs.existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new MappingError(`mapping.json is not JSON: ${(e as Error).message}`);
  }
  const parsed = MappingFile.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new MappingError(`mapping.json: ${i.path.join('.') || '(top)'}: ${i.message}`);
  }
  for (const [kind, cols] of Object.entries(parsed.data.columns ?? {}) as Array<[ConversionKind, Record<string, string>]>) {
    const known = new Set(LAYOUTS[kind].map((c) => c.name));
    for (const [from, to] of Object.entries(cols)) if (!known.has(to)) throw new MappingError(`mapping.json: columns.${kind}: "${from}" maps to "${to}", which ${kind} files have no column of (${[...known].join(', ')})`);
  }
  for (const f of Object.values(parsed.data.files ?? {})) {
    if (f.includes('/') || f.includes('\\') || f === '..' || f === '.') throw new MappingError(`mapping.json: "${f}" must be a file name in the folder, not a path`);
  }
  return parsed.data;
}

export function fileNameOf(kind: ConversionKind, mapping: MappingFile | null): string {
  return mapping?.files?.[kind] ?? `${kind}.csv`;
}

export interface HeaderMap {
  /** Field index per canonical column (absent: not in the file). */
  index: Map<string, number>;
  ignored: string[];
  missing: string[];
  duplicated: string[];
}

export function mapHeader(kind: ConversionKind, header: string[], mapping: MappingFile | null): HeaderMap {
  const defs = LAYOUTS[kind];
  const byName = new Map<string, string>();
  for (const d of defs) {
    byName.set(normalizeHeader(d.name), d.name);
    for (const a of d.aliases ?? []) if (!byName.has(normalizeHeader(a))) byName.set(normalizeHeader(a), d.name);
  }
  const own = new Map<string, string>();
  for (const [from, to] of Object.entries(mapping?.columns?.[kind] ?? {})) own.set(normalizeHeader(from), to);
  const index = new Map<string, number>();
  const ignored: string[] = [];
  const duplicated: string[] = [];
  header.forEach((h, i) => {
    const n = normalizeHeader(h.trim());
    const name = own.get(n) ?? byName.get(n);
    if (!name) {
      if (h.trim() !== '') ignored.push(h.trim());
      return;
    }
    if (index.has(name)) duplicated.push(h.trim());
    else index.set(name, i);
  });
  const missing = defs.filter((d) => d.required && !index.has(d.name)).map((d) => d.name);
  return { index, ignored, missing, duplicated };
}
