-- seedgrid storage schema, version 1. Times are epoch milliseconds (UTC), exact for every backend.
-- Text keys use the "C" collation so ordering is by code point on every backend (DuckDB and the shared
-- directory order the same way).

CREATE TABLE bars (
    symbol     TEXT COLLATE "C" NOT NULL,
    timeframe  TEXT COLLATE "C" NOT NULL CHECK (timeframe IN ('1m', '5m', '1h', '1d')),
    end_ms     BIGINT           NOT NULL,
    open       DOUBLE PRECISION NOT NULL,
    high       DOUBLE PRECISION NOT NULL,
    low        DOUBLE PRECISION NOT NULL,
    close      DOUBLE PRECISION NOT NULL,
    volume     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (symbol, timeframe, end_ms)
);

CREATE TABLE runs (
    run_id      TEXT COLLATE "C" PRIMARY KEY,
    created_ms  BIGINT  NOT NULL,
    symbol      TEXT COLLATE "C" NOT NULL,
    timeframe   TEXT COLLATE "C" NOT NULL,
    seed        BIGINT  NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'INTERRUPTED')),
    message     TEXT,
    updated_ms  BIGINT  NOT NULL,
    config_json TEXT    NOT NULL
);
CREATE INDEX runs_created_idx ON runs (created_ms DESC, run_id);

CREATE TABLE generations (
    run_id          TEXT COLLATE "C" NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    generation      INTEGER          NOT NULL,
    best_fitness    DOUBLE PRECISION NOT NULL,
    mean_fitness    DOUBLE PRECISION NOT NULL,
    evaluations     BIGINT           NOT NULL,
    duration_ms     BIGINT           NOT NULL,
    population_json TEXT,
    PRIMARY KEY (run_id, generation)
);

CREATE TABLE results (
    run_id             TEXT COLLATE "C" NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    rank               INTEGER          NOT NULL,
    genes_json         TEXT             NOT NULL,
    in_sample_json     TEXT,
    out_of_sample_json TEXT,
    fitness            DOUBLE PRECISION NOT NULL,
    accepted           BOOLEAN          NOT NULL,
    PRIMARY KEY (run_id, rank)
);

CREATE TABLE signals (
    strategy_id TEXT COLLATE "C" NOT NULL,
    symbol      TEXT COLLATE "C" NOT NULL,
    time_ms     BIGINT           NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (strategy_id, symbol, time_ms)
);

CREATE TABLE reports (
    report_id TEXT COLLATE "C" PRIMARY KEY,
    at_ms     BIGINT NOT NULL,
    json      TEXT   NOT NULL
);
CREATE INDEX reports_at_idx ON reports (at_ms DESC, report_id);
