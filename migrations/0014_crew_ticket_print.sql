-- Crew tickets on the receipt printer (issue 12 item 4): print_jobs.kind may be 'crew_ticket'.
--
-- SQLite cannot change a CHECK in place, so print_jobs is rebuilt. The runner applies this inside
-- its transaction with foreign_keys ON (the pragma cannot change inside a transaction), and
-- print_attempts.job_id and drawer_pulses.job_id reference print_jobs(id). A rename of the old
-- table would rewrite those references to follow it (with foreign keys on, even under
-- legacy_alter_table), so nothing is renamed:
--   1. copy the rows to a scratch table;
--   2. drop print_jobs: its implicit DELETE leaves the child rows orphaned for a moment, which
--      defer_foreign_keys turns into deferred violations instead of an immediate failure
--      (the implicit DELETE fires no triggers, so print_jobs_no_delete does not stop it);
--   3. create print_jobs again under its own name with the wider CHECK; the children's
--      REFERENCES print_jobs(id) now mean the new table;
--   4. copy the rows back with their ids: each parent row that reappears settles the deferred
--      violations of its children, so the transaction commits only if every reference is whole;
--   5. recreate the indexes and the append-only trigger, drop the scratch table.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE print_jobs_rebuild AS SELECT * FROM print_jobs;

DROP TABLE print_jobs;

CREATE TABLE print_jobs (
  id               INTEGER PRIMARY KEY,
  station          TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('receipt', 'duplicate', 'void', 'drawer_summary', 'test', 'no_sale', 'drawer_kick', 'pickup_slip', 'deposit_summary', 'crew_ticket')),
  -- printer: the receipt printer (and a drawer on its kick-out port); drawer: a standalone drawer device.
  target           TEXT NOT NULL CHECK (target IN ('printer', 'drawer')),
  receipt_id       INTEGER REFERENCES receipts(id),
  drawer_id        INTEGER REFERENCES drawers(id),
  -- What to print, as a JSON snapshot taken when the job was queued; the bytes are built from
  -- it at each attempt with the printer settings of the moment.
  payload          TEXT NOT NULL CHECK (json_valid(payload)),
  open_drawer      INTEGER NOT NULL DEFAULT 0 CHECK (open_drawer IN (0, 1)),
  requested_by     INTEGER REFERENCES users(id),
  created_at       TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'printing', 'done', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error       TEXT,
  last_attempt_at  TEXT,
  completed_at     TEXT,
  handed_over_at   TEXT,
  cancelled_at     TEXT,
  cancelled_by     INTEGER REFERENCES users(id),
  cancel_reason    TEXT,
  CHECK ((status = 'done') = (completed_at IS NOT NULL))
) STRICT;

INSERT INTO print_jobs (id, station, kind, target, receipt_id, drawer_id, payload, open_drawer, requested_by, created_at, status, attempts, last_error, last_attempt_at, completed_at, handed_over_at, cancelled_at, cancelled_by, cancel_reason)
  SELECT id, station, kind, target, receipt_id, drawer_id, payload, open_drawer, requested_by, created_at, status, attempts, last_error, last_attempt_at, completed_at, handed_over_at, cancelled_at, cancelled_by, cancel_reason
    FROM print_jobs_rebuild ORDER BY id;

DROP TABLE print_jobs_rebuild;

CREATE INDEX print_jobs_pending ON print_jobs(station, target, id) WHERE status IN ('queued', 'printing');
CREATE INDEX print_jobs_receipt ON print_jobs(receipt_id) WHERE receipt_id IS NOT NULL;
CREATE INDEX print_jobs_failed ON print_jobs(station, id) WHERE status = 'failed';
CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: print_jobs'); END;
-- defer_foreign_keys is left ON: it switches itself off at the commit, after the check. Turning it
-- off here would forget any violation still outstanding instead of failing the migration. (Later
-- migrations applied in the same run get their foreign keys checked at that commit too.)
