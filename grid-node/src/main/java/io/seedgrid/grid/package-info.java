/** Fitness evaluation on Apache Ignite compute nodes. Built in its own issue. */
package io.seedgrid.grid;
