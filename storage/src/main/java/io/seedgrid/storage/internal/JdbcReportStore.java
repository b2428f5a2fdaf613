package io.seedgrid.storage.internal;

import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.ReportStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reports in the {@code reports} table. */
final class JdbcReportStore implements ReportStore {
    private final JdbcDatabase db;

    JdbcReportStore(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public void saveReport(String id, Instant at, String json) {
        db.sql("save report " + id, true, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reports (report_id, at_ms, json)"
                    + " VALUES (?, ?, ?) ON CONFLICT (report_id) DO UPDATE SET at_ms = excluded.at_ms,"
                    + " json = excluded.json")) {
                ps.setString(1, id);
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, json);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<ReportRecord> reports(int limit) {
        return db.sql("list reports", false, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT report_id, at_ms, json FROM reports" + " ORDER BY at_ms DESC, report_id LIMIT ?")) {
                ps.setInt(1, limit);
                List<ReportRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ReportRecord(
                                rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }
}
