-- Deposits and letters (issue 14, part B).
--
-- Letters of credit: a credit reference letter from the customer's previous utility, received at
-- the counter. One received within letterOfCreditMaxAgeDays that shows at least
-- letterOfCreditGoodMonths of good payment waives the deposit at new service. Kept as received
-- (a wrong entry is voided with a reason and entered again), so a waiver can always be traced.
CREATE TABLE letters_of_credit (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customers(id),
  utility      TEXT NOT NULL CHECK (length(utility) BETWEEN 1 AND 120),
  utility_account TEXT CHECK (utility_account IS NULL OR length(utility_account) BETWEEN 1 AND 40),
  received_on  TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  letter_dated TEXT CHECK (letter_dated IS NULL OR letter_dated GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  good_months  INTEGER NOT NULL CHECK (good_months BETWEEN 0 AND 600),
  note         TEXT CHECK (note IS NULL OR length(note) <= 500),
  created_at   TEXT NOT NULL,
  created_by   INTEGER REFERENCES users(id),
  voided_at    TEXT,
  voided_by    INTEGER REFERENCES users(id),
  void_reason  TEXT CHECK (void_reason IS NULL OR length(void_reason) BETWEEN 1 AND 500),
  CHECK ((voided_at IS NULL) = (void_reason IS NULL))
) STRICT;
CREATE INDEX letters_of_credit_customer ON letters_of_credit(customer_id, received_on);
CREATE TRIGGER letters_of_credit_no_delete BEFORE DELETE ON letters_of_credit BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: letters_of_credit'); END;
CREATE TRIGGER letters_of_credit_void_only BEFORE UPDATE ON letters_of_credit
  WHEN OLD.voided_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.customer_id IS NOT OLD.customer_id OR NEW.utility IS NOT OLD.utility
    OR NEW.utility_account IS NOT OLD.utility_account OR NEW.received_on IS NOT OLD.received_on OR NEW.letter_dated IS NOT OLD.letter_dated
    OR NEW.good_months IS NOT OLD.good_months OR NEW.note IS NOT OLD.note OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: letters_of_credit (only a void may be recorded)'); END;

-- Deposit refund runs: the eligibility decision for every account holding a deposit, as of a
-- date, with each criterion met or not; the eligible ones are then refunded as account credit
-- in short chunks. A run is resumable: a decision with an entry is done, one without is not.
CREATE TABLE deposit_refund_runs (
  id              INTEGER PRIMARY KEY,
  as_of           TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  created_at      TEXT NOT NULL,
  created_by      INTEGER REFERENCES users(id),
  idempotency_key TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL CHECK (status IN ('posting', 'posted')),
  accounts        INTEGER NOT NULL CHECK (accounts >= 0),
  eligible        INTEGER NOT NULL CHECK (eligible >= 0 AND eligible <= accounts),
  finished_at     TEXT
) STRICT;

CREATE TABLE deposit_refund_decisions (
  run_id      INTEGER NOT NULL REFERENCES deposit_refund_runs(id),
  account_id  INTEGER NOT NULL REFERENCES accounts(id),
  eligible    INTEGER NOT NULL CHECK (eligible IN (0, 1)),
  criteria    TEXT NOT NULL CHECK (json_valid(criteria)),
  held_cents  INTEGER NOT NULL CHECK (held_cents >= 0),
  interest_cents INTEGER NOT NULL DEFAULT 0 CHECK (interest_cents >= 0),
  entry_id    INTEGER REFERENCES journal_entries(id),
  letter_id   INTEGER REFERENCES letters(id),
  PRIMARY KEY (run_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX deposit_refund_decisions_todo ON deposit_refund_decisions(run_id) WHERE eligible = 1 AND entry_id IS NULL;

-- Interest the town pays on deposits (depositInterestBasisPoints; none by default), credited to
-- the account with the refund.
INSERT INTO gl_accounts (code, name, kind) VALUES ('5100', 'Interest on customer deposits', 'expense');
