package io.seedgrid.seeds.bars;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Real market data that ships inside the {@code org.ta4j:ta4j-examples:0.18} artifact, read from the classpath:
 * Apple daily bars of 2013 ({@code AAPL}, 1d, 252 bars) and 1-minute bars built from 100,000 Bitstamp BTC/USD
 * trades of 25 Nov - 1 Dec 2013 ({@code BTCUSD}, 1m, 9,603 bars, minutes without trades filled flat).
 */
public final class BundledData {
    public static final String AAPL = "AAPL";
    public static final String BTCUSD = "BTCUSD";
    private static final ConcurrentMap<String, Bars> LOADED = new ConcurrentHashMap<>();

    private BundledData() {}

    public static List<String> symbols() {
        return List.of(BTCUSD, AAPL);
    }

    public static boolean contains(String symbol) {
        return symbols().contains(symbol.toUpperCase(Locale.ROOT));
    }

    /** The bundled bars of {@code symbol} (AAPL or BTCUSD, case-insensitive); loaded once per JVM. */
    public static Bars load(String symbol) {
        String key = symbol.toUpperCase(Locale.ROOT);
        return LOADED.computeIfAbsent(key, BundledData::read);
    }

    private static Bars read(String symbol) {
        return switch (symbol) {
            case AAPL -> read(symbol, "appleinc_bars_from_20130101_usd.csv", false, Timeframe.D1);
            case BTCUSD -> read(symbol, "bitstamp_trades_from_20131125_usd.csv", true, Timeframe.M1);
            default ->
                throw new IllegalArgumentException("no bundled data for '" + symbol + "'; bundled: " + symbols());
        };
    }

    private static Bars read(String symbol, String resource, boolean trades, Timeframe timeframe) {
        InputStream in = BundledData.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("bundled data " + resource
                    + " is not on the classpath (it comes from org.ta4j:ta4j-examples:0.18)");
        }
        String source = "classpath:" + resource;
        try (var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return trades
                    ? CsvBarsLoader.readTrades(reader, source, symbol, timeframe)
                    : CsvBarsLoader.readBars(reader, source, symbol, timeframe);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }
}
