-- Service desk, part D (issue 14): extensions and payment arrangements, bill adjustments.
--
-- An arrangement (or a one-installment due-date extension) is an agreement, not a posting: its
-- installments are kept or missed against the account's payments (arrangementStanding). Its
-- status moves active -> kept | broken | cancelled once; accounts.payment_arrangement is 1 while
-- one is active.
CREATE TABLE arrangements (
  id              INTEGER PRIMARY KEY,
  account_id      INTEGER NOT NULL REFERENCES accounts(id),
  kind            TEXT NOT NULL CHECK (kind IN ('extension', 'arrangement')),
  created_on      TEXT NOT NULL CHECK (created_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  created_at      TEXT NOT NULL,
  created_by      INTEGER REFERENCES users(id),
  total_cents     INTEGER NOT NULL CHECK (total_cents > 0),
  note            TEXT CHECK (note IS NULL OR length(note) <= 500),
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'kept', 'broken', 'cancelled')),
  ended_on        TEXT,
  ended_reason    TEXT,
  letter_id       INTEGER REFERENCES letters(id),
  -- The last journal entry when it was made: payments after it count toward the installments
  -- (not a date, because the open business day can lag the calendar).
  after_entry_id  INTEGER NOT NULL DEFAULT 0 CHECK (after_entry_id >= 0),
  idempotency_key TEXT UNIQUE,
  CHECK ((status = 'active') = (ended_on IS NULL))
) STRICT;
CREATE INDEX arrangements_account ON arrangements(account_id, created_on);
CREATE UNIQUE INDEX arrangements_one_active ON arrangements(account_id) WHERE status = 'active';

CREATE TABLE arrangement_installments (
  arrangement_id INTEGER NOT NULL REFERENCES arrangements(id),
  seq            INTEGER NOT NULL CHECK (seq >= 1),
  due_date       TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
  PRIMARY KEY (arrangement_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER arrangement_installments_no_update BEFORE UPDATE ON arrangement_installments BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: arrangement_installments'); END;
CREATE TRIGGER arrangement_installments_no_delete BEFORE DELETE ON arrangement_installments BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: arrangement_installments'); END;

-- An adjustment request against one charge: pending (over the approval limit) until a
-- supervisor approves (posted, with its journal entry) or rejects it. Numbers ADJ-2026-S1-000123.
CREATE TABLE adjustments (
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,
  account_id       INTEGER NOT NULL REFERENCES accounts(id),
  charge_id        INTEGER NOT NULL REFERENCES charges(id),
  reason_code      TEXT NOT NULL CHECK (reason_code IN ('meter_misread', 'leak', 'billing_error', 'penalty_waiver', 'courtesy_credit')),
  amount_cents     INTEGER NOT NULL CHECK (amount_cents > 0),
  explanation      TEXT NOT NULL CHECK (length(explanation) BETWEEN 1 AND 1000),
  status           TEXT NOT NULL CHECK (status IN ('pending', 'posted', 'rejected')),
  requested_on     TEXT NOT NULL,
  requested_at     TEXT NOT NULL,
  requested_by     INTEGER REFERENCES users(id),
  station          TEXT NOT NULL,
  decided_at       TEXT,
  decided_by       INTEGER REFERENCES users(id),
  decision_reason  TEXT,
  entry_id         INTEGER REFERENCES journal_entries(id),
  leak_bill_id     INTEGER REFERENCES bills(id),
  calculation      TEXT CHECK (calculation IS NULL OR json_valid(calculation)),
  idempotency_key  TEXT UNIQUE,
  CHECK ((status = 'posted') = (entry_id IS NOT NULL)),
  CHECK ((reason_code = 'leak') = (leak_bill_id IS NOT NULL))
) STRICT;
CREATE INDEX adjustments_account ON adjustments(account_id, requested_at);
CREATE INDEX adjustments_pending ON adjustments(status) WHERE status = 'pending';
CREATE INDEX adjustments_charge ON adjustments(charge_id);

CREATE TABLE adjustment_sequences (
  station  TEXT NOT NULL,
  year     INTEGER NOT NULL,
  next     INTEGER NOT NULL CHECK (next >= 1),
  PRIMARY KEY (station, year)
) STRICT;
