package io.seedgrid.grid;

import io.seedgrid.evolution.fitness.FitnessFunction;
import io.seedgrid.seeds.Seeds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The build a node computes fitness with: {@code <version>+<hash>}, where the hash is SHA-256 (first 12 bytes, hex)
 * over every class and resource of the seeds, evolution and grid-node modules (path, size and bytes, sorted by path),
 * read from wherever those modules were loaded (jars or class directories). Every setting that decides fitness and
 * does not travel with the run (trade penalty, fills, indicator code, ML seeds) is in those bytes; javac output is
 * deterministic, so two builds of the same sources agree and a build with one constant changed does not.
 *
 * <p>Nodes carry it as the node attribute {@link NodeConfig#ATTR_FINGERPRINT}; the cluster refuses a node or client
 * whose fingerprint differs ({@link FingerprintCheck}) and coordinators send jobs only to nodes with their own.
 * Third-party jars (ta4j, the ML libraries) are not hashed: the parent pom pins their versions, and the version
 * part of the fingerprint names the pom.
 */
public final class BuildFingerprint {
    /** The module prefixes hashed: the code that decides a genome's fitness on a node. */
    private static final List<String> PACKAGES =
            List.of("io/seedgrid/seeds/", "io/seedgrid/evolution/", "io/seedgrid/grid/");

    private static final String VERSION_RESOURCE = "/io/seedgrid/grid/build.properties";
    private static final int HASH_BYTES = 12;

    private BuildFingerprint() {}

    /** This JVM's fingerprint, computed once. */
    public static String local() {
        return Local.FINGERPRINT;
    }

    /** The fingerprint of the module code found under {@code roots} (class directories or jars), for {@code version}. */
    static String of(String version, List<Path> roots) {
        Map<String, byte[]> entries = new TreeMap<>();
        for (Path root : new LinkedHashSet<>(roots)) {
            read(root, entries);
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException("no seedgrid classes found under " + roots + " to fingerprint");
        }
        MessageDigest sha = sha256();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
            sha.update(path);
            sha.update((byte) 0);
            sha.update(longBytes(e.getValue().length));
            sha.update(e.getValue());
        }
        byte[] hash = sha.digest();
        return version + "+" + HexFormat.of().formatHex(hash, 0, HASH_BYTES);
    }

    /** Where this JVM loaded the seeds, evolution and grid-node modules from (one root each; a fat jar once). */
    static List<Path> moduleRoots() {
        Set<Path> roots = new LinkedHashSet<>();
        for (Class<?> module : List.of(Seeds.class, FitnessFunction.class, BuildFingerprint.class)) {
            CodeSource source = module.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException(
                        "cannot fingerprint this build: " + module.getName() + " was loaded from no file");
            }
            try {
                roots.add(Path.of(source.getLocation().toURI()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalStateException(
                        "cannot fingerprint this build: " + module.getName() + " was loaded from "
                                + source.getLocation(),
                        e);
            }
        }
        return new ArrayList<>(roots);
    }

    /** The project version the build wrote into grid-node's resources, or {@code unknown}. */
    static String version() {
        try (InputStream in = BuildFingerprint.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSION_RESOURCE, e);
        }
    }

    private static void read(Path root, Map<String, byte[]> entries) {
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String name = root.relativize(file).toString().replace('\\', '/');
                        if (hashed(name)) {
                            entries.put(name, Files.readAllBytes(file));
                        }
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(root.toFile())) {
                    for (ZipEntry entry : jar.stream()
                            .filter(e -> !e.isDirectory() && hashed(e.getName()))
                            .toList()) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            entries.put(entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + " to fingerprint this build: " + e.getMessage(), e);
        }
    }

    private static boolean hashed(String name) {
        return PACKAGES.stream().anyMatch(name::startsWith);
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Lazy holder: hashed on first use, once per JVM. */
    private static final class Local {
        static final String FINGERPRINT = of(version(), moduleRoots());
    }
}
