-- TownCounter ledger, foundation: settings, users and sessions, audit log, GL accounts,
-- customers, service locations, accounts, bills, charges, and the append-only
-- double-entry journal. Money is integer cents; amounts in journal_lines are signed
-- (debit > 0, credit < 0) and every entry's lines sum to zero.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 2 AND 32),
  display_name    TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
  role            TEXT NOT NULL CHECK (role IN ('cashier', 'clerk', 'supervisor', 'admin')),
  secret_hash     TEXT NOT NULL,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until    TEXT,
  created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  station    TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at   TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER REFERENCES users(id),
  approved_by INTEGER REFERENCES users(id),
  station     TEXT,
  action      TEXT NOT NULL,
  subject     TEXT,
  reason      TEXT,
  details     TEXT CHECK (details IS NULL OR json_valid(details))
) STRICT;
CREATE INDEX audit_log_action ON audit_log(action, at);

CREATE TABLE gl_accounts (
  code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 3 AND 10),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('asset', 'liability', 'equity', 'revenue', 'expense'))
) STRICT;

CREATE TABLE revenue_codes (
  code                TEXT PRIMARY KEY CHECK (code = upper(code) AND length(code) BETWEEN 2 AND 10),
  name                TEXT NOT NULL,
  gl_code             TEXT NOT NULL REFERENCES gl_accounts(code),
  needs_bill_ref      INTEGER NOT NULL DEFAULT 0 CHECK (needs_bill_ref IN (0, 1)),
  needs_department    INTEGER NOT NULL DEFAULT 0 CHECK (needs_department IN (0, 1)),
  needs_description   INTEGER NOT NULL DEFAULT 0 CHECK (needs_description IN (0, 1)),
  active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE customers (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('person', 'business')),
  first_name    TEXT,
  middle_name   TEXT,
  last_name     TEXT,
  business_name TEXT,
  display_name  TEXT NOT NULL,
  phone         TEXT,
  email         TEXT,
  mail_street   TEXT NOT NULL,
  mail_city     TEXT NOT NULL,
  mail_state    TEXT NOT NULL CHECK (length(mail_state) = 2),
  mail_zip      TEXT NOT NULL,
  tax_id_enc    BLOB,
  tax_id_last4  TEXT CHECK (tax_id_last4 IS NULL OR length(tax_id_last4) = 4),
  created_at    TEXT NOT NULL,
  CHECK ((kind = 'person' AND last_name IS NOT NULL) OR (kind = 'business' AND business_name IS NOT NULL))
) STRICT;

CREATE TABLE service_locations (
  id              INTEGER PRIMARY KEY,
  street          TEXT NOT NULL,
  unit            TEXT,
  city            TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (length(state) = 2),
  zip             TEXT NOT NULL,
  service_class   TEXT NOT NULL CHECK (service_class IN ('residential', 'commercial')),
  water_meter     TEXT,
  electric_meter  TEXT,
  services        TEXT NOT NULL CHECK (json_valid(services))
) STRICT;

CREATE TABLE accounts (
  id                    INTEGER PRIMARY KEY,
  number                TEXT NOT NULL UNIQUE CHECK (length(number) = 9 AND substr(number, 8, 1) = '-'),
  customer_id           INTEGER NOT NULL REFERENCES customers(id),
  location_id           INTEGER NOT NULL REFERENCES service_locations(id),
  status                TEXT NOT NULL CHECK (status IN ('pending', 'active', 'final_billed', 'closed')),
  opened_on             TEXT NOT NULL,
  closed_on             TEXT,
  billing_cycle         INTEGER NOT NULL DEFAULT 1 CHECK (billing_cycle BETWEEN 1 AND 4),
  medical_alert_until   TEXT,
  cash_only             INTEGER NOT NULL DEFAULT 0 CHECK (cash_only IN (0, 1)),
  no_penalty_until      TEXT,
  bank_draft            INTEGER NOT NULL DEFAULT 0 CHECK (bank_draft IN (0, 1)),
  payment_arrangement   INTEGER NOT NULL DEFAULT 0 CHECK (payment_arrangement IN (0, 1)),
  in_collections        INTEGER NOT NULL DEFAULT 0 CHECK (in_collections IN (0, 1))
) STRICT;
CREATE INDEX accounts_customer ON accounts(customer_id);
CREATE INDEX accounts_location ON accounts(location_id);

CREATE TABLE account_services (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  service    TEXT NOT NULL CHECK (service IN ('solid_waste', 'sewer', 'water', 'electric', 'stormwater')),
  PRIMARY KEY (account_id, service)
) STRICT, WITHOUT ROWID;

CREATE TABLE account_notes (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts(id),
  at           TEXT NOT NULL,
  user_id      INTEGER REFERENCES users(id),
  text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  follow_up    INTEGER NOT NULL DEFAULT 0 CHECK (follow_up IN (0, 1)),
  resolved_at  TEXT,
  resolved_by  INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX account_notes_account ON account_notes(account_id, at);

-- Full-text index over what a clerk types to find an account. Kept by the core whenever a
-- customer, location or account changes (rowid = accounts.id).
CREATE VIRTUAL TABLE account_search USING fts5(
  number, name, address, phone,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);

-- Journal --------------------------------------------------------------------------------

CREATE TABLE journal_entries (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('opening_balance', 'bill', 'penalty', 'fee', 'payment', 'void',
                                               'returned_payment', 'adjustment', 'deposit', 'refund', 'transfer',
                                               'over_short', 'write_off')),
  business_date    TEXT NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  posted_at        TEXT NOT NULL,
  user_id          INTEGER REFERENCES users(id),
  approved_by      INTEGER REFERENCES users(id),
  station          TEXT,
  memo             TEXT,
  reverses_entry_id INTEGER REFERENCES journal_entries(id),
  idempotency_key  TEXT UNIQUE
) STRICT;
CREATE INDEX journal_entries_day ON journal_entries(business_date, kind);
CREATE INDEX journal_entries_reverses ON journal_entries(reverses_entry_id) WHERE reverses_entry_id IS NOT NULL;

CREATE TABLE journal_lines (
  id           INTEGER PRIMARY KEY,
  entry_id     INTEGER NOT NULL REFERENCES journal_entries(id),
  gl_code      TEXT NOT NULL REFERENCES gl_accounts(code),
  account_id   INTEGER REFERENCES accounts(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0 AND abs(amount_cents) <= 99999999999),
  memo         TEXT
) STRICT;
CREATE INDEX journal_lines_entry ON journal_lines(entry_id);
CREATE INDEX journal_lines_account ON journal_lines(account_id, gl_code) WHERE account_id IS NOT NULL;

-- Bills: the bill register. Per-service amounts are the printed bill; bills converted from
-- the previous system (entry_id NULL) carry the paid amount/date the old system recorded.
CREATE TABLE bills (
  id                 INTEGER PRIMARY KEY,
  account_id         INTEGER NOT NULL REFERENCES accounts(id),
  bill_date          TEXT NOT NULL,
  due_date           TEXT NOT NULL CHECK (due_date >= bill_date),
  period_from        TEXT NOT NULL,
  period_to          TEXT NOT NULL,
  water_gallons      INTEGER CHECK (water_gallons IS NULL OR water_gallons >= 0),
  electric_kwh       INTEGER CHECK (electric_kwh IS NULL OR electric_kwh >= 0),
  solid_waste_cents  INTEGER NOT NULL DEFAULT 0 CHECK (solid_waste_cents >= 0),
  sewer_cents        INTEGER NOT NULL DEFAULT 0 CHECK (sewer_cents >= 0),
  water_cents        INTEGER NOT NULL DEFAULT 0 CHECK (water_cents >= 0),
  electric_cents     INTEGER NOT NULL DEFAULT 0 CHECK (electric_cents >= 0),
  stormwater_cents   INTEGER NOT NULL DEFAULT 0 CHECK (stormwater_cents >= 0),
  fees_cents         INTEGER NOT NULL DEFAULT 0 CHECK (fees_cents >= 0),
  total_cents        INTEGER NOT NULL CHECK (total_cents = solid_waste_cents + sewer_cents + water_cents + electric_cents + stormwater_cents + fees_cents),
  converted_paid_cents INTEGER CHECK (converted_paid_cents IS NULL OR converted_paid_cents >= 0),
  converted_paid_on  TEXT,
  entry_id           INTEGER REFERENCES journal_entries(id)
) STRICT;
CREATE INDEX bills_account ON bills(account_id, bill_date);

-- Charges: the open items payments are allocated to. A charge is created by a journal entry
-- that debits receivables for the same account.
CREATE TABLE charges (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts(id),
  bill_id      INTEGER REFERENCES bills(id),
  entry_id     INTEGER NOT NULL REFERENCES journal_entries(id),
  kind         TEXT NOT NULL CHECK (kind IN ('service', 'penalty', 'fee', 'balance_forward')),
  service      TEXT CHECK (service IS NULL OR service IN ('solid_waste', 'sewer', 'water', 'electric', 'stormwater')),
  description  TEXT NOT NULL,
  gl_code      TEXT NOT NULL REFERENCES gl_accounts(code),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  due_date     TEXT NOT NULL,
  CHECK ((kind = 'service') = (service IS NOT NULL))
) STRICT;
CREATE INDEX charges_account ON charges(account_id, due_date);
CREATE INDEX charges_entry ON charges(entry_id);

-- Allocation of a payment entry's receivable credit to charges. A void or returned payment
-- writes negative allocations pointing at the same charges.
CREATE TABLE allocations (
  id           INTEGER PRIMARY KEY,
  entry_id     INTEGER NOT NULL REFERENCES journal_entries(id),
  charge_id    INTEGER NOT NULL REFERENCES charges(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0)
) STRICT;
CREATE INDEX allocations_charge ON allocations(charge_id);
CREATE INDEX allocations_entry ON allocations(entry_id);

-- Nothing posted is edited or deleted.
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: journal_entries'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: journal_entries'); END;
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: journal_lines'); END;
CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: journal_lines'); END;
CREATE TRIGGER charges_no_update BEFORE UPDATE ON charges BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: charges'); END;
CREATE TRIGGER charges_no_delete BEFORE DELETE ON charges BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: charges'); END;
CREATE TRIGGER allocations_no_update BEFORE UPDATE ON allocations BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: allocations'); END;
CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: allocations'); END;
CREATE TRIGGER bills_no_update BEFORE UPDATE ON bills BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: bills'); END;
CREATE TRIGGER bills_no_delete BEFORE DELETE ON bills BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: bills'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: audit_log'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: audit_log'); END;

-- Chart of accounts and revenue codes every town starts with.
INSERT INTO gl_accounts (code, name, kind) VALUES
  ('1010', 'Cash in drawers', 'asset'),
  ('1020', 'Checks in drawers', 'asset'),
  ('1030', 'Card settlement clearing', 'asset'),
  ('1040', 'Money orders in drawers', 'asset'),
  ('1050', 'Third-party remittances', 'asset'),
  ('1060', 'Bank draft clearing', 'asset'),
  ('1200', 'Accounts receivable - utilities', 'asset'),
  ('2200', 'Customer utility deposits', 'liability'),
  ('2300', 'Departmental deposits held', 'liability'),
  ('2400', 'Refunds payable', 'liability'),
  ('3900', 'Conversion balancing (opening balances)', 'equity'),
  ('4100', 'Water sales', 'revenue'),
  ('4110', 'Sewer charges', 'revenue'),
  ('4120', 'Electric sales', 'revenue'),
  ('4130', 'Solid waste fees', 'revenue'),
  ('4140', 'Stormwater fees', 'revenue'),
  ('4200', 'Late payment penalties', 'revenue'),
  ('4210', 'Service fees (returned check, reconnect)', 'revenue'),
  ('4300', 'Property tax collections', 'revenue'),
  ('4310', 'Tap and connection fees', 'revenue'),
  ('4320', 'Recreation fees', 'revenue'),
  ('4330', 'Permits', 'revenue'),
  ('4390', 'Miscellaneous revenue', 'revenue'),
  ('5900', 'Cash over and short', 'expense');

INSERT INTO revenue_codes (code, name, gl_code, needs_bill_ref, needs_department, needs_description) VALUES
  ('TAX', 'Property tax', '4300', 1, 0, 0),
  ('TAP', 'Tap fee', '4310', 0, 0, 0),
  ('REC', 'Recreation fee', '4320', 0, 0, 0),
  ('DEP', 'Departmental deposit', '2300', 0, 1, 0),
  ('PERMIT', 'Permit', '4330', 0, 0, 0),
  ('MISC', 'Miscellaneous', '4390', 0, 0, 1);
