package io.seedgrid.strategies;

import io.seedgrid.storage.StrategyStage;
import java.util.List;
import java.util.stream.Collectors;

/** A promotion refused by its gates; says which failed and why. HTTP 409, exit 1. */
public final class PromotionRefusedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String strategyId;
    private final StrategyStage from;
    private final StrategyStage to;
    private final transient List<GateResult> gates;

    public PromotionRefusedException(String strategyId, StrategyStage from, StrategyStage to, List<GateResult> gates) {
        this(strategyId, from, to, gates, "from " + from + " to " + to);
    }

    /** A refused move described in words, e.g. {@code CANARY 10% -> 25%} for a canary's step. */
    public PromotionRefusedException(
            String strategyId, StrategyStage from, StrategyStage to, List<GateResult> gates, String move) {
        super("promotion of " + strategyId + " " + move + " refused: "
                + gates.stream()
                        .filter(g -> !g.passed())
                        .map(g -> g.gate() + " - " + g.detail())
                        .collect(Collectors.joining("; ")));
        this.strategyId = strategyId;
        this.from = from;
        this.to = to;
        this.gates = List.copyOf(gates);
    }

    public String strategyId() {
        return strategyId;
    }

    public StrategyStage from() {
        return from;
    }

    public StrategyStage to() {
        return to;
    }

    /** Every gate of the promotion, passed or not. */
    public List<GateResult> gates() {
        return gates;
    }

    /** The gates that refused it. */
    public List<GateResult> failed() {
        return gates.stream().filter(g -> !g.passed()).toList();
    }
}
