package io.seedgrid.storage;

import io.seedgrid.storage.internal.Texts;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front every backend sits behind: each role checks and normalises arguments once, so backends can trust them;
 * unexpected failures become one-line {@link StorageException}s without credentials; use after close is refused.
 */
final class CheckedStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(CheckedStore.class);
    private final StorageConfig config;
    private final Store backend;
    private final Guard guard;
    private final BarStore bars;
    private final RunStore runs;
    private final SignalStore signals;
    private final StrategyStore strategies;
    private final ReportStore reports;

    CheckedStore(StorageConfig config, Store backend) {
        this.config = config;
        this.backend = backend;
        this.guard = new Guard(config, backend);
        this.bars = new CheckedBarStore(guard, backend.bars());
        this.runs = new CheckedRunStore(guard, backend.runs());
        this.signals = new CheckedSignalStore(guard, backend.signals());
        this.strategies = new CheckedStrategyStore(guard, backend.strategies());
        this.reports = new CheckedReportStore(guard, backend.reports());
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
    public BarStore bars() {
        return bars;
    }

    @Override
    public RunStore runs() {
        return runs;
    }

    @Override
    public SignalStore signals() {
        return signals;
    }

    @Override
    public StrategyStore strategies() {
        return strategies;
    }

    @Override
    public ReportStore reports() {
        return reports;
    }

    @Override
    public StoreHealth health() {
        if (guard.isClosed()) {
            return StoreHealth.unhealthy(backend(), 0, "store is closed", Map.of("location", location()));
        }
        try {
            StoreHealth h = backend.health();
            return h.error() == null
                    ? h
                    : new StoreHealth(
                            h.status(),
                            h.backend(),
                            h.latencyMillis(),
                            h.barCount(),
                            config.redact(h.error()),
                            h.details(),
                            h.warnings().stream().map(config::redact).toList());
        } catch (RuntimeException | Error e) {
            return StoreHealth.unhealthy(
                    backend(), 0, config.redact(Texts.messages(e)), Map.of("location", location()));
        }
    }

    @Override
    public void close() {
        if (guard.markClosed()) {
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
}
