package io.seedgrid.validation;

import io.seedgrid.grid.NodeConfig;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a validation: opens the deployment's storage (the first configured backend), runs every check against it,
 * builds the {@link ValidationReport}, stores it as JSON in that storage and closes it.
 *
 * <p>A check that throws is a FAILED check with the exception as its reason; a storage that cannot be opened is a
 * FAILED storage check (the checks that need stored data are then SKIPPED, and the report cannot be stored, which
 * {@link RunOutcome#notStored()} says). The runner itself only throws for a bug, or {@link CancellationException}
 * when its thread is interrupted between checks (nothing is stored then).
 *
 * @apiNote Immutable; {@link #run()} may be called again (a schedule does), each call a fresh validation.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final List<StorageConfig> storage;
    private final List<Seed> seeds;
    private final Optional<NodeConfig> grid;
    private final InstantSource clock;
    private final ValidationSettings settings;
    private final List<Check> checks;
    private final Optional<String> symbol;

    private Runner(Builder b) {
        this.storage = b.storage;
        this.seeds = b.seeds;
        this.grid = b.grid;
        this.clock = b.clock;
        this.settings = b.settings;
        this.checks = b.checks;
        this.symbol = b.symbol;
    }

    /**
     * A runner for the deployment whose storage backends are {@code storage}: the first is the one it uses (and where
     * reports go); the others are checked for health too.
     */
    public static Builder builder(List<StorageConfig> storage) {
        return new Builder(storage);
    }

    public Builder toBuilder() {
        Builder b = new Builder(storage);
        b.seeds = seeds;
        b.grid = grid;
        b.clock = clock;
        b.settings = settings;
        b.checks = checks;
        b.symbol = symbol;
        return b;
    }

    public List<Check> checks() {
        return checks;
    }

    /** Runs every check, stores the report and returns it. */
    public RunOutcome run() {
        Instant started = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = "validation-" + ID_TIME.format(started) + "-"
                + ProcessHandle.current().pid();
        StorageConfig primary = storage.get(0);
        Store store = null;
        String storeError = null;
        try {
            store = Stores.open(primary);
        } catch (RuntimeException e) {
            storeError = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.debug("validation {}: {} storage cannot be opened: {}", id, primary.backend(), storeError);
        }
        try {
            ValidationContext context =
                    new ValidationContext(settings, seeds, storage, store, storeError, grid, clock, symbol);
            List<CheckResult> results = new ArrayList<>();
            for (Check check : checks) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("validation interrupted before the " + check.name() + " check");
                }
                results.add(runOne(check, context));
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("validation interrupted");
            }
            List<String> others = storage.subList(1, storage.size()).stream()
                    .map(c -> c.backend() + " " + c.location())
                    .toList();
            Instant finished = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            ValidationReport report = new ValidationReport(
                    id,
                    started,
                    finished,
                    results,
                    new ValidationReport.StorageInfo(
                            primary.backend().label(), primary.location(), primary.source(), others),
                    versions());
            String json = ReportJson.write(report);
            Optional<ReportSummary> previous = Optional.empty();
            Optional<String> notStored;
            if (store == null) {
                notStored = Optional.of("the " + primary.backend() + " storage could not be opened: " + storeError);
            } else {
                previous = previous(store);
                try {
                    store.reports().saveReport(id, started, json);
                    notStored = Optional.empty();
                } catch (RuntimeException e) {
                    notStored = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }
            return new RunOutcome(report, json, previous, notStored);
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (RuntimeException e) {
                    LOG.warn("validation {}: closing the {} storage failed: {}", id, primary.backend(), e.getMessage());
                }
            }
        }
    }

    private CheckResult runOne(Check check, ValidationContext context) {
        Instant start = clock.instant();
        CheckOutcome outcome;
        try {
            outcome = Objects.requireNonNull(check.run(context), "check returned no outcome");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = CheckOutcome.failed("interrupted", "", Map.of());
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.debug("check {} threw", check.name(), e);
            outcome = CheckOutcome.failed("the check could not complete: " + BaseCheck.describe(e), "", Map.of());
        }
        long millis = Math.max(0, Duration.between(start, clock.instant()).toMillis());
        LOG.debug("check {}: {} in {} ms", check.name(), outcome.status(), millis);
        return CheckResult.of(check, outcome, millis);
    }

    /** The most recent stored report, if readable. */
    private static Optional<ReportSummary> previous(Store store) {
        try {
            for (var record : store.reports().reports(5)) {
                try {
                    return Optional.of(ReportJson.summary(record.json()));
                } catch (IllegalArgumentException notAReport) {
                    // something else stored as a report: look further back
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot read earlier reports: {}", e.getMessage());
        }
        return Optional.empty();
    }

    /** seedgrid, Java, OS and library versions, as the running jars say. */
    static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("seedgrid", seedgridVersion());
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        v.put("ignite", implementationVersion("org.apache.ignite.Ignite"));
        v.put("jenetics", implementationVersion("io.jenetics.engine.Engine"));
        v.put("ta4j", implementationVersion("org.ta4j.core.BarSeries"));
        v.put("duckdb", implementationVersion("org.duckdb.DuckDBDriver"));
        v.put("postgresql", implementationVersion("org.postgresql.Driver"));
        return v;
    }

    private static String seedgridVersion() {
        try (InputStream in = Runner.class.getResourceAsStream("seedgrid-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String implementationVersion(String className) {
        try {
            String v = Class.forName(className, false, Runner.class.getClassLoader())
                    .getPackage()
                    .getImplementationVersion();
            return v == null ? "unknown" : v;
        } catch (ClassNotFoundException | LinkageError e) {
            return "absent";
        }
    }

    /**
     * Settings of a runner. Required: the storage backends (the first is the deployment's). Defaults: the registry's
     * seeds, no grid (cluster mode off: the grid check is skipped), the system clock, {@link ValidationSettings#DEFAULT},
     * {@link Checks#standard()}, the stored series with the most bars as the work series.
     */
    public static final class Builder {
        private final List<StorageConfig> storage;
        private List<Seed> seeds = Seeds.all();
        private Optional<NodeConfig> grid = Optional.empty();
        private InstantSource clock = InstantSource.system();
        private ValidationSettings settings = ValidationSettings.DEFAULT;
        private List<Check> checks = Checks.standard();
        private Optional<String> symbol = Optional.empty();

        private Builder(List<StorageConfig> storage) {
            if (storage == null || storage.isEmpty()) {
                throw new IllegalArgumentException("at least one storage backend is needed");
            }
            storage.forEach(c -> Objects.requireNonNull(c, "storage config"));
            this.storage = List.copyOf(storage);
        }

        /** The deployment's seeds (tests add broken ones). */
        public Builder seeds(List<Seed> seeds) {
            if (seeds == null || seeds.isEmpty()) {
                throw new IllegalArgumentException("at least one seed is needed");
            }
            this.seeds = List.copyOf(seeds);
            return this;
        }

        /** Cluster mode: the grid to check (the check joins it as a client, within the config's join timeout). */
        public Builder grid(NodeConfig grid) {
            this.grid = Optional.of(Objects.requireNonNull(grid, "grid"));
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder settings(ValidationSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder checks(List<Check> checks) {
            if (checks == null || checks.isEmpty()) {
                throw new IllegalArgumentException("at least one check is needed");
            }
            List<String> names = checks.stream().map(Check::name).toList();
            if (names.stream().distinct().count() != names.size()) {
                throw new IllegalArgumentException("check names must be unique but were " + names);
            }
            this.checks = List.copyOf(checks);
            return this;
        }

        /** The stored symbol the data-heavy checks use (default: the stored series with the most bars). */
        public Builder symbol(String symbol) {
            if (symbol != null && symbol.isBlank()) {
                throw new IllegalArgumentException("symbol must not be blank");
            }
            this.symbol = Optional.ofNullable(symbol);
            return this;
        }

        public Runner build() {
            return new Runner(this);
        }
    }
}
