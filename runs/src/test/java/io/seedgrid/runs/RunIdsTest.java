package io.seedgrid.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunIdsTest {
    private static final Instant SECOND = Instant.parse("2024-06-01T12:34:56Z");

    @Test
    void runsStartedInTheSameSecondWithTheSameSymbolAndSeedGetTwoIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RunIds.next("", "BTC/USD", 42, Optional.empty(), SECOND);
            assertTrue(id.startsWith("20240601-123456-BTC_USD-s42-"), id);
            assertTrue(ids.add(id), "unique: " + id);
        }
        String api = RunIds.next("api-", "AAPL", 7, Optional.of(3), SECOND);
        assertTrue(api.startsWith("api-20240601-123456-AAPL-s7-wf3-"), api);
        assertTrue(api.length() <= 200);
    }

    @Test
    void theSuffixIsAVersion7UuidOrderedByTime() {
        Random random = new Random(1);
        UUID a = RunIds.timeOrdered(SECOND, random);
        UUID b = RunIds.timeOrdered(SECOND.plusMillis(1), random);
        assertEquals(7, a.version());
        assertEquals(2, a.variant());
        assertEquals(SECOND.toEpochMilli(), a.getMostSignificantBits() >>> 16, "the milliseconds come first");
        assertTrue(a.toString().compareTo(b.toString()) < 0, "later sorts after");
        assertNotEquals(RunIds.timeOrdered(SECOND, random), RunIds.timeOrdered(SECOND, random));
    }
}
