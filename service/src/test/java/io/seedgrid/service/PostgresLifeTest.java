package io.seedgrid.service;

import io.seedgrid.storage.PgServer;
import io.seedgrid.storage.StorageConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Lives of strategies on the postgres backend: a real PostgreSQL (embedded), a fresh database per test. */
class PostgresLifeTest extends LifeOfAStrategyTest {
    static PgServer pg;

    @BeforeAll
    static void startServer() {
        pg = PgServer.startTemporary();
    }

    @AfterAll
    static void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    StorageConfig freshConfig() {
        return pg.newDatabase();
    }
}
