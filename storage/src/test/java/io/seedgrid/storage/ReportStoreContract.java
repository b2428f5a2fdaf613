package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of {@link ReportStore}. */
abstract class ReportStoreContract extends StoreContract {
    @Test
    void reportsRoundTripNewestFirst() {
        String json = "{\n  \"verdict\": \"accept\",\n  \"pValue\": 0.012\n}";
        store.reports().saveReport("rep-1", Instant.parse("2024-05-01T00:00:00Z"), json);
        store.reports().saveReport("rep-2", Instant.parse("2024-05-03T00:00:00Z"), "[]");
        store.reports().saveReport("rep-3", Instant.parse("2024-05-02T00:00:00Z"), "{\"x\":1}");
        List<ReportRecord> two = store.reports().reports(2);
        assertEquals(
                List.of("rep-2", "rep-3"), two.stream().map(ReportRecord::id).toList());
        assertEquals(json, store.reports().reports(10).get(2).json(), "JSON text verbatim");
        store.reports().saveReport("rep-1", Instant.parse("2024-06-01T00:00:00Z"), "{\"v\":2}");
        List<ReportRecord> all = store.reports().reports(10);
        assertEquals(3, all.size());
        assertEquals(new ReportRecord("rep-1", Instant.parse("2024-06-01T00:00:00Z"), "{\"v\":2}"), all.get(0));
        assertThrows(
                IllegalArgumentException.class, () -> store.reports().saveReport("bad", Instant.now(), "{not json"));
        assertThrows(IllegalArgumentException.class, () -> store.reports().saveReport("bad", Instant.now(), "{} {}"));
        assertEquals(3, store.reports().reports(10).size());
        assertThrows(IllegalArgumentException.class, () -> store.reports().reports(0));
    }

    @Test
    void idsWithMetacharactersAreStoredVerbatim() {
        store.reports().saveReport(META_SYMBOL, Instant.parse("2024-01-01T00:00:00Z"), "\"x\"");
        assertEquals(META_SYMBOL, store.reports().reports(5).get(0).id());
    }
}
