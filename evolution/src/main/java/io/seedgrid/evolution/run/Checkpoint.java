package io.seedgrid.evolution.run;

import io.seedgrid.evolution.fitness.Fitness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * What a run needs to go on after a generation as if it had never stopped: the population (genomes, fitness, the
 * generation each was born in), the generation to start next, the random source's state, and the genomes first
 * backtested in this generation (the ledger grows by these, in order). Saved after every generation; a resumed run
 * replays the checkpoints in order.
 *
 * @param stats          the generation's figures
 * @param nextGeneration the generation counter to continue from
 * @param population     the population after this generation
 * @param randomState    the random source's state after this generation ({@link #saveRandom}, Base64)
 * @param newTrials      genomes backtested for the first time in this generation, in ledger order
 */
public record Checkpoint(
        GenerationStats stats,
        long nextGeneration,
        List<Member> population,
        String randomState,
        List<Trial> newTrials) {

    public Checkpoint {
        population = List.copyOf(population);
        newTrials = List.copyOf(newTrials);
    }

    /** One phenotype of the population. */
    public record Member(double[] genome, double fitness, long born) {}

    /** One ledger entry. */
    public record Trial(double[] genome, Fitness fitness) {}

    /** The state of {@code random}, in a form {@link #restoreRandom} reads back. */
    static String saveRandom(Random random) {
        try (var bytes = new ByteArrayOutputStream();
                var out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
            out.flush();
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random source in the saved state; nothing but a {@code java.util.Random} is accepted. */
    static Random restoreRandom(String state) {
        byte[] bytes = Base64.getDecoder().decode(state);
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("java.util.Random;!*"));
            Object random = in.readObject();
            if (random.getClass() != Random.class) {
                throw new IllegalArgumentException("checkpoint random state is not a java.util.Random");
            }
            return (Random) random;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("checkpoint random state cannot be read: " + e.getMessage(), e);
        }
    }
}
