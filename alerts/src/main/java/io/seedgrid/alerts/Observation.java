package io.seedgrid.alerts;

import java.util.Objects;

/**
 * What a rule sees for one subject now.
 *
 * @param subject   what it is about: a strategy id or name, a symbol and timeframe, a route; 1 to 200 printable
 *                  characters
 * @param firing    whether the rule's condition holds
 * @param value     the measured value (an error rate, a p-value, seconds since the last bar, ...); finite
 * @param threshold what it was compared with; finite
 * @param message   the verdict in words, one line
 * @param link      where the evidence is: a path of the service ({@code /strategies/aapl@1.0.1}) or an absolute URL
 */
public record Observation(String subject, boolean firing, double value, double threshold, String message, String link) {

    public Observation {
        if (subject == null
                || subject.isBlank()
                || subject.length() > 200
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an alert's subject must be 1 to 200 printable characters but was "
                    + (subject == null ? "null" : "'" + subject + "'"));
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "the value observed for " + subject + " must be finite but was " + value);
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("the threshold for " + subject + " must be finite but was " + threshold);
        }
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(link, "link");
    }
}
