package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.internal.Texts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front every backend sits behind: checks and normalises arguments once, so backends can trust them; turns
 * unexpected failures into one-line {@link StorageException}s without credentials; refuses use after close.
 */
final class CheckedStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(CheckedStore.class);
    private final StorageConfig config;
    private final Store backend;
    private final AtomicBoolean closed = new AtomicBoolean();

    CheckedStore(StorageConfig config, Store backend) {
        this.config = config;
        this.backend = backend;
    }

    @Override
    public String backend() {
        return backend.backend();
    }

    @Override
    public String location() {
        return backend.location();
    }

    @Override
    public int writeBars(Bars bars) {
        Objects.requireNonNull(bars, "bars");
        if (bars.size() == 0) {
            open();
            return 0;
        }
        return call("write bars of " + bars.symbol() + " " + bars.timeframe(), () -> backend.writeBars(bars));
    }

    @Override
    public Bars readBars(String symbol, Timeframe timeframe, Instant fromInclusive, Instant toExclusive) {
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(timeframe, "timeframe");
        if (fromInclusive != null && toExclusive != null && fromInclusive.isAfter(toExclusive)) {
            throw new IllegalArgumentException("empty range: from " + fromInclusive + " is after to " + toExclusive);
        }
        Instant from = ceilMillis(fromInclusive);
        Instant to = ceilMillis(toExclusive);
        if (to != null && (to.toEpochMilli() == Long.MIN_VALUE || (from != null && !from.isBefore(to)))) {
            open();
            return Bars.of(symbol, timeframe, new long[0], new double[0], new double[0], new double[0],
                    new double[0], new double[0]); // empty range; also keeps "to - 1 ms" from wrapping around
        }
        return call("read bars of " + symbol + " " + timeframe, () -> backend.readBars(symbol, timeframe, from, to));
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

    @Override
    public List<SymbolSummary> listSymbols() {
        List<SymbolSummary> list = new ArrayList<>(call("list symbols", backend::listSymbols));
        list.sort(Comparator.comparing(SymbolSummary::symbol, Texts.CODE_POINT_ORDER)
                .thenComparing(SymbolSummary::timeframe));
        return List.copyOf(list);
    }

    @Override
    public void saveRun(RunRecord run) {
        Objects.requireNonNull(run, "run");
        run(() -> backend.saveRun(run), "save run " + run.runId());
    }

    @Override
    public void updateRunStatus(String runId, RunStatus status, String message) {
        Checks.id("run id", runId);
        Objects.requireNonNull(status, "status");
        run(() -> backend.updateRunStatus(runId, status, message), "update run " + runId);
    }

    @Override
    public boolean beatRun(String runId, RunLease lease, Instant at) {
        Checks.id("run id", runId);
        Objects.requireNonNull(lease, "lease");
        Instant beat = Checks.millis("at", at);
        return call("beat run " + runId, () -> backend.beatRun(runId, lease, beat));
    }

    @Override
    public boolean takeOverRun(String runId, long expectedEpoch, RunLease next, RunStatus status, String message) {
        Checks.id("run id", runId);
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(status, "status");
        if (expectedEpoch < 0 || next.epoch() != expectedEpoch + 1) {
            throw new IllegalArgumentException("the lease taking over from epoch " + expectedEpoch
                    + " must have epoch " + (expectedEpoch + 1) + " but has " + next.epoch());
        }
        return call("take over run " + runId, () -> backend.takeOverRun(runId, expectedEpoch, next, status, message));
    }

    @Override
    public void saveGeneration(String runId, GenerationRecord generation) {
        Checks.id("run id", runId);
        Objects.requireNonNull(generation, "generation");
        run(() -> backend.saveGeneration(runId, generation), "save generation " + generation.generation() + " of run " + runId);
    }

    @Override
    public void saveResults(String runId, List<StrategyRecord> top) {
        Checks.id("run id", runId);
        Objects.requireNonNull(top, "top");
        Set<Integer> ranks = new HashSet<>();
        for (StrategyRecord s : top) {
            Objects.requireNonNull(s, "strategy record");
            if (!ranks.add(s.rank())) {
                throw new IllegalArgumentException("rank " + s.rank() + " appears twice in the results of run " + runId);
            }
        }
        List<StrategyRecord> sorted = top.stream().sorted(Comparator.comparingInt(StrategyRecord::rank)).toList();
        run(() -> backend.saveResults(runId, sorted), "save results of run " + runId);
    }

    @Override
    public Optional<RunRecord> findRun(String runId) {
        Checks.id("run id", runId);
        return call("find run " + runId, () -> backend.findRun(runId));
    }

    @Override
    public List<RunRecord> listRuns(int limit) {
        positive(limit);
        return List.copyOf(call("list runs", () -> backend.listRuns(limit)));
    }

    @Override
    public List<RunRecord> runsWithStatus(Set<RunStatus> statuses) {
        Objects.requireNonNull(statuses, "statuses");
        statuses.forEach(s -> Objects.requireNonNull(s, "status"));
        if (statuses.isEmpty()) {
            open();
            return List.of();
        }
        Set<RunStatus> wanted = Set.copyOf(statuses);
        List<RunRecord> list = new ArrayList<>(call("list runs by status", () -> backend.runsWithStatus(wanted)));
        list.sort(Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::runId, Texts.CODE_POINT_ORDER));
        return List.copyOf(list);
    }

    @Override
    public List<GenerationRecord> generations(String runId) {
        Checks.id("run id", runId);
        return List.copyOf(call("read generations of run " + runId, () -> backend.generations(runId)));
    }

    @Override
    public List<StrategyRecord> results(String runId) {
        Checks.id("run id", runId);
        return List.copyOf(call("read results of run " + runId, () -> backend.results(runId)));
    }

    @Override
    public int writeSignals(String strategyId, String symbol, List<SignalPoint> points) {
        Checks.id("strategy id", strategyId);
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(points, "points");
        List<SignalPoint> sorted = new ArrayList<>(points.size());
        for (SignalPoint p : points) {
            sorted.add(Objects.requireNonNull(p, "signal point"));
        }
        sorted.sort(Comparator.comparing(SignalPoint::time));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).time().equals(sorted.get(i - 1).time())) {
                throw new IllegalArgumentException("signal time " + sorted.get(i).time() + " appears twice");
            }
        }
        if (sorted.isEmpty()) {
            open();
            return 0;
        }
        List<SignalPoint> list = List.copyOf(sorted);
        return call("write signals of " + strategyId + " " + symbol, () -> backend.writeSignals(strategyId, symbol, list));
    }

    @Override
    public List<SignalPoint> readSignals(String strategyId, String symbol, Instant since) {
        Checks.id("strategy id", strategyId);
        Bars.requireSymbol(symbol);
        Instant from = ceilMillis(since);
        return List.copyOf(call("read signals of " + strategyId + " " + symbol,
                () -> backend.readSignals(strategyId, symbol, from)));
    }

    @Override
    public boolean createStrategy(StrategyVersionRecord strategy, StrategyEventRecord created) {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(created, "created");
        if (!created.strategyId().equals(strategy.id()) || created.seq() != 1) {
            throw new IllegalArgumentException("the first log entry of strategy " + strategy.id()
                    + " must be its seq 1 but was seq " + created.seq() + " of " + created.strategyId());
        }
        return call("create strategy " + strategy.id(), () -> backend.createStrategy(strategy, created));
    }

    @Override
    public Optional<StrategyVersionRecord> findStrategy(String strategyId) {
        Checks.id("strategy id", strategyId);
        return call("find strategy " + strategyId, () -> backend.findStrategy(strategyId));
    }

    @Override
    public List<StrategyVersionRecord> listStrategies() {
        List<StrategyVersionRecord> list = new ArrayList<>(call("list strategies", backend::listStrategies));
        list.sort(Comparator.comparing(StrategyVersionRecord::name, Texts.CODE_POINT_ORDER)
                .thenComparing(StrategyVersionRecord::createdAt)
                .thenComparing(StrategyVersionRecord::id, Texts.CODE_POINT_ORDER));
        return List.copyOf(list);
    }

    @Override
    public boolean appendStrategyEvent(StrategyEventRecord event) {
        Objects.requireNonNull(event, "event");
        if (event.seq() == 1) {
            open();
            if (findStrategy(event.strategyId()).isEmpty()) {
                throw new StorageException("no strategy with id '" + event.strategyId() + "'");
            }
            return false; // seq 1 is always taken by the CREATED entry
        }
        return call("append to the log of strategy " + event.strategyId(), () -> backend.appendStrategyEvent(event));
    }

    @Override
    public List<StrategyEventRecord> strategyEvents(String strategyId) {
        Checks.id("strategy id", strategyId);
        List<StrategyEventRecord> list = new ArrayList<>(call("read the log of strategy " + strategyId,
                () -> backend.strategyEvents(strategyId)));
        list.sort(Comparator.comparingInt(StrategyEventRecord::seq));
        return List.copyOf(list);
    }

    @Override
    public List<StrategyEventRecord> allStrategyEvents() {
        List<StrategyEventRecord> list = new ArrayList<>(call("read the strategy logs", backend::allStrategyEvents));
        list.sort(Comparator.comparing(StrategyEventRecord::strategyId, Texts.CODE_POINT_ORDER)
                .thenComparingInt(StrategyEventRecord::seq));
        return List.copyOf(list);
    }

    @Override
    public void saveReport(String id, Instant at, String json) {
        ReportRecord r = new ReportRecord(id, at, json); // checks all three
        run(() -> backend.saveReport(r.id(), r.at(), r.json()), "save report " + id);
    }

    @Override
    public List<ReportRecord> reports(int limit) {
        positive(limit);
        return List.copyOf(call("list reports", () -> backend.reports(limit)));
    }

    @Override
    public StoreHealth health() {
        if (closed.get()) {
            return StoreHealth.unhealthy(backend(), 0, "store is closed", Map.of("location", location()));
        }
        try {
            StoreHealth h = backend.health();
            return h.error() == null ? h : new StoreHealth(h.status(), h.backend(), h.latencyMillis(), h.barCount(),
                    config.redact(h.error()), h.details());
        } catch (RuntimeException | Error e) {
            return StoreHealth.unhealthy(backend(), 0, config.redact(Texts.messages(e)), Map.of("location", location()));
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                backend.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} store at {}: {}", backend(), location(), config.redact(Texts.messages(e)));
            }
        }
    }

    @Override
    public String toString() {
        return backend() + " store at " + location();
    }

    private static void positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 but was " + limit);
        }
    }

    private void open() {
        if (closed.get()) {
            throw new IllegalStateException("the " + backend() + " store at " + location() + " is closed");
        }
    }

    private void run(Runnable action, String what) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    private <T> T call(String what, Supplier<T> action) {
        open();
        try {
            return action.get();
        } catch (RunExistsException e) {
            throw e; // names the id only
        } catch (StorageException e) {
            String redacted = config.redact(e.getMessage());
            throw redacted.equals(e.getMessage()) ? e : new StorageException(redacted, e.getCause());
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageException("cannot " + what + " (" + backend() + " " + location() + "): "
                    + config.redact(Texts.messages(e)), e);
        }
    }
}
