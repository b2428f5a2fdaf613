package io.seedgrid.storage.shared;

import io.seedgrid.storage.internal.Dirs;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Atomic publication of immutable files: write under a hidden temporary name in the target directory, flush it to
 * disk, then rename it to its final name (an atomic rename within one directory on POSIX file systems and NFS). A
 * reader lists only final names, so it never sees a partial file; a crashed writer leaves only a hidden temporary.
 *
 * <p>A temporary's name says who writes it: {@code .tmp-<uuid>.<pid>-<host>.<suffix>}, the host as a hash of its
 * name. A temporary is an {@linkplain #orphans orphan} when its writer is on this host and its process is gone
 * (killed mid-write), or, for writers elsewhere (or of names without an owner), when it is older than
 * {@link #ORPHAN_AGE}; orphans are deleted by the next write to their directory. A live writer's temporary is
 * never one.
 */
final class Publish {
    static final String TEMP_PREFIX = ".tmp-";
    /** Temporaries whose writer cannot be asked (another host) count as orphans after this long. */
    static final Duration ORPHAN_AGE = Duration.ofHours(1);

    private static final String HOST = hostId();
    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern OWNED = Pattern.compile(Pattern.quote(TEMP_PREFIX)
            + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(\\d{1,18})-([0-9a-f]{12})\\..*");

    private Publish() {}

    /** A fresh temporary path in {@code dir}, named for this process (the directory is created if missing). */
    static Path temp(Path dir, String suffix) throws IOException {
        directories(dir);
        return dir.resolve(TEMP_PREFIX + UUID.randomUUID() + "." + PID + "-" + HOST + suffix);
    }

    /** A temporary left by a writer that crashed: the file and when it was last written. */
    record Orphan(Path file, Instant modified) {}

    /** The orphaned temporaries in {@code dir} (see the class comment), judged at {@code now}; none when it is missing. */
    static List<Orphan> orphans(Path dir, Instant now) throws IOException {
        List<Orphan> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path p : files) {
                try {
                    Instant modified = Files.getLastModifiedTime(p).toInstant();
                    if (Duration.between(modified, now).compareTo(ORPHAN_AGE) >= 0
                            || writerGone(p.getFileName().toString())) {
                        out.add(new Orphan(p, modified));
                    }
                } catch (NoSuchFileException gone) {
                    // published or cleaned meanwhile
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort(Comparator.comparing(Orphan::modified).thenComparing(Orphan::file));
        return out;
    }

    /** Deletes the orphaned temporaries of {@code dir} (best effort); returns how many it deleted. */
    static int deleteOrphans(Path dir) throws IOException {
        int deleted = 0;
        for (Orphan o : orphans(dir, Instant.now())) {
            try {
                deleted += Files.deleteIfExists(o.file()) ? 1 : 0;
            } catch (IOException ignored) {
                // another process got there first, or the file system refuses: the next write tries again
            }
        }
        return deleted;
    }

    /** True when the temporary's name says it is written by a process of this host that no longer runs. */
    private static boolean writerGone(String name) {
        Matcher m = OWNED.matcher(name);
        if (!m.matches() || !m.group(2).equals(HOST)) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    /**
     * This host, as the first 12 hex digits of the SHA-256 of its name (file-name safe, fixed length); a random id
     * when the name is unknown, so that this process's temporaries are judged by age only.
     */
    private static String hostId() {
        String name = "";
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(); // Linux: no name service call
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        if (name.isEmpty()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                name = "unknown " + UUID.randomUUID();
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flushes {@code temp} and renames it atomically to {@code finalName} in the same directory. */
    static Path commit(Path temp, String finalName) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = temp.resolveSibling(finalName);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(temp.getParent());
        return target;
    }

    /** Writes {@code bytes} as {@code dir/finalName}, atomically. */
    static Path write(Path dir, String finalName, byte[] bytes) throws IOException {
        Path temp = temp(dir, ".part");
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return commit(temp, finalName);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes {@code bytes} as {@code dir/finalName} only if no file has that name yet: the compare-and-set of the
     * shared directory. The file is complete before its name appears (a hard link to a flushed temporary, which
     * fails atomically when the name is taken); where the file system has no hard links, a move that refuses to
     * replace is used instead (atomic on local file systems, not across NFS clients).
     *
     * @return true when this call created the file, false when the name was taken
     */
    static boolean create(Path dir, String finalName, byte[] bytes) throws IOException {
        Path temp = temp(dir, ".part");
        Path target = dir.resolve(finalName);
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException) {
                    return false;
                }
                try {
                    Files.move(temp, target); // no REPLACE_EXISTING: refuses an existing name
                } catch (FileAlreadyExistsException taken) {
                    return false;
                }
            }
            syncDirectory(dir);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates {@code dir} and its parents, with an error naming the directory. */
    static void directories(Path dir) throws IOException {
        Dirs.create(dir);
    }

    /** Makes the rename durable where the platform allows opening a directory; elsewhere a no-op. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not supported on this platform or file system: the rename itself is still atomic
        }
    }
}
