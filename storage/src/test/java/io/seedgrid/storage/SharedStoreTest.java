package io.seedgrid.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The contracts on the shared backend: a directory of Parquet and JSON files. */
class SharedStoreTest implements StoreBackend {
    @Override
    public StorageConfig freshConfig(Path temp) {
        return StorageConfig.shared(temp.resolve("shared mount's dir"));
    }

    @Override
    public String name() {
        return "shared";
    }

    @Nested
    class Bars extends BarStoreContract {
        @Override
        StoreBackend backend() {
            return SharedStoreTest.this;
        }
    }

    @Nested
    class Runs extends RunStoreContract {
        @Override
        StoreBackend backend() {
            return SharedStoreTest.this;
        }
    }

    @Nested
    class Signals extends SignalStoreContract {
        @Override
        StoreBackend backend() {
            return SharedStoreTest.this;
        }
    }

    @Nested
    class Strategies extends StrategyStoreContract {
        @Override
        StoreBackend backend() {
            return SharedStoreTest.this;
        }
    }

    @Nested
    class Reports extends ReportStoreContract {
        @Override
        StoreBackend backend() {
            return SharedStoreTest.this;
        }
    }

    @Nested
    class Lifecycle extends StoreLifecycleContract {
        @Override
        StoreBackend backend() {
            return SharedStoreTest.this;
        }
    }
}
