package io.seedgrid.seeds.ml;

import java.time.OffsetDateTime;
import java.util.Map;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * What the seeds share to talk to Tribuo: immutable label factory and provenance (a fixed timestamp, so building a
 * dataset reads no clock), and dataset/example builders. Every fit builds its own dataset and trainer: nothing
 * mutable is shared between fits, genomes or threads.
 */
final class TribuoSupport {
    static final LabelFactory LABELS = new LabelFactory();
    /** Trainer seed: fixed so every fit is reproducible (the solvers used here draw no random numbers anyway). */
    static final long TRAINER_SEED = 20130101L;
    private static final SimpleDataSourceProvenance PROVENANCE = new SimpleDataSourceProvenance("seedgrid walk-forward window",
            OffsetDateTime.parse("2013-01-01T00:00:00Z"), LABELS);

    private TribuoSupport() {
    }

    static MutableDataset<Label> dataset() {
        return new MutableDataset<>(PROVENANCE, LABELS);
    }

    static ArrayExample<Label> example(Label label, String[] names, double[] values) {
        return new ArrayExample<>(label, names, values);
    }

    /** An example to predict: Tribuo's unknown label. */
    static ArrayExample<Label> query(String[] names, double[] values) {
        return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values);
    }

    /** The score Tribuo gave {@code label}, 0 when it gave none. */
    static double score(Map<String, Label> scores, String label) {
        Label scored = scores.get(label);
        return scored == null ? 0 : scored.getScore();
    }
}
