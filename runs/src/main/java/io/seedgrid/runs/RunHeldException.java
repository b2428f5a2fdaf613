package io.seedgrid.runs;

/** A run cannot be taken over: its coordinator still holds its lease, or another one took it over first. */
public final class RunHeldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunHeldException(String message) {
        super(message);
    }
}
