package io.seedgrid.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the checks push: sizes, limits and random seeds. The defaults are the deployment guide's limits (a
 * population of 50 within 30 s, 10 minutes per generation, 200 ms per health query) with sizes chosen to keep a whole
 * validation to about a minute on a 2-core machine.
 *
 * @param populationSize        genomes the population check creates and backtests (guide: 50)
 * @param populationLimit       time the population check may take (guide: 30 s)
 * @param evolutionPopulation   population of the short evolution cycle
 * @param evolutionGenerations  generations of the short evolution cycle
 * @param generationLimit       time one generation may take (guide: 10 min)
 * @param healthLatencyMillis   health query latency a backend must stay under (guide: 200 ms)
 * @param healthProbes          health queries per backend; the median is judged (one query on a cold, shared machine
 *                              measures the machine as much as the store)
 * @param lookaheadBars         bars of the analysis data the look-ahead check uses (from the start)
 * @param lookaheadGenomes      genomes per seed in the look-ahead check (the defaults plus random ones)
 * @param lookaheadCuts         truncation points per genome
 * @param recursiveGenomes      genomes per seed in the recursive check
 * @param gridSample            genomes evaluated both on the grid and locally
 * @param gridGenerationTimeout time the grid may take for the sample
 * @param randomSeed            seeds every random choice of the checks: the same seed, the same genomes
 * @param threads               threads for backtests in the population and evolution checks
 * @param analysisSymbol        bundled data set the look-ahead and recursive checks run on (BTCUSD: long enough for
 *                              the slowest seed to forget its start)
 */
public record ValidationSettings(
        int populationSize,
        Duration populationLimit,
        int evolutionPopulation,
        int evolutionGenerations,
        Duration generationLimit,
        long healthLatencyMillis,
        int healthProbes,
        int lookaheadBars,
        int lookaheadGenomes,
        int lookaheadCuts,
        int recursiveGenomes,
        int gridSample,
        Duration gridGenerationTimeout,
        long randomSeed,
        int threads,
        String analysisSymbol) {

    /** The defaults: see the record's description. */
    public static final ValidationSettings DEFAULT = builder().build();

    public ValidationSettings {
        atLeast("population size", populationSize, 2);
        positive("population limit", populationLimit);
        atLeast("evolution population", evolutionPopulation, 2);
        atLeast("evolution generations", evolutionGenerations, 2);
        positive("generation limit", generationLimit);
        atLeast("health latency millis", healthLatencyMillis, 1);
        atLeast("health probes", healthProbes, 1);
        atLeast("look-ahead bars", lookaheadBars, 10);
        atLeast("look-ahead genomes", lookaheadGenomes, 1);
        atLeast("look-ahead cuts", lookaheadCuts, 1);
        atLeast("recursive genomes", recursiveGenomes, 1);
        atLeast("grid sample", gridSample, 1);
        positive("grid generation timeout", gridGenerationTimeout);
        atLeast("threads", threads, 1);
        Objects.requireNonNull(analysisSymbol, "analysisSymbol");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.populationSize = populationSize;
        b.populationLimit = populationLimit;
        b.evolutionPopulation = evolutionPopulation;
        b.evolutionGenerations = evolutionGenerations;
        b.generationLimit = generationLimit;
        b.healthLatencyMillis = healthLatencyMillis;
        b.healthProbes = healthProbes;
        b.lookaheadBars = lookaheadBars;
        b.lookaheadGenomes = lookaheadGenomes;
        b.lookaheadCuts = lookaheadCuts;
        b.recursiveGenomes = recursiveGenomes;
        b.gridSample = gridSample;
        b.gridGenerationTimeout = gridGenerationTimeout;
        b.randomSeed = randomSeed;
        b.threads = threads;
        b.analysisSymbol = analysisSymbol;
        return b;
    }

    private static void atLeast(String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + " but was " + value);
        }
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration but was " + d);
        }
    }

    /**
     * Settings with the defaults: population 50 within 30 s; evolution 20 x 3 generations, 10 min per generation;
     * health under 200 ms, median of 3 probes; look-ahead on 1,500 bars, 3 genomes x 3 cuts; recursive 2 genomes on
     * all bars; grid sample 8 genomes within 60 s; random seed 42; one thread per core; analysis data BTCUSD.
     */
    public static final class Builder {
        private int populationSize = 50;
        private Duration populationLimit = Duration.ofSeconds(30);
        private int evolutionPopulation = 20;
        private int evolutionGenerations = 3;
        private Duration generationLimit = Duration.ofMinutes(10);
        private long healthLatencyMillis = 200;
        private int healthProbes = 3;
        private int lookaheadBars = 1500;
        private int lookaheadGenomes = 3;
        private int lookaheadCuts = 3;
        private int recursiveGenomes = 2;
        private int gridSample = 8;
        private Duration gridGenerationTimeout = Duration.ofSeconds(60);
        private long randomSeed = 42;
        private int threads = Runtime.getRuntime().availableProcessors();
        private String analysisSymbol = "BTCUSD";

        private Builder() {}

        public Builder populationSize(int n) {
            this.populationSize = n;
            return this;
        }

        public Builder populationLimit(Duration limit) {
            this.populationLimit = limit;
            return this;
        }

        public Builder evolution(int population, int generations) {
            this.evolutionPopulation = population;
            this.evolutionGenerations = generations;
            return this;
        }

        public Builder generationLimit(Duration limit) {
            this.generationLimit = limit;
            return this;
        }

        public Builder health(long latencyMillis, int probes) {
            this.healthLatencyMillis = latencyMillis;
            this.healthProbes = probes;
            return this;
        }

        public Builder lookahead(int bars, int genomes, int cuts) {
            this.lookaheadBars = bars;
            this.lookaheadGenomes = genomes;
            this.lookaheadCuts = cuts;
            return this;
        }

        public Builder recursiveGenomes(int genomes) {
            this.recursiveGenomes = genomes;
            return this;
        }

        public Builder grid(int sample, Duration generationTimeout) {
            this.gridSample = sample;
            this.gridGenerationTimeout = generationTimeout;
            return this;
        }

        public Builder randomSeed(long seed) {
            this.randomSeed = seed;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder analysisSymbol(String symbol) {
            this.analysisSymbol = symbol;
            return this;
        }

        public ValidationSettings build() {
            return new ValidationSettings(
                    populationSize,
                    populationLimit,
                    evolutionPopulation,
                    evolutionGenerations,
                    generationLimit,
                    healthLatencyMillis,
                    healthProbes,
                    lookaheadBars,
                    lookaheadGenomes,
                    lookaheadCuts,
                    recursiveGenomes,
                    gridSample,
                    gridGenerationTimeout,
                    randomSeed,
                    threads,
                    analysisSymbol);
        }
    }
}
