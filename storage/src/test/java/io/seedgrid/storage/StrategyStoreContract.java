package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The contract of {@link StrategyStore}: registered versions and their compare-and-set logs. */
abstract class StrategyStoreContract extends StoreContract {
    @Test
    void strategiesAreRegisteredOnceAndListedByName() {
        StrategyVersionRecord b1 = strategy("beta@1.0.0", "beta", "1.0.0", "2024-04-01T10:00:00.123Z", null);
        StrategyVersionRecord a1 = strategy("alpha@1.0.0", "alpha", "1.0.0", "2024-04-02T10:00:00Z", null);
        StrategyVersionRecord a2 = strategy("alpha@1.1.0", "alpha", "1.1.0", "2024-04-01T09:00:00Z", "alpha@1.0.0");
        StrategyVersionRecord meta = new StrategyVersionRecord(
                META_SYMBOL,
                META_SYMBOL,
                "0.0.1",
                Instant.parse("2024-04-03T00:00:00Z"),
                null,
                0,
                null,
                META_SYMBOL,
                Timeframe.M1,
                "{}",
                "{}",
                "{}",
                "{}",
                "[]");
        assertTrue(store.strategies().createStrategy(b1, created(b1.id(), "2024-04-01T10:00:00.123Z")));
        assertTrue(store.strategies().createStrategy(a1, created(a1.id(), "2024-04-02T10:00:00Z")));
        assertTrue(store.strategies().createStrategy(a2, created(a2.id(), "2024-04-01T09:00:00Z")));
        assertTrue(store.strategies().createStrategy(meta, created(meta.id(), "2024-04-03T00:00:00Z")));
        assertEquals(Optional.of(a2), store.strategies().findStrategy("alpha@1.1.0"));
        assertEquals(Optional.of(meta), store.strategies().findStrategy(META_SYMBOL));
        assertEquals(Optional.empty(), store.strategies().findStrategy("alpha@9.9.9"));
        assertEquals(List.of(meta, a2, a1, b1), store.strategies().listStrategies(), "by name, then creation time");

        // never replaced: the same id, or the same name and version under another id, is refused
        StrategyVersionRecord again = strategy("alpha@1.0.0", "other", "7.0.0", "2024-05-01T00:00:00Z", null);
        assertFalse(store.strategies().createStrategy(again, created(again.id(), "2024-05-01T00:00:00Z")));
        StrategyVersionRecord twin = strategy("alpha-1.0.0-bis", "alpha", "1.0.0", "2024-05-01T00:00:00Z", null);
        assertFalse(store.strategies().createStrategy(twin, created(twin.id(), "2024-05-01T00:00:00Z")));
        assertEquals(Optional.of(a1), store.strategies().findStrategy("alpha@1.0.0"));
        assertEquals(Optional.empty(), store.strategies().findStrategy("alpha-1.0.0-bis"));
        assertEquals(4, store.strategies().listStrategies().size());
        assertEquals(
                List.of(created(a1.id(), "2024-04-02T10:00:00Z")),
                store.strategies().strategyEvents(a1.id()));
        assertThrows(
                IllegalArgumentException.class,
                () -> store.strategies().createStrategy(a1, created("someone-else", "2024-04-02T10:00:00Z")));

        store.close();
        store = Stores.open(config);
        assertEquals(List.of(meta, a2, a1, b1), store.strategies().listStrategies(), "survives reopening");
        assertEquals(1, store.strategies().strategyEvents(META_SYMBOL).size());
    }

    @Test
    void aStrategyLogIsACompareAndSetOnItsLength() {
        StrategyVersionRecord s = strategy("s@1.0.0", "s", "1.0.0", "2024-04-01T10:00:00Z", null);
        StrategyEventRecord first = created(s.id(), "2024-04-01T10:00:00Z");
        assertTrue(store.strategies().createStrategy(s, first));
        StrategyEventRecord promoted = new StrategyEventRecord(
                s.id(),
                2,
                Instant.parse("2024-04-02T10:00:00.5Z"),
                StrategyEventRecord.Kind.PROMOTED,
                StrategyStage.TESTING,
                "api",
                "DRAFT -> TESTING",
                null);
        StrategyEventRecord refused = new StrategyEventRecord(
                s.id(),
                3,
                Instant.parse("2024-04-03T10:00:00Z"),
                StrategyEventRecord.Kind.REFUSED,
                StrategyStage.TESTING,
                null,
                "gate failed: sharpe",
                "{\"gates\":[{\"gate\":\"out_of_sample_sharpe\",\"passed\":false,\"measured\":0.4}]}");
        assertTrue(store.strategies().appendStrategyEvent(promoted));
        assertFalse(store.strategies().appendStrategyEvent(promoted), "seq 2 is taken");
        assertFalse(
                store.strategies()
                        .appendStrategyEvent(new StrategyEventRecord(
                                s.id(),
                                2,
                                Instant.parse("2024-04-02T11:00:00Z"),
                                StrategyEventRecord.Kind.ARCHIVED,
                                StrategyStage.ARCHIVED,
                                "other",
                                null,
                                null)),
                "taken by another");
        assertFalse(store.strategies().appendStrategyEvent(first), "seq 1 is the creation");
        assertThrows(
                IllegalArgumentException.class,
                () -> store.strategies()
                        .appendStrategyEvent(new StrategyEventRecord(
                                s.id(),
                                4,
                                Instant.parse("2024-04-02T11:00:00Z"),
                                StrategyEventRecord.Kind.DRIFT,
                                StrategyStage.TESTING,
                                null,
                                null,
                                null)),
                "a gap");
        assertTrue(store.strategies().appendStrategyEvent(refused));
        assertEquals(List.of(first, promoted, refused), store.strategies().strategyEvents(s.id()));
        StrategyVersionRecord other = strategy("a@1.0.0", "a", "1.0.0", "2024-04-05T10:00:00Z", null);
        assertTrue(store.strategies().createStrategy(other, created(other.id(), "2024-04-05T10:00:00Z")));
        assertEquals(
                List.of(created(other.id(), "2024-04-05T10:00:00Z"), first, promoted, refused),
                store.strategies().allStrategyEvents(),
                "every log at once, by strategy id then seq");
        assertEquals(List.of(), store.strategies().strategyEvents("nope"));
        StorageException e = assertThrows(
                StorageException.class,
                () -> store.strategies()
                        .appendStrategyEvent(new StrategyEventRecord(
                                "nope",
                                2,
                                Instant.EPOCH,
                                StrategyEventRecord.Kind.DRIFT,
                                StrategyStage.DRAFT,
                                null,
                                null,
                                null)));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new StrategyEventRecord(
                        s.id(),
                        2,
                        Instant.EPOCH,
                        StrategyEventRecord.Kind.CREATED,
                        StrategyStage.DRAFT,
                        null,
                        null,
                        null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new StrategyEventRecord(
                        s.id(),
                        2,
                        Instant.EPOCH,
                        StrategyEventRecord.Kind.DRIFT,
                        StrategyStage.DRAFT,
                        null,
                        null,
                        "{broken"));
    }

    @Test
    void concurrentAppendersOfOneSeqHaveExactlyOneWinner() throws Exception {
        StrategyVersionRecord s = strategy("race@1.0.0", "race", "1.0.0", "2024-04-01T10:00:00Z", null);
        assertTrue(store.strategies().createStrategy(s, created(s.id(), "2024-04-01T10:00:00Z")));
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int seq = 2; seq <= 4; seq++) {
                int next = seq;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String actor = "writer-" + w;
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.strategies()
                                .appendStrategyEvent(new StrategyEventRecord(
                                        s.id(),
                                        next,
                                        Instant.parse("2024-04-02T10:00:00Z"),
                                        StrategyEventRecord.Kind.DRIFT,
                                        StrategyStage.DRAFT,
                                        actor,
                                        null,
                                        null));
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) {
                    winners += f.get() ? 1 : 0;
                }
                assertEquals(1, winners, "seq " + next);
            }
        } finally {
            pool.shutdownNow();
        }
        List<StrategyEventRecord> log = store.strategies().strategyEvents(s.id());
        assertEquals(
                List.of(1, 2, 3, 4), log.stream().map(StrategyEventRecord::seq).toList());
    }

    @Test
    void aStrategyOnTheNewestTimeframeRoundTrips() {
        // 15m is the newest timeframe (schema version 3 on postgres)
        StrategyVersionRecord quarter = new StrategyVersionRecord(
                "q@1.0.0",
                "q",
                "1.0.0",
                Instant.parse("2024-04-01T10:00:00Z"),
                null,
                0,
                null,
                "BTCUSD",
                Timeframe.M15,
                "{}",
                "{}",
                "{}",
                "{}",
                "[]");
        assertTrue(store.strategies().createStrategy(quarter, created(quarter.id(), "2024-04-01T10:00:00Z")));
        assertEquals(Optional.of(quarter), store.strategies().findStrategy("q@1.0.0"));
    }

    @Test
    void everyStageAndKindRoundTrips() {
        // SHADOW, STEPPED and HELD are the newest (schema version 5 on postgres): each stage and kind is stored as is
        StrategyVersionRecord s = strategy("life@1.0.0", "life", "1.0.0", "2024-04-01T10:00:00Z", null);
        assertTrue(store.strategies().createStrategy(s, created(s.id(), "2024-04-01T10:00:00Z")));
        List<StrategyEventRecord> expected = new ArrayList<>(store.strategies().strategyEvents(s.id()));
        int seq = 2;
        Instant at = Instant.parse("2024-04-02T10:00:00Z");
        for (StrategyEventRecord.Kind kind : StrategyEventRecord.Kind.values()) {
            if (kind == StrategyEventRecord.Kind.CREATED) {
                continue;
            }
            for (StrategyStage stage : StrategyStage.values()) {
                StrategyEventRecord e = new StrategyEventRecord(
                        s.id(), seq++, at, kind, stage, "test", kind + " in " + stage, "{\"share\":0.25}");
                assertTrue(store.strategies().appendStrategyEvent(e), e.toString());
                expected.add(e);
                at = at.plusMillis(1);
            }
        }
        assertEquals(expected, store.strategies().strategyEvents(s.id()));
    }
}
