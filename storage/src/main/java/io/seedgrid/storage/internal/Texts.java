package io.seedgrid.storage.internal;

import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;

/** Text helpers every backend needs to give the same answers. */
public final class Texts {
    /**
     * Code point order, which is also the byte order of UTF-8: what DuckDB and PostgreSQL's "C" collation use,
     * so every backend orders strings the same way.
     */
    public static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private static final Pattern SQL_ECHO = Pattern.compile("(?s)\\s*LINE \\d+:.*$");

    private Texts() {}

    /** The message of {@code e} and its causes, joined, for one-line errors. */
    public static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                m = SQL_ECHO.matcher(m).replaceFirst(""); // DuckDB repeats the statement: "LINE 1: SELECT ... ^^^"
            }
            if (m == null || m.isBlank() || sb.indexOf(m) >= 0) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(": ");
            }
            sb.append(m.strip());
        }
        return sb.isEmpty() ? e.getClass().getSimpleName() : sb.toString();
    }
}
