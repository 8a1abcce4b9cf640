-- Service desk foundation (issue 14): what the customer-service clerk's intake work shares.
--
-- Customers: the ID the clerk checked, the kind of tax id on file (the value itself stays in
-- tax_id_enc, AES-256-GCM with the key outside the ledger; tax_id_last4 for the masked view),
-- the language letters go out in, and when the record was last edited.
ALTER TABLE customers ADD COLUMN tax_id_kind TEXT CHECK (tax_id_kind IS NULL OR tax_id_kind IN ('ssn', 'itin', 'ein'));
ALTER TABLE customers ADD COLUMN id_check TEXT CHECK (id_check IS NULL OR json_valid(id_check));
ALTER TABLE customers ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es'));
ALTER TABLE customers ADD COLUMN updated_at TEXT;
ALTER TABLE customers ADD COLUMN alt_phone TEXT;

-- Accounts: whether the customer owns the premises or rents it (a previous non-owner tenant's
-- debt is never put on a new tenant), and the account a transfer came from.
ALTER TABLE accounts ADD COLUMN occupancy TEXT NOT NULL DEFAULT 'tenant' CHECK (occupancy IN ('owner', 'tenant'));
ALTER TABLE accounts ADD COLUMN moved_from_account_id INTEGER REFERENCES accounts(id);

-- Every change of an account's status (pending -> active -> final_billed -> closed), who and why.
CREATE TABLE account_status_history (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id),
  at          TEXT NOT NULL,
  from_status TEXT CHECK (from_status IS NULL OR from_status IN ('pending', 'active', 'final_billed', 'closed')),
  to_status   TEXT NOT NULL CHECK (to_status IN ('pending', 'active', 'final_billed', 'closed')),
  user_id     INTEGER REFERENCES users(id),
  reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500)
) STRICT;
CREATE INDEX account_status_history_account ON account_status_history(account_id, at);
CREATE TRIGGER account_status_history_no_update BEFORE UPDATE ON account_status_history BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: account_status_history'); END;
CREATE TRIGGER account_status_history_no_delete BEFORE DELETE ON account_status_history BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: account_status_history'); END;

-- Letters: the service desk's kinds and the language each was written in. Nothing references
-- letters, so the table is rebuilt under a scratch name and renamed.
CREATE TABLE letters_rebuild (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id),
  kind        TEXT NOT NULL CHECK (kind IN ('returned_payment', 'cutoff_notice', 'setoff_notice', 'credit_reference', 'general',
                                            'deposit_receipt', 'deposit_refund', 'welcome', 'arrangement', 'service_confirmation',
                                            'adjustment_sheet')),
  created_at  TEXT NOT NULL,
  created_by  INTEGER REFERENCES users(id),
  subject     TEXT NOT NULL,
  details     TEXT CHECK (details IS NULL OR json_valid(details)),
  sent_at     TEXT,
  language    TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es'))
) STRICT;
INSERT INTO letters_rebuild (id, account_id, kind, created_at, created_by, subject, details, sent_at)
  SELECT id, account_id, kind, created_at, created_by, subject, details, sent_at FROM letters;
DROP TABLE letters;
ALTER TABLE letters_rebuild RENAME TO letters;
CREATE INDEX letters_unsent ON letters(kind) WHERE sent_at IS NULL;
CREATE INDEX letters_account ON letters(account_id, created_at);
