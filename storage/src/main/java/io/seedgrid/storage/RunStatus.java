package io.seedgrid.storage;

/**
 * Where an evolution run stands. QUEUED and RUNNING runs are unfinished: they have a coordinator holding their
 * {@link RunLease}, which says whether it is still there.
 */
public enum RunStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    INTERRUPTED;

    /** Whether a coordinator still has work to do on the run (QUEUED or RUNNING). */
    public boolean unfinished() {
        return this == QUEUED || this == RUNNING;
    }

    /** Parses a status name case-insensitively. */
    public static RunStatus parse(String text) {
        for (RunStatus s : values()) {
            if (s.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "run status must be one of QUEUED, RUNNING, COMPLETED, FAILED, INTERRUPTED but was '" + text + "'");
    }
}
