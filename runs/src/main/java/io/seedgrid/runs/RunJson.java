package io.seedgrid.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.run.Checkpoint;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.StrategyRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one JSON shape of everything a stored run holds: its {@link RunManifest} (the run's configuration), the
 * checkpoint of each generation, and its top strategies with their metrics. Every writer and reader of run records
 * goes through here. Doubles are written in their shortest exact form and read back bit for bit; NaN is written as
 * null in metrics (JSON has no NaN) and infinities as text.
 *
 * <p>Manifest JSON: {@code {manifest: 1, origin, ga, fitness: {seed_names, settings: {fill, fee_bps,
 * slippage_bps, allow_short, out_of_sample_fraction, in_sample_from, split}, min_trades, parsimony, known_bars},
 * acceptance, data_source: {kind, symbol, timeframe, path, trades, resample, simulated_seed}, bars: {first_bar,
 * last_bar, count}, walk_forward, anchored, save: {register, name}}}. Configurations recorded before the manifest
 * (the command line's, and the service's without a data source) are read too.
 */
public final class RunJson {
    /** The manifest format this code writes; newer ones are refused. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RunJson() {}

    // ---------------------------------------------------------------- manifest

    /** The JSON shapes of the manifest (components are read as nullable to tell what older records lacked). */
    record ManifestJson(
            Integer manifest,
            String origin,
            @JsonInclude(JsonInclude.Include.NON_NULL) String source,
            RunConfig ga,
            FitnessJson fitness,
            AcceptanceCriteria acceptance,
            DataJson dataSource,
            RangeJson bars,
            Integer walkForward,
            Boolean anchored,
            SaveJson save) {}

    record FitnessJson(
            List<String> seedNames, SettingsJson settings, Integer minTrades, Double parsimony, Integer knownBars) {}

    record SettingsJson(
            String fill,
            Double feeBps,
            Double slippageBps,
            Boolean allowShort,
            Double outOfSampleFraction,
            Integer inSampleFrom,
            Integer split) {}

    record DataJson(
            String kind,
            String symbol,
            String timeframe,
            String path,
            Boolean trades,
            String resample,
            Long simulatedSeed) {}

    record RangeJson(String firstBar, String lastBar, Integer count) {}

    record SaveJson(
            Boolean register,
            String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) String trigger,
            @JsonInclude(JsonInclude.Include.NON_NULL) String parent) {}

    public static String manifest(RunManifest m) {
        EvaluationSpec spec = m.spec();
        BacktestSettings s = spec.settings();
        DataSource d = m.data();
        return write(new ManifestJson(
                FORMAT,
                m.origin().label(),
                null,
                m.ga(),
                new FitnessJson(
                        spec.seedNames(),
                        new SettingsJson(
                                s.fill().label(),
                                s.feeBps(),
                                s.slippageBps(),
                                s.allowShort(),
                                s.outOfSampleFraction(),
                                s.inSampleFrom(),
                                s.split()),
                        spec.minTrades(),
                        spec.parsimony(),
                        spec.knownBars()),
                m.acceptance(),
                dataJson(d),
                new RangeJson(
                        m.bars().first().toString(),
                        m.bars().last().toString(),
                        m.bars().count()),
                m.walkForward().map(WalkForwardPlan::folds).orElse(null),
                m.walkForward().map(WalkForwardPlan::anchored).orElse(false),
                new SaveJson(
                        m.save().register(),
                        m.save().name().orElse(null),
                        m.save().trigger().orElse(null),
                        m.save().parent().orElse(null))));
    }

    /**
     * The manifest of a stored run, from its configuration JSON. Configurations recorded before the manifest
     * existed read as they were meant: the command line's as its fields say; the service's (no data source, no
     * acceptance) as the stored bars of the run's symbol and timeframe with the default acceptance criteria.
     *
     * @throws IllegalArgumentException naming the run and what cannot be read
     */
    public static RunManifest manifest(RunRecord run) {
        ManifestJson j;
        try {
            j = MAPPER.readValue(run.configJson(), ManifestJson.class);
        } catch (JsonProcessingException e) {
            throw unreadable(run, e.getOriginalMessage());
        }
        try {
            if (j.manifest() != null && j.manifest() > FORMAT) {
                throw new IllegalArgumentException("its manifest has format " + j.manifest()
                        + ", newer than this seedgrid reads (" + FORMAT + ")");
            }
            if (j.ga() == null || j.fitness() == null || j.bars() == null) {
                throw new IllegalArgumentException("it has no GA settings, fitness settings or bar range");
            }
            RunManifest.Origin origin = j.origin() != null
                    ? RunManifest.Origin.parse(j.origin())
                    : "api".equals(j.source()) ? RunManifest.Origin.API : RunManifest.Origin.CLI;
            AcceptanceCriteria acceptance = j.acceptance() != null
                    ? j.acceptance()
                    : AcceptanceCriteria.DEFAULT.toBuilder()
                            .minFitness(j.ga().minFitness())
                            .build();
            DataSource data =
                    j.dataSource() != null ? data(j.dataSource()) : DataSource.stored(run.symbol(), run.timeframe());
            RangeJson r = j.bars();
            BarRange range = new BarRange(
                    Instant.parse(r.firstBar()), Instant.parse(r.lastBar()), r.count() == null ? -1 : r.count());
            Optional<WalkForwardPlan> walk = j.walkForward() == null
                    ? Optional.empty()
                    : Optional.of(new WalkForwardPlan(j.walkForward(), Boolean.TRUE.equals(j.anchored())));
            SavePlan save = j.save() == null
                    ? SavePlan.DEFAULT
                    : new SavePlan(
                            !Boolean.FALSE.equals(j.save().register()),
                            Optional.ofNullable(j.save().name()),
                            Optional.ofNullable(j.save().trigger()),
                            Optional.ofNullable(j.save().parent()));
            return new RunManifest(origin, j.ga(), spec(j.fitness()), acceptance, data, range, walk, save);
        } catch (RuntimeException e) {
            throw unreadable(run, e.getMessage());
        }
    }

    private static IllegalArgumentException unreadable(RunRecord run, String why) {
        return new IllegalArgumentException("the configuration of run " + run.runId() + " cannot be read: " + why);
    }

    private static EvaluationSpec spec(FitnessJson f) {
        if (f.seedNames() == null || f.settings() == null) {
            throw new IllegalArgumentException("its fitness settings have no seeds or no backtest settings");
        }
        SettingsJson s = f.settings();
        if (s.feeBps() == null || s.slippageBps() == null || s.outOfSampleFraction() == null) {
            throw new IllegalArgumentException("its backtest settings have no costs or no out-of-sample fraction");
        }
        // fields recorded later than the others: absent means what the run used before they existed
        BacktestSettings settings = new BacktestSettings(
                s.fill() == null ? Fill.CLOSE : Fill.parse(s.fill()),
                s.feeBps(),
                s.slippageBps(),
                Boolean.TRUE.equals(s.allowShort()),
                s.outOfSampleFraction(),
                s.inSampleFrom() == null ? 0 : s.inSampleFrom(),
                s.split() == null ? -1 : s.split());
        return new EvaluationSpec(
                f.seedNames(),
                settings,
                f.minTrades() == null ? EvaluationSpec.DEFAULT_MIN_TRADES : f.minTrades(),
                f.parsimony() == null ? 0 : f.parsimony(),
                f.knownBars() == null ? Integer.MAX_VALUE : f.knownBars());
    }

    private static DataJson dataJson(DataSource d) {
        return new DataJson(
                d.kind().label(),
                d.symbol(),
                d.timeframe().label(),
                d.path().orElse(null),
                d.trades(),
                d.resample().map(Timeframe::label).orElse(null),
                d.simulatedSeed().isPresent() ? d.simulatedSeed().getAsLong() : null);
    }

    /** A data source as the manifest records it: {@code {kind, symbol, timeframe, path, trades, resample, simulated_seed}}. */
    public static ObjectNode data(DataSource d) {
        return MAPPER.valueToTree(dataJson(d));
    }

    private static DataSource data(DataJson d) {
        return new DataSource(
                DataSource.Kind.parse(d.kind()),
                d.symbol(),
                Timeframe.parse(d.timeframe()),
                Optional.ofNullable(d.path()),
                Boolean.TRUE.equals(d.trades()),
                Optional.ofNullable(d.resample()).map(Timeframe::parse),
                d.simulatedSeed() == null ? OptionalLong.empty() : OptionalLong.of(d.simulatedSeed()));
    }

    // ---------------------------------------------------------------- checkpoints

    public static String checkpoint(Checkpoint checkpoint) {
        return write(checkpoint);
    }

    /**
     * The checkpoint a generation record holds.
     *
     * @throws IllegalArgumentException when it holds none, or one that cannot be read
     */
    public static Checkpoint checkpoint(GenerationRecord generation) {
        if (generation.populationJson() == null) {
            throw new IllegalArgumentException("generation " + generation.generation() + " has no checkpoint");
        }
        try {
            return MAPPER.readValue(generation.populationJson(), Checkpoint.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the checkpoint of generation " + generation.generation() + " cannot be read: "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    // ---------------------------------------------------------------- results

    /**
     * A ranked strategy as a stored result: {@code {seeds: [{seed, type, weight, genes: {name: value}}], entry, exit,
     * warmup_bars, text}} and its in-sample and out-of-sample metrics.
     */
    public static StrategyRecord result(RankedStrategy r) {
        return new StrategyRecord(
                r.rank(),
                write(strategy(r.strategy())),
                write(metrics(r.fitness().inSample())),
                write(metrics(r.fitness().outOfSample())),
                r.fitness().value(),
                r.accepted());
    }

    /**
     * A stored result read back: the strategy exactly as ranked.
     *
     * @throws IllegalArgumentException when its JSON is not a strategy of registered seeds
     */
    public static RecordedResult result(StrategyRecord r) {
        BlendedStrategy strategy;
        try {
            strategy = strategy(tree("the strategy ranked " + r.rank(), r.genesJson()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the strategy ranked " + r.rank() + " cannot be read: " + e.getMessage(), e);
        }
        return new RecordedResult(
                r.rank(),
                strategy,
                Optional.ofNullable(r.inSampleJson()).map(t -> metrics(tree("in-sample metrics", t))),
                Optional.ofNullable(r.outOfSampleJson()).map(t -> metrics(tree("out-of-sample metrics", t))),
                r.fitness(),
                r.accepted());
    }

    /** A strategy as JSON: its seeds with type, weight and named genes, entry, exit, warm-up and text. */
    public static ObjectNode strategy(BlendedStrategy strategy) {
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode seeds = node.putArray("seeds");
        for (SeedGenes c : strategy.components()) {
            ObjectNode seed = seeds.addObject();
            seed.put("seed", c.seed().name());
            seed.put("type", c.seed().type().name());
            seed.put("weight", c.weight());
            ObjectNode genes = seed.putObject("genes");
            Genes.named(c.seed().genes(), c.genes()).forEach(genes::put);
        }
        node.put("entry", strategy.entry());
        node.put("exit", strategy.exit());
        node.put("warmup_bars", strategy.warmup());
        node.put("text", strategy.toString());
        return node;
    }

    /** The strategy a JSON of {@link #strategy(BlendedStrategy)}'s shape describes (type, warm-up and text unread). */
    public static BlendedStrategy strategy(JsonNode node) {
        JsonNode seeds = node.path("seeds");
        if (!seeds.isArray() || seeds.isEmpty()) {
            throw new IllegalArgumentException("strategy JSON has no seeds");
        }
        List<SeedGenes> components = new ArrayList<>();
        for (JsonNode c : seeds) {
            Seed seed = Seeds.byName(c.path("seed").asText());
            JsonNode genes = c.path("genes");
            double[] values = new double[seed.genes().size()];
            for (int i = 0; i < values.length; i++) {
                GeneSpec spec = seed.genes().get(i);
                values[i] = number(genes.path(spec.name()), "gene " + spec.name() + " of " + seed.name());
            }
            genes.fieldNames().forEachRemaining(name -> Genes.indexOf(seed.genes(), name)); // unknown genes refused
            components.add(new SeedGenes(seed, values, number(c.path("weight"), "weight of " + seed.name())));
        }
        return new BlendedStrategy(components, number(node.path("entry"), "entry"), number(node.path("exit"), "exit"));
    }

    /** Metrics as JSON, their snake_case fields: {@code bars, sharpe, sortino, total_return, ...}. */
    public static ObjectNode metrics(Metrics m) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("bars", m.bars());
        putDouble(node, "sharpe", m.sharpe());
        putDouble(node, "sortino", m.sortino());
        putDouble(node, "total_return", m.totalReturn());
        putDouble(node, "max_drawdown", m.maxDrawdown());
        putDouble(node, "win_rate", m.winRate());
        node.put("trades", m.trades());
        putDouble(node, "exposure", m.exposure());
        return node;
    }

    public static Metrics metrics(JsonNode n) {
        return new Metrics(
                n.path("bars").asInt(),
                getDouble(n, "sharpe"),
                getDouble(n, "sortino"),
                getDouble(n, "total_return"),
                getDouble(n, "max_drawdown"),
                getDouble(n, "win_rate"),
                n.path("trades").asInt(),
                getDouble(n, "exposure"));
    }

    // ---------------------------------------------------------------- plumbing

    static JsonNode tree(String what, String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static double number(JsonNode v, String what) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(what + " is missing or not a number");
        }
        return v.asDouble();
    }

    /** NaN as null, infinities as text: JSON has neither. */
    private static void putDouble(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else if (Double.isInfinite(value)) {
            node.put(field, Double.toString(value));
        } else {
            node.put(field, value);
        }
    }

    private static double getDouble(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isNull() || v.isMissingNode()) {
            return Double.NaN;
        }
        return v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
    }
}
