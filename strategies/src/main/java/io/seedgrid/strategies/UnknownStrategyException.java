package io.seedgrid.strategies;

/** No strategy (or run, or rank) has the id or name asked for. A bad-input error: exit 2, HTTP 404. */
public final class UnknownStrategyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownStrategyException(String message) {
        super(message);
    }
}
