package io.seedgrid.storage.internal;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/** Collects bars row by row (from a result set) into one {@link Bars}, without boxing. */
public final class BarsBuilder {
    private long[] ends = new long[256];
    private double[] open = new double[256];
    private double[] high = new double[256];
    private double[] low = new double[256];
    private double[] close = new double[256];
    private double[] volume = new double[256];
    private int size;

    /** The other way round: the value columns of {@code bars} (open, high, low, close, volume), one array each. */
    public static double[][] valueColumns(Bars bars) {
        int n = bars.size();
        double[][] cols = new double[5][n];
        for (int i = 0; i < n; i++) {
            cols[0][i] = bars.open(i);
            cols[1][i] = bars.high(i);
            cols[2][i] = bars.low(i);
            cols[3][i] = bars.close(i);
            cols[4][i] = bars.volume(i);
        }
        return cols;
    }

    public void add(long endMillis, double o, double h, double l, double c, double v) {
        if (size == ends.length) {
            int n = size * 2;
            ends = Arrays.copyOf(ends, n);
            open = Arrays.copyOf(open, n);
            high = Arrays.copyOf(high, n);
            low = Arrays.copyOf(low, n);
            close = Arrays.copyOf(close, n);
            volume = Arrays.copyOf(volume, n);
        }
        ends[size] = endMillis;
        open[size] = o;
        high[size] = h;
        low[size] = l;
        close[size] = c;
        volume[size] = v;
        size++;
    }

    /** Adds every row of {@code rs}, whose first six columns are end millis, open, high, low, close, volume. */
    public BarsBuilder addAll(ResultSet rs) throws SQLException {
        while (rs.next()) {
            add(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6));
        }
        return this;
    }

    public int size() {
        return size;
    }

    public Bars build(String symbol, Timeframe timeframe) {
        return Bars.of(
                symbol,
                timeframe,
                Arrays.copyOf(ends, size),
                Arrays.copyOf(open, size),
                Arrays.copyOf(high, size),
                Arrays.copyOf(low, size),
                Arrays.copyOf(close, size),
                Arrays.copyOf(volume, size));
    }
}
