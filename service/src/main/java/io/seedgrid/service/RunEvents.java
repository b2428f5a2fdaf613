package io.seedgrid.service;

import io.javalin.http.sse.SseClient;
import io.seedgrid.storage.GenerationRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events that follow runs: one thread polls the store about once a second for each run somebody follows
 * (once per run, however many follow it) and pushes what is new: {@code generation} events (id = the generation, so a
 * reconnecting browser says where it was), a {@code status} event when the status or progress changes, and
 * {@code done} when the run ended, after which the stream closes. Streams are bounded in number ({@code maxStreams};
 * more are refused) and in lifetime (closed after {@code lifetime}; the browser reconnects on its own), and a comment
 * goes out when nothing else did for {@code heartbeat}, so idle connections are neither timed out nor left open
 * after the client has gone.
 */
final class RunEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunEvents.class);
    static final Duration POLL = Duration.ofSeconds(1);

    /** Where a run stands now: its status view, whether it ended, and its generations so far. */
    record Progress(Map<String, Object> status, boolean finished, List<GenerationRecord> generations) {}

    private final Function<String, Optional<Progress>> source;
    private final Function<GenerationRecord, Map<String, Object>> row;
    private final int maxStreams;
    private final long lifetimeNanos;
    private final long heartbeatNanos;
    private final Semaphore slots;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private volatile String lastError;

    /** One browser following one run. Touched by the poller thread only, once registered. */
    private static final class Stream {
        final SseClient client;
        final String runId;
        final long opened = System.nanoTime();
        long lastSent = opened;
        int after;
        String status;

        Stream(SseClient client, String runId, int after) {
            this.client = client;
            this.runId = runId;
            this.after = after;
        }
    }

    RunEvents(
            Function<String, Optional<Progress>> source,
            Function<GenerationRecord, Map<String, Object>> row,
            int maxStreams,
            Duration lifetime,
            Duration heartbeat) {
        this.source = source;
        this.row = row;
        this.maxStreams = maxStreams;
        this.lifetimeNanos = lifetime.toNanos();
        this.heartbeatNanos = heartbeat.toNanos();
        this.slots = new Semaphore(maxStreams);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seedgrid-run-events");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::tick, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes a stream slot, or says how many are open (503): call before answering with a stream. */
    void reserve() {
        if (!slots.tryAcquire()) {
            throw new ApiException(
                    503,
                    null,
                    "busy: " + maxStreams + " event streams are open, the most allowed;" + " try again shortly");
        }
    }

    /** Gives back a slot {@link #reserve} took when no stream was opened with it after all. */
    void release() {
        slots.release();
    }

    /** Follows {@code runId} for {@code client}, from the generation after {@code after}; uses a reserved slot. */
    void open(SseClient client, String runId, int after) {
        Stream s = new Stream(client, runId, after);
        streams.add(s);
        client.onClose(() -> {
            if (streams.remove(s)) {
                slots.release();
            }
        });
        client.keepAlive();
        poller.execute(() -> push(List.of(s))); // what there is already, without waiting for the next poll
    }

    int open() {
        return streams.size();
    }

    private void tick() {
        Map<String, List<Stream>> byRun = new HashMap<>();
        for (Stream s : streams) {
            byRun.computeIfAbsent(s.runId, k -> new ArrayList<>()).add(s);
        }
        byRun.values().forEach(this::push);
    }

    /** Reads the run once and sends each of its streams what it has not had. */
    private void push(List<Stream> followers) {
        String runId = followers.get(0).runId;
        Optional<Progress> progress;
        try {
            progress = source.apply(runId);
            lastError = null;
        } catch (RuntimeException e) {
            String error = String.valueOf(e.getMessage());
            if (!error.equals(lastError)) { // the store is down: one line, not one a second
                lastError = error;
                LOG.warn("run events: cannot read run {}: {}", runId, error);
            }
            followers.forEach(this::heartbeat);
            return;
        }
        for (Stream s : followers) {
            try {
                send(s, progress);
            } catch (RuntimeException e) { // the client went away mid-write
                s.client.close();
            }
        }
    }

    private void send(Stream s, Optional<Progress> progress) {
        if (s.client.terminated()) {
            s.client.close();
            return;
        }
        if (progress.isEmpty()) {
            s.client.sendEvent("gone", ApiJson.write(Map.of("error", "no run with id '" + s.runId + "'"), false));
            s.client.close();
            return;
        }
        Progress p = progress.get();
        for (GenerationRecord g : p.generations()) {
            if (g.generation() > s.after) {
                s.client.sendEvent("generation", ApiJson.write(row.apply(g), false), String.valueOf(g.generation()));
                s.after = g.generation();
                s.lastSent = System.nanoTime();
            }
        }
        String status = ApiJson.write(p.status(), false);
        if (!status.equals(s.status)) {
            s.client.sendEvent("status", status);
            s.status = status;
            s.lastSent = System.nanoTime();
        }
        if (p.finished()) {
            s.client.sendEvent("done", status);
            s.client.close();
        } else if (System.nanoTime() - s.opened > lifetimeNanos) {
            s.client.close(); // the browser's EventSource reconnects, saying the last generation it had
        } else {
            heartbeat(s);
        }
    }

    private void heartbeat(Stream s) {
        try {
            if (System.nanoTime() - s.lastSent > heartbeatNanos && !s.client.terminated()) {
                s.client.sendComment("waiting");
                s.lastSent = System.nanoTime();
            }
        } catch (RuntimeException gone) {
            s.client.close();
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        for (Stream s : streams) {
            s.client.close();
        }
    }
}
