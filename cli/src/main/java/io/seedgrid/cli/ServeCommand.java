package io.seedgrid.cli;

import io.seedgrid.alerts.Webhook;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.service.HttpAlerts;
import io.seedgrid.service.HttpLimits;
import io.seedgrid.service.LifecycleMonitor;
import io.seedgrid.service.SeedgridService;
import io.seedgrid.service.SeedgridServices;
import io.seedgrid.service.ServiceConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import io.seedgrid.strategies.live.LiveLoop;
import io.seedgrid.strategies.live.LoopSettings;
import io.seedgrid.strategies.live.Reevolution;
import io.seedgrid.validation.Scheduler;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the HTTP service until stopped (Ctrl-C), with the live loop every --lifecycle-every.",
            "GET /health, /health/detailed, /metrics (Prometheus), /alerts, /strategies, /strategies/{id},",
            "/strategies/{id}/signals?symbol=&since=, /strategies/{id}/compare/{other}, /runs, /runs/{id};",
            "POST /runs, /strategies/{id}/promote|shadow|rollback|archive. Writes need",
            "'Authorization: Bearer <token>' with the token from env " + ServiceConfig.TOKEN_ENV + " (no token:",
            "writes answer 401; reads of signals never compute new ones without it). Listens on 127.0.0.1 unless",
            "--host says otherwise. Slow or greedy clients are bounded: idle connections and slow bodies are cut",
            "off, bodies are capped, and requests beyond --max-requests wait (GET /health never does)."
        })
final class ServeCommand implements Callable<Integer> {
    /** Where the token comes from: the environment (tests put their own). */
    static UnaryOperator<String> environment = System::getenv;

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Mixin
    GateOptions gates;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            defaultValue = ServiceConfig.DEFAULT_HOST,
            description =
                    "Interface to listen on; 0.0.0.0 for every one. Default: ${DEFAULT-VALUE} (this machine only).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "TCP port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--max-runs",
            paramLabel = "N",
            defaultValue = "1",
            description = "Evolution runs computing at once. Default: ${DEFAULT-VALUE}.")
    int maxRuns;

    @Option(
            names = "--queue",
            paramLabel = "N",
            defaultValue = "2",
            description = "Runs waiting for a slot; beyond, POST /runs answers 429. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads per run (default: one per core).")
    Integer threads;

    @Option(
            names = "--idle-timeout",
            paramLabel = "SECONDS",
            defaultValue = "" + HttpLimits.DEFAULT_IDLE_SECONDS,
            description = "Close a connection that sends nothing for this long (a stalled request too; computing an"
                    + " answer does not count). Default: ${DEFAULT-VALUE}.")
    int idleTimeout;

    @Option(
            names = "--body-timeout",
            paramLabel = "SECONDS",
            defaultValue = "" + HttpLimits.DEFAULT_BODY_SECONDS,
            description = "A request body must arrive in full within this, else 408. Default: ${DEFAULT-VALUE}.")
    int bodyTimeout;

    @Option(
            names = "--max-body",
            paramLabel = "BYTES",
            defaultValue = "" + HttpLimits.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body accepted, else 413. Default: ${DEFAULT-VALUE}.")
    long maxBody;

    @Option(
            names = "--max-requests",
            paramLabel = "N",
            defaultValue = "" + HttpLimits.DEFAULT_MAX_REQUESTS,
            description = "Requests handled at once (GET /health is not counted); more wait, without a thread, up to "
                    + HttpLimits.DEFAULT_QUEUE_SECONDS + " s, then get 503. Default: ${DEFAULT-VALUE}.")
    int maxRequests;

    @Option(
            names = "--lifecycle-every",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = {
                "Run the live loop every SECONDS: signals of every SHADOW, CANARY and PRODUCTION version for",
                "newly stored bars, then gates (canary steps and rollbacks, drift), re-evolutions, alerts (on",
                "/metrics and GET /alerts, and to --webhook). 0 turns the loop off. Default: ${DEFAULT-VALUE}."
            })
    double lifecycleEvery;

    @Option(
            names = "--webhook",
            paramLabel = "URL",
            defaultValue = "${env:" + Webhook.ENV_URL + "}",
            description = "POST each alert (JSON: rule, subject, value, threshold, time, link) when it fires and when"
                    + " it clears (default: env " + Webhook.ENV_URL + ").")
    String webhook;

    @Option(
            names = "--promote-shadows",
            description = "A SHADOW that passes its gates goes to CANARY by itself"
                    + " (default: it waits for 'strategies promote').")
    boolean promoteShadows;

    @Option(
            names = "--reevolve-every",
            paramLabel = "PERIOD",
            description = "Re-evolve each PRODUCTION version this often (e.g. 1d) with its own settings on the newest"
                    + " stored bars; drift or decay re-evolve it too. Default: on drift or decay only.")
    String reevolveEvery;

    @Override
    public Integer call() {
        String token = environment.apply(ServiceConfig.TOKEN_ENV);
        if (!(lifecycleEvery >= 0 && lifecycleEvery <= 86_400)) {
            throw new IllegalArgumentException(
                    "--lifecycle-every must lie in [0, 86400] seconds but was " + lifecycleEvery);
        }
        HttpLimits limits = HttpLimits.DEFAULT
                .withIdleTimeout(Duration.ofSeconds(idleTimeout))
                .withBodyTimeout(Duration.ofSeconds(bodyTimeout))
                .withMaxBodyBytes(maxBody)
                .withMaxRequests(maxRequests);
        ServiceConfig.Builder b = ServiceConfig.builder()
                .host(host)
                .port(port)
                .apiToken(token)
                .maxRunningRuns(maxRuns)
                .maxQueuedRuns(queue)
                .gates(gates.config())
                .limits(limits);
        if (threads != null) {
            b.evaluationThreads(threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        boolean interrupted = false;
        ExecutorService reevolutions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "seedgrid-reevolution");
            t.setDaemon(true);
            return t;
        });
        try (Store store = storage.open();
                SeedgridService service =
                        SeedgridServices.start(lifecycle(b, store, reevolutions).build(), store)) {
            ServiceConfig config = b.build();
            out.printf(
                    "seedgrid service listening on %s%n  storage: %s %s%n  writes: %s%n",
                    service.url(),
                    store.backend(),
                    store.location(),
                    config.apiToken().isPresent()
                            ? "need 'Authorization: Bearer <token>' (token from " + ServiceConfig.TOKEN_ENV + ")"
                            : "disabled (" + ServiceConfig.TOKEN_ENV + " is not set)");
            if (!config.loopbackOnly()) {
                err.printf(
                        "warning: listening on %s, reachable from other machines%s%n",
                        host, config.apiToken().isPresent() ? "" : "; reads need no token");
            }
            out.flush();
            err.flush();
            Thread hook = new Thread(
                    () -> { // Ctrl-C: let the service and the store close before the JVM goes
                        stopped.countDown();
                        try {
                            closed.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "seedgrid-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                interrupted = true; // stop serving; the flag is set again once the server has closed cleanly
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is stopping: the hook is running
                }
            }
            out.println("seedgrid service stopping");
            out.flush();
        } finally {
            reevolutions.shutdownNow();
            closed.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    /** The live loop on {@code store}, ticked by the service every --lifecycle-every (none at 0). */
    private ServiceConfig.Builder lifecycle(ServiceConfig.Builder b, Store store, ExecutorService reevolutions) {
        if (lifecycleEvery == 0) {
            return b;
        }
        ServiceConfig config = b.build();
        StrategyRegistry registry = StrategyRegistries.open(store, config.clock(), config.gates());
        int evaluationThreads = config.evaluationThreads();
        LiveLoop.Builder loop = LiveLoop.builder(store, registry, config.clock())
                .settings(LoopSettings.builder()
                        .promoteShadows(promoteShadows)
                        .reevolveEvery(reevolveEvery == null ? null : Scheduler.parsePeriod(reevolveEvery))
                        .build())
                .reevolution(new Reevolution(
                        store,
                        registry,
                        config.clock(),
                        run -> run.evaluators(
                                (s, context) -> new LocalEvaluator(s.fitnessFunction(), context, evaluationThreads)),
                        "lifecycle"))
                .runs(reevolutions);
        if (webhook != null && !webhook.isBlank()) {
            loop.webhook(new Webhook(Webhook.parse(webhook), Duration.ofSeconds(10)));
        }
        return b.monitor(new LifecycleMonitor(
                loop.build(), Optional.of(Duration.ofMillis(Math.round(lifecycleEvery * 1000))), HttpAlerts.DEFAULT));
    }
}
