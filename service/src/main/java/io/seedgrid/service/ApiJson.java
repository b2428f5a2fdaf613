package io.seedgrid.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.seedgrid.alerts.Alert;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.strategies.Allocation;
import io.seedgrid.strategies.Comparison;
import io.seedgrid.strategies.DriftReport;
import io.seedgrid.strategies.GateResult;
import io.seedgrid.strategies.LiveSignal;
import io.seedgrid.strategies.OutOfSampleEvidence;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.SignalUpdate;
import io.seedgrid.strategies.StrategyDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of strategies, their logs, gates, drift and signals: one shape for the HTTP API and the command
 * line's {@code --json}, so what one prints the other serves. Snake_case names, ISO-8601 times, undefined numbers as
 * null.
 */
public final class ApiJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private ApiJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as JSON text; {@code pretty} indents it. */
    public static String write(Object value, boolean pretty) {
        try {
            return pretty
                    ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value)
                    : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** A strategy in a list: identity, stage, lineage, headline figures, drift. */
    public static Map<String, Object> summary(RegisteredStrategy s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.id());
        v.put("name", s.name());
        v.put("version", s.version().toString());
        v.put("stage", s.stage());
        v.put("stage_since", s.stageSince());
        v.put("created", s.createdAt());
        v.put("symbol", s.evolvedOn().symbol());
        v.put("timeframe", s.evolvedOn().timeframe().label());
        v.put("run_id", s.runId().orElse(null));
        v.put("rank", s.rank() == 0 ? null : s.rank());
        v.put("parent_id", s.parentId().orElse(null));
        v.put("seeds", s.definition().seedNames());
        v.put("out_of_sample_sharpe", finite(s.outOfSample().sharpe()));
        v.put("out_of_sample_max_drawdown", finite(s.outOfSample().maxDrawdown()));
        v.put(
                "buy_and_hold_out_of_sample_sharpe",
                s.evidence()
                        .map(e -> finite(e.buyAndHoldOutOfSample().sharpe()))
                        .orElse(null));
        v.put("fill", s.definition().settings().fill().label());
        v.put("drift", s.drift().map(d -> d.status().name()).orElse(null));
        v.put("drifting", s.drifting());
        v.put("share", s.share());
        v.put("trigger", s.trigger().orElse(null));
        return v;
    }

    /** A strategy in full: the summary, its definition, data, metrics, last drift verdict and, if given, more. */
    public static Map<String, Object> detail(
            RegisteredStrategy s, List<StrategyEventRecord> history, List<GateResult> nextGates) {
        Map<String, Object> v = summary(s);
        v.put("definition", definition(s.definition()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("symbol", s.evolvedOn().symbol());
        data.put("timeframe", s.evolvedOn().timeframe().label());
        data.put("bars", s.evolvedOn().bars());
        data.put("first_bar", s.evolvedOn().firstBar());
        data.put("last_bar", s.evolvedOn().lastBar());
        data.put("out_of_sample_from", s.evolvedOn().outOfSampleFrom());
        v.put("evolved_on", data);
        v.put("in_sample", s.inSample());
        v.put("out_of_sample", s.outOfSample());
        v.put("evidence", s.evidence().map(ApiJson::evidence).orElse(null));
        v.put("drift", s.drift().map(ApiJson::drift).orElse(null));
        if (nextGates != null) {
            v.put("next_gates", nextGates.stream().map(ApiJson::gate).toList());
        }
        if (history != null) {
            v.put("history", history.stream().map(ApiJson::event).toList());
        }
        return v;
    }

    public static Map<String, Object> definition(StrategyDefinition d) {
        Map<String, Object> v = new LinkedHashMap<>();
        List<Map<String, Object>> seeds = new ArrayList<>();
        for (StrategyDefinition.Component c : d.components()) {
            Map<String, Object> seed = new LinkedHashMap<>();
            seed.put("seed", c.seed());
            seed.put("weight", c.weight());
            seed.put("genes", c.genes());
            seeds.add(seed);
        }
        v.put("seeds", seeds);
        v.put("entry", d.entry());
        v.put("exit", d.exit());
        v.put("warmup_bars", d.strategy().warmup());
        v.put("backtest", settings(d.settings()));
        v.put("text", d.describe());
        return v;
    }

    /** What the held-out bars said when the strategy was registered, buy-and-hold beside it. */
    public static Map<String, Object> evidence(OutOfSampleEvidence e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("judged", e.judged());
        v.put("out_of_sample_psr", finite(e.outOfSamplePsr()));
        v.put("next_close_out_of_sample_sharpe", finite(e.nextCloseSharpe()));
        v.put("stressed_cost_out_of_sample_sharpe", finite(e.stressedCostSharpe()));
        v.put("cost_factor", finite(e.costFactor()));
        v.put(
                "break_even_cost_bps",
                Double.isInfinite(e.breakEvenCostBps())
                        ? "infinite (no out-of-sample trade)"
                        : finite(e.breakEvenCostBps()));
        Map<String, Object> market = new LinkedHashMap<>();
        market.put("in_sample", e.buyAndHoldInSample());
        market.put("out_of_sample", e.buyAndHoldOutOfSample());
        v.put("buy_and_hold", market);
        return v;
    }

    /** The settings a strategy is backtested and replayed with: the fill in words too. */
    public static Map<String, Object> settings(BacktestSettings b) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("fill", b.fill().label());
        v.put("fill_meaning", b.fill().meaning());
        v.put("optimistic", b.fill().optimistic());
        v.put("fee_bps", b.feeBps());
        v.put("slippage_bps", b.slippageBps());
        v.put("allow_short", b.allowShort());
        v.put("out_of_sample_fraction", b.outOfSampleFraction());
        return v;
    }

    public static Map<String, Object> event(StrategyEventRecord e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("seq", e.seq());
        v.put("at", e.at());
        v.put("kind", e.kind());
        v.put("stage", e.stage());
        v.put("actor", e.actor());
        v.put("message", e.message());
        v.put("details", e.detailsJson() == null ? null : tree(e.detailsJson()));
        return v;
    }

    public static Map<String, Object> gate(GateResult g) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("gate", g.gate());
        v.put("passed", g.passed());
        v.put("measured", finite(g.measured()));
        v.put("threshold", finite(g.threshold()));
        v.put("detail", g.detail());
        return v;
    }

    public static Map<String, Object> drift(DriftReport d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("strategy_id", d.strategyId());
        v.put("status", d.status());
        v.put("drifting", d.drifting());
        v.put("at", d.at());
        v.put("live_bars", d.liveBars());
        v.put("backtest_bars", d.backtestBars());
        v.put("ks_statistic", finite(d.statistic()));
        v.put("p_value", finite(d.pValue()));
        v.put("alpha", finite(d.alpha()));
        v.put("live_mean", finite(d.liveMean()));
        v.put("backtest_mean", finite(d.backtestMean()));
        v.put("message", d.message());
        return v;
    }

    public static Map<String, Object> signal(LiveSignal s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("time", s.time());
        v.put("signal", s.signal());
        v.put("position", s.position());
        v.put("share", s.share());
        return v;
    }

    /** Stored signals of a strategy and symbol. */
    public static Map<String, Object> signals(
            String strategyId, String symbol, String timeframe, Fill fill, List<LiveSignal> signals) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("strategy_id", strategyId);
        v.put("symbol", symbol);
        v.put("timeframe", timeframe);
        v.put("fill", fill.label());
        v.put("position_meaning", "position is decided at each bar's close; " + fill.meaning());
        v.put(
                "share_meaning",
                "share is the part of the strategy name's capital this version carried when the"
                        + " position was decided: trade share x position");
        v.put("count", signals.size());
        v.put("signals", signals.stream().map(ApiJson::signal).toList());
        return v;
    }

    /** What one signal computation did, with the signals it stored. */
    public static Map<String, Object> update(SignalUpdate u) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("strategy_id", u.strategyId());
        v.put("symbol", u.symbol());
        v.put("timeframe", u.timeframe().label());
        v.put("bars", u.bars());
        v.put("already_signalled", u.alreadySignalled());
        v.put("stored", u.stored());
        v.put("compute_ms", u.computeMillis());
        return v;
    }

    /** Two versions over their common live bars. */
    public static Map<String, Object> comparison(Comparison c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("a", c.a());
        v.put("b", c.b());
        v.put("common_bars", c.bars());
        v.put("from", c.from().orElse(null));
        v.put("to", c.to().orElse(null));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("sharpe", finite(c.sharpeA()));
        a.put("return", finite(c.returnA()));
        a.put("max_drawdown", finite(c.drawdownA()));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("sharpe", finite(c.sharpeB()));
        b.put("return", finite(c.returnB()));
        b.put("max_drawdown", finite(c.drawdownB()));
        v.put("realised_a", a);
        v.put("realised_b", b);
        v.put("position_agreement", finite(c.agreement()));
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("test", "paired t-test of the per-bar return difference a - b");
        test.put("mean_difference", finite(c.meanDifference()));
        test.put("t", finite(c.t()));
        test.put("p_two_sided", finite(c.pTwoSided()));
        test.put("p_a_worse", finite(c.pAWorse()));
        v.put("difference", test);
        return v;
    }

    /** How a name's capital is shared from a moment on. */
    public static Map<String, Object> allocation(Allocation a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", a.name());
        v.put("at", a.at());
        v.put("shares", a.shares());
        return v;
    }

    /** An alert's change, or an alert firing now. */
    public static Map<String, Object> alert(Alert a) {
        Map<String, Object> v = new LinkedHashMap<>(a.fields(null));
        v.put("value", finite(a.value()));
        v.put("threshold", finite(a.threshold()));
        return v;
    }

    public static Map<String, Object> storage(StoreHealth h) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("status", h.status());
        v.put("backend", h.backend());
        v.put("latency_ms", finite(h.latencyMillis()));
        v.put("bar_count", h.barCount());
        v.put("error", h.error());
        v.put("details", h.details());
        return v;
    }

    /** Parses stored JSON text (log details, run results). */
    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not valid: " + e.getOriginalMessage(), e);
        }
    }

    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
