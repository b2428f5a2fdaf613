package io.seedgrid.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.internal.JdbcStore;
import io.seedgrid.storage.internal.Texts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.postgresql.Driver;

/**
 * The postgres backend (PostgreSQL or Neon): a HikariCP pool, the schema {@code seedgrid} migrated by Flyway on open
 * ({@code db/migration}), bars and signals bulk-loaded with COPY into a temporary table and upserted with
 * {@code ON CONFLICT}, every write one transaction.
 */
final class PostgresStore extends JdbcStore {
    static final String SCHEMA = "seedgrid";
    static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final StorageConfig config;
    private final HikariDataSource pool;

    private PostgresStore(StorageConfig config, HikariDataSource pool) {
        super(new PostgresDatabase(config, where(config), pool));
        this.config = config;
        this.pool = pool;
    }

    static PostgresStore open(StorageConfig config) {
        String where = where(config);
        // One direct connection first: a clean one-line error when the server is unreachable or refuses us,
        // without the pool's stack-trace logging.
        try (Connection probe = new Driver().connect(config.databaseUrl(), driverProperties(config))) {
            if (probe == null) {
                throw new StorageException("not a PostgreSQL JDBC URL: " + config.databaseUrl());
            }
        } catch (SQLException e) {
            throw new StorageException(
                    "cannot connect to PostgreSQL at " + where + ": " + config.redact(Texts.messages(e)), e);
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
            throw new StorageException(
                    "cannot connect to PostgreSQL at " + where + ": " + config.redact(Texts.messages(e)), e);
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
            throw new StorageException(
                    "cannot migrate the " + SCHEMA + " schema in PostgreSQL at " + where + ": "
                            + config.redact(Texts.messages(e)),
                    e);
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
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SHOW server_version")) {
                rs.next();
                details.put("server version", rs.getString(1));
            }
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            if (mx != null) {
                details.put(
                        "pool",
                        mx.getActiveConnections() + " active, " + mx.getIdleConnections() + " idle of "
                                + pool.getMaximumPoolSize());
            }
            return StoreHealth.answered(backend(), latency, count, null, details);
        } catch (SQLException | RuntimeException e) {
            return StoreHealth.unhealthy(
                    backend(),
                    (System.nanoTime() - start) / 1e6,
                    "PostgreSQL at " + location() + " does not answer: " + config.redact(Texts.messages(e)),
                    details);
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
