-- The front counter: business days, cash drawers, receipts with their lines and tenders,
-- mail payment batches, returned payments and letters to send.

CREATE TABLE business_days (
  business_date TEXT PRIMARY KEY CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  opened_at     TEXT NOT NULL,
  opened_by     INTEGER NOT NULL REFERENCES users(id),
  closed_at     TEXT,
  closed_by     INTEGER REFERENCES users(id)
) STRICT;
CREATE UNIQUE INDEX business_days_one_open ON business_days((1)) WHERE closed_at IS NULL;

CREATE TABLE drawers (
  id              INTEGER PRIMARY KEY,
  station         TEXT NOT NULL,
  user_id         INTEGER NOT NULL REFERENCES users(id),
  business_date   TEXT NOT NULL REFERENCES business_days(business_date),
  opened_at       TEXT NOT NULL,
  starting_cents  INTEGER NOT NULL CHECK (starting_cents >= 0),
  starting_count  TEXT NOT NULL CHECK (json_valid(starting_count)),
  closed_at       TEXT
) STRICT;
CREATE UNIQUE INDEX drawers_one_open_per_station ON drawers(station) WHERE closed_at IS NULL;
CREATE UNIQUE INDEX drawers_one_open_per_user ON drawers(user_id) WHERE closed_at IS NULL;

-- Receipt numbers: per station, sequential, assigned in the posting transaction (so a rolled
-- back posting never burns a number).
CREATE TABLE receipt_sequences (
  station     TEXT PRIMARY KEY,
  last_number INTEGER NOT NULL CHECK (last_number >= 0)
) STRICT;

CREATE TABLE mail_batches (
  id                  INTEGER PRIMARY KEY,
  business_date       TEXT NOT NULL REFERENCES business_days(business_date),
  station             TEXT NOT NULL,
  user_id             INTEGER NOT NULL REFERENCES users(id),
  control_count       INTEGER NOT NULL CHECK (control_count BETWEEN 1 AND 10000),
  control_total_cents INTEGER NOT NULL CHECK (control_total_cents > 0),
  opened_at           TEXT NOT NULL,
  posted_at           TEXT,
  posted_by           INTEGER REFERENCES users(id)
) STRICT;

CREATE TABLE mail_batch_items (
  id           INTEGER PRIMARY KEY,
  batch_id     INTEGER NOT NULL REFERENCES mail_batches(id),
  account_id   INTEGER NOT NULL REFERENCES accounts(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  check_number TEXT,
  payer        TEXT,
  added_at     TEXT NOT NULL
) STRICT;
CREATE INDEX mail_batch_items_batch ON mail_batch_items(batch_id);

CREATE TABLE receipts (
  id              INTEGER PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE,
  station         TEXT NOT NULL,
  seq             INTEGER NOT NULL CHECK (seq > 0),
  entry_id        INTEGER NOT NULL UNIQUE REFERENCES journal_entries(id),
  drawer_id       INTEGER REFERENCES drawers(id),
  mail_batch_id   INTEGER REFERENCES mail_batches(id),
  mail_item_id    INTEGER UNIQUE REFERENCES mail_batch_items(id),
  business_date   TEXT NOT NULL,
  posted_at       TEXT NOT NULL,
  user_id         INTEGER NOT NULL REFERENCES users(id),
  payer           TEXT,
  total_cents     INTEGER NOT NULL CHECK (total_cents > 0),
  tendered_cents  INTEGER NOT NULL CHECK (tendered_cents >= total_cents),
  change_cents    INTEGER NOT NULL CHECK (change_cents >= 0 AND change_cents = tendered_cents - total_cents),
  request_hash    TEXT NOT NULL,
  UNIQUE (station, seq),
  CHECK ((drawer_id IS NULL) <> (mail_batch_id IS NULL)),
  CHECK ((mail_batch_id IS NULL) = (mail_item_id IS NULL))
) STRICT;
CREATE INDEX receipts_drawer ON receipts(drawer_id) WHERE drawer_id IS NOT NULL;
CREATE INDEX receipts_day ON receipts(business_date);

CREATE TABLE receipt_lines (
  receipt_id    INTEGER NOT NULL REFERENCES receipts(id),
  line_no       INTEGER NOT NULL CHECK (line_no > 0),
  account_id    INTEGER REFERENCES accounts(id),
  revenue_code  TEXT REFERENCES revenue_codes(code),
  description   TEXT NOT NULL,
  amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
  bill_ref      TEXT,
  tax_year      INTEGER CHECK (tax_year IS NULL OR tax_year BETWEEN 1900 AND 2200),
  department    TEXT,
  PRIMARY KEY (receipt_id, line_no),
  CHECK ((account_id IS NULL) <> (revenue_code IS NULL))
) STRICT, WITHOUT ROWID;
CREATE INDEX receipt_lines_account ON receipt_lines(account_id) WHERE account_id IS NOT NULL;

CREATE TABLE receipt_tenders (
  receipt_id    INTEGER NOT NULL REFERENCES receipts(id),
  line_no       INTEGER NOT NULL CHECK (line_no > 0),
  kind          TEXT NOT NULL CHECK (kind IN ('cash', 'check', 'card', 'money_order', 'remittance')),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
  check_number  TEXT,
  payer         TEXT,
  card_brand    TEXT,
  card_last4    TEXT CHECK (card_last4 IS NULL OR (length(card_last4) = 4 AND card_last4 GLOB '[0-9][0-9][0-9][0-9]')),
  auth_code     TEXT,
  reference     TEXT,
  PRIMARY KEY (receipt_id, line_no),
  CHECK (kind <> 'card' OR (card_brand IS NOT NULL AND card_last4 IS NOT NULL AND auth_code IS NOT NULL))
) STRICT, WITHOUT ROWID;

-- Returned payments (NSF checks, returned drafts): the reversing entry, the fee charged and
-- the letter to send.
CREATE TABLE returned_payments (
  id               INTEGER PRIMARY KEY,
  receipt_id       INTEGER NOT NULL REFERENCES receipts(id),
  tender_line_no   INTEGER NOT NULL,
  entry_id         INTEGER NOT NULL UNIQUE REFERENCES journal_entries(id),
  fee_entry_id     INTEGER REFERENCES journal_entries(id),
  account_id       INTEGER REFERENCES accounts(id),
  amount_cents     INTEGER NOT NULL CHECK (amount_cents > 0),
  reason           TEXT NOT NULL,
  returned_on      TEXT NOT NULL,
  set_cash_only    INTEGER NOT NULL DEFAULT 0 CHECK (set_cash_only IN (0, 1)),
  UNIQUE (receipt_id, tender_line_no)
) STRICT;

CREATE TABLE letters (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id),
  kind        TEXT NOT NULL CHECK (kind IN ('returned_payment', 'cutoff_notice', 'setoff_notice', 'credit_reference', 'general')),
  created_at  TEXT NOT NULL,
  created_by  INTEGER REFERENCES users(id),
  subject     TEXT NOT NULL,
  details     TEXT CHECK (details IS NULL OR json_valid(details)),
  sent_at     TEXT
) STRICT;
CREATE INDEX letters_unsent ON letters(kind) WHERE sent_at IS NULL;

CREATE TRIGGER receipts_no_update BEFORE UPDATE ON receipts BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: receipts'); END;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: receipts'); END;
CREATE TRIGGER receipt_lines_no_update BEFORE UPDATE ON receipt_lines BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: receipt_lines'); END;
CREATE TRIGGER receipt_lines_no_delete BEFORE DELETE ON receipt_lines BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: receipt_lines'); END;
CREATE TRIGGER receipt_tenders_no_update BEFORE UPDATE ON receipt_tenders BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: receipt_tenders'); END;
CREATE TRIGGER receipt_tenders_no_delete BEFORE DELETE ON receipt_tenders BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: receipt_tenders'); END;
CREATE TRIGGER returned_payments_no_update BEFORE UPDATE ON returned_payments BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: returned_payments'); END;
CREATE TRIGGER returned_payments_no_delete BEFORE DELETE ON returned_payments BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: returned_payments'); END;
-- A posted mail batch is final; an open one's items may be removed before posting.
CREATE TRIGGER mail_batch_items_frozen_delete BEFORE DELETE ON mail_batch_items
  WHEN (SELECT posted_at FROM mail_batches WHERE id = OLD.batch_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: posted mail batch'); END;
CREATE TRIGGER mail_batch_items_frozen_insert BEFORE INSERT ON mail_batch_items
  WHEN (SELECT posted_at FROM mail_batches WHERE id = NEW.batch_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: posted mail batch'); END;
CREATE TRIGGER mail_batch_items_no_update BEFORE UPDATE ON mail_batch_items BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: mail_batch_items'); END;
