package io.seedgrid.storage;

/**
 * Everything seedgrid keeps, one role each: market {@link #bars()}, evolution {@link #runs()} (with generations and
 * top strategies), strategy {@link #signals()}, validation {@link #reports()} and the strategy registry
 * ({@link #strategies()}: versions and their lifecycle logs). Open one with {@link Stores#open(StorageConfig)}; every
 * backend gives the same answers. Code that needs one role takes that role's interface, not the store.
 *
 * <p>Rules common to all roles' methods:
 * <ul>
 *   <li>Times are stored to the millisecond; records truncate their instants so what goes in comes back equal.</li>
 *   <li>Symbols and ids are stored verbatim, whatever characters they contain (quotes, semicolons, slashes, ...).</li>
 *   <li>Every write is all-or-nothing: one database transaction, or one atomically published file.</li>
 *   <li>Failures of the storage itself (unreachable database, unreadable or unwritable files, unknown run) throw
 *       {@link StorageException} with a one-line message; bad arguments throw {@link IllegalArgumentException};
 *       using a closed store (through any of its roles) throws {@link IllegalStateException}.</li>
 *   <li>A store is safe to use from several threads (calls may be serialised).</li>
 * </ul>
 */
public interface Store extends AutoCloseable {

    /** The backend's name: "local", "shared" or "postgres". */
    String backend();

    /** Where the data lives, safe to print: the DuckDB file, the shared directory or the URL without password. */
    String location();

    /** Market bars. */
    BarStore bars();

    /** Evolution runs, their generations and top strategies. */
    RunStore runs();

    /** Strategy signals. */
    SignalStore signals();

    /** The strategy registry: versions and their lifecycle logs. */
    StrategyStore strategies();

    /** Validation reports. */
    ReportStore reports();

    /**
     * A real, timed round trip to the data; never throws. HEALTHY when it answers within
     * {@link StoreHealth#SLOW_MILLIS}; DEGRADED when it answers slowly or only partly (e.g. an unreadable file among
     * readable ones, named in {@link StoreHealth#error()}); UNHEALTHY when it does not answer.
     */
    StoreHealth health();

    /** Releases connections and files. Idempotent. */
    @Override
    void close();
}
