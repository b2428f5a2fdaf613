package io.seedgrid.evolution.analysis;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Two checks every seed must pass, run on real bars with the default genes and seeded random genomes:
 * <ul>
 *   <li>look-ahead: signals computed on the bars up to t (later bars removed) equal the full run's signals up to t,
 *       exactly;</li>
 *   <li>recursion: once warmed up, a signal does not depend on how much history came before; computed from several
 *       later starting bars, it agrees with the full-history signal within 1e-9 after some bars, reported per seed.</li>
 * </ul>
 */
public final class SeedAnalysis {
    /** Agreement tolerance of the recursive check. */
    public static final double TOLERANCE = 1e-9;

    private SeedAnalysis() {}

    /** A genome's first look-ahead violation: the bar where signals on truncated data differ from the full run. */
    public record Leak(String genes, int truncatedAfter, int firstDifferingBar, double full, double truncated) {}

    /** Look-ahead verdict for one seed. */
    public record LookaheadReport(String seed, int genomes, int cuts, List<Leak> leaks) {
        public boolean clean() {
            return leaks.isEmpty();
        }
    }

    /**
     * Recursion verdict for one seed: per genome, the bars after a later start at which its signals agree with the
     * full history (within {@link #TOLERANCE}) from then on; -1 if they never do within the data.
     */
    public record RecursiveReport(
            String seed,
            List<String> genes,
            List<Integer> declaredWarmups,
            List<Integer> agreementBars,
            int barsAfterStart) {
        public boolean converges() {
            return agreementBars.stream().allMatch(b -> b >= 0);
        }

        /** The longest agreement warm-up over the genomes tried, or -1 if one never agrees. */
        public int worstAgreement() {
            return converges()
                    ? agreementBars.stream().mapToInt(Integer::intValue).max().orElse(0)
                    : -1;
        }
    }

    /** The default genes, then {@code count - 1} random genomes (whole values for integer genes), from {@code random}. */
    static List<double[]> genomes(Seed seed, int count, Random random) {
        List<double[]> genomes = new ArrayList<>();
        genomes.add(seed.defaultGenes());
        for (int i = 1; i < count; i++) {
            double[] g = new double[seed.genes().size()];
            for (int k = 0; k < g.length; k++) {
                GeneSpec spec = seed.genes().get(k);
                g[k] = spec.nearestAllowed(spec.min() + random.nextDouble() * (spec.max() - spec.min()));
            }
            genomes.add(g);
        }
        return genomes;
    }

    /**
     * Look-ahead check: for each genome, {@code cuts} truncation points spread over the bars after the warm-up.
     */
    public static LookaheadReport lookahead(Seed seed, Bars bars, int genomeCount, int cuts, long randomSeed) {
        Random random = new Random(randomSeed);
        List<Leak> leaks = new ArrayList<>();
        int n = bars.size();
        for (double[] genes : genomes(seed, genomeCount, random)) {
            double[] full = seed.signals(SeedContext.of(bars), genes);
            int first = Math.min(n - 2, seed.warmup(genes));
            for (int c = 0; c < cuts; c++) {
                int t = first + (int) ((long) (n - 2 - first) * (c + 1) / cuts);
                double[] cut = seed.signals(SeedContext.of(bars.head(t + 1)), genes);
                for (int i = 0; i <= t; i++) {
                    if (Double.doubleToLongBits(cut[i]) != Double.doubleToLongBits(full[i])) {
                        leaks.add(new Leak(Genes.format(seed.genes(), genes), t, i, full[i], cut[i]));
                        break;
                    }
                }
            }
        }
        return new LookaheadReport(seed.name(), genomeCount, cuts, leaks);
    }

    /**
     * Recursive check: signals from bars {@code [start, n)} against the full history's, for starts at a quarter and at
     * a half of the bars.
     */
    public static RecursiveReport recursive(Seed seed, Bars bars, int genomeCount, long randomSeed) {
        Random random = new Random(randomSeed);
        int n = bars.size();
        List<String> described = new ArrayList<>();
        List<Integer> declared = new ArrayList<>();
        List<Integer> agreement = new ArrayList<>();
        int[] starts = {n / 4, n / 2};
        for (double[] genes : genomes(seed, genomeCount, random)) {
            double[] full = seed.signals(SeedContext.of(bars), genes);
            int worst = 0;
            for (int start : starts) {
                double[] late = seed.signals(SeedContext.of(bars.slice(start, n)), genes);
                int lastDisagreement = -1;
                for (int i = late.length - 1; i >= 0; i--) {
                    if (Math.abs(late[i] - full[start + i]) > TOLERANCE) {
                        lastDisagreement = i;
                        break;
                    }
                }
                // Agreement only counts if it holds over a stretch as long as the warm-up itself, and at least 10 bars.
                int agreedFrom = lastDisagreement + 1;
                int needed = Math.max(10, seed.warmup(genes));
                worst = agreedFrom + needed <= late.length && worst >= 0 ? Math.max(worst, agreedFrom) : -1;
            }
            described.add(Genes.format(seed.genes(), genes));
            declared.add(seed.warmup(genes));
            agreement.add(worst);
        }
        return new RecursiveReport(seed.name(), described, declared, agreement, n - n / 2);
    }

    /** One line per report, for people. */
    public static String describe(LookaheadReport report) {
        if (report.clean()) {
            return String.format(
                    Locale.ROOT,
                    "%-26s ok   (%d genomes x %d cuts, signals up to each cut unchanged)",
                    report.seed(),
                    report.genomes(),
                    report.cuts());
        }
        Leak first = report.leaks().get(0);
        return String.format(
                Locale.ROOT,
                "%-26s LEAK %d of %d checks: genes %s, cut after bar %d, bar %d differs "
                        + "(full %.6g, truncated %.6g)",
                report.seed(),
                report.leaks().size(),
                report.genomes() * report.cuts(),
                first.genes(),
                first.truncatedAfter(),
                first.firstDifferingBar(),
                first.full(),
                first.truncated());
    }

    public static String describe(RecursiveReport report) {
        if (!report.converges()) {
            int bad = report.agreementBars().indexOf(-1);
            return String.format(
                    Locale.ROOT,
                    "%-26s NO AGREEMENT within %d bars for genes %s",
                    report.seed(),
                    report.barsAfterStart(),
                    report.genes().get(bad));
        }
        return String.format(
                Locale.ROOT,
                "%-26s ok   agrees within %.0e after %d bars (declared warm-up %d for default genes,"
                        + " worst over %d genomes)",
                report.seed(),
                TOLERANCE,
                report.worstAgreement(),
                report.declaredWarmups().get(0),
                report.genes().size());
    }
}
