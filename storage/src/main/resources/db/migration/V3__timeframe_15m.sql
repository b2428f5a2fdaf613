-- seedgrid storage schema, version 3: the 15-minute timeframe ('15m') joins the allowed bar lengths. The CHECK
-- constraints of version 1 and 2 carry PostgreSQL's default names (<table>_<column>_check).

ALTER TABLE bars DROP CONSTRAINT bars_timeframe_check;
ALTER TABLE bars ADD CONSTRAINT bars_timeframe_check CHECK (timeframe IN ('1m', '5m', '15m', '1h', '1d'));

ALTER TABLE strategies DROP CONSTRAINT strategies_timeframe_check;
ALTER TABLE strategies ADD CONSTRAINT strategies_timeframe_check CHECK (timeframe IN ('1m', '5m', '15m', '1h', '1d'));
