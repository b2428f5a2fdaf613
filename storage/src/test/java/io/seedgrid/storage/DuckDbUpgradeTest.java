package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Timeframe;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB files of older schema versions open, keep their data and gain what came later. */
class DuckDbUpgradeTest {
    @TempDir
    Path temp;

    @Test
    void aVersionOneFileGainsTheStrategyTables() throws Exception {
        Path file = temp.resolve("v1.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE seedgrid_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)");
            st.execute("INSERT INTO seedgrid_meta VALUES ('schema_version', '1')");
            st.execute("CREATE TABLE bars (symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, end_ms BIGINT NOT NULL,"
                    + " open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL,"
                    + " volume DOUBLE NOT NULL, PRIMARY KEY (symbol, timeframe, end_ms))");
            st.execute("INSERT INTO bars VALUES ('OLD', '1d', 86400000, 1, 2, 0.5, 1.5, 10)");
        }
        try (Store store = Stores.open(StorageConfig.local(file))) {
            assertEquals(1, store.bars().readBars("OLD", Timeframe.D1).size(), "old data kept");
            var s = StoreContract.strategy("x@1.0.0", "x", "1.0.0", "2024-01-01T00:00:00Z", null);
            assertTrue(store.strategies().createStrategy(s, StoreContract.created(s.id(), "2024-01-01T00:00:00Z")));
            assertEquals(1, store.strategies().listStrategies().size());
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT value FROM seedgrid_meta WHERE key = 'schema_version'")) {
            rs.next();
            assertEquals("3", rs.getString(1));
        }
    }

    /** Version 2 runs had no lease: they keep their data, read without a lease and can be taken over. */
    @Test
    void aVersionTwoFileGainsRunLeases() throws Exception {
        Path file = temp.resolve("v2.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE seedgrid_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)");
            st.execute("INSERT INTO seedgrid_meta VALUES ('schema_version', '2')");
            st.execute("CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, created_ms BIGINT NOT NULL,"
                    + " symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, seed BIGINT NOT NULL, status VARCHAR NOT NULL,"
                    + " message VARCHAR, updated_ms BIGINT NOT NULL, config_json VARCHAR NOT NULL)");
            st.execute("INSERT INTO runs VALUES ('old-run', 1000, 'AAPL', '1d', 7, 'RUNNING', NULL, 1000, '{}')");
        }
        RunLease mine = RunLease.first("me", Instant.parse("2024-01-01T00:00:00Z"));
        try (Store store = Stores.open(StorageConfig.local(file))) {
            RunRecord old = store.runs().findRun("old-run").orElseThrow();
            assertEquals(RunStatus.RUNNING, old.status());
            assertTrue(old.lease().isEmpty(), "no lease recorded");
            assertTrue(store.runs().takeOverRun("old-run", 0, mine, RunStatus.INTERRUPTED, "its coordinator is gone"));
            assertEquals(
                    Optional.of(mine),
                    store.runs().findRun("old-run").orElseThrow().lease());
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT value FROM seedgrid_meta WHERE key = 'schema_version'")) {
            rs.next();
            assertEquals("3", rs.getString(1), "the store released the file, upgraded");
        }
        try (Store store = Stores.open(StorageConfig.local(file))) {
            RunRecord reopened = store.runs().findRun("old-run").orElseThrow();
            assertEquals(Optional.of(mine), reopened.lease(), "the lease columns persist");
            assertEquals(RunStatus.INTERRUPTED, reopened.status());
        }
    }
}
