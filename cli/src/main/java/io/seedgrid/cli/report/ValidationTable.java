package io.seedgrid.cli.report;

import io.seedgrid.validation.CheckResult;
import io.seedgrid.validation.RunOutcome;
import io.seedgrid.validation.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A validation report as a terminal table: check, status, time, weight, evidence or reason; then the verdict. */
public final class ValidationTable {
    private static final int TEXT_WIDTH = 96;
    private static final String ROW = "%-17s %-7s %8s %6s  %s%n";

    private ValidationTable() {}

    public static String render(RunOutcome outcome) {
        ValidationReport r = outcome.report();
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "seedgrid validation %s  (%s storage at %s, backend from %s)%n%n",
                r.startedAt(),
                r.storage().backend(),
                r.storage().location(),
                r.storage().source()));
        s.append(String.format(ROW, "CHECK", "STATUS", "TIME", "WEIGHT", "EVIDENCE / REASON"));
        for (CheckResult c : r.checks()) {
            List<String> text = new ArrayList<>();
            switch (c.status()) {
                case PASSED -> text.addAll(wrap(c.evidence()));
                case SKIPPED -> text.addAll(wrap(c.reason()));
                case FAILED -> {
                    text.addAll(wrap("reason: " + c.reason()));
                    if (!c.evidence().isBlank()) {
                        text.addAll(wrap("measured: " + c.evidence()));
                    }
                }
            }
            String time =
                    c.millis() < 1000 ? c.millis() + " ms" : String.format(Locale.ROOT, "%.1f s", c.millis() / 1000.0);
            s.append(String.format(
                    ROW,
                    c.name() + (c.critical() ? " *" : ""),
                    c.status(),
                    time,
                    c.weight(),
                    text.isEmpty() ? "" : text.get(0)));
            for (String more : text.subList(Math.min(1, text.size()), text.size())) {
                s.append(String.format(ROW, "", "", "", "", more));
            }
        }
        s.append(String.format("%n(* critical: its failure alone means not ready)%n%n"));
        s.append(verdictLines(outcome));
        return s.toString();
    }

    /** The verdict, why, where the report went and what came before. */
    public static String verdictLines(RunOutcome outcome) {
        ValidationReport r = outcome.report();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "verdict: %s%n", r.productionReady() ? "PRODUCTION READY" : "NOT READY"));
        s.append(String.format(
                Locale.ROOT,
                "  overall status %s, business value score %.1f (needs >= %.0f), %d of %d "
                        + "checks passed (%.0f%%, needs >= %.0f%%)%s, in %.1f s%n",
                r.overallStatus(),
                r.businessValueScore(),
                ValidationReport.SCORE_THRESHOLD,
                r.passedTests(),
                r.totalTests(),
                r.passRate() * 100,
                ValidationReport.PASS_RATE_THRESHOLD * 100,
                r.skippedTests().isEmpty() ? "" : ", " + r.skippedTests().size() + " skipped",
                r.totalMillis() / 1000.0));
        for (String why : r.notReadyBecause()) {
            s.append("  not ready: ").append(why).append('\n');
        }
        s.append(outcome.notStored()
                        .map(why -> "  report NOT stored: " + why)
                        .orElse("  report " + r.id() + " stored in "
                                + r.storage().backend() + " storage"))
                .append('\n');
        outcome.previous()
                .ifPresent(p -> s.append(String.format(
                        Locale.ROOT,
                        "  previous validation: %s at %s " + "(score %.1f)%n",
                        p.productionReady() ? "READY" : "NOT READY",
                        p.at(),
                        p.score())));
        return s.toString();
    }

    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return lines;
        }
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > TEXT_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
