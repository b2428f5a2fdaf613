package io.seedgrid.storage.duckdb;

import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.internal.JdbcDatabase;
import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DuckDB file the local store's roles share, held only while it is being used.
 *
 * <p>DuckDB lets one process at a time open a file, so a store that kept its connection for its whole life would
 * lock every other process out while, say, the service or a signal follow runs. Here an operation opens the file
 * when no connection is open, retrying with backoff while another process holds it, for up to the lock wait; then
 * it fails naming that process. The connection stays open while operations keep coming, so a burst of them pays
 * for one open, and is closed once idle for {@link #LINGER}.
 *
 * <p>Processes that wait say so with a marker file beside the database ({@code <file>.waiting-<pid>}, removed once
 * they get in or give up). A holder that sees one, once it has held the file for a {@link #TURN}, closes it after
 * the operation in hand and lets the waiter in before it opens again (for up to {@link #YIELD}), so processes that
 * are all busy take turns rather than one of them waiting out the lock wait; a process alone never pays for this.
 * Calls of one store are serialised.
 */
final class DuckDbFile extends JdbcDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbFile.class);
    /** Idle time after which the file is released. */
    static final Duration LINGER = Duration.ofMillis(100);
    /** Least time the file is held before it is released to a waiting process. */
    static final Duration TURN = Duration.ofMillis(100);
    /** Longest pause before reopening, while a process this one released the file to has not got in yet. */
    static final Duration YIELD = Duration.ofMillis(500);

    private static final String WAITING = ".waiting-";
    private static final long FIRST_BACKOFF_MILLIS = 5;
    private static final long MAX_BACKOFF_MILLIS = 50;
    private static final Pattern HOLDER = Pattern.compile("\\(PID (\\d+)\\)");
    private static final Set<String> JVM_OPTIONS_WITH_VALUE = Set.of(
            "-cp",
            "-classpath",
            "--class-path",
            "-p",
            "--module-path",
            "--add-opens",
            "--add-exports",
            "--add-reads",
            "--add-modules",
            "--enable-native-access");
    private static final ScheduledExecutorService RELEASER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "seedgrid-duckdb-release");
        t.setDaemon(true);
        return t;
    });

    private final Path file;
    private final Path marker;
    private final Duration lockWait;
    private final long lingerNanos;
    private final long turnNanos;
    private final Properties properties = new Properties();
    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock:
    private DuckDBConnection connection;
    private long openedAt;
    private long lastUsed;
    private boolean yielding;
    private ScheduledFuture<?> release;
    private boolean closed;

    DuckDbFile(Path file, Duration lockWait, Duration linger, Duration turn) {
        this.file = file;
        this.marker = file.resolveSibling(
                file.getFileName() + WAITING + ProcessHandle.current().pid());
        this.lockWait = lockWait;
        this.lingerNanos = linger.toNanos();
        this.turnNanos = turn.toNanos();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
    }

    @Override
    protected <T> T withConnection(boolean write, SqlWork<T> work) throws SQLException {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the DuckDB file " + file + " is closed");
            }
            DuckDBConnection c = connection();
            boolean ok = false;
            try {
                T result = write ? inTransaction(c, work) : work.apply(c);
                ok = true;
                return result;
            } finally {
                lastUsed = System.nanoTime();
                if (!ok || lingerNanos == 0) {
                    release(); // a failed operation starts the next one on a fresh connection
                } else if (lastUsed - openedAt >= turnNanos && othersWaiting()) {
                    release();
                    yielding = true;
                } else if (release == null) {
                    release = RELEASER.schedule(this::releaseIfIdle, lingerNanos, TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The open connection, or a new one once the file is free (waiting for it up to the lock wait). */
    private DuckDBConnection connection() {
        if (connection != null) {
            return connection;
        }
        long start = System.nanoTime();
        boolean marked = false;
        try {
            if (yielding) { // let in the process this one released the file to
                yielding = false;
                while (othersWaiting() && System.nanoTime() - start < YIELD.toNanos()) {
                    TimeUnit.MILLISECONDS.sleep(FIRST_BACKOFF_MILLIS);
                }
            }
            long deadline = System.nanoTime() + lockWait.toNanos();
            long backoff = FIRST_BACKOFF_MILLIS;
            while (true) {
                try {
                    connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, properties);
                    openedAt = System.nanoTime();
                    return connection;
                } catch (SQLException e) {
                    String m = Texts.messages(e);
                    if (!m.contains("Could not set lock")) {
                        throw new StorageException("cannot open the DuckDB file " + file + ": " + m, e);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw heldTooLong(m, System.nanoTime() - start, e);
                    }
                    marked = marked || mark();
                    long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                    TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.MILLISECONDS.toNanos(jittered), left));
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the DuckDB file " + file, e);
        } finally {
            if (marked) {
                unmark();
            }
        }
    }

    /** Says this process waits for the file; true when the marker is there (best effort: false if not writable). */
    private boolean mark() {
        try {
            Files.writeString(marker, "");
            return true;
        } catch (IOException e) {
            return false; // then holders do not know; this process still gets in when they go idle
        }
    }

    private void unmark() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", marker, e.getMessage());
        }
    }

    /** Whether another live process has said it waits for the file; removes the markers of dead ones. */
    private boolean othersWaiting() {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + WAITING;
        boolean waiting = false;
        try (DirectoryStream<Path> markers =
                Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : markers) {
                String pid = p.getFileName().toString().substring(prefix.length());
                if (p.equals(marker) || !pid.chars().allMatch(Character::isDigit) || pid.isEmpty()) {
                    continue;
                }
                if (ProcessHandle.of(Long.parseLong(pid))
                        .map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    waiting = true;
                } else {
                    Files.deleteIfExists(p); // left by a process that died waiting
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot look for processes waiting for {}: {}", file, Texts.messages(e));
        }
        return waiting;
    }

    private StorageException heldTooLong(String message, long waitedNanos, SQLException e) {
        Matcher pid = HOLDER.matcher(message);
        String holder = pid.find() ? " (" + holder(Long.parseLong(pid.group(1))) + ")" : "";
        return new StorageException(
                String.format(
                        Locale.ROOT,
                        "the DuckDB file %s is in use by another process%s,"
                                + " still after waiting %.1f s; the local backend lets processes take turns one operation at a time,"
                                + " and that one held the file longer: wait for it or stop it, raise %s (now %s), or use the shared"
                                + " or postgres backend to share data between processes",
                        file,
                        holder,
                        waitedNanos / 1e9,
                        "DUCKDB_LOCK_WAIT",
                        lockWait.toMillis() + " ms"),
                e);
    }

    /** "PID 123: io.seedgrid.cli.SeedgridCommand serve" (the JVM's options left out), or just the PID. */
    static String holder(long pid) {
        String what = ProcessHandle.of(pid)
                .map(h -> {
                    ProcessHandle.Info info = h.info();
                    String command = info.command().orElse("");
                    String[] args = info.arguments().orElse(null);
                    if (args == null) { // not given for long command lines: split the whole one (paths with spaces
                        // aside)
                        String[] words =
                                info.commandLine().orElse(command).strip().split("\\s+");
                        command = words[0];
                        args = Arrays.copyOfRange(words, 1, words.length);
                    }
                    if (!Path.of(command.isEmpty() ? "x" : command)
                            .getFileName()
                            .toString()
                            .startsWith("java")) {
                        return String.join(" ", command, String.join(" ", args)).strip();
                    }
                    List<String> rest = new ArrayList<>();
                    boolean main = false;
                    for (int i = 0; i < args.length; i++) {
                        if (main) {
                            rest.add(args[i]);
                        } else if (args[i].equals("-jar")) {
                            main = true;
                            rest.add("-jar");
                        } else if (JVM_OPTIONS_WITH_VALUE.contains(args[i])) {
                            i++;
                        } else if (!args[i].startsWith("-")) {
                            main = true;
                            rest.add(args[i]);
                        }
                    }
                    return rest.isEmpty() ? command : String.join(" ", rest);
                })
                .orElse("");
        if (what.length() > 160) {
            what = what.substring(0, 160) + "...";
        }
        return "PID " + pid + (what.isBlank() ? "" : ": " + what);
    }

    /** Closes the connection once it has been idle for the linger (run by the release thread). */
    private void releaseIfIdle() {
        if (!lock.tryLock()) { // in use: look again later (release stays set, so no other look is scheduled)
            RELEASER.schedule(this::releaseIfIdle, lingerNanos, TimeUnit.NANOSECONDS);
            return;
        }
        try {
            release = null;
            long idle = System.nanoTime() - lastUsed;
            if (connection == null) {
                return;
            }
            if (idle >= lingerNanos) {
                release();
            } else {
                release = RELEASER.schedule(this::releaseIfIdle, lingerNanos - idle, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection, if any, which lets other processes open the file. */
    private void release() {
        if (release != null) {
            release.cancel(false);
            release = null;
        }
        if (connection != null) {
            DuckDBConnection c = connection;
            connection = null;
            try {
                c.close();
            } catch (SQLException e) { // what it wrote is committed; the next open starts afresh
                LOG.warn("closing the DuckDB file {}: {}", file, Texts.messages(e));
            }
        }
    }

    @Override
    protected void stage(Connection c, String table, Rows rows) throws SQLException {
        try (DuckDBAppender appender = ((DuckDBConnection) c).createAppender("temp", "main", table)) {
            double[][] cols = rows.columns();
            long[] keys = rows.keys();
            for (int i = 0; i < keys.length; i++) {
                appender.beginRow();
                appender.append(keys[i]);
                for (double[] col : cols) {
                    appender.append(col[i]);
                }
                appender.endRow();
            }
        }
    }

    @Override
    protected StorageException failure(String what, SQLException e) {
        return new StorageException("cannot " + what + " in the DuckDB file " + file + ": " + Texts.messages(e), e);
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            release();
        } finally {
            lock.unlock();
        }
    }
}
