-- seedgrid storage schema, version 5: a strategy's life beside production. The SHADOW stage (signals and would-be
-- returns, no capital) joins the stages, and a CANARY's capital steps (STEPPED) and held steps (HELD) join the kinds
-- of lifecycle entries; their shares and evidence live in the entries' details. The CHECK constraints of version 2
-- carry PostgreSQL's default names (<table>_<column>_check).

ALTER TABLE strategy_events DROP CONSTRAINT strategy_events_kind_check;
ALTER TABLE strategy_events ADD CONSTRAINT strategy_events_kind_check
    CHECK (kind IN ('CREATED', 'PROMOTED', 'REFUSED', 'RETIRED', 'ROLLED_BACK', 'RESTORED', 'ARCHIVED', 'DRIFT',
                    'STEPPED', 'HELD'));

ALTER TABLE strategy_events DROP CONSTRAINT strategy_events_stage_check;
ALTER TABLE strategy_events ADD CONSTRAINT strategy_events_stage_check
    CHECK (stage IN ('DRAFT', 'TESTING', 'STAGING', 'SHADOW', 'CANARY', 'PRODUCTION', 'ARCHIVED'));
