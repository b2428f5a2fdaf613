package io.seedgrid.grid;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import org.apache.ignite.IgniteLogger;

/**
 * Ignite's log with each exception on one line. When a peer dies or a join is refused, Ignite logs ERROR and WARN
 * entries with whole stack traces, several per event, around the one line seedgrid writes itself; here such an entry
 * is its message and the exception's causes on one line, and the stack trace goes to DEBUG.
 */
final class OneLineIgniteLogger implements IgniteLogger {
    private static final int MAX_CAUSES = 5;
    private static final int MAX_MESSAGE = 200;
    /** Ignite's own text of an entry can dump a whole message object (thousands of characters) before the exception. */
    private static final int MAX_ENTRY = 400;

    private final IgniteLogger delegate;

    OneLineIgniteLogger(IgniteLogger delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public IgniteLogger getLogger(Object category) {
        return new OneLineIgniteLogger(delegate.getLogger(category));
    }

    @Override
    public void trace(String msg) {
        delegate.trace(msg);
    }

    @Override
    public void debug(String msg) {
        delegate.debug(msg);
    }

    @Override
    public void info(String msg) {
        delegate.info(msg);
    }

    @Override
    public void warning(String msg, Throwable e) {
        if (e == null) {
            delegate.warning(msg, null);
        } else {
            delegate.warning(line(msg, e), null);
            stackAtDebug(e);
        }
    }

    @Override
    public void warning(String marker, String msg, Throwable e) {
        warning(msg, e);
    }

    @Override
    public void error(String msg, Throwable e) {
        if (e == null) {
            delegate.error(msg, null);
        } else {
            delegate.error(line(msg, e), null);
            stackAtDebug(e);
        }
    }

    @Override
    public void error(String marker, String msg, Throwable e) {
        error(msg, e);
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isQuiet() {
        return delegate.isQuiet();
    }

    @Override
    public String fileName() {
        return delegate.fileName();
    }

    /** {@code msg: Type: message <- CauseType: message ...}, each text cut and the messages on one line. */
    static String line(String msg, Throwable e) {
        String entry = String.valueOf(msg);
        StringBuilder out = new StringBuilder(
                        entry.length() > MAX_ENTRY ? entry.substring(0, MAX_ENTRY) + "..." : entry)
                .append(": ");
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int n = 0;
        for (Throwable t = e; t != null && seen.add(t) && n < MAX_CAUSES; t = t.getCause(), n++) {
            if (n > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getSimpleName());
            String text = t.getMessage();
            if (text != null && !text.isBlank()) {
                String flat = text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
                out.append(": ").append(flat.length() > MAX_MESSAGE ? flat.substring(0, MAX_MESSAGE) + "..." : flat);
            }
        }
        return out.toString();
    }

    private void stackAtDebug(Throwable e) {
        if (delegate.isDebugEnabled()) {
            StringWriter stack = new StringWriter();
            e.printStackTrace(new PrintWriter(stack));
            delegate.debug(stack.toString());
        }
    }
}
