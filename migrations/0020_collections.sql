-- Collections (issue 15), shared part: the cut-off list for a date and the account's
-- disconnected state. The later collections migrations add penalties, courtesy calls,
-- notices and debt setoff on top of these.
--
-- A cut-off list is generated for one cut-off date and kept: every account with anything past
-- due is an entry, on the list or left off, with the reason in words ("excluded: Medical Alert
-- until 2027-03-01"). Entries are written once (append-only); a later list for the same date
-- supersedes an earlier one, it does not edit it.
CREATE TABLE cutoff_lists (
  id              INTEGER PRIMARY KEY,
  cutoff_date     TEXT NOT NULL CHECK (cutoff_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  generated_on    TEXT NOT NULL CHECK (generated_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  generated_by    INTEGER REFERENCES users(id),
  station         TEXT,
  status          TEXT NOT NULL DEFAULT 'building' CHECK (status IN ('building', 'ready', 'superseded', 'abandoned')),
  -- Progress while building: accounts are evaluated in id order.
  last_account_id INTEGER NOT NULL DEFAULT 0,
  on_list_count   INTEGER NOT NULL DEFAULT 0 CHECK (on_list_count >= 0),
  left_off_count  INTEGER NOT NULL DEFAULT 0 CHECK (left_off_count >= 0),
  on_list_cents   INTEGER NOT NULL DEFAULT 0 CHECK (on_list_cents >= 0),
  -- Set once, when cut-off day created the disconnect work orders for this list.
  disconnects_created_at TEXT,
  CHECK ((status = 'building') = (finished_at IS NULL))
) STRICT;
CREATE INDEX cutoff_lists_date ON cutoff_lists(cutoff_date, id);
CREATE UNIQUE INDEX cutoff_lists_one_building ON cutoff_lists(cutoff_date) WHERE status = 'building';

CREATE TABLE cutoff_list_entries (
  list_id         INTEGER NOT NULL REFERENCES cutoff_lists(id),
  account_id      INTEGER NOT NULL REFERENCES accounts(id),
  on_list         INTEGER NOT NULL CHECK (on_list IN (0, 1)),
  -- past_due | below_minimum | not_due_long_enough | medical_alert | arrangement | dispute |
  -- disconnected | winter | promise | no_service ... (the reason words say the rest)
  reason_code     TEXT NOT NULL CHECK (length(reason_code) BETWEEN 1 AND 40),
  reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  past_due_cents  INTEGER NOT NULL CHECK (past_due_cents >= 0),
  oldest_due_date TEXT,
  PRIMARY KEY (list_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX cutoff_list_entries_account ON cutoff_list_entries(account_id, list_id);
CREATE TRIGGER cutoff_list_entries_no_update BEFORE UPDATE ON cutoff_list_entries BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: cutoff_list_entries'); END;
CREATE TRIGGER cutoff_list_entries_no_delete BEFORE DELETE ON cutoff_list_entries BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: cutoff_list_entries'); END;
CREATE TRIGGER cutoff_lists_no_delete BEFORE DELETE ON cutoff_lists BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: cutoff_lists'); END;

-- Service off for non-payment: the date the disconnect order was completed, cleared when the
-- reconnect order is completed (the work orders keep the history).
ALTER TABLE accounts ADD COLUMN disconnected_on TEXT CHECK (disconnected_on IS NULL OR disconnected_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
CREATE INDEX accounts_disconnected ON accounts(disconnected_on) WHERE disconnected_on IS NOT NULL;

INSERT INTO gl_accounts (code, name, kind) VALUES ('5200', 'Bad debt expense (write-offs)', 'expense');
