package io.seedgrid.evolution.fitness;

import io.seedgrid.seeds.seed.SeedContext;
import org.junit.jupiter.api.Nested;

/** The local evaluator keeps the {@link GenomeEvaluator} contract on one thread and on several. */
class LocalEvaluatorContractTest {
    @Nested
    class OneThread extends GenomeEvaluatorContract {
        @Override
        protected GenomeEvaluator evaluator(EvaluationSpec spec, SeedContext context) {
            return new LocalEvaluator(spec.fitnessFunction(), context, 1);
        }
    }

    @Nested
    class ThreeThreads extends GenomeEvaluatorContract {
        @Override
        protected GenomeEvaluator evaluator(EvaluationSpec spec, SeedContext context) {
            return new LocalEvaluator(spec.fitnessFunction(), context, 3);
        }
    }
}
