package io.seedgrid.strategies;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A registered strategy's live signals: computed for stored bars, stored, served. Open one with
 * {@link SignalServices#open}.
 *
 * @apiNote Contract:
 * <ul>
 *   <li>The signal of a bar is {@code BlendedStrategy.signals(SeedContext.of(stored bars up to it))} at that bar:
 *       exactly what the backtest used for it (seeds never look ahead, so computing over all stored bars gives the
 *       same value at every bar).</li>
 *   <li>{@link #update} is incremental and idempotent: it stores signals only for bars after the last signalled one,
 *       so running it twice stores nothing twice; concurrent updates of one strategy and symbol are serialised.
 *       Stored signals are never rewritten, even if older bars are corrected or back-filled later.</li>
 *   <li>The symbol may be any stored symbol (null: the one the strategy was evolved on); its bars in the strategy's
 *       timeframe are used. No stored bars is an {@link IllegalArgumentException} saying to ingest them.</li>
 *   <li>Safe to use from several threads.</li>
 * </ul>
 */
public interface SignalService {

    /** Computes and stores the signal of every stored bar of {@code symbol} not yet signalled. */
    SignalUpdate update(String strategyIdOrName, String symbol);

    /** {@link #update(String, String)} for a strategy just read from the registry (it is not read again). */
    SignalUpdate update(RegisteredStrategy strategy, String symbol);

    /**
     * {@link #update} then {@link #signals}, reading the stored signals once: what a service answering "the
     * signals of this strategy, up to date" needs.
     */
    SignalSnapshot updateAndRead(String strategyIdOrName, String symbol, Instant since);

    /** The stored signals of {@code symbol} at or after {@code since} (null: all), with positions, in time order. */
    List<LiveSignal> signals(String strategyIdOrName, String symbol, Instant since);

    /**
     * Updates now, then again every {@code every} for as long as {@code keepGoing} (asked after each update) says so, handing each update that stored
     * something to {@code onUpdate}: signals follow the bars as they are ingested.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the way to stop following)
     */
    default void follow(
            String strategyIdOrName,
            String symbol,
            Duration every,
            Consumer<SignalUpdate> onUpdate,
            BooleanSupplier keepGoing)
            throws InterruptedException {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("follow interval must be positive but was " + every);
        }
        while (true) {
            SignalUpdate u = update(strategyIdOrName, symbol);
            if (u.stored() > 0 || !u.added().isEmpty()) {
                onUpdate.accept(u);
            }
            if (!keepGoing.getAsBoolean()) {
                return;
            }
            Thread.sleep(every.toMillis());
        }
    }
}
