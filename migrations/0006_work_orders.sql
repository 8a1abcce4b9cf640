-- Work orders for Public Works: types (with division and turnaround target, admin-edited),
-- crews, the orders themselves with an append-only history of every status change, meter
-- readings taken in the field, and the account's service state that connect, disconnect and
-- reconnect orders change when completed.

CREATE TABLE work_order_types (
  code          TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND length(code) <= 40),
  label         TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
  division      TEXT NOT NULL CHECK (division IN ('electric', 'water', 'sewer', 'sanitation', 'streets')),
  target_hours  INTEGER NOT NULL CHECK (target_hours BETWEEN 1 AND 8760),
  reads_meter   INTEGER NOT NULL CHECK (reads_meter IN (0, 1)),
  needs_account INTEGER NOT NULL CHECK (needs_account IN (0, 1)),
  sort_order    INTEGER NOT NULL
) STRICT;

INSERT INTO work_order_types (code, label, division, target_hours, reads_meter, needs_account, sort_order) VALUES
  ('connect',             'Connect service',                'water',      48,  1, 1, 1),
  ('disconnect_nonpay',   'Disconnect (non-payment)',       'water',      24,  1, 1, 2),
  ('disconnect_request',  'Disconnect (customer request)',  'water',      48,  1, 1, 3),
  ('reconnect',           'Reconnect',                      'water',      8,   1, 1, 4),
  ('final_read',          'Final read',                     'water',      48,  1, 1, 5),
  ('reread',              'Meter re-read',                  'water',      48,  1, 1, 6),
  ('leak_check',          'Leak check',                     'water',      24,  1, 0, 7),
  ('meter_test',          'Meter test',                     'water',      120, 1, 1, 8),
  ('sewer_backup',        'Sewer backup',                   'sewer',      4,   0, 0, 9),
  ('missed_collection',   'Missed collection',              'sanitation', 24,  0, 0, 10),
  ('cart_request',        'Cart request',                   'sanitation', 72,  0, 0, 11),
  ('streetlight_out',     'Streetlight out',                'electric',   72,  0, 0, 12),
  ('pothole',             'Pothole',                        'streets',    72,  0, 0, 13),
  ('other',               'Other',                          'streets',    72,  0, 0, 14);

CREATE TABLE crews (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
  division  TEXT NOT NULL CHECK (division IN ('electric', 'water', 'sewer', 'sanitation', 'streets')),
  active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

INSERT INTO crews (name, division) VALUES
  ('Water 1', 'water'), ('Water 2', 'water'), ('Electric 1', 'electric'), ('Electric 2', 'electric'),
  ('Sewer 1', 'sewer'), ('Sanitation 1', 'sanitation'), ('Streets 1', 'streets');

-- Numbers WO-YYYY-<station>-NNNNNN: one sequence per station and year, never reused.
CREATE TABLE work_order_sequences (
  station  TEXT NOT NULL,
  year     INTEGER NOT NULL,
  next     INTEGER NOT NULL CHECK (next >= 1),
  PRIMARY KEY (station, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE work_orders (
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,
  type             TEXT NOT NULL REFERENCES work_order_types(code),
  division         TEXT NOT NULL CHECK (division IN ('electric', 'water', 'sewer', 'sanitation', 'streets')),
  account_id       INTEGER REFERENCES accounts(id),
  location_id      INTEGER REFERENCES service_locations(id),
  address          TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
  landmark         TEXT CHECK (landmark IS NULL OR length(landmark) <= 300),
  meter_service    TEXT CHECK (meter_service IS NULL OR meter_service IN ('water', 'electric')),
  meter_number     TEXT CHECK (meter_number IS NULL OR length(meter_number) BETWEEN 1 AND 40),
  priority         TEXT NOT NULL CHECK (priority IN ('emergency', 'high', 'normal', 'low')),
  customer_words   TEXT CHECK (customer_words IS NULL OR length(customer_words) <= 1000),
  instructions     TEXT CHECK (instructions IS NULL OR length(instructions) <= 1000),
  source           TEXT NOT NULL CHECK (source IN ('counter', 'phone', 'intake', 'collections', 'billing', 'field', 'other')),
  station          TEXT NOT NULL,
  created_by       INTEGER NOT NULL REFERENCES users(id),
  created_at       TEXT NOT NULL,
  due_at           TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('new', 'dispatched', 'completed', 'verified', 'cancelled')),
  crew_id          INTEGER REFERENCES crews(id),
  route_seq        INTEGER,
  dispatched_at    TEXT,
  dispatched_by    INTEGER REFERENCES users(id),
  completed_at     TEXT,
  completed_by     INTEGER REFERENCES users(id),
  reading          INTEGER CHECK (reading IS NULL OR reading >= 0),
  reading_flag     TEXT,
  findings         TEXT CHECK (findings IS NULL OR length(findings) <= 2000),
  materials        TEXT CHECK (materials IS NULL OR length(materials) <= 1000),
  verified_at      TEXT,
  verified_by      INTEGER REFERENCES users(id),
  cancelled_at     TEXT,
  cancelled_by     INTEGER REFERENCES users(id),
  cancel_reason    TEXT,
  idempotency_key  TEXT UNIQUE,
  CHECK (status <> 'dispatched' OR (crew_id IS NOT NULL AND dispatched_at IS NOT NULL)),
  CHECK (status NOT IN ('completed', 'verified') OR completed_at IS NOT NULL),
  CHECK (status <> 'verified' OR verified_by IS NOT NULL),
  CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
) STRICT;
CREATE INDEX work_orders_board ON work_orders(status, division, created_at);
CREATE INDEX work_orders_crew ON work_orders(crew_id, status);
CREATE INDEX work_orders_account ON work_orders(account_id, created_at);
CREATE INDEX work_orders_completed ON work_orders(completed_at) WHERE completed_at IS NOT NULL;
-- A second open order of the same type for the same meter is refused.
CREATE UNIQUE INDEX work_orders_one_open_per_meter ON work_orders(type, meter_service, meter_number)
  WHERE meter_number IS NOT NULL AND status IN ('new', 'dispatched');

-- Every status change, with who and when. Append-only.
CREATE TABLE work_order_events (
  id             INTEGER PRIMARY KEY,
  work_order_id  INTEGER NOT NULL REFERENCES work_orders(id),
  at             TEXT NOT NULL,
  user_id        INTEGER NOT NULL REFERENCES users(id),
  from_status    TEXT,
  to_status      TEXT NOT NULL,
  note           TEXT,
  details        TEXT CHECK (details IS NULL OR json_valid(details))
) STRICT;
CREATE INDEX work_order_events_order ON work_order_events(work_order_id, id);
CREATE TRIGGER work_order_events_no_update BEFORE UPDATE ON work_order_events BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: work_order_events'); END;
CREATE TRIGGER work_order_events_no_delete BEFORE DELETE ON work_order_events BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: work_order_events'); END;
-- An order never goes back: no verified or cancelled order changes again.
CREATE TRIGGER work_orders_final BEFORE UPDATE ON work_orders WHEN OLD.status IN ('verified', 'cancelled') BEGIN SELECT RAISE(ABORT, 'FINAL: work order is closed'); END;
CREATE TRIGGER work_orders_no_delete BEFORE DELETE ON work_orders BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: work_orders'); END;

-- Meter readings (field work orders now; the billing run's handheld files later). Append-only.
CREATE TABLE meter_readings (
  id             INTEGER PRIMARY KEY,
  location_id    INTEGER REFERENCES service_locations(id),
  service        TEXT NOT NULL CHECK (service IN ('water', 'electric')),
  meter_number   TEXT NOT NULL,
  read_on        TEXT NOT NULL,
  value          INTEGER NOT NULL CHECK (value >= 0),
  source         TEXT NOT NULL CHECK (source IN ('handheld', 'manual', 'work_order', 'converted', 'demo')),
  read_code      TEXT NOT NULL CHECK (read_code IN ('ok', 'estimated', 'no_access', 'meter_changed', 'rollover')),
  flag           TEXT,
  work_order_id  INTEGER REFERENCES work_orders(id),
  entered_by     INTEGER REFERENCES users(id),
  entered_at     TEXT NOT NULL
) STRICT;
CREATE INDEX meter_readings_meter ON meter_readings(service, meter_number, read_on);
CREATE TRIGGER meter_readings_no_update BEFORE UPDATE ON meter_readings BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: meter_readings'); END;
CREATE TRIGGER meter_readings_no_delete BEFORE DELETE ON meter_readings BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: meter_readings'); END;

-- Whether the account's services are on at the meter: disconnect orders turn them off,
-- connect and reconnect orders turn them on when completed.
ALTER TABLE accounts ADD COLUMN service_state TEXT NOT NULL DEFAULT 'on' CHECK (service_state IN ('on', 'off'));
ALTER TABLE accounts ADD COLUMN service_state_at TEXT;
