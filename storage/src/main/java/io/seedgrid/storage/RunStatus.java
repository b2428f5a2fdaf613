package io.seedgrid.storage;

/** Where an evolution run stands. */
public enum RunStatus {
    RUNNING, COMPLETED, FAILED, INTERRUPTED;

    /** Parses a status name case-insensitively. */
    public static RunStatus parse(String text) {
        for (RunStatus s : values()) {
            if (s.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("run status must be one of RUNNING, COMPLETED, FAILED, INTERRUPTED but was '"
                + text + "'");
    }
}
