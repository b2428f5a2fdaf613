package io.seedgrid.storage.shared;

import static io.seedgrid.storage.shared.SharedDir.children;
import static io.seedgrid.storage.shared.SharedDir.versioned;
import static io.seedgrid.storage.shared.SharedDir.putDouble;
import static io.seedgrid.storage.shared.SharedDir.getDouble;
import static io.seedgrid.storage.shared.SharedDir.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.RunStore;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StrategyRecord;
import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/** Runs as JSON snapshots: the run, one file per generation and the whole top list, the newest of each wins. */
final class SharedRunStore implements RunStore {
    private final SharedDir shared;

    SharedRunStore(SharedDir shared) {
        this.shared = shared;
    }

    private Path runDir(String runId) {
        return shared.root().resolve("runs").resolve(Names.segment(runId));
    }

    @Override
    public void saveRun(RunRecord run) {
        shared.withFiles("save run " + run.runId(), () -> {
            Path dir = runDir(run.runId());
            shared.publishReplacing(dir, "run-", "", runJson(run));
            return null;
        });
    }

    @Override
    public void updateRunStatus(String runId, RunStatus status, String message) {
        shared.withFiles("update run " + runId, () -> {
            RunRecord run = latestRun(runId).orElseThrow(() -> unknownRun(runId));
            shared.publishReplacing(runDir(runId), "run-", "",
                    runJson(run.withStatus(status, message, Instant.now().truncatedTo(ChronoUnit.MILLIS))));
            return null;
        });
    }

    @Override
    public void saveGeneration(String runId, GenerationRecord g) {
        shared.withFiles("save generation " + g.generation() + " of run " + runId, () -> {
            latestRun(runId).orElseThrow(() -> unknownRun(runId));
            ObjectNode node = shared.json().createObjectNode();
            node.put("runId", runId);
            node.put("generation", g.generation());
            putDouble(node, "bestFitness", g.bestFitness());
            putDouble(node, "meanFitness", g.meanFitness());
            node.put("evaluations", g.evaluations());
            node.put("durationMillis", g.durationMillis());
            node.put("populationJson", g.populationJson());
            shared.publishReplacing(runDir(runId), generationPrefix(g.generation()), "", node);
            return null;
        });
    }

    private static String generationPrefix(int generation) {
        return String.format(Locale.ROOT, "gen-%010d-", generation);
    }

    @Override
    public void saveResults(String runId, List<StrategyRecord> top) {
        shared.withFiles("save results of run " + runId, () -> {
            latestRun(runId).orElseThrow(() -> unknownRun(runId));
            ObjectNode node = shared.json().createObjectNode();
            node.put("runId", runId);
            ArrayNode list = node.putArray("results");
            for (StrategyRecord s : top) {
                ObjectNode r = list.addObject();
                r.put("rank", s.rank());
                r.put("genesJson", s.genesJson());
                r.put("inSampleJson", s.inSampleJson());
                r.put("outOfSampleJson", s.outOfSampleJson());
                putDouble(r, "fitness", s.fitness());
                r.put("accepted", s.accepted());
            }
            shared.publishReplacing(runDir(runId), "results-", "", node);
            return null;
        });
    }

    @Override
    public Optional<RunRecord> findRun(String runId) {
        return shared.withFiles("find run " + runId, () -> latestRun(runId));
    }

    private Optional<RunRecord> latestRun(String runId) throws IOException {
        return shared.latest(runDir(runId), "run-").map(this::run).filter(r -> r.runId().equals(runId));
    }

    @Override
    public List<RunRecord> listRuns(int limit) {
        return shared.withFiles("list runs", () -> {
            List<RunRecord> runs = new ArrayList<>();
            for (Path dir : children(shared.root().resolve("runs"))) {
                shared.latest(dir, "run-").map(this::run).ifPresent(runs::add);
            }
            runs.sort(Comparator.comparing(RunRecord::createdAt).reversed()
                    .thenComparing(RunRecord::runId, Texts.CODE_POINT_ORDER));
            return runs.subList(0, Math.min(limit, runs.size()));
        });
    }

    @Override
    public List<GenerationRecord> generations(String runId) {
        return shared.withFiles("read generations of run " + runId, () -> {
            for (int attempt = 1; ; attempt++) {
                Path dir = runDir(runId);
                // newest file per generation number
                TreeMap<Integer, Path> newest = new TreeMap<>();
                for (Path p : versioned(dir, "gen-")) {
                    String name = p.getFileName().toString();
                    newest.put(Integer.parseInt(name.substring(4, 14)), p); // versioned() is in version order
                }
                try {
                    List<GenerationRecord> out = new ArrayList<>();
                    for (Path p : newest.values()) {
                        JsonNode n = shared.read(p);
                        if (!runId.equals(n.path("runId").asText())) {
                            continue;
                        }
                        out.add(new GenerationRecord(n.path("generation").asInt(), getDouble(n, "bestFitness"),
                                getDouble(n, "meanFitness"), n.path("evaluations").asLong(),
                                n.path("durationMillis").asLong(), text(n, "populationJson")));
                    }
                    return out;
                } catch (NoSuchFileException e) {
                    if (attempt == SharedDir.JSON_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        });
    }

    @Override
    public List<StrategyRecord> results(String runId) {
        return shared.withFiles("read results of run " + runId, () -> {
            Optional<JsonNode> node = shared.latest(runDir(runId), "results-")
                    .filter(n -> runId.equals(n.path("runId").asText()));
            List<StrategyRecord> out = new ArrayList<>();
            node.ifPresent(n -> n.path("results").forEach(r -> out.add(new StrategyRecord(r.path("rank").asInt(),
                    text(r, "genesJson"), text(r, "inSampleJson"), text(r, "outOfSampleJson"), getDouble(r, "fitness"),
                    r.path("accepted").asBoolean()))));
            return out;
        });
    }

    private ObjectNode runJson(RunRecord run) {
        ObjectNode node = shared.json().createObjectNode();
        node.put("runId", run.runId());
        node.put("createdMs", run.createdAt().toEpochMilli());
        node.put("symbol", run.symbol());
        node.put("timeframe", run.timeframe().label());
        node.put("seed", run.seed());
        node.put("status", run.status().name());
        node.put("message", run.message());
        node.put("updatedMs", run.updatedAt().toEpochMilli());
        node.put("configJson", run.configJson());
        return node;
    }

    private RunRecord run(JsonNode n) {
        return new RunRecord(n.path("runId").asText(), Instant.ofEpochMilli(n.path("createdMs").asLong()),
                n.path("symbol").asText(), Timeframe.parse(n.path("timeframe").asText()), n.path("seed").asLong(),
                RunStatus.parse(n.path("status").asText()), text(n, "message"),
                Instant.ofEpochMilli(n.path("updatedMs").asLong()), n.path("configJson").asText());
    }

    private static StorageException unknownRun(String runId) {
        return new StorageException("no run with id '" + runId + "'");
    }
}
