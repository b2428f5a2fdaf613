/**
 * seedgrid storage: one {@link io.seedgrid.storage.Store} with a role interface per kind of data
 * ({@link io.seedgrid.storage.BarStore}, {@link io.seedgrid.storage.RunStore}, {@link io.seedgrid.storage.SignalStore},
 * {@link io.seedgrid.storage.StrategyStore}, {@link io.seedgrid.storage.ReportStore}), three backends chosen by
 * configuration alone. Each backend implements each role in its own class over one shared connection or directory.
 *
 * <h2>Backends</h2>
 * <ul>
 *   <li>{@code local} (default): one DuckDB file, {@code <home>/seedgrid.duckdb} unless {@code DUCKDB_PATH}.
 *       DuckDB lets one process at a time open it, so the store holds it only while operations run: processes on
 *       one machine take turns, each waiting up to {@code DUCKDB_LOCK_WAIT} (default 30 s) for the others, then
 *       failing with an error that names the holder. Writes are DuckDB transactions.</li>
 *   <li>{@code shared}: a directory, typically on NFS, used by many processes on many machines at once. Bars and
 *       signals are immutable Parquet part files per symbol and timeframe, each write published by atomic rename;
 *       latest wins per time key at read time; partitions are compacted by the writers. Runs, generations, results
 *       and reports are JSON files published the same way. Read through an in-memory DuckDB.</li>
 *   <li>{@code postgres} (alias {@code neon}): PostgreSQL over a HikariCP pool, schema {@code seedgrid} migrated by
 *       Flyway on open, bulk COPY plus {@code ON CONFLICT} upserts, one transaction per write.</li>
 * </ul>
 *
 * <h2>For a command line</h2>
 * <pre>{@code
 * // --storage value (may be null), then env STORAGE_BACKEND, then <home>/seedgrid.properties, then local
 * StorageConfig config = StorageConfig.resolve(storageOption);        // StorageException: print getMessage()
 * try (Store store = Stores.open(config)) {                           // StorageException: unreachable, locked, ...
 *     BarStore bars = store.bars();
 *     IngestResult r = Ingest.csv(bars, file, symbol, Timeframe.parse(tf), trades); // or Ingest.bundled(bars, "AAPL")
 *     System.out.println(r.summary());
 *     for (SymbolSummary s : bars.listSymbols()) { ... }              // data list
 *     Bars read = bars.readBars(symbol, tf, from, to);                // data show (empty Bars when nothing matches)
 * }
 * StoreHealth h = Stores.health(config);                              // health: never throws
 * System.out.println(h.summary());                                    // e.g. "HEALTHY shared 4.1 ms, 9855 bars"
 * }</pre>
 * Errors: {@link io.seedgrid.storage.StorageException} (storage failed: one line, no password, print the message),
 * {@link io.seedgrid.seeds.bars.BarsFormatException} (bad CSV: file, line, problem; nothing stored),
 * {@link java.lang.IllegalArgumentException} (bad argument). Logging is SLF4J; HikariCP logs broken connections with
 * stack traces at WARN, so a CLI may want {@code org.slf4j.simpleLogger.log.com.zaxxer.hikari=error}.
 */
package io.seedgrid.storage;
