package io.seedgrid.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.strategies.NewStrategy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * The body of {@code POST /runs}, checked field by field: every problem names its field. Only {@code symbol} is
 * required; the rest default as {@code seedgrid evolve} does.
 */
record RunRequest(
        String symbol,
        Timeframe timeframe,
        List<Seed> seeds,
        int population,
        int generations,
        long seed,
        double mutation,
        double crossover,
        double elite,
        double minFitness,
        int top,
        Fill fill,
        double feeBps,
        OptionalDouble slippageBps,
        boolean allowShort,
        double outOfSampleFraction,
        int minTrades,
        boolean saveBest,
        String name) {

    static final Set<String> FIELDS = Set.of(
            "symbol",
            "timeframe",
            "seeds",
            "population",
            "generations",
            "seed",
            "mutation",
            "crossover",
            "elite",
            "min_fitness",
            "top",
            "fill",
            "fee_bps",
            "slippage_bps",
            "allow_short",
            "oos_fraction",
            "min_trades",
            "save_best",
            "name");

    static RunRequest parse(JsonNode body, ServiceConfig config) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "the body must be a JSON object, e.g. {\"symbol\": \"AAPL\"}");
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest(f, "unknown field '" + f + "'; fields are " + new TreeSet<>(FIELDS));
            }
        }
        JsonNode symbolNode = body.get("symbol");
        if (symbolNode == null || !symbolNode.isTextual()) {
            throw ApiException.badRequest("symbol", "symbol is required, as text (e.g. \"AAPL\")");
        }
        String symbol = symbolNode.asText();
        try {
            Bars.requireSymbol(symbol);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("symbol", e.getMessage());
        }
        Timeframe timeframe = null;
        if (body.hasNonNull("timeframe")) {
            try {
                timeframe = Timeframe.parse(text(body, "timeframe"));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("timeframe", e.getMessage());
            }
        }
        List<Seed> seeds = Seeds.all();
        if (body.hasNonNull("seeds")) {
            JsonNode s = body.get("seeds");
            List<String> listed = new ArrayList<>();
            if (s.isTextual()) {
                listed.add(s.asText());
            } else if (s.isArray()) {
                s.forEach(n -> listed.add(n.isTextual() ? n.asText() : ""));
            } else {
                throw ApiException.badRequest(
                        "seeds", "seeds must be a list of seed names or one comma-separated text");
            }
            try {
                seeds = Seeds.parse(String.join(",", listed));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("seeds", e.getMessage());
            }
        }
        int population = integer(body, "population", 50, 2, config.maxPopulation());
        int generations = integer(body, "generations", 10, 1, config.maxGenerations());
        long seed = body.hasNonNull("seed") ? longValue(body, "seed") : 42;
        double mutation = number(body, "mutation", 0.1, 0, 1);
        double crossover = number(body, "crossover", 0.8, 0, 1);
        double elite = number(body, "elite", 0.2, 0, 1);
        double minFitness = number(body, "min_fitness", 0.5, -1e6, 1e6);
        int top = integer(body, "top", 5, 1, 100);
        Fill fill = Fill.NEXT_OPEN;
        if (body.hasNonNull("fill")) {
            try {
                fill = Fill.parse(text(body, "fill"));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("fill", e.getMessage());
            }
        }
        double fee = number(body, "fee_bps", 10, 0, 9_999);
        // absent: half the spread estimated from the run's in-sample bars, as evolve's --slippage auto
        OptionalDouble slippage = body.hasNonNull("slippage_bps")
                ? OptionalDouble.of(number(body, "slippage_bps", 0, 0, 9_999))
                : OptionalDouble.empty();
        boolean allowShort = bool(body, "allow_short", false);
        double fraction = number(body, "oos_fraction", 0.3, 0, 0.95);
        int minTrades = integer(body, "min_trades", 5, 0, 1_000_000);
        boolean saveBest = bool(body, "save_best", true);
        String name = null;
        if (body.hasNonNull("name")) {
            name = text(body, "name");
            try {
                NewStrategy.requireName(name);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("name", e.getMessage());
            }
        }
        return new RunRequest(
                symbol,
                timeframe,
                seeds,
                population,
                generations,
                seed,
                mutation,
                crossover,
                elite,
                minFitness,
                top,
                fill,
                fee,
                slippage,
                allowShort,
                fraction,
                minTrades,
                saveBest,
                name);
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (!n.isTextual()) {
            throw ApiException.badRequest(field, field + " must be text but was " + n);
        }
        return n.asText();
    }

    private static int integer(JsonNode body, String field, int fallback, int min, int max) {
        if (!body.hasNonNull(field)) {
            return fallback;
        }
        JsonNode n = body.get(field);
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw ApiException.badRequest(
                    field, field + " must be a whole number in [" + min + ", " + max + "] but was " + n);
        }
        int v = n.intValue();
        if (v < min || v > max) {
            throw ApiException.badRequest(field, field + " must lie in [" + min + ", " + max + "] but was " + v);
        }
        return v;
    }

    private static long longValue(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw ApiException.badRequest(field, field + " must be a whole number but was " + n);
        }
        return n.longValue();
    }

    private static double number(JsonNode body, String field, double fallback, double min, double max) {
        if (!body.hasNonNull(field)) {
            return fallback;
        }
        JsonNode n = body.get(field);
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            throw ApiException.badRequest(
                    field, field + " must be a number in [" + min + ", " + max + "] but was " + n);
        }
        double v = n.doubleValue();
        if (v < min || v > max) {
            throw ApiException.badRequest(field, field + " must lie in [" + min + ", " + max + "] but was " + v);
        }
        return v;
    }

    private static boolean bool(JsonNode body, String field, boolean fallback) {
        if (!body.hasNonNull(field)) {
            return fallback;
        }
        JsonNode n = body.get(field);
        if (!n.isBoolean()) {
            throw ApiException.badRequest(field, field + " must be true or false but was " + n);
        }
        return n.booleanValue();
    }
}
