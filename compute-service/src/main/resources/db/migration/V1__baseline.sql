-- compute-service baseline: the tables Hibernate used to create. IF NOT EXISTS, so a database created earlier by
-- Hibernate (schema-management update) migrates cleanly and keeps its rows. Types match what Hibernate generated
-- for the entities, so the %test schema validation holds on old and new databases alike.

-- The outcome table (compute_estimate) is the chassis migration's (db/outcome/V0_1), which runs first.

-- Published training runs (docs/reference/published-runs.csv), inserted at start when missing; /backtest reads them.
CREATE TABLE IF NOT EXISTS reference_run (
    id                         varchar(255) PRIMARY KEY,
    model                      varchar(255),
    params_total               float(53),
    params_active              float(53),
    tokens                     float(53),
    accelerator                varchar(255),
    accelerator_count          integer,
    accelerator_hours          float(53),
    pf_days                    float(53),
    energy_mwh                 float(53),
    tco2                       float(53),
    cost_usd                   float(53),
    price_per_accelerator_hour float(53),
    kind                       varchar(255),
    source                     text,
    notes                      text
);

-- Efficiency profile per accelerator family, derived from the published runs and rewritten at every start
-- (docs/method/compute.md, Efficiency profiles); /efficiency-profiles reads it.
CREATE TABLE IF NOT EXISTS efficiency_profile (
    family                   varchar(255) PRIMARY KEY,
    reference_utilization    float(53) NOT NULL,
    default_utilization      float(53) NOT NULL,
    low_utilization          float(53) NOT NULL,
    high_utilization         float(53) NOT NULL,
    gpu_hours_p10_multiplier float(53) NOT NULL,
    gpu_hours_p90_multiplier float(53) NOT NULL,
    derivation               text,
    band_source              text,
    calibration_runs         text
);
