package io.seedgrid.storage.shared;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedgrid.storage.BarStore;
import io.seedgrid.storage.ReportStore;
import io.seedgrid.storage.RunStore;
import io.seedgrid.storage.SignalStore;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.StrategyStore;
import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

/**
 * The shared backend: a directory (e.g. on NFS) that many processes on many machines read and write at once.
 *
 * <pre>
 * root/.seedgrid-shared.json                      format marker
 * root/bars/&lt;symbol&gt;/&lt;timeframe&gt;/part-&lt;version&gt;.parquet  bars, see {@link PartTable}
 * root/signals/&lt;strategy&gt;/&lt;symbol&gt;/part-&lt;version&gt;.parquet
 * root/runs/&lt;run id&gt;/created.json                         the run id's claim, created once
 * root/runs/&lt;run id&gt;/run-&lt;version&gt;.json                 run snapshots, the newest wins
 * root/runs/&lt;run id&gt;/lease-&lt;epoch&gt;.json                 its coordinators' leases, each created once
 * root/runs/&lt;run id&gt;/beat-&lt;epoch&gt;-&lt;version&gt;.json        a lease's beats, the newest wins
 * root/runs/&lt;run id&gt;/gen-&lt;generation&gt;-&lt;version&gt;.json  one per generation, the newest wins
 * root/runs/&lt;run id&gt;/results-&lt;version&gt;.json             the whole top list, the newest wins
 * root/reports/&lt;report id&gt;/report-&lt;version&gt;.json
 * root/strategies/&lt;strategy id&gt;/strategy.json            a registered version and its log entry 1, created once
 * root/strategies/&lt;strategy id&gt;/event-&lt;seq&gt;.json          log entries 2, 3, ..., each created once
 * </pre>
 *
 * Names are encoded by {@link Names}; every file is published atomically by {@link Publish} and never changed
 * afterwards (strategy files are created only if their name is free: {@link Publish#create}); versions come from {@link Versions}. Superseded JSON snapshots are deleted after a newer one is
 * published; readers that lose a file to that list again. Bars and signals are read through an in-memory DuckDB.
 * One role class per kind of data, all on one {@link SharedDir}.
 */
final class SharedStore implements Store {
    static final String BACKEND = "shared";
    static final int FORMAT = 1;
    static final String MARKER = ".seedgrid-shared.json";

    private final Path root;
    private final SharedDir dir;
    private final SharedBarStore bars;
    private final SharedRunStore runs;
    private final SharedSignalStore signals;
    private final SharedStrategyStore strategies;
    private final SharedReportStore reports;
    private final SharedHealth health;

    private SharedStore(Path root, DuckDBConnection engine) {
        this.root = root;
        this.dir = new SharedDir(root, engine);
        this.bars = new SharedBarStore(dir);
        this.runs = new SharedRunStore(dir);
        this.signals = new SharedSignalStore(dir);
        this.strategies = new SharedStrategyStore(dir);
        this.reports = new SharedReportStore(dir);
        this.health = new SharedHealth(dir, bars);
    }

    static SharedStore open(Path root) {
        String text = root.toString();
        if (text.chars().anyMatch(ch -> "*?[]{}".indexOf(ch) >= 0)) {
            throw new StorageException("the shared directory " + root + " contains glob characters (* ? [ ] { }),"
                    + " which the Parquet reader would expand; choose another path");
        }
        try {
            Publish.directories(root);
        } catch (IOException e) {
            throw new StorageException(e.getMessage() + " (the shared directory)", e);
        }
        if (!Files.isDirectory(root)) {
            throw new StorageException("the shared path " + root + " is not a directory");
        }
        checkFormat(root);
        try {
            DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = c.createStatement()) {
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
            }
            return new SharedStore(root, c);
        } catch (SQLException e) {
            throw new StorageException(
                    "cannot start the in-memory DuckDB reader for " + root + ": " + Texts.messages(e), e);
        }
    }

    /** Writes the format marker when missing (skipped when the directory is read-only); refuses newer formats. */
    private static void checkFormat(Path root) {
        Path marker = root.resolve(MARKER);
        ObjectMapper mapper = new ObjectMapper();
        if (Files.isRegularFile(marker)) {
            try {
                int format = mapper.readTree(marker.toFile()).path("format").asInt(0);
                if (format > FORMAT) {
                    throw new StorageException("the shared directory " + root + " has format " + format
                            + ", newer than this seedgrid understands (" + FORMAT + ")");
                }
            } catch (IOException e) {
                throw new StorageException("cannot read " + marker + ": " + e.getMessage(), e);
            }
            return;
        }
        try {
            Publish.write(
                    root,
                    MARKER,
                    ("{\"format\":" + FORMAT + ",\"layout\":\"seedgrid shared storage\"}\n")
                            .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // read-only directory: reads still work, writes will fail with their own message
        }
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public BarStore bars() {
        return bars;
    }

    @Override
    public RunStore runs() {
        return runs;
    }

    @Override
    public SignalStore signals() {
        return signals;
    }

    @Override
    public StrategyStore strategies() {
        return strategies;
    }

    @Override
    public ReportStore reports() {
        return reports;
    }

    /**
     * Lists every bar part and reads every Parquet footer (one query): a real round trip to each file that costs
     * per file, not per row; see {@link SharedHealth}.
     */
    @Override
    public StoreHealth health() {
        return health.health();
    }

    @Override
    public void close() {
        dir.close();
    }
}
