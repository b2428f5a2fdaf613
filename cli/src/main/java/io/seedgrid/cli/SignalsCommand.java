package io.seedgrid.cli;

import io.seedgrid.service.ApiJson;
import io.seedgrid.storage.Store;
import io.seedgrid.strategies.DriftReport;
import io.seedgrid.strategies.LiveSignal;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.SignalService;
import io.seedgrid.strategies.SignalServices;
import io.seedgrid.strategies.SignalUpdate;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "signals",
        mixinStandardHelpOptions = true,
        description = {
            "Computes a strategy's signal for every stored bar not yet signalled, stores it, and prints or",
            "exports the new signals (or, with --since/--all, the stored ones). Incremental and idempotent:",
            "running it twice stores nothing twice. Each signal equals what the backtest used for that bar;",
            "the position (1 long, 0 flat, -1 short) is decided at that bar's close and taken as the strategy's",
            "fill says: with next-open (the default) at the next bar's open, with next-close at the next close.",
            "--follow keeps going as new bars are ingested (Ctrl-C stops). For CANARY and PRODUCTION strategies",
            "a drift check follows each update. Each signal carries the share of the name's capital the version",
            "carried when it was decided (a CANARY its step's, PRODUCTION the rest): trade share x position."
        })
final class SignalsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Mixin
    GateOptions gates;

    @Option(
            names = "--strategy",
            required = true,
            paramLabel = "ID",
            description = "A strategy id (name@version), or a name for its newest version.")
    String strategy;

    @Option(
            names = "--symbol",
            paramLabel = "SYMBOL",
            description = "Stored bars to compute signals on (the strategy's timeframe). Default: the symbol it was "
                    + "evolved on.")
    String symbol;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Print the stored signals from this time on (ISO-8601 instant or date) instead of the new "
                    + "ones.")
    String since;

    @Option(names = "--all", description = "Print every stored signal instead of the new ones.")
    boolean all;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, csv or json (with --follow: one JSON object per update and line). Default: "
                    + "${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description =
                    "Write the signals to FILE instead of stdout "
                            + "(replaced atomically; appended to with --follow). A file gets every stored signal unless --since "
                            + "says from when: an export of only the new ones would be empty once signals were computed before.")
    Path out;

    @Option(names = "--follow", description = "Keep computing as new bars are stored, until stopped.")
    boolean follow;

    @Option(
            names = "--interval",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "With --follow: seconds between looks at the store. Default: ${DEFAULT-VALUE}.")
    double interval;

    @Option(
            names = "--max-polls",
            paramLabel = "N",
            hidden = true,
            description = "With --follow: stop after N looks (for scripts and tests).")
    Integer maxPolls;

    @Override
    public Integer call() throws IOException {
        String fmt = json ? "json" : format.toLowerCase(Locale.ROOT);
        if (!List.of("table", "csv", "json").contains(fmt)) {
            throw new IllegalArgumentException("--format must be table, csv or json but was '" + format + "'");
        }
        if (since != null && all) {
            throw new IllegalArgumentException("give --since or --all, not both");
        }
        if (follow && (since != null || all)) {
            throw new IllegalArgumentException(
                    "--follow prints new signals as they come; it takes no --since or --all");
        }
        if (!(interval > 0 && interval <= 86_400)) {
            throw new IllegalArgumentException("--interval must lie in (0, 86400] seconds but was " + interval);
        }
        Instant from = since == null ? null : parseTime("--since", since);
        PrintWriter human = spec.commandLine().getErr();
        try (Store store = storage.open()) {
            StrategyRegistry registry = StrategyRegistries.open(store, Clock.systemUTC(), gates.config());
            SignalService signals = SignalServices.open(store, registry);
            RegisteredStrategy s = registry.get(strategy);
            String sym = symbol != null ? symbol : s.evolvedOn().symbol();
            if (!follow) {
                SignalUpdate u = signals.update(s.id(), sym);
                // a file is an export: the whole stored series (or from --since), not only what this call added
                boolean every = all || out != null;
                List<LiveSignal> shown = every || from != null ? signals.signals(s.id(), sym, from) : u.added();
                DriftReport drift = driftAfter(registry, s, sym);
                human.printf(
                        Locale.ROOT,
                        "%s on %s %s: %d new signal(s) stored (%d bars, %d signalled before), %d ms%n",
                        s.id(),
                        sym,
                        u.timeframe(),
                        u.stored(),
                        u.bars() < 0 ? u.alreadySignalled() : u.bars(),
                        u.alreadySignalled(),
                        u.computeMillis());
                if (drift != null) {
                    human.printf("drift: %s - %s%n", drift.status(), drift.message());
                }
                human.flush();
                String text = render(fmt, s, u, shown, drift, true);
                if (out != null) {
                    writeAtomically(out, text);
                    human.printf("%d signal(s) written to %s%n", shown.size(), out);
                    human.flush();
                } else {
                    print(text);
                }
                return 0;
            }
            AtomicInteger polls = new AtomicInteger();
            boolean[] header = {true};
            human.printf("following %s on %s every %s s (Ctrl-C stops)%n", s.id(), sym, interval);
            human.flush();
            try {
                signals.follow(
                        s.id(),
                        sym,
                        Duration.ofMillis(Math.round(interval * 1000)),
                        u -> {
                            DriftReport drift = driftAfter(registry, s, sym);
                            human.printf(
                                    Locale.ROOT,
                                    "%s: %d new signal(s)%s%n",
                                    Instant.now(),
                                    u.stored(),
                                    drift == null ? "" : ", drift " + drift.status());
                            human.flush();
                            String text = render(fmt, s, u, u.added(), drift, header[0]);
                            header[0] = false;
                            if (out != null) {
                                try {
                                    Files.writeString(
                                            out,
                                            text.endsWith("\n") ? text : text + "\n",
                                            StandardCharsets.UTF_8,
                                            StandardOpenOption.CREATE,
                                            StandardOpenOption.APPEND);
                                } catch (IOException e) {
                                    throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
                                }
                            } else {
                                print(text);
                            }
                        },
                        () -> maxPolls == null || polls.incrementAndGet() < maxPolls);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    /** A drift check after new signals, for live strategies on their own symbol; null otherwise. */
    private static DriftReport driftAfter(StrategyRegistry registry, RegisteredStrategy s, String symbol) {
        RegisteredStrategy now = registry.get(s.id());
        if (!now.live() || !symbol.equals(now.evolvedOn().symbol())) {
            return null;
        }
        return registry.checkDrift(s.id(), GateOptions.actor());
    }

    private static String render(
            String fmt,
            RegisteredStrategy s,
            SignalUpdate u,
            List<LiveSignal> shown,
            DriftReport drift,
            boolean header) {
        switch (fmt) {
            case "json" -> {
                Map<String, Object> v = new LinkedHashMap<>(ApiJson.signals(
                        s.id(),
                        u.symbol(),
                        u.timeframe().label(),
                        s.definition().settings().fill(),
                        shown));
                v.put("update", ApiJson.update(u));
                v.put("drift", drift == null ? null : ApiJson.drift(drift));
                return ApiJson.write(v, false);
            }
            case "csv" -> {
                StringBuilder sb = new StringBuilder(header ? "time,signal,position,share\n" : "");
                for (LiveSignal p : shown) {
                    sb.append(p.time())
                            .append(',')
                            .append(p.signal())
                            .append(',')
                            .append(p.position())
                            .append(',')
                            .append(p.share())
                            .append('\n');
                }
                return sb.toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder(
                        header
                                ? String.format(
                                        Locale.ROOT,
                                        "# positions are decided at"
                                                + " each bar's close; %s%n# share: of %s's capital this version carried then (trade share x"
                                                + " position)%n%-24s %10s %9s %6s%n",
                                        s.definition().settings().fill().meaning(),
                                        s.name(),
                                        "TIME",
                                        "SIGNAL",
                                        "POSITION",
                                        "SHARE")
                                : "");
                for (LiveSignal p : shown) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "%-24s %10.6f %9s %5.0f%%%n",
                            p.time(),
                            p.signal(),
                            p.position() > 0 ? "long" : p.position() < 0 ? "short" : "flat",
                            p.share() * 100));
                }
                return sb.toString();
            }
        }
    }

    private void print(String text) {
        PrintWriter o = spec.commandLine().getOut();
        o.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
        o.flush();
    }

    /** An ISO-8601 instant or date (midnight UTC) given to {@code option}. */
    static Instant parseTime(String option, String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(text.strip())
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } catch (DateTimeParseException notDate) {
                throw new IllegalArgumentException(
                        option + " must be an ISO-8601 instant (2013-10-01T00:00:00Z) or date"
                                + " (2013-10-01) but was '" + text + "'");
            }
        }
    }

    private static void writeAtomically(Path target, String text) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".signals", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
