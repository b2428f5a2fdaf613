package io.seedgrid.grid;

import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeJobResultPolicy;
import org.apache.ignite.compute.ComputeTaskAdapter;

/**
 * One generation on the grid: {@link #map} cuts the genomes into slices, about {@code slicesPerJobSlot} per parallel
 * job slot of the cluster (so every core is busy, nodes with more cores get more slices, and a failed node loses
 * little work), and hands them out by weighted round robin over the server nodes. Slices are contiguous runs of
 * genomes, except that genomes of one signal group ({@link SignalGroups}: they need the same expensive signal, not
 * trained yet) all join the slice of the group's first genome, so that one node trains it once. {@link #reduce} puts
 * every fitness back at its genome's index, whatever node or failover produced it.
 *
 * <p>A job whose node leaves is failed over by {@code ComputeTaskAdapter.result} (topology errors give FAILOVER) and
 * the {@code AlwaysFailoverSpi}; any other job error fails the task.
 */
final class EvaluateTask extends ComputeTaskAdapter<EvaluateTask.Input, EvaluateTask.Output> {
    private static final long serialVersionUID = 2L;

    /**
     * The generation to evaluate; stays on the coordinator.
     *
     * @param groups        per genome, the index of the first genome of its signal group (itself when alone)
     * @param shareSignals  whether nodes read and fill the cluster's cache of expensive seed signals
     */
    record Input(
            String runKey,
            EvaluationSpec spec,
            List<double[]> genomes,
            int[] groups,
            int slicesPerJobSlot,
            boolean shareSignals) {}

    /**
     * The generation's fitness, in genome order, with where it ran.
     *
     * @param perNode        genomes evaluated per node name
     * @param computeNanos   backtest time summed per node name
     * @param parallelism    jobs each node could run at once (its slots, at most its job count)
     * @param trainedPerNode expensive seed signals trained per node name
     * @param fetchedPerNode expensive seed signals read from the cluster's cache per node name
     * @param jobs           jobs the generation was cut into
     * @param requestBytes   payload bytes of those jobs (spec, genomes, indices)
     * @param resultBytes    bytes of the serialized fitness that came back
     */
    record Output(
            List<Fitness> fitness,
            Map<String, Integer> perNode,
            Map<String, Long> computeNanos,
            Map<String, Integer> parallelism,
            int failovers,
            Map<String, Integer> trainedPerNode,
            Map<String, Integer> fetchedPerNode,
            int jobs,
            long requestBytes,
            long resultBytes) {}

    private transient int size;
    private transient int jobs;
    private transient long requestBytes;
    private final transient AtomicInteger failovers = new AtomicInteger();
    private final transient Map<String, Integer> slots = new HashMap<>();

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, Input input) {
        if (subgrid.isEmpty()) {
            throw new IgniteException("no server node to map jobs to");
        }
        List<ClusterNode> nodes = new ArrayList<>(subgrid);
        nodes.sort(Comparator.comparingLong(ClusterNode::order));
        int[] capacity = new int[nodes.size()];
        int totalSlots = 0;
        for (int i = 0; i < capacity.length; i++) {
            capacity[i] = slotsOf(nodes.get(i));
            totalSlots += capacity[i];
            slots.put(name(nodes.get(i)), capacity[i]);
        }
        size = input.genomes().size();
        List<int[]> slices = slices(input.groups(), Math.max(1, Math.min(size, totalSlots * input.slicesPerJobSlot())));
        jobs = slices.size();
        int[] assigned = new int[nodes.size()];
        byte[] spec = JavaBytes.write(input.spec());
        Map<ComputeJob, ClusterNode> map = new IdentityHashMap<>();
        for (int[] indices : slices) {
            double[][] slice = new double[indices.length][];
            for (int k = 0; k < indices.length; k++) {
                slice[k] = input.genomes().get(indices[k]);
            }
            int best = 0;
            for (int n = 1; n < nodes.size(); n++) {
                if ((assigned[n] + 1.0) / capacity[n] < (assigned[best] + 1.0) / capacity[best]) {
                    best = n;
                }
            }
            assigned[best]++;
            EvaluateJob job = new EvaluateJob(input.runKey(), spec, input.shareSignals(), indices, slice);
            requestBytes += job.payloadBytes();
            map.put(job, nodes.get(best));
        }
        return map;
    }

    /**
     * Cuts genome indices {@code 0..groups.length-1} into at most {@code jobs} slices: contiguous runs of equal size,
     * except that a genome whose group already has a slice joins it. Empty slices are dropped.
     */
    static List<int[]> slices(int[] groups, int jobs) {
        int size = groups.length;
        int[] jobOfGroup = new int[size];
        Arrays.fill(jobOfGroup, -1);
        int[] count = new int[jobs];
        int[] jobOf = new int[size];
        int current = 0;
        for (int i = 0; i < size; i++) {
            int g = groups[i];
            int j = jobOfGroup[g];
            if (j < 0) {
                while (current < jobs - 1 && count[current] >= capacity(size, jobs, current)) {
                    current++;
                }
                j = current;
                jobOfGroup[g] = j;
            }
            jobOf[i] = j;
            count[j]++;
        }
        int[][] members = new int[jobs][];
        for (int j = 0; j < jobs; j++) {
            members[j] = new int[count[j]];
        }
        int[] filled = new int[jobs];
        for (int i = 0; i < size; i++) {
            members[jobOf[i]][filled[jobOf[i]]++] = i;
        }
        return Arrays.stream(members).filter(m -> m.length > 0).toList();
    }

    /** Genomes slice {@code j} of {@code jobs} takes when no group moves any: the even contiguous cut. */
    private static int capacity(int size, int jobs, int j) {
        return (int) ((long) size * (j + 1) / jobs - (long) size * j / jobs);
    }

    /** The adapter's policy (topology errors fail over, other errors fail the task), counting failovers. */
    @Override
    public ComputeJobResultPolicy result(ComputeJobResult result, List<ComputeJobResult> received) {
        ComputeJobResultPolicy policy = super.result(result, received);
        if (policy == ComputeJobResultPolicy.FAILOVER) {
            failovers.incrementAndGet();
        }
        return policy;
    }

    @Override
    public Output reduce(List<ComputeJobResult> results) {
        Fitness[] fitness = new Fitness[size];
        Map<String, Integer> perNode = new LinkedHashMap<>();
        Map<String, Long> compute = new LinkedHashMap<>();
        Map<String, Integer> jobsPerNode = new HashMap<>();
        Map<String, Integer> trained = new LinkedHashMap<>();
        Map<String, Integer> fetched = new LinkedHashMap<>();
        long resultBytes = 0;
        for (ComputeJobResult result : results) {
            SliceResult slice = result.getData();
            Fitness[] values = slice.fitness();
            for (int k = 0; k < values.length; k++) {
                fitness[slice.indices[k]] = values[k];
            }
            perNode.merge(slice.node, values.length, Integer::sum);
            compute.merge(slice.node, slice.computeNanos, Long::sum);
            jobsPerNode.merge(slice.node, 1, Integer::sum);
            trained.merge(slice.node, slice.trained, Integer::sum);
            fetched.merge(slice.node, slice.fetched, Integer::sum);
            resultBytes += slice.fitness.length;
        }
        for (int i = 0; i < fitness.length; i++) {
            if (fitness[i] == null) {
                throw new IgniteException("genome " + i + " came back without fitness");
            }
        }
        Map<String, Integer> parallelism = new LinkedHashMap<>();
        jobsPerNode.forEach((node, n) -> parallelism.put(node, Math.max(1, Math.min(n, slots.getOrDefault(node, 1)))));
        return new Output(
                Arrays.asList(fitness),
                perNode,
                compute,
                parallelism,
                failovers.get(),
                trained,
                fetched,
                jobs,
                requestBytes,
                resultBytes);
    }

    static int slotsOf(ClusterNode node) {
        Object attr = node.attribute(NodeConfig.ATTR_PARALLEL_JOBS);
        if (attr instanceof Integer n && n > 0) {
            return n;
        }
        return Math.max(1, node.metrics().getTotalCpus());
    }

    static String name(ClusterNode node) {
        Object attr = node.attribute(NodeConfig.ATTR_NAME);
        return attr instanceof String s ? s : node.id().toString().substring(0, 8);
    }
}
