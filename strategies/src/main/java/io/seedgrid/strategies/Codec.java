package io.seedgrid.strategies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.runs.RunJson;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The JSON the registry keeps in storage. Strategy definitions are in the shape run results are stored in
 * ({@code seeds: [{seed, type, weight, genes: {name: value}}], entry, exit}, see {@link RunJson}) plus a
 * {@code backtest} object; metrics are those of run results, the snake_case fields of {@link Metrics}. Doubles are written in their shortest exact form, so they read back
 * bit for bit.
 */
final class Codec {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private Codec() {}

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

    /** A definition as JSON: the strategy in the shape of run results ({@link RunJson#strategy}) and its settings. */
    static ObjectNode definition(StrategyDefinition d) {
        ObjectNode node = RunJson.strategy(d.strategy());
        node.set("backtest", settings(d.settings()));
        return node;
    }

    /** A definition from its JSON: the strategy read as run results are, and its {@code backtest} settings. */
    static StrategyDefinition definition(JsonNode node) {
        JsonNode bt = node.path("backtest");
        if (!bt.isObject()) {
            throw new IllegalArgumentException("strategy JSON has no backtest settings");
        }
        return StrategyDefinition.of(RunJson.strategy(node), settings(bt));
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
        return new BacktestSettings(
                fill,
                number(bt.path("fee_bps"), "fee_bps"),
                number(bt.path("slippage_bps"), "slippage_bps"),
                bt.path("allow_short").asBoolean(),
                number(bt.path("out_of_sample_fraction"), "out_of_sample_fraction"),
                bt.path("in_sample_from").asInt(0),
                bt.path("split").asInt(-1));
    }

    // ---------------------------------------------------------------- metrics, data, baseline

    /** Metrics in the shape run results store them (one shape for both: {@link RunJson#metrics(Metrics)}). */
    static ObjectNode metrics(Metrics m) {
        return RunJson.metrics(m);
    }

    static Metrics metrics(JsonNode n) {
        return RunJson.metrics(n);
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
        return new EvolvedOn(
                text(n, "symbol"),
                Timeframe.parse(text(n, "timeframe")),
                n.path("bars").asInt(),
                Instant.parse(text(n, "first_bar")),
                Instant.parse(text(n, "last_bar")),
                n.path("split_index").asInt(),
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
        return Optional.of(new OutOfSampleEvidence(
                ev.path("judged").asInt(1),
                getDouble(ev, "out_of_sample_psr"),
                getDouble(ev, "next_close_sharpe"),
                getDouble(ev, "stressed_cost_sharpe"),
                getDouble(ev, "cost_factor"),
                getDouble(ev, "break_even_cost_bps"),
                metrics(market.path("in_sample")),
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
        return new DriftReport(
                strategyId,
                DriftReport.Status.valueOf(text(n, "status")),
                Instant.parse(text(n, "at")),
                n.path("live_bars").asInt(),
                n.path("backtest_bars").asInt(),
                getDouble(n, "ks_statistic"),
                getDouble(n, "p_value"),
                getDouble(n, "alpha"),
                getDouble(n, "live_mean"),
                getDouble(n, "backtest_mean"),
                text(n, "message"));
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
