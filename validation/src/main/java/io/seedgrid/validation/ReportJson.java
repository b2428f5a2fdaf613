package io.seedgrid.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of a {@link ValidationReport}: what {@code validate --json} prints, what is stored and what a webhook
 * receives. Field names are snake_case; times are ISO-8601 instants. The top-level fields:
 * {@code id, started_at, finished_at, overall_status, business_value_score, production_ready, not_ready_because,
 * thresholds, total_tests, passed_tests, pass_rate, failed_tests [check, reason, critical, weight], skipped_tests
 * [check, reason], checks [name, title, status, critical, weight, millis, evidence, reason, details], timings
 * {total_ms, checks_ms}, versions, storage_backend, storage {backend, location, source, others}}.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    public static String write(ValidationReport report) {
        try {
            return MAPPER.writeValueAsString(tree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the validation report as JSON: " + e.getMessage(), e);
        }
    }

    static ObjectNode tree(ValidationReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", report.id());
        root.put("started_at", report.startedAt().toString());
        root.put("finished_at", report.finishedAt().toString());
        root.put("overall_status", report.overallStatus());
        root.put("business_value_score", Math.round(report.businessValueScore() * 10) / 10.0);
        root.put("production_ready", report.productionReady());
        ArrayNode why = root.putArray("not_ready_because");
        report.notReadyBecause().forEach(why::add);
        ObjectNode thresholds = root.putObject("thresholds");
        thresholds.put("business_value_score", ValidationReport.SCORE_THRESHOLD);
        thresholds.put("pass_rate", ValidationReport.PASS_RATE_THRESHOLD);
        root.put("total_tests", report.totalTests());
        root.put("passed_tests", report.passedTests());
        root.put("pass_rate", Math.round(report.passRate() * 1000) / 1000.0);
        ArrayNode failed = root.putArray("failed_tests");
        for (CheckResult c : report.failedTests()) {
            ObjectNode f = failed.addObject();
            f.put("check", c.name());
            f.put("reason", c.reason());
            f.put("critical", c.critical());
            f.put("weight", c.weight());
        }
        ArrayNode skipped = root.putArray("skipped_tests");
        for (CheckResult c : report.skippedTests()) {
            ObjectNode s = skipped.addObject();
            s.put("check", c.name());
            s.put("reason", c.reason());
        }
        ArrayNode checks = root.putArray("checks");
        for (CheckResult c : report.checks()) {
            ObjectNode node = checks.addObject();
            node.put("name", c.name());
            node.put("title", c.title());
            node.put("status", c.status().name());
            node.put("critical", c.critical());
            node.put("weight", c.weight());
            node.put("millis", c.millis());
            node.put("evidence", c.evidence());
            node.put("reason", c.reason());
            node.set("details", MAPPER.valueToTree(c.details()));
        }
        ObjectNode timings = root.putObject("timings");
        timings.put("total_ms", report.totalMillis());
        ObjectNode perCheck = timings.putObject("checks_ms");
        report.checks().forEach(c -> perCheck.put(c.name(), c.millis()));
        root.set("versions", MAPPER.valueToTree(report.versions()));
        root.put("storage_backend", report.storage().backend());
        ObjectNode storage = root.putObject("storage");
        storage.put("backend", report.storage().backend());
        storage.put("location", report.storage().location());
        storage.put("source", report.storage().source());
        ArrayNode others = storage.putArray("others");
        report.storage().others().forEach(others::add);
        return root;
    }

    /**
     * The verdict of a stored report, for history and alerts.
     *
     * @throws IllegalArgumentException when {@code json} is not a validation report
     */
    public static ReportSummary summary(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null
                || !root.has("production_ready")
                || !root.has("business_value_score")
                || !root.has("started_at")) {
            throw new IllegalArgumentException(
                    "not a validation report (no production_ready, business_value_score " + "or started_at)");
        }
        List<String> failed = new ArrayList<>();
        root.path("failed_tests").forEach(f -> failed.add(f.path("check").asText()));
        return new ReportSummary(
                root.path("id").asText(),
                Instant.parse(root.path("started_at").asText()),
                root.path("production_ready").asBoolean(),
                root.path("business_value_score").asDouble(),
                root.path("overall_status").asText("").toUpperCase(Locale.ROOT),
                root.path("passed_tests").asInt(),
                root.path("total_tests").asInt(),
                failed,
                root.path("timings").path("total_ms").asLong(-1));
    }
}
