package io.seedgrid.storage;

/**
 * One of a run's top strategies: its genes and metrics as JSON text (kept verbatim).
 *
 * @param rank             1-based rank within the run's results, unique per run
 * @param genesJson        the genes, one JSON value
 * @param inSampleJson     in-sample metrics, one JSON value, or null
 * @param outOfSampleJson  out-of-sample metrics, one JSON value, or null
 * @param fitness          the fitness the run ranked it by
 * @param accepted         whether it passed validation
 */
public record StrategyRecord(
        int rank, String genesJson, String inSampleJson, String outOfSampleJson, double fitness, boolean accepted) {

    public StrategyRecord {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1 but was " + rank);
        }
        Checks.json("genesJson", genesJson);
        Checks.jsonOrNull("inSampleJson", inSampleJson);
        Checks.jsonOrNull("outOfSampleJson", outOfSampleJson);
    }
}
