/**
 * The grid node as a service ({@link io.seedgrid.grid.node.NodeService}), its bare {@code main}
 * ({@link io.seedgrid.grid.node.NodeMain}) and node JVMs started from this one
 * ({@link io.seedgrid.grid.node.NodeProcess}, for benchmarks and tests).
 */
package io.seedgrid.grid.node;
