-- Collections part B (issue 15): courtesy calls logged against a cut-off list, and the winter
-- rule's certification that a customer is elderly or disabled.
--
-- A courtesy call is written once; the only later change is a clerk resolving a call's dispute
-- (the resolution columns, set once). A promise to pay keeps the account off the cut-off list
-- until its date; an unresolved dispute keeps it off until resolved.
CREATE TABLE courtesy_calls (
  id              INTEGER PRIMARY KEY,
  list_id         INTEGER NOT NULL REFERENCES cutoff_lists(id),
  account_id      INTEGER NOT NULL REFERENCES accounts(id),
  outcome         TEXT NOT NULL CHECK (outcome IN ('promise', 'no_answer', 'wrong_number', 'disputed')),
  promise_date    TEXT CHECK (promise_date IS NULL OR promise_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  phone           TEXT,
  note            TEXT CHECK (note IS NULL OR length(note) <= 500),
  called_on       TEXT NOT NULL CHECK (called_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  called_at       TEXT NOT NULL,
  called_by       INTEGER REFERENCES users(id),
  station         TEXT,
  idempotency_key TEXT UNIQUE,
  resolved_at     TEXT,
  resolved_by     INTEGER REFERENCES users(id),
  resolution      TEXT CHECK (resolution IS NULL OR length(resolution) BETWEEN 1 AND 500),
  CHECK ((outcome = 'promise') = (promise_date IS NOT NULL)),
  CHECK ((resolved_at IS NULL) = (resolution IS NULL)),
  CHECK (resolved_at IS NULL OR outcome = 'disputed')
) STRICT;
CREATE INDEX courtesy_calls_account ON courtesy_calls(account_id, called_on, id);
CREATE INDEX courtesy_calls_list ON courtesy_calls(list_id, account_id);
CREATE TRIGGER courtesy_calls_no_delete BEFORE DELETE ON courtesy_calls BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: courtesy_calls'); END;
CREATE TRIGGER courtesy_calls_resolve_once BEFORE UPDATE ON courtesy_calls
  WHEN OLD.resolved_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.list_id IS NOT OLD.list_id OR NEW.account_id IS NOT OLD.account_id
    OR NEW.outcome IS NOT OLD.outcome OR NEW.promise_date IS NOT OLD.promise_date OR NEW.note IS NOT OLD.note
    OR NEW.called_on IS NOT OLD.called_on OR NEW.called_at IS NOT OLD.called_at OR NEW.called_by IS NOT OLD.called_by
    OR NEW.phone IS NOT OLD.phone OR NEW.station IS NOT OLD.station OR NEW.idempotency_key IS NOT OLD.idempotency_key
BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: courtesy_calls (only an open dispute may be resolved, once)'); END;

-- The winter rule (settings winterRuleEnabled, winterRuleFrom..winterRuleTo) protects customers
-- certified elderly or disabled: who certified it (agency, physician or clerk's document), from
-- when, until when. Never edited; withdrawn with a reason.
CREATE TABLE winter_certifications (
  id              INTEGER PRIMARY KEY,
  customer_id     INTEGER NOT NULL REFERENCES customers(id),
  kind            TEXT NOT NULL CHECK (kind IN ('elderly', 'disabled')),
  certified_by    TEXT NOT NULL CHECK (length(certified_by) BETWEEN 1 AND 120),
  certified_on    TEXT NOT NULL CHECK (certified_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  valid_until     TEXT NOT NULL CHECK (valid_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  note            TEXT CHECK (note IS NULL OR length(note) <= 500),
  recorded_at     TEXT NOT NULL,
  recorded_by     INTEGER REFERENCES users(id),
  withdrawn_at    TEXT,
  withdrawn_by    INTEGER REFERENCES users(id),
  withdraw_reason TEXT,
  CHECK (valid_until >= certified_on),
  CHECK ((withdrawn_at IS NULL) = (withdraw_reason IS NULL))
) STRICT;
CREATE INDEX winter_certifications_customer ON winter_certifications(customer_id, valid_until);
CREATE TRIGGER winter_certifications_no_delete BEFORE DELETE ON winter_certifications BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: winter_certifications'); END;
CREATE TRIGGER winter_certifications_withdraw_once BEFORE UPDATE ON winter_certifications
  WHEN OLD.withdrawn_at IS NOT NULL OR NEW.customer_id IS NOT OLD.customer_id OR NEW.kind IS NOT OLD.kind OR NEW.certified_by IS NOT OLD.certified_by
    OR NEW.certified_on IS NOT OLD.certified_on OR NEW.valid_until IS NOT OLD.valid_until OR NEW.note IS NOT OLD.note
    OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.recorded_by IS NOT OLD.recorded_by
BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: winter_certifications (only withdrawn, once)'); END;
