package io.seedgrid.strategies;

/**
 * The registry could not do what was asked though the request was well formed: a promotion refused by a gate, a
 * run whose backtest does not reproduce on the bars available, a log changed by another writer meanwhile
 * ({@link ConcurrentChangeException}). A failure: exit 1.
 */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }
}
