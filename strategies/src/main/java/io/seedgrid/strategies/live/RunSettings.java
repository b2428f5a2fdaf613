package io.seedgrid.strategies.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStore;
import io.seedgrid.strategies.RegisteredStrategy;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one adapter between a registered strategy and the evolution settings its run recorded: what a re-evolution
 * repeats. Seeds and backtest settings come from the strategy's definition (stored whole with it); the genetic
 * algorithm's settings, minimum trades, parsimony and acceptance criteria from its run's configuration, in the shape
 * the command line records ({@code ga}, {@code fitness}, {@code acceptance}); fields a run did not record, and
 * strategies saved without a run, take the defaults. Also writes that shape for the runs this package starts.
 */
final class RunSettings {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private RunSettings() {
    }

    /**
     * The settings that evolved {@code strategy}, as a change to a run's builder: its definition's seeds and backtest
     * settings, its run's GA settings (random seed included), min trades, parsimony and acceptance.
     */
    static UnaryOperator<EvolutionRun.Builder> of(RunStore runs, RegisteredStrategy strategy) {
        JsonNode config = strategy.runId().flatMap(runs::findRun).map(RunRecord::configJson).map(RunSettings::tree)
                .orElse(JSON.createObjectNode());
        RunConfig ga = read(config.path("ga"), RunConfig.DEFAULT, RunConfig.class, "GA settings");
        AcceptanceCriteria acceptance = read(config.path("acceptance"), AcceptanceCriteria.DEFAULT,
                AcceptanceCriteria.class, "acceptance criteria");
        JsonNode fitness = config.path("fitness");
        int minTrades = fitness.path("min_trades").asInt(EvaluationSpec.DEFAULT_MIN_TRADES);
        double parsimony = fitness.path("parsimony").asDouble(EvaluationSpec.DEFAULT_PARSIMONY);
        return b -> b.seeds(strategy.definition().seedNames().stream().map(Seeds::byName).toList()).config(ga)
                .settings(strategy.definition().settings()).minTrades(minTrades).parsimony(parsimony)
                .acceptance(acceptance);
    }

    /**
     * A run's configuration as the command line records it, so that strategies saved from it and re-evolutions of
     * them read it back: GA settings, fitness settings, acceptance, the bars, and what made the run.
     */
    static String config(EvolutionRun run, Bars bars, Map<String, String> reevolution) {
        ObjectNode c = JSON.createObjectNode();
        c.set("ga", JSON.valueToTree(run.config()));
        c.set("fitness", JSON.valueToTree(run.spec()));
        c.set("acceptance", JSON.valueToTree(run.acceptance()));
        c.putNull("walk_forward");
        c.put("anchored", false);
        c.put("data", bars.symbol());
        ObjectNode range = c.putObject("bars");
        range.put("first_bar", bars.endTime(0).toString());
        range.put("last_bar", bars.endTime(bars.size() - 1).toString());
        range.put("count", bars.size());
        c.put("source", "reevolution");
        ObjectNode r = c.putObject("reevolution");
        reevolution.forEach(r::put);
        return write(c);
    }

    /** The strategy name a run re-evolved, from its configuration (empty for other runs). */
    static Optional<String> reevolved(RunRecord run) {
        JsonNode name = tree(run.configJson()).path("reevolution").path("strategy");
        return name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
    }

    /** The recorded fields over the defaults' (runs recorded some fields only). */
    private static <T> T read(JsonNode recorded, T defaults, Class<T> type, String what) {
        ObjectNode merged = JSON.valueToTree(defaults);
        if (recorded.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = recorded.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (merged.has(f.getKey())) {
                    merged.set(f.getKey(), f.getValue());
                }
            }
        }
        try {
            return JSON.treeToValue(merged, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the run's recorded " + what + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a run's configuration is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
