package io.seedgrid.service;

import io.seedgrid.storage.StorageConfig;
import java.util.concurrent.atomic.AtomicInteger;

/** Lives of strategies on the local backend. */
class DuckDbLifeTest extends LifeOfAStrategyTest {
    private static final AtomicInteger FILES = new AtomicInteger();

    @Override
    StorageConfig freshConfig() {
        return StorageConfig.local(temp.resolve("life-" + FILES.incrementAndGet() + ".duckdb"));
    }
}
