package io.seedgrid.storage.duckdb;

import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.internal.Dirs;
import io.seedgrid.storage.internal.JdbcStore;
import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local backend: one DuckDB file. DuckDB lets one process at a time open it, so the store holds it only while
 * it is being used ({@link DuckDbFile}): processes take turns, one operation (or burst of operations) at a time,
 * each waiting a bounded time for the others. The schema is created on open. Writes are DuckDB transactions
 * (write-ahead logged), so a crash leaves either the whole write or none of it.
 */
final class DuckDbStore extends JdbcStore {
    static final int SCHEMA_VERSION = 3;
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS seedgrid_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS bars (symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, end_ms BIGINT NOT NULL,"
                + " open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL,"
                + " volume DOUBLE NOT NULL, PRIMARY KEY (symbol, timeframe, end_ms))",
        "CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, created_ms BIGINT NOT NULL,"
                + " symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, seed BIGINT NOT NULL, status VARCHAR NOT NULL,"
                + " message VARCHAR, updated_ms BIGINT NOT NULL, config_json VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS generations (run_id VARCHAR NOT NULL, generation INTEGER NOT NULL,"
                + " best_fitness DOUBLE NOT NULL, mean_fitness DOUBLE NOT NULL, evaluations BIGINT NOT NULL,"
                + " duration_ms BIGINT NOT NULL, population_json VARCHAR, PRIMARY KEY (run_id, generation))",
        "CREATE TABLE IF NOT EXISTS results (run_id VARCHAR NOT NULL, rank INTEGER NOT NULL,"
                + " genes_json VARCHAR NOT NULL, in_sample_json VARCHAR, out_of_sample_json VARCHAR,"
                + " fitness DOUBLE NOT NULL, accepted BOOLEAN NOT NULL, PRIMARY KEY (run_id, rank))",
        "CREATE TABLE IF NOT EXISTS signals (strategy_id VARCHAR NOT NULL, symbol VARCHAR NOT NULL,"
                + " time_ms BIGINT NOT NULL, value DOUBLE NOT NULL, PRIMARY KEY (strategy_id, symbol, time_ms))",
        "CREATE TABLE IF NOT EXISTS reports (report_id VARCHAR PRIMARY KEY, at_ms BIGINT NOT NULL,"
                + " json VARCHAR NOT NULL)",
        // version 2: the strategy registry
        "CREATE TABLE IF NOT EXISTS strategies (strategy_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL,"
                + " version VARCHAR NOT NULL, created_ms BIGINT NOT NULL, run_id VARCHAR, rank INTEGER NOT NULL,"
                + " parent_id VARCHAR, symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL,"
                + " definition_json VARCHAR NOT NULL, data_json VARCHAR NOT NULL, in_sample_json VARCHAR NOT NULL,"
                + " out_of_sample_json VARCHAR NOT NULL, baseline_json VARCHAR NOT NULL, UNIQUE (name, version))",
        "CREATE TABLE IF NOT EXISTS strategy_events (strategy_id VARCHAR NOT NULL, seq INTEGER NOT NULL,"
                + " at_ms BIGINT NOT NULL, kind VARCHAR NOT NULL, stage VARCHAR NOT NULL, actor VARCHAR,"
                + " message VARCHAR, details_json VARCHAR, PRIMARY KEY (strategy_id, seq))",
        // version 3: a run's lease (its coordinator and last beat); files of version 1 and 2 gain the columns
        "ALTER TABLE runs ADD COLUMN IF NOT EXISTS lease_owner VARCHAR",
        "ALTER TABLE runs ADD COLUMN IF NOT EXISTS lease_epoch BIGINT DEFAULT 0", // DuckDB: no NOT NULL here
        "ALTER TABLE runs ADD COLUMN IF NOT EXISTS lease_beat_ms BIGINT",
    };

    private final Path file;
    private final DuckDbFile db;

    private DuckDbStore(Path file, DuckDbFile db) {
        super(db);
        this.file = file;
        this.db = db;
    }

    static DuckDbStore open(Path file, Duration lockWait) {
        return open(file, lockWait, DuckDbFile.LINGER, DuckDbFile.TURN);
    }

    /** Opens with other hold times than the defaults; for the benchmark. */
    static DuckDbStore open(Path file, Duration lockWait, Duration linger, Duration turn) {
        Path parent = file.getParent();
        try {
            if (parent != null) {
                Dirs.create(parent);
            }
        } catch (IOException e) {
            throw new StorageException(e.getMessage() + " (for the DuckDB file " + file.getFileName() + ")", e);
        }
        if (Files.isDirectory(file)) {
            throw new StorageException("the DuckDB path " + file + " is a directory; give a file name");
        }
        DuckDbFile db = new DuckDbFile(file, lockWait, linger, turn);
        try {
            db.withConnection(false, c -> {
                prepare(file, c);
                return null;
            });
            return new DuckDbStore(file, db);
        } catch (SQLException | RuntimeException e) {
            db.close();
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("cannot prepare the DuckDB file " + file + ": " + Texts.messages(e), e);
        }
    }

    /** Creates missing tables; refuses a file of a newer schema. */
    private static void prepare(Path file, Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String ddl : SCHEMA) {
                st.execute(ddl);
            }
            st.execute("INSERT INTO seedgrid_meta VALUES ('schema_version', '" + SCHEMA_VERSION + "')"
                    + " ON CONFLICT (key) DO NOTHING");
            try (ResultSet rs = st.executeQuery("SELECT value FROM seedgrid_meta WHERE key = 'schema_version'")) {
                rs.next();
                int version = Integer.parseInt(rs.getString(1));
                if (version > SCHEMA_VERSION) {
                    throw new StorageException("the DuckDB file " + file + " has schema version " + version
                            + ", newer than this seedgrid understands (" + SCHEMA_VERSION + ")");
                }
                if (version < SCHEMA_VERSION) { // older files got the new tables above (IF NOT EXISTS)
                    st.execute(
                            "UPDATE seedgrid_meta SET value = '" + SCHEMA_VERSION + "' WHERE key = 'schema_version'");
                }
            }
        }
    }

    @Override
    public String backend() {
        return "local";
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public StoreHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("file", file.toString());
        long start = System.nanoTime();
        try {
            long count = db.withConnection(false, JdbcStore::countBars);
            double latency = (System.nanoTime() - start) / 1e6;
            details.put("file bytes", String.valueOf(Files.size(file)));
            return StoreHealth.answered(backend(), latency, count, null, details);
        } catch (SQLException | IOException | RuntimeException e) {
            return StoreHealth.unhealthy(
                    backend(),
                    (System.nanoTime() - start) / 1e6,
                    "DuckDB file " + file + " does not answer: " + Texts.messages(e),
                    details);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
