-- The catalog's schema as Hibernate generated it before there were migrations. IF NOT EXISTS: a database that
-- Hibernate created then is taken over as it is. Column names are the entity fields in snake case.

CREATE TABLE IF NOT EXISTS model (
    id varchar(255) NOT NULL PRIMARY KEY,
    name varchar(255),
    organization varchar(255),
    release_date date,
    modalities_in varchar(500),
    modalities_out varchar(500),
    architecture varchar(255),
    parameters double precision,
    active_parameters double precision,
    layers integer,
    hidden_size integer,
    heads integer,
    kv_heads integer,
    context_length integer,
    training_tokens double precision,
    training_data varchar(1000),
    training_flops double precision,
    training_pf_days double precision,
    training_accelerator varchar(255),
    training_accelerator_count integer,
    training_accelerator_hours double precision,
    open_weights boolean,
    -- JSON: the parts of a multi-modal model (repository.ModelComponent).
    components text,
    notes varchar(2000),
    source varchar(2000),
    -- "|image|text|": every input and output modality, for the modality filter.
    modality_index varchar(200)
);

CREATE TABLE IF NOT EXISTS accelerator (
    id varchar(255) NOT NULL PRIMARY KEY,
    vendor varchar(255),
    name varchar(255),
    year integer,
    -- Dense peaks, TFLOPS (TOPS for int8); null = not supported or not published.
    fp32_tflops double precision,
    tf32_tflops double precision,
    bf16_tflops double precision,
    fp16_tflops double precision,
    fp8_tflops double precision,
    int8_tops double precision,
    memory_gb double precision,
    bandwidth_tbps double precision,
    interconnect_gbps double precision,
    tdp_watts double precision,
    unit_price_usd double precision,
    notes varchar(2000),
    source varchar(2000)
);

CREATE TABLE IF NOT EXISTS organization (
    id varchar(255) NOT NULL PRIMARY KEY,
    name varchar(255),
    country varchar(255),
    kind varchar(255),
    own_cloud varchar(255),
    reported_training_cost_usd_min double precision,
    reported_training_cost_usd_max double precision,
    notes varchar(2000),
    source varchar(2000)
);

CREATE TABLE IF NOT EXISTS chain_segment (
    id varchar(255) NOT NULL PRIMARY KEY,
    layer varchar(255),
    name varchar(255),
    description varchar(2000),
    source varchar(2000)
);

CREATE TABLE IF NOT EXISTS application (
    id varchar(255) NOT NULL PRIMARY KEY,
    name varchar(255),
    -- JSON array of modalities.
    modalities varchar(500),
    source varchar(2000)
);

CREATE TABLE IF NOT EXISTS history_phase (
    id varchar(255) NOT NULL PRIMARY KEY,
    name varchar(255),
    start_year integer,
    end_year integer,
    ordinal integer,
    description varchar(2000),
    -- JSON array of model ids.
    milestone_models varchar(2000),
    source varchar(2000)
);

-- The outcome table (scenario) is the chassis migration's (db/outcome/V0_1), which runs first.
