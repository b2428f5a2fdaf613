package io.seedgrid.storage;

import java.util.Arrays;

/**
 * Where a registered strategy version stands in its life: DRAFT, TESTING, STAGING, SHADOW (signals and would-be
 * returns beside the production version, no capital), CANARY, PRODUCTION, ARCHIVED. Storage keeps the stage each
 * lifecycle event leaves a strategy in; which moves are allowed is the registry's business.
 */
public enum StrategyStage {
    DRAFT,
    TESTING,
    STAGING,
    SHADOW,
    CANARY,
    PRODUCTION,
    ARCHIVED;

    /** Parses a stage name case-insensitively. */
    public static StrategyStage parse(String text) {
        for (StrategyStage s : values()) {
            if (s.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "stage must be one of " + Arrays.toString(values()) + " but was '" + text + "'");
    }
}
