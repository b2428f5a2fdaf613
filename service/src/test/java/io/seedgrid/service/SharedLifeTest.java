package io.seedgrid.service;

import io.seedgrid.storage.StorageConfig;
import java.util.concurrent.atomic.AtomicInteger;

/** Lives of strategies on the shared backend. */
class SharedLifeTest extends LifeOfAStrategyTest {
    private static final AtomicInteger DIRS = new AtomicInteger();

    @Override
    StorageConfig freshConfig() {
        return StorageConfig.shared(temp.resolve("shared-" + DIRS.incrementAndGet()));
    }
}
