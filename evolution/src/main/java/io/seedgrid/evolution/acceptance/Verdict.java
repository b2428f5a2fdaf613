package io.seedgrid.evolution.acceptance;

import java.util.List;
import java.util.stream.Collectors;

/** Every acceptance criterion's verdict on one strategy: accepted when all passed. */
public record Verdict(List<Criterion> criteria) {
    public Verdict {
        criteria = List.copyOf(criteria);
        if (criteria.isEmpty()) {
            throw new IllegalArgumentException("a verdict needs at least one criterion");
        }
    }

    public boolean accepted() {
        return criteria.stream().allMatch(Criterion::passed);
    }

    public List<Criterion> failed() {
        return criteria.stream().filter(c -> !c.passed()).toList();
    }

    /** {@code accepted}, or why not: the failed criteria in words. */
    public String summary() {
        return accepted()
                ? "accepted: every criterion met"
                : "not accepted: " + failed().stream().map(Criterion::detail).collect(Collectors.joining("; "));
    }
}
