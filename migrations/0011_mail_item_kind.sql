-- Mail batch rows say what was received — a check (its number may be missing from the keying)
-- or a money order — instead of guessing "money order" from a missing check number; and an open
-- batch's rows can be corrected in place before it posts. A posted batch stays frozen.
DROP TRIGGER mail_batch_items_no_update;
ALTER TABLE mail_batch_items ADD COLUMN tender_kind TEXT NOT NULL DEFAULT 'check' CHECK (tender_kind IN ('check', 'money_order'));
-- Rows keyed before this migration without a check number were posted (or would post) as money orders.
UPDATE mail_batch_items SET tender_kind = 'money_order' WHERE check_number IS NULL;
CREATE TRIGGER mail_batch_items_frozen_update BEFORE UPDATE ON mail_batch_items
  WHEN (SELECT posted_at FROM mail_batches WHERE id = OLD.batch_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: posted mail batch'); END;
