-- Payment transfers: a payment posted to the wrong account moved to the right one after the
-- drawer closed (when a void is no longer allowed). Each is a pair of journal entries (out of the
-- wrong account, into the right one) through a clearing account, both pointing at the original
-- payment entry, so the receipt keeps its number and lines.
INSERT INTO gl_accounts (code, name, kind) VALUES ('1090', 'Payment transfer clearing', 'asset');

CREATE TABLE payment_transfers (
  id              INTEGER PRIMARY KEY,
  receipt_id      INTEGER NOT NULL REFERENCES receipts(id),
  from_account_id INTEGER NOT NULL REFERENCES accounts(id),
  to_account_id   INTEGER NOT NULL REFERENCES accounts(id),
  amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
  reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
  out_entry_id    INTEGER NOT NULL UNIQUE REFERENCES journal_entries(id),
  in_entry_id     INTEGER NOT NULL UNIQUE REFERENCES journal_entries(id),
  business_date   TEXT NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  posted_at       TEXT NOT NULL,
  user_id         INTEGER NOT NULL REFERENCES users(id),
  approved_by     INTEGER REFERENCES users(id),
  CHECK (from_account_id <> to_account_id)
) STRICT;
CREATE INDEX payment_transfers_day ON payment_transfers(business_date);
CREATE INDEX payment_transfers_receipt ON payment_transfers(receipt_id);
CREATE TRIGGER payment_transfers_no_update BEFORE UPDATE ON payment_transfers BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: payment_transfers'); END;
CREATE TRIGGER payment_transfers_no_delete BEFORE DELETE ON payment_transfers BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: payment_transfers'); END;
