package io.seedgrid.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedType;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry: lookups by name and type, and list parsing. */
class SeedsTest {

    @Test
    void registryHoldsTheClassicSeedsUnderUniqueNames() {
        List<String> names = Seeds.all().stream().map(Seed::name).toList();
        assertTrue(names.containsAll(TestSupport.CLASSIC), names::toString);
        Set<String> normalised = new HashSet<>();
        for (Seed seed : Seeds.all()) {
            String key = seed.name().toLowerCase(Locale.ROOT).replaceFirst("seed$", "");
            assertTrue(normalised.add(key), "two seeds answer to " + key);
            assertNotNull(seed.description());
            assertTrue(seed.name().endsWith("Seed"), seed.name());
            Genes.require(seed.genes(), seed.defaultGenes()); // defaults inside their ranges
        }
    }

    @Test
    void byNameIsCaseInsensitiveWithOptionalSuffix() {
        for (Seed seed : Seeds.all()) {
            String name = seed.name();
            String bare = name.substring(0, name.length() - "Seed".length());
            assertSame(seed, Seeds.byName(name));
            assertSame(seed, Seeds.byName(name.toLowerCase(Locale.ROOT)));
            assertSame(seed, Seeds.byName(name.toUpperCase(Locale.ROOT)));
            assertSame(seed, Seeds.byName(" " + bare + " "));
        }
        assertEquals("RSIFilterSeed", Seeds.byName("rsifilter").name());
        assertEquals("EMACrossoverSeed", Seeds.byName("EmaCrossoverSeed").name());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Seeds.byName("MACDSeed"));
        assertTrue(e.getMessage().contains("unknown seed 'MACDSeed'"), e.getMessage());
        for (String classic : TestSupport.CLASSIC) {
            assertTrue(e.getMessage().contains(classic), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Seeds.byName("Seed"));
        assertThrows(IllegalArgumentException.class, () -> Seeds.parse("rsifilter,nosuch"));
    }

    @Test
    void byTypeMatchesEachSeedsType() {
        for (SeedType type : SeedType.values()) {
            List<Seed> expected =
                    Seeds.all().stream().filter(s -> s.type() == type).toList();
            assertEquals(expected, Seeds.byType(type));
        }
        assertEquals(List.of("VolatilityScalingSeed", "BollingerBandsSeed"), classic(SeedType.VOLATILITY));
        assertEquals(List.of("RSIFilterSeed", "VWAPReversionSeed"), classic(SeedType.MEAN_REVERSION));
        assertEquals(List.of("EMACrossoverSeed", "StochasticOscillatorSeed"), classic(SeedType.MOMENTUM));
        assertEquals(List.of("SMATrendFilterSeed", "IchimokuCloudSeed"), classic(SeedType.TREND_FOLLOWING));
    }

    private static List<String> classic(SeedType type) {
        return Seeds.byType(type).stream()
                .map(Seed::name)
                .filter(TestSupport.CLASSIC::contains)
                .toList();
    }

    @Test
    void parseKeepsListOrderOnceEach() {
        List<String> names = Seeds.parse(" rsifilter, EMACrossover ,RSIFilterSeed,,bollingerbands").stream()
                .map(Seed::name)
                .toList();
        assertEquals(List.of("RSIFilterSeed", "EMACrossoverSeed", "BollingerBandsSeed"), names);
        assertEquals(Seeds.all(), Seeds.parse(" "));
        assertEquals(Seeds.all(), Seeds.parse(null));
    }
}
