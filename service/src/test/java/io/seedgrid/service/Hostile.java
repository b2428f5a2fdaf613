package io.seedgrid.service;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.strategies.StrategyDefinition;
import java.util.Arrays;

/**
 * Bars after real history where the market punishes a strategy: after each bar the price falls 3% if the strategy
 * holds a long, rises 2% if it is flat. Built bar by bar from the strategy's own signals, as it would trade live.
 */
final class Hostile {
    private Hostile() {}

    static Bars after(Bars history, StrategyDefinition def, int count) {
        Bars bars = history;
        for (int k = 0; k < count; k++) {
            double[] s = def.strategy().signals(SeedContext.of(bars));
            int held = 0;
            for (int t = 1; t < s.length; t++) { // the backtest's threshold rules, long only
                held = held == 0 ? (s[t] >= def.entry() ? 1 : 0) : (s[t] > Math.min(def.exit(), def.entry()) ? 1 : 0);
            }
            int n = bars.size();
            double last = bars.close(n - 1);
            double next = last * (held > 0 ? 0.97 : 1.02);
            long[] t = Arrays.copyOf(bars.endEpochMillis(), n + 1);
            t[n] = t[n - 1] + bars.timeframe().duration().toMillis();
            double[] o = new double[n + 1],
                    h = new double[n + 1],
                    l = new double[n + 1],
                    c = new double[n + 1],
                    v = new double[n + 1];
            for (int i = 0; i < n; i++) {
                o[i] = bars.open(i);
                h[i] = bars.high(i);
                l[i] = bars.low(i);
                c[i] = bars.close(i);
                v[i] = bars.volume(i);
            }
            o[n] = last;
            c[n] = next;
            h[n] = Math.max(last, next);
            l[n] = Math.min(last, next);
            v[n] = 1_000_000;
            bars = Bars.of(bars.symbol(), bars.timeframe(), t, o, h, l, c, v);
        }
        return bars;
    }
}
