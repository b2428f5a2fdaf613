package io.seedgrid.storage.shared;

import static io.seedgrid.storage.shared.SharedDir.children;
import static io.seedgrid.storage.shared.SharedDir.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.storage.StrategyStore;
import io.seedgrid.storage.StrategyVersionRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/** The registry as create-only JSON files: a strategy file with log entry 1, then one file per later entry. */
final class SharedStrategyStore implements StrategyStore {
    private static final String STRATEGY_FILE = "strategy.json";
    private static final String EVENT_PREFIX = "event-";
    private final SharedDir shared;

    SharedStrategyStore(SharedDir shared) {
        this.shared = shared;
    }

    private Path strategyDir(String strategyId) {
        return shared.root().resolve("strategies").resolve(Names.segment(strategyId));
    }

    private static String eventFile(int seq) {
        return String.format(Locale.ROOT, EVENT_PREFIX + "%010d.json", seq);
    }

    /**
     * The id is claimed atomically (the strategy file is created only if absent). The (name, version) pair is
     * checked by listing first: two writers registering one name and version under different ids at the same
     * instant could both succeed here; the registry derives ids from name and version, so it never does.
     */
    @Override
    public boolean createStrategy(StrategyVersionRecord s, StrategyEventRecord created) {
        return shared.withFiles("create strategy " + s.id(), () -> {
            for (StrategyVersionRecord other : allStrategies()) {
                if (other.id().equals(s.id())
                        || (other.name().equals(s.name()) && other.version().equals(s.version()))) {
                    return false;
                }
            }
            ObjectNode node = shared.json().createObjectNode();
            node.put("strategyId", s.id());
            node.put("name", s.name());
            node.put("version", s.version());
            node.put("createdMs", s.createdAt().toEpochMilli());
            node.put("runId", s.runId());
            node.put("rank", s.rank());
            node.put("parentId", s.parentId());
            node.put("symbol", s.symbol());
            node.put("timeframe", s.timeframe().label());
            node.put("definitionJson", s.definitionJson());
            node.put("dataJson", s.dataJson());
            node.put("inSampleJson", s.inSampleJson());
            node.put("outOfSampleJson", s.outOfSampleJson());
            node.put("baselineJson", s.baselineJson());
            node.set("created", eventJson(created));
            return Publish.create(
                    strategyDir(s.id()), STRATEGY_FILE, shared.json().writeValueAsBytes(node));
        });
    }

    @Override
    public Optional<StrategyVersionRecord> findStrategy(String strategyId) {
        return shared.withFiles(
                "find strategy " + strategyId, () -> strategyNode(strategyId).map(this::strategy));
    }

    private Optional<JsonNode> strategyNode(String strategyId) throws IOException {
        Path file = strategyDir(strategyId).resolve(STRATEGY_FILE);
        try {
            JsonNode node = shared.read(file);
            return strategyId.equals(node.path("strategyId").asText()) ? Optional.of(node) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StrategyVersionRecord> listStrategies() {
        return shared.withFiles("list strategies", this::allStrategies);
    }

    private List<StrategyVersionRecord> allStrategies() throws IOException {
        List<StrategyVersionRecord> out = new ArrayList<>();
        for (Path dir : children(shared.root().resolve("strategies"))) {
            try {
                out.add(strategy(shared.read(dir.resolve(STRATEGY_FILE))));
            } catch (NoSuchFileException e) {
                // a directory whose strategy file is not (yet) there: not registered
            }
        }
        return out;
    }

    private StrategyVersionRecord strategy(JsonNode n) {
        return new StrategyVersionRecord(
                n.path("strategyId").asText(),
                n.path("name").asText(),
                n.path("version").asText(),
                Instant.ofEpochMilli(n.path("createdMs").asLong()),
                text(n, "runId"),
                n.path("rank").asInt(),
                text(n, "parentId"),
                n.path("symbol").asText(),
                Timeframe.parse(n.path("timeframe").asText()),
                n.path("definitionJson").asText(),
                n.path("dataJson").asText(),
                n.path("inSampleJson").asText(),
                n.path("outOfSampleJson").asText(),
                n.path("baselineJson").asText());
    }

    @Override
    public boolean appendStrategyEvent(StrategyEventRecord e) {
        return shared.withFiles("append to the log of strategy " + e.strategyId(), () -> {
            if (strategyNode(e.strategyId()).isEmpty()) {
                throw new StorageException("no strategy with id '" + e.strategyId() + "'");
            }
            Path dir = strategyDir(e.strategyId());
            int last = eventFiles(dir).keySet().stream()
                    .mapToInt(Integer::intValue)
                    .max()
                    .orElse(1);
            if (e.seq() <= last) {
                return false;
            }
            if (e.seq() > last + 1) {
                throw new IllegalArgumentException("seq " + e.seq() + " would leave a gap in the log of strategy "
                        + e.strategyId() + ", whose last entry is " + last);
            }
            return Publish.create(dir, eventFile(e.seq()), shared.json().writeValueAsBytes(eventJson(e)));
        });
    }

    /** Log entries 2, 3, ... of a strategy directory: seq -> file. */
    private static TreeMap<Integer, Path> eventFiles(Path dir) throws IOException {
        TreeMap<Integer, Path> out = new TreeMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, EVENT_PREFIX + "*.json")) {
            for (Path p : s) {
                String digits = p.getFileName()
                        .toString()
                        .substring(EVENT_PREFIX.length())
                        .replace(".json", "");
                if (digits.length() == 10 && digits.chars().allMatch(Character::isDigit)) {
                    out.put(Integer.parseInt(digits), p);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    @Override
    public List<StrategyEventRecord> strategyEvents(String strategyId) {
        return shared.withFiles("read the log of strategy " + strategyId, () -> {
            Optional<JsonNode> strategy = strategyNode(strategyId);
            if (strategy.isEmpty()) {
                return List.of();
            }
            List<StrategyEventRecord> out = new ArrayList<>();
            out.add(event(strategy.get().path("created")));
            for (Path p : eventFiles(strategyDir(strategyId)).values()) {
                JsonNode n = shared.read(p); // entries are never deleted
                if (strategyId.equals(n.path("strategyId").asText())) {
                    out.add(event(n));
                }
            }
            return out;
        });
    }

    @Override
    public List<StrategyEventRecord> allStrategyEvents() {
        return shared.withFiles("read the strategy logs", () -> {
            List<StrategyEventRecord> out = new ArrayList<>();
            for (Path dir : children(shared.root().resolve("strategies"))) {
                JsonNode strategy;
                try {
                    strategy = shared.read(dir.resolve(STRATEGY_FILE));
                } catch (NoSuchFileException e) {
                    continue;
                }
                String id = strategy.path("strategyId").asText();
                out.add(event(strategy.path("created")));
                for (Path p : eventFiles(dir).values()) {
                    JsonNode n = shared.read(p);
                    if (id.equals(n.path("strategyId").asText())) {
                        out.add(event(n));
                    }
                }
            }
            return out;
        });
    }

    private ObjectNode eventJson(StrategyEventRecord e) {
        ObjectNode node = shared.json().createObjectNode();
        node.put("strategyId", e.strategyId());
        node.put("seq", e.seq());
        node.put("atMs", e.at().toEpochMilli());
        node.put("kind", e.kind().name());
        node.put("stage", e.stage().name());
        node.put("actor", e.actor());
        node.put("message", e.message());
        node.put("detailsJson", e.detailsJson());
        return node;
    }

    private static StrategyEventRecord event(JsonNode n) {
        return new StrategyEventRecord(
                n.path("strategyId").asText(),
                n.path("seq").asInt(),
                Instant.ofEpochMilli(n.path("atMs").asLong()),
                StrategyEventRecord.Kind.parse(n.path("kind").asText()),
                StrategyStage.parse(n.path("stage").asText()),
                text(n, "actor"),
                text(n, "message"),
                text(n, "detailsJson"));
    }
}
