-- Medical Alert certifications (issue 14): a physician certifies that someone at the premises
-- depends on powered medical equipment; the account is kept off disconnection while a
-- certification is in force. accounts.medical_alert_until stays the latest expiry of the
-- account's certifications not withdrawn (the core keeps it so). A certification is never
-- edited or deleted: a mistaken one is withdrawn (with who, when and why) and a new one recorded.
CREATE TABLE medical_alert_certifications (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL REFERENCES accounts(id),
  certified_on     TEXT NOT NULL CHECK (certified_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  expires_on       TEXT NOT NULL CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND expires_on > certified_on),
  physician        TEXT NOT NULL CHECK (length(physician) BETWEEN 1 AND 100),
  physician_phone  TEXT CHECK (physician_phone IS NULL OR length(physician_phone) BETWEEN 7 AND 20),
  recorded_at      TEXT NOT NULL,
  recorded_by      INTEGER REFERENCES users(id),
  withdrawn_at     TEXT,
  withdrawn_by     INTEGER REFERENCES users(id),
  withdraw_reason  TEXT CHECK (withdraw_reason IS NULL OR length(withdraw_reason) BETWEEN 1 AND 500),
  CHECK ((withdrawn_at IS NULL) = (withdraw_reason IS NULL))
) STRICT;
CREATE INDEX medical_alert_certifications_account ON medical_alert_certifications(account_id, expires_on);
CREATE INDEX medical_alert_certifications_expiring ON medical_alert_certifications(expires_on) WHERE withdrawn_at IS NULL;
CREATE TRIGGER medical_alert_certifications_no_delete BEFORE DELETE ON medical_alert_certifications
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: medical_alert_certifications'); END;
-- Only the withdrawal may be written, once.
CREATE TRIGGER medical_alert_certifications_withdraw_only BEFORE UPDATE ON medical_alert_certifications
  WHEN OLD.withdrawn_at IS NOT NULL
    OR NEW.id IS NOT OLD.id OR NEW.account_id IS NOT OLD.account_id OR NEW.certified_on IS NOT OLD.certified_on
    OR NEW.expires_on IS NOT OLD.expires_on OR NEW.physician IS NOT OLD.physician OR NEW.physician_phone IS NOT OLD.physician_phone
    OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.recorded_by IS NOT OLD.recorded_by
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: medical_alert_certifications'); END;

-- Accounts flagged before certifications were kept get one certification standing for the
-- paper on file, so the flag and the list agree.
INSERT INTO medical_alert_certifications (account_id, certified_on, expires_on, physician, physician_phone, recorded_at, recorded_by)
  SELECT id, date(medical_alert_until, '-12 months'), medical_alert_until, 'On file before certifications were recorded', NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NULL
    FROM accounts WHERE medical_alert_until IS NOT NULL AND medical_alert_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
