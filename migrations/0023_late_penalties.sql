-- Collections (issue 15): the late penalty run. On run date D every bill due before D whose
-- charges are still open gets ONE late penalty, ever: bill_penalties is keyed by the bill, so a
-- second run (or a run resumed after a crash) can never penalize the same bill twice.
--
-- A run is one row per run date; it walks the accounts in id order in short chunks and keeps
-- its progress (last_account_id) in the ledger, so a run killed part-way is continued, not redone.
CREATE TABLE penalty_runs (
  id              INTEGER PRIMARY KEY,
  run_date        TEXT NOT NULL UNIQUE CHECK (run_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  user_id         INTEGER REFERENCES users(id),
  station         TEXT,
  status          TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done')),
  last_account_id INTEGER NOT NULL DEFAULT 0,
  penalized_count INTEGER NOT NULL DEFAULT 0 CHECK (penalized_count >= 0),
  penalized_cents INTEGER NOT NULL DEFAULT 0 CHECK (penalized_cents >= 0),
  skipped_count   INTEGER NOT NULL DEFAULT 0 CHECK (skipped_count >= 0),
  CHECK ((status = 'running') = (finished_at IS NULL))
) STRICT;
CREATE TRIGGER penalty_runs_no_delete BEFORE DELETE ON penalty_runs BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: penalty_runs'); END;

-- One row per penalized bill, ever (the penalty's journal entry and charge).
CREATE TABLE bill_penalties (
  bill_id         INTEGER PRIMARY KEY REFERENCES bills(id),
  run_id          INTEGER NOT NULL REFERENCES penalty_runs(id),
  account_id      INTEGER NOT NULL REFERENCES accounts(id),
  entry_id        INTEGER NOT NULL REFERENCES journal_entries(id),
  charge_id       INTEGER NOT NULL REFERENCES charges(id),
  past_due_cents  INTEGER NOT NULL CHECK (past_due_cents > 0),
  penalty_cents   INTEGER NOT NULL CHECK (penalty_cents > 0)
) STRICT;
CREATE INDEX bill_penalties_account ON bill_penalties(account_id);
CREATE INDEX bill_penalties_run ON bill_penalties(run_id);
CREATE TRIGGER bill_penalties_no_update BEFORE UPDATE ON bill_penalties BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: bill_penalties'); END;
CREATE TRIGGER bill_penalties_no_delete BEFORE DELETE ON bill_penalties BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: bill_penalties'); END;

-- Bills a run left without a penalty, with the reason (a later run judges them again).
CREATE TABLE penalty_run_skips (
  run_id          INTEGER NOT NULL REFERENCES penalty_runs(id),
  bill_id         INTEGER NOT NULL REFERENCES bills(id),
  account_id      INTEGER NOT NULL REFERENCES accounts(id),
  reason_code     TEXT NOT NULL CHECK (reason_code IN ('no_penalty', 'arrangement', 'closed')),
  reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  past_due_cents  INTEGER NOT NULL CHECK (past_due_cents > 0),
  PRIMARY KEY (run_id, bill_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER penalty_run_skips_no_update BEFORE UPDATE ON penalty_run_skips BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: penalty_run_skips'); END;
CREATE TRIGGER penalty_run_skips_no_delete BEFORE DELETE ON penalty_run_skips BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: penalty_run_skips'); END;
