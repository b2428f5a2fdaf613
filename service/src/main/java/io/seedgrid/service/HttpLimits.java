package io.seedgrid.service;

import java.time.Duration;
import java.util.Objects;

/**
 * What the HTTP server grants one client, so that slow or greedy clients cannot hold the service: defaults in
 * {@link #DEFAULT}. {@code GET /health} is outside {@code maxRequests}: it answers while every other slot is taken.
 *
 * @param idleTimeout  a connection that sends nothing for this long is closed: a stalled request head or body, or
 *                     an idle keep-alive connection (time spent computing an answer does not count)
 * @param bodyTimeout  a request body must arrive in full within this, else 408 (a trickling body is cut off here,
 *                     a stalled one after {@code idleTimeout})
 * @param maxBodyBytes largest request body accepted, else 413
 * @param maxBodyReads requests receiving a body at once (they count among {@code maxRequests} too); beyond, 503
 *                     with Retry-After at once
 * @param maxRequests  requests (other than {@code GET /health}) handled at once; beyond, they wait without a thread
 * @param queueTimeout longest such a request waits for a slot, then 503 with Retry-After
 */
public record HttpLimits(
        Duration idleTimeout,
        Duration bodyTimeout,
        long maxBodyBytes,
        int maxBodyReads,
        int maxRequests,
        Duration queueTimeout) {

    public static final int DEFAULT_IDLE_SECONDS = 10;
    public static final int DEFAULT_BODY_SECONDS = 10;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_BODY_READS = 8;
    public static final int DEFAULT_MAX_REQUESTS = 64;
    public static final int DEFAULT_QUEUE_SECONDS = 30;

    /** 10 s idle, 10 s per body, 1 MiB bodies, 8 bodies and 64 requests at once, 30 s in the queue. */
    public static final HttpLimits DEFAULT = new HttpLimits(
            Duration.ofSeconds(DEFAULT_IDLE_SECONDS),
            Duration.ofSeconds(DEFAULT_BODY_SECONDS),
            DEFAULT_MAX_BODY_BYTES,
            DEFAULT_MAX_BODY_READS,
            DEFAULT_MAX_REQUESTS,
            Duration.ofSeconds(DEFAULT_QUEUE_SECONDS));

    /** Bodies are read into memory: no more than 1 GiB. */
    public static final long MAX_BODY_BYTES = 1L << 30;

    public HttpLimits {
        positive("idleTimeout", idleTimeout);
        positive("bodyTimeout", bodyTimeout);
        positive("queueTimeout", queueTimeout);
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException(
                    "maxBodyBytes must lie in [1, " + MAX_BODY_BYTES + "] but was " + maxBodyBytes);
        }
        if (maxBodyReads < 1) {
            throw new IllegalArgumentException("maxBodyReads must be >= 1 but was " + maxBodyReads);
        }
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be >= 1 but was " + maxRequests);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms but was " + value);
        }
    }

    public HttpLimits withIdleTimeout(Duration value) {
        return new HttpLimits(value, bodyTimeout, maxBodyBytes, maxBodyReads, maxRequests, queueTimeout);
    }

    public HttpLimits withBodyTimeout(Duration value) {
        return new HttpLimits(idleTimeout, value, maxBodyBytes, maxBodyReads, maxRequests, queueTimeout);
    }

    public HttpLimits withMaxBodyBytes(long value) {
        return new HttpLimits(idleTimeout, bodyTimeout, value, maxBodyReads, maxRequests, queueTimeout);
    }

    public HttpLimits withMaxBodyReads(int value) {
        return new HttpLimits(idleTimeout, bodyTimeout, maxBodyBytes, value, maxRequests, queueTimeout);
    }

    public HttpLimits withMaxRequests(int value) {
        return new HttpLimits(idleTimeout, bodyTimeout, maxBodyBytes, maxBodyReads, value, queueTimeout);
    }

    public HttpLimits withQueueTimeout(Duration value) {
        return new HttpLimits(idleTimeout, bodyTimeout, maxBodyBytes, maxBodyReads, maxRequests, value);
    }
}
