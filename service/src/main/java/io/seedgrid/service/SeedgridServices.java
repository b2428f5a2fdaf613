package io.seedgrid.service;

import io.seedgrid.storage.Store;
import java.util.Objects;

/** Starts the seedgrid HTTP service. */
public final class SeedgridServices {
    private SeedgridServices() {}

    /**
     * Starts the service on {@code config.host():config.port()}, serving the strategies, signals and runs of
     * {@code store} (which stays the caller's to close, after the service). Runs of {@code store} whose service is
     * gone are taken over and resumed (or started, if they were queued) first.
     */
    public static SeedgridService start(ServiceConfig config, Store store) {
        return HttpService.start(Objects.requireNonNull(config, "config"), Objects.requireNonNull(store, "store"));
    }
}
