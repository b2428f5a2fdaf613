package io.seedgrid.storage.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.RunExistsException;
import io.seedgrid.storage.RunLease;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.SignalPoint;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.storage.StrategyRecord;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.storage.StrategyVersionRecord;
import io.seedgrid.storage.SymbolSummary;
import io.seedgrid.storage.internal.BarsBuilder;
import io.seedgrid.storage.internal.Dirs;
import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;

/**
 * The shared backend: a directory (e.g. on NFS) that many processes on many machines read and write at once.
 *
 * <pre>
 * root/.seedgrid-shared.json                      format marker
 * root/bars/&lt;symbol&gt;/&lt;timeframe&gt;/part-&lt;version&gt;.parquet  bars, see {@link PartTable}
 * root/signals/&lt;strategy&gt;/&lt;symbol&gt;/part-&lt;version&gt;.parquet
 * root/runs/&lt;run id&gt;/created.json                         the run id's claim, created once
 * root/runs/&lt;run id&gt;/run-&lt;version&gt;.json                 run snapshots, the newest wins
 * root/runs/&lt;run id&gt;/lease-&lt;epoch&gt;.json                 its coordinators' leases, each created once
 * root/runs/&lt;run id&gt;/beat-&lt;epoch&gt;-&lt;version&gt;.json        a lease's beats, the newest wins
 * root/runs/&lt;run id&gt;/gen-&lt;generation&gt;-&lt;version&gt;.json  one per generation, the newest wins
 * root/runs/&lt;run id&gt;/results-&lt;version&gt;.json             the whole top list, the newest wins
 * root/reports/&lt;report id&gt;/report-&lt;version&gt;.json
 * root/strategies/&lt;strategy id&gt;/strategy.json            a registered version and its log entry 1, created once
 * root/strategies/&lt;strategy id&gt;/event-&lt;seq&gt;.json          log entries 2, 3, ..., each created once
 * </pre>
 *
 * Names are encoded by {@link Names}; every file is published atomically by {@link Publish} and never changed
 * afterwards (strategy files are created only if their name is free: {@link Publish#create}); versions come from {@link Versions}. Superseded JSON snapshots are deleted after a newer one is
 * published; readers that lose a file to that list again. Bars and signals are read through an in-memory DuckDB.
 */
final class SharedStore implements Store {
    static final int FORMAT = 1;
    static final String MARKER = ".seedgrid-shared.json";
    private static final String[] BAR_ID = {"symbol", "timeframe"};
    private static final String[] BAR_VALUES = {"open", "high", "low", "close", "volume"};
    private static final String[] SIGNAL_ID = {"strategy_id", "symbol"};
    private static final int JSON_ATTEMPTS = 8;

    private final Path root;
    private final DuckDBConnection engine;
    private final ReentrantLock lock = new ReentrantLock();
    private final ObjectMapper json = JsonMapper.builder().build();

    private SharedStore(Path root, DuckDBConnection engine) {
        this.root = root;
        this.engine = engine;
    }

    static SharedStore open(Path root) {
        String text = root.toString();
        if (text.chars().anyMatch(ch -> "*?[]{}".indexOf(ch) >= 0)) {
            throw new StorageException("the shared directory " + root + " contains glob characters (* ? [ ] { }),"
                    + " which the Parquet reader would expand; choose another path");
        }
        try {
            Publish.directories(root);
        } catch (IOException e) {
            throw new StorageException(e.getMessage() + " (the shared directory)", e);
        }
        if (!Files.isDirectory(root)) {
            throw new StorageException("the shared path " + root + " is not a directory");
        }
        checkFormat(root);
        try {
            DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = c.createStatement()) {
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
            }
            return new SharedStore(root, c);
        } catch (SQLException e) {
            throw new StorageException("cannot start the in-memory DuckDB reader for " + root + ": "
                    + Texts.messages(e), e);
        }
    }

    /** Writes the format marker when missing (skipped when the directory is read-only); refuses newer formats. */
    private static void checkFormat(Path root) {
        Path marker = root.resolve(MARKER);
        ObjectMapper mapper = new ObjectMapper();
        if (Files.isRegularFile(marker)) {
            try {
                int format = mapper.readTree(marker.toFile()).path("format").asInt(0);
                if (format > FORMAT) {
                    throw new StorageException("the shared directory " + root + " has format " + format
                            + ", newer than this seedgrid understands (" + FORMAT + ")");
                }
            } catch (IOException e) {
                throw new StorageException("cannot read " + marker + ": " + e.getMessage(), e);
            }
            return;
        }
        try {
            Publish.write(root, MARKER, ("{\"format\":" + FORMAT + ",\"layout\":\"seedgrid shared storage\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // read-only directory: reads still work, writes will fail with their own message
        }
    }

    @Override
    public String backend() {
        return "shared";
    }

    @Override
    public String location() {
        return root.toString();
    }

    // ---------------------------------------------------------------- bars

    private PartTable bars(String symbol, Timeframe tf) {
        return new PartTable(root.resolve("bars").resolve(Names.segment(symbol)).resolve(tf.label()), BAR_ID,
                new String[] {symbol, tf.label()}, "end_ms", BAR_VALUES);
    }

    @Override
    public int writeBars(Bars b) {
        double[][] cols = BarsBuilder.valueColumns(b);
        long[] keys = b.endEpochMillis();
        return engine("write bars of " + b.symbol() + " " + b.timeframe(),
                () -> bars(b.symbol(), b.timeframe()).write(engine, keys, cols));
    }

    @Override
    public Bars readBars(String symbol, Timeframe tf, Instant fromInclusive, Instant toExclusive) {
        long from = fromInclusive == null ? Long.MIN_VALUE : fromInclusive.toEpochMilli();
        long to = toExclusive == null ? Long.MAX_VALUE : toExclusive.toEpochMilli() - 1;
        return engine("read bars of " + symbol + " " + tf, () -> {
            BarsBuilder out = new BarsBuilder();
            bars(symbol, tf).read(engine, from, to, (k, v) -> out.add(k, v[0], v[1], v[2], v[3], v[4]));
            return out.build(symbol, tf);
        });
    }

    /** Every published bar part under {@code root/bars}. */
    private List<Path> allBarParts() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path symbolDir : children(root.resolve("bars"))) {
            for (Path tfDir : children(symbolDir)) {
                out.addAll(PartTable.parts(tfDir));
            }
        }
        return out;
    }

    private static List<Path> children(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> !p.getFileName().toString().startsWith(".")
                && Files.isDirectory(p))) {
            s.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    @Override
    public List<SymbolSummary> listSymbols() {
        return engine("list symbols", () -> {
            for (int attempt = 1; ; attempt++) {
                List<Path> parts = allBarParts();
                if (parts.isEmpty()) {
                    return List.of();
                }
                try (PreparedStatement ps = engine.prepareStatement("SELECT symbol, timeframe, count(*), min(end_ms),"
                        + " max(end_ms) FROM (SELECT DISTINCT symbol, timeframe, end_ms FROM"
                        + " read_parquet(?, hive_partitioning = false)) GROUP BY symbol, timeframe")) {
                    ps.setArray(1, PartTable.paths(engine, parts));
                    List<SymbolSummary> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new SymbolSummary(rs.getString(1), Timeframe.parse(rs.getString(2)), rs.getLong(3),
                                    Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))));
                        }
                    }
                    return out;
                } catch (SQLException e) {
                    if (attempt < JSON_ATTEMPTS && PartTable.anyGone(parts)) {
                        continue;
                    }
                    throw PartTable.unreadable(engine, parts, e);
                }
            }
        });
    }

    // ---------------------------------------------------------------- signals

    private PartTable signals(String strategyId, String symbol) {
        return new PartTable(root.resolve("signals").resolve(Names.segment(strategyId)).resolve(Names.segment(symbol)),
                SIGNAL_ID, new String[] {strategyId, symbol}, "time_ms", "value");
    }

    @Override
    public int writeSignals(String strategyId, String symbol, List<SignalPoint> points) {
        long[] keys = new long[points.size()];
        double[] values = new double[points.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = points.get(i).time().toEpochMilli();
            values[i] = points.get(i).value();
        }
        return engine("write signals of " + strategyId + " " + symbol,
                () -> signals(strategyId, symbol).write(engine, keys, new double[][] {values}));
    }

    @Override
    public List<SignalPoint> readSignals(String strategyId, String symbol, Instant since) {
        long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        return engine("read signals of " + strategyId + " " + symbol, () -> {
            List<SignalPoint> out = new ArrayList<>();
            signals(strategyId, symbol).read(engine, from, Long.MAX_VALUE,
                    (k, v) -> out.add(new SignalPoint(Instant.ofEpochMilli(k), v[0])));
            return out;
        });
    }

    // ---------------------------------------------------------------- runs

    private Path runDir(String runId) {
        return root.resolve("runs").resolve(Names.segment(runId));
    }

    /**
     * Create-only: the id is claimed by creating {@code created.json} (atomic, see {@link Publish#create}); a run
     * directory holding a snapshot but no claim (written before claims existed) is taken too.
     */
    @Override
    public void saveRun(RunRecord run) {
        files("save run " + run.runId(), () -> {
            Path dir = runDir(run.runId());
            Optional<RunRecord> stored = latestRun(run.runId());
            if (stored.isPresent()) {
                if (stored.get().equals(run)) {
                    return null; // the same record again: a retried write
                }
                throw new RunExistsException(run.runId());
            }
            ObjectNode claim = json.createObjectNode();
            claim.put("runId", run.runId());
            if (!Publish.create(dir, CREATED_FILE, json.writeValueAsBytes(claim))) {
                throw new RunExistsException(run.runId());
            }
            if (run.lease().isPresent()) {
                Publish.create(dir, leaseFile(run.lease().get().epoch()), leaseJson(run.runId(), run.lease().get()));
            }
            publishReplacing(dir, "run-", "", runJson(run));
            return null;
        });
    }

    @Override
    public void updateRunStatus(String runId, RunStatus status, String message) {
        files("update run " + runId, () -> {
            RunRecord run = latestRun(runId).orElseThrow(() -> unknownRun(runId));
            publishReplacing(runDir(runId), "run-", "",
                    runJson(run.withStatus(status, message, Instant.now().truncatedTo(ChronoUnit.MILLIS))));
            return null;
        });
    }

    /** A beat is a file of its lease's epoch ({@code beat-<epoch>-<version>.json}), the newest of which counts. */
    @Override
    public boolean beatRun(String runId, RunLease lease, Instant at) {
        return files("beat run " + runId, () -> {
            Path dir = runDir(runId);
            latestRun(runId).orElseThrow(() -> unknownRun(runId));
            Optional<RunLease> current = currentLease(dir, runId);
            if (current.isEmpty() || current.get().epoch() != lease.epoch()
                    || !current.get().owner().equals(lease.owner())) {
                return false;
            }
            ObjectNode node = json.createObjectNode();
            node.put("runId", runId);
            node.put("owner", lease.owner());
            node.put("epoch", lease.epoch());
            node.put("atMs", at.toEpochMilli());
            publishReplacing(dir, beatPrefix(lease.epoch()), "", node);
            return true;
        });
    }

    /** The lease file of the next epoch is created only if absent: of two writers taking over, one creates it. */
    @Override
    public boolean takeOverRun(String runId, long expectedEpoch, RunLease next, RunStatus status, String message) {
        return files("take over run " + runId, () -> {
            Path dir = runDir(runId);
            RunRecord run = latestRun(runId).orElseThrow(() -> unknownRun(runId));
            if (run.leaseEpoch() != expectedEpoch
                    || !Publish.create(dir, leaseFile(next.epoch()), leaseJson(runId, next))) {
                return false;
            }
            publishReplacing(dir, "run-", "", runJson(run.withStatus(status, message,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS))));
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
        ObjectNode node = json.createObjectNode();
        node.put("runId", runId);
        node.put("owner", lease.owner());
        node.put("epoch", lease.epoch());
        node.put("atMs", lease.beatAt().toEpochMilli());
        return json.writeValueAsBytes(node);
    }

    /** The lease of the highest epoch, with its newest beat (or its own time when it has none yet). */
    private Optional<RunLease> currentLease(Path dir, String runId) throws IOException {
        long epoch = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, LEASE_PREFIX + "*.json")) {
            for (Path p : s) {
                String digits = p.getFileName().toString().substring(LEASE_PREFIX.length()).replace(".json", "");
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
        JsonNode lease = read(dir.resolve(leaseFile(epoch))); // lease files are never deleted
        if (!runId.equals(lease.path("runId").asText())) {
            return Optional.empty();
        }
        String owner = lease.path("owner").asText();
        long at = lease.path("atMs").asLong();
        Optional<JsonNode> beat = latest(dir, beatPrefix(epoch)).filter(b -> owner.equals(b.path("owner").asText()));
        if (beat.isPresent()) {
            at = beat.get().path("atMs").asLong();
        }
        return Optional.of(new RunLease(owner, epoch, Instant.ofEpochMilli(at)));
    }

    @Override
    public void saveGeneration(String runId, GenerationRecord g) {
        files("save generation " + g.generation() + " of run " + runId, () -> {
            latestRun(runId).orElseThrow(() -> unknownRun(runId));
            ObjectNode node = json.createObjectNode();
            node.put("runId", runId);
            node.put("generation", g.generation());
            putDouble(node, "bestFitness", g.bestFitness());
            putDouble(node, "meanFitness", g.meanFitness());
            node.put("evaluations", g.evaluations());
            node.put("durationMillis", g.durationMillis());
            node.put("populationJson", g.populationJson());
            publishReplacing(runDir(runId), generationPrefix(g.generation()), "", node);
            return null;
        });
    }

    private static String generationPrefix(int generation) {
        return String.format(java.util.Locale.ROOT, "gen-%010d-", generation);
    }

    @Override
    public void saveResults(String runId, List<StrategyRecord> top) {
        files("save results of run " + runId, () -> {
            latestRun(runId).orElseThrow(() -> unknownRun(runId));
            ObjectNode node = json.createObjectNode();
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
            publishReplacing(runDir(runId), "results-", "", node);
            return null;
        });
    }

    @Override
    public Optional<RunRecord> findRun(String runId) {
        return files("find run " + runId, () -> latestRun(runId));
    }

    private Optional<RunRecord> latestRun(String runId) throws IOException {
        return run(runDir(runId)).filter(r -> r.runId().equals(runId));
    }

    /** The run of a run directory: its newest snapshot with its current lease. */
    private Optional<RunRecord> run(Path dir) throws IOException {
        Optional<JsonNode> snapshot = latest(dir, "run-");
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        RunRecord run = run(snapshot.get());
        Optional<RunLease> lease = currentLease(dir, run.runId());
        return Optional.of(lease.isPresent() ? run.withLease(lease.get()) : run);
    }

    private List<RunRecord> allRuns() throws IOException {
        List<RunRecord> runs = new ArrayList<>();
        for (Path dir : children(root.resolve("runs"))) {
            run(dir).ifPresent(runs::add);
        }
        return runs;
    }

    @Override
    public List<RunRecord> listRuns(int limit) {
        return files("list runs", () -> {
            List<RunRecord> runs = allRuns();
            runs.sort(Comparator.comparing(RunRecord::createdAt).reversed()
                    .thenComparing(RunRecord::runId, Texts.CODE_POINT_ORDER));
            return runs.subList(0, Math.min(limit, runs.size()));
        });
    }

    @Override
    public List<RunRecord> runsWithStatus(Set<RunStatus> statuses) {
        return files("list runs by status", () -> {
            List<RunRecord> runs = new ArrayList<>(allRuns().stream().filter(r -> statuses.contains(r.status())).toList());
            runs.sort(Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::runId, Texts.CODE_POINT_ORDER));
            return runs;
        });
    }

    @Override
    public List<GenerationRecord> generations(String runId) {
        return files("read generations of run " + runId, () -> {
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
                        JsonNode n = read(p);
                        if (!runId.equals(n.path("runId").asText())) {
                            continue;
                        }
                        out.add(new GenerationRecord(n.path("generation").asInt(), getDouble(n, "bestFitness"),
                                getDouble(n, "meanFitness"), n.path("evaluations").asLong(),
                                n.path("durationMillis").asLong(), text(n, "populationJson")));
                    }
                    return out;
                } catch (NoSuchFileException e) {
                    if (attempt == JSON_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        });
    }

    @Override
    public List<StrategyRecord> results(String runId) {
        return files("read results of run " + runId, () -> {
            Optional<JsonNode> node = latest(runDir(runId), "results-")
                    .filter(n -> runId.equals(n.path("runId").asText()));
            List<StrategyRecord> out = new ArrayList<>();
            node.ifPresent(n -> n.path("results").forEach(r -> out.add(new StrategyRecord(r.path("rank").asInt(),
                    text(r, "genesJson"), text(r, "inSampleJson"), text(r, "outOfSampleJson"), getDouble(r, "fitness"),
                    r.path("accepted").asBoolean()))));
            return out;
        });
    }

    private ObjectNode runJson(RunRecord run) {
        ObjectNode node = json.createObjectNode();
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
                Instant.ofEpochMilli(n.path("updatedMs").asLong()), n.path("configJson").asText(), Optional.empty());
    }

    private static final String CREATED_FILE = "created.json";
    private static final String LEASE_PREFIX = "lease-";

    private static StorageException unknownRun(String runId) {
        return new StorageException("no run with id '" + runId + "'");
    }

    // ---------------------------------------------------------------- strategy registry

    private static final String STRATEGY_FILE = "strategy.json";
    private static final String EVENT_PREFIX = "event-";

    private Path strategyDir(String strategyId) {
        return root.resolve("strategies").resolve(Names.segment(strategyId));
    }

    private static String eventFile(int seq) {
        return String.format(java.util.Locale.ROOT, EVENT_PREFIX + "%010d.json", seq);
    }

    /**
     * The id is claimed atomically (the strategy file is created only if absent). The (name, version) pair is
     * checked by listing first: two writers registering one name and version under different ids at the same
     * instant could both succeed here; the registry derives ids from name and version, so it never does.
     */
    @Override
    public boolean createStrategy(StrategyVersionRecord s, StrategyEventRecord created) {
        return files("create strategy " + s.id(), () -> {
            for (StrategyVersionRecord other : allStrategies()) {
                if (other.id().equals(s.id()) || (other.name().equals(s.name()) && other.version().equals(s.version()))) {
                    return false;
                }
            }
            ObjectNode node = json.createObjectNode();
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
            return Publish.create(strategyDir(s.id()), STRATEGY_FILE, json.writeValueAsBytes(node));
        });
    }

    @Override
    public Optional<StrategyVersionRecord> findStrategy(String strategyId) {
        return files("find strategy " + strategyId, () -> strategyNode(strategyId).map(this::strategy));
    }

    private Optional<JsonNode> strategyNode(String strategyId) throws IOException {
        Path file = strategyDir(strategyId).resolve(STRATEGY_FILE);
        try {
            JsonNode node = read(file);
            return strategyId.equals(node.path("strategyId").asText()) ? Optional.of(node) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StrategyVersionRecord> listStrategies() {
        return files("list strategies", this::allStrategies);
    }

    private List<StrategyVersionRecord> allStrategies() throws IOException {
        List<StrategyVersionRecord> out = new ArrayList<>();
        for (Path dir : children(root.resolve("strategies"))) {
            try {
                out.add(strategy(read(dir.resolve(STRATEGY_FILE))));
            } catch (NoSuchFileException e) {
                // a directory whose strategy file is not (yet) there: not registered
            }
        }
        return out;
    }

    private StrategyVersionRecord strategy(JsonNode n) {
        return new StrategyVersionRecord(n.path("strategyId").asText(), n.path("name").asText(),
                n.path("version").asText(), Instant.ofEpochMilli(n.path("createdMs").asLong()), text(n, "runId"),
                n.path("rank").asInt(), text(n, "parentId"), n.path("symbol").asText(),
                Timeframe.parse(n.path("timeframe").asText()), n.path("definitionJson").asText(),
                n.path("dataJson").asText(), n.path("inSampleJson").asText(), n.path("outOfSampleJson").asText(),
                n.path("baselineJson").asText());
    }

    @Override
    public boolean appendStrategyEvent(StrategyEventRecord e) {
        return files("append to the log of strategy " + e.strategyId(), () -> {
            if (strategyNode(e.strategyId()).isEmpty()) {
                throw new StorageException("no strategy with id '" + e.strategyId() + "'");
            }
            Path dir = strategyDir(e.strategyId());
            int last = eventFiles(dir).keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
            if (e.seq() <= last) {
                return false;
            }
            if (e.seq() > last + 1) {
                throw new IllegalArgumentException("seq " + e.seq() + " would leave a gap in the log of strategy "
                        + e.strategyId() + ", whose last entry is " + last);
            }
            return Publish.create(dir, eventFile(e.seq()), json.writeValueAsBytes(eventJson(e)));
        });
    }

    /** Log entries 2, 3, ... of a strategy directory: seq -> file. */
    private static TreeMap<Integer, Path> eventFiles(Path dir) throws IOException {
        TreeMap<Integer, Path> out = new TreeMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, EVENT_PREFIX + "*.json")) {
            for (Path p : s) {
                String digits = p.getFileName().toString().substring(EVENT_PREFIX.length()).replace(".json", "");
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
        return files("read the log of strategy " + strategyId, () -> {
            Optional<JsonNode> strategy = strategyNode(strategyId);
            if (strategy.isEmpty()) {
                return List.of();
            }
            List<StrategyEventRecord> out = new ArrayList<>();
            out.add(event(strategy.get().path("created")));
            for (Path p : eventFiles(strategyDir(strategyId)).values()) {
                JsonNode n = read(p); // entries are never deleted
                if (strategyId.equals(n.path("strategyId").asText())) {
                    out.add(event(n));
                }
            }
            return out;
        });
    }

    @Override
    public List<StrategyEventRecord> allStrategyEvents() {
        return files("read the strategy logs", () -> {
            List<StrategyEventRecord> out = new ArrayList<>();
            for (Path dir : children(root.resolve("strategies"))) {
                JsonNode strategy;
                try {
                    strategy = read(dir.resolve(STRATEGY_FILE));
                } catch (NoSuchFileException e) {
                    continue;
                }
                String id = strategy.path("strategyId").asText();
                out.add(event(strategy.path("created")));
                for (Path p : eventFiles(dir).values()) {
                    JsonNode n = read(p);
                    if (id.equals(n.path("strategyId").asText())) {
                        out.add(event(n));
                    }
                }
            }
            return out;
        });
    }

    private ObjectNode eventJson(StrategyEventRecord e) {
        ObjectNode node = json.createObjectNode();
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
        return new StrategyEventRecord(n.path("strategyId").asText(), n.path("seq").asInt(),
                Instant.ofEpochMilli(n.path("atMs").asLong()), StrategyEventRecord.Kind.parse(n.path("kind").asText()),
                StrategyStage.parse(n.path("stage").asText()), text(n, "actor"), text(n, "message"),
                text(n, "detailsJson"));
    }

    // ---------------------------------------------------------------- reports

    @Override
    public void saveReport(String id, Instant at, String reportJson) {
        files("save report " + id, () -> {
            ObjectNode node = json.createObjectNode();
            node.put("id", id);
            node.put("atMs", at.toEpochMilli());
            node.put("json", reportJson);
            publishReplacing(root.resolve("reports").resolve(Names.segment(id)), "report-", "", node);
            return null;
        });
    }

    @Override
    public List<ReportRecord> reports(int limit) {
        return files("list reports", () -> {
            List<ReportRecord> out = new ArrayList<>();
            for (Path dir : children(root.resolve("reports"))) {
                latest(dir, "report-").ifPresent(n -> out.add(new ReportRecord(n.path("id").asText(),
                        Instant.ofEpochMilli(n.path("atMs").asLong()), n.path("json").asText())));
            }
            out.sort(Comparator.comparing(ReportRecord::at).reversed()
                    .thenComparing(ReportRecord::id, Texts.CODE_POINT_ORDER));
            return out.subList(0, Math.min(limit, out.size()));
        });
    }

    // ---------------------------------------------------------------- versioned JSON files

    /** Files {@code prefix<version>....json} in {@code dir}, in version order (the prefix may hold more). */
    private static List<Path> versioned(Path dir, String prefix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + "*.json")) {
            s.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        }
        out.removeIf(p -> version(p, prefix) == null);
        out.sort(Comparator.comparing(p -> version(p, prefix)));
        return out;
    }

    /** The version a file carries after the fixed part of {@code prefix} (generation files: after "gen-N-"). */
    private static String version(Path p, String prefix) {
        String name = p.getFileName().toString();
        if (prefix.equals("gen-")) {
            return name.length() > 15 ? Versions.of(name, name.substring(0, 15)) : null;
        }
        return Versions.of(name, prefix);
    }

    /** The newest {@code prefix} file of {@code dir}, parsed; retries when a newer writer deleted it meanwhile. */
    private Optional<JsonNode> latest(Path dir, String prefix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<Path> files = versioned(dir, prefix);
            if (files.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(read(files.get(files.size() - 1)));
            } catch (NoSuchFileException e) {
                if (attempt == JSON_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private JsonNode read(Path file) throws IOException {
        try {
            return json.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("unreadable JSON file " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Publishes {@code node} as {@code dir/<prefix><version><suffix>.json} with a version newer than every file of
     * that prefix, then deletes the older ones (best effort).
     */
    private void publishReplacing(Path dir, String prefix, String suffix, JsonNode node) throws IOException {
        List<Path> older = versioned(dir, prefix);
        String version = Versions.next(older.stream().map(p -> version(p, prefix)).toList());
        Publish.write(dir, prefix + version + suffix + ".json", json.writeValueAsBytes(node));
        for (Path p : older) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // another writer is tidying the same files
            }
        }
    }

    private static void putDouble(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value)); // NaN, Infinity, -Infinity as text: JSON has no such numbers
        }
    }

    private static double getDouble(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    // ---------------------------------------------------------------- health

    /**
     * Lists every bar part and reads every Parquet footer (one query): a real round trip to each file that costs
     * per file, not per row. A partition with one part counts its footer's rows (keys are unique within a part);
     * only partitions with uncompacted parts count distinct keys. Unreadable files are named and make the store
     * DEGRADED (UNHEALTHY when no bar file is readable); so does a directory that refuses new files.
     */
    @Override
    public StoreHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("directory", root.toString());
        long start = System.nanoTime();
        if (!Files.isDirectory(root)) {
            return StoreHealth.unhealthy(backend(), (System.nanoTime() - start) / 1e6,
                    "shared directory " + root + " is missing or not a directory", details);
        }
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                Map<Path, List<Path>> partitions = new TreeMap<>();
                for (Path part : allBarParts()) {
                    partitions.computeIfAbsent(part.getParent(), k -> new ArrayList<>()).add(part);
                }
                List<Path> parts = partitions.values().stream().flatMap(List::stream).toList();
                Map<Path, Long> rows = new java.util.HashMap<>();
                List<String> bad = new ArrayList<>();
                try {
                    footers(parts, rows);
                } catch (SQLException e) {
                    if (attempt < JSON_ATTEMPTS && PartTable.anyGone(parts)) {
                        continue; // compaction replaced parts meanwhile
                    }
                    for (Path p : parts) { // find the culprits, one footer at a time
                        try {
                            footers(List.of(p), rows);
                        } catch (SQLException one) {
                            if (Files.exists(p)) {
                                bad.add(p + ": " + Texts.messages(one));
                            }
                        }
                    }
                }
                long count = 0;
                for (List<Path> partition : partitions.values()) {
                    List<Path> good = partition.stream().filter(rows::containsKey).toList();
                    count += good.size() == 1 ? rows.get(good.get(0)) : good.isEmpty() ? 0 : distinctKeys(good);
                }
                double latency = (System.nanoTime() - start) / 1e6;
                details.put("partitions", String.valueOf(partitions.size()));
                details.put("bar files", String.valueOf(parts.size()));
                if (!bad.isEmpty() && bad.size() == parts.size()) {
                    return StoreHealth.unhealthy(backend(), latency,
                            "no readable bar file; unreadable Parquet file(s): " + String.join("; ", bad), details);
                }
                List<String> problems = new ArrayList<>();
                if (!bad.isEmpty()) {
                    problems.add("unreadable Parquet file(s): " + String.join("; ", bad));
                    details.put("unreadable files", String.valueOf(bad.size()));
                }
                String notWritable = writeProbe();
                if (notWritable != null) {
                    problems.add(notWritable);
                }
                return StoreHealth.answered(backend(), latency, count,
                        problems.isEmpty() ? null : String.join("; ", problems), details);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            return StoreHealth.unhealthy(backend(), (System.nanoTime() - start) / 1e6,
                    "shared directory " + root + " does not answer: " + Texts.messages(e), details);
        } finally {
            lock.unlock();
        }
    }

    /** Reads the footers of {@code parts} into {@code rows} (file -> row count); fails if any footer is unreadable. */
    private void footers(List<Path> parts, Map<Path, Long> rows) throws SQLException {
        if (parts.isEmpty()) {
            try (Statement st = engine.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next(); // still a round trip through the engine
            }
            return;
        }
        try (PreparedStatement ps = engine.prepareStatement(
                "SELECT file_name, num_rows FROM parquet_file_metadata(?)")) {
            ps.setArray(1, PartTable.paths(engine, parts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(Path.of(rs.getString(1)), rs.getLong(2));
                }
            }
        }
    }

    private long distinctKeys(List<Path> parts) throws SQLException {
        try (PreparedStatement ps = engine.prepareStatement("SELECT count(*) FROM (SELECT DISTINCT symbol, timeframe,"
                + " end_ms FROM read_parquet(?, hive_partitioning = false))")) {
            ps.setArray(1, PartTable.paths(engine, parts));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Null when a file can be created (and removed) in the directory, else the problem. */
    private String writeProbe() {
        try {
            Path probe = Files.createTempFile(root, ".health-", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException e) {
            return "shared directory " + root + " is not writable (" + Dirs.reason(e) + ")";
        } catch (RuntimeException e) {
            return "shared directory " + root + " is not writable (" + Texts.messages(e) + ")";
        }
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException, SQLException;
    }

    /** Work on the DuckDB engine (one caller at a time). */
    private <T> T engine(String what, Work<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (IOException | SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Work on JSON files only. */
    private <T> T files(String what, Work<T> work) {
        try {
            return work.run();
        } catch (IOException | SQLException e) {
            throw failure(what, e);
        }
    }

    private StorageException failure(String what, Exception e) {
        return new StorageException("cannot " + what + " in the shared directory " + root + ": "
                + Texts.messages(e), e);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            engine.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close the DuckDB reader of " + root + ": " + Texts.messages(e), e);
        } finally {
            lock.unlock();
        }
    }
}
