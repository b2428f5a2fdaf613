package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract, one abstract class per role ({@link BarStoreContract}, {@link RunStoreContract},
 * {@link SignalStoreContract}, {@link StrategyStoreContract}, {@link ReportStoreContract}, and
 * {@link StoreLifecycleContract} for health and the store's life): every backend runs exactly these tests against
 * a real store (DuckDB file, shared directory, PostgreSQL) and must give the same answers for the same data in.
 * Data are the real bundled AAPL (252 daily bars) and BTCUSD (9,603 one-minute bars). This base opens a fresh store
 * of {@link #backend()} before each test and closes it after.
 */
abstract class StoreContract {
    static final Bars AAPL = BundledData.load("AAPL");
    static final Bars BTC = BundledData.load("BTCUSD");
    static final String META_SYMBOL = "A'B;DROP TABLE bars;--";

    @TempDir
    Path temp;

    Store store;
    StorageConfig config;

    /** The backend under test. */
    abstract StoreBackend backend();

    @BeforeEach
    void openStore() throws Exception {
        config = backend().freshConfig(temp);
        store = Stores.open(config);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static void assertSameBars(Bars expected, Bars actual) {
        assertEquals(expected.symbol(), actual.symbol());
        assertEquals(expected.timeframe(), actual.timeframe());
        assertEquals(expected.size(), actual.size(), "bar count");
        assertArrayEquals(expected.endEpochMillis(), actual.endEpochMillis(), "end times");
        for (int i = 0; i < expected.size(); i++) {
            // exact: bit for bit
            assertEquals(expected.open(i), actual.open(i), 0.0, "open " + i);
            assertEquals(expected.high(i), actual.high(i), 0.0, "high " + i);
            assertEquals(expected.low(i), actual.low(i), 0.0, "low " + i);
            assertEquals(expected.close(i), actual.close(i), 0.0, "close " + i);
            assertEquals(expected.volume(i), actual.volume(i), 0.0, "volume " + i);
        }
    }

    static RunRecord run(String id, String created) {
        return new RunRecord(
                id,
                Instant.parse(created),
                "BTCUSD",
                Timeframe.M1,
                42L,
                RunStatus.RUNNING,
                "{\"population\": 64, \"generations\": 50,\n \"seeds\": [\"sma\", \"rsi\"]}");
    }

    static StrategyVersionRecord strategy(String id, String name, String version, String created, String parentId) {
        return new StrategyVersionRecord(
                id,
                name,
                version,
                Instant.parse(created),
                "run-" + name,
                1,
                parentId,
                "AAPL",
                Timeframe.D1,
                "{\"seeds\":[{\"seed\":\"EMACrossoverSeed\",\"weight\":1.0}],\"entry\":0.3}",
                "{\"bars\":252}",
                "{\"sharpe\":1.5}",
                "{\"sharpe\":1.1,\n \"max_drawdown\":0.08}",
                "{\"out_of_sample_returns\":[0.01,-0.002,0.0]}");
    }

    static StrategyEventRecord created(String id, String at) {
        return new StrategyEventRecord(
                id,
                1,
                Instant.parse(at),
                StrategyEventRecord.Kind.CREATED,
                StrategyStage.DRAFT,
                "cli:test",
                "saved from run",
                null);
    }
}
