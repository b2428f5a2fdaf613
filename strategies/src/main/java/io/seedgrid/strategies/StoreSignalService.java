package io.seedgrid.strategies;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.SignalPoint;
import io.seedgrid.storage.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Signals over the store's bars, computed over the whole stored history so each equals the backtest's. */
final class StoreSignalService implements SignalService {
    private final Store store;
    private final StrategyRegistry registry;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    StoreSignalService(Store store, StrategyRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Override
    public SignalUpdate update(String strategyIdOrName, String symbol) {
        return update(registry.get(strategyIdOrName), symbol);
    }

    @Override
    public SignalUpdate update(RegisteredStrategy s, String symbol) {
        return compute(
                        s,
                        symbol != null
                                ? Bars.requireSymbol(symbol)
                                : s.evolvedOn().symbol())
                .update();
    }

    @Override
    public SignalSnapshot updateAndRead(String strategyIdOrName, String symbol, Instant since) {
        RegisteredStrategy s = registry.get(strategyIdOrName);
        Computed c = compute(
                s, symbol != null ? Bars.requireSymbol(symbol) : s.evolvedOn().symbol());
        List<LiveSignal> all = withPositions(s, c.all());
        return new SignalSnapshot(
                c.update(),
                since == null
                        ? all
                        : all.stream().filter(p -> !p.time().isBefore(since)).toList());
    }

    /** An update and every stored signal after it (read once, for callers that serve them). */
    private record Computed(SignalUpdate update, List<SignalPoint> all) {}

    private Computed compute(RegisteredStrategy s, String sym) {
        long start = System.nanoTime();
        // the common case, nothing new: answered from the stored signals and an empty read of newer bars, unlocked
        List<SignalPoint> known = store.signals().readSignals(s.id(), sym, null);
        if (!known.isEmpty()) {
            Instant last = known.get(known.size() - 1).time();
            if (store.bars()
                            .readBars(sym, s.evolvedOn().timeframe(), last.plusMillis(1), null)
                            .size()
                    == 0) {
                return new Computed(
                        new SignalUpdate(
                                s.id(),
                                sym,
                                s.evolvedOn().timeframe(),
                                -1,
                                known.size(),
                                0,
                                List.of(),
                                (System.nanoTime() - start) / 1_000_000),
                        known);
            }
        }
        ReentrantLock lock = locks.computeIfAbsent(s.id() + "\u0000" + sym, k -> new ReentrantLock());
        lock.lock();
        try {
            Bars bars = bars(s, sym);
            List<SignalPoint> stored =
                    store.signals().readSignals(s.id(), sym, null); // again: another update may have run
            long last = stored.isEmpty()
                    ? Long.MIN_VALUE
                    : stored.get(stored.size() - 1).time().toEpochMilli();
            int n = bars.size();
            int firstNew = 0;
            while (firstNew < n && bars.endEpochMilli(firstNew) <= last) {
                firstNew++;
            }
            if (firstNew == n) {
                return new Computed(
                        new SignalUpdate(
                                s.id(),
                                sym,
                                bars.timeframe(),
                                n,
                                stored.size(),
                                0,
                                List.of(),
                                (System.nanoTime() - start) / 1_000_000),
                        stored);
            }
            double[] values = s.definition().strategy().signals(SeedContext.of(bars));
            List<SignalPoint> fresh = new ArrayList<>(n - firstNew);
            for (int t = firstNew; t < n; t++) {
                fresh.add(new SignalPoint(bars.endTime(t), values[t]));
            }
            int written = store.signals().writeSignals(s.id(), sym, fresh);
            List<SignalPoint> all = new ArrayList<>(stored);
            all.addAll(fresh);
            List<LiveSignal> withPositions = withPositions(s, all);
            return new Computed(
                    new SignalUpdate(
                            s.id(),
                            sym,
                            bars.timeframe(),
                            n,
                            stored.size(),
                            written,
                            withPositions.subList(stored.size(), withPositions.size()),
                            (System.nanoTime() - start) / 1_000_000),
                    all);
        } finally {
            lock.unlock();
        }
    }

    private Bars bars(RegisteredStrategy s, String symbol) {
        Bars bars = store.bars().readBars(symbol, s.evolvedOn().timeframe());
        if (bars.size() == 0) {
            throw new IllegalArgumentException("no stored " + s.evolvedOn().timeframe() + " bars of " + symbol
                    + " to compute " + s.id() + "'s signals on: ingest them first ('seedgrid ingest --symbol "
                    + symbol + " ...')");
        }
        return bars;
    }

    @Override
    public List<LiveSignal> signals(String strategyIdOrName, String symbol, Instant since) {
        RegisteredStrategy s = registry.get(strategyIdOrName);
        String sym = symbol != null ? Bars.requireSymbol(symbol) : s.evolvedOn().symbol();
        List<LiveSignal> all = withPositions(s, store.signals().readSignals(s.id(), sym, null));
        if (since == null) {
            return all;
        }
        return all.stream().filter(p -> !p.time().isBefore(since)).toList();
    }

    /** Positions replayed over the signals from the first, and the share the version carried at each bar. */
    private List<LiveSignal> withPositions(RegisteredStrategy s, List<SignalPoint> points) {
        double[] values = new double[points.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = points.get(i).value();
        }
        StrategyDefinition d = s.definition();
        int[] positions = d.positionRule().decide(values);
        List<Allocation> shares = registry.allocations(s.name());
        List<LiveSignal> out = new ArrayList<>(values.length);
        // the allocation in force when the bar's signal was decided: entries before its end (a step decided on this
        // bar's evidence comes after its signal, live or replayed, and applies from the next one)
        int k = -1;
        for (int i = 0; i < values.length; i++) {
            Instant t = points.get(i).time();
            while (k + 1 < shares.size() && shares.get(k + 1).at().isBefore(t)) {
                k++;
            }
            out.add(new LiveSignal(
                    t, values[i], positions[i], k < 0 ? 0 : shares.get(k).share(s.id())));
        }
        return out;
    }
}
