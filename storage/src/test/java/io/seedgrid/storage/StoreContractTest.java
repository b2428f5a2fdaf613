package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BarsFormatException;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract: every backend runs exactly these tests against a real store (DuckDB file, shared directory,
 * PostgreSQL) and must give the same answers for the same data in. Data are the real bundled AAPL (252 daily bars)
 * and BTCUSD (9,603 one-minute bars).
 */
abstract class StoreContractTest {
    static final Bars AAPL = BundledData.load("AAPL");
    static final Bars BTC = BundledData.load("BTCUSD");
    static final String META_SYMBOL = "A'B;DROP TABLE bars;--";

    @TempDir
    Path temp;
    Store store;
    StorageConfig config;

    /** A config for a fresh, empty store of the backend under test. */
    abstract StorageConfig freshConfig() throws Exception;

    abstract String expectedBackend();

    @BeforeEach
    void openStore() throws Exception {
        config = freshConfig();
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

    // ---------------------------------------------------------------- bars

    @Test
    void identifiesItsBackend() {
        assertEquals(expectedBackend(), store.backend());
        assertFalse(store.location().isBlank());
    }

    @Test
    void realBundledBarsRoundTripExactly() {
        IngestResult aapl = Ingest.bundled(store, "AAPL");
        IngestResult btc = Ingest.bundled(store, "btcusd");
        assertEquals(252, aapl.bars());
        assertEquals(252, aapl.stored());
        assertEquals(0, aapl.unchanged());
        assertEquals(BTC.size(), btc.stored());
        assertSameBars(AAPL, store.readBars("AAPL", Timeframe.D1));
        assertSameBars(BTC, store.readBars("BTCUSD", Timeframe.M1, null, null));
    }

    @Test
    void reingestIsIdempotent() {
        Ingest.bundled(store, "AAPL");
        Ingest.bundled(store, "BTCUSD");
        IngestResult again = Ingest.bundled(store, "BTCUSD");
        assertEquals(0, again.stored(), "nothing new on re-ingest");
        assertEquals(BTC.size(), again.unchanged());
        assertEquals(0, store.writeBars(AAPL));
        assertSameBars(BTC, store.readBars("BTCUSD", Timeframe.M1));
        assertEquals(List.of(252L, (long) BTC.size()),
                store.listSymbols().stream().map(SymbolSummary::count).toList());
        assertEquals(252 + BTC.size(), store.health().barCount());
    }

    @Test
    void upsertReplacesChangedBarsAndAddsNewOnes() {
        store.writeBars(AAPL);
        int n = AAPL.size();
        long[] t = new long[n + 2];
        double[] o = new double[n + 2], h = new double[n + 2], l = new double[n + 2], c = new double[n + 2],
                v = new double[n + 2];
        for (int i = 0; i < n; i++) {
            t[i] = AAPL.endEpochMilli(i);
            o[i] = AAPL.open(i);
            h[i] = AAPL.high(i);
            l[i] = AAPL.low(i);
            c[i] = AAPL.close(i);
            v[i] = AAPL.volume(i);
        }
        for (int i : new int[] {0, 100, 251}) {
            c[i] = h[i]; // a correction: close moved to the high
            v[i] = v[i] + 1;
        }
        long day = Duration.ofDays(1).toMillis();
        for (int i = n; i < n + 2; i++) {
            t[i] = t[i - 1] + day;
            o[i] = h[i] = l[i] = c[i] = 500 + i;
            v[i] = 10;
        }
        Bars corrected = Bars.of("AAPL", Timeframe.D1, t, o, h, l, c, v);
        assertEquals(5, store.writeBars(corrected), "3 changed + 2 new");
        assertSameBars(corrected, store.readBars("AAPL", Timeframe.D1));
        assertEquals(0, store.writeBars(corrected));
        // a partial older write replaces just its bars (latest wins), the rest stays
        assertEquals(1, store.writeBars(AAPL.slice(99, 102)), "only bar 100 differs");
        Bars now = store.readBars("AAPL", Timeframe.D1);
        assertEquals(n + 2, now.size());
        assertEquals(AAPL.close(100), now.close(100), 0.0);
        assertEquals(c[0], now.close(0), 0.0);
        assertEquals(n + 2, store.health().barCount(), "distinct bars, however they were written");
        assertEquals(n + 2, store.listSymbols().get(0).count());
    }

    @Test
    void rangeReadsAreHalfOpenAndEmptyRangesGiveEmptyBars() {
        store.writeBars(BTC);
        Instant t10 = BTC.endTime(10);
        Instant t20 = BTC.endTime(20);
        assertSameBars(BTC.slice(10, 20), store.readBars("BTCUSD", Timeframe.M1, t10, t20));
        assertSameBars(BTC.slice(0, 20), store.readBars("BTCUSD", Timeframe.M1, null, t20));
        assertSameBars(BTC.slice(10, BTC.size()), store.readBars("BTCUSD", Timeframe.M1, t10, null));
        assertSameBars(BTC.slice(11, 21), store.readBars("BTCUSD", Timeframe.M1, t10.plusNanos(1), t20.plusNanos(1)));
        Bars empty = store.readBars("BTCUSD", Timeframe.M1, t10, t10);
        assertEquals(0, empty.size());
        assertEquals("BTCUSD", empty.symbol());
        assertEquals(0, store.readBars("BTCUSD", Timeframe.M5).size(), "other timeframe");
        assertEquals(0, store.readBars("NOPE", Timeframe.M1).size(), "unknown symbol");
        assertEquals(0, store.readBars("BTCUSD", Timeframe.M1, Instant.parse("2030-01-01T00:00:00Z"), null).size());
        assertEquals(BTC.size(), store.readBars("BTCUSD", Timeframe.M1, Instant.MIN, Instant.MAX).size());
        assertEquals(0, store.readBars("BTCUSD", Timeframe.M1, Instant.MIN, Instant.MIN).size());
        assertEquals(0, store.readBars("BTCUSD", Timeframe.M1, null, Instant.MIN).size());
        assertEquals(0, store.readBars("BTCUSD", Timeframe.M1, null, BTC.endTime(0)).size());
        assertEquals(1, store.readBars("BTCUSD", Timeframe.M1, null, BTC.endTime(0).plusMillis(1)).size());
        assertThrows(IllegalArgumentException.class, () -> store.readBars("BTCUSD", Timeframe.M1, t20, t10));
        assertThrows(IllegalArgumentException.class, () -> store.readBars(" ", Timeframe.M1, null, null));
    }

    @Test
    void listSymbolsSummarisesEachSymbolAndTimeframe() {
        assertEquals(List.of(), store.listSymbols());
        store.writeBars(BTC);
        store.writeBars(AAPL);
        store.writeBars(AAPL.withSymbol("aapl").head(10));
        List<SymbolSummary> list = store.listSymbols();
        assertEquals(List.of(
                new SymbolSummary("AAPL", Timeframe.D1, 252, AAPL.endTime(0), AAPL.endTime(251)),
                new SymbolSummary("BTCUSD", Timeframe.M1, BTC.size(), BTC.endTime(0), BTC.endTime(BTC.size() - 1)),
                new SymbolSummary("aapl", Timeframe.D1, 10, AAPL.endTime(0), AAPL.endTime(9))), list);
    }

    @Test
    void everyTimeframeIsStoredUnderItsOwnLabel() {
        // BTCUSD in every timeframe it resamples to; 15m is the newest (schema version 3 on postgres).
        List<SymbolSummary> expected = new ArrayList<>();
        for (Timeframe tf : Timeframe.values()) {
            Bars bars = tf == Timeframe.M1 ? BTC : BTC.resample(tf);
            assertEquals(bars.size(), store.writeBars(bars), tf.label());
            expected.add(new SymbolSummary("BTCUSD", tf, bars.size(), bars.endTime(0), bars.endTime(bars.size() - 1)));
        }
        for (Timeframe tf : Timeframe.values()) {
            assertSameBars(tf == Timeframe.M1 ? BTC : BTC.resample(tf), store.readBars("BTCUSD", tf));
        }
        assertEquals(expected, store.listSymbols(), "ordered by timeframe length");
        StrategyVersionRecord quarter = new StrategyVersionRecord("q@1.0.0", "q", "1.0.0",
                Instant.parse("2024-04-01T10:00:00Z"), null, 0, null, "BTCUSD", Timeframe.M15, "{}", "{}", "{}", "{}", "[]");
        assertTrue(store.createStrategy(quarter, created(quarter.id(), "2024-04-01T10:00:00Z")));
        assertEquals(Optional.of(quarter), store.findStrategy("q@1.0.0"));
    }

    @Test
    void symbolsWithMetacharactersAreStoredVerbatim() {
        store.writeBars(AAPL);
        List<String> symbols = List.of(META_SYMBOL, "x/../../etc/passwd", "q\"uo`te$(rm -rf /)", "%2F", "sp ace",
                "ünï€😀", "..", "*?[glob]{x}", "C:\\win\\path", "a\\'b");
        int k = 0;
        for (String s : symbols) {
            Bars b = AAPL.slice(k, k + 20).withSymbol(s);
            assertEquals(20, store.writeBars(b), s);
            assertSameBars(b, store.readBars(s, Timeframe.D1));
            k += 5;
        }
        List<String> listed = store.listSymbols().stream().map(SymbolSummary::symbol).toList();
        assertTrue(listed.containsAll(symbols), listed.toString());
        assertEquals(symbols.size() + 1, listed.size());
        assertSameBars(AAPL, store.readBars("AAPL", Timeframe.D1)); // the bars table is still there
        List<SignalPoint> points = List.of(new SignalPoint(AAPL.endTime(0), 0.5));
        assertEquals(1, store.writeSignals(META_SYMBOL, META_SYMBOL, points));
        assertEquals(points, store.readSignals(META_SYMBOL, META_SYMBOL, null));
        RunRecord run = new RunRecord(META_SYMBOL, Instant.parse("2024-01-01T00:00:00Z"), META_SYMBOL, Timeframe.D1, 1,
                RunStatus.RUNNING, "{\"sql\":\"'; DROP TABLE runs;--\"}");
        store.saveRun(run);
        assertEquals(Optional.of(run), store.findRun(META_SYMBOL));
        store.saveReport(META_SYMBOL, run.createdAt(), "\"x\"");
        assertEquals(META_SYMBOL, store.reports(5).get(0).id());
    }

    @Test
    void longestSymbolsAndIdsRoundTrip() {
        String symbol = "😀".repeat(32); // 64 chars, 128 UTF-8 bytes: the longest symbol, in escapes far too long
        String almost = "😀".repeat(31) + "x";
        String id = "é".repeat(Checks.MAX_ID_LENGTH);
        Bars b = AAPL.head(30).withSymbol(symbol);
        store.writeBars(b);
        store.writeBars(AAPL.slice(30, 40).withSymbol(almost));
        assertSameBars(b, store.readBars(symbol, Timeframe.D1));
        assertEquals(10, store.readBars(almost, Timeframe.D1).size());
        RunRecord r = new RunRecord(id, Instant.parse("2024-01-01T00:00:00Z"), symbol, Timeframe.D1, 3,
                RunStatus.RUNNING, "{}");
        store.saveRun(r);
        store.saveGeneration(id, new GenerationRecord(0, 1, 1, 1, 1, null));
        assertEquals(Optional.of(r), store.findRun(id));
        assertEquals(1, store.generations(id).size());
        assertEquals(Optional.empty(), store.findRun("é".repeat(Checks.MAX_ID_LENGTH - 1) + "e"));
        assertEquals(2, store.writeSignals(id, symbol, List.of(new SignalPoint(Instant.EPOCH, 1),
                new SignalPoint(Instant.EPOCH.plusSeconds(60), -1))));
        assertEquals(2, store.readSignals(id, symbol, null).size());
        assertThrows(IllegalArgumentException.class, () -> store.findRun(id + "x"));
    }

    @Test
    void dataSurvivesReopening() {
        store.writeBars(AAPL);
        store.saveRun(run("r1", "2024-03-01T10:00:00Z"));
        store.close();
        store = Stores.open(config);
        assertSameBars(AAPL, store.readBars("AAPL", Timeframe.D1));
        assertTrue(store.findRun("r1").isPresent());
    }

    // ---------------------------------------------------------------- runs

    static RunRecord run(String id, String created) {
        return new RunRecord(id, Instant.parse(created), "BTCUSD", Timeframe.M1, 42L,
                RunStatus.RUNNING, "{\"population\": 64, \"generations\": 50,\n \"seeds\": [\"sma\", \"rsi\"]}");
    }

    @Test
    void runsRoundTrip() {
        RunRecord a = run("run-a", "2024-03-01T10:00:00.123456789Z");
        RunRecord b = run("run-b", "2024-03-02T10:00:00Z");
        RunRecord c = run("run-c", "2024-03-03T10:00:00Z");
        assertEquals(Instant.parse("2024-03-01T10:00:00.123Z"), a.createdAt(), "stored to the millisecond");
        store.saveRun(b);
        store.saveRun(a);
        store.saveRun(c);
        assertEquals(Optional.of(a), store.findRun("run-a"));
        assertEquals(Optional.empty(), store.findRun("run-x"));
        assertEquals(List.of(c, b), store.listRuns(2));
        assertEquals(List.of(c, b, a), store.listRuns(10));

        Instant before = Instant.now().minusSeconds(1);
        store.updateRunStatus("run-b", RunStatus.FAILED, "fitness diverged: NaN at generation 7");
        RunRecord failed = store.findRun("run-b").orElseThrow();
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals("fitness diverged: NaN at generation 7", failed.message());
        assertTrue(failed.updatedAt().isAfter(before), failed.toString());
        assertEquals(b.configJson(), failed.configJson(), "config JSON verbatim");
        store.updateRunStatus("run-b", RunStatus.INTERRUPTED, null);
        assertNull(store.findRun("run-b").orElseThrow().message());

        RunRecord other = new RunRecord("run-a", a.createdAt(), "AAPL", Timeframe.D1, 7, RunStatus.COMPLETED,
                "{}");
        RunExistsException taken = assertThrows(RunExistsException.class, () -> store.saveRun(other));
        assertTrue(taken.getMessage().contains("'run-a' exists already"), taken.getMessage());
        assertEquals(Optional.of(a), store.findRun("run-a"), "a run is never replaced");
        assertEquals(3, store.listRuns(100).size());

        StorageException e = assertThrows(StorageException.class,
                () -> store.updateRunStatus("nope", RunStatus.COMPLETED, null));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    /** Another handle on the same data, as a second process would have (the local backend: the same store). */
    Store secondHandle() {
        return Stores.open(config);
    }

    boolean secondHandleIsSeparate() {
        return true;
    }

    /**
     * Issue 13 point 1: two coordinators creating a run under one id at the same instant (as two runs started in the
     * same second with the same symbol and seed once did) never share a record: exactly one creates it, the other is
     * refused, and what the winner records stays its own.
     */
    @Test
    void concurrentCreationsOfOneRunHaveExactlyOneWinner() throws Exception {
        int writers = 6;
        List<Store> handles = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            handles.add(i == 0 || !secondHandleIsSeparate() ? store : secondHandle());
        }
        try {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Store handle = handles.get(i);
                RunRecord mine = new RunRecord("same-second", Instant.parse("2024-03-01T10:00:00Z"), "BTCUSD",
                        Timeframe.M1, 42, RunStatus.RUNNING, "{\"writer\":" + i + "}",
                        RunLease.first("writer-" + i, Instant.parse("2024-03-01T10:00:00Z")));
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        handle.saveRun(mine);
                        handle.saveGeneration(mine.runId(), new GenerationRecord(1, 1, 1, 1, 1, mine.configJson()));
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
            RunRecord stored = store.findRun("same-second").orElseThrow();
            assertEquals(winners.get(0), stored.configJson());
            assertEquals("writer-" + winners.get(0).replaceAll("\\D", ""), stored.lease().orElseThrow().owner());
            assertEquals(List.of(winners.get(0)), store.generations("same-second").stream()
                    .map(GenerationRecord::populationJson).toList(), "only the winner's generations are recorded");
        } finally {
            for (Store h : handles) {
                if (h != store) {
                    h.close();
                }
            }
        }
    }

    @Test
    void aRetriedCreationOfTheSameRecordIsNoClash() {
        RunRecord r = run("r", "2024-03-01T10:00:00Z").withLease(RunLease.first("me", Instant.parse("2024-03-01T10:00:00Z")));
        store.saveRun(r);
        store.saveRun(r); // e.g. resent after a lost acknowledgement
        assertEquals(Optional.of(r), store.findRun("r"));
        assertThrows(RunExistsException.class, () -> store.saveRun(r.withLease(RunLease.first("you", r.createdAt()))));
    }

    @Test
    void aLeaseBeatsForItsOwnerOnlyAndIsTakenOverOnce() {
        Instant t0 = Instant.parse("2024-03-01T10:00:00Z");
        RunLease first = RunLease.first("coordinator-a", t0);
        RunRecord r = new RunRecord("leased", t0, "BTCUSD", Timeframe.M1, 42, RunStatus.QUEUED, "{}", first);
        store.saveRun(r);
        assertEquals(Optional.of(first), store.findRun("leased").orElseThrow().lease());
        assertEquals(RunStatus.QUEUED, store.findRun("leased").orElseThrow().status());

        assertTrue(store.beatRun("leased", first, t0.plusSeconds(5)));
        assertEquals(t0.plusSeconds(5), store.findRun("leased").orElseThrow().lease().orElseThrow().beatAt());
        assertTrue(store.beatRun("leased", first, t0.plusSeconds(10).plusNanos(1_500_000)));
        assertEquals(t0.plusSeconds(10).plusMillis(1), store.findRun("leased").orElseThrow().lease().orElseThrow().beatAt());
        assertFalse(store.beatRun("leased", new RunLease("coordinator-b", 1, t0), t0.plusSeconds(11)), "not its owner");
        assertFalse(store.beatRun("leased", first.next("coordinator-a", t0), t0.plusSeconds(11)), "not its epoch");

        RunLease second = first.next("coordinator-b", t0.plusSeconds(60));
        assertFalse(store.takeOverRun("leased", 0, new RunLease("coordinator-b", 1, t0), RunStatus.RUNNING, null),
                "epoch 0 is gone");
        assertTrue(store.takeOverRun("leased", 1, second, RunStatus.INTERRUPTED, "its coordinator is gone"));
        RunRecord taken = store.findRun("leased").orElseThrow();
        assertEquals(Optional.of(second), taken.lease());
        assertEquals(RunStatus.INTERRUPTED, taken.status());
        assertEquals("its coordinator is gone", taken.message());
        assertEquals(r.configJson(), taken.configJson());
        assertFalse(store.takeOverRun("leased", 1, first.next("coordinator-c", t0), RunStatus.RUNNING, null),
                "taken once");
        assertFalse(store.beatRun("leased", first, t0.plusSeconds(61)), "the old owner lost it");
        assertEquals(Optional.of(second), store.findRun("leased").orElseThrow().lease());
        assertTrue(store.beatRun("leased", second, Instant.EPOCH), "given up");
        assertEquals(Instant.EPOCH, store.findRun("leased").orElseThrow().lease().orElseThrow().beatAt());

        store.updateRunStatus("leased", RunStatus.RUNNING, "resumed");
        assertEquals(Optional.of(second.beatenAt(Instant.EPOCH)), store.findRun("leased").orElseThrow().lease(),
                "a status change keeps the lease");
        assertThrows(StorageException.class, () -> store.beatRun("nope", first, t0));
        assertThrows(StorageException.class, () -> store.takeOverRun("nope", 0, first, RunStatus.RUNNING, null));
        assertThrows(IllegalArgumentException.class, () -> store.takeOverRun("leased", 2, second, RunStatus.RUNNING,
                null), "the next lease's epoch must follow the expected one");

        store.close();
        store = Stores.open(config);
        assertEquals(Optional.of(second.beatenAt(Instant.EPOCH)), store.findRun("leased").orElseThrow().lease(),
                "leases survive reopening");
    }

    @Test
    void aRunWithoutALeaseCanBeTakenOverFromEpochZero() {
        RunRecord old = run("old", "2024-03-01T10:00:00Z");
        store.saveRun(old);
        assertEquals(Optional.empty(), store.findRun("old").orElseThrow().lease());
        assertEquals(0, store.findRun("old").orElseThrow().leaseEpoch());
        RunLease mine = RunLease.first("me", Instant.parse("2024-03-02T00:00:00Z"));
        assertFalse(store.beatRun("old", mine, mine.beatAt()), "no lease to beat");
        assertTrue(store.takeOverRun("old", 0, mine, RunStatus.RUNNING, "resumed"));
        assertEquals(Optional.of(mine), store.findRun("old").orElseThrow().lease());
    }

    @Test
    void concurrentTakeOversOfOneLeaseHaveExactlyOneWinner() throws Exception {
        Instant t0 = Instant.parse("2024-03-01T10:00:00Z");
        RunLease first = RunLease.first("dead", t0);
        store.saveRun(new RunRecord("orphan", t0, "BTCUSD", Timeframe.M1, 42, RunStatus.RUNNING, "{}", first));
        int takers = 6;
        List<Store> handles = new ArrayList<>();
        for (int i = 0; i < takers; i++) {
            handles.add(i == 0 || !secondHandleIsSeparate() ? store : secondHandle());
        }
        try {
            ExecutorService pool = Executors.newFixedThreadPool(takers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < takers; i++) {
                Store handle = handles.get(i);
                RunLease next = first.next("taker-" + i, t0.plusSeconds(60));
                outcomes.add(pool.submit(() -> {
                    go.await();
                    return handle.takeOverRun("orphan", 1, next, RunStatus.RUNNING, next.owner());
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : outcomes) {
                won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, won, "exactly one takes the run over");
            RunRecord stored = store.findRun("orphan").orElseThrow();
            assertEquals(2, stored.leaseEpoch());
            assertEquals(stored.lease().orElseThrow().owner(), stored.message(), "the winner's status with its lease");
        } finally {
            for (Store h : handles) {
                if (h != store) {
                    h.close();
                }
            }
        }
    }

    @Test
    void runsAreListedByStatusOldestFirst() {
        Instant t = Instant.parse("2024-03-01T10:00:00Z");
        store.saveRun(new RunRecord("q2", t.plusSeconds(2), "BTCUSD", Timeframe.M1, 1, RunStatus.QUEUED, "{}"));
        store.saveRun(new RunRecord("r1", t.plusSeconds(1), "BTCUSD", Timeframe.M1, 1, RunStatus.RUNNING, "{}"));
        store.saveRun(new RunRecord("c0", t, "BTCUSD", Timeframe.M1, 1, RunStatus.COMPLETED, "{}"));
        store.saveRun(new RunRecord("q1", t.plusSeconds(1), "BTCUSD", Timeframe.M1, 1, RunStatus.QUEUED, "{}"));
        assertEquals(List.of("q1", "r1", "q2"), store.runsWithStatus(EnumSet.of(RunStatus.QUEUED,
                RunStatus.RUNNING)).stream().map(RunRecord::runId).toList());
        assertEquals(List.of("c0"), store.runsWithStatus(Set.of(RunStatus.COMPLETED)).stream()
                .map(RunRecord::runId).toList());
        assertEquals(List.of(), store.runsWithStatus(Set.of()));
        store.updateRunStatus("q1", RunStatus.RUNNING, null);
        assertEquals(List.of("q2"), store.runsWithStatus(Set.of(RunStatus.QUEUED)).stream()
                .map(RunRecord::runId).toList());
    }

    @Test
    void generationsAreUpsertedAndKeptInOrder() {
        store.saveRun(run("r", "2024-03-01T10:00:00Z"));
        List<GenerationRecord> expected = new ArrayList<>();
        for (int g = 4; g >= 0; g--) {
            GenerationRecord rec = new GenerationRecord(g, 1.5 + g, 0.25 * g, 64L * (g + 1), 1000 + g,
                    g % 2 == 0 ? "[{\"genes\":[0.1,0.2],\"g\":" + g + "}]" : null);
            store.saveGeneration("r", rec);
            expected.add(0, rec);
        }
        GenerationRecord g2 = new GenerationRecord(2, Double.NEGATIVE_INFINITY, Double.NaN, 1, 2, "[]");
        store.saveGeneration("r", g2);
        expected.set(2, g2);
        List<GenerationRecord> actual = store.generations("r");
        assertEquals(expected, actual); // record equals compares doubles with Double.compare: NaN == NaN
        assertEquals(List.of(), store.generations("other"));
        assertThrows(StorageException.class, () -> store.saveGeneration("nope", g2));
    }

    @Test
    void resultsAreReplacedAsAWhole() {
        store.saveRun(run("r", "2024-03-01T10:00:00Z"));
        StrategyRecord s1 = new StrategyRecord(1, "{\"sma\":20}", "{\"sharpe\":1.2}", "{\"sharpe\":0.8}", 1.2, true);
        StrategyRecord s2 = new StrategyRecord(2, "{\"sma\":50}", null, null, 0.7, false);
        StrategyRecord s3 = new StrategyRecord(3, "[1,2,3]", "{}", "{}", -0.5, false);
        store.saveResults("r", List.of(s3, s1, s2));
        assertEquals(List.of(s1, s2, s3), store.results("r"));
        store.saveResults("r", List.of(s2));
        assertEquals(List.of(s2), store.results("r"));
        store.saveResults("r", List.of());
        assertEquals(List.of(), store.results("r"));
        assertThrows(IllegalArgumentException.class, () -> store.saveResults("r", List.of(s1, s1)));
        assertThrows(StorageException.class, () -> store.saveResults("nope", List.of(s1)));
        assertEquals(List.of(), store.results("nope"));
    }

    // ---------------------------------------------------------------- signals

    @Test
    void signalsAreUpsertedByTime() {
        List<SignalPoint> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(new SignalPoint(BTC.endTime(i), Math.sin(i) * 0.9));
        }
        assertEquals(100, store.writeSignals("sma-cross#1", "BTCUSD", points));
        assertEquals(points, store.readSignals("sma-cross#1", "BTCUSD", null));
        assertEquals(points.subList(40, 100), store.readSignals("sma-cross#1", "BTCUSD", BTC.endTime(40)));
        assertEquals(0, store.writeSignals("sma-cross#1", "BTCUSD", points.subList(10, 50)));
        List<SignalPoint> changed = new ArrayList<>(points);
        for (int i = 0; i < 5; i++) {
            changed.set(i * 10, new SignalPoint(BTC.endTime(i * 10), -1));
        }
        assertEquals(5, store.writeSignals("sma-cross#1", "BTCUSD", changed));
        assertEquals(changed, store.readSignals("sma-cross#1", "BTCUSD", null));
        assertEquals(List.of(), store.readSignals("sma-cross#1", "AAPL", null));
        assertEquals(List.of(), store.readSignals("other", "BTCUSD", null));
        assertThrows(IllegalArgumentException.class, () -> store.writeSignals("s", "BTCUSD",
                List.of(new SignalPoint(BTC.endTime(0), 1), new SignalPoint(BTC.endTime(0), 0))));
        assertEquals(0, store.writeSignals("s", "BTCUSD", List.of()));
    }

    // ---------------------------------------------------------------- strategy registry

    static StrategyVersionRecord strategy(String id, String name, String version, String created, String parentId) {
        return new StrategyVersionRecord(id, name, version, Instant.parse(created), "run-" + name, 1, parentId, "AAPL",
                Timeframe.D1, "{\"seeds\":[{\"seed\":\"EMACrossoverSeed\",\"weight\":1.0}],\"entry\":0.3}",
                "{\"bars\":252}", "{\"sharpe\":1.5}", "{\"sharpe\":1.1,\n \"max_drawdown\":0.08}",
                "{\"out_of_sample_returns\":[0.01,-0.002,0.0]}");
    }

    static StrategyEventRecord created(String id, String at) {
        return new StrategyEventRecord(id, 1, Instant.parse(at), StrategyEventRecord.Kind.CREATED, StrategyStage.DRAFT,
                "cli:test", "saved from run", null);
    }

    @Test
    void strategiesAreRegisteredOnceAndListedByName() {
        StrategyVersionRecord b1 = strategy("beta@1.0.0", "beta", "1.0.0", "2024-04-01T10:00:00.123Z", null);
        StrategyVersionRecord a1 = strategy("alpha@1.0.0", "alpha", "1.0.0", "2024-04-02T10:00:00Z", null);
        StrategyVersionRecord a2 = strategy("alpha@1.1.0", "alpha", "1.1.0", "2024-04-01T09:00:00Z", "alpha@1.0.0");
        StrategyVersionRecord meta = new StrategyVersionRecord(META_SYMBOL, META_SYMBOL, "0.0.1",
                Instant.parse("2024-04-03T00:00:00Z"), null, 0, null, META_SYMBOL, Timeframe.M1, "{}", "{}", "{}",
                "{}", "[]");
        assertTrue(store.createStrategy(b1, created(b1.id(), "2024-04-01T10:00:00.123Z")));
        assertTrue(store.createStrategy(a1, created(a1.id(), "2024-04-02T10:00:00Z")));
        assertTrue(store.createStrategy(a2, created(a2.id(), "2024-04-01T09:00:00Z")));
        assertTrue(store.createStrategy(meta, created(meta.id(), "2024-04-03T00:00:00Z")));
        assertEquals(Optional.of(a2), store.findStrategy("alpha@1.1.0"));
        assertEquals(Optional.of(meta), store.findStrategy(META_SYMBOL));
        assertEquals(Optional.empty(), store.findStrategy("alpha@9.9.9"));
        assertEquals(List.of(meta, a2, a1, b1), store.listStrategies(), "by name, then creation time");

        // never replaced: the same id, or the same name and version under another id, is refused
        StrategyVersionRecord again = strategy("alpha@1.0.0", "other", "7.0.0", "2024-05-01T00:00:00Z", null);
        assertFalse(store.createStrategy(again, created(again.id(), "2024-05-01T00:00:00Z")));
        StrategyVersionRecord twin = strategy("alpha-1.0.0-bis", "alpha", "1.0.0", "2024-05-01T00:00:00Z", null);
        assertFalse(store.createStrategy(twin, created(twin.id(), "2024-05-01T00:00:00Z")));
        assertEquals(Optional.of(a1), store.findStrategy("alpha@1.0.0"));
        assertEquals(Optional.empty(), store.findStrategy("alpha-1.0.0-bis"));
        assertEquals(4, store.listStrategies().size());
        assertEquals(List.of(created(a1.id(), "2024-04-02T10:00:00Z")), store.strategyEvents(a1.id()));
        assertThrows(IllegalArgumentException.class, () -> store.createStrategy(a1, created("someone-else", "2024-04-02T10:00:00Z")));

        store.close();
        store = Stores.open(config);
        assertEquals(List.of(meta, a2, a1, b1), store.listStrategies(), "survives reopening");
        assertEquals(1, store.strategyEvents(META_SYMBOL).size());
    }

    @Test
    void aStrategyLogIsACompareAndSetOnItsLength() {
        StrategyVersionRecord s = strategy("s@1.0.0", "s", "1.0.0", "2024-04-01T10:00:00Z", null);
        StrategyEventRecord first = created(s.id(), "2024-04-01T10:00:00Z");
        assertTrue(store.createStrategy(s, first));
        StrategyEventRecord promoted = new StrategyEventRecord(s.id(), 2, Instant.parse("2024-04-02T10:00:00.5Z"),
                StrategyEventRecord.Kind.PROMOTED, StrategyStage.TESTING, "api", "DRAFT -> TESTING", null);
        StrategyEventRecord refused = new StrategyEventRecord(s.id(), 3, Instant.parse("2024-04-03T10:00:00Z"),
                StrategyEventRecord.Kind.REFUSED, StrategyStage.TESTING, null, "gate failed: sharpe",
                "{\"gates\":[{\"gate\":\"out_of_sample_sharpe\",\"passed\":false,\"measured\":0.4}]}");
        assertTrue(store.appendStrategyEvent(promoted));
        assertFalse(store.appendStrategyEvent(promoted), "seq 2 is taken");
        assertFalse(store.appendStrategyEvent(new StrategyEventRecord(s.id(), 2, Instant.parse("2024-04-02T11:00:00Z"),
                StrategyEventRecord.Kind.ARCHIVED, StrategyStage.ARCHIVED, "other", null, null)), "taken by another");
        assertFalse(store.appendStrategyEvent(first), "seq 1 is the creation");
        assertThrows(IllegalArgumentException.class, () -> store.appendStrategyEvent(new StrategyEventRecord(s.id(), 4,
                Instant.parse("2024-04-02T11:00:00Z"), StrategyEventRecord.Kind.DRIFT, StrategyStage.TESTING, null,
                null, null)), "a gap");
        assertTrue(store.appendStrategyEvent(refused));
        assertEquals(List.of(first, promoted, refused), store.strategyEvents(s.id()));
        StrategyVersionRecord other = strategy("a@1.0.0", "a", "1.0.0", "2024-04-05T10:00:00Z", null);
        assertTrue(store.createStrategy(other, created(other.id(), "2024-04-05T10:00:00Z")));
        assertEquals(List.of(created(other.id(), "2024-04-05T10:00:00Z"), first, promoted, refused),
                store.allStrategyEvents(), "every log at once, by strategy id then seq");
        assertEquals(List.of(), store.strategyEvents("nope"));
        StorageException e = assertThrows(StorageException.class, () -> store.appendStrategyEvent(
                new StrategyEventRecord("nope", 2, Instant.EPOCH, StrategyEventRecord.Kind.DRIFT, StrategyStage.DRAFT,
                        null, null, null)));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StrategyEventRecord(s.id(), 2, Instant.EPOCH,
                StrategyEventRecord.Kind.CREATED, StrategyStage.DRAFT, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new StrategyEventRecord(s.id(), 2, Instant.EPOCH,
                StrategyEventRecord.Kind.DRIFT, StrategyStage.DRAFT, null, null, "{broken"));
    }

    @Test
    void concurrentAppendersOfOneSeqHaveExactlyOneWinner() throws Exception {
        StrategyVersionRecord s = strategy("race@1.0.0", "race", "1.0.0", "2024-04-01T10:00:00Z", null);
        assertTrue(store.createStrategy(s, created(s.id(), "2024-04-01T10:00:00Z")));
        int writers = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            for (int seq = 2; seq <= 4; seq++) {
                int next = seq;
                var start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String actor = "writer-" + w;
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.appendStrategyEvent(new StrategyEventRecord(s.id(), next,
                                Instant.parse("2024-04-02T10:00:00Z"), StrategyEventRecord.Kind.DRIFT,
                                StrategyStage.DRAFT, actor, null, null));
                    }));
                }
                start.countDown();
                int winners = 0;
                for (var f : results) {
                    winners += f.get() ? 1 : 0;
                }
                assertEquals(1, winners, "seq " + next);
            }
        } finally {
            pool.shutdownNow();
        }
        List<StrategyEventRecord> log = store.strategyEvents(s.id());
        assertEquals(List.of(1, 2, 3, 4), log.stream().map(StrategyEventRecord::seq).toList());
    }

    // ---------------------------------------------------------------- reports

    @Test
    void reportsRoundTripNewestFirst() {
        String json = "{\n  \"verdict\": \"accept\",\n  \"pValue\": 0.012\n}";
        store.saveReport("rep-1", Instant.parse("2024-05-01T00:00:00Z"), json);
        store.saveReport("rep-2", Instant.parse("2024-05-03T00:00:00Z"), "[]");
        store.saveReport("rep-3", Instant.parse("2024-05-02T00:00:00Z"), "{\"x\":1}");
        List<ReportRecord> two = store.reports(2);
        assertEquals(List.of("rep-2", "rep-3"), two.stream().map(ReportRecord::id).toList());
        assertEquals(json, store.reports(10).get(2).json(), "JSON text verbatim");
        store.saveReport("rep-1", Instant.parse("2024-06-01T00:00:00Z"), "{\"v\":2}");
        List<ReportRecord> all = store.reports(10);
        assertEquals(3, all.size());
        assertEquals(new ReportRecord("rep-1", Instant.parse("2024-06-01T00:00:00Z"), "{\"v\":2}"), all.get(0));
        assertThrows(IllegalArgumentException.class, () -> store.saveReport("bad", Instant.now(), "{not json"));
        assertThrows(IllegalArgumentException.class, () -> store.saveReport("bad", Instant.now(), "{} {}"));
        assertEquals(3, store.reports(10).size());
        assertThrows(IllegalArgumentException.class, () -> store.reports(0));
    }

    // ---------------------------------------------------------------- ingest

    @Test
    void csvIngestCountsRowsStoredAndUnchanged() throws IOException {
        Path csv = temp.resolve("aapl.csv");
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < AAPL.size(); i++) {
            sb.append(AAPL.endTime(i)).append(',').append(AAPL.open(i)).append(',').append(AAPL.high(i)).append(',')
                    .append(AAPL.low(i)).append(',').append(AAPL.close(i)).append(',').append(AAPL.volume(i)).append('\n');
        }
        Files.writeString(csv, sb, StandardCharsets.UTF_8);
        IngestResult first = Ingest.csv(store, csv, "AAPL.csv", Timeframe.D1, false);
        assertEquals(252, first.rowsRead());
        assertEquals(252, first.stored());
        IngestResult second = Ingest.csv(store, csv, "AAPL.csv", Timeframe.D1, false);
        assertEquals(0, second.stored());
        assertEquals(252, second.unchanged());
        assertSameBars(AAPL.withSymbol("AAPL.csv"), store.readBars("AAPL.csv", Timeframe.D1));

        Path trades = temp.resolve("trades.csv");
        Files.writeString(trades, """
                timestamp,price,amount
                1385337600,800.5,0.1
                1385337610,801.0,0.2
                1385337665,799.0,1.5
                """);
        IngestResult t = Ingest.csv(store, trades, "BTC-T", Timeframe.M1, true);
        assertEquals(3, t.rowsRead());
        assertEquals(2, t.bars(), "two minutes of trades");
        Bars stored = store.readBars("BTC-T", Timeframe.M1);
        assertEquals(801.0, stored.high(0), 0.0);
        assertEquals(1.5, stored.volume(1), 0.0);
    }

    @Test
    void badCsvStoresNothing() throws IOException {
        Path csv = temp.resolve("bad.csv");
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < 100; i++) {
            sb.append(AAPL.endTime(i)).append(",10,11,9,10,100\n");
        }
        sb.append("2099-01-01,10,11,9,oops,100\n");
        Files.writeString(csv, sb);
        BarsFormatException e = assertThrows(BarsFormatException.class,
                () -> Ingest.csv(store, csv, "BAD", Timeframe.D1, false));
        assertEquals(102, e.line());
        assertTrue(e.getMessage().contains("oops"), e.getMessage());
        assertEquals(List.of(), store.listSymbols());
        assertEquals(0, store.readBars("BAD", Timeframe.D1).size());
        assertThrows(BarsFormatException.class,
                () -> Ingest.csv(store, temp.resolve("missing.csv"), "BAD", Timeframe.D1, false));
        assertEquals(List.of(), store.listSymbols());
    }

    // ---------------------------------------------------------------- health and lifecycle

    @Test
    void healthIsARealTimedRoundTrip() {
        StoreHealth empty = store.health();
        assertEquals(StoreHealth.Status.HEALTHY, empty.status(), empty.summary());
        assertEquals(0, empty.barCount());
        Ingest.bundled(store, "AAPL");
        Ingest.bundled(store, "BTCUSD");
        StoreHealth h = store.health();
        assertEquals(StoreHealth.Status.HEALTHY, h.status(), h.summary());
        assertEquals(expectedBackend(), h.backend());
        assertEquals(252 + BTC.size(), h.barCount());
        assertTrue(h.latencyMillis() > 0 && h.latencyMillis() < StoreHealth.SLOW_MILLIS, h.summary());
        assertNull(h.error());
        System.out.printf(Locale.ROOT, "[%s] health: %s %s%n", expectedBackend(), h.summary(), h.details());
    }

    @Test
    void aClosedStoreRefusesWork() {
        store.close();
        store.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> store.writeBars(AAPL));
        assertThrows(IllegalStateException.class, () -> store.listSymbols());
        assertEquals(StoreHealth.Status.UNHEALTHY, store.health().status());
        store = null;
    }
}
