package io.seedgrid.seeds.seed;

import io.seedgrid.seeds.gene.GeneSpec;
import java.util.List;
import java.util.Objects;

/** What every seed holds: its name, type, requirement and genes. Subclasses supply warm-up and signals. */
public abstract class BaseSeed implements Seed {
    private final String name;
    private final SeedType type;
    private final DataRequirement requirement;
    private final String description;
    private final List<GeneSpec> genes;

    protected BaseSeed(String name, SeedType type, DataRequirement requirement, String description, GeneSpec... genes) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.requirement = Objects.requireNonNull(requirement, "requirement");
        this.description = Objects.requireNonNull(description, "description");
        this.genes = List.of(genes);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SeedType type() {
        return type;
    }

    @Override
    public final DataRequirement dataRequirement() {
        return requirement;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<GeneSpec> genes() {
        return genes;
    }

    /** Gene {@code i} as an int (integer genes hold whole values). */
    protected static int intGene(double[] genes, int i) {
        return (int) Math.round(genes[i]);
    }

    @Override
    public String toString() {
        return name;
    }
}
