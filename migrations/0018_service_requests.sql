-- Service desk intake (issue 14, part C): service requests with station numbers, the work orders
-- each request created, and the check requests a close-out refund makes (in the nightly export).
--
-- Numbers SR-YYYY-<station>-NNNNNN: one sequence per station and year, never reused.
CREATE TABLE service_request_sequences (
  station  TEXT NOT NULL,
  year     INTEGER NOT NULL,
  next     INTEGER NOT NULL CHECK (next >= 1),
  PRIMARY KEY (station, year)
) STRICT, WITHOUT ROWID;

-- One row per intake request. account_id is the account the request serves (the new account of a
-- new service or a transfer, the account being stopped or closed out); from_account_id is the
-- account a transfer leaves. details is the snapshot the confirmation prints.
CREATE TABLE service_requests (
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE CHECK (number GLOB 'SR-[0-9][0-9][0-9][0-9]-*-[0-9][0-9][0-9][0-9][0-9][0-9]'),
  kind             TEXT NOT NULL CHECK (kind IN ('new_service', 'transfer', 'stop', 'close_out')),
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
  account_id       INTEGER NOT NULL REFERENCES accounts(id),
  from_account_id  INTEGER REFERENCES accounts(id),
  customer_id      INTEGER NOT NULL REFERENCES customers(id),
  effective_on     TEXT NOT NULL CHECK (effective_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  details          TEXT NOT NULL CHECK (json_valid(details)),
  station          TEXT NOT NULL,
  created_by       INTEGER REFERENCES users(id),
  created_at       TEXT NOT NULL,
  completed_at     TEXT,
  idempotency_key  TEXT UNIQUE,
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
) STRICT;
CREATE INDEX service_requests_account ON service_requests(account_id, created_at);
CREATE INDEX service_requests_from ON service_requests(from_account_id) WHERE from_account_id IS NOT NULL;
CREATE TRIGGER service_requests_no_delete BEFORE DELETE ON service_requests BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: service_requests'); END;
CREATE TRIGGER service_requests_fixed BEFORE UPDATE OF number, kind, account_id, from_account_id, customer_id, station, created_by, created_at, idempotency_key ON service_requests
  BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: service_requests'); END;
CREATE TRIGGER service_requests_stay_completed BEFORE UPDATE ON service_requests WHEN OLD.status = 'completed'
  BEGIN SELECT RAISE(ABORT, 'FINAL: service request is completed'); END;

-- The work orders a request created: the connect at the new premise, the final read(s) at the old.
CREATE TABLE service_request_orders (
  request_id     INTEGER NOT NULL REFERENCES service_requests(id),
  work_order_id  INTEGER NOT NULL UNIQUE REFERENCES work_orders(id),
  role           TEXT NOT NULL CHECK (role IN ('connect', 'final_read')),
  PRIMARY KEY (request_id, work_order_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER service_request_orders_no_update BEFORE UPDATE ON service_request_orders BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: service_request_orders'); END;
CREATE TRIGGER service_request_orders_no_delete BEFORE DELETE ON service_request_orders BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: service_request_orders'); END;

-- A refund by check: the refund entry (Dr 1200 / Cr 2400) it pays out, who it goes to and where.
-- The nightly export lists a day's check requests (check_requests.csv) for finance to cut.
CREATE TABLE check_requests (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER NOT NULL REFERENCES accounts(id),
  entry_id            INTEGER NOT NULL UNIQUE REFERENCES journal_entries(id),
  service_request_id  INTEGER REFERENCES service_requests(id),
  payee               TEXT NOT NULL CHECK (length(payee) BETWEEN 1 AND 200),
  mail_street         TEXT NOT NULL,
  mail_city           TEXT NOT NULL,
  mail_state          TEXT NOT NULL CHECK (length(mail_state) = 2),
  mail_zip            TEXT NOT NULL,
  amount_cents        INTEGER NOT NULL CHECK (amount_cents > 0),
  business_date       TEXT NOT NULL CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  memo                TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  created_by          INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX check_requests_day ON check_requests(business_date);
CREATE TRIGGER check_requests_no_update BEFORE UPDATE ON check_requests BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: check_requests'); END;
CREATE TRIGGER check_requests_no_delete BEFORE DELETE ON check_requests BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: check_requests'); END;
