package io.seedgrid.storage;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one home for state a run writes (DuckDB file, reports, logs): {@code $SEEDGRID_HOME} when set, else
 * {@code ./data}, so tests and users can isolate runs.
 */
public final class SeedgridHome {
    public static final String ENV = "SEEDGRID_HOME";

    private SeedgridHome() {}

    /** The home for this process's environment. */
    public static Path resolve() {
        return resolve(System.getenv());
    }

    /** The home for {@code env}: {@code SEEDGRID_HOME} if set and not blank, else {@code ./data}. */
    public static Path resolve(Map<String, String> env) {
        String home = env.get(ENV);
        return (home == null || home.isBlank() ? Path.of("data") : Path.of(home))
                .toAbsolutePath()
                .normalize();
    }
}
