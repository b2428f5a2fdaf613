package io.seedgrid.storage.internal;

import io.seedgrid.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The SQL database the roles of a {@link JdbcStore} share: a backend supplies connections, bulk staging and error
 * wording; the roles run the same statements on DuckDB and PostgreSQL.
 */
public abstract class JdbcDatabase {

    /** Work on a connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** A stored column of doubles per staged row, keyed by a millisecond time. */
    protected record Rows(long[] keys, double[][] columns) {
        public int size() {
            return keys.length;
        }
    }

    /** Runs {@code work} on a connection, inside one transaction when {@code write}. */
    protected abstract <T> T withConnection(boolean write, SqlWork<T> work) throws SQLException;

    /**
     * Puts {@code rows} into the temporary table {@code table} (created by the caller, empty), whose columns are
     * the key then one DOUBLE per column of {@code rows}, in order.
     */
    protected abstract void stage(Connection c, String table, Rows rows) throws SQLException;

    /** The one-line failure for {@code what} (e.g. "write bars of X 1m"), naming the backend and its location. */
    protected abstract StorageException failure(String what, SQLException e);

    /** Runs {@code work} and turns SQL failures into {@link #failure}s; {@link StorageException}s pass through. */
    public final <T> T sql(String what, boolean write, SqlWork<T> work) {
        try {
            return withConnection(write, work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    static void setNullableString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /**
     * Commits {@code work} on {@code c} as one transaction, rolling back on any failure; restores auto-commit.
     */
    protected static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        boolean done = false;
        try {
            T result = work.apply(c);
            c.commit();
            done = true;
            return result;
        } finally {
            if (!done) {
                try {
                    c.rollback();
                } catch (SQLException | RuntimeException ignored) {
                    // the connection may be gone; the transaction then died with it
                }
            }
            try {
                c.setAutoCommit(auto);
            } catch (SQLException | RuntimeException ignored) {
                // as above
            }
        }
    }
}
