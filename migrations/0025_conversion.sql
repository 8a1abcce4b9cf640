-- Conversion import (issue 16): bringing a town's data in from its previous billing system.
--
-- Accounts keep the numbers on the bills the customers hold: an old number that is not
-- TownCounter's own form is kept as legacy_number (as printed) and legacy_key (upper case,
-- without spaces or dashes), which the counter, the mail batch and search also look up.
-- Customers and locations keep the old system's keys so a re-run finds what it loaded.
ALTER TABLE accounts ADD COLUMN legacy_number TEXT CHECK (legacy_number IS NULL OR length(legacy_number) BETWEEN 1 AND 30);
ALTER TABLE accounts ADD COLUMN legacy_key TEXT CHECK (legacy_key IS NULL OR (length(legacy_key) BETWEEN 1 AND 30 AND legacy_key = upper(legacy_key) AND legacy_key NOT GLOB '*[ -]*'));
CREATE UNIQUE INDEX accounts_legacy_key ON accounts(legacy_key) WHERE legacy_key IS NOT NULL;
ALTER TABLE customers ADD COLUMN legacy_id TEXT CHECK (legacy_id IS NULL OR length(legacy_id) BETWEEN 1 AND 30);
CREATE UNIQUE INDEX customers_legacy_id ON customers(legacy_id) WHERE legacy_id IS NOT NULL;
ALTER TABLE service_locations ADD COLUMN legacy_id TEXT CHECK (legacy_id IS NULL OR length(legacy_id) BETWEEN 1 AND 30);
CREATE UNIQUE INDEX service_locations_legacy_id ON service_locations(legacy_id) WHERE legacy_id IS NOT NULL;

-- One row per import run (dry run or load), with the summary it produced.
CREATE TABLE conversion_runs (
  id            INTEGER PRIMARY KEY,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  user_id       INTEGER REFERENCES users(id),
  source        TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 255),
  as_of         TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  dry_run       INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  status        TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'checked', 'loaded', 'refused', 'failed')),
  reject_count  INTEGER CHECK (reject_count IS NULL OR reject_count >= 0),
  summary       TEXT CHECK (summary IS NULL OR json_valid(summary)),
  message       TEXT
) STRICT;

-- A file group loaded: written in the group's own transaction, so it exists exactly when the
-- group's rows do. The fingerprint is the SHA-256 over the group's files.
CREATE TABLE conversion_groups (
  group_name  TEXT PRIMARY KEY CHECK (group_name IN ('accounts', 'balances', 'history', 'extras')),
  run_id      INTEGER NOT NULL REFERENCES conversion_runs(id),
  fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
  rows_loaded INTEGER NOT NULL CHECK (rows_loaded >= 0),
  entry_id    INTEGER REFERENCES journal_entries(id),
  loaded_at   TEXT NOT NULL
) STRICT;
CREATE TRIGGER conversion_groups_no_update BEFORE UPDATE ON conversion_groups BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: conversion_groups'); END;
CREATE TRIGGER conversion_groups_no_delete BEFORE DELETE ON conversion_groups BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: conversion_groups'); END;
