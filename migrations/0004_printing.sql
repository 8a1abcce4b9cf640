-- Receipt printing (issue 4): printer and cash-drawer settings per station, the persistent print queue
-- and the outcome of every attempt. A receipt's job is inserted in the same transaction as the
-- payment, so a crash never loses it; printing happens after the commit.

CREATE TABLE printer_settings (
  station     TEXT PRIMARY KEY,
  value       TEXT NOT NULL CHECK (json_valid(value)),
  updated_at  TEXT NOT NULL,
  updated_by  INTEGER REFERENCES users(id)
) STRICT;

CREATE TABLE print_jobs (
  id               INTEGER PRIMARY KEY,
  station          TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('receipt', 'duplicate', 'void', 'drawer_summary', 'test', 'no_sale', 'drawer_kick', 'pickup_slip', 'deposit_summary')),
  -- printer: the receipt printer (and a drawer on its kick-out port); drawer: a standalone drawer device.
  target           TEXT NOT NULL CHECK (target IN ('printer', 'drawer')),
  receipt_id       INTEGER REFERENCES receipts(id),
  drawer_id        INTEGER REFERENCES drawers(id),
  -- What to print, as a JSON snapshot taken when the job was queued (the receipt document,
  -- the drawer journal, the no-sale details); the bytes are built from it at each attempt with
  -- the printer settings of the moment.
  payload          TEXT NOT NULL CHECK (json_valid(payload)),
  open_drawer      INTEGER NOT NULL DEFAULT 0 CHECK (open_drawer IN (0, 1)),
  requested_by     INTEGER REFERENCES users(id),
  created_at       TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'printing', 'done', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error       TEXT,
  last_attempt_at  TEXT,
  completed_at     TEXT,
  CHECK ((status = 'done') = (completed_at IS NOT NULL))
) STRICT;
CREATE INDEX print_jobs_pending ON print_jobs(station, target, id) WHERE status IN ('queued', 'printing');
CREATE INDEX print_jobs_receipt ON print_jobs(receipt_id) WHERE receipt_id IS NOT NULL;
CREATE INDEX print_jobs_failed ON print_jobs(station, id) WHERE status = 'failed';

CREATE TABLE print_attempts (
  id           INTEGER PRIMARY KEY,
  job_id       INTEGER NOT NULL REFERENCES print_jobs(id),
  attempt      INTEGER NOT NULL CHECK (attempt > 0),
  started_at   TEXT NOT NULL,
  finished_at  TEXT NOT NULL,
  -- printed; failed (will retry); gave_up (no more automatic retries); interrupted (the app
  -- stopped mid-attempt); skipped (too old to print, or nowhere to print it).
  outcome      TEXT NOT NULL CHECK (outcome IN ('printed', 'failed', 'gave_up', 'interrupted', 'skipped')),
  reason       TEXT,
  error        TEXT,
  endpoint     TEXT,
  bytes        INTEGER,
  drawer_pulse INTEGER NOT NULL DEFAULT 0 CHECK (drawer_pulse IN (0, 1))
) STRICT;
CREATE INDEX print_attempts_job ON print_attempts(job_id);

CREATE TRIGGER print_attempts_no_update BEFORE UPDATE ON print_attempts BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: print_attempts'); END;
CREATE TRIGGER print_attempts_no_delete BEFORE DELETE ON print_attempts BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: print_attempts'); END;
CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: print_jobs'); END;
