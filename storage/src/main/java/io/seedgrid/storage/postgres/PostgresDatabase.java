package io.seedgrid.storage.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.internal.JdbcDatabase;
import io.seedgrid.storage.internal.Texts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** The PostgreSQL database the postgres store's roles share: a HikariCP pool, COPY for bulk staging. */
final class PostgresDatabase extends JdbcDatabase {
    private static final int COPY_CHUNK = 1 << 16;

    private final StorageConfig config;
    private final String location;
    private final HikariDataSource pool;

    PostgresDatabase(StorageConfig config, String location, HikariDataSource pool) {
        this.config = config;
        this.location = location;
        this.pool = pool;
    }

    /**
     * Runs {@code work}, once more on a fresh connection if the connection was lost (a server restart, or Neon
     * suspending its compute, kills pooled connections). Safe because every store operation is idempotent: writes
     * are upserts or whole replacements, and a transaction cut off before its commit was rolled back by the server.
     */
    @Override
    protected <T> T withConnection(boolean write, SqlWork<T> work) throws SQLException {
        try {
            return once(write, work);
        } catch (SQLException e) {
            if (!isConnectionLoss(e)) {
                throw e;
            }
            try {
                return once(write, work);
            } catch (SQLException again) {
                e.addSuppressed(again);
                throw e;
            }
        }
    }

    private <T> T once(boolean write, SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return write ? inTransaction(c, work) : work.apply(c);
        }
    }

    @Override
    protected void stage(Connection c, String table, Rows rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN (FORMAT csv)");
        try {
            StringBuilder sb = new StringBuilder(COPY_CHUNK + 256);
            long[] keys = rows.keys();
            double[][] cols = rows.columns();
            for (int i = 0; i < keys.length; i++) {
                sb.append(keys[i]);
                for (double[] col : cols) {
                    sb.append(',').append(col[i]); // Double.toString: shortest text that reads back exactly
                }
                sb.append('\n');
                if (sb.length() >= COPY_CHUNK) {
                    byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    sb.setLength(0);
                }
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the connection is probably gone; the transaction is rolled back by the caller or the server
                }
            }
        }
    }

    @Override
    protected StorageException failure(String what, SQLException e) {
        String m = config.redact(Texts.messages(e));
        if (isConnectionLoss(e)) {
            return new StorageException(
                    "lost the connection to PostgreSQL at " + location + " while trying to " + what
                            + " (nothing of it was stored): " + m,
                    e);
        }
        return new StorageException("cannot " + what + " in PostgreSQL at " + location + ": " + m, e);
    }

    private static boolean isConnectionLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s
                    && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01"))) {
                return true; // connection exception, or admin shutdown
            }
        }
        return false;
    }
}
