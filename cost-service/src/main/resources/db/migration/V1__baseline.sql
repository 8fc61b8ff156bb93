-- cost-service's schema as Hibernate generated it before there were migrations, plus what Hibernate could not
-- express. IF NOT EXISTS throughout: a database that Hibernate created then is taken over as it is (it is baselined
-- at version 0, see application.properties) and ends with the same indexes and settings as a new one.

-- Reference data (docs/method/cost.md): each row with the publication its figure comes from. Ids come from one
-- sequence per table, handed out by Hibernate 50 at a time.
CREATE TABLE IF NOT EXISTS price_book (
    id bigint NOT NULL PRIMARY KEY,
    provider varchar(255),
    accelerator varchar(255),
    pricing_model varchar(255),
    region varchar(255),
    currency varchar(255),
    price_per_hour double precision,
    valid_from date,
    source varchar(2000),
    CONSTRAINT price_book_key UNIQUE (provider, accelerator, pricing_model, region, valid_from)
);
CREATE SEQUENCE IF NOT EXISTS price_book_seq START WITH 1 INCREMENT BY 50;
-- The pricer reads the whole book into memory; the index serves GET /prices?accelerator=.
CREATE INDEX IF NOT EXISTS price_book_accelerator ON price_book (accelerator);

CREATE TABLE IF NOT EXISTS hardware_price (
    id bigint NOT NULL PRIMARY KEY,
    accelerator varchar(255),
    unit_price_usd double precision,
    as_of date,
    source varchar(2000),
    CONSTRAINT hardware_price_key UNIQUE (accelerator, as_of)
);
CREATE SEQUENCE IF NOT EXISTS hardware_price_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE IF NOT EXISTS currency_rate (
    id bigint NOT NULL PRIMARY KEY,
    currency varchar(255),
    per_usd double precision,
    as_of date,
    source varchar(2000),
    CONSTRAINT currency_rate_key UNIQUE (currency, as_of)
);
CREATE SEQUENCE IF NOT EXISTS currency_rate_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE IF NOT EXISTS energy_price (
    id bigint NOT NULL PRIMARY KEY,
    region varchar(255),
    currency varchar(255),
    price_per_kwh double precision,
    carbon_tonnes_per_mwh double precision,
    valid_from date,
    source varchar(2000),
    CONSTRAINT energy_price_key UNIQUE (region, valid_from)
);
CREATE SEQUENCE IF NOT EXISTS energy_price_seq START WITH 1 INCREMENT BY 50;

-- Seed rows inserted once, ever: a seed key found here is never inserted again, so admin edits and deletions stay.
CREATE TABLE IF NOT EXISTS seed_record (
    seed_key varchar(500) NOT NULL PRIMARY KEY,
    seeded_at timestamp(6) with time zone
);

-- The outcome table (cost_estimate) and its (outcome, sweep_id, created_at) index for GET /estimates?sweepId= are
-- the chassis migration's (db/outcome/V0_1), which runs first. Here: only two outcomes exist at this stage, and
-- Hibernate's old (sweep_id, outcome) index is replaced by the chassis one.
ALTER TABLE cost_estimate DROP CONSTRAINT IF EXISTS cost_estimate_outcome_check;
ALTER TABLE cost_estimate ADD CONSTRAINT cost_estimate_outcome_check CHECK (outcome IN ('COMPLETED', 'REJECTED'));
DROP INDEX IF EXISTS cost_estimate_sweep;
-- Each stored estimate is about 2 KB of JSON: with the default target (about 2 KB) PostgreSQL compressed every one on
-- insert and decompressed it on read. 8160 keeps rows of up to a page inline and uncompressed, which roughly halved
-- this database's CPU per sweep (docs/benchmarks/cost-service.md).
ALTER TABLE cost_estimate SET (toast_tuple_target = 8160);
