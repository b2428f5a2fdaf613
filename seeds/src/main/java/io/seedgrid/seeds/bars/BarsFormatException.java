package io.seedgrid.seeds.bars;

/** Bad market data input: names the source, the line (1-based, 0 when not line-bound) and the problem. */
public final class BarsFormatException extends RuntimeException {
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
}
