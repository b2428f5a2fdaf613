package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

        RunRecord replaced = new RunRecord("run-a", a.createdAt(), "AAPL", Timeframe.D1, 7, RunStatus.COMPLETED,
                "{}");
        store.runs().saveRun(replaced);
        assertEquals(Optional.of(replaced), store.runs().findRun("run-a"));
        assertEquals(3, store.runs().listRuns(100).size());

        StorageException e = assertThrows(StorageException.class,
                () -> store.runs().updateRunStatus("nope", RunStatus.COMPLETED, null));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void generationsAreUpsertedAndKeptInOrder() {
        store.runs().saveRun(run("r", "2024-03-01T10:00:00Z"));
        List<GenerationRecord> expected = new ArrayList<>();
        for (int g = 4; g >= 0; g--) {
            GenerationRecord rec = new GenerationRecord(g, 1.5 + g, 0.25 * g, 64L * (g + 1), 1000 + g,
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
        RunRecord run = new RunRecord(META_SYMBOL, Instant.parse("2024-01-01T00:00:00Z"), META_SYMBOL, Timeframe.D1, 1,
                RunStatus.RUNNING, "{\"sql\":\"'; DROP TABLE runs;--\"}");
        store.runs().saveRun(run);
        assertEquals(Optional.of(run), store.runs().findRun(META_SYMBOL));
    }

    @Test
    void longestIdsRoundTrip() {
        String symbol = "😀".repeat(32); // 64 chars, 128 UTF-8 bytes: the longest symbol, in escapes far too long
        String id = "é".repeat(Checks.MAX_ID_LENGTH);
        RunRecord r = new RunRecord(id, Instant.parse("2024-01-01T00:00:00Z"), symbol, Timeframe.D1, 3,
                RunStatus.RUNNING, "{}");
        store.runs().saveRun(r);
        store.runs().saveGeneration(id, new GenerationRecord(0, 1, 1, 1, 1, null));
        assertEquals(Optional.of(r), store.runs().findRun(id));
        assertEquals(1, store.runs().generations(id).size());
        assertEquals(Optional.empty(), store.runs().findRun("é".repeat(Checks.MAX_ID_LENGTH - 1) + "e"));
        assertThrows(IllegalArgumentException.class, () -> store.runs().findRun(id + "x"));
    }
}
