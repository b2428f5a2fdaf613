package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.Signals;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The machine-learning seeds as they were on Tribuo (LibLinear and CART), kept in test scope as the reference the
 * array solvers are checked against: same features, windows and schedule, Tribuo models per window.
 */
final class TribuoReference {
    static final LabelFactory LABELS = new LabelFactory();
    static final long TRAINER_SEED = 20130101L;
    static final Label UP = new Label("up");
    static final Label DOWN = new Label("down");
    private static final SimpleDataSourceProvenance PROVENANCE = new SimpleDataSourceProvenance(
            "seedgrid walk-forward window", OffsetDateTime.parse("2013-01-01T00:00:00Z"), LABELS);

    private TribuoReference() {}

    /** Tribuo feature names {@code prefix00, prefix01, ...}: fixed width so their sorted order is their index order. */
    static String[] names(String prefix, int count) {
        String[] names = new String[count];
        for (int j = 0; j < count; j++) {
            names[j] = prefix + (j < 10 ? "0" : "") + j;
        }
        return names;
    }

    static MutableDataset<Label> dataset() {
        return new MutableDataset<>(PROVENANCE, LABELS);
    }

    static ArrayExample<Label> example(Label label, String[] names, double[] values) {
        return new ArrayExample<>(label, names, values);
    }

    static ArrayExample<Label> query(String[] names, double[] values) {
        return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values);
    }

    /** The seed's former trainer: L2R_L2LOSS_SVC, 1000 iterations, eps 0.01. */
    static LibLinearClassificationTrainer svcTrainer(double cost) {
        return new LibLinearClassificationTrainer(
                new LinearClassificationType(LinearClassificationType.LinearType.L2R_L2LOSS_SVC),
                cost,
                1000,
                0.01,
                TRAINER_SEED);
    }

    /** The seed's former tree trainer: Gini, minimum child weight 5, all features, greedy split points. */
    static CARTClassificationTrainer treeTrainer(int maxDepth) {
        return new CARTClassificationTrainer(maxDepth, 5f, 0f, 1f, false, new GiniIndex(), TRAINER_SEED);
    }

    /** The decision value for "up" of a fitted Tribuo SVC on {@code values}. */
    static double upScore(Model<Label> model, String[] names, double[] values) {
        Label scored = model.predict(query(names, values)).getOutputScores().get(UP.getLabel());
        return scored == null ? 0 : scored.getScore();
    }

    /** {@code LinearSVCClassifierSeed} as it was: genes trainWindow, retrainEvery, lags, horizon, logC. */
    static double[] linearSvc(SeedContext ctx, double[] genes) {
        int trainWindow = gene(genes, 0);
        int retrainEvery = gene(genes, 1);
        int lags = gene(genes, 2);
        int horizon = gene(genes, 3);
        double cost = Math.pow(10, genes[4]);
        double[] x = MlFeatures.matrix(ctx, lags);
        int n = ctx.size();
        int d = MlFeatures.dimension(lags);
        String[] names = names("f", d);
        double[] close = ctx.bars().closes();
        return WalkForward.run(ctx, horizon, trainWindow, retrainEvery, (first, last) -> {
            Standardiser scale = Standardiser.fit(x, n, d, first, last);
            MutableDataset<Label> data = dataset();
            for (int s = first; s <= last; s++) {
                double forward = close[s + horizon] / close[s] - 1;
                if (forward != 0) {
                    data.add(example(forward > 0 ? UP : DOWN, names, row(scale, x, n, d, s)));
                }
            }
            if (data.getOutputs().size() < 2) {
                return null;
            }
            Model<Label> model = svcTrainer(cost).train(data);
            return t -> Signals.squash(upScore(model, names, row(scale, x, n, d, t)));
        });
    }

    /**
     * {@code PCATreeQuantileSeed} as it was: genes trainWindow, retrainEvery, lags, horizon, components, quantiles,
     * maxDepth.
     */
    static double[] pcaTree(SeedContext ctx, double[] genes) {
        int trainWindow = gene(genes, 0);
        int retrainEvery = gene(genes, 1);
        int lags = gene(genes, 2);
        int horizon = gene(genes, 3);
        int components = Math.min(gene(genes, 4), MlFeatures.dimension(lags));
        int quantiles = gene(genes, 5);
        int maxDepth = gene(genes, 6);
        double[] x = MlFeatures.matrix(ctx, lags);
        int n = ctx.size();
        int d = MlFeatures.dimension(lags);
        String[] names = names("pc", components);
        double[] close = ctx.bars().closes();
        double middle = (quantiles - 1) / 2.0;
        Label[] labels = new Label[2 * quantiles - 1];
        Map<String, Double> bucketOf = new HashMap<>();
        for (int k = 0; k < labels.length; k++) {
            labels[k] = new Label("b" + k);
            bucketOf.put(labels[k].getLabel(), k / 2.0);
        }
        return WalkForward.run(ctx, horizon, trainWindow, retrainEvery, (first, last) -> {
            int m = last - first + 1;
            Standardiser scale = Standardiser.fit(x, n, d, first, last);
            double[][] rows = new double[m][];
            double[] forward = new double[m];
            for (int i = 0; i < m; i++) {
                int s = first + i;
                rows[i] = row(scale, x, n, d, s);
                forward[i] = close[s + horizon] / close[s] - 1;
            }
            double[] edges = PcaTreeQuantileSeed.quantileEdges(forward, quantiles);
            Pca pca = Pca.fit(rows, components);
            MutableDataset<Label> data = dataset();
            for (int i = 0; i < m; i++) {
                data.add(example(
                        labels[PcaTreeQuantileSeed.bucketClass(forward[i], edges)], names, pca.project(rows[i])));
            }
            if (data.getOutputs().size() < 2) {
                return null;
            }
            Model<Label> model = treeTrainer(maxDepth).train(data);
            return t -> {
                Map<String, Label> scores = model.predict(query(names, pca.project(row(scale, x, n, d, t))))
                        .getOutputScores();
                double expected = 0;
                double total = 0;
                for (Label scored : scores.values()) {
                    Double bucket = bucketOf.get(scored.getLabel());
                    if (bucket != null) {
                        expected += scored.getScore() * bucket;
                        total += scored.getScore();
                    }
                }
                return total > 0 ? (expected / total - middle) / middle : 0;
            };
        });
    }

    /** Row {@code t} of the column-major {@code x} ({@code n} rows, {@code d} features), standardised. */
    static double[] row(Standardiser scale, double[] x, int n, int d, int t) {
        double[] z = new double[d];
        scale.window(x, n, t, 1, z);
        return z;
    }

    private static int gene(double[] genes, int i) {
        return (int) Math.round(genes[i]);
    }
}
