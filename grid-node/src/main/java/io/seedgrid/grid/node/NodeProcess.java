package io.seedgrid.grid.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A grid node in a separate JVM on this machine ({@link NodeMain}, same java, same classpath, the Ignite JVM flags of
 * this JVM): what benchmarks and tests use to make real multi-process clusters. Destroyed when this JVM exits, if
 * not before.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final String name;
    private final Path log;
    private final Thread reaper;

    private NodeProcess(Process process, String name, Path log) {
        this.process = process;
        this.name = name;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, "seedgrid-node-reaper-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code NodeMain} with {@code nodeArgs} (which should include {@code --name}) and heap {@code heap}
     * (e.g. {@code 512m}); its output goes to {@code log}.
     */
    public static NodeProcess start(String name, List<String> nodeArgs, String heap, Path log) {
        return start(name, nodeArgs, heap, log, System.getProperty("java.class.path"));
    }

    /** As {@link #start(String, List, String, Path)}, on another class path (e.g. a node of another build). */
    public static NodeProcess start(String name, List<String> nodeArgs, String heap, Path log, String classPath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(igniteJvmFlags());
        command.add("-cp");
        command.add(classPath);
        command.add(NodeMain.class.getName());
        command.add("--name");
        command.add(name);
        command.addAll(nodeArgs);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            return new NodeProcess(p, name, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node process " + name + ": " + e.getMessage(), e);
        }
    }

    /** The flags this JVM was started with that every Ignite JVM needs (module opens, native access, Ignite/SLF4J properties). */
    public static List<String> igniteJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")
                        || a.startsWith("--add-exports")
                        || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc-unsafe-memory-access")
                        || a.startsWith("-DIGNITE_")
                        || a.startsWith("-Dorg.slf4j.simpleLogger"))
                .toList();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits at most {@code seconds} for the process to end; its exit status, or empty if it still runs. */
    public OptionalInt awaitExit(int seconds) {
        return waitFor(seconds) ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    public Path log() {
        return log;
    }

    /** kill -9: the node vanishes without leaving the cluster. */
    public void kill() {
        process.destroyForcibly();
        waitFor(10);
    }

    /** SIGTERM: the node's shutdown hook leaves the cluster; forced after 15 s. */
    public void stop() {
        process.destroy();
        if (!waitFor(15)) {
            kill();
        }
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException ignored) {
            // JVM shutting down: the hook runs anyway
        }
    }
}
