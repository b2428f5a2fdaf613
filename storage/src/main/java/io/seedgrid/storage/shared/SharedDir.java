package io.seedgrid.storage.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;

/**
 * The shared directory the roles of a {@link SharedStore} share: its root, the in-memory DuckDB that reads its
 * Parquet parts (one caller at a time), and the versioned JSON snapshots (publish newest, delete older, read newest).
 */
final class SharedDir {
    /** Reads that lose a file to a concurrent writer list again, this many times in all. */
    static final int JSON_ATTEMPTS = 8;

    private final Path root;
    private final DuckDBConnection engine;
    private final ReentrantLock lock = new ReentrantLock();
    private final ObjectMapper json = JsonMapper.builder().build();

    SharedDir(Path root, DuckDBConnection engine) {
        this.root = root;
        this.engine = engine;
    }

    Path root() {
        return root;
    }

    /** The reader engine; use it inside {@link #withEngine} only. */
    DuckDBConnection engine() {
        return engine;
    }

    /** Serialises use of the engine. */
    ReentrantLock lock() {
        return lock;
    }

    ObjectMapper json() {
        return json;
    }

    static List<Path> children(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(
                dir, p -> !p.getFileName().toString().startsWith(".") && Files.isDirectory(p))) {
            s.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    /** Files {@code prefix<version>....json} in {@code dir}, in version order (the prefix may hold more). */
    static List<Path> versioned(Path dir, String prefix) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + "*.json")) {
            s.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        }
        out.removeIf(p -> version(p, prefix) == null);
        out.sort(Comparator.comparing(p -> version(p, prefix)));
        return out;
    }

    /** The version a file carries after the fixed part of {@code prefix} (generation files: after "gen-N-"). */
    private static String version(Path p, String prefix) {
        String name = p.getFileName().toString();
        if (prefix.equals("gen-")) {
            return name.length() > 15 ? Versions.of(name, name.substring(0, 15)) : null;
        }
        return Versions.of(name, prefix);
    }

    /** The newest {@code prefix} file of {@code dir}, parsed; retries when a newer writer deleted it meanwhile. */
    Optional<JsonNode> latest(Path dir, String prefix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<Path> files = versioned(dir, prefix);
            if (files.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(read(files.get(files.size() - 1)));
            } catch (NoSuchFileException e) {
                if (attempt == JSON_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    JsonNode read(Path file) throws IOException {
        try {
            return json.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IOException("unreadable JSON file " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Publishes {@code node} as {@code dir/<prefix><version><suffix>.json} with a version newer than every file of
     * that prefix, then deletes the older ones (best effort).
     */
    void publishReplacing(Path dir, String prefix, String suffix, JsonNode node) throws IOException {
        Publish.deleteOrphans(dir); // temporaries of writers killed mid-write
        List<Path> older = versioned(dir, prefix);
        String version =
                Versions.next(older.stream().map(p -> version(p, prefix)).toList());
        Publish.write(dir, prefix + version + suffix + ".json", json.writeValueAsBytes(node));
        for (Path p : older) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // another writer is tidying the same files
            }
        }
    }

    static void putDouble(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value)); // NaN, Infinity, -Infinity as text: JSON has no such numbers
        }
    }

    static double getDouble(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException, SQLException;
    }

    /** Work on the DuckDB engine (one caller at a time). */
    <T> T withEngine(String what, Work<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (IOException | SQLException e) {
            throw failure(what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Work on JSON files only. */
    <T> T withFiles(String what, Work<T> work) {
        try {
            return work.run();
        } catch (IOException | SQLException e) {
            throw failure(what, e);
        }
    }

    private StorageException failure(String what, Exception e) {
        return new StorageException(
                "cannot " + what + " in the shared directory " + root + ": " + Texts.messages(e), e);
    }

    void close() {
        lock.lock();
        try {
            engine.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close the DuckDB reader of " + root + ": " + Texts.messages(e), e);
        } finally {
            lock.unlock();
        }
    }
}
