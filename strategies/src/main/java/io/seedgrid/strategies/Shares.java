package io.seedgrid.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.storage.StrategyEventRecord.Kind;
import io.seedgrid.storage.StrategyStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The capital shares of one name's versions over time, replayed from their lifecycle logs: a CANARY carries the share
 * its last step (its promotion to CANARY, or a STEPPED entry) recorded, the PRODUCTION version the rest. Canaries
 * recorded before shares existed carry everything (they were all or nothing).
 */
final class Shares {
    private Shares() {}

    /** The share a canary's log says it carries now: its last step's. */
    static double canaryShare(List<StrategyEventRecord> log) {
        double share = 1;
        for (StrategyEventRecord e : log) {
            if (isStep(e)) {
                share = recordedShare(e);
            }
        }
        return share;
    }

    /** When the canary's current step began: its last step entry (its creation when it has none). */
    static Instant stepSince(List<StrategyEventRecord> log) {
        Instant since = log.get(0).at();
        for (StrategyEventRecord e : log) {
            if (isStep(e)) {
                since = e.at();
            }
        }
        return since;
    }

    /** A promotion to CANARY or a step within it. */
    static boolean isStep(StrategyEventRecord e) {
        return (e.kind() == Kind.PROMOTED && e.stage() == StrategyStage.CANARY) || e.kind() == Kind.STEPPED;
    }

    private static double recordedShare(StrategyEventRecord e) {
        if (e.detailsJson() == null) {
            return 1;
        }
        JsonNode share = Codec.tree("lifecycle details", e.detailsJson()).path("share");
        return share.isNumber() ? share.asDouble() : 1;
    }

    /**
     * Every allocation of {@code name} from its versions' logs (id to log), oldest first: one per moment the shares
     * changed.
     */
    static List<Allocation> history(String name, Map<String, List<StrategyEventRecord>> logs) {
        List<StrategyEventRecord> all = new ArrayList<>();
        logs.values().forEach(all::addAll);
        all.sort(Comparator.comparing(StrategyEventRecord::at)
                .thenComparing(StrategyEventRecord::strategyId)
                .thenComparingInt(StrategyEventRecord::seq));
        Map<String, StrategyStage> stages = new HashMap<>();
        Map<String, Double> canary = new HashMap<>();
        Map<String, Instant> inProduction = new HashMap<>();
        List<Allocation> out = new ArrayList<>();
        Map<String, Double> last = Map.of();
        for (int i = 0; i < all.size(); i++) {
            StrategyEventRecord e = all.get(i);
            stages.put(e.strategyId(), e.stage());
            if (isStep(e)) {
                canary.put(e.strategyId(), recordedShare(e));
            }
            if (e.stage() == StrategyStage.PRODUCTION && !inProduction.containsKey(e.strategyId())) {
                inProduction.put(e.strategyId(), e.at());
            } else if (e.stage() != StrategyStage.PRODUCTION) {
                inProduction.remove(e.strategyId());
            }
            boolean lastOfMoment = i + 1 == all.size() || !all.get(i + 1).at().equals(e.at());
            if (!lastOfMoment) {
                continue; // a promotion and the retirement it causes are one change
            }
            Map<String, Double> now = shares(stages, canary, inProduction);
            if (!now.equals(last)) {
                out.add(new Allocation(name, e.at(), now));
                last = now;
            }
        }
        return out;
    }

    private static Map<String, Double> shares(
            Map<String, StrategyStage> stages, Map<String, Double> canary, Map<String, Instant> inProduction) {
        Map<String, Double> shares = new LinkedHashMap<>();
        double canaries = 0;
        for (Map.Entry<String, StrategyStage> s : stages.entrySet()) {
            if (s.getValue() == StrategyStage.CANARY) {
                double share = Math.min(1 - canaries, canary.getOrDefault(s.getKey(), 1.0));
                if (share > 0) {
                    shares.put(s.getKey(), share);
                    canaries += share;
                }
            }
        }
        // one PRODUCTION version: the most recently moved there, should a crash have left two
        inProduction.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(p -> {
            double rest = 1
                    - shares.values().stream().mapToDouble(Double::doubleValue).sum();
            if (rest > 1e-12) {
                shares.put(p.getKey(), rest);
            }
        });
        return shares;
    }

    /** The allocation in force at {@code at}: the last one from {@code at} or before (none: nothing carries capital). */
    static Allocation at(String name, List<Allocation> history, Instant at) {
        Objects.requireNonNull(at, "at");
        Allocation found = new Allocation(name, Instant.EPOCH, Map.of());
        for (Allocation a : history) {
            if (a.at().isAfter(at)) {
                break;
            }
            found = a;
        }
        return found;
    }
}
