package io.seedgrid.storage.shared;

import static io.seedgrid.storage.shared.SharedDir.children;
import static io.seedgrid.storage.shared.SharedDir.getDouble;
import static io.seedgrid.storage.shared.SharedDir.putDouble;
import static io.seedgrid.storage.shared.SharedDir.text;
import static io.seedgrid.storage.shared.SharedDir.versioned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunExistsException;
import io.seedgrid.storage.RunLease;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.RunStore;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StrategyRecord;
import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs as JSON snapshots: the run, one file per generation and the whole top list, the newest of each wins. A run's
 * id is claimed by a {@code created.json} created once; its leases are files created once per epoch, their beats
 * snapshots of that epoch.
 */
final class SharedRunStore implements RunStore {
    private static final String CREATED_FILE = "created.json";
    private static final String LEASE_PREFIX = "lease-";

    private final SharedDir shared;

    SharedRunStore(SharedDir shared) {
        this.shared = shared;
    }

    private Path runDir(String runId) {
        return shared.root().resolve("runs").resolve(Names.segment(runId));
    }

    /**
     * Create-only: the id is claimed by creating {@code created.json} (atomic, see {@link Publish#create}); a run
     * directory holding a snapshot but no claim (written before claims existed) is taken too.
     */
    @Override
    public void saveRun(RunRecord run) {
        shared.withFiles("save run " + run.runId(), () -> {
            Path dir = runDir(run.runId());
            Optional<RunRecord> stored = latestRun(run.runId());
            if (stored.isPresent()) {
                if (stored.get().equals(run)) {
                    return null; // the same record again: a retried write
                }
                throw new RunExistsException(run.runId());
            }
            ObjectNode claim = shared.json().createObjectNode();
            claim.put("runId", run.runId());
            if (!Publish.create(dir, CREATED_FILE, shared.json().writeValueAsBytes(claim))) {
                throw new RunExistsException(run.runId());
            }
            if (run.lease().isPresent()) {
                Publish.create(
                        dir,
                        leaseFile(run.lease().get().epoch()),
                        leaseJson(run.runId(), run.lease().get()));
            }
            shared.publishReplacing(dir, "run-", "", runJson(run));
            return null;
        });
    }

    @Override
    public void updateRunStatus(String runId, RunStatus status, String message) {
        shared.withFiles("update run " + runId, () -> {
            RunRecord run = latestRun(runId).orElseThrow(() -> unknownRun(runId));
            shared.publishReplacing(
                    runDir(runId),
                    "run-",
                    "",
                    runJson(run.withStatus(status, message, Instant.now().truncatedTo(ChronoUnit.MILLIS))));
            return null;
        });
    }

    /** A beat is a file of its lease's epoch ({@code beat-<epoch>-<version>.json}), the newest of which counts. */
    @Override
    public boolean beatRun(String runId, RunLease lease, Instant at) {
        return shared.withFiles("beat run " + runId, () -> {
            Path dir = runDir(runId);
            latestRun(runId).orElseThrow(() -> unknownRun(runId));
            Optional<RunLease> current = currentLease(dir, runId);
            if (current.isEmpty()
                    || current.get().epoch() != lease.epoch()
                    || !current.get().owner().equals(lease.owner())) {
                return false;
            }
            ObjectNode node = shared.json().createObjectNode();
            node.put("runId", runId);
            node.put("owner", lease.owner());
            node.put("epoch", lease.epoch());
            node.put("atMs", at.toEpochMilli());
            shared.publishReplacing(dir, beatPrefix(lease.epoch()), "", node);
            return true;
        });
    }

    /** The lease file of the next epoch is created only if absent: of two writers taking over, one creates it. */
    @Override
    public boolean takeOverRun(String runId, long expectedEpoch, RunLease next, RunStatus status, String message) {
        return shared.withFiles("take over run " + runId, () -> {
            Path dir = runDir(runId);
            RunRecord run = latestRun(runId).orElseThrow(() -> unknownRun(runId));
            if (run.leaseEpoch() != expectedEpoch
                    || !Publish.create(dir, leaseFile(next.epoch()), leaseJson(runId, next))) {
                return false;
            }
            shared.publishReplacing(
                    dir,
                    "run-",
                    "",
                    runJson(run.withStatus(status, message, Instant.now().truncatedTo(ChronoUnit.MILLIS))));
            for (long old = 1; old <= expectedEpoch; old++) { // beats of earlier leases are history
                for (Path p : versioned(dir, beatPrefix(old))) {
                    Files.deleteIfExists(p);
                }
            }
            return true;
        });
    }

    private static String leaseFile(long epoch) {
        return String.format(Locale.ROOT, LEASE_PREFIX + "%010d.json", epoch);
    }

    private static String beatPrefix(long epoch) {
        return String.format(Locale.ROOT, "beat-%010d-", epoch);
    }

    private byte[] leaseJson(String runId, RunLease lease) throws IOException {
        ObjectNode node = shared.json().createObjectNode();
        node.put("runId", runId);
        node.put("owner", lease.owner());
        node.put("epoch", lease.epoch());
        node.put("atMs", lease.beatAt().toEpochMilli());
        return shared.json().writeValueAsBytes(node);
    }

    /** The lease of the highest epoch, with its newest beat (or its own time when it has none yet). */
    private Optional<RunLease> currentLease(Path dir, String runId) throws IOException {
        long epoch = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, LEASE_PREFIX + "*.json")) {
            for (Path p : s) {
                String digits = p.getFileName()
                        .toString()
                        .substring(LEASE_PREFIX.length())
                        .replace(".json", "");
                if (digits.length() == 10 && digits.chars().allMatch(Character::isDigit)) {
                    epoch = Math.max(epoch, Long.parseLong(digits));
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (epoch == 0) {
            return Optional.empty();
        }
        JsonNode lease = shared.read(dir.resolve(leaseFile(epoch))); // lease files are never deleted
        if (!runId.equals(lease.path("runId").asText())) {
            return Optional.empty();
        }
        String owner = lease.path("owner").asText();
        long at = lease.path("atMs").asLong();
        Optional<JsonNode> beat = shared.latest(dir, beatPrefix(epoch))
                .filter(b -> owner.equals(b.path("owner").asText()));
        if (beat.isPresent()) {
            at = beat.get().path("atMs").asLong();
        }
        return Optional.of(new RunLease(owner, epoch, Instant.ofEpochMilli(at)));
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
        return run(runDir(runId)).filter(r -> r.runId().equals(runId));
    }

    /** The run of a run directory: its newest snapshot with its current lease. */
    private Optional<RunRecord> run(Path dir) throws IOException {
        Optional<JsonNode> snapshot = shared.latest(dir, "run-");
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        RunRecord run = run(snapshot.get());
        Optional<RunLease> lease = currentLease(dir, run.runId());
        return Optional.of(lease.isPresent() ? run.withLease(lease.get()) : run);
    }

    private List<RunRecord> allRuns() throws IOException {
        List<RunRecord> runs = new ArrayList<>();
        for (Path dir : children(shared.root().resolve("runs"))) {
            run(dir).ifPresent(runs::add);
        }
        return runs;
    }

    @Override
    public List<RunRecord> listRuns(int limit) {
        return shared.withFiles("list runs", () -> {
            List<RunRecord> runs = allRuns();
            runs.sort(Comparator.comparing(RunRecord::createdAt)
                    .reversed()
                    .thenComparing(RunRecord::runId, Texts.CODE_POINT_ORDER));
            return runs.subList(0, Math.min(limit, runs.size()));
        });
    }

    @Override
    public List<RunRecord> runsWithStatus(Set<RunStatus> statuses) {
        return shared.withFiles("list runs by status", () -> {
            List<RunRecord> runs = new ArrayList<>(allRuns().stream()
                    .filter(r -> statuses.contains(r.status()))
                    .toList());
            runs.sort(
                    Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::runId, Texts.CODE_POINT_ORDER));
            return runs;
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
                        out.add(new GenerationRecord(
                                n.path("generation").asInt(),
                                getDouble(n, "bestFitness"),
                                getDouble(n, "meanFitness"),
                                n.path("evaluations").asLong(),
                                n.path("durationMillis").asLong(),
                                text(n, "populationJson")));
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
            node.ifPresent(n -> n.path("results")
                    .forEach(r -> out.add(new StrategyRecord(
                            r.path("rank").asInt(),
                            text(r, "genesJson"),
                            text(r, "inSampleJson"),
                            text(r, "outOfSampleJson"),
                            getDouble(r, "fitness"),
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
        return new RunRecord(
                n.path("runId").asText(),
                Instant.ofEpochMilli(n.path("createdMs").asLong()),
                n.path("symbol").asText(),
                Timeframe.parse(n.path("timeframe").asText()),
                n.path("seed").asLong(),
                RunStatus.parse(n.path("status").asText()),
                text(n, "message"),
                Instant.ofEpochMilli(n.path("updatedMs").asLong()),
                n.path("configJson").asText(),
                Optional.empty());
    }

    private static StorageException unknownRun(String runId) {
        return new StorageException("no run with id '" + runId + "'");
    }
}
