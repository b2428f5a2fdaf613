package io.seedgrid.storage.duckdb;

import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.internal.JdbcDatabase;
import io.seedgrid.storage.internal.Texts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** The DuckDB file the local store's roles share: one connection, calls serialised. */
final class DuckDbFile extends JdbcDatabase {
    private final Path file;
    private final DuckDBConnection connection;
    private final ReentrantLock lock = new ReentrantLock();

    DuckDbFile(Path file, DuckDBConnection connection) {
        this.file = file;
        this.connection = connection;
    }

    @Override
    protected <T> T withConnection(boolean write, SqlWork<T> work) throws SQLException {
        lock.lock();
        try {
            return write ? inTransaction(connection, work) : work.apply(connection);
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void stage(Connection c, String table, Rows rows) throws SQLException {
        try (DuckDBAppender appender = ((DuckDBConnection) c).createAppender("temp", "main", table)) {
            double[][] cols = rows.columns();
            long[] keys = rows.keys();
            for (int i = 0; i < keys.length; i++) {
                appender.beginRow();
                appender.append(keys[i]);
                for (double[] col : cols) {
                    appender.append(col[i]);
                }
                appender.endRow();
            }
        }
    }

    @Override
    protected StorageException failure(String what, SQLException e) {
        return new StorageException("cannot " + what + " in the DuckDB file " + file + ": " + Texts.messages(e), e);
    }

    void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close the DuckDB file " + file + ": " + Texts.messages(e), e);
        } finally {
            lock.unlock();
        }
    }
}
