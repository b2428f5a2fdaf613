package io.seedgrid.service;

import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A service process for {@link ServiceRestartTest}: serves a shared directory on a free loopback port (one run at a
 * time, two queued, one evaluation thread), writes its URL to a file once listening, and runs until killed. SIGTERM
 * closes it as {@code seedgrid serve} does.
 *
 * <p>Arguments: shared directory, URL file.
 */
public final class ServiceMain {
    private ServiceMain() {}

    public static void main(String[] args) throws Exception {
        Store store = Stores.open(StorageConfig.shared(Path.of(args[0])));
        SeedgridService service = SeedgridServices.start(
                ServiceConfig.builder()
                        .port(0)
                        .apiToken(ServiceTest.TOKEN)
                        .maxRunningRuns(1)
                        .maxQueuedRuns(2)
                        .evaluationThreads(1)
                        .build(),
                store);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            store.close();
                        },
                        "service-main-stop"));
        Path url = Path.of(args[1]);
        Path temp = url.resolveSibling(url.getFileName() + ".tmp");
        Files.writeString(temp, service.url());
        Files.move(temp, url, StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(Long.MAX_VALUE);
    }
}
