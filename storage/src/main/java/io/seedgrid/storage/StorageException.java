package io.seedgrid.storage;

/**
 * A storage failure the user can act on: the database is unreachable, a file is unreadable, a directory is not
 * writable, a run does not exist. The message is one line, names what failed (file, directory, database URL without
 * credentials) and never contains a password, so a command line can print {@link #getMessage()} alone.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(oneLine(message));
    }

    public StorageException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Folds line breaks (driver messages often carry several lines) into "; " so the message is one line. */
    static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
