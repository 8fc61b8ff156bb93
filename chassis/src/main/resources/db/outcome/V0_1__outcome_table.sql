-- A pipeline stage's outcome table (chassis OutcomeStore, docs/architecture.md "Data ownership"): one row per
-- scenario id, the event exactly as published, and the input record that produced it. Rows are never deleted.
-- The stage names the table in the Flyway placeholder outcome_table (from estimator.outcome-table), with
-- quarkus.flyway.locations=db/migration,db/outcome. IF NOT EXISTS: databases made by Hibernate before Flyway
-- (baselined at version 0) already have it.
CREATE TABLE IF NOT EXISTS ${outcome_table} (
    scenario_id      text PRIMARY KEY,
    sweep_id         text,
    outcome          text,
    event            text,
    created_at       timestamptz,
    source_partition integer,
    source_offset    bigint
);
-- OutcomeStore.list: outcomes of one kind (and sweep), oldest first.
CREATE INDEX IF NOT EXISTS ${outcome_table}_outcome_sweep ON ${outcome_table} (outcome, sweep_id, created_at);
