-- Collections (issue 15), part A items 3–5: write-off of final balances with a supervisor's
-- approval, collection agency referrals, and refund checks marked claimed (for the unclaimed
-- property report).
--
-- A write-off request is for an account's whole open balance; it waits for a supervisor other
-- than the requester, who posts it (journal entry kind 'write_off': Dr 5200 bad debt expense /
-- Cr 1200 receivable, with allocations to the open charges) or rejects it. Numbers
-- WOF-2026-S1-000123 (per station, per year).
CREATE TABLE write_offs (
  id              INTEGER PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE,
  account_id      INTEGER NOT NULL REFERENCES accounts(id),
  amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
  reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'posted', 'rejected')),
  requested_at    TEXT NOT NULL,
  requested_by    INTEGER NOT NULL REFERENCES users(id),
  station         TEXT NOT NULL,
  decided_at      TEXT,
  decided_by      INTEGER REFERENCES users(id),
  reject_reason   TEXT,
  entry_id        INTEGER REFERENCES journal_entries(id),
  idempotency_key TEXT UNIQUE,
  CHECK ((status = 'posted') = (entry_id IS NOT NULL)),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
) STRICT;
CREATE INDEX write_offs_account ON write_offs(account_id, requested_at);
CREATE UNIQUE INDEX write_offs_one_pending ON write_offs(account_id) WHERE status = 'pending';
CREATE TRIGGER write_offs_no_delete BEFORE DELETE ON write_offs BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: write_offs'); END;
CREATE TRIGGER write_offs_decided_once BEFORE UPDATE ON write_offs WHEN OLD.status <> 'pending' OR NEW.number <> OLD.number OR NEW.account_id <> OLD.account_id OR NEW.amount_cents <> OLD.amount_cents
BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: write_offs'); END;

CREATE TABLE write_off_sequences (
  station TEXT NOT NULL,
  year    INTEGER NOT NULL,
  next    INTEGER NOT NULL CHECK (next >= 1),
  PRIMARY KEY (station, year)
) STRICT;

-- One referral per account, ever (accounts.in_collections = 1 from then on).
CREATE TABLE agency_referrals (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
  referred_on   TEXT NOT NULL CHECK (referred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  balance_cents INTEGER NOT NULL CHECK (balance_cents > 0),
  oldest_due    TEXT NOT NULL,
  referred_at   TEXT NOT NULL,
  referred_by   INTEGER REFERENCES users(id)
) STRICT;
CREATE TRIGGER agency_referrals_no_update BEFORE UPDATE ON agency_referrals BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: agency_referrals'); END;
CREATE TRIGGER agency_referrals_no_delete BEFORE DELETE ON agency_referrals BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: agency_referrals'); END;

-- A refund check the customer cashed: no longer unclaimed property.
CREATE TABLE refund_check_claims (
  check_request_id INTEGER PRIMARY KEY REFERENCES check_requests(id),
  claimed_on       TEXT NOT NULL CHECK (claimed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  recorded_at      TEXT NOT NULL,
  recorded_by      INTEGER REFERENCES users(id)
) STRICT;
CREATE TRIGGER refund_check_claims_no_update BEFORE UPDATE ON refund_check_claims BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: refund_check_claims'); END;
CREATE TRIGGER refund_check_claims_no_delete BEFORE DELETE ON refund_check_claims BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: refund_check_claims'); END;
