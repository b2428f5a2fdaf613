package io.seedgrid.service;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What is written to System.err (where slf4j-simple logs) while open, still passed on to the real one. */
final class CapturedErr implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private CapturedErr() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    static CapturedErr start() {
        return new CapturedErr();
    }

    List<String> lines() {
        return copy.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Lines of stack traces ("\tat ...", "Caused by: ..."). */
    List<String> stackTraceLines() {
        return lines().stream()
                .filter(l -> l.matches("\\s+at .*|Caused by: .*|\\s+\\.\\.\\. \\d+ more"))
                .toList();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
