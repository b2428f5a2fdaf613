package io.seedgrid.strategies;

/**
 * A lifecycle move that is not allowed from where the strategy stands (promoting an archived or production strategy,
 * archiving twice, rolling back with nothing to go back to). A bad-input error: exit 2, HTTP 409.
 */
public class LifecycleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public LifecycleException(String message) {
        super(message);
    }
}
