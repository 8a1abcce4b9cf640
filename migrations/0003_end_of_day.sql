-- End of day: cash pickups, blind drawer counts, drawer closes with over/short.

CREATE TABLE drawer_pickups (
  id            INTEGER PRIMARY KEY,
  drawer_id     INTEGER NOT NULL REFERENCES drawers(id),
  at            TEXT NOT NULL,
  supervisor_id INTEGER NOT NULL REFERENCES users(id),
  cashier_id    INTEGER NOT NULL REFERENCES users(id),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
  counts        TEXT NOT NULL CHECK (json_valid(counts)),
  note          TEXT
) STRICT;
CREATE INDEX drawer_pickups_drawer ON drawer_pickups(drawer_id);

-- Every blind count is kept, including recounts.
CREATE TABLE drawer_counts (
  id                   INTEGER PRIMARY KEY,
  drawer_id            INTEGER NOT NULL REFERENCES drawers(id),
  at                   TEXT NOT NULL,
  user_id              INTEGER NOT NULL REFERENCES users(id),
  cash_counts          TEXT NOT NULL CHECK (json_valid(cash_counts)),
  counted_cash_cents   INTEGER NOT NULL CHECK (counted_cash_cents >= 0),
  checks               TEXT NOT NULL CHECK (json_valid(checks)),
  counted_checks_cents INTEGER NOT NULL CHECK (counted_checks_cents >= 0),
  card_batch_cents     INTEGER NOT NULL CHECK (card_batch_cents >= 0),
  expected_cash_cents  INTEGER NOT NULL,
  expected_checks_cents INTEGER NOT NULL,
  expected_card_cents  INTEGER NOT NULL
) STRICT;
CREATE INDEX drawer_counts_drawer ON drawer_counts(drawer_id);

CREATE TABLE drawer_closes (
  drawer_id            INTEGER PRIMARY KEY REFERENCES drawers(id),
  count_id             INTEGER NOT NULL UNIQUE REFERENCES drawer_counts(id),
  closed_at            TEXT NOT NULL,
  closed_by            INTEGER NOT NULL REFERENCES users(id),
  approved_by          INTEGER REFERENCES users(id),
  note                 TEXT,
  over_short_entry_id  INTEGER REFERENCES journal_entries(id)
) STRICT;

CREATE TRIGGER drawer_pickups_no_update BEFORE UPDATE ON drawer_pickups BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: drawer_pickups'); END;
CREATE TRIGGER drawer_pickups_no_delete BEFORE DELETE ON drawer_pickups BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: drawer_pickups'); END;
CREATE TRIGGER drawer_counts_no_update BEFORE UPDATE ON drawer_counts BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: drawer_counts'); END;
CREATE TRIGGER drawer_counts_no_delete BEFORE DELETE ON drawer_counts BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: drawer_counts'); END;
CREATE TRIGGER drawer_closes_no_update BEFORE UPDATE ON drawer_closes BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: drawer_closes'); END;
CREATE TRIGGER drawer_closes_no_delete BEFORE DELETE ON drawer_closes BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: drawer_closes'); END;
-- A closed drawer stays closed.
CREATE TRIGGER drawers_stay_closed BEFORE UPDATE ON drawers WHEN OLD.closed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: closed drawer'); END;
-- A closed business day stays closed.
CREATE TRIGGER business_days_stay_closed BEFORE UPDATE ON business_days WHEN OLD.closed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: closed business day'); END;
