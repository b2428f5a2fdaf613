package io.seedgrid.evolution.run;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.GateDecision;
import java.util.List;
import java.util.stream.Collectors;

/** Data sufficiency kept every requested seed out; the message gives each seed's verdict and reason. */
public final class NoEligibleSeedException extends IllegalArgumentException {
    private final List<GateDecision> gating;

    public NoEligibleSeedException(Bars bars, List<GateDecision> gating) {
        super("no seed has enough data on " + bars.symbol() + " (" + bars.size() + " bars): "
                + gating.stream()
                        .map(g -> g.seed() + " " + g.recommendation() + " (" + g.reason() + ")")
                        .collect(Collectors.joining("; ")));
        this.gating = List.copyOf(gating);
    }

    public List<GateDecision> gating() {
        return gating;
    }
}
