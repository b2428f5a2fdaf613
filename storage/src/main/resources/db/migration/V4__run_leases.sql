-- seedgrid storage schema, version 4: runs can wait (QUEUED) and carry the lease of the coordinator holding them:
-- its owner, the lease epoch (1 for the first, one more per take-over: the compare-and-set of a take-over) and
-- its last beat. Runs stored before have no lease (epoch 0). The CHECK of version 1 has PostgreSQL's default name.

ALTER TABLE runs DROP CONSTRAINT runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'INTERRUPTED'));

ALTER TABLE runs ADD COLUMN lease_owner   TEXT;
ALTER TABLE runs ADD COLUMN lease_epoch   BIGINT NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN lease_beat_ms BIGINT;

CREATE INDEX runs_status_idx ON runs (status, created_ms, run_id);
