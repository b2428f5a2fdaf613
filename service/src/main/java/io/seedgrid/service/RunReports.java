package io.seedgrid.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code report.json} that {@code seedgrid evolve} writes to {@code <home>/runs/<run id>/}, when there is one:
 * the figures storage does not keep (the deflated Sharpe ratio, every acceptance criterion as judged, a walk-forward
 * run's fold windows). Runs launched over HTTP, or written elsewhere with {@code --out}, have none.
 */
final class RunReports {
    private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);
    /** Run ids as evolve and the service make them; anything else could walk out of the folder. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private static final long MAX_BYTES = 64L << 20;

    private final Path runs;

    RunReports(Path runs) {
        this.runs = runs.toAbsolutePath().normalize();
    }

    /** The run's report, if it has a readable one. */
    Optional<JsonNode> of(String runId) {
        if (!SAFE_ID.matcher(runId).matches() || runId.contains("..")) {
            return Optional.empty();
        }
        Path file = runs.resolve(runId).resolve("report.json").normalize();
        if (!file.startsWith(runs) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(ApiJson.mapper().readTree(file.toFile()));
        } catch (IOException e) {
            LOG.info("run {}: report.json not readable: {}", runId, e.getMessage());
            return Optional.empty();
        }
    }
}
