package io.seedgrid.storage;

import io.seedgrid.storage.internal.Texts;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What the checked roles of one store share: its open or closed state, and the turning of unexpected failures into
 * one-line {@link StorageException}s without credentials.
 */
final class Guard {
    private final StorageConfig config;
    private final Store backend;
    private final AtomicBoolean closed = new AtomicBoolean();

    Guard(StorageConfig config, Store backend) {
        this.config = config;
        this.backend = backend;
    }

    String redact(String text) {
        return config.redact(text);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** True for the one caller that closes the store. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** Refuses work on a closed store. */
    void open() {
        if (closed.get()) {
            throw new IllegalStateException(
                    "the " + backend.backend() + " store at " + backend.location() + " is closed");
        }
    }

    void run(Runnable action, String what) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    <T> T call(String what, Supplier<T> action) {
        open();
        try {
            return action.get();
        } catch (RunExistsException e) {
            throw e; // names the id only
        } catch (StorageException e) {
            String redacted = config.redact(e.getMessage());
            throw redacted.equals(e.getMessage()) ? e : new StorageException(redacted, e.getCause());
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageException(
                    "cannot " + what + " (" + backend.backend() + " " + backend.location() + "): "
                            + config.redact(Texts.messages(e)),
                    e);
        }
    }
}
