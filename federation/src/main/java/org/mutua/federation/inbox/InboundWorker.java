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
    /** Jobs processed side by side; measured best of 1, 3 and unbounded on 2 cores (docs/benchmarks.md). */
    static final int LANES = 3;
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
     * One actor's jobs in order (its Create before its Update or Delete), different actors' side by side in at most
     * {@link #LANES} lanes: a busy server's replies are stored while the next ones are expanded, and a slow handler
     * holds up only its lane, while the inbox itself keeps most of the CPU for answering (docs/benchmarks.md).
     */
    private Future<Integer> processAll(List<InboundLog.Job> jobs) {
        java.util.Map<String, Integer> laneOfActor = new java.util.HashMap<>();
        List<List<InboundLog.Job>> lanes = new java.util.ArrayList<>();
        for (InboundLog.Job job : jobs) {
            int lane = laneOfActor.computeIfAbsent(job.actor(), a -> laneOfActor.size() % LANES);
            while (lanes.size() <= lane) {
                lanes.add(new java.util.ArrayList<>());
            }
            lanes.get(lane).add(job);
        }
        List<Future<Void>> running = new java.util.ArrayList<>();
        java.util.Map<Long, InboxOutcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        for (List<InboundLog.Job> lane : lanes) {
            Future<Void> chain = Future.succeededFuture();
            for (InboundLog.Job job : lane) {
                chain = chain.compose(v -> process(job).map(outcome -> {
                    outcomes.put(job.id(), outcome);
                    return null;
                }));
            }
            running.add(chain);
        }
        // One statement marks the batch done (one commit instead of one per job). A crash before it means the batch
        // is processed again after its lease, which handlers tolerate as they tolerate a retried delivery.
        return Future.join(running).transform(x -> log.finishAll(outcomes)).map(v -> jobs.size());
    }

    /**
     * Each job on a context of its own (a duplicate of the worker's, as Vert.x gives each HTTP request): Hibernate
     * Reactive keeps the current session in the context, so two jobs running side by side on one context would share
     * a session and one would find its transaction already completed.
     */
    private Future<InboxOutcome> process(InboundLog.Job job) {
        io.vertx.core.impl.ContextInternal own = ((io.vertx.core.impl.ContextInternal) vertx.getOrCreateContext()).duplicate();
        io.vertx.core.Promise<InboxOutcome> done = own.promise();
        own.runOnContext(v -> handle(job).onComplete(done));
        return done.future();
    }

    /**
     * Expansion is for reading Mutua's own terms by full IRI (FEDERATION.md §1.6); everything else is read from the
     * compacted JSON, as Mastodon does. A body that names neither the Mutua context nor its namespace cannot carry those
     * terms (no other bundled context defines them, and unknown contexts are never fetched), so it is not expanded:
     * expanding every reply cost about a third of the inbound worker's CPU (docs/benchmarks.md).
     */
    static boolean mayCarryMutuaTerms(String body) {
        return body.contains(org.mutua.federation.jsonld.MutuaContext.PATH) || body.contains(org.mutua.federation.jsonld.MutuaContext.NAMESPACE);
    }

    private Future<InboxOutcome> handle(InboundLog.Job job) {
        JsonObject activity = new JsonObject(job.body());
        Future<?> expanded = mayCarryMutuaTerms(job.body())
            ? vertx.executeBlocking(() -> jsonLd.expand(activity), false)
            : Future.succeededFuture();
        return expanded
            .compose(x -> handlers.forType(job.type())
                .map(h -> h.handle(new InboundActivity(job.activityId(), job.type(), job.actor(), activity, job.inbox())))
                .orElseGet(() -> Future.succeededFuture(InboxOutcome.IGNORED)))
            .recover(err -> {
                LOG.warn("inbound {} {} failed: {}", job.type(), job.activityId(), err.toString());
                return Future.succeededFuture(InboxOutcome.FAILED);
            })
            .onSuccess(outcome -> LOG.info("inbound {} {}: {}", job.type(), job.activityId(), outcome));
    }
}
