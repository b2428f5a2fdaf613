package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of {@link SignalStore}. */
abstract class SignalStoreContract extends StoreContract {
    @Test
    void signalsAreUpsertedByTime() {
        List<SignalPoint> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(new SignalPoint(BTC.endTime(i), Math.sin(i) * 0.9));
        }
        assertEquals(100, store.signals().writeSignals("sma-cross#1", "BTCUSD", points));
        assertEquals(points, store.signals().readSignals("sma-cross#1", "BTCUSD", null));
        assertEquals(points.subList(40, 100), store.signals().readSignals("sma-cross#1", "BTCUSD", BTC.endTime(40)));
        assertEquals(0, store.signals().writeSignals("sma-cross#1", "BTCUSD", points.subList(10, 50)));
        List<SignalPoint> changed = new ArrayList<>(points);
        for (int i = 0; i < 5; i++) {
            changed.set(i * 10, new SignalPoint(BTC.endTime(i * 10), -1));
        }
        assertEquals(5, store.signals().writeSignals("sma-cross#1", "BTCUSD", changed));
        assertEquals(changed, store.signals().readSignals("sma-cross#1", "BTCUSD", null));
        assertEquals(List.of(), store.signals().readSignals("sma-cross#1", "AAPL", null));
        assertEquals(List.of(), store.signals().readSignals("other", "BTCUSD", null));
        assertThrows(
                IllegalArgumentException.class,
                () -> store.signals()
                        .writeSignals(
                                "s",
                                "BTCUSD",
                                List.of(new SignalPoint(BTC.endTime(0), 1), new SignalPoint(BTC.endTime(0), 0))));
        assertEquals(0, store.signals().writeSignals("s", "BTCUSD", List.of()));
    }

    @Test
    void idsAndSymbolsWithMetacharactersAreStoredVerbatim() {
        List<SignalPoint> points = List.of(new SignalPoint(AAPL.endTime(0), 0.5));
        assertEquals(1, store.signals().writeSignals(META_SYMBOL, META_SYMBOL, points));
        assertEquals(points, store.signals().readSignals(META_SYMBOL, META_SYMBOL, null));
    }

    @Test
    void longestIdsAndSymbolsRoundTrip() {
        String symbol = "😀".repeat(32); // 64 chars, 128 UTF-8 bytes: the longest symbol, in escapes far too long
        String id = "é".repeat(Checks.MAX_ID_LENGTH);
        assertEquals(
                2,
                store.signals()
                        .writeSignals(
                                id,
                                symbol,
                                List.of(
                                        new SignalPoint(Instant.EPOCH, 1),
                                        new SignalPoint(Instant.EPOCH.plusSeconds(60), -1))));
        assertEquals(2, store.signals().readSignals(id, symbol, null).size());
    }
}
