package io.seedgrid.evolution.fitness;

/** A batch of genomes could not be evaluated; the message says why. */
public final class EvaluationException extends RuntimeException {
    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
