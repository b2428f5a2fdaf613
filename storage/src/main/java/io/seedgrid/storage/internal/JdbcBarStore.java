package io.seedgrid.storage.internal;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.BarStore;
import io.seedgrid.storage.SymbolSummary;
import io.seedgrid.storage.internal.JdbcDatabase.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Bars in the {@code bars} table, upserted through a staged temporary table. */
final class JdbcBarStore implements BarStore {
    private static final String[] BAR_COLUMNS = {"open", "high", "low", "close", "volume"};

    private final JdbcDatabase db;

    JdbcBarStore(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public int writeBars(Bars bars) {
        Rows rows = new Rows(bars.endEpochMillis(), BarsBuilder.valueColumns(bars));
        return db.sql("write bars of " + bars.symbol() + " " + bars.timeframe(), true, c -> {
            try (Statement st = c.createStatement()) {
                st.execute(
                        "CREATE TEMP TABLE IF NOT EXISTS stage_bars (end_ms BIGINT NOT NULL, open DOUBLE PRECISION,"
                                + " high DOUBLE PRECISION, low DOUBLE PRECISION, close DOUBLE PRECISION, volume DOUBLE PRECISION)");
                st.execute("DELETE FROM stage_bars");
            }
            db.stage(c, "stage_bars", rows);
            String distinct = String.join(
                    " OR ",
                    Arrays.stream(BAR_COLUMNS)
                            .map(col -> "bars." + col + " IS DISTINCT FROM excluded." + col)
                            .toList());
            String set = String.join(
                    ", ",
                    Arrays.stream(BAR_COLUMNS)
                            .map(col -> col + " = excluded." + col)
                            .toList());
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO bars (symbol, timeframe, end_ms, open, high, low, close, volume)"
                            + " SELECT ?, ?, end_ms, open, high, low, close, volume FROM stage_bars"
                            + " ON CONFLICT (symbol, timeframe, end_ms) DO UPDATE SET " + set + " WHERE " + distinct)) {
                ps.setString(1, bars.symbol());
                ps.setString(2, bars.timeframe().label());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Bars readBars(String symbol, Timeframe timeframe, Instant fromInclusive, Instant toExclusive) {
        return db.sql("read bars of " + symbol + " " + timeframe, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT end_ms, open, high, low, close, volume FROM bars"
                    + " WHERE symbol = ? AND timeframe = ? AND end_ms >= ? AND end_ms <= ? ORDER BY end_ms")) {
                ps.setString(1, symbol);
                ps.setString(2, timeframe.label());
                ps.setLong(3, fromInclusive == null ? Long.MIN_VALUE : fromInclusive.toEpochMilli());
                ps.setLong(4, toExclusive == null ? Long.MAX_VALUE : toExclusive.toEpochMilli() - 1);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    return new BarsBuilder().addAll(rs).build(symbol, timeframe);
                }
            }
        });
    }

    @Override
    public List<SymbolSummary> listSymbols() {
        return db.sql("list symbols", false, c -> {
            List<SymbolSummary> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT symbol, timeframe, count(*), min(end_ms), max(end_ms)"
                            + " FROM bars GROUP BY symbol, timeframe")) {
                while (rs.next()) {
                    out.add(new SymbolSummary(
                            rs.getString(1),
                            Timeframe.parse(rs.getString(2)),
                            rs.getLong(3),
                            Instant.ofEpochMilli(rs.getLong(4)),
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
            return out;
        });
    }
}
