package io.seedgrid.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a strategy's lifecycle log: what happened, when, by whom, and the stage the strategy is in after it.
 * A strategy's log is numbered 1, 2, 3, ... without gaps; entry 1 is its creation. The stage of a strategy is the
 * stage of its last entry.
 *
 * @param strategyId  the strategy
 * @param seq         position in the log, >= 1
 * @param at          when (stored to the millisecond)
 * @param kind        what happened
 * @param stage       the strategy's stage after this entry (unchanged for REFUSED, DRIFT, STEPPED and HELD)
 * @param actor       who did it (e.g. {@code cli:alice}, {@code api}), or null
 * @param message     one line for people, or null
 * @param detailsJson details (gate results, drift statistics), one JSON value, or null
 */
public record StrategyEventRecord(
        String strategyId,
        int seq,
        Instant at,
        Kind kind,
        StrategyStage stage,
        String actor,
        String message,
        String detailsJson) {

    /** What a log entry records. */
    public enum Kind {
        /** The version was registered. */
        CREATED,
        /** It moved one stage up, its gates passed. */
        PROMOTED,
        /** A promotion was refused by a gate; the stage is unchanged. */
        REFUSED,
        /** It left PRODUCTION because a newer version of its name was promoted there. */
        RETIRED,
        /** It left PRODUCTION because it was rolled back. */
        ROLLED_BACK,
        /** It went back to PRODUCTION by a rollback. */
        RESTORED,
        /** It was archived by hand. */
        ARCHIVED,
        /** A drift check changed its verdict; the stage is unchanged. */
        DRIFT,
        /** A CANARY moved to its next capital share, its step's gates passed; the stage is unchanged. */
        STEPPED,
        /** A CANARY's step was held: its live evidence fell short of a soft gate; the stage is unchanged. */
        HELD;

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "strategy event kind must be one of " + Arrays.toString(values()) + " but was '" + text + "'");
        }
    }

    public StrategyEventRecord {
        Checks.id("strategy id", strategyId);
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1 but was " + seq);
        }
        at = Checks.millis("at", at);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(stage, "stage");
        if ((seq == 1) != (kind == Kind.CREATED)) {
            throw new IllegalArgumentException(
                    "entry 1 of a strategy's log, and only it, is CREATED but entry " + seq + " is " + kind);
        }
        if (actor != null
                && (actor.length() > Checks.MAX_ID_LENGTH || actor.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException(
                    "actor must be at most " + Checks.MAX_ID_LENGTH + " printable characters but was '" + actor + "'");
        }
        Checks.jsonOrNull("detailsJson", detailsJson);
    }
}
