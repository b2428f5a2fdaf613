package io.seedgrid.cli;

import io.seedgrid.alerts.Alert;
import io.seedgrid.alerts.Alerts;
import io.seedgrid.alerts.Webhook;
import io.seedgrid.storage.Store;
import io.seedgrid.strategies.GateConfig;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import io.seedgrid.strategies.live.LiveLoop;
import io.seedgrid.strategies.live.LoopSettings;
import io.seedgrid.strategies.live.Reevolution;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code seedgrid evolve --every PERIOD --name NAME}: re-evolves a registered strategy at once, then every period, and
 * whenever its PRODUCTION version drifts or decays (judged on its stored live signals), in the foreground until
 * stopped. Each run repeats the settings its version was evolved with on the newest stored bars; the best accepted
 * result becomes the name's next version and enters SHADOW; a failed run is recorded and alerted, production stays as
 * it was. Between runs this is the live loop for that name (signals, gates, alerts), polled every {@code poll}.
 */
final class EvolveSchedule {
    private final Store store;
    private final String name;
    private final Duration every;
    private final Duration poll;
    private final int maxPolls;
    private final GateConfig gates;
    private final ClusterRunOptions.Grid grid;
    private final Optional<Webhook> webhook;
    private final PrintWriter out;

    EvolveSchedule(
            Store store,
            String name,
            Duration every,
            Duration poll,
            int maxPolls,
            GateConfig gates,
            ClusterRunOptions.Grid grid,
            Optional<Webhook> webhook,
            PrintWriter out) {
        this.store = store;
        this.name = NewStrategy.requireName(name);
        this.every = every;
        this.poll = poll;
        this.maxPolls = maxPolls;
        this.gates = gates;
        this.grid = grid;
        this.webhook = webhook;
        this.out = out;
    }

    int run() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        StrategyRegistry registry = StrategyRegistries.open(store, clock, gates);
        if (registry.find(name).isEmpty()) {
            throw new IllegalArgumentException("--every re-evolves a registered strategy, and no strategy is named '"
                    + name + "': evolve it first ('seedgrid evolve --name " + name + " ...')");
        }
        Reevolution reevolution = new Reevolution(store, registry, clock, grid::configure, GateOptions.actor());
        LiveLoop.Builder b = LiveLoop.builder(store, registry, clock)
                .reevolution(reevolution)
                .settings(LoopSettings.builder()
                        .reevolveEvery(every)
                        .names(Set.of(name))
                        .actor(GateOptions.actor())
                        .build())
                .log(line -> {
                    out.printf("%s  %s%n", clock.instant(), line);
                    out.flush();
                })
                .alertListener(new Alerts.Listener() {
                    @Override
                    public void changed(Alert alert) {
                        out.println(alert.line());
                        out.flush();
                    }

                    @Override
                    public void delivered(Alert alert, Webhook.Delivery delivery) {
                        out.println(delivery.line());
                        out.flush();
                    }
                });
        webhook.ifPresent(b::webhook);
        LiveLoop loop = b.build();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "seedgrid-evolve-every-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.printf("re-evolving %s now, then every %s and on drift or decay (Ctrl-C stops)%n", name, every);
            out.flush();
            Reevolution.Outcome first = reevolution.run(name, Reevolution.Trigger.SCHEDULE);
            out.printf("%s  %s%n", first.at(), first.message());
            out.flush();
            for (int polls = 0; maxPolls == 0 || polls < maxPolls; polls++) {
                loop.tick();
                if (stop.await(poll.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        return 0;
    }
}
