/** Storage: one interface, three backends (local DuckDB, shared directory, PostgreSQL). Built in its own issue. */
package io.seedgrid.storage;
