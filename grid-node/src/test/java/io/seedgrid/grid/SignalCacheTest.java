package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.Test;

/** The signal cache on one node in this JVM: bounded, and full is not an error. */
class SignalCacheTest {
    @Test
    void aFullSignalCacheDropsOldSignalsAndKeepsTakingNewOnes() {
        try (TestCluster cluster = new TestCluster(47920, 48120)) {
            Ignite ignite = cluster.startLocal(
                    cluster.config("cache-a").signalCacheBytes(64L << 20).build());
            IgniteCache<String, double[]> cache = ignite.getOrCreateCache(SharedSignals.cacheConfiguration());
            Random random = new Random(3);
            int n = 9_603; // a signal of the bundled BTCUSD minutes: 75 KiB, about 19 pages
            int puts = 1_500; // 115 MB into 64 MiB
            double[] last = null;
            for (int i = 0; i < puts; i++) {
                last = random.doubles(n, -1, 1).toArray();
                cache.put("run/seed:" + i, last);
            }
            int kept = cache.size();
            assertTrue(kept > 100 && kept < puts, "a bounded share of the signals stays: " + kept + " of " + puts);
            assertArrayEquals(last, cache.get("run/seed:" + (puts - 1)), "the newest signal is there, bit for bit");
        }
    }
}
