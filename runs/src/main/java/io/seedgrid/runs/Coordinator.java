package io.seedgrid.runs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A coordinator of runs (an {@code evolve} command, a service): the owner a run's lease names, as
 * {@code pid@host/startMillis/nonce}. The nonce tells apart coordinators of one process; pid, host and start time
 * let a coordinator on the same machine tell at once that another one's process has died (no wait for its lease to
 * go stale).
 *
 * @param host          the machine's name (no '@' or '/')
 * @param pid           the process id
 * @param startedMillis when the process started (epoch ms), 0 when unknown
 * @param nonce         random hex telling apart coordinators within one process
 */
public record Coordinator(String host, long pid, long startedMillis, String nonce) {
    private static final Pattern OWNER = Pattern.compile("(\\d+)@([^@/]+)/(\\d+)/([0-9a-f]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HOST = localHost();

    public Coordinator {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(nonce, "nonce");
        if (host.isEmpty() || host.length() > 100 || host.contains("@") || host.contains("/")) {
            throw new IllegalArgumentException(
                    "host must be 1 to 100 characters without '@' or '/' but was '" + host + "'");
        }
        if (!nonce.matches("[0-9a-f]{1,32}")) {
            throw new IllegalArgumentException("nonce must be 1 to 32 lower-case hex digits but was '" + nonce + "'");
        }
    }

    /** A new coordinator in this process (a fresh nonce each call). */
    public static Coordinator inThisProcess() {
        ProcessHandle self = ProcessHandle.current();
        byte[] nonce = new byte[6];
        RANDOM.nextBytes(nonce);
        return new Coordinator(
                HOST, self.pid(), startMillis(self), HexFormat.of().formatHex(nonce));
    }

    /** What a lease records as its owner. */
    public String id() {
        return pid + "@" + host + "/" + startedMillis + "/" + nonce;
    }

    /** The coordinator a lease's owner names; empty when it is not one this class wrote. */
    public static Optional<Coordinator> parse(String owner) {
        Matcher m = OWNER.matcher(owner);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new Coordinator(m.group(2), Long.parseLong(m.group(1)), Long.parseLong(m.group(3)), m.group(4)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this coordinator's process is known to have ended: it ran on this machine and no process with its pid
     * that started when it did is alive. False for coordinators on other machines (their lease decides).
     */
    public boolean knownGone() {
        if (!host.equals(HOST)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        long started = startMillis(process.get());
        return startedMillis != 0 && started != 0 && started != startedMillis; // the pid was reused
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static String localHost() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "localhost";
        }
        name = name.replaceAll("[@/\\s]", "_");
        return name.isEmpty() ? "localhost" : name.substring(0, Math.min(100, name.length()));
    }
}
