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
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeJobResultPolicy;
import org.apache.ignite.compute.ComputeTaskAdapter;

/**
 * One generation on the grid: {@link #map} cuts the genomes into contiguous slices, about {@code slicesPerJobSlot}
 * per parallel job slot of the cluster (so every core is busy, nodes with more cores get more slices, and a failed
 * node loses little work), and hands them out by weighted round robin over the server nodes. {@link #reduce} puts
 * every fitness back at its genome's index, whatever node or failover produced it.
 *
 * <p>A job whose node leaves is failed over by {@code ComputeTaskAdapter.result} (topology errors give FAILOVER) and
 * the {@code AlwaysFailoverSpi}; any other job error fails the task.
 */
final class EvaluateTask extends ComputeTaskAdapter<EvaluateTask.Input, EvaluateTask.Output> {
    private static final long serialVersionUID = 1L;

    /** The generation to evaluate; stays on the coordinator. */
    record Input(String runKey, EvaluationSpec spec, List<double[]> genomes, int slicesPerJobSlot) {
    }

    /**
     * The generation's fitness, in genome order, with where it ran.
     *
     * @param perNode        genomes evaluated per node name
     * @param computeNanos   backtest time summed per node name
     * @param parallelism    jobs each node could run at once (its slots, at most its job count)
     */
    record Output(List<Fitness> fitness, Map<String, Integer> perNode, Map<String, Long> computeNanos,
            Map<String, Integer> parallelism, int failovers) {
    }

    private transient int size;
    private final transient java.util.concurrent.atomic.AtomicInteger failovers = new java.util.concurrent.atomic.AtomicInteger();
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
        int jobs = Math.max(1, Math.min(size, totalSlots * input.slicesPerJobSlot()));
        int[] assigned = new int[nodes.size()];
        byte[] spec = JavaBytes.write(input.spec());
        Map<ComputeJob, ClusterNode> map = new IdentityHashMap<>();
        for (int j = 0; j < jobs; j++) {
            int from = (int) ((long) size * j / jobs);
            int to = (int) ((long) size * (j + 1) / jobs);
            double[][] slice = input.genomes().subList(from, to).toArray(double[][]::new);
            int best = 0;
            for (int n = 1; n < nodes.size(); n++) {
                if ((assigned[n] + 1.0) / capacity[n] < (assigned[best] + 1.0) / capacity[best]) {
                    best = n;
                }
            }
            assigned[best]++;
            map.put(new EvaluateJob(input.runKey(), spec, from, slice), nodes.get(best));
        }
        return map;
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
        for (ComputeJobResult result : results) {
            SliceResult slice = result.getData();
            Fitness[] values = slice.fitness();
            System.arraycopy(values, 0, fitness, slice.start, values.length);
            perNode.merge(slice.node, values.length, Integer::sum);
            compute.merge(slice.node, slice.computeNanos, Long::sum);
            jobsPerNode.merge(slice.node, 1, Integer::sum);
        }
        for (int i = 0; i < fitness.length; i++) {
            if (fitness[i] == null) {
                throw new IgniteException("genome " + i + " came back without fitness");
            }
        }
        Map<String, Integer> parallelism = new LinkedHashMap<>();
        jobsPerNode.forEach((node, jobs) -> parallelism.put(node, Math.max(1, Math.min(jobs, slots.getOrDefault(node, 1)))));
        return new Output(Arrays.asList(fitness), perNode, compute, parallelism, failovers.get());
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
