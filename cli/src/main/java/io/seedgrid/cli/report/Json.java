package io.seedgrid.cli.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.seedgrid.seeds.gating.GateDecision;

/** The one JSON configuration of the CLI: snake_case names, ISO-8601 times, indented. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addMixIn(GateDecision.class, GateDecisionJson.class);

    /** A gate decision's derived flags go into its JSON too (seeds stays free of Jackson). */
    @JsonPropertyOrder({
        "seed",
        "type",
        "recommendation",
        "data_points",
        "threshold",
        "threshold_met",
        "eligible",
        "bars_for_genes",
        "reason"
    })
    private abstract static class GateDecisionJson {
        @JsonProperty("threshold_met")
        abstract boolean thresholdMet();

        @JsonProperty("eligible")
        abstract boolean eligible();
    }

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads {@code json} as a {@code type}; a malformed text is an IllegalArgumentException naming {@code what}. */
    public static <T> T read(String json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(JsonNode json, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
