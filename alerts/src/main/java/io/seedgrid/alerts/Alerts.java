package io.seedgrid.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert rules judged together: each {@link #evaluate()} asks every rule for its observations and reports the changes.
 * A subject that starts firing is an alert (FIRING): one log line, and one POST to the webhook when there is one; it
 * does not fire again while it keeps firing; when it stops (or its rule no longer reports it) it is RESOLVED, with
 * another line and POST. So each condition is told once when it begins and once when it clears.
 *
 * @apiNote Which alerts fire is kept in memory: a process that restarts while a condition still holds tells it once
 *          more (receivers can tell the repeat by rule, subject and {@code since}). Webhook deliveries are not
 *          retried; a failed one is a log line. Safe to use from several threads (evaluations are serialised).
 */
public final class Alerts {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an owner hears: every change, every webhook delivery, every rule that could not be judged. */
    public interface Listener {
        void changed(Alert alert);

        default void delivered(Alert alert, Webhook.Delivery delivery) {}

        default void ruleFailed(AlertRule rule, RuntimeException e) {}
    }

    /** The listener that logs: firing at WARN, resolved at INFO, failed deliveries and rules at WARN. */
    public static final Listener LOGGING = new Listener() {
        @Override
        public void changed(Alert alert) {
            if (alert.firing()) {
                LOG.warn(alert.line());
            } else {
                LOG.info(alert.line());
            }
        }

        @Override
        public void delivered(Alert alert, Webhook.Delivery delivery) {
            if (delivery.ok()) {
                LOG.info("{} ({} {})", delivery.line(), alert.rule(), alert.subject());
            } else {
                LOG.warn("{} ({} {})", delivery.line(), alert.rule(), alert.subject());
            }
        }

        @Override
        public void ruleFailed(AlertRule rule, RuntimeException e) {
            LOG.warn("alert rule {} could not be judged: {}", rule.name(), e.toString());
        }
    };

    private final List<AlertRule> rules = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final Optional<Webhook> webhook;
    private volatile String baseUrl;
    private final Listener listener;
    /** The alerts firing now, by rule then subject. */
    private final Map<String, Map<String, Alert>> firing = new ConcurrentHashMap<>();

    private final Map<String, AtomicLong> fired = new ConcurrentHashMap<>();

    private Alerts(Builder b) {
        this.clock = b.clock;
        this.webhook = b.webhook;
        this.baseUrl = b.baseUrl;
        this.listener = b.listener;
        b.rules.forEach(this::add);
    }

    /** Adds a rule, judged from the next evaluation on (e.g. a service's own, added when it starts). */
    public synchronized void add(AlertRule rule) {
        Builder.check(rule, rules);
        firing.put(rule.name(), new ConcurrentHashMap<>());
        fired.put(rule.name(), new AtomicLong());
        rules.add(rule);
    }

    public static Builder builder(Clock clock) {
        return new Builder(clock);
    }

    /** The rules, in the order they are judged. */
    public List<AlertRule> rules() {
        return List.copyOf(rules);
    }

    /** Judges every rule now; returns the changes (new FIRING and RESOLVED alerts), which it has told. */
    public synchronized List<Alert> evaluate() {
        Instant now = clock.instant();
        List<Alert> changes = new ArrayList<>();
        for (AlertRule rule : rules) {
            List<Observation> seen;
            Set<String> reported = new HashSet<>();
            try {
                seen = List.copyOf(rule.observe(now));
                for (Observation o : seen) {
                    if (!reported.add(o.subject())) {
                        throw new IllegalStateException("the rule reported " + o.subject() + " twice");
                    }
                }
            } catch (RuntimeException e) {
                listener.ruleFailed(rule, e);
                continue;
            }
            Map<String, Alert> active = firing.get(rule.name());
            for (Observation o : seen) {
                Alert was = active.get(o.subject());
                if (o.firing() && was == null) {
                    Alert a = new Alert(
                            rule.name(),
                            o.subject(),
                            Alert.State.FIRING,
                            o.value(),
                            o.threshold(),
                            now,
                            now,
                            o.message(),
                            o.link());
                    active.put(o.subject(), a);
                    fired.get(rule.name()).incrementAndGet();
                    changes.add(a);
                } else if (!o.firing() && was != null) {
                    active.remove(o.subject());
                    changes.add(new Alert(
                            rule.name(),
                            o.subject(),
                            Alert.State.RESOLVED,
                            o.value(),
                            o.threshold(),
                            now,
                            was.since(),
                            o.message(),
                            o.link()));
                }
            }
            for (Alert was : new ArrayList<>(active.values())) {
                if (!reported.contains(was.subject())) {
                    active.remove(was.subject());
                    changes.add(new Alert(
                            rule.name(),
                            was.subject(),
                            Alert.State.RESOLVED,
                            was.value(),
                            was.threshold(),
                            now,
                            was.since(),
                            "no longer watched by the rule",
                            was.link()));
                }
            }
        }
        for (Alert a : changes) {
            listener.changed(a);
            webhook.ifPresent(hook -> listener.delivered(a, hook.post(json(a), a.event())));
        }
        return changes;
    }

    /** The webhook body of {@code alert}. */
    public String json(Alert alert) {
        try {
            return JSON.writeValueAsString(alert.fields(baseUrl));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes evidence links absolute from now on, e.g. with a service's URL once it listens (null: paths). */
    public void baseUrl(String value) {
        baseUrl = value == null ? null : value.replaceAll("/+$", "");
    }

    /** The alerts firing now, by rule (in rule order) then subject. */
    public List<Alert> active() {
        List<Alert> out = new ArrayList<>();
        for (AlertRule r : rules) {
            firing.get(r.name()).values().stream()
                    .sorted(Comparator.comparing(Alert::subject))
                    .forEach(out::add);
        }
        return out;
    }

    /** How many times each rule has fired since this engine started, by rule name in rule order. */
    public Map<String, Long> firedCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        rules.forEach(r -> out.put(r.name(), fired.get(r.name()).get()));
        return out;
    }

    /** Settings: the rules (at least one, distinct names), an optional webhook and base URL, a listener (logging). */
    public static final class Builder {
        private final Clock clock;
        private final List<AlertRule> rules = new ArrayList<>();
        private Optional<Webhook> webhook = Optional.empty();
        private String baseUrl;
        private Listener listener = LOGGING;

        private Builder(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        public Builder rule(AlertRule rule) {
            check(rule, rules);
            rules.add(rule);
            return this;
        }

        static void check(AlertRule rule, List<AlertRule> others) {
            Objects.requireNonNull(rule, "rule");
            if (!NAME.matcher(rule.name()).matches()) {
                throw new IllegalArgumentException("an alert rule's name must be 1 to 64 lower-case letters, digits"
                        + " or '_', starting with a letter, but was '" + rule.name() + "'");
            }
            if (others.stream().anyMatch(r -> r.name().equals(rule.name()))) {
                throw new IllegalArgumentException("two alert rules are named " + rule.name());
            }
        }

        public Builder rules(List<? extends AlertRule> all) {
            all.forEach(this::rule);
            return this;
        }

        public Builder webhook(Webhook value) {
            webhook = Optional.of(Objects.requireNonNull(value, "webhook"));
            return this;
        }

        /** Makes the evidence links of webhook bodies absolute, e.g. {@code http://127.0.0.1:8080}; null: paths. */
        public Builder baseUrl(String value) {
            baseUrl = value == null ? null : value.replaceAll("/+$", "");
            return this;
        }

        public Builder listener(Listener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        public Alerts build() {
            return new Alerts(this);
        }
    }
}
