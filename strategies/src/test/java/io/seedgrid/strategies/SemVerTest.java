package io.seedgrid.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Timeframe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemVerTest {
    @Test
    void parsesOrdersAndBumps() {
        SemVer v = SemVer.parse("1.9.3");
        assertEquals(new SemVer(1, 9, 3), v);
        assertEquals("1.9.3", v.toString());
        assertEquals("2.0.0", v.nextMajor().toString());
        assertEquals("1.10.0", v.nextMinor().toString());
        assertEquals("1.9.4", v.nextPatch().toString());
        List<SemVer> list = new ArrayList<>(List.of(
                SemVer.parse("1.10.0"),
                SemVer.parse("1.9.4"),
                SemVer.parse("10.0.0"),
                SemVer.parse("2.0.0"),
                SemVer.parse("1.9.3")));
        Collections.sort(list);
        assertEquals("[1.9.3, 1.9.4, 1.10.0, 2.0.0, 10.0.0]", list.toString(), "numeric, not text order");
        for (String bad : new String[] {"1.0", "01.0.0", "1.0.0-beta", "v1.0.0", "", "1..0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SemVer.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SemVer.parse(null));
        assertThrows(IllegalArgumentException.class, () -> new SemVer(-1, 0, 0));
    }

    @Test
    void namesAreCheckedAndDefaultsAreSafe() {
        assertEquals("AAPL-1d", NewStrategy.defaultName("AAPL", Timeframe.D1));
        assertEquals("BTC_USD-1m", NewStrategy.defaultName("BTC/USD", Timeframe.M1));
        assertEquals("s_x-1h", NewStrategy.defaultName("^x", Timeframe.H1));
        assertEquals(
                NewStrategy.defaultName("ünï", Timeframe.D1),
                NewStrategy.requireName(NewStrategy.defaultName("ünï", Timeframe.D1)));
        for (String bad : new String[] {"", "-x", "a b", "a@b", "x".repeat(65), "a/b"}) {
            assertThrows(IllegalArgumentException.class, () -> NewStrategy.requireName(bad), bad);
        }
    }
}
