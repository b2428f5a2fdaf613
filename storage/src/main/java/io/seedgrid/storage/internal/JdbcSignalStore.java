package io.seedgrid.storage.internal;

import io.seedgrid.storage.SignalPoint;
import io.seedgrid.storage.SignalStore;
import io.seedgrid.storage.internal.JdbcDatabase.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Signals in the {@code signals} table, upserted through a staged temporary table. */
final class JdbcSignalStore implements SignalStore {
    private final JdbcDatabase db;

    JdbcSignalStore(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public int writeSignals(String strategyId, String symbol, List<SignalPoint> points) {
        long[] keys = new long[points.size()];
        double[] values = new double[points.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = points.get(i).time().toEpochMilli();
            values[i] = points.get(i).value();
        }
        return db.sql("write signals of " + strategyId + " " + symbol, true, c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS stage_signals (time_ms BIGINT NOT NULL,"
                        + " value DOUBLE PRECISION)");
                st.execute("DELETE FROM stage_signals");
            }
            db.stage(c, "stage_signals", new Rows(keys, new double[][] {values}));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO signals (strategy_id, symbol, time_ms, value)"
                    + " SELECT ?, ?, time_ms, value FROM stage_signals ON CONFLICT (strategy_id, symbol, time_ms)"
                    + " DO UPDATE SET value = excluded.value WHERE signals.value IS DISTINCT FROM excluded.value")) {
                ps.setString(1, strategyId);
                ps.setString(2, symbol);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<SignalPoint> readSignals(String strategyId, String symbol, Instant since) {
        return db.sql("read signals of " + strategyId + " " + symbol, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT time_ms, value FROM signals"
                    + " WHERE strategy_id = ? AND symbol = ? AND time_ms >= ? ORDER BY time_ms")) {
                ps.setString(1, strategyId);
                ps.setString(2, symbol);
                ps.setLong(3, since == null ? Long.MIN_VALUE : since.toEpochMilli());
                List<SignalPoint> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SignalPoint(Instant.ofEpochMilli(rs.getLong(1)), rs.getDouble(2)));
                    }
                }
                return out;
            }
        });
    }
}
