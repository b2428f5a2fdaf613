package io.seedgrid.cli;

import io.seedgrid.alerts.Webhook;
import io.seedgrid.cli.report.Json;
import io.seedgrid.cli.report.ValidationTable;
import io.seedgrid.grid.NodeConfig;
import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.validation.CheckResult;
import io.seedgrid.validation.ReportJson;
import io.seedgrid.validation.ReportSummary;
import io.seedgrid.validation.RunOutcome;
import io.seedgrid.validation.Runner;
import io.seedgrid.validation.Scheduler;
import io.seedgrid.validation.ValidationSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Is this deployment fit for production? Runs every check against the real",
            "system: storage health, seed registry, data sufficiency, signals, a",
            "population of 50, a short evolution, look-ahead and recursive seed checks,",
            "the storage interfaces, and the grid in cluster mode. Scores them by",
            "business value and stores the report in the configured storage.",
            "",
            "Production ready (the deployment guide) = overall status PASSED (no",
            "critical check failed) AND business value score >= 90 AND at least 85%%",
            "of the checks that ran passed. Score = 100 x weight of the passed checks",
            "/ weight of the checks that ran; skipped checks do not count.",
            "",
            "Exit code: 0 production ready, 1 not ready (e.g. storage unreachable),",
            "2 could not run at all (bad options, or a storage configuration that",
            "cannot be resolved). With --every: the last cycle's verdict.",
            "",
            "--every 24h runs in the foreground like a service (Ctrl-C stops it); a",
            "change between ready and not ready logs an ALERT line and POSTs the",
            "report to --webhook. For cron, run `seedgrid validate` and use the exit",
            "code (see README).",
            ""
        })
final class ValidateCommand implements Callable<Integer> {
    enum Mode {
        local,
        cluster
    }

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Option(
            names = "--symbol",
            paramLabel = "SYMBOL",
            description = "Stored symbol the population, evolution and grid checks use. Default: the stored series "
                    + "with the most bars.")
    String symbol;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "${env:SEEDGRID_MODE:-local}",
            description = "local, or cluster: also check the grid given by --discovery (joined as a client that "
                    + "computes nothing). Env SEEDGRID_MODE. Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(
            names = "--join-timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "With --mode cluster: how long to wait for a server node. Default: ${DEFAULT-VALUE}.")
    long joinTimeout;

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--json",
            description =
                    "Print the report as JSON on stdout (the table goes nowhere; the verdict " + "line to stderr).")
    boolean json;

    @Option(
            names = "--history",
            description =
                    "Show the stored validations (verdict, score, time), newest first, " + "instead of validating.")
    boolean history;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "With --history: how many. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(
            names = "--every",
            paramLabel = "DURATION",
            description = "Validate on a schedule in the foreground: 30s, 15m, 24h, 7d (or ISO-8601 like PT15M). "
                    + "Each cycle stores its report; a change of readiness logs an ALERT and POSTs to --webhook.")
    String every;

    @Option(
            names = "--cycles",
            paramLabel = "N",
            defaultValue = "0",
            description = "With --every: stop after N cycles (0: run until stopped). Default: ${DEFAULT-VALUE}.")
    int cycles;

    @Option(
            names = "--webhook",
            paramLabel = "URL",
            defaultValue = "${env:" + Webhook.ENV_URL + "}",
            description = "With --every: http(s) URL the report is POSTed to when readiness changes (env "
                    + Webhook.ENV_URL + ").")
    String webhook;

    @Override
    public Integer call() {
        if (history) {
            return history();
        }
        Runner runner = runner();
        if (every == null) {
            if (cycles != 0) {
                throw new IllegalArgumentException("--cycles needs --every");
            }
            RunOutcome outcome = runner.run();
            print(outcome);
            return outcome.report().productionReady() ? 0 : 1;
        }
        return schedule(runner);
    }

    private Runner runner() {
        List<StorageConfig> backends;
        try {
            backends = storage.deploymentBackends();
        } catch (StorageException e) {
            // A configuration that cannot even be resolved: nothing can be judged (exit 2).
            throw new IllegalArgumentException("storage configuration: " + e.getMessage(), e);
        }
        Runner.Builder builder = Runner.builder(backends).symbol(symbol).settings(ValidationSettings.DEFAULT);
        if (mode == Mode.cluster) {
            String name = "validate-" + ProcessHandle.current().pid();
            // The check says why a client could not join; Ignite's own stack trace of that failure is noise here.
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.ignite.internal.IgniteKernal%" + name, "off");
            NodeConfig config = cluster.nodeConfig()
                    .name(name)
                    .client(true)
                    .joinTimeout(ClusterOptions.seconds(joinTimeout, "--join-timeout"))
                    .failureMode(NodeConfig.FailureMode.STOP_NODE)
                    .build();
            builder.grid(config);
        }
        return builder.build();
    }

    private void print(RunOutcome outcome) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            out.println(outcome.json());
            err.println("seedgrid validate: " + outcome.report().verdict());
        } else {
            out.print(ValidationTable.render(outcome));
        }
        out.flush();
        err.flush();
    }

    private int schedule(Runner runner) {
        Duration period = Scheduler.parsePeriod(every);
        if (cycles < 0) {
            throw new IllegalArgumentException("--cycles must be >= 0 but was " + cycles);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scheduler.Builder builder =
                Scheduler.builder(runner::run, period).cycles(cycles).listener(new Printer(out, err));
        String hook = webhook == null || webhook.isBlank() ? null : webhook;
        if (hook != null) {
            builder.webhook(new Webhook(Webhook.parse(hook), Duration.ofSeconds(10)));
        }
        Scheduler scheduler = builder.build();
        err.printf(
                "seedgrid validate: every %s%s%s; Ctrl-C to stop%n",
                every, cycles > 0 ? ", " + cycles + " cycle(s)" : "", hook != null ? ", alerts POSTed to " + hook : "");
        err.flush();
        // Ctrl-C / SIGTERM: stop the schedule and let the JVM exit once the loop has ended (at most 20 s later).
        CountDownLatch loopEnded = new CountDownLatch(1);
        Thread hookThread = new Thread(
                () -> {
                    scheduler.stop();
                    try {
                        loopEnded.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                },
                "seedgrid-validate-stop");
        Runtime.getRuntime().addShutdownHook(hookThread);
        Scheduler.Summary summary;
        try {
            summary = scheduler.run();
            err.printf(
                    "seedgrid validate: %s after %d cycle(s)%n",
                    summary.stopped() ? "stopped" : "done", summary.cycles());
            err.flush();
        } finally {
            loopEnded.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hookThread);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
        return summary.last().map(o -> o.report().productionReady() ? 0 : 1).orElse(1);
    }

    /** Scheduled cycles as log lines: time, cycle, verdict; alerts and webhook deliveries on stderr. */
    private final class Printer implements Scheduler.Listener {
        private final PrintWriter out;
        private final PrintWriter err;

        Printer(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void cycleFinished(int cycle, RunOutcome outcome) {
            if (json) {
                out.println(outcome.json());
            } else {
                out.printf(
                        "%s cycle %d: %s", outcome.report().finishedAt(), cycle, ValidationTable.verdictLines(outcome));
                for (CheckResult failed : outcome.report().failedTests()) {
                    out.printf(
                            "  failed %s%s: %s%n",
                            failed.name(), failed.critical() ? " (critical)" : "", failed.reason());
                }
            }
            out.flush();
        }

        @Override
        public void cycleFailed(int cycle, RuntimeException e) {
            err.printf("%s cycle %d could not run: %s%n", Instant.now().truncatedTo(ChronoUnit.MILLIS), cycle, e);
            err.flush();
        }

        @Override
        public void alert(Scheduler.Alert alert) {
            err.println(alert.line());
            err.flush();
        }

        @Override
        public void webhook(Scheduler.Alert alert, Webhook.Delivery delivery) {
            err.printf("%s %s%n", Instant.now().truncatedTo(ChronoUnit.MILLIS), delivery.line());
            err.flush();
        }
    }

    private int history() {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be >= 1 but was " + limit);
        }
        StorageConfig config;
        try {
            config = storage.config();
        } catch (StorageException e) {
            throw new IllegalArgumentException("storage configuration: " + e.getMessage(), e);
        }
        List<ReportSummary> past = new ArrayList<>();
        try (Store store = Stores.open(config)) {
            for (ReportRecord record : store.reports().reports(limit)) {
                try {
                    past.add(ReportJson.summary(record.json()));
                } catch (IllegalArgumentException notAValidation) {
                    // another kind of report
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(past));
        } else if (past.isEmpty()) {
            out.printf(
                    "no validation stored yet in %s storage at %s (run: seedgrid validate)%n",
                    config.backend(), config.location());
        } else {
            out.printf("validations in %s storage at %s, newest first:%n", config.backend(), config.location());
            past.forEach(p -> out.println(p.line()));
        }
        out.flush();
        return 0;
    }
}
