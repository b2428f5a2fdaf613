package io.seedgrid.storage.internal;

import static io.seedgrid.storage.internal.JdbcDatabase.setNullableString;

import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.RunStore;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StrategyRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs, generations and results in the {@code runs}, {@code generations} and {@code results} tables. */
final class JdbcRunStore implements RunStore {
    private static final String RUN_COLUMNS =
            "run_id, created_ms, symbol, timeframe, seed, status, message, updated_ms, config_json";

    private final JdbcDatabase db;

    JdbcRunStore(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public void saveRun(RunRecord run) {
        db.sql("save run " + run.runId(), true, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (" + RUN_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET"
                    + " created_ms = excluded.created_ms, symbol = excluded.symbol, timeframe = excluded.timeframe,"
                    + " seed = excluded.seed, status = excluded.status, message = excluded.message,"
                    + " updated_ms = excluded.updated_ms, config_json = excluded.config_json")) {
                ps.setString(1, run.runId());
                ps.setLong(2, run.createdAt().toEpochMilli());
                ps.setString(3, run.symbol());
                ps.setString(4, run.timeframe().label());
                ps.setLong(5, run.seed());
                ps.setString(6, run.status().name());
                setNullableString(ps, 7, run.message());
                ps.setLong(8, run.updatedAt().toEpochMilli());
                ps.setString(9, run.configJson());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void updateRunStatus(String runId, RunStatus status, String message) {
        db.sql("update run " + runId, true, c -> {
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
        return db.sql("find run " + runId, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(run(rs)) : Optional.<RunRecord>empty();
                }
            }
        });
    }

    @Override
    public List<RunRecord> listRuns(int limit) {
        return db.sql("list runs", false, c -> {
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

    private static RunRecord run(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                Timeframe.parse(rs.getString(4)), rs.getLong(5), RunStatus.parse(rs.getString(6)), rs.getString(7),
                Instant.ofEpochMilli(rs.getLong(8)), rs.getString(9));
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
        return db.sql("read results of run " + runId, false, c -> {
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
}
