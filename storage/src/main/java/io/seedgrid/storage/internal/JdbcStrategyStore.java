package io.seedgrid.storage.internal;

import static io.seedgrid.storage.internal.JdbcDatabase.setNullableString;

import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.storage.StrategyStore;
import io.seedgrid.storage.StrategyVersionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The registry in the {@code strategies} and {@code strategy_events} tables. */
final class JdbcStrategyStore implements StrategyStore {
    private static final String STRATEGY_COLUMNS = "strategy_id, name, version, created_ms, run_id, rank, parent_id,"
            + " symbol, timeframe, definition_json, data_json, in_sample_json, out_of_sample_json, baseline_json";
    private static final String EVENT_COLUMNS = "strategy_id, seq, at_ms, kind, stage, actor, message, details_json";

    private final JdbcDatabase db;

    JdbcStrategyStore(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public boolean createStrategy(StrategyVersionRecord s, StrategyEventRecord created) {
        return db.sql("create strategy " + s.id(), true, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM strategies WHERE strategy_id = ?" + " OR (name = ? AND version = ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.name());
                ps.setString(3, s.version());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO strategies (" + STRATEGY_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, s.id());
                ps.setString(2, s.name());
                ps.setString(3, s.version());
                ps.setLong(4, s.createdAt().toEpochMilli());
                setNullableString(ps, 5, s.runId());
                ps.setInt(6, s.rank());
                setNullableString(ps, 7, s.parentId());
                ps.setString(8, s.symbol());
                ps.setString(9, s.timeframe().label());
                ps.setString(10, s.definitionJson());
                ps.setString(11, s.dataJson());
                ps.setString(12, s.inSampleJson());
                ps.setString(13, s.outOfSampleJson());
                ps.setString(14, s.baselineJson());
                if (ps.executeUpdate() == 0) {
                    return false; // a concurrent writer registered it first
                }
            }
            insertEvent(c, created);
            return true;
        });
    }

    @Override
    public Optional<StrategyVersionRecord> findStrategy(String strategyId) {
        return db.sql("find strategy " + strategyId, false, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + STRATEGY_COLUMNS + " FROM strategies WHERE strategy_id = ?")) {
                ps.setString(1, strategyId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(strategy(rs)) : Optional.<StrategyVersionRecord>empty();
                }
            }
        });
    }

    @Override
    public List<StrategyVersionRecord> listStrategies() {
        return db.sql("list strategies", false, c -> {
            List<StrategyVersionRecord> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT " + STRATEGY_COLUMNS + " FROM strategies ORDER BY name, created_ms, strategy_id")) {
                while (rs.next()) {
                    out.add(strategy(rs));
                }
            }
            return out;
        });
    }

    private static StrategyVersionRecord strategy(ResultSet rs) throws SQLException {
        return new StrategyVersionRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)),
                rs.getString(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getString(8),
                Timeframe.parse(rs.getString(9)),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14));
    }

    @Override
    public boolean appendStrategyEvent(StrategyEventRecord e) {
        return db.sql("append to the log of strategy " + e.strategyId(), true, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM strategies WHERE strategy_id = ?")) {
                ps.setString(1, e.strategyId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StorageException("no strategy with id '" + e.strategyId() + "'");
                    }
                }
            }
            int last;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT coalesce(max(seq), 0) FROM strategy_events WHERE strategy_id = ?")) {
                ps.setString(1, e.strategyId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    last = rs.getInt(1);
                }
            }
            if (e.seq() <= last) {
                return false;
            }
            if (e.seq() > last + 1) {
                throw new IllegalArgumentException("seq " + e.seq() + " would leave a gap in the log of strategy "
                        + e.strategyId() + ", whose last entry is " + last);
            }
            return insertEvent(c, e) == 1;
        });
    }

    private static int insertEvent(Connection c, StrategyEventRecord e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO strategy_events (" + EVENT_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (strategy_id, seq) DO NOTHING")) {
            ps.setString(1, e.strategyId());
            ps.setInt(2, e.seq());
            ps.setLong(3, e.at().toEpochMilli());
            ps.setString(4, e.kind().name());
            ps.setString(5, e.stage().name());
            setNullableString(ps, 6, e.actor());
            setNullableString(ps, 7, e.message());
            setNullableString(ps, 8, e.detailsJson());
            return ps.executeUpdate();
        }
    }

    @Override
    public List<StrategyEventRecord> strategyEvents(String strategyId) {
        return db.sql("read the log of strategy " + strategyId, false, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + EVENT_COLUMNS + " FROM strategy_events WHERE strategy_id = ? ORDER BY seq")) {
                ps.setString(1, strategyId);
                return events(ps);
            }
        });
    }

    @Override
    public List<StrategyEventRecord> allStrategyEvents() {
        return db.sql("read the strategy logs", false, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM strategy_events ORDER BY strategy_id, seq")) {
                return events(ps);
            }
        });
    }

    private static List<StrategyEventRecord> events(PreparedStatement ps) throws SQLException {
        List<StrategyEventRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StrategyEventRecord(
                        rs.getString(1),
                        rs.getInt(2),
                        Instant.ofEpochMilli(rs.getLong(3)),
                        StrategyEventRecord.Kind.parse(rs.getString(4)),
                        StrategyStage.parse(rs.getString(5)),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)));
            }
        }
        return out;
    }
}
