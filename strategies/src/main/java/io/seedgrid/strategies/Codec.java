package io.seedgrid.strategies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON the registry keeps in storage. Strategy definitions read the shape run results are stored in (the CLI's
 * {@code seeds: [{seed, type, weight, genes: {name: value}}], entry, exit}) plus a {@code backtest} object; metrics
 * are the snake_case fields of {@link Metrics}. Doubles are written in their shortest exact form, so they read back
 * bit for bit.
 */
final class Codec {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private Codec() {
    }

    static JsonNode tree(String what, String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- definitions

    static ObjectNode definition(StrategyDefinition d) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode seeds = node.putArray("seeds");
        for (StrategyDefinition.Component c : d.components()) {
            ObjectNode seed = seeds.addObject();
            seed.put("seed", c.seed());
            seed.put("type", Seeds.byName(c.seed()).type().name());
            seed.put("weight", c.weight());
            ObjectNode genes = seed.putObject("genes");
            c.genes().forEach(genes::put);
        }
        node.put("entry", d.entry());
        node.put("exit", d.exit());
        node.set("backtest", settings(d.settings()));
        node.put("warmup_bars", d.strategy().warmup());
        node.put("text", d.describe());
        return node;
    }

    /**
     * A definition from its JSON; {@code settings} is used when the JSON has no {@code backtest} object (run results
     * keep those settings in the run's configuration).
     */
    static StrategyDefinition definition(JsonNode node, BacktestSettings settings) {
        JsonNode seeds = node.path("seeds");
        if (!seeds.isArray() || seeds.isEmpty()) {
            throw new IllegalArgumentException("strategy JSON has no seeds");
        }
        List<StrategyDefinition.Component> components = new ArrayList<>();
        for (JsonNode seed : seeds) {
            Map<String, Double> genes = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = seed.path("genes").fields();
            while (fields.hasNext()) {
                var f = fields.next();
                genes.put(f.getKey(), number(f.getValue(), "gene " + f.getKey()));
            }
            components.add(new StrategyDefinition.Component(text(seed, "seed"), number(seed.path("weight"), "weight"),
                    genes));
        }
        JsonNode bt = node.path("backtest");
        BacktestSettings s = bt.isObject() ? settings(bt) : settings;
        if (s == null) {
            throw new IllegalArgumentException("strategy JSON has no backtest settings");
        }
        return new StrategyDefinition(components, number(node.path("entry"), "entry"), number(node.path("exit"), "exit"),
                s);
    }

    /**
     * The backtest settings of a run's configuration JSON: {@code fitness.settings}, or the flat {@code fitness} fields
     * of runs recorded before fills were a setting (they filled at the close).
     */
    static BacktestSettings settingsOfRun(JsonNode config) {
        JsonNode f = config.path("fitness");
        if (!f.isObject()) {
            throw new IllegalArgumentException("the run's configuration has no fitness settings");
        }
        BacktestSettings s = settings(f.path("settings").isObject() ? f.path("settings") : f);
        if (s.split() >= 0 || s.inSampleFrom() != 0) {
            throw new IllegalArgumentException("the run used an explicit in-sample window, which a strategy cannot"
                    + " carry; save strategies from ordinary runs");
        }
        return s;
    }

    /** Backtest settings as the registry stores them, whole. */
    static ObjectNode settings(BacktestSettings s) {
        ObjectNode bt = JSON.createObjectNode();
        bt.put("fill", s.fill().label());
        bt.put("fee_bps", s.feeBps());
        bt.put("slippage_bps", s.slippageBps());
        bt.put("allow_short", s.allowShort());
        bt.put("out_of_sample_fraction", s.outOfSampleFraction());
        bt.put("in_sample_from", s.inSampleFrom());
        bt.put("split", s.split());
        return bt;
    }

    /** Settings from their JSON; without a {@code fill} (stored before fills were a setting) they filled at the close. */
    static BacktestSettings settings(JsonNode bt) {
        Fill fill = bt.hasNonNull("fill") ? Fill.parse(bt.get("fill").asText()) : Fill.CLOSE;
        return new BacktestSettings(fill, number(bt.path("fee_bps"), "fee_bps"),
                number(bt.path("slippage_bps"), "slippage_bps"), bt.path("allow_short").asBoolean(),
                number(bt.path("out_of_sample_fraction"), "out_of_sample_fraction"), bt.path("in_sample_from").asInt(0),
                bt.path("split").asInt(-1));
    }

    // ---------------------------------------------------------------- metrics, data, baseline

    static ObjectNode metrics(Metrics m) {
        ObjectNode node = JSON.createObjectNode();
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

    static Metrics metrics(JsonNode n) {
        return new Metrics(n.path("bars").asInt(), getDouble(n, "sharpe"), getDouble(n, "sortino"),
                getDouble(n, "total_return"), getDouble(n, "max_drawdown"), getDouble(n, "win_rate"),
                n.path("trades").asInt(), getDouble(n, "exposure"));
    }

    static ObjectNode evolvedOn(EvolvedOn e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("symbol", e.symbol());
        node.put("timeframe", e.timeframe().label());
        node.put("bars", e.bars());
        node.put("first_bar", e.firstBar().toString());
        node.put("last_bar", e.lastBar().toString());
        node.put("split_index", e.splitIndex());
        node.put("out_of_sample_from", e.outOfSampleFrom().toString());
        return node;
    }

    static EvolvedOn evolvedOn(JsonNode n) {
        return new EvolvedOn(text(n, "symbol"), Timeframe.parse(text(n, "timeframe")), n.path("bars").asInt(),
                Instant.parse(text(n, "first_bar")), Instant.parse(text(n, "last_bar")), n.path("split_index").asInt(),
                Instant.parse(text(n, "out_of_sample_from")));
    }

    /** The backtest's per-bar net returns over the measured out-of-sample bars, from bar {@code from} on. */
    static ObjectNode baseline(double[] outOfSampleReturns, int from) {
        ObjectNode node = JSON.createObjectNode();
        node.put("from_index", from);
        ArrayNode returns = node.putArray("out_of_sample_returns");
        for (double r : outOfSampleReturns) {
            returns.add(r);
        }
        return node;
    }

    /** The baseline with the out-of-sample evidence beside it (one record: both come from the same backtest). */
    static ObjectNode baseline(double[] outOfSampleReturns, int from, OutOfSampleEvidence e) {
        ObjectNode node = baseline(outOfSampleReturns, from);
        ObjectNode ev = node.putObject("evidence");
        ev.put("judged", e.judged());
        putDouble(ev, "out_of_sample_psr", e.outOfSamplePsr());
        putDouble(ev, "next_close_sharpe", e.nextCloseSharpe());
        putDouble(ev, "stressed_cost_sharpe", e.stressedCostSharpe());
        putDouble(ev, "cost_factor", e.costFactor());
        putDouble(ev, "break_even_cost_bps", e.breakEvenCostBps());
        ObjectNode market = ev.putObject("buy_and_hold");
        market.set("in_sample", metrics(e.buyAndHoldInSample()));
        market.set("out_of_sample", metrics(e.buyAndHoldOutOfSample()));
        return node;
    }

    /** The evidence recorded beside the baseline; empty for strategies registered before it was recorded. */
    static Optional<OutOfSampleEvidence> evidence(JsonNode baseline) {
        JsonNode ev = baseline.path("evidence");
        if (!ev.isObject()) {
            return Optional.empty();
        }
        JsonNode market = ev.path("buy_and_hold");
        return Optional.of(new OutOfSampleEvidence(ev.path("judged").asInt(1), getDouble(ev, "out_of_sample_psr"),
                getDouble(ev, "next_close_sharpe"), getDouble(ev, "stressed_cost_sharpe"), getDouble(ev, "cost_factor"),
                getDouble(ev, "break_even_cost_bps"), metrics(market.path("in_sample")),
                metrics(market.path("out_of_sample"))));
    }

    static double[] baselineReturns(JsonNode n) {
        JsonNode returns = n.path("out_of_sample_returns");
        double[] out = new double[returns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = returns.get(i).asDouble();
        }
        return out;
    }

    // ---------------------------------------------------------------- gates and drift

    static ArrayNode gates(List<GateResult> gates) {
        ArrayNode list = JSON.createArrayNode();
        for (GateResult g : gates) {
            ObjectNode node = list.addObject();
            node.put("gate", g.gate());
            node.put("passed", g.passed());
            putDouble(node, "measured", g.measured());
            putDouble(node, "threshold", g.threshold());
            node.put("detail", g.detail());
        }
        return list;
    }

    static ObjectNode drift(DriftReport d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", d.status().name());
        node.put("at", d.at().toString());
        node.put("live_bars", d.liveBars());
        node.put("backtest_bars", d.backtestBars());
        putDouble(node, "ks_statistic", d.statistic());
        putDouble(node, "p_value", d.pValue());
        putDouble(node, "alpha", d.alpha());
        putDouble(node, "live_mean", d.liveMean());
        putDouble(node, "backtest_mean", d.backtestMean());
        node.put("message", d.message());
        return node;
    }

    static DriftReport drift(String strategyId, JsonNode n) {
        return new DriftReport(strategyId, DriftReport.Status.valueOf(text(n, "status")), Instant.parse(text(n, "at")),
                n.path("live_bars").asInt(), n.path("backtest_bars").asInt(), getDouble(n, "ks_statistic"),
                getDouble(n, "p_value"), getDouble(n, "alpha"), getDouble(n, "live_mean"),
                getDouble(n, "backtest_mean"), text(n, "message"));
    }

    // ---------------------------------------------------------------- plumbing

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("JSON field " + field + " is missing or not text");
        }
        return v.asText();
    }

    private static double number(JsonNode v, String what) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(what + " is missing or not a number in the strategy JSON");
        }
        return v.asDouble();
    }

    /** Non-finite doubles as text (JSON has no NaN); null for NaN. */
    static void putDouble(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else if (Double.isInfinite(value)) {
            node.put(field, Double.toString(value));
        } else {
            node.put(field, value);
        }
    }

    static double getDouble(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isNull() || v.isMissingNode()) {
            return Double.NaN;
        }
        return v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
    }
}
