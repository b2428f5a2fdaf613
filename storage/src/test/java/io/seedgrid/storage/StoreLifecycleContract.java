package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Timeframe;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The contract of {@link Store} itself: its name, health, closing and reopening. */
abstract class StoreLifecycleContract extends StoreContract {
    @Test
    void identifiesItsBackend() {
        assertEquals(backend().name(), store.backend());
        assertFalse(store.location().isBlank());
    }

    @Test
    void dataSurvivesReopening() {
        store.bars().writeBars(AAPL);
        store.runs().saveRun(run("r1", "2024-03-01T10:00:00Z"));
        store.close();
        store = Stores.open(config);
        assertSameBars(AAPL, store.bars().readBars("AAPL", Timeframe.D1));
        assertTrue(store.runs().findRun("r1").isPresent());
    }

    @Test
    void healthIsARealTimedRoundTrip() {
        StoreHealth empty = store.health();
        assertEquals(StoreHealth.Status.HEALTHY, empty.status(), empty.summary());
        assertEquals(0, empty.barCount());
        Ingest.bundled(store.bars(), "AAPL");
        Ingest.bundled(store.bars(), "BTCUSD");
        StoreHealth h = store.health();
        assertEquals(StoreHealth.Status.HEALTHY, h.status(), h.summary());
        assertEquals(backend().name(), h.backend());
        assertEquals(252 + BTC.size(), h.barCount());
        assertTrue(h.latencyMillis() > 0 && h.latencyMillis() < StoreHealth.SLOW_MILLIS, h.summary());
        assertNull(h.error());
        System.out.printf(Locale.ROOT, "[%s] health: %s %s%n", backend().name(), h.summary(), h.details());
    }

    @Test
    void aClosedStoreRefusesWork() {
        RunStore runs = store.runs(); // roles taken before closing are closed with the store
        SignalStore signals = store.signals();
        StrategyStore strategies = store.strategies();
        ReportStore reports = store.reports();
        store.close();
        store.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> store.bars().writeBars(AAPL));
        assertThrows(IllegalStateException.class, () -> store.bars().listSymbols());
        assertThrows(IllegalStateException.class, () -> runs.listRuns(1));
        assertThrows(IllegalStateException.class, () -> signals.readSignals("s", "AAPL", null));
        assertThrows(IllegalStateException.class, strategies::listStrategies);
        assertThrows(IllegalStateException.class, () -> reports.reports(1));
        assertEquals(StoreHealth.Status.UNHEALTHY, store.health().status());
        store = null;
    }
}
