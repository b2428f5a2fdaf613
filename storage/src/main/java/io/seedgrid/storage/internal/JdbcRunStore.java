package io.seedgrid.storage.internal;

import static io.seedgrid.storage.internal.JdbcDatabase.setNullableString;

import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunExistsException;
import io.seedgrid.storage.RunLease;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.RunStore;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StrategyRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Runs, generations and results in the {@code runs}, {@code generations} and {@code results} tables. */
final class JdbcRunStore implements RunStore {
    private static final String RUN_COLUMNS =
            "run_id, created_ms, symbol, timeframe, seed, status, message, updated_ms,"
                    + " config_json, lease_owner, lease_epoch, lease_beat_ms";

    private final JdbcDatabase db;

    JdbcRunStore(JdbcDatabase db) {
        this.db = db;
    }

    /** Create-only: the primary key decides, so of two concurrent creations of one id exactly one inserts. */
    @Override
    public void saveRun(RunRecord run) {
        db.sql("save run " + run.runId(), true, c -> {
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
        db.sql("update run " + runId, true, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE runs SET status = ?, message = ?, updated_ms = ? WHERE run_id = ?")) {
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
        return db.sql("beat run " + runId, true, c -> {
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
        return db.sql("take over run " + runId, true, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET lease_owner = ?, lease_epoch = ?,"
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
        db.sql("save generation " + g.generation() + " of run " + runId, true, c -> {
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
        db.sql("save results of run " + runId, true, c -> {
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
        return db.sql("find run " + runId, false, c -> find(c, runId));
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
        return db.sql("list runs", false, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + RUN_COLUMNS + " FROM runs" + " ORDER BY created_ms DESC, run_id LIMIT ?")) {
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
        return db.sql("list runs by status", false, c -> {
            String marks = String.join(", ", statuses.stream().map(x -> "?").toList());
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs" + " WHERE status IN ("
                    + marks + ") ORDER BY created_ms, run_id")) {
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
        Optional<RunLease> lease = owner == null || rs.wasNull()
                ? Optional.empty()
                : Optional.of(new RunLease(owner, rs.getLong(11), Instant.ofEpochMilli(beat)));
        return new RunRecord(
                rs.getString(1),
                Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3),
                Timeframe.parse(rs.getString(4)),
                rs.getLong(5),
                RunStatus.parse(rs.getString(6)),
                rs.getString(7),
                Instant.ofEpochMilli(rs.getLong(8)),
                rs.getString(9),
                lease);
    }

    @Override
    public List<GenerationRecord> generations(String runId) {
        return db.sql("read generations of run " + runId, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT generation, best_fitness, mean_fitness, evaluations,"
                    + " duration_ms, population_json FROM generations WHERE run_id = ? ORDER BY generation")) {
                ps.setString(1, runId);
                List<GenerationRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new GenerationRecord(
                                rs.getInt(1),
                                rs.getDouble(2),
                                rs.getDouble(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<StrategyRecord> results(String runId) {
        return db.sql("read results of run " + runId, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT rank, genes_json, in_sample_json,"
                    + " out_of_sample_json, fitness, accepted FROM results WHERE run_id = ? ORDER BY rank")) {
                ps.setString(1, runId);
                List<StrategyRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StrategyRecord(
                                rs.getInt(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getDouble(5),
                                rs.getBoolean(6)));
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
}
