package io.seedgrid.storage.shared;

import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.internal.Dirs;
import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The health of a shared directory: every bar file's footer read, unreadable files named, a write probe. */
final class SharedHealth {
    private final SharedDir shared;
    private final SharedBarStore bars;

    SharedHealth(SharedDir shared, SharedBarStore bars) {
        this.shared = shared;
        this.bars = bars;
    }

    /**
     * Lists every bar part and reads every Parquet footer (one query): a real round trip to each file that costs
     * per file, not per row. A partition with one part counts its footer's rows (keys are unique within a part);
     * only partitions with uncompacted parts count distinct keys. Unreadable files are named and make the store
     * DEGRADED (UNHEALTHY when no bar file is readable); so does a directory that refuses new files.
     */
    StoreHealth health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("directory", shared.root().toString());
        long start = System.nanoTime();
        if (!Files.isDirectory(shared.root())) {
            return StoreHealth.unhealthy(
                    SharedStore.BACKEND,
                    (System.nanoTime() - start) / 1e6,
                    "shared directory " + shared.root() + " is missing or not a directory",
                    details);
        }
        shared.lock().lock();
        try {
            for (int attempt = 1; ; attempt++) {
                Map<Path, List<Path>> partitions = new TreeMap<>();
                for (Path part : bars.allBarParts()) {
                    partitions
                            .computeIfAbsent(part.getParent(), k -> new ArrayList<>())
                            .add(part);
                }
                List<Path> parts =
                        partitions.values().stream().flatMap(List::stream).toList();
                Map<Path, Long> rows = new HashMap<>();
                List<String> bad = new ArrayList<>();
                try {
                    footers(parts, rows);
                } catch (SQLException e) {
                    if (attempt < SharedDir.JSON_ATTEMPTS && PartTable.anyGone(parts)) {
                        continue; // compaction replaced parts meanwhile
                    }
                    for (Path p : parts) { // find the culprits, one footer at a time
                        try {
                            footers(List.of(p), rows);
                        } catch (SQLException one) {
                            if (Files.exists(p)) {
                                bad.add(p + ": " + Texts.messages(one));
                            }
                        }
                    }
                }
                long count = 0;
                for (List<Path> partition : partitions.values()) {
                    List<Path> good =
                            partition.stream().filter(rows::containsKey).toList();
                    count += good.size() == 1 ? rows.get(good.get(0)) : good.isEmpty() ? 0 : distinctKeys(good);
                }
                double latency = (System.nanoTime() - start) / 1e6;
                details.put("partitions", String.valueOf(partitions.size()));
                details.put("bar files", String.valueOf(parts.size()));
                if (!bad.isEmpty() && bad.size() == parts.size()) {
                    return StoreHealth.unhealthy(
                            SharedStore.BACKEND,
                            latency,
                            "no readable bar file; unreadable Parquet file(s): " + String.join("; ", bad),
                            details);
                }
                List<String> problems = new ArrayList<>();
                if (!bad.isEmpty()) {
                    problems.add("unreadable Parquet file(s): " + String.join("; ", bad));
                    details.put("unreadable files", String.valueOf(bad.size()));
                }
                String notWritable = writeProbe();
                if (notWritable != null) {
                    problems.add(notWritable);
                }
                List<String> warnings = orphanWarnings(details);
                return StoreHealth.answered(
                        SharedStore.BACKEND,
                        latency,
                        count,
                        problems.isEmpty() ? null : String.join("; ", problems),
                        details,
                        warnings);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            return StoreHealth.unhealthy(
                    SharedStore.BACKEND,
                    (System.nanoTime() - start) / 1e6,
                    "shared directory " + shared.root() + " does not answer: " + Texts.messages(e),
                    details);
        } finally {
            shared.lock().unlock();
        }
    }

    /** The directory of every series: {@code root/bars/<symbol>/<timeframe>} and {@code root/signals/<strategy>/<symbol>}. */
    private List<Path> seriesDirs() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String kind : new String[] {"bars", "signals"}) {
            for (Path outer : SharedDir.children(shared.root().resolve(kind))) {
                out.addAll(SharedDir.children(outer));
            }
        }
        return out;
    }

    /**
     * A warning when series directories hold temporaries of writers that crashed (see {@link Publish#orphans}):
     * harmless to readers, deleted by the next write to their series, worth knowing about until then.
     */
    private List<String> orphanWarnings(Map<String, String> details) throws IOException {
        List<Publish.Orphan> orphans = new ArrayList<>();
        Instant now = Instant.now();
        for (Path dir : seriesDirs()) {
            orphans.addAll(Publish.orphans(dir, now));
        }
        if (orphans.isEmpty()) {
            return List.of();
        }
        details.put("orphan temporary files", String.valueOf(orphans.size()));
        Publish.Orphan oldest = orphans.stream()
                .min(Comparator.comparing(Publish.Orphan::modified))
                .orElseThrow();
        return List.of(orphans.size() + " temporary file(s) left by writers that crashed mid-write (the oldest "
                + oldest.file() + ", last written " + oldest.modified().truncatedTo(ChronoUnit.SECONDS)
                + "); the next write to their series deletes them");
    }

    /** Reads the footers of {@code parts} into {@code rows} (file -> row count); fails if any footer is unreadable. */
    private void footers(List<Path> parts, Map<Path, Long> rows) throws SQLException {
        if (parts.isEmpty()) {
            try (Statement st = shared.engine().createStatement();
                    ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next(); // still a round trip through the engine
            }
            return;
        }
        try (PreparedStatement ps =
                shared.engine().prepareStatement("SELECT file_name, num_rows FROM parquet_file_metadata(?)")) {
            ps.setArray(1, PartTable.paths(shared.engine(), parts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(Path.of(rs.getString(1)), rs.getLong(2));
                }
            }
        }
    }

    private long distinctKeys(List<Path> parts) throws SQLException {
        try (PreparedStatement ps = shared.engine()
                .prepareStatement("SELECT count(*) FROM (SELECT DISTINCT symbol, timeframe,"
                        + " end_ms FROM read_parquet(?, hive_partitioning = false))")) {
            ps.setArray(1, PartTable.paths(shared.engine(), parts));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Null when a file can be created (and removed) in the directory, else the problem. */
    private String writeProbe() {
        try {
            Path probe = Files.createTempFile(shared.root(), ".health-", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException e) {
            return "shared directory " + shared.root() + " is not writable (" + Dirs.reason(e) + ")";
        } catch (RuntimeException e) {
            return "shared directory " + shared.root() + " is not writable (" + Texts.messages(e) + ")";
        }
    }
}
