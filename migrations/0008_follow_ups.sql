-- Follow-ups with a due date and an owner (issue 11 item 10): a note flagged for follow-up may
-- say by when and who is to act on it; the clerks' worklist reads the open ones across accounts.
ALTER TABLE account_notes ADD COLUMN due_on TEXT CHECK (due_on IS NULL OR due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE account_notes ADD COLUMN owner_id INTEGER REFERENCES users(id);
CREATE INDEX account_notes_open_follow_ups ON account_notes(due_on, at) WHERE follow_up = 1 AND resolved_at IS NULL;
