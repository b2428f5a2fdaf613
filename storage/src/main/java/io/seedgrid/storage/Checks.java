package io.seedgrid.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.seedgrid.seeds.bars.BarsFormatException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Argument rules shared by the records and the store front: ids, JSON text, millisecond instants, limits. */
final class Checks {
    static final int MAX_ID_LENGTH = 200;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Checks() {}

    /** An id (run, strategy, report): 1 to 200 characters, not blank, no control characters. */
    static String id(String what, String id) {
        if (id == null
                || id.isBlank()
                || id.length() > MAX_ID_LENGTH
                || id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    what + " must be 1 to " + MAX_ID_LENGTH + " printable characters but was "
                            + (id == null ? "null" : "'" + BarsFormatException.excerpt(id) + "'"));
        }
        return id;
    }

    /** {@code json} if it is one well-formed JSON value; the text itself is kept verbatim. */
    static String json(String what, String json) {
        Objects.requireNonNull(json, what);
        if (json.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        try {
            JsonNode node = STRICT.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(what + " is empty");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
        return json;
    }

    /** {@code json} checked as above, or null. */
    static String jsonOrNull(String what, String json) {
        return json == null ? null : json(what, json);
    }

    /** A listing limit: at least 1. */
    static int limit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 but was " + limit);
        }
        return limit;
    }

    /** The first whole millisecond at or after {@code t}, clamped to the epoch-millisecond range; null for null. */
    static Instant ceilMillis(Instant t) {
        if (t == null) {
            return null;
        }
        long ms;
        try {
            ms = t.toEpochMilli();
        } catch (ArithmeticException e) {
            return Instant.ofEpochMilli(t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        Instant floor = Instant.ofEpochMilli(ms);
        return floor.equals(t) || ms == Long.MAX_VALUE ? floor : Instant.ofEpochMilli(ms + 1);
    }

    /** Stores keep milliseconds: every instant going in is truncated so it comes back equal. */
    static Instant millis(String what, Instant instant) {
        return Objects.requireNonNull(instant, what).truncatedTo(ChronoUnit.MILLIS);
    }
}
