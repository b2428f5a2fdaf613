/**
 * Fitness evaluation on an Apache Ignite compute grid.
 *
 * <p>Public surface: {@link io.seedgrid.grid.NodeConfig} (how a node joins: programmatic Ignite configuration,
 * loopback by default), {@link io.seedgrid.grid.GridNodes} (start a node, ask about the cluster) and
 * {@link io.seedgrid.grid.GridEvaluator} (the {@code GenomeEvaluator} that sends each generation to the grid as one
 * task). The task, its jobs and the node-side run cache are package-private. The node process lives in
 * {@code io.seedgrid.grid.node}. See docs/cluster.md.
 */
package io.seedgrid.grid;
