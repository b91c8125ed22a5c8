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
 * Processes accepted activities from the job table: JSON-LD normalisation against Mutua's context with the bundled
 * contexts (never fetched; on a worker thread, it is CPU work) for bodies that may carry Mutua's terms, then the one
 * listener {@link InboxHandlers} routes the activity to. One outcome per activity. Jobs are
 * claimed with SKIP LOCKED, so several processes share the table; a crashed process's jobs come back after their lease,
 * which the worker renews while it still holds them, so a slow handler's job is never taken twice. A job that fails
 * for a temporary reason ({@link InboundFailures}) is put back and tried again later ({@link InboundSchedule}); only a
 * permanent failure, or the end of its schedule, ends it {@link InboxOutcome#FAILED}. A job put back no longer holds
 * back its actor's later jobs (as with a sender's own retries, they may then be processed before it).
 */
public final class InboundWorker {
    private static final Logger LOG = LoggerFactory.getLogger(InboundWorker.class);
    private static final int BATCH = 32;
    /** Jobs processed side by side; measured best of 1, 3 and unbounded on 2 cores (docs/benchmarks.md). */
    static final int LANES = 3;
    private static final long IDLE_POLL_MS = 500;
    private static final long CLEANUP_EVERY_MS = java.util.concurrent.TimeUnit.HOURS.toMillis(1);
    /**
     * A flood: more new activities than this in one {@link #WINDOW_MS} window (500 a second, far above a neighbourhood
     * node's usual traffic). While it lasts, processing waits, for at most {@link #MAX_DEFER_MS}, so both cores answer
     * the senders: processing a reply costs more CPU than accepting it, and a slow answer makes remote servers time out
     * and send again. Jobs are durable from the 202, so waiting loses nothing; past the bound, or once the flood stops,
     * the worker drains the backlog as usual (docs/benchmarks.md).
     */
    static final int FLOOD_ARRIVALS = 50;
    static final long WINDOW_MS = 100;
    static final long MAX_DEFER_MS = 5_000;

    private final Vertx vertx;
    private final InboundLog log;
    private final InboxHandlers handlers;
    private final JsonLd jsonLd;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;
    private long cleanupTimer = -1;
    private long renewTimer = -1;
    /** Jobs claimed by this worker and not yet settled: their leases are renewed. */
    private final java.util.Set<Long> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object arrivals = new Object();
    private long windowStart;
    private int inWindow;
    private int previousWindow;
    /** When processing began to wait for a flood to pass; 0 when the worker has caught up since. */
    private volatile long deferringSince;
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();

    private final java.util.function.LongSupplier millis;
    private final long maxDeferMs;

    public InboundWorker(Vertx vertx, InboundLog log, InboxHandlers handlers, JsonLd jsonLd) {
        this(vertx, log, handlers, jsonLd, System::currentTimeMillis, MAX_DEFER_MS);
    }

    /** With the clock that flood detection reads, and the longest a flood may hold processing back (tests). */
    InboundWorker(Vertx vertx, InboundLog log, InboxHandlers handlers, JsonLd jsonLd, java.util.function.LongSupplier millis, long maxDeferMs) {
        this.millis = millis;
        this.maxDeferMs = maxDeferMs;
        this.vertx = vertx;
        this.log = log;
        this.handlers = handlers;
        this.jsonLd = jsonLd;
    }

    public void start() {
        timer = vertx.setPeriodic(IDLE_POLL_MS, id -> wake());
        cleanupTimer = vertx.setPeriodic(1, CLEANUP_EVERY_MS, id -> cleanup());
        renewTimer = vertx.setPeriodic(log.schedule().renewEvery().toMillis(), id -> renewLeases());
        wake();
    }

    /** Extends the leases of the jobs this worker holds; a failure is logged, the next period tries again. */
    private void renewLeases() {
        if (held.isEmpty()) {
            return;
        }
        log.renew(List.copyOf(held)).onFailure(e -> LOG.warn("inbound lease renewal failed: {}", e.toString()));
    }

    /** Retention of finished jobs and seen ids ({@link InboundLog#cleanup}). */
    Future<InboundLog.Cleaned> cleanup() {
        return log.cleanup()
            .onSuccess(c -> {
                if (c.jobs() > 0 || c.ids() > 0) {
                    LOG.info("inbound retention deleted jobs={} ids={}", c.jobs(), c.ids());
                }
            })
            .onFailure(e -> LOG.warn("inbound retention failed: {}", e.toString()));
    }

    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (cleanupTimer >= 0) {
            vertx.cancelTimer(cleanupTimer);
        }
        if (renewTimer >= 0) {
            vertx.cancelTimer(renewTimer);
        }
    }

    /** A new activity was queued: counted for flood detection, and the worker woken. */
    public void arrived() {
        synchronized (arrivals) {
            roll(millis.getAsLong());
            inWindow++;
        }
        wake();
    }

    private void roll(long now) {
        if (now - windowStart >= WINDOW_MS) {
            previousWindow = now - windowStart < 2 * WINDOW_MS ? inWindow : 0;
            inWindow = 0;
            windowStart = now;
        }
    }

    boolean flooded(long now) {
        synchronized (arrivals) {
            roll(now);
            return inWindow > FLOOD_ARRIVALS || previousWindow > FLOOD_ARRIVALS;
        }
    }

    /**
     * Whether this drain should wait for the flood to pass: only while flooded and for at most {@link #MAX_DEFER_MS}
     * since waiting began; then the worker drains until it catches up, so a long flood cannot starve processing.
     */
    private boolean deferNow(long now) {
        if (!flooded(now)) {
            return false;
        }
        if (deferringSince == 0) {
            deferringSince = now;
        }
        return now - deferringSince < maxDeferMs;
    }

    /** Whether a drain is under way (tests wait for one begun before a flood to end before they queue work). */
    boolean draining() {
        return running.get();
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
        if (deferNow(millis.getAsLong())) {
            running.set(false);
            if (resumeScheduled.compareAndSet(false, true)) {
                vertx.setTimer(WINDOW_MS, t -> {
                    resumeScheduled.set(false);
                    wake();
                });
            }
            return;
        }
        log.claim(BATCH).compose(this::processAll).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("inbound worker: {}", done.cause().toString());
            }
            if (done.succeeded() && done.result() < BATCH) {
                deferringSince = 0; // caught up
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
        jobs.forEach(job -> held.add(job.id()));
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
        List<InboundLog.Settled> settled = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (List<InboundLog.Job> lane : lanes) {
            Future<Void> chain = Future.succeededFuture();
            for (InboundLog.Job job : lane) {
                chain = chain.compose(v -> process(job).map(s -> {
                    settled.add(s);
                    return null;
                }));
            }
            running.add(chain);
        }
        // One statement settles the batch (one commit instead of one per job). A crash before it means the batch
        // is processed again after its lease, which handlers tolerate as they tolerate a retried delivery.
        return Future.join(running).transform(x -> log.settleAll(settled))
            .onComplete(x -> jobs.forEach(job -> held.remove(job.id())))
            .map(v -> jobs.size());
    }

    /**
     * Each job on a context of its own (a duplicate of the worker's, as Vert.x gives each HTTP request): Hibernate
     * Reactive keeps the current session in the context, so two jobs running side by side on one context would share
     * a session and one would find its transaction already completed.
     */
    private Future<InboundLog.Settled> process(InboundLog.Job job) {
        io.vertx.core.impl.ContextInternal own = ((io.vertx.core.impl.ContextInternal) vertx.getOrCreateContext()).duplicate();
        io.vertx.core.Promise<InboundLog.Settled> done = own.promise();
        own.runOnContext(v -> handle(job).onComplete(done));
        return done.future();
    }

    /**
     * Listeners read Mutua's own terms through the body compacted against Mutua's context (FEDERATION.md §1.6: by
     * full IRI, whatever prefix the sender chose); everything else is read from the JSON as received, as Mastodon
     * does. A body that names neither the Mutua context nor its namespace cannot carry those terms (no other bundled
     * context defines them, and unknown contexts are never fetched), so it is neither expanded nor compacted:
     * expanding every reply cost about a third of the inbound worker's CPU (docs/benchmarks.md).
     */
    static boolean mayCarryMutuaTerms(String body) {
        return body.contains(org.mutua.federation.jsonld.MutuaContext.PATH) || body.contains(org.mutua.federation.jsonld.MutuaContext.NAMESPACE);
    }

    /**
     * The job's one outcome, or its return to the queue: a temporary failure puts it back while its schedule lasts,
     * logged as a retry (type, id, attempt, wait, reason token; never the body); the outcome is logged once, when it ends.
     */
    private Future<InboundLog.Settled> handle(InboundLog.Job job) {
        Future<InboxOutcome> outcome;
        try {
            JsonObject activity = new JsonObject(job.body());
            Future<JsonObject> mutua = mayCarryMutuaTerms(job.body())
                ? vertx.executeBlocking(() -> jsonLd.compactToMutua(job.body()), false)
                : Future.succeededFuture(null);
            outcome = mutua.compose(terms -> handlers.dispatch(new InboundActivity(job.activityId(), job.type(), job.actor(), activity, job.inbox(), terms)));
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        return outcome.map(o -> {
            LOG.info("inbound {} {}: {}", job.type(), job.activityId(), o);
            return InboundLog.Settled.done(job.id(), o, null);
        }).otherwise(err -> failed(job, err));
    }

    private InboundLog.Settled failed(InboundLog.Job job, Throwable err) {
        String reason = InboundFailures.reason(err);
        boolean temporary = InboundFailures.temporary(err);
        java.util.Optional<java.time.Duration> retry = temporary
            ? log.schedule().retryAfter(job.attempts(), java.time.Duration.ofMillis(job.ageMillis()))
            : java.util.Optional.empty();
        if (retry.isPresent()) {
            LOG.info("inbound {} {}: retry attempt={} in={}s reason={}", job.type(), job.activityId(), job.attempts(),
                retry.get().toMillis() / 1000.0, reason);
            return InboundLog.Settled.retry(job.id(), retry.get(), reason);
        }
        // The exception's class only: a message may quote the activity's body, which may be a private post.
        LOG.warn("inbound {} {} failed: {}", job.type(), job.activityId(), err.getClass().getName());
        LOG.info("inbound {} {}: {} attempts={} reason={}{}", job.type(), job.activityId(), InboxOutcome.FAILED, job.attempts(), reason,
            temporary ? " (retries spent)" : "");
        return InboundLog.Settled.done(job.id(), InboxOutcome.FAILED, reason);
    }
}
