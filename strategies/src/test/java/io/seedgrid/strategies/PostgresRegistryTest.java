package io.seedgrid.strategies;

import io.seedgrid.storage.StorageConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The registry contract on the postgres backend: a real PostgreSQL (embedded), a fresh database per test. */
class PostgresRegistryTest extends StrategyRegistryContractTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    static EmbeddedPostgres pg;

    @BeforeAll
    static void startServer() throws Exception {
        pg = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    StorageConfig freshConfig() throws Exception {
        String name = "registry_t" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return StorageConfig.postgres("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name, "postgres", null);
    }
}
