package io.seedgrid.seeds.bars;

/** Bad market data input: names the source, the line (1-based, 0 when not line-bound) and the problem. */
public final class BarsFormatException extends RuntimeException {
    /** Input echoed into a message is cut after this many characters. */
    public static final int ECHO_LIMIT = 80;

    private final String source;
    private final long line;
    private final String problem;

    public BarsFormatException(String source, long line, String problem) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    public long line() {
        return line;
    }

    public String problem() {
        return problem;
    }

    /**
     * {@code text} as it may be echoed into an error message: whole up to {@link #ECHO_LIMIT} characters, else its
     * first {@link #ECHO_LIMIT} followed by {@code "... (N characters)"}, so a 64 MB header or a 10,000-character
     * symbol does not flood the terminal or the log.
     */
    public static String excerpt(String text) {
        if (text == null || text.length() <= ECHO_LIMIT) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(ECHO_LIMIT - 1)) ? ECHO_LIMIT - 1 : ECHO_LIMIT;
        return text.substring(0, cut) + "... (" + text.length() + " characters)";
    }
}
