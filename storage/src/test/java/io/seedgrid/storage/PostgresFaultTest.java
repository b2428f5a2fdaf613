package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away: stopped in the middle of a large ingest, and stopped between writes. The write fails with
 * a clear {@link StorageException}, nothing of it is stored, and work resumes once the server is back.
 */
@Tag("slow") // scripts/test --quick leaves it out: a PostgreSQL server stopped and restarted
class PostgresFaultTest {
    static final Bars AAPL = BundledData.load("AAPL");
    static final int BIG = 300_000;
    static PgServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PgServer.start(Files.createTempDirectory("seedgrid-pg-fault"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void serverBack() {
        if (!server.running()) {
            server.restart();
        }
    }

    static Bars big(String symbol) {
        long[] t = new long[BIG];
        double[] p = new double[BIG];
        double[] v = new double[BIG];
        for (int i = 0; i < BIG; i++) {
            t[i] = 1_600_000_000_000L + i * 60_000L;
            p[i] = 100 + (i % 1000) * 0.01;
            v[i] = i % 17;
        }
        return Bars.of(symbol, Timeframe.M1, t, p, p, p, p, v);
    }

    /** True once the server runs our COPY into the staging table. */
    static boolean copyRunning() {
        try (Connection c = server.admin();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'seedgrid'"
                                + " AND state = 'active' AND query LIKE 'COPY stage_bars%'")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void stoppedMidIngestStoresNothingOfItAndWorkResumesAfterRestart() throws Exception {
        StorageConfig config = server.newDatabase();
        Bars big = big("BIG");
        Store store = Stores.open(config);
        try {
            assertEquals(252, store.bars().writeBars(AAPL));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Integer> stored = new AtomicReference<>();
            Thread ingest = new Thread(() -> {
                try {
                    stored.set(store.bars().writeBars(big));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            ingest.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!copyRunning()) {
                assertTrue(ingest.isAlive(), "the ingest finished before the COPY was seen; stored " + stored.get());
                assertTrue(System.currentTimeMillis() < deadline, "no COPY seen");
                Thread.sleep(2);
            }
            server.stop(); // fast shutdown: aborts the running transaction
            ingest.join(60_000);
            assertFalse(ingest.isAlive());
            Throwable t = failure.get();
            assertNotNull(t, "the ingest should fail, but stored " + stored.get());
            assertInstanceOf(StorageException.class, t);
            System.out.println("stopped mid-ingest: " + t.getMessage());
            assertTrue(
                    t.getMessage().startsWith("lost the connection to PostgreSQL at " + config.databaseUrl()),
                    t.getMessage());
            assertTrue(t.getMessage().contains("write bars of BIG 1m (nothing of it was stored)"), t.getMessage());
            assertFalse(t.getMessage().contains("\n"));

            server.restart();
            try (Store fresh = Stores.open(config)) {
                List<SymbolSummary> symbols = fresh.bars().listSymbols();
                assertEquals(
                        List.of(new SymbolSummary("AAPL", Timeframe.D1, 252, AAPL.endTime(0), AAPL.endTime(251))),
                        symbols,
                        "no BIG bar half-stored");
                assertEquals(0, fresh.bars().readBars("BIG", Timeframe.M1).size());
                long start = System.nanoTime();
                assertEquals(BIG, fresh.bars().writeBars(big), "works again after restart");
                System.out.printf("after restart: %d bars in %.0f ms%n", BIG, (System.nanoTime() - start) / 1e6);
                assertEquals(BIG, fresh.bars().readBars("BIG", Timeframe.M1).size());
            }
            // the store that saw the failure recovers too: its pool replaces the dead connections
            assertEquals(BIG, store.bars().readBars("BIG", Timeframe.M1).size());
            assertEquals(StoreHealth.Status.HEALTHY, store.health().status());
        } finally {
            store.close();
        }
    }

    @Test
    void stoppedBetweenWritesFailsCleanlyAndRecovers() {
        StorageConfig config = server.newDatabase();
        try (Store store = Stores.open(config)) {
            store.bars().writeBars(AAPL.head(100));
            server.stop();
            long start = System.nanoTime();
            StorageException e = Assertions.assertThrows(
                    StorageException.class, () -> store.bars().writeBars(AAPL));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("server down: " + e.getMessage() + " (" + millis + " ms)");
            assertTrue(e.getMessage().startsWith("lost the connection to PostgreSQL"), e.getMessage());
            StoreHealth h = store.health();
            System.out.println("server down: " + h.summary());
            assertEquals(StoreHealth.Status.UNHEALTHY, h.status());
            StoreHealth viaStores = Stores.health(config);
            assertEquals(StoreHealth.Status.UNHEALTHY, viaStores.status());
            assertTrue(viaStores.error().startsWith("cannot connect to PostgreSQL"), viaStores.error());

            server.restart();
            // the pool still holds connections the shutdown killed: the store retries once on a fresh one
            assertEquals(152, store.bars().writeBars(AAPL), "the same store works again");
            assertEquals(StoreHealth.Status.HEALTHY, store.health().status());
        }
    }
}
