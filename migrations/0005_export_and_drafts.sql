-- Nightly export (issue 6): every export attempt and its outcome, and the one delivery of each
-- closed business day to the central system. Bank drafts: enrolments (bank account number
-- encrypted with a key kept outside this file), the NACHA files sent, their entries (one per
-- enrolment: a prenote or a debit, later posted as a payment) and returned entries.

CREATE TABLE export_log (
  id               INTEGER PRIMARY KEY,
  business_date    TEXT NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- The station that made the attempt (the package keeps the station of the first delivery).
  station          TEXT NOT NULL,
  -- schedule (the nightly run), catch_up (start-up and retries), manual (export.run), cli.
  source           TEXT NOT NULL CHECK (source IN ('schedule', 'catch_up', 'manual', 'cli')),
  started_at       TEXT NOT NULL,
  finished_at      TEXT,
  -- running until it ends; interrupted when the process died mid-export (found on a later run).
  outcome          TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'error', 'refused', 'interrupted')),
  message          TEXT,
  forced           INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
  user_id          INTEGER REFERENCES users(id),
  approved_by      INTEGER REFERENCES users(id),
  target           TEXT,
  folder           TEXT,
  manifest_sha256  TEXT,
  host             TEXT NOT NULL,
  pid              INTEGER NOT NULL,
  CHECK ((outcome = 'running') = (finished_at IS NULL))
) STRICT;
CREATE INDEX export_log_day ON export_log(business_date, id);
CREATE INDEX export_log_running ON export_log(business_date) WHERE outcome = 'running';

-- One row per delivered business day, written in the same transaction that marks the attempt ok.
CREATE TABLE export_deliveries (
  business_date    TEXT PRIMARY KEY REFERENCES business_days(business_date),
  station          TEXT NOT NULL,
  target           TEXT NOT NULL,
  folder           TEXT NOT NULL,
  manifest_sha256  TEXT NOT NULL,
  delivered_at     TEXT NOT NULL,
  log_id           INTEGER NOT NULL REFERENCES export_log(id)
) STRICT;

-- A finished attempt is final.
CREATE TRIGGER export_log_final BEFORE UPDATE ON export_log WHEN OLD.outcome <> 'running'
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: export_log'); END;
CREATE TRIGGER export_log_no_delete BEFORE DELETE ON export_log BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: export_log'); END;
CREATE TRIGGER export_deliveries_no_update BEFORE UPDATE ON export_deliveries BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: export_deliveries'); END;
CREATE TRIGGER export_deliveries_no_delete BEFORE DELETE ON export_deliveries BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: export_deliveries'); END;

-- Bank drafts ------------------------------------------------------------------------------

-- The customer's authorization to draft their bank account. The bank account number is only
-- ever stored encrypted (AES-256-GCM, key file outside the ledger) with its last four digits.
-- pending_prenote: waits for the prenote run; prenote_sent: live debits from live_from on;
-- active: drafted; ended: cancelled, or stopped by a return.
CREATE TABLE draft_enrolments (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL REFERENCES accounts(id),
  holder_name         TEXT NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 80),
  routing_number      TEXT NOT NULL CHECK (length(routing_number) = 9 AND routing_number NOT GLOB '*[^0-9]*'),
  account_type        TEXT NOT NULL CHECK (account_type IN ('checking', 'savings')),
  bank_account_enc    BLOB NOT NULL,
  bank_account_last4  TEXT NOT NULL CHECK (length(bank_account_last4) = 4),
  authorized_on       TEXT NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('pending_prenote', 'prenote_sent', 'active', 'ended')),
  live_from           TEXT,
  enrolled_at         TEXT NOT NULL,
  enrolled_by         INTEGER REFERENCES users(id),
  ended_at            TEXT,
  ended_by            INTEGER REFERENCES users(id),
  end_reason          TEXT,
  CHECK ((status = 'ended') = (ended_at IS NOT NULL)),
  CHECK (status = 'pending_prenote' OR status = 'ended' OR live_from IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX draft_enrolments_one_live ON draft_enrolments(account_id) WHERE status <> 'ended';
CREATE INDEX draft_enrolments_status ON draft_enrolments(status);

-- A NACHA file made for the bank. Its bytes are never stored (they hold account numbers): they
-- are rebuilt from these fields and the items, and checked against sha256.
CREATE TABLE draft_files (
  id                    INTEGER PRIMARY KEY,
  kind                  TEXT NOT NULL CHECK (kind IN ('prenote', 'debit')),
  draft_date            TEXT NOT NULL,
  creation_date         TEXT NOT NULL,
  creation_time         TEXT NOT NULL CHECK (length(creation_time) = 4),
  file_id_modifier      TEXT NOT NULL CHECK (length(file_id_modifier) = 1),
  effective_date        TEXT NOT NULL,
  -- The bank and company fields the file was made with (settings may change later).
  header                TEXT NOT NULL CHECK (json_valid(header)),
  entry_count           INTEGER NOT NULL CHECK (entry_count > 0),
  total_debit_cents     INTEGER NOT NULL CHECK (total_debit_cents >= 0),
  entry_hash            TEXT NOT NULL,
  sha256                TEXT NOT NULL,
  file_name             TEXT NOT NULL,
  created_at            TEXT NOT NULL,
  created_by            INTEGER REFERENCES users(id),
  posted_at             TEXT,
  posted_by             INTEGER REFERENCES users(id),
  posted_business_date  TEXT,
  UNIQUE (creation_date, file_id_modifier)
) STRICT;

CREATE TABLE draft_items (
  id                INTEGER PRIMARY KEY,
  file_id           INTEGER NOT NULL REFERENCES draft_files(id),
  seq               INTEGER NOT NULL CHECK (seq > 0),
  enrolment_id      INTEGER NOT NULL REFERENCES draft_enrolments(id),
  account_id        INTEGER NOT NULL REFERENCES accounts(id),
  transaction_code  TEXT NOT NULL CHECK (transaction_code IN ('27', '37', '28', '38')),
  amount_cents      INTEGER NOT NULL CHECK (amount_cents >= 0),
  trace_number      TEXT NOT NULL UNIQUE CHECK (length(trace_number) = 15),
  -- The payment entry, once the file settled and was posted.
  entry_id          INTEGER UNIQUE REFERENCES journal_entries(id),
  UNIQUE (file_id, seq),
  CHECK ((transaction_code IN ('28', '38')) = (amount_cents = 0))
) STRICT;
CREATE INDEX draft_items_enrolment ON draft_items(enrolment_id);

-- An entry the bank returned (R01, R02 …). A returned debit that was already posted is
-- reversed by entry_id (kind returned_payment); one returned before posting is never posted.
CREATE TABLE draft_returns (
  id               INTEGER PRIMARY KEY,
  item_id          INTEGER NOT NULL UNIQUE REFERENCES draft_items(id),
  account_id       INTEGER NOT NULL REFERENCES accounts(id),
  return_code      TEXT NOT NULL CHECK (length(return_code) = 3),
  reason           TEXT NOT NULL,
  returned_on      TEXT NOT NULL,
  amount_cents     INTEGER NOT NULL CHECK (amount_cents >= 0),
  entry_id         INTEGER UNIQUE REFERENCES journal_entries(id),
  fee_entry_id     INTEGER REFERENCES journal_entries(id),
  set_cash_only    INTEGER NOT NULL DEFAULT 0 CHECK (set_cash_only IN (0, 1)),
  ended_enrolment  INTEGER NOT NULL DEFAULT 0 CHECK (ended_enrolment IN (0, 1)),
  imported_at      TEXT NOT NULL,
  imported_by      INTEGER REFERENCES users(id),
  import_sha256    TEXT NOT NULL
) STRICT;

-- Every returned payment of an account, from the counter (checks) and from bank drafts: two in
-- twelve months set cash-only.
CREATE VIEW account_returns AS
  SELECT account_id, returned_on FROM returned_payments WHERE account_id IS NOT NULL
  UNION ALL
  SELECT account_id, returned_on FROM draft_returns WHERE amount_cents > 0;

CREATE TRIGGER draft_enrolments_no_delete BEFORE DELETE ON draft_enrolments BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: draft_enrolments'); END;
-- The authorization itself never changes: a new bank account is a new enrolment.
CREATE TRIGGER draft_enrolments_fixed BEFORE UPDATE OF account_id, holder_name, routing_number, account_type, bank_account_enc, bank_account_last4, authorized_on ON draft_enrolments
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: draft_enrolments'); END;
CREATE TRIGGER draft_enrolments_stay_ended BEFORE UPDATE ON draft_enrolments WHEN OLD.status = 'ended'
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: ended draft enrolment'); END;
CREATE TRIGGER draft_files_no_delete BEFORE DELETE ON draft_files BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: draft_files'); END;
CREATE TRIGGER draft_files_posted_once BEFORE UPDATE ON draft_files
  WHEN OLD.posted_at IS NOT NULL OR NEW.id <> OLD.id OR NEW.kind <> OLD.kind OR NEW.sha256 <> OLD.sha256 OR NEW.entry_count <> OLD.entry_count
    OR NEW.total_debit_cents <> OLD.total_debit_cents OR NEW.header <> OLD.header OR NEW.effective_date <> OLD.effective_date
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: draft_files'); END;
CREATE TRIGGER draft_items_no_delete BEFORE DELETE ON draft_items BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: draft_items'); END;
CREATE TRIGGER draft_items_post_once BEFORE UPDATE ON draft_items
  WHEN OLD.entry_id IS NOT NULL OR NEW.id <> OLD.id OR NEW.file_id <> OLD.file_id OR NEW.seq <> OLD.seq OR NEW.enrolment_id <> OLD.enrolment_id
    OR NEW.account_id <> OLD.account_id OR NEW.transaction_code <> OLD.transaction_code OR NEW.amount_cents <> OLD.amount_cents OR NEW.trace_number <> OLD.trace_number
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: draft_items'); END;
CREATE TRIGGER draft_returns_no_update BEFORE UPDATE ON draft_returns BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: draft_returns'); END;
CREATE TRIGGER draft_returns_no_delete BEFORE DELETE ON draft_returns BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: draft_returns'); END;
