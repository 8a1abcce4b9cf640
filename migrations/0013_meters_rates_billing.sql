-- Meters, billing cycles and routes, effective-dated rate schedules, reading imports with
-- held exceptions, and billing runs. Money is integer cents; rates are kept as data.

-- Billing cycles: each read and billed once a month. bill_day is the day of the month the
-- cycle's bills are dated; readings for the cycle are taken in the read_window_days before it.
CREATE TABLE billing_cycles (
  cycle            INTEGER PRIMARY KEY CHECK (cycle BETWEEN 1 AND 4),
  name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  bill_day         INTEGER NOT NULL CHECK (bill_day BETWEEN 1 AND 28),
  read_window_days INTEGER NOT NULL DEFAULT 10 CHECK (read_window_days BETWEEN 1 AND 27)
) STRICT;
INSERT INTO billing_cycles (cycle, name, bill_day) VALUES
  (1, 'Cycle 1', 1), (2, 'Cycle 2', 8), (3, 'Cycle 3', 15), (4, 'Cycle 4', 22);

-- Routes: a reader's walk (or drive) within one cycle; locations carry their read sequence.
CREATE TABLE routes (
  code  TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 8),
  cycle INTEGER NOT NULL REFERENCES billing_cycles(cycle),
  name  TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60)
) STRICT;
CREATE INDEX routes_cycle ON routes(cycle);

ALTER TABLE service_locations ADD COLUMN route_code TEXT REFERENCES routes(code);
ALTER TABLE service_locations ADD COLUMN read_sequence INTEGER CHECK (read_sequence IS NULL OR read_sequence >= 0);
-- Inside or outside the town limits (outside pays the schedule's multiplier).
ALTER TABLE service_locations ADD COLUMN inside_limits INTEGER NOT NULL DEFAULT 1 CHECK (inside_limits IN (0, 1));
-- Stormwater equivalent residential units, in hundredths (a house is 100 = 1 ERU).
ALTER TABLE service_locations ADD COLUMN eru_hundredths INTEGER NOT NULL DEFAULT 100 CHECK (eru_hundredths BETWEEN 0 AND 100000);
CREATE INDEX service_locations_route ON service_locations(route_code, read_sequence) WHERE route_code IS NOT NULL;

-- Meters: one row per physical meter set at a location for a service. A changed meter gets
-- removed_on (and its final register) and a new row; service_locations.water_meter /
-- electric_meter keep the number of the meter in service for quick lookup.
CREATE TABLE meters (
  id              INTEGER PRIMARY KEY,
  location_id     INTEGER NOT NULL REFERENCES service_locations(id),
  service         TEXT NOT NULL CHECK (service IN ('water', 'electric')),
  number          TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 20),
  size            TEXT NOT NULL DEFAULT '5/8"' CHECK (length(size) BETWEEN 1 AND 12),
  dials           INTEGER NOT NULL DEFAULT 7 CHECK (dials BETWEEN 3 AND 10),
  multiplier      INTEGER NOT NULL DEFAULT 1 CHECK (multiplier BETWEEN 1 AND 100000),
  installed_on    TEXT NOT NULL CHECK (installed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  install_reading INTEGER NOT NULL DEFAULT 0 CHECK (install_reading >= 0),
  removed_on      TEXT CHECK (removed_on IS NULL OR removed_on >= installed_on),
  removal_reading INTEGER CHECK (removal_reading IS NULL OR removal_reading >= 0)
) STRICT;
CREATE UNIQUE INDEX meters_in_service ON meters(service, number) WHERE removed_on IS NULL;
CREATE INDEX meters_number ON meters(service, number, installed_on);
CREATE INDEX meters_location ON meters(location_id, service);

-- Reading imports: one row per file imported (the file's SHA-256 makes a repeat visible).
CREATE TABLE reading_imports (
  id            INTEGER PRIMARY KEY,
  file_name     TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  file_sha256   TEXT NOT NULL CHECK (length(file_sha256) = 64),
  profile       TEXT NOT NULL,
  cycle         INTEGER REFERENCES billing_cycles(cycle),
  imported_at   TEXT NOT NULL,
  imported_by   INTEGER REFERENCES users(id),
  rows_read     INTEGER NOT NULL CHECK (rows_read >= 0),
  accepted      INTEGER NOT NULL CHECK (accepted >= 0),
  exceptions    INTEGER NOT NULL CHECK (exceptions >= 0),
  unchanged     INTEGER NOT NULL CHECK (unchanged >= 0),
  summary       TEXT NOT NULL CHECK (json_valid(summary))
) STRICT;

-- Readings gain the meter they were read on, the import they came from and the reader's words.
ALTER TABLE meter_readings ADD COLUMN meter_id INTEGER REFERENCES meters(id);
ALTER TABLE meter_readings ADD COLUMN import_id INTEGER REFERENCES reading_imports(id);
ALTER TABLE meter_readings ADD COLUMN reader TEXT;
ALTER TABLE meter_readings ADD COLUMN comment TEXT;
CREATE INDEX meter_readings_meter_id ON meter_readings(meter_id, read_on) WHERE meter_id IS NOT NULL;

-- Rate schedules, effective by read date, per service and service class. The body (JSON) is
-- validated by the core (src-shared/rates.ts): basis, base charge with included units, tiers,
-- minimum, outside-limits multiplier. Append-only: a correction is a new version of the same
-- (service, class, effective_from) with a reason; the newest version is the one in force.
CREATE TABLE rate_schedules (
  id             INTEGER PRIMARY KEY,
  service        TEXT NOT NULL CHECK (service IN ('solid_waste', 'sewer', 'water', 'electric', 'stormwater')),
  service_class  TEXT NOT NULL CHECK (service_class IN ('residential', 'commercial')),
  effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  body           TEXT NOT NULL CHECK (json_valid(body)),
  reason         TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_by     INTEGER REFERENCES users(id),
  created_at     TEXT NOT NULL,
  supersedes_id  INTEGER REFERENCES rate_schedules(id)
) STRICT;
CREATE INDEX rate_schedules_lookup ON rate_schedules(service, service_class, effective_from, id);
CREATE TRIGGER rate_schedules_no_update BEFORE UPDATE ON rate_schedules BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: rate_schedules'); END;
CREATE TRIGGER rate_schedules_no_delete BEFORE DELETE ON rate_schedules BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: rate_schedules'); END;

-- The town's starting rates (DOMAIN.md defaults), in force from the beginning of time.
-- Prices are in ten-thousandths of a dollar per block of units (62500 = $6.25 per 1,000 gallons).
INSERT INTO rate_schedules (service, service_class, effective_from, body, reason, created_at) VALUES
  ('water', 'residential', '2000-01-01', '{"basis":"water","baseCents":1850,"blockUnits":1000,"tiers":[{"fromUnits":2000,"priceTenThousandths":62500}],"minimumCents":0,"outsideMultiplierPercent":200,"noMeterCents":null}', 'Starting rates', '2000-01-01T00:00:00.000Z'),
  ('water', 'commercial', '2000-01-01', '{"basis":"water","baseCents":1850,"blockUnits":1000,"tiers":[{"fromUnits":2000,"priceTenThousandths":62500}],"minimumCents":0,"outsideMultiplierPercent":200,"noMeterCents":null}', 'Starting rates', '2000-01-01T00:00:00.000Z'),
  ('sewer', 'residential', '2000-01-01', '{"basis":"water","baseCents":2200,"blockUnits":1000,"tiers":[{"fromUnits":2000,"priceTenThousandths":71000}],"minimumCents":0,"outsideMultiplierPercent":200,"noMeterCents":2200}', 'Starting rates', '2000-01-01T00:00:00.000Z'),
  ('sewer', 'commercial', '2000-01-01', '{"basis":"water","baseCents":2200,"blockUnits":1000,"tiers":[{"fromUnits":2000,"priceTenThousandths":71000}],"minimumCents":0,"outsideMultiplierPercent":200,"noMeterCents":2200}', 'Starting rates', '2000-01-01T00:00:00.000Z'),
  ('electric', 'residential', '2000-01-01', '{"basis":"electric","baseCents":1500,"blockUnits":1,"tiers":[{"fromUnits":0,"priceTenThousandths":1100}],"minimumCents":0,"outsideMultiplierPercent":100,"noMeterCents":null}', 'Starting rates', '2000-01-01T00:00:00.000Z'),
  ('electric', 'commercial', '2000-01-01', '{"basis":"electric","baseCents":1500,"blockUnits":1,"tiers":[{"fromUnits":0,"priceTenThousandths":1100}],"minimumCents":0,"outsideMultiplierPercent":100,"noMeterCents":null}', 'Starting rates', '2000-01-01T00:00:00.000Z'),
  ('solid_waste', 'residential', '2000-01-01', '{"basis":"flat","baseCents":1975,"blockUnits":1,"tiers":[],"minimumCents":0,"outsideMultiplierPercent":100,"noMeterCents":null}', 'Starting rates', '2000-01-01T00:00:00.000Z'),
  ('solid_waste', 'commercial', '2000-01-01', '{"basis":"flat","baseCents":1975,"blockUnits":1,"tiers":[],"minimumCents":0,"outsideMultiplierPercent":100,"noMeterCents":null}', 'Starting rates', '2000-01-01T00:00:00.000Z'),
  ('stormwater', 'residential', '2000-01-01', '{"basis":"eru","baseCents":400,"blockUnits":1,"tiers":[],"minimumCents":0,"outsideMultiplierPercent":100,"noMeterCents":null}', 'Starting rates', '2000-01-01T00:00:00.000Z'),
  ('stormwater', 'commercial', '2000-01-01', '{"basis":"eru","baseCents":400,"blockUnits":1,"tiers":[],"minimumCents":0,"outsideMultiplierPercent":100,"noMeterCents":null}', 'Starting rates', '2000-01-01T00:00:00.000Z');

-- Readings held out of billing with a reason until a clerk accepts, corrects, estimates or
-- sends a re-read order. At most one open exception per meter and read date: a corrected
-- reading for the same meter and date replaces the held one (status 'replaced', audited).
CREATE TABLE reading_exceptions (
  id              INTEGER PRIMARY KEY,
  import_id       INTEGER REFERENCES reading_imports(id),
  line            INTEGER,
  meter_id        INTEGER REFERENCES meters(id),
  service         TEXT CHECK (service IS NULL OR service IN ('water', 'electric')),
  meter_number    TEXT NOT NULL,
  account_id      INTEGER REFERENCES accounts(id),
  route_code      TEXT,
  read_on         TEXT,
  value           INTEGER CHECK (value IS NULL OR value >= 0),
  raw_value       TEXT,
  read_code       TEXT,
  reader          TEXT,
  comment         TEXT,
  reason          TEXT NOT NULL CHECK (reason IN ('unknown_meter', 'meter_not_active', 'account_mismatch', 'out_of_window',
                                                   'not_numeric', 'bad_date', 'lower_than_last', 'high_consumption',
                                                   'low_consumption', 'no_access', 'tamper', 'estimated_twice', 'not_read')),
  detail          TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'corrected', 'estimated', 'reread', 'replaced', 'dismissed')),
  created_at      TEXT NOT NULL,
  resolved_at     TEXT,
  resolved_by     INTEGER REFERENCES users(id),
  resolution_note TEXT,
  reading_id      INTEGER REFERENCES meter_readings(id),
  work_order_id   INTEGER REFERENCES work_orders(id)
) STRICT;
CREATE UNIQUE INDEX reading_exceptions_one_open ON reading_exceptions(meter_number, read_on) WHERE status = 'open';
CREATE INDEX reading_exceptions_status ON reading_exceptions(status, route_code);
CREATE INDEX reading_exceptions_account ON reading_exceptions(account_id) WHERE account_id IS NOT NULL;

-- Billing runs: one per cycle and period (YYYY-MM), previewed, then posted in chunks. The
-- unique index and bills(run_id, account_id) make a re-run or a resumed run bill nothing twice.
CREATE TABLE billing_runs (
  id               INTEGER PRIMARY KEY,
  cycle            INTEGER NOT NULL REFERENCES billing_cycles(cycle),
  period           TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  bill_date        TEXT NOT NULL,
  due_date         TEXT NOT NULL CHECK (due_date >= bill_date),
  status           TEXT NOT NULL CHECK (status IN ('posting', 'posted')),
  started_at       TEXT NOT NULL,
  started_by       INTEGER REFERENCES users(id),
  finished_at      TEXT,
  accounts_planned INTEGER NOT NULL CHECK (accounts_planned >= 0),
  preview          TEXT CHECK (preview IS NULL OR json_valid(preview))
) STRICT;
CREATE UNIQUE INDEX billing_runs_cycle_period ON billing_runs(cycle, period);

ALTER TABLE bills ADD COLUMN run_id INTEGER REFERENCES billing_runs(id);
ALTER TABLE bills ADD COLUMN bill_kind TEXT NOT NULL DEFAULT 'regular' CHECK (bill_kind IN ('regular', 'final'));
ALTER TABLE bills ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1));
CREATE UNIQUE INDEX bills_run_account ON bills(run_id, account_id) WHERE run_id IS NOT NULL;
CREATE UNIQUE INDEX bills_one_final ON bills(account_id) WHERE bill_kind = 'final';

-- The readings behind each bill line, as printed on the bill.
CREATE TABLE bill_readings (
  bill_id        INTEGER NOT NULL REFERENCES bills(id),
  service        TEXT NOT NULL CHECK (service IN ('water', 'electric')),
  meter_id       INTEGER REFERENCES meters(id),
  meter_number   TEXT NOT NULL,
  prev_read_on   TEXT,
  prev_value     INTEGER,
  cur_read_on    TEXT NOT NULL,
  cur_value      INTEGER NOT NULL,
  multiplier     INTEGER NOT NULL DEFAULT 1,
  consumption    INTEGER NOT NULL CHECK (consumption >= 0),
  estimated      INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1)),
  cur_reading_id INTEGER REFERENCES meter_readings(id),
  PRIMARY KEY (bill_id, service, meter_number)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER bill_readings_no_update BEFORE UPDATE ON bill_readings BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: bill_readings'); END;
CREATE TRIGGER bill_readings_no_delete BEFORE DELETE ON bill_readings BEGIN SELECT RAISE(ABORT, 'APPEND_ONLY: bill_readings'); END;
