package io.seedgrid.seeds.gene;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Gene vectors: positional {@code double[]} in the order of a seed's {@link GeneSpec} list. */
public final class Genes {
    private Genes() {}

    /** The defaults of {@code specs}, in order. */
    public static double[] defaults(List<GeneSpec> specs) {
        double[] values = new double[specs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = specs.get(i).defaultValue();
        }
        return values;
    }

    /** Checks that {@code values} fits {@code specs} (count, ranges, whole numbers) and returns it. */
    public static double[] require(List<GeneSpec> specs, double[] values) {
        if (values.length != specs.size()) {
            throw new IllegalArgumentException("expected " + specs.size() + " gene values but got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            specs.get(i).require(values[i]);
        }
        return values;
    }

    /**
     * Parses {@code name=value,name=value}; genes not named keep their defaults. Unknown names and bad values are
     * refused with the list of known genes.
     */
    public static double[] parse(List<GeneSpec> specs, String text) {
        double[] values = defaults(specs);
        if (text == null || text.isBlank()) {
            return values;
        }
        for (String pair : text.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("gene setting '" + pair.strip() + "' is not name=value");
            }
            int index = indexOf(specs, kv[0].strip());
            double value;
            try {
                value = Double.parseDouble(kv[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "gene " + kv[0].strip() + ": '" + kv[1].strip() + "' is not a number");
            }
            values[index] = specs.get(index).require(value);
        }
        return values;
    }

    /** Position of the gene called {@code name} (case-insensitive). */
    public static int indexOf(List<GeneSpec> specs, String name) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        List<String> known = new ArrayList<>();
        specs.forEach(s -> known.add(s.name()));
        throw new IllegalArgumentException("unknown gene '" + name + "'; genes are " + known);
    }

    /**
     * {@code values} with every ordered group sorted into increasing order, each value kept within its own gene's
     * range, and whole-valued neighbours made distinct where the ranges allow it (e.g. fast 40, slow 37 becomes fast
     * 37, slow 40; fast 20, slow 20 becomes fast 20, slow 21). A new array; {@code values} is not changed.
     *
     * @param groups gene names per group, in the order their values must increase
     */
    public static double[] ordered(List<GeneSpec> specs, List<List<String>> groups, double[] values) {
        double[] out = values.clone();
        for (List<String> group : groups) {
            int[] at = group.stream().mapToInt(name -> indexOf(specs, name)).toArray();
            double[] sorted = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                sorted[i] = out[at[i]];
            }
            Arrays.sort(sorted);
            for (int i = 0; i < at.length; i++) {
                GeneSpec spec = specs.get(at[i]);
                double v = spec.nearestAllowed(sorted[i]);
                if (i > 0
                        && spec.kind() == GeneSpec.Kind.INTEGER
                        && v <= out[at[i - 1]]
                        && out[at[i - 1]] + 1 <= spec.max()) {
                    v = out[at[i - 1]] + 1;
                }
                out[at[i]] = v;
            }
        }
        return out;
    }

    /** Name to value, in spec order, for reports. */
    public static Map<String, Double> named(List<GeneSpec> specs, double[] values) {
        Map<String, Double> named = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            named.put(specs.get(i).name(), values[i]);
        }
        return named;
    }

    /** {@code fast=12,slow=26}: the form {@link #parse} reads. */
    public static String format(List<GeneSpec> specs, double[] values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < specs.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(specs.get(i).name())
                    .append('=')
                    .append(specs.get(i).format(values[i]).toLowerCase(Locale.ROOT));
        }
        return text.toString();
    }
}
