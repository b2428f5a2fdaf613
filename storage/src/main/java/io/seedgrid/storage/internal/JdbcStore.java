package io.seedgrid.storage.internal;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.RunExistsException;
import io.seedgrid.storage.RunLease;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.SignalPoint;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.storage.StrategyRecord;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.storage.StrategyVersionRecord;
import io.seedgrid.storage.SymbolSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A store on a SQL database with the seedgrid tables (bars, runs, generations, results, signals, reports, strategies,
 * strategy_events). DuckDB and PostgreSQL run the same statements here; a backend supplies connections, bulk staging and error wording.
 *
 * <p>Every write runs in one transaction. Bars and signals are staged in a temporary table and upserted with one
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE values differ}, whose update count is the number of rows that were
 * new or changed.
 */
public abstract class JdbcStore implements Store {

    /** Work on a connection. */
    @FunctionalInterface
    protected interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** A stored column of doubles per staged row, keyed by a millisecond time. */
    protected record Rows(long[] keys, double[][] columns) {
        public int size() {
            return keys.length;
        }
    }

    private static final String[] BAR_COLUMNS = {"open", "high", "low", "close", "volume"};

    /** Runs {@code work} on a connection, inside one transaction when {@code write}. */
    protected abstract <T> T withConnection(boolean write, SqlWork<T> work) throws SQLException;

    /**
     * Puts {@code rows} into the temporary table {@code table} (created by the caller, empty), whose columns are
     * the key then one DOUBLE per column of {@code rows}, in order.
     */
    protected abstract void stage(Connection c, String table, Rows rows) throws SQLException;

    /** The one-line failure for {@code what} (e.g. "write bars of X 1m"), naming the backend and its location. */
    protected abstract StorageException failure(String what, SQLException e);

    // ---------------------------------------------------------------- bars

    @Override
    public int writeBars(Bars bars) {
        Rows rows = new Rows(bars.endEpochMillis(), BarsBuilder.valueColumns(bars));
        return sql("write bars of " + bars.symbol() + " " + bars.timeframe(), true, c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS stage_bars (end_ms BIGINT NOT NULL, open DOUBLE PRECISION,"
                        + " high DOUBLE PRECISION, low DOUBLE PRECISION, close DOUBLE PRECISION, volume DOUBLE PRECISION)");
                st.execute("DELETE FROM stage_bars");
            }
            stage(c, "stage_bars", rows);
            String distinct = String.join(" OR ", java.util.Arrays.stream(BAR_COLUMNS)
                    .map(col -> "bars." + col + " IS DISTINCT FROM excluded." + col).toList());
            String set = String.join(", ", java.util.Arrays.stream(BAR_COLUMNS)
                    .map(col -> col + " = excluded." + col).toList());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO bars (symbol, timeframe, end_ms, open, high, low, close, volume)"
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
        return sql("read bars of " + symbol + " " + timeframe, false, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT end_ms, open, high, low, close, volume FROM bars"
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
        return sql("list symbols", false, c -> {
            List<SymbolSummary> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT symbol, timeframe, count(*), min(end_ms), max(end_ms)"
                            + " FROM bars GROUP BY symbol, timeframe")) {
                while (rs.next()) {
                    out.add(new SymbolSummary(rs.getString(1), Timeframe.parse(rs.getString(2)), rs.getLong(3),
                            Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
            return out;
        });
    }

    /** The number of stored bars, for health. */
    protected static long countBars(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM bars")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------- runs

    private static final String RUN_COLUMNS = "run_id, created_ms, symbol, timeframe, seed, status, message, updated_ms,"
            + " config_json, lease_owner, lease_epoch, lease_beat_ms";

    /** Create-only: the primary key decides, so of two concurrent creations of one id exactly one inserts. */
    @Override
    public void saveRun(RunRecord run) {
        sql("save run " + run.runId(), true, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (" + RUN_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING")) {
                ps.setString(1, run.runId());
                ps.setLong(2, run.createdAt().toEpochMilli());
                ps.setString(3, run.symbol());
                ps.setString(4, run.timeframe().label());
                ps.setLong(5, run.seed());
                ps.setString(6, run.status().name());
                setNullableString(ps, 7, run.message());
                ps.setLong(8, run.updatedAt().toEpochMilli());
                ps.setString(9, run.configJson());
                setNullableString(ps, 10, run.lease().map(RunLease::owner).orElse(null));
                ps.setLong(11, run.leaseEpoch());
                if (run.lease().isPresent()) {
                    ps.setLong(12, run.lease().get().beatAt().toEpochMilli());
                } else {
                    ps.setNull(12, Types.BIGINT);
                }
                if (ps.executeUpdate() == 0 && !find(c, run.runId()).equals(Optional.of(run))) {
                    throw new RunExistsException(run.runId()); // the same record again is a retried write, not a clash
                }
                return null;
            }
        });
    }

    @Override
    public void updateRunStatus(String runId, RunStatus status, String message) {
        sql("update run " + runId, true, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET status = ?, message = ?, updated_ms = ? WHERE run_id = ?")) {
                ps.setString(1, status.name());
                setNullableString(ps, 2, message);
                ps.setLong(3, Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli());
                ps.setString(4, runId);
                if (ps.executeUpdate() == 0) {
                    throw unknownRun(runId);
                }
                return null;
            }
        });
    }

    @Override
    public boolean beatRun(String runId, RunLease lease, Instant at) {
        return sql("beat run " + runId, true, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lease_beat_ms = ?"
                    + " WHERE run_id = ? AND lease_owner = ? AND lease_epoch = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, runId);
                ps.setString(3, lease.owner());
                ps.setLong(4, lease.epoch());
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            requireRun(c, runId);
            return false;
        });
    }

    /** The WHERE on the epoch is the compare-and-set: a concurrent take-over re-checks it after the row lock. */
    @Override
    public boolean takeOverRun(String runId, long expectedEpoch, RunLease next, RunStatus status, String message) {
        return sql("take over run " + runId, true, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET lease_owner = ?, lease_epoch = ?,"
                    + " lease_beat_ms = ?, status = ?, message = ?, updated_ms = ? WHERE run_id = ? AND lease_epoch = ?")) {
                ps.setString(1, next.owner());
                ps.setLong(2, next.epoch());
                ps.setLong(3, next.beatAt().toEpochMilli());
                ps.setString(4, status.name());
                setNullableString(ps, 5, message);
                ps.setLong(6, Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli());
                ps.setString(7, runId);
                ps.setLong(8, expectedEpoch);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            requireRun(c, runId);
            return false;
        });
    }

    @Override
    public void saveGeneration(String runId, GenerationRecord g) {
        sql("save generation " + g.generation() + " of run " + runId, true, c -> {
            requireRun(c, runId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO generations (run_id, generation, best_fitness,"
                    + " mean_fitness, evaluations, duration_ms, population_json) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (run_id, generation) DO UPDATE SET best_fitness = excluded.best_fitness,"
                    + " mean_fitness = excluded.mean_fitness, evaluations = excluded.evaluations,"
                    + " duration_ms = excluded.duration_ms, population_json = excluded.population_json")) {
                ps.setString(1, runId);
                ps.setInt(2, g.generation());
                ps.setDouble(3, g.bestFitness());
                ps.setDouble(4, g.meanFitness());
                ps.setLong(5, g.evaluations());
                ps.setLong(6, g.durationMillis());
                setNullableString(ps, 7, g.populationJson());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void saveResults(String runId, List<StrategyRecord> top) {
        sql("save results of run " + runId, true, c -> {
            requireRun(c, runId);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM results WHERE run_id = ?")) {
                del.setString(1, runId);
                del.executeUpdate();
            }
            if (top.isEmpty()) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO results (run_id, rank, genes_json,"
                    + " in_sample_json, out_of_sample_json, fitness, accepted) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (StrategyRecord s : top) {
                    ps.setString(1, runId);
                    ps.setInt(2, s.rank());
                    ps.setString(3, s.genesJson());
                    setNullableString(ps, 4, s.inSampleJson());
                    setNullableString(ps, 5, s.outOfSampleJson());
                    ps.setDouble(6, s.fitness());
                    ps.setBoolean(7, s.accepted());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<RunRecord> findRun(String runId) {
        return sql("find run " + runId, false, c -> find(c, runId));
    }

    private static Optional<RunRecord> find(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(run(rs)) : Optional.<RunRecord>empty();
            }
        }
    }

    @Override
    public List<RunRecord> listRuns(int limit) {
        return sql("list runs", false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs"
                    + " ORDER BY created_ms DESC, run_id LIMIT ?")) {
                ps.setInt(1, limit);
                List<RunRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(run(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<RunRecord> runsWithStatus(Set<RunStatus> statuses) {
        return sql("list runs by status", false, c -> {
            String marks = String.join(", ", statuses.stream().map(x -> "?").toList());
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs"
                    + " WHERE status IN (" + marks + ") ORDER BY created_ms, run_id")) {
                int i = 1;
                for (RunStatus status : statuses) {
                    ps.setString(i++, status.name());
                }
                List<RunRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(run(rs));
                    }
                }
                return out;
            }
        });
    }

    private static RunRecord run(ResultSet rs) throws SQLException {
        String owner = rs.getString(10);
        long beat = rs.getLong(12);
        Optional<RunLease> lease = owner == null || rs.wasNull() ? Optional.empty()
                : Optional.of(new RunLease(owner, rs.getLong(11), Instant.ofEpochMilli(beat)));
        return new RunRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                Timeframe.parse(rs.getString(4)), rs.getLong(5), RunStatus.parse(rs.getString(6)), rs.getString(7),
                Instant.ofEpochMilli(rs.getLong(8)), rs.getString(9), lease);
    }

    @Override
    public List<GenerationRecord> generations(String runId) {
        return sql("read generations of run " + runId, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT generation, best_fitness, mean_fitness, evaluations,"
                    + " duration_ms, population_json FROM generations WHERE run_id = ? ORDER BY generation")) {
                ps.setString(1, runId);
                List<GenerationRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new GenerationRecord(rs.getInt(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4),
                                rs.getLong(5), rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<StrategyRecord> results(String runId) {
        return sql("read results of run " + runId, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT rank, genes_json, in_sample_json,"
                    + " out_of_sample_json, fitness, accepted FROM results WHERE run_id = ? ORDER BY rank")) {
                ps.setString(1, runId);
                List<StrategyRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StrategyRecord(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getDouble(5), rs.getBoolean(6)));
                    }
                }
                return out;
            }
        });
    }

    private static void requireRun(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw unknownRun(runId);
                }
            }
        }
    }

    private static StorageException unknownRun(String runId) {
        return new StorageException("no run with id '" + runId + "'");
    }

    // ---------------------------------------------------------------- signals

    @Override
    public int writeSignals(String strategyId, String symbol, List<SignalPoint> points) {
        long[] keys = new long[points.size()];
        double[] values = new double[points.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = points.get(i).time().toEpochMilli();
            values[i] = points.get(i).value();
        }
        return sql("write signals of " + strategyId + " " + symbol, true, c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS stage_signals (time_ms BIGINT NOT NULL,"
                        + " value DOUBLE PRECISION)");
                st.execute("DELETE FROM stage_signals");
            }
            stage(c, "stage_signals", new Rows(keys, new double[][] {values}));
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
        return sql("read signals of " + strategyId + " " + symbol, false, c -> {
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

    // ---------------------------------------------------------------- strategy registry

    private static final String STRATEGY_COLUMNS = "strategy_id, name, version, created_ms, run_id, rank, parent_id,"
            + " symbol, timeframe, definition_json, data_json, in_sample_json, out_of_sample_json, baseline_json";
    private static final String EVENT_COLUMNS = "strategy_id, seq, at_ms, kind, stage, actor, message, details_json";

    @Override
    public boolean createStrategy(StrategyVersionRecord s, StrategyEventRecord created) {
        return sql("create strategy " + s.id(), true, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM strategies WHERE strategy_id = ?"
                    + " OR (name = ? AND version = ?)")) {
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
        return sql("find strategy " + strategyId, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + STRATEGY_COLUMNS
                    + " FROM strategies WHERE strategy_id = ?")) {
                ps.setString(1, strategyId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(strategy(rs)) : Optional.<StrategyVersionRecord>empty();
                }
            }
        });
    }

    @Override
    public List<StrategyVersionRecord> listStrategies() {
        return sql("list strategies", false, c -> {
            List<StrategyVersionRecord> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + STRATEGY_COLUMNS
                    + " FROM strategies ORDER BY name, created_ms, strategy_id")) {
                while (rs.next()) {
                    out.add(strategy(rs));
                }
            }
            return out;
        });
    }

    private static StrategyVersionRecord strategy(ResultSet rs) throws SQLException {
        return new StrategyVersionRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8),
                Timeframe.parse(rs.getString(9)), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13), rs.getString(14));
    }

    @Override
    public boolean appendStrategyEvent(StrategyEventRecord e) {
        return sql("append to the log of strategy " + e.strategyId(), true, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM strategies WHERE strategy_id = ?")) {
                ps.setString(1, e.strategyId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StorageException("no strategy with id '" + e.strategyId() + "'");
                    }
                }
            }
            int last;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT coalesce(max(seq), 0) FROM strategy_events WHERE strategy_id = ?")) {
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
        return sql("read the log of strategy " + strategyId, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS
                    + " FROM strategy_events WHERE strategy_id = ? ORDER BY seq")) {
                ps.setString(1, strategyId);
                return events(ps);
            }
        });
    }

    @Override
    public List<StrategyEventRecord> allStrategyEvents() {
        return sql("read the strategy logs", false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS
                    + " FROM strategy_events ORDER BY strategy_id, seq")) {
                return events(ps);
            }
        });
    }

    private static List<StrategyEventRecord> events(PreparedStatement ps) throws SQLException {
        List<StrategyEventRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StrategyEventRecord(rs.getString(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)),
                        StrategyEventRecord.Kind.parse(rs.getString(4)), StrategyStage.parse(rs.getString(5)),
                        rs.getString(6), rs.getString(7), rs.getString(8)));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- reports

    @Override
    public void saveReport(String id, Instant at, String json) {
        sql("save report " + id, true, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reports (report_id, at_ms, json)"
                    + " VALUES (?, ?, ?) ON CONFLICT (report_id) DO UPDATE SET at_ms = excluded.at_ms,"
                    + " json = excluded.json")) {
                ps.setString(1, id);
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, json);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<ReportRecord> reports(int limit) {
        return sql("list reports", false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT report_id, at_ms, json FROM reports"
                    + " ORDER BY at_ms DESC, report_id LIMIT ?")) {
                ps.setInt(1, limit);
                List<ReportRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ReportRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }

    // ---------------------------------------------------------------- plumbing

    /** Runs {@code work} and turns SQL failures into {@link #failure}s; {@link StorageException}s pass through. */
    protected final <T> T sql(String what, boolean write, SqlWork<T> work) {
        try {
            return withConnection(write, work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static void setNullableString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /**
     * Commits {@code work} on {@code c} as one transaction, rolling back on any failure; restores auto-commit.
     */
    protected static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        boolean done = false;
        try {
            T result = work.apply(c);
            c.commit();
            done = true;
            return result;
        } finally {
            if (!done) {
                try {
                    c.rollback();
                } catch (SQLException | RuntimeException ignored) {
                    // the connection may be gone; the transaction then died with it
                }
            }
            try {
                c.setAutoCommit(auto);
            } catch (SQLException | RuntimeException ignored) {
                // as above
            }
        }
    }
}
