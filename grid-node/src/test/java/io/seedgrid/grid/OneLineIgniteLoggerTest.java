package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.IgniteException;
import org.apache.ignite.IgniteLogger;
import org.junit.jupiter.api.Test;

class OneLineIgniteLoggerTest {
    /** What reached the log under Ignite's logger: level, text, and whether a throwable came with it. */
    private static final class Recorded implements IgniteLogger {
        final List<String> lines = new ArrayList<>();
        final boolean debug;

        Recorded(boolean debug) {
            this.debug = debug;
        }

        @Override
        public IgniteLogger getLogger(Object category) {
            return this;
        }

        @Override
        public void trace(String msg) {
            lines.add("TRACE " + msg);
        }

        @Override
        public void debug(String msg) {
            lines.add("DEBUG " + msg);
        }

        @Override
        public void info(String msg) {
            lines.add("INFO " + msg);
        }

        @Override
        public void warning(String msg, Throwable e) {
            lines.add("WARN " + msg + (e == null ? "" : " +stack"));
        }

        @Override
        public void error(String msg, Throwable e) {
            lines.add("ERROR " + msg + (e == null ? "" : " +stack"));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return debug;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isQuiet() {
            return false;
        }

        @Override
        public String fileName() {
            return null;
        }
    }

    private static final Throwable PEER_GONE = new IgniteException(
            "Failed to send message to remote node",
            new IOException("Connection reset\nby peer", new ConnectException("Connection refused")));

    @Test
    void anExceptionIsOneLineWithItsCausesAndTheStackGoesToDebug() {
        Recorded quiet = new Recorded(false);
        new OneLineIgniteLogger(quiet).getLogger("tcp-disco").error("Failed to send receipt on message", PEER_GONE);
        assertEquals(
                List.of("ERROR Failed to send receipt on message: IgniteException: Failed to send message to remote"
                        + " node <- IOException: Connection reset by peer <- ConnectException: Connection refused"),
                quiet.lines);

        Recorded verbose = new Recorded(true);
        new OneLineIgniteLogger(verbose).warning("Failed to reconnect", PEER_GONE);
        assertEquals(2, verbose.lines.size(), verbose.lines.toString());
        assertTrue(verbose.lines.get(0).startsWith("WARN Failed to reconnect: IgniteException"));
        assertFalse(verbose.lines.get(0).contains("+stack"), "no throwable handed on at WARN");
        assertTrue(
                verbose.lines.get(1).startsWith("DEBUG ")
                        && verbose.lines.get(1).contains("\tat "),
                "the stack trace, at DEBUG");
    }

    @Test
    void entriesWithoutExceptionsPassAsTheyAre() {
        Recorded log = new Recorded(true);
        IgniteLogger one = new OneLineIgniteLogger(log);
        one.info("Topology snapshot [ver=2]");
        one.error("Node is out of topology", null);
        one.warning("Queue is full");
        assertEquals(
                List.of("INFO Topology snapshot [ver=2]", "ERROR Node is out of topology", "WARN Queue is full"),
                log.lines);
    }

    @Test
    void aLongOrCyclicChainStaysOneShortLine() {
        IllegalStateException a = new IllegalStateException("x".repeat(500));
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);
        String line = OneLineIgniteLogger.line("m", b);
        assertEquals("m: IllegalStateException: b <- IllegalStateException: " + "x".repeat(200) + "...", line);
        String entry = OneLineIgniteLogger.line("y".repeat(5000), b);
        assertTrue(entry.startsWith("y".repeat(400) + "...: IllegalStateException: b <- "), entry);
        assertTrue(entry.length() < 700, "cut: " + entry.length());
    }
}
