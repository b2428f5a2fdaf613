package io.seedgrid.validation;

import io.seedgrid.grid.NodeConfig;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.SymbolSummary;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deployment under validation, as the checks see it: the storage backends (the first one opened by the runner),
 * the seeds, the grid configuration, the clock and the settings. Stored symbols and bars are read once per validation
 * and shared by the checks.
 *
 * @apiNote One context per validation; used from the runner's thread.
 */
public final class ValidationContext {
    private final ValidationSettings settings;
    private final List<Seed> seeds;
    private final List<StorageConfig> storage;
    private final Store store;
    private final String storeError;
    private final Optional<NodeConfig> grid;
    private final InstantSource clock;
    private final Optional<String> symbol;
    private List<SymbolSummary> symbols;
    private final Map<SymbolSummary, Bars> bars = new ConcurrentHashMap<>();

    ValidationContext(
            ValidationSettings settings,
            List<Seed> seeds,
            List<StorageConfig> storage,
            Store store,
            String storeError,
            Optional<NodeConfig> grid,
            InstantSource clock,
            Optional<String> symbol) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.seeds = List.copyOf(seeds);
        this.storage = List.copyOf(storage);
        this.store = store;
        this.storeError = storeError;
        this.grid = Objects.requireNonNull(grid, "grid");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        if (store == null && storeError == null) {
            throw new IllegalArgumentException("without a store, say why it could not be opened");
        }
    }

    public ValidationSettings settings() {
        return settings;
    }

    /** The deployment's seeds (the registry's ten unless a caller injects others). */
    public List<Seed> seeds() {
        return seeds;
    }

    /** Every configured storage backend; the first is the one the deployment uses and reports are stored in. */
    public List<StorageConfig> storageConfigs() {
        return storage;
    }

    /** The first backend, opened; empty when it could not be opened (see {@link #storeError()}). */
    public Optional<Store> store() {
        return Optional.ofNullable(store);
    }

    /** Why the first backend could not be opened, or null. */
    public String storeError() {
        return storeError;
    }

    /** The grid to check, when cluster mode is configured. */
    public Optional<NodeConfig> grid() {
        return grid;
    }

    public InstantSource clock() {
        return clock;
    }

    /** The reason data-dependent checks are skipped when the store is not open. */
    String storageUnavailable() {
        return "needs the stored data, but the " + storage.get(0).backend() + " storage could not be opened: "
                + storeError;
    }

    /** Stored (symbol, timeframe) pairs, read once. Throws {@code StorageException} when the store fails. */
    public List<SymbolSummary> storedSymbols() {
        if (store == null) {
            throw new IllegalStateException(storageUnavailable());
        }
        if (symbols == null) {
            symbols = List.copyOf(store.bars().listSymbols());
        }
        return symbols;
    }

    /** The stored bars of one (symbol, timeframe), read once. */
    public Bars bars(SymbolSummary summary) {
        if (store == null) {
            throw new IllegalStateException(storageUnavailable());
        }
        return bars.computeIfAbsent(summary, s -> store.bars().readBars(s.symbol(), s.timeframe()));
    }

    /**
     * The stored series the data-heavy checks (population, evolution, grid) use: the requested symbol (its longest
     * timeframe), else the stored series with the most bars. Empty when nothing (or not the requested symbol) is
     * stored.
     */
    public Optional<SymbolSummary> workSeries() {
        Comparator<SymbolSummary> byBars = Comparator.comparingLong(SymbolSummary::count);
        return storedSymbols().stream()
                .filter(s -> symbol.isEmpty() || s.symbol().equals(symbol.get()))
                .max(byBars);
    }

    /** Why {@link #workSeries()} is empty, in words. */
    String noWorkSeries() {
        return symbol.map(s -> "symbol " + s + " is not stored in the "
                        + storage.get(0).backend() + " storage " + "(stored: "
                        + storedSymbols().stream().map(ValidationContext::label).toList() + ")")
                .orElse("no bars are stored in the " + storage.get(0).backend() + " storage (load some: seedgrid "
                        + "ingest --bundled all)");
    }

    /** The bundled data the seed-code checks (look-ahead, recursive) run on. */
    public Bars analysisBars() {
        return BundledData.load(settings.analysisSymbol());
    }

    /** {@code BTCUSD 1m (9603 bars)}. */
    static String label(SymbolSummary s) {
        return s.symbol() + " " + s.timeframe().label() + " (" + s.count() + " bars)";
    }
}
