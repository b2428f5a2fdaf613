/**
 * Helpers shared by the backends. Not API: public only because Java packages cannot share otherwise; may change
 * without notice. Use {@link io.seedgrid.storage.Stores} and {@link io.seedgrid.storage.Store}.
 */
package io.seedgrid.storage.internal;
