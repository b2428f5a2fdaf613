package io.seedgrid.storage.shared;

import static io.seedgrid.storage.shared.SharedDir.children;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.BarStore;
import io.seedgrid.storage.SymbolSummary;
import io.seedgrid.storage.internal.BarsBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Bars as Parquet parts per symbol and timeframe, see {@link PartTable}. */
final class SharedBarStore implements BarStore {
    private static final String[] BAR_ID = {"symbol", "timeframe"};
    private static final String[] BAR_VALUES = {"open", "high", "low", "close", "volume"};
    private final SharedDir shared;

    SharedBarStore(SharedDir shared) {
        this.shared = shared;
    }

    private PartTable bars(String symbol, Timeframe tf) {
        return new PartTable(
                shared.root().resolve("bars").resolve(Names.segment(symbol)).resolve(tf.label()),
                BAR_ID,
                new String[] {symbol, tf.label()},
                "end_ms",
                BAR_VALUES);
    }

    @Override
    public int writeBars(Bars b) {
        double[][] cols = BarsBuilder.valueColumns(b);
        long[] keys = b.endEpochMillis();
        return shared.withEngine(
                "write bars of " + b.symbol() + " " + b.timeframe(),
                () -> bars(b.symbol(), b.timeframe()).write(shared.engine(), keys, cols));
    }

    @Override
    public Bars readBars(String symbol, Timeframe tf, Instant fromInclusive, Instant toExclusive) {
        long from = fromInclusive == null ? Long.MIN_VALUE : fromInclusive.toEpochMilli();
        long to = toExclusive == null ? Long.MAX_VALUE : toExclusive.toEpochMilli() - 1;
        return shared.withEngine("read bars of " + symbol + " " + tf, () -> {
            BarsBuilder out = new BarsBuilder();
            bars(symbol, tf).read(shared.engine(), from, to, (k, v) -> out.add(k, v[0], v[1], v[2], v[3], v[4]));
            return out.build(symbol, tf);
        });
    }

    /** Every published bar part under {@code root/bars}. */
    List<Path> allBarParts() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path symbolDir : children(shared.root().resolve("bars"))) {
            for (Path tfDir : children(symbolDir)) {
                out.addAll(PartTable.parts(tfDir));
            }
        }
        return out;
    }

    @Override
    public List<SymbolSummary> listSymbols() {
        return shared.withEngine("list symbols", () -> {
            for (int attempt = 1; ; attempt++) {
                List<Path> parts = allBarParts();
                if (parts.isEmpty()) {
                    return List.of();
                }
                try (PreparedStatement ps = shared.engine()
                        .prepareStatement("SELECT symbol, timeframe, count(*), min(end_ms),"
                                + " max(end_ms) FROM (SELECT DISTINCT symbol, timeframe, end_ms FROM"
                                + " read_parquet(?, hive_partitioning = false)) GROUP BY symbol, timeframe")) {
                    ps.setArray(1, PartTable.paths(shared.engine(), parts));
                    List<SymbolSummary> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new SymbolSummary(
                                    rs.getString(1),
                                    Timeframe.parse(rs.getString(2)),
                                    rs.getLong(3),
                                    Instant.ofEpochMilli(rs.getLong(4)),
                                    Instant.ofEpochMilli(rs.getLong(5))));
                        }
                    }
                    return out;
                } catch (SQLException e) {
                    if (attempt < SharedDir.JSON_ATTEMPTS && PartTable.anyGone(parts)) {
                        continue;
                    }
                    throw PartTable.unreadable(shared.engine(), parts, e);
                }
            }
        });
    }
}
