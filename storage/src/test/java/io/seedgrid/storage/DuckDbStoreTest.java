package io.seedgrid.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The contracts on the local backend: a DuckDB file in a temporary directory. */
class DuckDbStoreTest implements StoreBackend {
    @Override
    public StorageConfig freshConfig(Path temp) {
        return StorageConfig.local(temp.resolve("home").resolve("seedgrid.duckdb"));
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public boolean separateHandles() {
        return false;
    }

    @Nested
    class Bars extends BarStoreContract {
        @Override
        StoreBackend backend() {
            return DuckDbStoreTest.this;
        }
    }

    @Nested
    class Runs extends RunStoreContract {
        @Override
        StoreBackend backend() {
            return DuckDbStoreTest.this;
        }
    }

    @Nested
    class Signals extends SignalStoreContract {
        @Override
        StoreBackend backend() {
            return DuckDbStoreTest.this;
        }
    }

    @Nested
    class Strategies extends StrategyStoreContract {
        @Override
        StoreBackend backend() {
            return DuckDbStoreTest.this;
        }
    }

    @Nested
    class Reports extends ReportStoreContract {
        @Override
        StoreBackend backend() {
            return DuckDbStoreTest.this;
        }
    }

    @Nested
    class Lifecycle extends StoreLifecycleContract {
        @Override
        StoreBackend backend() {
            return DuckDbStoreTest.this;
        }
    }
}
