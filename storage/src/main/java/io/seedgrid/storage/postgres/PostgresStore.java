package io.seedgrid.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.internal.JdbcStore;
import io.seedgrid.storage.internal.Texts;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The postgres backend (PostgreSQL or Neon): a HikariCP pool, the schema {@code seedgrid} migrated by Flyway on open
 * ({@code db/migration}), bars and signals bulk-loaded with COPY into a temporary table and upserted with
 * {@code ON CONFLICT}, every write one transaction.
 */
final class PostgresStore extends JdbcStore {
    static final String SCHEMA = "seedgrid";
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    private static final int COPY_CHUNK = 1 << 16;

    private final StorageConfig config;
    private final HikariDataSource pool;

    private PostgresStore(StorageConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    static PostgresStore open(StorageConfig config) {
        String where = where(config);
        // One direct connection first: a clean one-line error when the server is unreachable or refuses us,
        // without the pool's stack-trace logging.
        try (Connection probe = new org.postgresql.Driver().connect(config.databaseUrl(), driverProperties(config))) {
            if (probe == null) {
                throw new StorageException("not a PostgreSQL JDBC URL: " + config.databaseUrl());
            }
        } catch (SQLException e) {
            throw new StorageException("cannot connect to PostgreSQL at " + where + ": "
                    + config.redact(Texts.messages(e)), e);
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("seedgrid-storage");
        hc.setJdbcUrl(config.databaseUrl());
        if (config.user() != null) {
            hc.setUsername(config.user());
        }
        if (config.password() != null) {
            hc.setPassword(config.password());
        }
        hc.setDataSourceProperties(driverPropertiesWithoutCredentials());
        hc.setSchema(SCHEMA);
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(0); // hold no connection while idle (lets Neon suspend)
        hc.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        hc.setInitializationFailTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StorageException("cannot connect to PostgreSQL at " + where + ": "
                    + config.redact(Texts.messages(e)), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .schemas(SCHEMA)
                    .createSchemas(true)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StorageException("cannot migrate the " + SCHEMA + " schema in PostgreSQL at " + where + ": "
                    + config.redact(Texts.messages(e)), e);
        }
        return new PostgresStore(config, pool);
    }

    private static String where(StorageConfig config) {
        return config.databaseUrl() + (config.user() != null ? " as user " + config.user() : "");
    }

    private static Properties driverProperties(StorageConfig config) {
        Properties p = driverPropertiesWithoutCredentials();
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        return p;
    }

    private static Properties driverPropertiesWithoutCredentials() {
        Properties p = new Properties();
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "seedgrid");
        return p;
    }

    @Override
    public String backend() {
        return "postgres";
    }

    @Override
    public String location() {
        return where(config);
    }

    /**
     * Runs {@code work}, once more on a fresh connection if the connection was lost (a server restart, or Neon
     * suspending its compute, kills pooled connections). Safe because every store operation is idempotent: writes
     * are upserts or whole replacements, and a transaction cut off before its commit was rolled back by the server.
     */
    @Override
    protected <T> T withConnection(boolean write, SqlWork<T> work) throws SQLException {
        try {
            return once(write, work);
        } catch (SQLException e) {
            if (!isConnectionLoss(e)) {
                throw e;
            }
            try {
                return once(write, work);
            } catch (SQLException again) {
                e.addSuppressed(again);
                throw e;
            }
        }
    }

    private <T> T once(boolean write, SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return write ? inTransaction(c, work) : work.apply(c);
        }
    }

    @Override
    protected void stage(Connection c, String table, Rows rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN (FORMAT csv)");
        try {
            StringBuilder sb = new StringBuilder(COPY_CHUNK + 256);
            long[] keys = rows.keys();
            double[][] cols = rows.columns();
            for (int i = 0; i < keys.length; i++) {
                sb.append(keys[i]);
                for (double[] col : cols) {
                    sb.append(',').append(col[i]); // Double.toString: shortest text that reads back exactly
                }
                sb.append('\n');
                if (sb.length() >= COPY_CHUNK) {
                    byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    sb.setLength(0);
                }
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the connection is probably gone; the transaction is rolled back by the caller or the server
                }
            }
        }
    }

    @Override
    protected StorageException failure(String what, SQLException e) {
        String m = config.redact(Texts.messages(e));
        if (isConnectionLoss(e)) {
            return new StorageException("lost the connection to PostgreSQL at " + location() + " while trying to "
                    + what + " (nothing of it was stored): " + m, e);
        }
        return new StorageException("cannot " + what + " in PostgreSQL at " + location() + ": " + m, e);
    }

    private static boolean isConnectionLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01"))) {
                return true; // connection exception, or admin shutdown
            }
        }
        return false;
    }

    @Override
    public StoreHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("url", config.databaseUrl());
        if (config.user() != null) {
            details.put("user", config.user());
        }
        long start = System.nanoTime();
        try (Connection c = pool.getConnection()) {
            long count = countBarsCheaply(c, details);
            double latency = (System.nanoTime() - start) / 1e6;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                details.put("server version", rs.getString(1));
            }
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            if (mx != null) {
                details.put("pool", mx.getActiveConnections() + " active, " + mx.getIdleConnections() + " idle of "
                        + pool.getMaximumPoolSize());
            }
            return StoreHealth.answered(backend(), latency, count, null, details);
        } catch (SQLException | RuntimeException e) {
            return StoreHealth.unhealthy(backend(), (System.nanoTime() - start) / 1e6,
                    "PostgreSQL at " + location() + " does not answer: " + config.redact(Texts.messages(e)), details);
        }
    }

    /** Above this many bars (planner estimate) health reports the estimate: an exact count(*) costs per row. */
    static final long EXACT_COUNT_LIMIT = 1_000_000;

    /** The exact bar count for tables up to {@link #EXACT_COUNT_LIMIT} rows, the planner's estimate above. */
    private static long countBarsCheaply(Connection c, Map<String, String> details) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT reltuples::bigint FROM pg_class WHERE oid = 'bars'::regclass")) {
            rs.next();
            long estimate = rs.getLong(1); // -1 when never analysed
            if (estimate > EXACT_COUNT_LIMIT) {
                details.put("bar count", "estimated (pg_class.reltuples)");
                return estimate;
            }
        }
        return countBars(c);
    }

    @Override
    public void close() {
        pool.close();
    }
}
