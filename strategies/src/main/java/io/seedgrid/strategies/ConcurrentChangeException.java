package io.seedgrid.strategies;

/**
 * Another writer changed the strategy's log or took the version meanwhile, so nothing was recorded: a lost race,
 * not a fault. Looking again and retrying is the remedy. HTTP 409, exit 1, like every {@link RegistryException}.
 */
public final class ConcurrentChangeException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public ConcurrentChangeException(String message) {
        super(message);
    }
}
