package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract of {@link RunStore}: runs, their generations (checkpoints) and top strategies. */
abstract class RunStoreContract extends StoreContract {
    @Test
    void runsRoundTrip() {
        RunRecord a = run("run-a", "2024-03-01T10:00:00.123456789Z");
        RunRecord b = run("run-b", "2024-03-02T10:00:00Z");
        RunRecord c = run("run-c", "2024-03-03T10:00:00Z");
        assertEquals(Instant.parse("2024-03-01T10:00:00.123Z"), a.createdAt(), "stored to the millisecond");
        store.runs().saveRun(b);
        store.runs().saveRun(a);
        store.runs().saveRun(c);
        assertEquals(Optional.of(a), store.runs().findRun("run-a"));
        assertEquals(Optional.empty(), store.runs().findRun("run-x"));
        assertEquals(List.of(c, b), store.runs().listRuns(2));
        assertEquals(List.of(c, b, a), store.runs().listRuns(10));

        Instant before = Instant.now().minusSeconds(1);
        store.runs().updateRunStatus("run-b", RunStatus.FAILED, "fitness diverged: NaN at generation 7");
        RunRecord failed = store.runs().findRun("run-b").orElseThrow();
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals("fitness diverged: NaN at generation 7", failed.message());
        assertTrue(failed.updatedAt().isAfter(before), failed.toString());
        assertEquals(b.configJson(), failed.configJson(), "config JSON verbatim");
        store.runs().updateRunStatus("run-b", RunStatus.INTERRUPTED, null);
        assertNull(store.runs().findRun("run-b").orElseThrow().message());

        RunRecord other = new RunRecord("run-a", a.createdAt(), "AAPL", Timeframe.D1, 7, RunStatus.COMPLETED, "{}");
        RunExistsException taken =
                assertThrows(RunExistsException.class, () -> store.runs().saveRun(other));
        assertTrue(taken.getMessage().contains("'run-a' exists already"), taken.getMessage());
        assertEquals(Optional.of(a), store.runs().findRun("run-a"), "a run is never replaced");
        assertEquals(3, store.runs().listRuns(100).size());

        StorageException e = assertThrows(
                StorageException.class, () -> store.runs().updateRunStatus("nope", RunStatus.COMPLETED, null));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    /** Another handle on the same data, as a second process would have; the store itself where there is none. */
    private Store handle(int i) {
        return i == 0 || !backend().separateHandles() ? store : Stores.open(config);
    }

    private void closeHandles(List<Store> handles) {
        for (Store h : handles) {
            if (h != store) {
                h.close();
            }
        }
    }

    /**
     * Two coordinators creating a run under one id at the same instant (as two runs started in the same second
     * with the same symbol and seed once did) never share a record: exactly one creates it, the other is refused,
     * and what the winner records stays its own.
     */
    @Test
    void concurrentCreationsOfOneRunHaveExactlyOneWinner() throws Exception {
        int writers = 6;
        List<Store> handles = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            handles.add(handle(i));
        }
        try {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                RunStore runs = handles.get(i).runs();
                RunRecord mine = new RunRecord(
                        "same-second",
                        Instant.parse("2024-03-01T10:00:00Z"),
                        "BTCUSD",
                        Timeframe.M1,
                        42,
                        RunStatus.RUNNING,
                        "{\"writer\":" + i + "}",
                        RunLease.first("writer-" + i, Instant.parse("2024-03-01T10:00:00Z")));
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        runs.saveRun(mine);
                        runs.saveGeneration(mine.runId(), new GenerationRecord(1, 1, 1, 1, 1, mine.configJson()));
                        return mine.configJson();
                    } catch (RunExistsException refused) {
                        return null;
                    }
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> f : outcomes) {
                String won = f.get(60, TimeUnit.SECONDS);
                if (won != null) {
                    winners.add(won);
                }
            }
            pool.shutdown();
            assertEquals(1, winners.size(), "exactly one creates the run: " + winners);
            RunRecord stored = store.runs().findRun("same-second").orElseThrow();
            assertEquals(winners.get(0), stored.configJson());
            assertEquals(
                    "writer-" + winners.get(0).replaceAll("\\D", ""),
                    stored.lease().orElseThrow().owner());
            assertEquals(
                    List.of(winners.get(0)),
                    store.runs().generations("same-second").stream()
                            .map(GenerationRecord::populationJson)
                            .toList(),
                    "only the winner's generations are recorded");
        } finally {
            closeHandles(handles);
        }
    }

    @Test
    void aRetriedCreationOfTheSameRecordIsNoClash() {
        RunRecord r =
                run("r", "2024-03-01T10:00:00Z").withLease(RunLease.first("me", Instant.parse("2024-03-01T10:00:00Z")));
        store.runs().saveRun(r);
        store.runs().saveRun(r); // e.g. resent after a lost acknowledgement
        assertEquals(Optional.of(r), store.runs().findRun("r"));
        assertThrows(
                RunExistsException.class,
                () -> store.runs().saveRun(r.withLease(RunLease.first("you", r.createdAt()))));
    }

    @Test
    void aLeaseBeatsForItsOwnerOnlyAndIsTakenOverOnce() {
        Instant t0 = Instant.parse("2024-03-01T10:00:00Z");
        RunLease first = RunLease.first("coordinator-a", t0);
        RunRecord r = new RunRecord("leased", t0, "BTCUSD", Timeframe.M1, 42, RunStatus.QUEUED, "{}", first);
        RunStore runs = store.runs();
        runs.saveRun(r);
        assertEquals(Optional.of(first), runs.findRun("leased").orElseThrow().lease());
        assertEquals(RunStatus.QUEUED, runs.findRun("leased").orElseThrow().status());

        assertTrue(runs.beatRun("leased", first, t0.plusSeconds(5)));
        assertEquals(
                t0.plusSeconds(5),
                runs.findRun("leased").orElseThrow().lease().orElseThrow().beatAt());
        assertTrue(runs.beatRun("leased", first, t0.plusSeconds(10).plusNanos(1_500_000)));
        assertEquals(
                t0.plusSeconds(10).plusMillis(1),
                runs.findRun("leased").orElseThrow().lease().orElseThrow().beatAt());
        assertFalse(runs.beatRun("leased", new RunLease("coordinator-b", 1, t0), t0.plusSeconds(11)), "not its owner");
        assertFalse(runs.beatRun("leased", first.next("coordinator-a", t0), t0.plusSeconds(11)), "not its epoch");

        RunLease second = first.next("coordinator-b", t0.plusSeconds(60));
        assertFalse(
                runs.takeOverRun("leased", 0, new RunLease("coordinator-b", 1, t0), RunStatus.RUNNING, null),
                "epoch 0 is gone");
        assertTrue(runs.takeOverRun("leased", 1, second, RunStatus.INTERRUPTED, "its coordinator is gone"));
        RunRecord taken = runs.findRun("leased").orElseThrow();
        assertEquals(Optional.of(second), taken.lease());
        assertEquals(RunStatus.INTERRUPTED, taken.status());
        assertEquals("its coordinator is gone", taken.message());
        assertEquals(r.configJson(), taken.configJson());
        assertFalse(
                runs.takeOverRun("leased", 1, first.next("coordinator-c", t0), RunStatus.RUNNING, null), "taken once");
        assertFalse(runs.beatRun("leased", first, t0.plusSeconds(61)), "the old owner lost it");
        assertEquals(Optional.of(second), runs.findRun("leased").orElseThrow().lease());
        assertTrue(runs.beatRun("leased", second, Instant.EPOCH), "given up");
        assertEquals(
                Instant.EPOCH,
                runs.findRun("leased").orElseThrow().lease().orElseThrow().beatAt());

        runs.updateRunStatus("leased", RunStatus.RUNNING, "resumed");
        assertEquals(
                Optional.of(second.beatenAt(Instant.EPOCH)),
                runs.findRun("leased").orElseThrow().lease(),
                "a status change keeps the lease");
        assertThrows(StorageException.class, () -> runs.beatRun("nope", first, t0));
        assertThrows(StorageException.class, () -> runs.takeOverRun("nope", 0, first, RunStatus.RUNNING, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> runs.takeOverRun("leased", 2, second, RunStatus.RUNNING, null),
                "the next lease's epoch must follow the expected one");

        store.close();
        store = Stores.open(config);
        assertEquals(
                Optional.of(second.beatenAt(Instant.EPOCH)),
                store.runs().findRun("leased").orElseThrow().lease(),
                "leases survive reopening");
    }

    @Test
    void aRunWithoutALeaseCanBeTakenOverFromEpochZero() {
        RunRecord old = run("old", "2024-03-01T10:00:00Z");
        store.runs().saveRun(old);
        assertEquals(Optional.empty(), store.runs().findRun("old").orElseThrow().lease());
        assertEquals(0, store.runs().findRun("old").orElseThrow().leaseEpoch());
        RunLease mine = RunLease.first("me", Instant.parse("2024-03-02T00:00:00Z"));
        assertFalse(store.runs().beatRun("old", mine, mine.beatAt()), "no lease to beat");
        assertTrue(store.runs().takeOverRun("old", 0, mine, RunStatus.RUNNING, "resumed"));
        assertEquals(
                Optional.of(mine), store.runs().findRun("old").orElseThrow().lease());
    }

    @Test
    void concurrentTakeOversOfOneLeaseHaveExactlyOneWinner() throws Exception {
        Instant t0 = Instant.parse("2024-03-01T10:00:00Z");
        RunLease first = RunLease.first("dead", t0);
        store.runs().saveRun(new RunRecord("orphan", t0, "BTCUSD", Timeframe.M1, 42, RunStatus.RUNNING, "{}", first));
        int takers = 6;
        List<Store> handles = new ArrayList<>();
        for (int i = 0; i < takers; i++) {
            handles.add(handle(i));
        }
        try {
            ExecutorService pool = Executors.newFixedThreadPool(takers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < takers; i++) {
                RunStore runs = handles.get(i).runs();
                RunLease next = first.next("taker-" + i, t0.plusSeconds(60));
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return runs.takeOverRun("orphan", 1, next, RunStatus.RUNNING, next.owner());
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : outcomes) {
                won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, won, "exactly one takes the run over");
            RunRecord stored = store.runs().findRun("orphan").orElseThrow();
            assertEquals(2, stored.leaseEpoch());
            assertEquals(stored.lease().orElseThrow().owner(), stored.message(), "the winner's status with its lease");
        } finally {
            closeHandles(handles);
        }
    }

    @Test
    void runsAreListedByStatusOldestFirst() {
        Instant t = Instant.parse("2024-03-01T10:00:00Z");
        RunStore runs = store.runs();
        runs.saveRun(new RunRecord("q2", t.plusSeconds(2), "BTCUSD", Timeframe.M1, 1, RunStatus.QUEUED, "{}"));
        runs.saveRun(new RunRecord("r1", t.plusSeconds(1), "BTCUSD", Timeframe.M1, 1, RunStatus.RUNNING, "{}"));
        runs.saveRun(new RunRecord("c0", t, "BTCUSD", Timeframe.M1, 1, RunStatus.COMPLETED, "{}"));
        runs.saveRun(new RunRecord("q1", t.plusSeconds(1), "BTCUSD", Timeframe.M1, 1, RunStatus.QUEUED, "{}"));
        assertEquals(
                List.of("q1", "r1", "q2"),
                runs.runsWithStatus(EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING)).stream()
                        .map(RunRecord::runId)
                        .toList());
        assertEquals(
                List.of("c0"),
                runs.runsWithStatus(Set.of(RunStatus.COMPLETED)).stream()
                        .map(RunRecord::runId)
                        .toList());
        assertEquals(List.of(), runs.runsWithStatus(Set.of()));
        runs.updateRunStatus("q1", RunStatus.RUNNING, null);
        assertEquals(
                List.of("q2"),
                runs.runsWithStatus(Set.of(RunStatus.QUEUED)).stream()
                        .map(RunRecord::runId)
                        .toList());
    }

    @Test
    void generationsAreUpsertedAndKeptInOrder() {
        store.runs().saveRun(run("r", "2024-03-01T10:00:00Z"));
        List<GenerationRecord> expected = new ArrayList<>();
        for (int g = 4; g >= 0; g--) {
            GenerationRecord rec = new GenerationRecord(
                    g,
                    1.5 + g,
                    0.25 * g,
                    64L * (g + 1),
                    1000 + g,
                    g % 2 == 0 ? "[{\"genes\":[0.1,0.2],\"g\":" + g + "}]" : null);
            store.runs().saveGeneration("r", rec);
            expected.add(0, rec);
        }
        GenerationRecord g2 = new GenerationRecord(2, Double.NEGATIVE_INFINITY, Double.NaN, 1, 2, "[]");
        store.runs().saveGeneration("r", g2);
        expected.set(2, g2);
        List<GenerationRecord> actual = store.runs().generations("r");
        assertEquals(expected, actual); // record equals compares doubles with Double.compare: NaN == NaN
        assertEquals(List.of(), store.runs().generations("other"));
        assertThrows(StorageException.class, () -> store.runs().saveGeneration("nope", g2));
    }

    @Test
    void resultsAreReplacedAsAWhole() {
        store.runs().saveRun(run("r", "2024-03-01T10:00:00Z"));
        StrategyRecord s1 = new StrategyRecord(1, "{\"sma\":20}", "{\"sharpe\":1.2}", "{\"sharpe\":0.8}", 1.2, true);
        StrategyRecord s2 = new StrategyRecord(2, "{\"sma\":50}", null, null, 0.7, false);
        StrategyRecord s3 = new StrategyRecord(3, "[1,2,3]", "{}", "{}", -0.5, false);
        store.runs().saveResults("r", List.of(s3, s1, s2));
        assertEquals(List.of(s1, s2, s3), store.runs().results("r"));
        store.runs().saveResults("r", List.of(s2));
        assertEquals(List.of(s2), store.runs().results("r"));
        store.runs().saveResults("r", List.of());
        assertEquals(List.of(), store.runs().results("r"));
        assertThrows(IllegalArgumentException.class, () -> store.runs().saveResults("r", List.of(s1, s1)));
        assertThrows(StorageException.class, () -> store.runs().saveResults("nope", List.of(s1)));
        assertEquals(List.of(), store.runs().results("nope"));
    }

    @Test
    void runIdsWithMetacharactersAreStoredVerbatim() {
        RunRecord run = new RunRecord(
                META_SYMBOL,
                Instant.parse("2024-01-01T00:00:00Z"),
                META_SYMBOL,
                Timeframe.D1,
                1,
                RunStatus.RUNNING,
                "{\"sql\":\"'; DROP TABLE runs;--\"}");
        store.runs().saveRun(run);
        assertEquals(Optional.of(run), store.runs().findRun(META_SYMBOL));
    }

    @Test
    void longestIdsRoundTrip() {
        String symbol = "😀".repeat(32); // 64 chars, 128 UTF-8 bytes: the longest symbol, in escapes far too long
        String id = "é".repeat(Checks.MAX_ID_LENGTH);
        RunRecord r = new RunRecord(
                id, Instant.parse("2024-01-01T00:00:00Z"), symbol, Timeframe.D1, 3, RunStatus.RUNNING, "{}");
        store.runs().saveRun(r);
        store.runs().saveGeneration(id, new GenerationRecord(0, 1, 1, 1, 1, null));
        assertEquals(Optional.of(r), store.runs().findRun(id));
        assertEquals(1, store.runs().generations(id).size());
        assertEquals(Optional.empty(), store.runs().findRun("é".repeat(Checks.MAX_ID_LENGTH - 1) + "e"));
        assertThrows(IllegalArgumentException.class, () -> store.runs().findRun(id + "x"));
    }
}
