package io.seedgrid.storage.internal;

import io.seedgrid.storage.BarStore;
import io.seedgrid.storage.ReportStore;
import io.seedgrid.storage.RunStore;
import io.seedgrid.storage.SignalStore;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A store on a SQL database with the seedgrid tables (bars, runs, generations, results, signals, reports, strategies,
 * strategy_events): one role object per table group, all on one {@link JdbcDatabase}. DuckDB and PostgreSQL run the
 * same statements; a backend adds opening, health and closing.
 *
 * <p>Every write runs in one transaction. Bars and signals are staged in a temporary table and upserted with one
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE values differ}, whose update count is the number of rows that were
 * new or changed.
 */
public abstract class JdbcStore implements Store {
    private final BarStore bars;
    private final RunStore runs;
    private final SignalStore signals;
    private final StrategyStore strategies;
    private final ReportStore reports;

    protected JdbcStore(JdbcDatabase db) {
        this.bars = new JdbcBarStore(db);
        this.runs = new JdbcRunStore(db);
        this.signals = new JdbcSignalStore(db);
        this.strategies = new JdbcStrategyStore(db);
        this.reports = new JdbcReportStore(db);
    }

    @Override
    public final BarStore bars() {
        return bars;
    }

    @Override
    public final RunStore runs() {
        return runs;
    }

    @Override
    public final SignalStore signals() {
        return signals;
    }

    @Override
    public final StrategyStore strategies() {
        return strategies;
    }

    @Override
    public final ReportStore reports() {
        return reports;
    }

    /** The number of stored bars, for health. */
    protected static long countBars(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM bars")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
