package org.mutua.federation.inbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mutua.federation.jsonld.JsonLd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes accepted activities from the job table: JSON-LD normalisation with the bundled contexts (never fetched;
 * on a worker thread, it is CPU work), then the handler registered for the type. One outcome per activity. Jobs are
 * claimed with SKIP LOCKED, so several processes share the table; a crashed process's jobs come back after their lease.
 */
public final class InboundWorker {
    private static final Logger LOG = LoggerFactory.getLogger(InboundWorker.class);
    private static final int BATCH = 32;
    private static final long IDLE_POLL_MS = 500;

    private final Vertx vertx;
    private final InboundLog log;
    private final InboxHandlers handlers;
    private final JsonLd jsonLd;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    public InboundWorker(Vertx vertx, InboundLog log, InboxHandlers handlers, JsonLd jsonLd) {
        this.vertx = vertx;
        this.log = log;
        this.handlers = handlers;
        this.jsonLd = jsonLd;
    }

    public void start() {
        timer = vertx.setPeriodic(IDLE_POLL_MS, id -> wake());
        wake();
    }

    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Runs a drain unless one is running; a wake during a drain makes it go round once more. */
    public void wake() {
        if (stopped) {
            return;
        }
        again.set(true);
        if (running.compareAndSet(false, true)) {
            vertx.runOnContext(v -> drain());
        }
    }

    private void drain() {
        again.set(false);
        log.claim(BATCH).compose(this::processAll).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("inbound worker: {}", done.cause().toString());
            }
            boolean more = done.succeeded() && done.result() > 0;
            running.set(false);
            if (!stopped && (more || again.get())) {
                wake();
            }
        });
    }

    /**
     * One actor's jobs in order (its Create before its Update or Delete), different actors' side by side: a busy
     * server's replies are stored while the next ones are expanded, and a slow handler holds up only its own actor.
     */
    private Future<Integer> processAll(List<InboundLog.Job> jobs) {
        java.util.Map<String, List<InboundLog.Job>> byActor = new java.util.LinkedHashMap<>();
        for (InboundLog.Job job : jobs) {
            byActor.computeIfAbsent(job.actor(), a -> new java.util.ArrayList<>()).add(job);
        }
        List<Future<Void>> lanes = new java.util.ArrayList<>();
        for (List<InboundLog.Job> lane : byActor.values()) {
            Future<Void> chain = Future.succeededFuture();
            for (InboundLog.Job job : lane) {
                chain = chain.compose(v -> process(job).compose(outcome -> log.finish(job.id(), outcome)));
            }
            lanes.add(chain);
        }
        return Future.join(lanes).map(v -> jobs.size());
    }

    private Future<InboxOutcome> process(InboundLog.Job job) {
        JsonObject activity = new JsonObject(job.body());
        return vertx.executeBlocking(() -> jsonLd.expand(activity), false)
            .compose(expanded -> handlers.forType(job.type())
                .map(h -> h.handle(new InboundActivity(job.activityId(), job.type(), job.actor(), activity, job.inbox())))
                .orElseGet(() -> Future.succeededFuture(InboxOutcome.IGNORED)))
            .recover(err -> {
                LOG.warn("inbound {} {} failed: {}", job.type(), job.activityId(), err.toString());
                return Future.succeededFuture(InboxOutcome.FAILED);
            })
            .onSuccess(outcome -> LOG.info("inbound {} {}: {}", job.type(), job.activityId(), outcome));
    }
}
