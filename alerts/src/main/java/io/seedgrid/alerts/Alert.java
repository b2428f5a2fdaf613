package io.seedgrid.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A change of an alert: a rule began firing for a subject, or stopped.
 *
 * @param rule      the rule's name
 * @param subject   what it is about
 * @param state     FIRING or RESOLVED
 * @param value     the value observed at the change
 * @param threshold what it was compared with
 * @param at        when the change was seen
 * @param since     when it began firing (for RESOLVED: how long it fired)
 * @param message   the rule's verdict in words
 * @param link      where the evidence is (a service path or an absolute URL)
 */
public record Alert(
        String rule,
        String subject,
        State state,
        double value,
        double threshold,
        Instant at,
        Instant since,
        String message,
        String link) {

    /** Firing or cleared. */
    public enum State {
        FIRING,
        RESOLVED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(link, "link");
    }

    public boolean firing() {
        return state == State.FIRING;
    }

    /** The webhook event header: {@code alert.firing} or {@code alert.resolved}. */
    public String event() {
        return "alert." + state.label();
    }

    /**
     * The webhook body's fields: rule, subject, state, value, threshold, time, since, message and link, the link made
     * absolute with {@code baseUrl} when it is a path and a base is known (null: left as is).
     */
    public Map<String, Object> fields(String baseUrl) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("rule", rule);
        v.put("subject", subject);
        v.put("state", state.label());
        v.put("value", value);
        v.put("threshold", threshold);
        v.put("time", at.toString());
        v.put("since", since.toString());
        v.put("message", message);
        v.put("link", baseUrl != null && link.startsWith("/") ? baseUrl + link : link);
        return v;
    }

    /** One log line: {@code ALERT FIRING drift aapl@1.0.1: ... (value 0.003, threshold 0.05) evidence: /...}. */
    public String line() {
        return String.format(
                Locale.ROOT,
                "ALERT %s %s %s: %s (value %s, threshold %s) at %s%s; evidence: %s",
                state,
                rule,
                subject,
                message,
                number(value),
                number(threshold),
                at,
                firing() ? "" : ", firing since " + since,
                link);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
