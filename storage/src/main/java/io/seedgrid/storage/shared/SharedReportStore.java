package io.seedgrid.storage.shared;

import static io.seedgrid.storage.shared.SharedDir.children;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.ReportStore;
import io.seedgrid.storage.internal.Texts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reports as JSON snapshots per report id, the newest wins. */
final class SharedReportStore implements ReportStore {
    private final SharedDir shared;

    SharedReportStore(SharedDir shared) {
        this.shared = shared;
    }

    @Override
    public void saveReport(String id, Instant at, String reportJson) {
        shared.withFiles("save report " + id, () -> {
            ObjectNode node = shared.json().createObjectNode();
            node.put("id", id);
            node.put("atMs", at.toEpochMilli());
            node.put("json", reportJson);
            shared.publishReplacing(shared.root().resolve("reports").resolve(Names.segment(id)), "report-", "", node);
            return null;
        });
    }

    @Override
    public List<ReportRecord> reports(int limit) {
        return shared.withFiles("list reports", () -> {
            List<ReportRecord> out = new ArrayList<>();
            for (Path dir : children(shared.root().resolve("reports"))) {
                shared.latest(dir, "report-")
                        .ifPresent(n -> out.add(new ReportRecord(
                                n.path("id").asText(),
                                Instant.ofEpochMilli(n.path("atMs").asLong()),
                                n.path("json").asText())));
            }
            out.sort(Comparator.comparing(ReportRecord::at)
                    .reversed()
                    .thenComparing(ReportRecord::id, Texts.CODE_POINT_ORDER));
            return out.subList(0, Math.min(limit, out.size()));
        });
    }
}
