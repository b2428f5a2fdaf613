package io.seedgrid.strategies;

import java.util.List;
import java.util.Objects;

/**
 * What judging a CANARY's current step on its live evidence did ({@link StrategyRegistry#reviewCanary}).
 *
 * @param strategyId  the canary
 * @param outcome     what happened
 * @param shareBefore its share of the name's capital before
 * @param shareAfter  its share after (0 once rolled back; 1 in PRODUCTION)
 * @param gates       the step's gates as judged
 * @param recorded    whether the review wrote a lifecycle entry (a step, a promotion, a rollback, or a hold when it
 *                    begins; a hold that stands is not written again)
 * @param message     what happened in words
 */
public record CanaryReview(
        String strategyId,
        Outcome outcome,
        double shareBefore,
        double shareAfter,
        List<GateResult> gates,
        boolean recorded,
        String message) {

    /** What a review did. */
    public enum Outcome {
        /** Not a CANARY: nothing to judge. */
        NOT_CANARY,
        /** Too few live bars at this step yet, nothing failed hard: it goes on at its share. */
        WAITING,
        /** Enough bars, but a soft gate (returns significantly worse than the backtest's) holds the step. */
        HELD,
        /** Its gates passed: it carries the next share now. */
        STEPPED,
        /** Its last step's gates passed: it is in PRODUCTION now, the previous version retired. */
        PROMOTED,
        /** A hard gate failed (drawdown past the limit, drift): it was rolled back to ARCHIVED, production keeps all. */
        ROLLED_BACK
    }

    public CanaryReview {
        Objects.requireNonNull(strategyId, "strategyId");
        Objects.requireNonNull(outcome, "outcome");
        gates = List.copyOf(gates);
        Objects.requireNonNull(message, "message");
    }

    /** The gates that did not pass. */
    public List<GateResult> failed() {
        return gates.stream().filter(g -> !g.passed()).toList();
    }
}
