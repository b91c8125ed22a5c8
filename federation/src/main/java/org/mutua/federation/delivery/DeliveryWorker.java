package org.mutua.federation.delivery;

import static org.mutua.federation.delivery.DeliveryOptions.millis;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.mutua.federation.signatures.SignatureScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued rows of {@code federation_delivery} (FEDERATION.md §5). Each part of the work has its class:
 * {@link Claims} takes batches of due rows under a lease renewed while they are held, so several processes (or
 * several workers in one process) share the queue and a crashed holder's rows are taken over once its lease expires;
 * {@link Lanes} runs them with per-host concurrency limits; {@link SchemeMemory} remembers which signature scheme a
 * host takes (the draft-cavage → RFC 9421 double-knock); {@link Presigner} signs waiting rows ahead of their turn;
 * {@link InboxPost} sends; {@link Outcomes} records what became of each row, with the retry schedule, the circuit
 * breaker and dead hosts in {@link HostHealth}; {@link Retention} deletes old rows. This class ties them together.
 *
 * <p>Runs on its own event-loop context (a verticle) of the given Vert.x; never blocks it: signing runs on a worker
 * thread, all I/O is asynchronous. Start with {@link #start}, stop with {@link #stop}.
 */
public final class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    /** The claim statement ({@link Claims#CLAIM_SQL}), whose plan {@code ClaimPlanTest} checks. */
    static final String CLAIM_SQL = Claims.CLAIM_SQL;
    /** How long a signature made ahead is used ({@link Presigner#FRESH}). */
    static final Duration PRESIGNED_FRESH = Presigner.FRESH;

    /** A worker holds up to this many rows per request it may run at once, so that it claims in batches. */
    private static final int HOLD_PER_WORKER = 16;
    /** And up to this many of one host's rows per request that host may have running. */
    private static final int HOLD_PER_LANE = 16;

    private final Vertx vertx;
    private final Pool pool;
    private final SignerDirectory signers;
    private final AddressPolicy policy;
    private final DeliveryOptions options;
    private final DeliveryTimings timings = new DeliveryTimings();
    private final Claims claims;
    private final SchemeMemory schemes;
    private final Presigner presigner;
    private final Lanes lanes;
    private final Loop loop = new Loop();

    // State below is touched only on the verticle's context; the three parts made there are set before any use.
    private Context context;
    private InboxPost inboxes;
    private Outcomes outcomes;
    private String deploymentId;
    private boolean claiming;
    private boolean pollAgain;
    private boolean stopping;
    private final List<Long> timers = new ArrayList<>();

    private DeliveryWorker(Vertx vertx, Pool pool, SignerDirectory signers, AddressPolicy policy, DeliveryOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.signers = Objects.requireNonNull(signers, "signers");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.options = Objects.requireNonNull(options, "options");
        this.claims = new Claims(pool, options);
        this.schemes = new SchemeMemory(pool, options);
        this.presigner = new Presigner(vertx, signers, schemes, options, timings);
        this.lanes = new Lanes(options, this::run);
    }

    /**
     * Deploys a worker on {@code vertx} and starts claiming at once. The pool must reach the database migrated with
     * {@code classpath:db/federation}. Several workers (in one process or many) may share a table.
     */
    public static Future<DeliveryWorker> start(Vertx vertx, Pool pool, SignerDirectory signers, AddressPolicy policy,
                                               DeliveryOptions options) {
        DeliveryWorker worker = new DeliveryWorker(vertx, pool, signers, policy, options);
        return vertx.deployVerticle(worker.loop).map(id -> {
            worker.deploymentId = id;
            return worker;
        });
    }

    /**
     * Stops claiming, returns rows held but not yet started to {@code pending}, waits (up to the request timeout plus
     * 5 s) for requests in flight to finish and be recorded, then undeploys. Rows still unrecorded are taken over by
     * another worker once their lease expires.
     */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopping = true;
            timers.forEach(vertx::cancelTimer);
            timers.clear();
            List<Long> waiting = lanes.stop();
            waiting.forEach(presigner::forget);
            Future<?> released = waiting.isEmpty() ? Future.succeededFuture() : claims.release(waiting.toArray(new Long[0]));
            long deadline = System.nanoTime() + options.requestTimeout().plusSeconds(5).toNanos();
            released.transform(ar -> drain(deadline))
                .transform(ar -> vertx.undeploy(deploymentId))
                .onComplete(ar -> done.complete());
        });
        return done.future();
    }

    /** Asks for a claim now (e.g. right after the server committed new rows) instead of at the next poll. */
    public void wakeUp() {
        context.runOnContext(v -> poll());
    }

    /** Retention: deletes delivered rows older than 24 h and failed/skipped rows older than 7 days; answers the count. */
    public Future<Integer> cleanup() {
        return cleanup(pool, options);
    }

    /** Retention on any pool (also run by every worker each {@link DeliveryOptions#cleanupInterval()}). */
    public static Future<Integer> cleanup(Pool pool, DeliveryOptions options) {
        return Retention.run(pool, options);
    }

    /** Rows held by this worker right now (claimed, in flight or waiting for their lane). */
    public Future<Integer> heldCount() {
        Promise<Integer> p = Promise.promise();
        context.runOnContext(v -> p.complete(lanes.held()));
        return p.future();
    }

    private final class Loop extends AbstractVerticle {
        @Override
        public void start() {
            DeliveryWorker.this.context = context;
            inboxes = new InboxPost(vertx, options);
            outcomes = new Outcomes(vertx, context, pool, options, schemes);
            timers.add(vertx.setPeriodic(millis(options.pollInterval()), t -> poll()));
            timers.add(vertx.setPeriodic(millis(options.leaseRenewal()), t -> renewLeases()));
            timers.add(vertx.setPeriodic(millis(options.cleanupInterval()),
                t -> DeliveryWorker.cleanup(pool, options).onFailure(e -> LOG.warn("delivery retention failed: {}", e.toString()))));
            poll();
        }
    }

    // ---- claiming (on the context) ----

    private int maxHeld() {
        return options.workers() * HOLD_PER_WORKER;
    }

    /**
     * After a row finishes: claims more rows when half of what this worker may hold is free, or when its lanes hold
     * too little to keep every request slot busy. The timer and {@link #wakeUp} call {@link #poll} directly, which
     * claims whenever anything is free.
     */
    private void maybeClaim() {
        int free = maxHeld() - lanes.held();
        int waiting = lanes.held() - lanes.running();
        if (free >= maxHeld() / 2 || waiting < options.workers()) {
            poll();
        }
    }

    private void poll() {
        if (stopping) {
            return;
        }
        if (claiming) {
            pollAgain = true;
            return;
        }
        int free = maxHeld() - lanes.held();
        if (free <= 0) {
            return;
        }
        claiming = true;
        long claimStart = System.nanoTime();
        claims.claim(free, options.perHostConcurrency() * HOLD_PER_LANE, lanes.hosts())
            .onComplete(ar -> {
                claiming = false;
                timings.claims++;
                timings.claim += System.nanoTime() - claimStart;
                if (ar.failed()) {
                    LOG.warn("delivery claim failed: {}", ar.cause().toString());
                    return;
                }
                List<Long> bodiless = new ArrayList<>();
                List<ClaimedRow> rows = ClaimedRow.all(ar.result(), bodiless);
                bodiless.forEach(outcomes::failBodiless);
                rows.sort(Comparator.comparingLong(ClaimedRow::id));
                if (stopping) {
                    if (!rows.isEmpty()) {
                        claims.release(rows.stream().map(ClaimedRow::id).toArray(Long[]::new));
                    }
                    return;
                }
                if (timings.deliveries == 0 && lanes.isEmpty() && !rows.isEmpty()) {
                    timings.since = claimStart;
                }
                if (rows.isEmpty() && lanes.isEmpty() && timings.deliveries > 0) {
                    timings.logIdle(); // nothing due and nothing running: the end of a busy period
                }
                for (ClaimedRow row : rows) {
                    lanes.hold(row);
                }
                lanes.dispatch();
                presigner.presign(rows.stream().filter(lanes::isWaiting).toList());
                if (pollAgain || (!rows.isEmpty() && rows.size() == free)) {
                    pollAgain = false;
                    context.runOnContext(v -> maybeClaim());
                }
            });
    }

    private void renewLeases() {
        if (lanes.isEmpty()) {
            return;
        }
        claims.renew(lanes.ids()).onFailure(e -> LOG.warn("delivery lease renewal failed: {}", e.toString()));
    }

    private Future<Void> drain(long deadline) {
        Promise<Void> p = Promise.promise();
        long[] timer = new long[1];
        timer[0] = vertx.setPeriodic(20, t -> {
            if (lanes.isEmpty() || System.nanoTime() > deadline) {
                vertx.cancelTimer(timer[0]);
                p.tryComplete();
            }
        });
        return p.future();
    }

    // ---- one delivery ----

    /**
     * Runs one row that {@link Lanes} gave a request slot. The slot is freed as soon as a delivered row's answer
     * arrived, not when the outcome is committed: recording is batched, and a lane waiting for it would idle; the row
     * stays held (lease renewed, waited for on stop) until recorded. A row that failed keeps its slot until its
     * outcome (retry delay, circuit breaker, dead host) is written, so the next request to that host sees it.
     */
    private void run(ClaimedRow job, Lanes.Slot slot) {
        Promise<Void> slotFree = Promise.promise();
        Future<Void> recorded;
        try {
            recorded = deliver(job, slotFree);
        } catch (RuntimeException e) {
            recorded = Future.failedFuture(e);
        }
        slotFree.future().onComplete(ar -> context.runOnContext(v -> slot.free()));
        recorded.onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                LOG.warn("delivery not recorded activity={} host={} error={}", job.activityId(), job.host(),
                    ar.cause().toString());
            }
            slot.free();
            if (lanes.release(job)) { // not a newer run of the same row, claimed meanwhile
                presigner.forget(job.id());
            }
            timings.deliveries++;
            maybeClaim();
        }));
    }

    private Future<Void> deliver(ClaimedRow job, Promise<Void> slotFree) {
        URI uri = URI.create(job.inbox());
        return policy.addressOf(uri).transform(checked -> {
            if (checked.failed()) {
                return outcomes.record(job, null, null, Attempt.errorText("address check failed", checked.cause()), null);
            }
            if (checked.result() == null || checked.result().isEmpty()) {
                return outcomes.fail(job, null, "address refused");
            }
            // Both knocks of this attempt go to the address just checked; the next attempt checks again.
            InboxPost.Target target = new InboxPost.Target(uri, checked.result().get());
            return signers.privateKey(job.signer()).transform(key -> {
                if (key.failed()) {
                    return outcomes.record(job, null, null, Attempt.errorText("signer lookup failed", key.cause()), null);
                }
                if (key.result() == null) {
                    return outcomes.fail(job, null, "unknown signer");
                }
                return knock(job, target, key.result(), slotFree);
            });
        });
    }

    /** Double-knocking (FEDERATION.md §2): remembered scheme or cavage first; on 400/401 once more with the other. */
    private Future<Void> knock(ClaimedRow job, InboxPost.Target target, PrivateKey key, Promise<Void> slotFree) {
        long schemeStart = System.nanoTime();
        return schemes.of(job.host()).compose(remembered -> {
            timings.scheme += System.nanoTime() - schemeStart;
            SignatureScheme first = SchemeMemory.first(remembered);
            return send(job, target, first, key).compose(a -> {
                if (a.status() != null && (a.status() == 400 || a.status() == 401)) {
                    SignatureScheme second = SchemeMemory.other(first);
                    LOG.info("delivery double-knock activity={} host={} status={} scheme={}", job.activityId(), job.host(),
                        a.status(), SchemeMemory.name(second));
                    return send(job, target, second, key).map(b -> new Knock(b, second));
                }
                return Future.succeededFuture(new Knock(a, first));
            });
        }).compose(k -> {
            if (DeliveryOutcome.of(k.attempt.status()) == DeliveryOutcome.DELIVERED) {
                slotFree.tryComplete();
            }
            long recordStart = System.nanoTime();
            return outcomes.record(job, k.attempt.status(), k.attempt.retryAfter(), k.attempt.error(), k.scheme)
                .onComplete(x -> timings.record += System.nanoTime() - recordStart);
        });
    }

    private Future<Attempt> send(ClaimedRow job, InboxPost.Target target, SignatureScheme scheme, PrivateKey key) {
        return presigner.signature(job, target.inbox(), scheme, key)
            .transform(signed -> {
                if (signed.failed()) {
                    return Future.succeededFuture(new Attempt(null, null, Attempt.errorText("signing failed", signed.cause())));
                }
                long httpStart = System.nanoTime();
                return inboxes.post(target, signed.result()).onComplete(x -> timings.http += System.nanoTime() - httpStart);
            });
    }

    private record Knock(Attempt attempt, SignatureScheme scheme) {
    }
}
