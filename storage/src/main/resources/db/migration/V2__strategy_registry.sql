-- seedgrid storage schema, version 2: the strategy registry. A registered strategy version is immutable; its
-- lifecycle is an append-only log numbered 1, 2, 3, ... per strategy (entry 1: CREATED), whose last entry holds
-- the current stage. Appending is a compare-and-set on the log's length: (strategy_id, seq) is the primary key.

CREATE TABLE strategies (
    strategy_id        TEXT COLLATE "C" PRIMARY KEY,
    name               TEXT COLLATE "C" NOT NULL,
    version            TEXT COLLATE "C" NOT NULL,
    created_ms         BIGINT           NOT NULL,
    run_id             TEXT COLLATE "C",
    rank               INTEGER          NOT NULL CHECK (rank >= 0),
    parent_id          TEXT COLLATE "C",
    symbol             TEXT COLLATE "C" NOT NULL,
    timeframe          TEXT COLLATE "C" NOT NULL CHECK (timeframe IN ('1m', '5m', '1h', '1d')),
    definition_json    TEXT             NOT NULL,
    data_json          TEXT             NOT NULL,
    in_sample_json     TEXT             NOT NULL,
    out_of_sample_json TEXT             NOT NULL,
    baseline_json      TEXT             NOT NULL,
    UNIQUE (name, version)
);
CREATE INDEX strategies_name_idx ON strategies (name, created_ms, strategy_id);

CREATE TABLE strategy_events (
    strategy_id  TEXT COLLATE "C" NOT NULL REFERENCES strategies (strategy_id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    at_ms        BIGINT  NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('CREATED', 'PROMOTED', 'REFUSED', 'RETIRED', 'ROLLED_BACK',
                                                  'RESTORED', 'ARCHIVED', 'DRIFT')),
    stage        TEXT    NOT NULL CHECK (stage IN ('DRAFT', 'TESTING', 'STAGING', 'CANARY', 'PRODUCTION',
                                                   'ARCHIVED')),
    actor        TEXT,
    message      TEXT,
    details_json TEXT,
    PRIMARY KEY (strategy_id, seq)
);
