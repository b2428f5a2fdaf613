package io.seedgrid.seeds.bars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.TestSupport;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The bundled real data, checked against the raw resources read independently. */
class BundledDataTest {

    @Test
    void aaplIsTheRawDailyFileRowForRow() {
        List<String[]> raw = TestSupport.rawRows(TestSupport.AAPL_RESOURCE);
        Bars aapl = BundledData.load("AAPL");
        assertEquals(252, raw.size());
        assertEquals(252, aapl.size());
        assertEquals("AAPL", aapl.symbol());
        assertEquals(Timeframe.D1, aapl.timeframe());
        for (int i = 0; i < raw.size(); i++) {
            String[] row = raw.get(i); // date,open,high,low,close,volume
            long day = LocalDate.parse(row[0])
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .toEpochMilli();
            assertEquals(day, aapl.endEpochMilli(i), "time of bar " + i);
            double[] expected = {
                Double.parseDouble(row[1]),
                Double.parseDouble(row[2]),
                Double.parseDouble(row[3]),
                Double.parseDouble(row[4]),
                Double.parseDouble(row[5])
            };
            double[] actual = {aapl.open(i), aapl.high(i), aapl.low(i), aapl.close(i), aapl.volume(i)};
            assertArrayEquals(expected, actual, 0, "bar " + i);
        }
        // the two ends, spelled out from the file
        assertEquals(549.03, aapl.close(0));
        assertEquals(20018500, aapl.volume(0));
        assertEquals(561.02, aapl.close(251));
        assertEquals(LocalDate.of(2013, 12, 31).atStartOfDay(ZoneOffset.UTC).toInstant(), aapl.endTime(251));
    }

    @Test
    void btcusdMinuteBarsAggregateTheRawTrades() {
        List<String[]> raw = TestSupport.rawRows(TestSupport.BTC_RESOURCE); // timestamp(s),price,amount
        assertEquals(100_000, raw.size()); // a header and 100,000 trade lines, the last without a line break
        Bars btc = BundledData.load("btcusd");
        assertEquals("BTCUSD", btc.symbol());
        assertEquals(Timeframe.M1, btc.timeframe());

        // independent aggregation: minute start (s) -> {open, high, low, close, volume}
        TreeMap<Long, double[]> minutes = new TreeMap<>();
        double totalAmount = 0;
        for (String[] row : raw) {
            long minute = Long.parseLong(row[0]) / 60 * 60;
            double price = Double.parseDouble(row[1]);
            double amount = Double.parseDouble(row[2]);
            totalAmount += amount;
            double[] bar = minutes.get(minute);
            if (bar == null) {
                minutes.put(minute, new double[] {price, price, price, price, amount});
            } else {
                bar[1] = Math.max(bar[1], price);
                bar[2] = Math.min(bar[2], price);
                bar[3] = price;
                bar[4] += amount;
            }
        }
        long first = minutes.firstKey();
        long last = minutes.lastKey();
        assertEquals((last - first) / 60 + 1, btc.size());
        assertEquals(9_603, btc.size());

        // the first minute, all of it
        double[] firstMinute = minutes.firstEntry().getValue();
        assertEquals((first + 60) * 1000, btc.endEpochMilli(0));
        assertArrayEquals(
                firstMinute, new double[] {btc.open(0), btc.high(0), btc.low(0), btc.close(0), btc.volume(0)}, 1e-12);

        // every bar 60 s apart; minutes with trades match, minutes without are flat at the previous close
        double volume = 0;
        int empty = 0;
        for (int i = 0; i < btc.size(); i++) {
            if (i > 0) {
                assertEquals(60_000, btc.endEpochMilli(i) - btc.endEpochMilli(i - 1), "gap before bar " + i);
            }
            volume += btc.volume(i);
            double[] actual = {btc.open(i), btc.high(i), btc.low(i), btc.close(i), btc.volume(i)};
            double[] expected = minutes.get(first + 60L * i);
            if (expected == null) {
                empty++;
                double c = btc.close(i - 1);
                expected = new double[] {c, c, c, c, 0};
            }
            assertArrayEquals(expected, actual, 1e-9, "bar " + i);
        }
        assertEquals(btc.size() - minutes.size(), empty);
        assertTrue(empty > 0, "the data has minutes without trades");
        assertEquals(totalAmount, volume, 1e-9 * totalAmount);
    }

    @Test
    void loadsOnceAndRefusesUnknownSymbols() {
        assertSame(BundledData.load("AAPL"), BundledData.load("aapl"));
        assertTrue(BundledData.contains("btcusd"));
        var e = assertThrows(IllegalArgumentException.class, () -> BundledData.load("MSFT"));
        assertTrue(e.getMessage().contains("MSFT") && e.getMessage().contains("AAPL"), e.getMessage());
    }
}
