package io.seedgrid.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's run form: one field per field of {@code POST /runs} ({@link RunRequest#FIELDS}), named after the
 * {@code seedgrid evolve} option it mirrors, with the default and range {@link RunRequest#parse} applies. The form
 * checks nothing itself: the service's answer (a 400 naming the field) is what the page shows, so the messages are
 * the API's. A field left empty is left out, and takes its default.
 */
final class RunForm {
    private RunForm() {}

    static List<Map<String, Object>> fields(ServiceConfig config) {
        List<Map<String, Object>> f = new ArrayList<>();
        f.add(field(
                "symbol",
                "Symbol",
                "symbol",
                "--symbol",
                null,
                null,
                null,
                "stored or bundled market data (required)"));
        f.add(field(
                "timeframe",
                "Timeframe",
                "text",
                "--timeframe",
                null,
                null,
                null,
                "needed only when the symbol is stored in several, e.g. 1h"));
        f.add(field(
                "seeds", "Seeds", "seeds", "--seeds", null, null, null, "none ticked: every seed with enough data"));
        f.add(field("population", "Population", "integer", "--population", 50, 2, config.maxPopulation(), null));
        f.add(field("generations", "Generations", "integer", "--generations", 10, 1, config.maxGenerations(), null));
        f.add(field("seed", "Random seed", "integer", "--seed", 42, null, null, "the same seed gives the same run"));
        f.add(field("mutation", "Mutation probability", "number", "--mutation", 0.1, 0, 1, "per gene"));
        f.add(field("crossover", "Crossover probability", "number", "--crossover", 0.8, 0, 1, null));
        f.add(field("elite", "Elite share", "number", "--elite", 0.2, 0, 1, "kept each generation"));
        f.add(field(
                "min_fitness",
                "Minimum in-sample fitness",
                "number",
                "--min-fitness",
                0.5,
                -1e6,
                1e6,
                "one acceptance criterion"));
        f.add(field("top", "Strategies to report", "integer", "--top", 5, 1, 100, null));
        f.add(field(
                "fill",
                "Fill",
                "fill",
                "--fill",
                "next-open",
                null,
                null,
                "when the position decided at a close is taken"));
        f.add(field("fee_bps", "Fee (bps per unit traded)", "number", "--fee-bps", 10, 0, 9_999, null));
        f.add(field(
                "slippage_bps",
                "Slippage (bps)",
                "number",
                "--slippage-bps",
                null,
                0,
                9_999,
                "empty: half the spread estimated from the in-sample bars"));
        f.add(field("allow_short", "Allow short positions", "boolean", "--allow-short", false, null, null, null));
        f.add(field(
                "oos_fraction",
                "Held-out share",
                "number",
                "--oos-fraction",
                0.3,
                0,
                0.95,
                "the last bars, never seen by evolution"));
        f.add(field(
                "min_trades",
                "Minimum trades",
                "integer",
                "--min-trades",
                5,
                0,
                1_000_000,
                "in sample, for a strategy to count"));
        f.add(field(
                "save_best",
                "Register the best accepted strategy",
                "boolean",
                "--no-save (unticked)",
                true,
                null,
                null,
                null));
        f.add(field("name", "Strategy name", "text", "--name", null, null, null, "default: SYMBOL-TIMEFRAME"));
        return f;
    }

    private static Map<String, Object> field(
            String name, String label, String kind, String option, Object value, Number min, Number max, String help) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("label", label);
        v.put("kind", kind);
        v.put("option", option);
        v.put("default", value);
        v.put("min", min);
        v.put("max", max);
        v.put("help", help);
        return v;
    }
}
