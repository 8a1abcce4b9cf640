-- Print-queue delivery (issue 10): what the printer may already have, so a retry never prints a
-- second unmarked original nor opens the drawer twice; deliberate cancellation by the cashier.
--
-- handed_over_at: the first time the job's bytes were handed to the printer, confirmed or not.
-- From then on every further attempt prints the receipt marked as a copy.
-- cancelled_*: a job the cashier cancelled (with a reason, also in the audit log); such a job
-- keeps status 'failed' (the status CHECK of 0004 cannot change without a table rebuild) and
-- is shown as cancelled; it no longer holds back the jobs behind it.
ALTER TABLE print_jobs ADD COLUMN handed_over_at TEXT;
ALTER TABLE print_jobs ADD COLUMN cancelled_at TEXT;
ALTER TABLE print_jobs ADD COLUMN cancelled_by INTEGER REFERENCES users(id);
ALTER TABLE print_jobs ADD COLUMN cancel_reason TEXT;

-- Every drawer pulse ever sent, written in the ledger just before the bytes go out. A sale's
-- (or a void's) pulse is sent at most once, whatever retries, restarts or duplicate jobs follow.
CREATE TABLE drawer_pulses (
  id          INTEGER PRIMARY KEY,
  job_id      INTEGER NOT NULL UNIQUE REFERENCES print_jobs(id),
  receipt_id  INTEGER REFERENCES receipts(id),
  -- sale: cash taken; void: cash handed back; no_sale / test: a supervisor's or admin's open.
  purpose     TEXT NOT NULL CHECK (purpose IN ('sale', 'void', 'no_sale', 'test')),
  -- esc_p (ESC p m t1 t2) or realtime (DLE DC4 1 m t), and the exact bytes as hex.
  command     TEXT NOT NULL CHECK (command IN ('esc_p', 'realtime')),
  hex         TEXT NOT NULL,
  sent_at     TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX drawer_pulses_once ON drawer_pulses(receipt_id, purpose) WHERE receipt_id IS NOT NULL;
CREATE TRIGGER drawer_pulses_no_update BEFORE UPDATE ON drawer_pulses BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: drawer_pulses'); END;
CREATE TRIGGER drawer_pulses_no_delete BEFORE DELETE ON drawer_pulses BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: drawer_pulses'); END;
