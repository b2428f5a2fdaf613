package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;

/**
 * What a store holds for one symbol and timeframe.
 *
 * @param symbol    the symbol, verbatim
 * @param timeframe the timeframe
 * @param count     the number of bars (distinct end times)
 * @param first     the end time of the first bar
 * @param last      the end time of the last bar
 */
public record SymbolSummary(String symbol, Timeframe timeframe, long count, Instant first, Instant last) {}
