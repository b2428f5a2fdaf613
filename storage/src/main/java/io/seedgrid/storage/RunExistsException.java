package io.seedgrid.storage;

/** A run was to be created under an id that is stored already: run ids are never reused, records never shared. */
public final class RunExistsException extends StorageException {
    private static final long serialVersionUID = 1L;

    public RunExistsException(String runId) {
        super("a run with id '" + runId + "' exists already: a run is created once and never replaced");
    }
}
