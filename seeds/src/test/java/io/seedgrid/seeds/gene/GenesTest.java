package io.seedgrid.seeds.gene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenesTest {
    private static final List<GeneSpec> SPECS = List.of(
            GeneSpec.integer("fast", 2, 50, 5),
            GeneSpec.integer("slow", 5, 200, 13),
            GeneSpec.real("k", 1.0, 3.5, 2.0));

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Genes.parse(SPECS, text))
                .getMessage();
    }

    @Test
    void parsesNamedValuesKeepingDefaultsForTheRest() {
        assertArrayEquals(new double[] {12, 26, 2.0}, Genes.parse(SPECS, "fast=12,slow=26"));
        assertArrayEquals(new double[] {5, 13, 2.5}, Genes.parse(SPECS, " K = 2.5 "));
        assertArrayEquals(new double[] {5, 13, 2.0}, Genes.parse(SPECS, ""));
        assertArrayEquals(new double[] {5, 13, 2.0}, Genes.parse(SPECS, null));
        double[] genes = {7, 40, 1.25};
        assertArrayEquals(genes, Genes.parse(SPECS, Genes.format(SPECS, genes)));
        assertEquals("fast=7,slow=40,k=1.250", Genes.format(SPECS, genes));
        assertEquals(Map.of("fast", 7.0, "slow", 40.0, "k", 1.25), Genes.named(SPECS, genes));
    }

    @Test
    void parseErrorsSayWhatIsWrong() {
        String unknown = refusal("fast=12,medium=20");
        assertTrue(unknown.contains("unknown gene 'medium'") && unknown.contains("[fast, slow, k]"), unknown);
        String range = refusal("slow=300");
        assertTrue(range.contains("gene slow must lie in [5, 200] but was 300.0"), range);
        String whole = refusal("fast=2.5");
        assertTrue(whole.contains("gene fast must be a whole number but was 2.5"), whole);
        String notNumber = refusal("k=big");
        assertTrue(notNumber.contains("gene k: 'big' is not a number"), notNumber);
        String noPair = refusal("fast:12");
        assertTrue(noPair.contains("gene setting 'fast:12' is not name=value"), noPair);
        String nan = refusal("k=NaN");
        assertTrue(nan.contains("gene k must lie in") && nan.contains("NaN"), nan);
        String empty = refusal("fast=");
        assertTrue(empty.contains("gene fast: '' is not a number"), empty);
    }

    @Test
    void requireChecksCountRangeAndWholeness() {
        assertArrayEquals(new double[] {2, 200, 3.5}, Genes.require(SPECS, new double[] {2, 200, 3.5}));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Genes.require(SPECS, new double[] {5, 13}))
                .getMessage()
                .contains("expected 3 gene values but got 2"));
        assertThrows(IllegalArgumentException.class, () -> Genes.require(SPECS, new double[] {5, 13, 0.99}));
        assertThrows(IllegalArgumentException.class, () -> Genes.require(SPECS, new double[] {5, 13.5, 2}));
        String nan = assertThrows(
                        IllegalArgumentException.class, () -> Genes.require(SPECS, new double[] {5, Double.NaN, 2}))
                .getMessage();
        assertTrue(nan.contains("gene slow") && nan.contains("NaN"), nan);
        assertThrows(IllegalArgumentException.class, () -> SPECS.get(2).require(Double.NaN));
    }

    @Test
    void nearestAllowedClipsAndRounds() {
        GeneSpec fast = SPECS.get(0);
        GeneSpec k = SPECS.get(2);
        assertEquals(2, fast.nearestAllowed(-10));
        assertEquals(50, fast.nearestAllowed(1e9));
        assertEquals(50, fast.nearestAllowed(Double.POSITIVE_INFINITY));
        assertEquals(8, fast.nearestAllowed(7.6));
        assertEquals(7, fast.nearestAllowed(7.4));
        assertEquals(1.0, k.nearestAllowed(0.2));
        assertEquals(2.345, k.nearestAllowed(2.345));
        assertEquals(3.5, k.nearestAllowed(3.6));
        String nan = assertThrows(IllegalArgumentException.class, () -> k.nearestAllowed(Double.NaN))
                .getMessage();
        assertTrue(nan.contains("gene k") && nan.contains("NaN"), nan);
    }

    @Test
    void specsCheckThemselves() {
        assertThrows(IllegalArgumentException.class, () -> GeneSpec.integer("2fast", 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> GeneSpec.integer("fast", 5, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> GeneSpec.integer("fast", 2, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> GeneSpec.real("k", 1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> GeneSpec.real("k", 1, 2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new GeneSpec("k", 1, 2.5, 2, GeneSpec.Kind.INTEGER));
        assertEquals("[2, 50]", SPECS.get(0).rangeText());
        assertEquals("[1.000, 3.500]", SPECS.get(2).rangeText());
    }
}
