package io.seedgrid.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunExistsException;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run recorder on every storage backend (DuckDB file, shared directory, PostgreSQL): runs started in the same
 * second stay separate, a recorder holds its run's lease while it records, a run whose coordinator is there is not
 * taken over, and a run resumed from its stored checkpoints ends with the uninterrupted result. Data: the bundled
 * AAPL daily bars, stored.
 */
abstract class RunRecorderContractTest {
    static final Bars AAPL = BundledData.load("AAPL");
    static final Instant SECOND = Instant.parse("2024-06-01T12:34:56Z");

    @TempDir
    Path temp;

    Store store;

    abstract StorageConfig freshConfig() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = Stores.open(freshConfig());
        store.bars().writeBars(AAPL);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static RunManifest manifest(EvolutionRun run, Bars bars) {
        return RunManifest.of(
                RunManifest.Origin.CLI,
                run,
                DataSource.stored(bars.symbol(), bars.timeframe()),
                bars,
                Optional.empty(),
                SavePlan.DEFAULT);
    }

    /** Records {@code run} whole, as a front end does. */
    static RunResult record(RunRecorder recorder, EvolutionRun run) {
        try (recorder) {
            RunResult result = run.run(g -> {}, recorder::generation);
            recorder.results(result.top());
            recorder.completed();
            return result;
        }
    }

    /**
     * Issue 13 point 1: two runs with the same symbol and seed started in the same second (two users, a scheduler
     * and a user) used to share one id and one record. Now each has its own id, generations, results and settings.
     */
    @Test
    void twoRunsStartedInTheSameSecondStaySeparate() {
        Clock frozen = Clock.fixed(SECOND, ZoneOffset.UTC);
        EvolutionRun slow = RunJsonTest.small(AAPL, 7).build();
        EvolutionRun other = RunJsonTest.small(AAPL, 7)
                .config(slow.config().withMutationRate(0.3))
                .build();
        String a = RunIds.next("", "AAPL", 7, Optional.empty(), frozen.instant());
        String b = RunIds.next("", "AAPL", 7, Optional.empty(), frozen.instant());
        assertNotEquals(a, b);
        RunRecorder.Builder recording = RunRecorder.builder(store.runs()).clock(frozen);
        RunRecorder first = recording.create(a, manifest(slow, AAPL), RunStatus.RUNNING);
        RunRecorder second = recording.create(b, manifest(other, AAPL), RunStatus.RUNNING);
        RunResult ra = record(first, slow);
        RunResult rb = record(second, other);

        for (var pair : List.of(new Object[] {a, ra, slow}, new Object[] {b, rb, other})) {
            String id = (String) pair[0];
            RunResult result = (RunResult) pair[1];
            StoredRun stored = StoredRun.load(store, id);
            assertEquals(RunStatus.COMPLETED, stored.record().status());
            assertEquals(((EvolutionRun) pair[2]).config(), stored.manifest().ga(), "its own settings");
            assertEquals(4, stored.checkpoints().size(), "its own four generations, no more");
            List<GenerationRecord> gens = store.runs().generations(id);
            for (int g = 0; g < 4; g++) {
                assertEquals(
                        result.generations().get(g).bestFitness(), gens.get(g).bestFitness(), 0);
                assertEquals(
                        result.generations().get(g).meanFitness(), gens.get(g).meanFitness(), 0);
            }
            List<RecordedResult> top = StoredRun.results(store.runs(), id);
            assertEquals(result.top().size(), top.size());
            for (int i = 0; i < top.size(); i++) {
                assertEquals(result.top().get(i).strategy(), top.get(i).strategy());
            }
        }
        assertNotEquals(
                ra.generations().get(3).meanFitness(),
                rb.generations().get(3).meanFitness(),
                "two different runs (else the test shows nothing)");
        // the same id again is refused, and the first record stays whole
        RunExistsException again = assertThrows(
                RunExistsException.class, () -> recording.create(a, manifest(other, AAPL), RunStatus.RUNNING));
        assertTrue(again.getMessage().contains(a), again.getMessage());
        assertEquals(slow.config(), StoredRun.load(store, a).manifest().ga());
        assertEquals(RunStatus.COMPLETED, store.runs().findRun(a).orElseThrow().status());
    }

    @Test
    void aRecorderBeatsItsLeaseWhileItRecordsAndGivesItUpWhenItEnds() throws Exception {
        LeaseTerms fast = new LeaseTerms(Duration.ofMillis(20), Duration.ofSeconds(10));
        RunRecorder recorder = RunRecorder.builder(store.runs())
                .leaseTerms(fast)
                .create(
                        RunIds.next("", "AAPL", 1, Optional.empty(), Instant.now()),
                        manifest(RunJsonTest.small(AAPL, 1).build(), AAPL),
                        RunStatus.QUEUED);
        RunRecord created = store.runs().findRun(recorder.runId()).orElseThrow();
        assertEquals(RunStatus.QUEUED, created.status());
        assertEquals(recorder.lease(), created.lease().orElseThrow());
        assertTrue(fast.held(created, Instant.now()));
        Instant first = created.lease().orElseThrow().beatAt();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!store.runs()
                .findRun(recorder.runId())
                .orElseThrow()
                .lease()
                .orElseThrow()
                .beatAt()
                .isAfter(first)) {
            assertTrue(System.nanoTime() < deadline, "the lease should be beaten");
            Thread.sleep(10);
        }
        recorder.running("started");
        assertEquals(
                RunStatus.RUNNING,
                store.runs().findRun(recorder.runId()).orElseThrow().status());
        recorder.interrupted("stopped for the test");
        recorder.close();
        RunRecord ended = store.runs().findRun(recorder.runId()).orElseThrow();
        assertEquals(RunStatus.INTERRUPTED, ended.status());
        assertEquals("stopped for the test", ended.message());
        assertEquals(Instant.EPOCH, ended.lease().orElseThrow().beatAt(), "given up");
        assertFalse(fast.held(ended, Instant.now()));
    }

    @Test
    void aRunCanBeCreatedAtAnotherClocksTimeWhileItsLeaseKeepsTheWallClock() {
        Instant replayed = Instant.parse("2013-07-08T00:00:00Z");
        try (RunRecorder recorder = RunRecorder.builder(store.runs())
                .createdAt(Clock.fixed(replayed, ZoneOffset.UTC))
                .create(
                        RunIds.next("", "AAPL", 1, Optional.empty(), replayed),
                        manifest(RunJsonTest.small(AAPL, 1).build(), AAPL),
                        RunStatus.RUNNING)) {
            RunRecord created = store.runs().findRun(recorder.runId()).orElseThrow();
            assertEquals(replayed, created.createdAt());
            assertTrue(LeaseTerms.DEFAULT.held(created, Instant.now()), "its lease is judged on the wall clock");
            recorder.completed();
        }
    }

    @Test
    void aRunHeldByItsCoordinatorIsNotTakenOverAndOneThatLostItStops() throws InterruptedException {
        EvolutionRun run = RunJsonTest.small(AAPL, 2).build();
        String id = RunIds.next("", "AAPL", 2, Optional.empty(), Instant.now());
        RunRecorder holder = RunRecorder.builder(store.runs())
                .leaseTerms(new LeaseTerms(Duration.ofMillis(50), Duration.ofSeconds(30)))
                .create(id, manifest(run, AAPL), RunStatus.RUNNING);
        RunHeldException held = assertThrows(
                RunHeldException.class,
                () -> RunRecorder.builder(store.runs())
                        .takeOver(StoredRun.load(store, id), RunStatus.RUNNING, "resumed"));
        assertTrue(
                held.getMessage().contains("is still RUNNING")
                        && held.getMessage().contains(holder.lease().owner()),
                held.getMessage());

        // a minute later by another clock, the holder looks silent for too long: another coordinator takes over
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
        RunRecorder taker = RunRecorder.builder(store.runs())
                .clock(later)
                .takeOver(StoredRun.load(store, id), RunStatus.RUNNING, "resumed after generation 0");
        assertEquals(2, store.runs().findRun(id).orElseThrow().leaseEpoch());
        assertThrows(
                RunHeldException.class,
                () -> RunRecorder.builder(store.runs())
                        .clock(later)
                        .takeOver(StoredRun.load(store, id), RunStatus.RUNNING, "again"),
                "held by the taker now");
        // the old holder notices at its next beat and records nothing more
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!holder.lost()) {
            assertTrue(System.nanoTime() < deadline, "the old holder should learn it lost the run");
            Thread.sleep(5);
        }
        assertThrows(RunHeldException.class, () -> run.run(g -> {}, holder::generation));
        holder.completed();
        holder.close();
        assertEquals(
                RunStatus.RUNNING, store.runs().findRun(id).orElseThrow().status(), "the old holder wrote nothing");
        assertEquals(List.of(), store.runs().generations(id));
        record(taker, run);
        assertEquals(RunStatus.COMPLETED, store.runs().findRun(id).orElseThrow().status());
    }

    /** {@code n} daily bars after the last of {@code bars}, flat at its last close. */
    static Bars laterBars(Bars bars, int n) {
        long[] t = new long[n];
        double[] p = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = bars.endEpochMilli(bars.size() - 1)
                    + (i + 1) * Timeframe.D1.duration().toMillis();
            p[i] = bars.close(bars.size() - 1);
            v[i] = 1000;
        }
        return Bars.of(bars.symbol(), bars.timeframe(), t, p, p, p, p, v);
    }

    /** Resumed from the checkpoints its recorder stored, a run ends exactly as it would have uninterrupted. */
    @Test
    void aRunResumedFromItsStoredCheckpointsEndsWithTheUninterruptedResult() {
        EvolutionRun.Builder settings =
                RunJsonTest.small(AAPL, 11).slippageBps(4).allowShort(true);
        RunResult uninterrupted = settings.build().run(g -> {});

        String id = RunIds.next("", "AAPL", 11, Optional.empty(), Instant.now());
        EvolutionRun first = settings.build();
        RunRecorder recorder = RunRecorder.builder(store.runs()).create(id, manifest(first, AAPL), RunStatus.RUNNING);
        assertThrows(
                IllegalStateException.class,
                () -> first.run(
                        g -> {
                            if (g.generation() == 3) {
                                throw new IllegalStateException(
                                        "the coordinator dies"); // after checkpointing generation 2
                            }
                        },
                        recorder::generation));
        recorder.interrupted("the coordinator died");
        recorder.close();
        store.bars().writeBars(laterBars(AAPL, 5)); // ingested since the run

        StoredRun stored = StoredRun.load(store, id);
        assertEquals(2, stored.checkpoints().size());
        Bars bars = stored.loadBars(store.bars());
        assertEquals(AAPL.size(), bars.size(), "the run's own bars, whatever else was stored since");
        RunRecorder resumed = RunRecorder.builder(store.runs()).takeOver(stored, RunStatus.RUNNING, "resumed");
        RunResult after = record(resumed, stored.resumeBuilder(bars).build());

        assertEquals(uninterrupted.spec(), after.spec(), "the same settings whole: costs, fill, direction, split");
        assertEquals(uninterrupted.distinctGenomes(), after.distinctGenomes());
        for (int g = 0; g < 4; g++) {
            assertEquals(
                    uninterrupted.generations().get(g).bestFitness(),
                    after.generations().get(g).bestFitness(),
                    0);
            assertEquals(
                    uninterrupted.generations().get(g).meanFitness(),
                    after.generations().get(g).meanFitness(),
                    0);
        }
        assertEquals(uninterrupted.top().size(), after.top().size());
        for (int i = 0; i < after.top().size(); i++) {
            assertArrayEquals(
                    uninterrupted.top().get(i).genome(), after.top().get(i).genome());
            assertEquals(
                    uninterrupted.top().get(i).fitness(), after.top().get(i).fitness());
        }
        assertEquals(4, store.runs().generations(id).size());
        assertThrows(
                IllegalArgumentException.class,
                () -> StoredRun.load(store, id).requireResumable(LeaseTerms.DEFAULT, Instant.now()),
                "completed now");
    }
}
