-- Sign-in hardening: sessions expire (idle and absolute lifetime), so each session records
-- when it was last used and why it ended; failed sign-ins and failed supervisor approvals are
-- throttled per station and username (or per requesting session) with a growing wait,
-- instead of locking the user's account for everyone.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
ALTER TABLE sessions ADD COLUMN end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('signed_out', 'idle', 'lifetime'));

CREATE TABLE auth_throttle (
  scope           TEXT NOT NULL CHECK (scope IN ('sign_in', 'override')),
  station         TEXT NOT NULL,
  -- sign_in: the username as typed (known or not, so replies can't tell them apart);
  -- override: the requesting session's token hash.
  subject         TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 128),
  failures        INTEGER NOT NULL CHECK (failures >= 0),
  wait_until      TEXT,
  last_failure_at TEXT NOT NULL,
  PRIMARY KEY (scope, station, subject)
) STRICT;
