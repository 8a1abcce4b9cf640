-- NC Debt Setoff (issue 15 part D; shared/formats/NC-DEBT-SETOFF.md, docs/SETOFF.md).
--
-- A debt is one account's delinquent balance as sent to the Clearinghouse: its unique key is
-- generated once, when the debt is first submitted, and kept for the life of the debt (one debt
-- per account). Notices (the G.S. 105A-5(b) letter) and hearing requests are per account; each
-- submission file is logged with the amount it sent for each debt (never the SSN), so the next
-- file knows what changed. Proceeds files are imported once each (by their SHA-256).
CREATE TABLE setoff_debts (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
  unique_key       TEXT NOT NULL UNIQUE CHECK (length(unique_key) = 8 AND unique_key NOT GLOB '*[^0-9]*'),
  created_at       TEXT NOT NULL,
  compliance_date  TEXT NOT NULL CHECK (compliance_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  expiration_ym    TEXT NOT NULL CHECK (expiration_ym GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')
) STRICT;
CREATE TRIGGER setoff_debts_no_update BEFORE UPDATE ON setoff_debts BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_debts'); END;
CREATE TRIGGER setoff_debts_no_delete BEFORE DELETE ON setoff_debts BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_debts'); END;

CREATE TABLE setoff_notices (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts(id),
  letter_id    INTEGER NOT NULL UNIQUE REFERENCES letters(id),
  mailed_on    TEXT NOT NULL CHECK (mailed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  created_at   TEXT NOT NULL,
  created_by   INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX setoff_notices_account ON setoff_notices(account_id, mailed_on);
CREATE TRIGGER setoff_notices_no_update BEFORE UPDATE ON setoff_notices BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_notices'); END;
CREATE TRIGGER setoff_notices_no_delete BEFORE DELETE ON setoff_notices BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_notices'); END;

-- A hearing request on a notice; decided once (for the town: the debt may go; for the debtor: it may not).
CREATE TABLE setoff_hearings (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts(id),
  notice_id    INTEGER NOT NULL REFERENCES setoff_notices(id),
  received_on  TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  note         TEXT CHECK (note IS NULL OR length(note) <= 500),
  recorded_at  TEXT NOT NULL,
  recorded_by  INTEGER REFERENCES users(id),
  decided_on   TEXT CHECK (decided_on IS NULL OR decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  outcome      TEXT CHECK (outcome IS NULL OR outcome IN ('town', 'debtor')),
  decision_note TEXT CHECK (decision_note IS NULL OR length(decision_note) <= 500),
  decided_by   INTEGER REFERENCES users(id),
  CHECK ((decided_on IS NULL) = (outcome IS NULL)),
  CHECK (decided_on IS NULL OR decided_on >= received_on)
) STRICT;
CREATE INDEX setoff_hearings_account ON setoff_hearings(account_id, id);
CREATE UNIQUE INDEX setoff_hearings_one_pending ON setoff_hearings(account_id) WHERE decided_on IS NULL;
-- Only the decision may be added, once.
CREATE TRIGGER setoff_hearings_decide_once BEFORE UPDATE ON setoff_hearings
  WHEN OLD.decided_on IS NOT NULL OR NEW.account_id IS NOT OLD.account_id OR NEW.notice_id IS NOT OLD.notice_id
    OR NEW.received_on IS NOT OLD.received_on OR NEW.note IS NOT OLD.note OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_hearings'); END;
CREATE TRIGGER setoff_hearings_no_delete BEFORE DELETE ON setoff_hearings BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_hearings'); END;

CREATE TABLE setoff_submissions (
  id            INTEGER PRIMARY KEY,
  created_at    TEXT NOT NULL,
  created_by    INTEGER REFERENCES users(id),
  file_name     TEXT NOT NULL UNIQUE,
  record_count  INTEGER NOT NULL CHECK (record_count >= 0),
  total_cents   INTEGER NOT NULL CHECK (total_cents >= 0),
  sha256        TEXT NOT NULL
) STRICT;
CREATE TRIGGER setoff_submissions_no_update BEFORE UPDATE ON setoff_submissions BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_submissions'); END;
CREATE TRIGGER setoff_submissions_no_delete BEFORE DELETE ON setoff_submissions BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_submissions'); END;

-- What one file sent for one debt (the SSN is never stored here; the writer decrypts it).
CREATE TABLE setoff_submission_records (
  submission_id INTEGER NOT NULL REFERENCES setoff_submissions(id),
  seq           INTEGER NOT NULL CHECK (seq >= 1),
  debt_id       INTEGER NOT NULL REFERENCES setoff_debts(id),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents BETWEEN 0 AND 9999999),
  -- balance | paid | withdrawn (hearing pending or decided for the debtor) | expired
  reason        TEXT NOT NULL CHECK (reason IN ('balance', 'paid', 'withdrawn', 'expired')),
  PRIMARY KEY (submission_id, seq),
  UNIQUE (submission_id, debt_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX setoff_submission_records_debt ON setoff_submission_records(debt_id, submission_id);
CREATE TRIGGER setoff_submission_records_no_update BEFORE UPDATE ON setoff_submission_records BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_submission_records'); END;
CREATE TRIGGER setoff_submission_records_no_delete BEFORE DELETE ON setoff_submission_records BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_submission_records'); END;

-- A proceeds (return) file, imported once: reconciled, then every matched record posted.
CREATE TABLE setoff_imports (
  id             INTEGER PRIMARY KEY,
  sha256         TEXT NOT NULL UNIQUE,
  file_name      TEXT NOT NULL,
  imported_at    TEXT NOT NULL,
  imported_by    INTEGER REFERENCES users(id),
  business_date  TEXT NOT NULL,
  record_count   INTEGER NOT NULL CHECK (record_count >= 0),
  setoff_cents   INTEGER NOT NULL CHECK (setoff_cents >= 0),
  deposit_cents  INTEGER NOT NULL CHECK (deposit_cents >= 0),
  posted_count   INTEGER NOT NULL CHECK (posted_count >= 0),
  posted_cents   INTEGER NOT NULL CHECK (posted_cents >= 0)
) STRICT;
CREATE TRIGGER setoff_imports_no_update BEFORE UPDATE ON setoff_imports BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_imports'); END;
CREATE TRIGGER setoff_imports_no_delete BEFORE DELETE ON setoff_imports BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_imports'); END;

CREATE TABLE setoff_import_items (
  import_id     INTEGER NOT NULL REFERENCES setoff_imports(id),
  line_no       INTEGER NOT NULL CHECK (line_no >= 1),
  unique_key    TEXT NOT NULL,
  account_id    INTEGER REFERENCES accounts(id),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents >= 0),
  match_date    TEXT,
  entry_id      INTEGER REFERENCES journal_entries(id),
  rejected      TEXT CHECK (rejected IS NULL OR length(rejected) BETWEEN 1 AND 300),
  CHECK ((entry_id IS NULL) <> (rejected IS NULL)),
  PRIMARY KEY (import_id, line_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX setoff_import_items_account ON setoff_import_items(account_id) WHERE account_id IS NOT NULL;
CREATE TRIGGER setoff_import_items_no_update BEFORE UPDATE ON setoff_import_items BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_import_items'); END;
CREATE TRIGGER setoff_import_items_no_delete BEFORE DELETE ON setoff_import_items BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: setoff_import_items'); END;
