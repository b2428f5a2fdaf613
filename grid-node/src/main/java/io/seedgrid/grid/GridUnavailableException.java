package io.seedgrid.grid;

/** A grid node could not start or join, or the cluster lacks the nodes asked for; the message says which. */
public final class GridUnavailableException extends RuntimeException {
    public GridUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
