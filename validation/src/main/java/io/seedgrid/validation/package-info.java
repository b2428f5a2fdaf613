/** The Phase 1 validation runner. Built in its own issue. */
package io.seedgrid.validation;
