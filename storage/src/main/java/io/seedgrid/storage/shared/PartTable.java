package io.seedgrid.storage.shared;

import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One time series kept as immutable Parquet part files in one directory (the bars of a symbol and timeframe, or the
 * signals of a strategy and symbol).
 *
 * <p>Each write publishes one new part holding the rows that were new or changed, every row stamped with the
 * write's version ({@link Versions}). A read lists the parts once and reads exactly those, keeping per key the row
 * with the newest version (latest wins); since parts are immutable and published by atomic rename, every read sees
 * a consistent set of whole writes. When a directory holds {@link #COMPACT_AT} parts or more, the writer merges
 * them into one part (rows keep their own versions, so a concurrent write is never overruled), publishes it, then
 * deletes the merged parts; a reader that loses a part to compaction lists again.
 */
final class PartTable {
    static final String PREFIX = "part-";
    static final String SUFFIX = ".parquet";
    static final int COMPACT_AT = 8;
    private static final int READ_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(PartTable.class);

    /** Receives rows of a read: key then the value columns. */
    interface RowSink {
        void row(long key, double[] values);
    }

    private final Path dir;
    private final String[] idColumns;
    private final String[] idValues;
    private final String keyColumn;
    private final String[] valueColumns;

    PartTable(Path dir, String[] idColumns, String[] idValues, String keyColumn, String... valueColumns) {
        this.dir = dir;
        this.idColumns = idColumns;
        this.idValues = idValues;
        this.keyColumn = keyColumn;
        this.valueColumns = valueColumns;
    }

    Path dir() {
        return dir;
    }

    /** The published parts of this table, in version order; empty when the directory does not exist. */
    List<Path> parts() throws IOException {
        return parts(dir);
    }

    static List<Path> parts(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path p : files) {
                if (Versions.of(p.getFileName().toString(), PREFIX) != null) {
                    out.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    static List<String> versions(Collection<Path> parts) {
        return parts.stream()
                .map(p -> Versions.of(p.getFileName().toString(), PREFIX))
                .toList();
    }

    /** True when some of {@code parts} no longer exist (compacted away since they were listed). */
    static boolean anyGone(Collection<Path> parts) {
        return parts.stream().anyMatch(p -> !Files.exists(p));
    }

    /** The latest row per key with key in {@code [from, to]}, in key order, into {@code sink}. */
    void read(DuckDBConnection c, long from, long to, RowSink sink) throws IOException, SQLException {
        for (int attempt = 1; ; attempt++) {
            List<Path> parts = parts();
            if (parts.isEmpty()) {
                return;
            }
            Buffer buffer = new Buffer(valueColumns.length);
            try {
                read(c, parts, from, to, buffer);
            } catch (SQLException e) {
                if (attempt < READ_ATTEMPTS && anyGone(parts)) {
                    continue; // a compaction replaced some parts: list again
                }
                throw unreadable(c, parts, e);
            }
            buffer.replay(sink);
            return;
        }
    }

    /** Rows held back until a read has fully succeeded, so a retried read never delivers twice. */
    private static final class Buffer implements RowSink {
        private final int width;
        private long[] keys = new long[256];
        private double[] values;
        private int size;

        Buffer(int width) {
            this.width = width;
            this.values = new double[256 * width];
        }

        @Override
        public void row(long key, double[] v) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2 * width);
            }
            keys[size] = key;
            System.arraycopy(v, 0, values, size * width, width);
            size++;
        }

        void replay(RowSink sink) {
            for (int i = 0; i < size; i++) {
                sink.row(keys[i], Arrays.copyOfRange(values, i * width, (i + 1) * width));
            }
        }
    }

    private void read(DuckDBConnection c, List<Path> parts, long from, long to, RowSink sink) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(keyColumn);
        for (String v : valueColumns) {
            sql.append(", ").append(v);
        }
        sql.append(" FROM read_parquet(?, hive_partitioning = false) WHERE ");
        for (String id : idColumns) {
            sql.append(id).append(" = ? AND ");
        }
        sql.append(keyColumn).append(" BETWEEN ? AND ?");
        if (parts.size() > 1) {
            // keys are unique within a part (one write, or a compaction's output), so one part needs no winner
            sql.append(" QUALIFY row_number() OVER (PARTITION BY ")
                    .append(keyColumn)
                    .append(" ORDER BY ver DESC) = 1");
        }
        sql.append(" ORDER BY ").append(keyColumn);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setArray(i++, paths(c, parts));
            for (String value : idValues) {
                ps.setString(i++, value);
            }
            ps.setLong(i++, from);
            ps.setLong(i, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double[] v = new double[valueColumns.length];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = rs.getDouble(j + 2);
                    }
                    sink.row(rs.getLong(1), v);
                }
            }
        }
    }

    static Array paths(DuckDBConnection c, Collection<Path> parts) throws SQLException {
        return c.createArrayOf("VARCHAR", parts.stream().map(Path::toString).toArray());
    }

    /**
     * Upserts rows (keys ascending and unique; {@code columns[j][i]} is value j of row i): publishes one part with the
     * rows that are new or differ from what is stored, or nothing when none do.
     *
     * @return the number of new or changed rows
     */
    int write(DuckDBConnection c, long[] keys, double[][] columns) throws IOException, SQLException {
        int cleaned = Publish.deleteOrphans(dir); // temporaries of writers killed mid-write
        if (cleaned > 0) {
            LOG.info("deleted {} temporary file(s) left in {} by writers that crashed", cleaned, dir);
        }
        int n = keys.length;
        List<Path> parts;
        boolean[] changed = new boolean[n];
        int count;
        for (int attempt = 1; ; attempt++) {
            parts = parts();
            Arrays.fill(changed, true);
            count = n;
            if (parts.isEmpty() || n == 0) {
                break;
            }
            int[] at = {0};
            boolean[] diff = changed;
            int[] same = {0};
            try {
                read(c, parts, keys[0], keys[n - 1], (k, v) -> {
                    int i = at[0];
                    while (i < n && keys[i] < k) {
                        i++;
                    }
                    at[0] = i;
                    if (i < n && keys[i] == k && equal(v, columns, i)) {
                        diff[i] = false;
                        same[0]++;
                    }
                });
            } catch (SQLException e) {
                if (attempt < READ_ATTEMPTS && anyGone(parts)) {
                    continue;
                }
                throw unreadable(c, parts, e);
            }
            count = n - same[0];
            break;
        }
        if (count == 0) {
            return 0;
        }
        String version = Versions.next(versions(parts));
        try (Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE TEMP TABLE part_out (" + columnsDdl() + ")");
        }
        try (DuckDBAppender appender = c.createAppender("temp", "main", "part_out")) {
            for (int i = 0; i < n; i++) {
                if (!changed[i]) {
                    continue;
                }
                appender.beginRow();
                for (String id : idValues) {
                    appender.append(id);
                }
                appender.append(keys[i]);
                for (double[] col : columns) {
                    appender.append(col[i]);
                }
                appender.append(version);
                appender.endRow();
            }
        }
        publish(c, "part_out", PREFIX + version + SUFFIX);
        if (parts.size() + 1 >= COMPACT_AT) {
            compact(c);
        }
        return count;
    }

    private static boolean equal(double[] stored, double[][] columns, int row) {
        for (int j = 0; j < stored.length; j++) {
            double a = stored[j];
            double b = columns[j][row];
            if (!(a == b || (Double.isNaN(a) && Double.isNaN(b)))) {
                return false;
            }
        }
        return true;
    }

    private String columnsDdl() {
        StringBuilder sb = new StringBuilder();
        for (String id : idColumns) {
            sb.append(id).append(" VARCHAR, ");
        }
        sb.append(keyColumn).append(" BIGINT");
        for (String v : valueColumns) {
            sb.append(", ").append(v).append(" DOUBLE");
        }
        return sb.append(", ver VARCHAR").toString();
    }

    /** Writes temp table {@code table} as a Parquet file and publishes it atomically as {@code name}. */
    private void publish(DuckDBConnection c, String table, String name) throws IOException, SQLException {
        Path temp = Publish.temp(dir, SUFFIX);
        try {
            try (Statement st = c.createStatement()) {
                st.execute("COPY (SELECT * FROM " + table + " ORDER BY " + keyColumn + ") TO '"
                        + temp.toString().replace("'", "''") + "' (FORMAT parquet)");
                st.execute("DROP TABLE " + table);
            }
            Publish.commit(temp, name);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Merges all parts into one, keeping the latest row per key with its own version, publishes it, then deletes
     * the merged parts. Best effort: a failure (e.g. a concurrent compaction took the parts first) leaves the parts
     * as they were, which is always correct.
     */
    void compact(DuckDBConnection c) {
        try {
            List<Path> parts = parts();
            if (parts.size() < 2) {
                return;
            }
            List<String> versions = versions(parts);
            String newest = versions.stream().max(String::compareTo).orElseThrow();
            try (Statement st = c.createStatement()) {
                st.execute("CREATE OR REPLACE TEMP TABLE compact_out (" + columnsDdl() + ")");
            }
            StringBuilder partition = new StringBuilder();
            for (String id : idColumns) {
                partition.append(id).append(", ");
            }
            partition.append(keyColumn);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO compact_out SELECT * FROM"
                    + " read_parquet(?, hive_partitioning = false) QUALIFY row_number() OVER (PARTITION BY "
                    + partition + " ORDER BY ver DESC) = 1")) {
                ps.setArray(1, paths(c, parts));
                ps.executeUpdate();
            }
            publish(
                    c,
                    "compact_out",
                    PREFIX + newest + "-c" + Versions.next(List.of()).substring(17) + SUFFIX);
            for (Path p : parts) {
                Files.deleteIfExists(p);
            }
            LOG.debug("compacted {} parts in {}", parts.size(), dir);
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.debug("compaction of {} skipped: {}", dir, e.getMessage());
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS compact_out");
            } catch (SQLException ignored) {
                // nothing more to clean
            }
        }
    }

    /**
     * The failure for a read over {@code parts} that failed for another reason than compaction: probes each part and
     * names the unreadable ones.
     */
    static UnreadablePartsException unreadable(DuckDBConnection c, List<Path> parts, SQLException e) {
        List<String> bad = probe(c, parts);
        return new UnreadablePartsException(bad.isEmpty() ? e.getMessage() : String.join("; ", bad), e);
    }

    /** "file: reason" for each part DuckDB cannot read on its own. */
    static List<String> probe(DuckDBConnection c, List<Path> parts) {
        List<String> bad = new ArrayList<>();
        for (Path p : parts) {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT count(*) FROM read_parquet(?, hive_partitioning = false)")) {
                ps.setString(1, p.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            } catch (SQLException e) {
                if (Files.exists(p)) {
                    bad.add(p + ": " + Texts.messages(e).replaceAll("\\s*[\\r\\n]+\\s*", " "));
                }
            }
        }
        return bad;
    }

    /** Parquet parts that cannot be read, named with their reasons. */
    static final class UnreadablePartsException extends SQLException {
        private static final long serialVersionUID = 1L;

        UnreadablePartsException(String message, Throwable cause) {
            super("unreadable Parquet file(s): " + message, cause);
        }
    }
}
