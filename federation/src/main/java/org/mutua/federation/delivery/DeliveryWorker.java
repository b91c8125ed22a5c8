package org.mutua.federation.delivery;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.mutua.federation.ActivityPubMediaTypes;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.Rfc9421Signer;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.federation.signatures.SignatureScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued rows of {@code federation_delivery} (FEDERATION.md §5). Claims batches with
 * {@code FOR UPDATE SKIP LOCKED} and a lease renewed while rows are held, so several processes (or several workers in
 * one process) share the queue and a crashed holder's rows are taken over once its lease expires. Per-host lanes,
 * signing with the draft-cavage → RFC 9421 double-knock, outcomes, retry schedule, circuit breaker, dead hosts and
 * retention are described in §5 and implemented here.
 *
 * <p>Runs on its own event-loop context (a verticle) of the given Vert.x; never blocks it: signing runs on a worker
 * thread, all I/O is asynchronous. Start with {@link #start}, stop with {@link #stop}.
 */
public final class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    /**
     * Claims due rows for this worker. $1 how many at most, $2 lease seconds, $3 rows one host may have in flight
     * (held by workers: running or waiting in a lane), $4 the hosts this worker holds rows of already.
     *
     * <p>A host with rows in flight belongs to the worker holding them: another worker takes none of its rows until
     * they are done (a host whose rows are all held elsewhere is left alone), so the per-host lane limit, which
     * each worker applies to the rows it holds, holds across workers and processes. A worker may hold more of a
     * host's rows than it runs at once: it claims in larger, fewer batches (one claim per few rows cost most of the
     * database's time in a fan-out, docs/benchmarks.md).
     *
     * <p>The ordering check must stay one probe of the (inbox, object_id, id) index per candidate row, whatever the
     * table's statistics say. It names the finished states rather than the unfinished ones, so the planner cannot
     * take the partial index of unfinished rows, which it read whole for every candidate whenever the statistics had
     * been taken while nothing was queued (they then call that index empty): a claim in a 2,000-row fan-out took
     * 110 ms instead of 4 ({@code ClaimPlanTest}). A plan made while the table was nearly empty reads it whole once it
     * is not (40–60 ms a claim), so the pool given to the worker should plan at every run rather than cache a generic
     * plan (the server's sets {@code plan_cache_mode} to {@code force_custom_plan}).
     *
     * <p>Hosts are found by skipping through the index of unfinished rows (one probe per host), and each host's first
     * rows in id order are read from it until its share is found, so a claim reads about as many rows as it may take,
     * not every queued row (a fan-out's 2,000 rows were read, and two subqueries run for each, at every claim).
     *
     * <p>A body shared by many rows ({@code body_id}) comes back once per claim, with the claimed row of that body
     * with the lowest id, and {@code null} with the others (the worker hands the first one's to them): a claim of 128
     * rows of one fan-out sent the same body 128 times.
     */
    static final String CLAIM_SQL = """
        WITH RECURSIVE hosts(host) AS (
          (SELECT f.host FROM federation_delivery f WHERE f.state IN ('pending', 'in_flight') ORDER BY f.host LIMIT 1)
          UNION ALL
          SELECT (SELECT f.host FROM federation_delivery f
                   WHERE f.state IN ('pending', 'in_flight') AND f.host > h.host ORDER BY f.host LIMIT 1)
            FROM hosts h WHERE h.host IS NOT NULL),
        busy AS MATERIALIZED (
          SELECT f.host, count(*) AS n FROM federation_delivery f
           WHERE f.state = 'in_flight' AND f.lease_until >= now()
           GROUP BY f.host),
        candidates AS MATERIALIZED (
          SELECT c.id FROM hosts h
          LEFT JOIN busy b ON b.host = h.host
          CROSS JOIN LATERAL (
            SELECT p.id FROM federation_delivery p
             WHERE p.host = h.host AND p.state IN ('pending', 'in_flight')
               AND ((p.state = 'pending' AND p.next_attempt_at <= now())
                    OR (p.state = 'in_flight' AND p.lease_until < now()))
               AND NOT EXISTS (SELECT 1 FROM federation_inbox_state i
                                WHERE i.inbox = p.inbox AND i.paused_until > now())
               AND NOT EXISTS (SELECT 1 FROM federation_delivery o
                                WHERE o.inbox = p.inbox AND o.object_id = p.object_id AND o.id < p.id
                                  AND o.state NOT IN ('delivered', 'failed', 'skipped'))
             ORDER BY p.id
             LIMIT greatest($3 - coalesce(b.n, 0), 0)) c
          WHERE h.host IS NOT NULL
            AND (b.n IS NULL OR h.host = ANY($4))),
        claimed AS (
          UPDATE federation_delivery d
             SET state = 'in_flight', lease_until = now() + make_interval(secs => $2), updated_at = now()
           WHERE d.id IN (
             SELECT c.id FROM federation_delivery c
              WHERE c.id = ANY (ARRAY(SELECT id FROM candidates))
                AND ((c.state = 'pending' AND c.next_attempt_at <= now())
                     OR (c.state = 'in_flight' AND c.lease_until < now()))
              ORDER BY c.id
              LIMIT $1
              FOR UPDATE SKIP LOCKED)
          RETURNING d.id, d.activity_id, d.activity_type, d.host, d.inbox, d.body, d.body_id, d.signer, d.attempts)
        SELECT c.id, c.activity_id, c.activity_type, c.host, c.inbox, c.body_id, c.signer, c.attempts,
               CASE WHEN c.body_id IS NULL THEN c.body
                    WHEN c.id = min(c.id) OVER (PARTITION BY c.body_id) THEN s.body END AS body
          FROM claimed c LEFT JOIN federation_delivery_body s ON s.id = c.body_id""";

    static final String RENEW_SQL = """
        UPDATE federation_delivery SET lease_until = now() + make_interval(secs => $2)
         WHERE id = ANY($1) AND state = 'in_flight'""";

    static final String RELEASE_SQL = """
        UPDATE federation_delivery SET state = 'pending', lease_until = NULL, updated_at = now()
         WHERE id = ANY($1) AND state = 'in_flight'""";

    static final String REMEMBERED_SCHEME_SQL = """
        SELECT signature_scheme FROM federation_host_state
         WHERE host = $1 AND signature_scheme IS NOT NULL
           AND scheme_remembered_at > now() - make_interval(secs => $2)""";

    /**
     * Deliveries, many in one statement (one round trip and one commit, atomic): the rows delivered; each host's
     * failure days cleared and the scheme that worked remembered; each inbox's circuit breaker reset. A host row is
     * rewritten only when something changes or its remembered scheme is an hour old, so a fan-out does not rewrite one
     * hot row per delivery. Hosts are written in name order, so two workers' batches cannot deadlock on them.
     * Parameters (arrays of one length, one element per delivery): $1 row ids, $2 statuses, $3 hosts, $4 schemes
     * (elements nullable), $5 inboxes.
     */
    static final String DELIVERED_SQL = """
        WITH u AS (SELECT * FROM unnest(CAST($1 AS bigint[]), CAST($2 AS int[]), CAST($3 AS text[]),
                                        CAST($4 AS text[]), CAST($5 AS text[])) AS u(id, status, host, scheme, inbox)),
        d AS (
          UPDATE federation_delivery f
             SET state = 'delivered', attempts = f.attempts + 1, last_status = u.status, last_error = NULL,
                 lease_until = NULL, updated_at = now()
            FROM u
           WHERE f.id = u.id
          RETURNING f.id),
        hosts AS (SELECT DISTINCT ON (host) host, scheme FROM u ORDER BY host, scheme NULLS LAST),
        h AS (
          INSERT INTO federation_host_state AS h (host, failure_days, unavailable, signature_scheme, scheme_remembered_at)
          SELECT host, '{}', false, scheme, CASE WHEN scheme IS NULL THEN NULL ELSE now() END FROM hosts ORDER BY host
          ON CONFLICT (host) DO UPDATE
             SET failure_days = '{}', unavailable = false, updated_at = now(),
                 signature_scheme = coalesce(excluded.signature_scheme, h.signature_scheme),
                 scheme_remembered_at = coalesce(excluded.scheme_remembered_at, h.scheme_remembered_at)
           WHERE h.unavailable OR cardinality(h.failure_days) > 0
              OR h.signature_scheme IS DISTINCT FROM coalesce(excluded.signature_scheme, h.signature_scheme)
              OR (excluded.scheme_remembered_at IS NOT NULL
                  AND (h.scheme_remembered_at IS NULL OR h.scheme_remembered_at < now() - interval '1 hour'))
          RETURNING 1),
        i AS (DELETE FROM federation_inbox_state WHERE inbox IN (SELECT inbox FROM u) RETURNING 1)
        SELECT count(*) FROM d""";

    static final String FAILED_SQL = """
        UPDATE federation_delivery
           SET state = 'failed', attempts = attempts + 1, last_status = $2, last_error = $3,
               lease_until = NULL, updated_at = now()
         WHERE id = $1""";

    static final String RETRY_SQL = """
        UPDATE federation_delivery
           SET state = 'pending', attempts = attempts + 1, last_status = $2, last_error = $3, lease_until = NULL,
               next_attempt_at = now() + make_interval(secs => $4), updated_at = now()
         WHERE id = $1""";

    static final String FAILURE_DAY_SQL = """
        INSERT INTO federation_host_state AS h (host, failure_days) VALUES ($1, ARRAY[CAST($2 AS date)])
        ON CONFLICT (host) DO UPDATE
           SET failure_days = CASE WHEN CAST($2 AS date) = ANY(h.failure_days) THEN h.failure_days
                                   ELSE h.failure_days || CAST($2 AS date) END,
               updated_at = now()
        RETURNING cardinality(failure_days) AS days, unavailable""";

    static final String MARK_UNAVAILABLE_SQL = """
        UPDATE federation_host_state SET unavailable = true, updated_at = now() WHERE host = $1 AND NOT unavailable""";

    static final String SKIP_PENDING_SQL = """
        UPDATE federation_delivery
           SET state = 'skipped', last_error = 'host unavailable', lease_until = NULL, updated_at = now()
         WHERE host = $1 AND state = 'pending' AND activity_type NOT IN ('Follow', 'Undo', 'Accept', 'Reject')""";

    static final String BREAKER_SQL = """
        INSERT INTO federation_inbox_state AS i (inbox, consecutive_failures, paused_until)
        VALUES ($1, 1, CASE WHEN 1 >= $2 THEN now() + make_interval(secs => $3) END)
        ON CONFLICT (inbox) DO UPDATE
           SET consecutive_failures = i.consecutive_failures + 1,
               paused_until = CASE WHEN i.consecutive_failures + 1 >= $2 THEN now() + make_interval(secs => $3)
                                   ELSE i.paused_until END,
               updated_at = now()
        RETURNING consecutive_failures, paused_until""";

    static final String CLEANUP_SQL = """
        DELETE FROM federation_delivery
         WHERE (state = 'delivered' AND updated_at < now() - make_interval(secs => $1))
            OR (state IN ('failed', 'skipped') AND updated_at < now() - make_interval(secs => $2))""";

    /**
     * Shared bodies no row points at any more: their rows were deleted by {@link #CLEANUP_SQL}, or every host of
     * their fan-out was refused. A body is written in the same transaction as its rows, so none is seen here before
     * its rows are.
     */
    static final String BODY_CLEANUP_SQL = """
        DELETE FROM federation_delivery_body b
         WHERE NOT EXISTS (SELECT 1 FROM federation_delivery d WHERE d.body_id = b.id)""";

    private static final int MAX_ERROR_CHARS = 300;
    /** A worker holds up to this many rows per request it may run at once, so that it claims in batches. */
    private static final int HOLD_PER_WORKER = 16;
    /** And up to this many of one host's rows per request that host may have running. */
    private static final int HOLD_PER_LANE = 16;
    /** Rows signed ahead in one worker task. */
    private static final int PRESIGN_CHUNK = 16;
    /** A signature made ahead is used only this long; older ones are made again (the Date header must be recent). */
    static final Duration PRESIGNED_FRESH = Duration.ofSeconds(30);
    /** Delivered rows are written at most once per this interval (an idle worker's first one at once). */
    private static final long RECORD_GATHER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(25);
    private static final long SCHEME_CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private record RememberedScheme(SignatureScheme scheme, long readAt) {
    }

    private final Map<String, RememberedScheme> schemes = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Where the time of a busy period went, summed over deliveries (they overlap, so the sums exceed the wall time;
     * their proportions are the profile). Logged when the worker becomes idle.
     */
    private static final class Timings {
        final java.util.concurrent.atomic.AtomicLong sign = new java.util.concurrent.atomic.AtomicLong();
        long claims;
        long claim;
        long scheme;
        long http;
        long record;
        long deliveries;
        long since;
    }

    private final Timings timings = new Timings();

    private final Vertx vertx;
    private final Pool pool;
    private final SignerDirectory signers;
    private final AddressPolicy policy;
    private final DeliveryOptions options;
    private final CavageSigner cavage;
    private final Rfc9421Signer rfc9421;
    private final Loop loop = new Loop();

    /**
     * Signatures made ahead for held rows that wait in their lane, by row id (see {@link #presign}); concurrent, as
     * {@link #send} may run on the thread that completed the signer's key lookup.
     */
    private final Map<Long, Future<Presigned>> presigned = new java.util.concurrent.ConcurrentHashMap<>();

    // State below is touched only on the verticle's context.
    /** The last chunk signed ahead: chunks run one after the other, so signing ahead takes one core at most. */
    private Future<?> presignTail = Future.succeededFuture();
    private Context context;
    private HttpClient http;
    private String deploymentId;
    private final Map<Long, Job> held = new LinkedHashMap<>();
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private int running;
    private final List<Delivered> toRecord = new ArrayList<>();
    private boolean recording;
    private long lastRecordStart = System.nanoTime() - RECORD_GATHER_NANOS;
    private Long recordTimer;
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
        this.cavage = new CavageSigner(options.clock());
        this.rfc9421 = new Rfc9421Signer(options.clock());
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
            List<Long> waiting = new ArrayList<>();
            for (Lane lane : lanes.values()) {
                for (Job job : lane.waiting) {
                    waiting.add(job.id);
                    held.remove(job.id);
                    presigned.remove(job.id);
                }
                lane.waiting.clear();
            }
            Future<?> released = waiting.isEmpty() ? Future.succeededFuture()
                : pool.preparedQuery(RELEASE_SQL).execute(Tuple.of(waiting.toArray(new Long[0])));
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
        return pool.preparedQuery(CLEANUP_SQL)
            .execute(Tuple.of(seconds(options.deliveredRetention()), seconds(options.failedRetention())))
            .compose(rows -> pool.preparedQuery(BODY_CLEANUP_SQL).execute().map(bodies -> {
                if (rows.rowCount() > 0 || bodies.rowCount() > 0) {
                    LOG.info("delivery retention deleted={} bodies={}", rows.rowCount(), bodies.rowCount());
                }
                return rows.rowCount();
            }));
    }

    /** Rows held by this worker right now (claimed, in flight or waiting for their lane). */
    public Future<Integer> heldCount() {
        Promise<Integer> p = Promise.promise();
        context.runOnContext(v -> p.complete(held.size()));
        return p.future();
    }

    private final class Loop extends AbstractVerticle {
        @Override
        public void start() {
            DeliveryWorker.this.context = context;
            HttpClientOptions httpOptions = new HttpClientOptions()
                .setConnectTimeout((int) millis(options.connectTimeout()))
                .setReadIdleTimeout((int) Math.max(1, options.readTimeout().toSeconds()))
                .setKeepAlive(true)
                .setMaxPoolSize(8)
                .setVerifyHost(true)
                .setTrustAll(false)
                .setDecompressionSupported(false);
            http = vertx.createHttpClient(httpOptions);
            timers.add(vertx.setPeriodic(millis(options.pollInterval()), t -> poll()));
            timers.add(vertx.setPeriodic(millis(options.leaseRenewal()), t -> renewLeases()));
            timers.add(vertx.setPeriodic(millis(options.cleanupInterval()),
                t -> DeliveryWorker.cleanup(pool, options).onFailure(e -> LOG.warn("delivery retention failed: {}", e.toString()))));
            poll();
        }
    }

    // ---- claiming and lanes (on the context) ----

    private int maxHeld() {
        return options.workers() * HOLD_PER_WORKER;
    }

    /**
     * After a row finishes: claims more rows when half of what this worker may hold is free, or when its lanes hold
     * too little to keep every request slot busy. The timer and {@link #wakeUp} call {@link #poll} directly, which
     * claims whenever anything is free.
     */
    private void maybeClaim() {
        int free = maxHeld() - held.size();
        int waiting = held.size() - running;
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
        int free = maxHeld() - held.size();
        if (free <= 0) {
            return;
        }
        claiming = true;
        long claimStart = System.nanoTime();
        String[] heldHosts = held.values().stream().map(Job::host).distinct().toArray(String[]::new);
        pool.preparedQuery(CLAIM_SQL)
            .execute(Tuple.of(free, seconds(options.lease()), options.perHostConcurrency() * HOLD_PER_LANE, heldHosts))
            .onComplete(ar -> {
                claiming = false;
                timings.claims++;
                timings.claim += System.nanoTime() - claimStart;
                if (ar.failed()) {
                    LOG.warn("delivery claim failed: {}", ar.cause().toString());
                    return;
                }
                List<Long> bodiless = new ArrayList<>();
                List<Job> jobs = Job.all(ar.result(), bodiless);
                for (Long id : bodiless) {
                    LOG.warn("delivery row={} has no body; recorded as failed", id);
                    pool.preparedQuery(FAILED_SQL).execute(Tuple.of(id, null, "its body is missing"))
                        .onFailure(e -> LOG.warn("delivery row={} not recorded as failed: {}", id, e.toString()));
                }
                jobs.sort(Comparator.comparingLong(Job::id));
                if (stopping) {
                    if (!jobs.isEmpty()) {
                        pool.preparedQuery(RELEASE_SQL).execute(Tuple.of(jobs.stream().map(Job::id).toArray(Long[]::new)));
                    }
                    return;
                }
                if (timings.deliveries == 0 && held.isEmpty() && !jobs.isEmpty()) {
                    timings.since = claimStart;
                }
                if (jobs.isEmpty() && held.isEmpty() && timings.deliveries > 0) {
                    logTimings(); // nothing due and nothing running: the end of a busy period
                }
                for (Job job : jobs) {
                    Job before = held.get(job.id);
                    if (before != null && before.attempts >= job.attempts) {
                        continue; // our own lease lapsed (renewal failed) and we took it again: it is already running
                    }
                    // (a row whose retry was recorded but not yet let go on this context comes back with one attempt
                    // more: it is a new run, not the old one; skipping it left it leased to nobody for a minute)
                    held.put(job.id, job);
                    lanes.computeIfAbsent(job.host, h -> new Lane()).waiting.add(job);
                }
                dispatch();
                presign(jobs.stream().filter(j -> held.get(j.id) == j && isWaiting(j)).toList());
                if (pollAgain || (!jobs.isEmpty() && jobs.size() == free)) {
                    pollAgain = false;
                    context.runOnContext(v -> maybeClaim());
                }
            });
    }

    /** Starts waiting rows while fewer than {@code workers} requests run, at most the per-host limit per lane. */
    private void dispatch() {
        if (stopping) {
            return;
        }
        boolean started = true;
        while (started && running < options.workers()) {
            started = false; // one row per lane per round, so lanes share the request slots
            for (var entry : List.copyOf(lanes.entrySet())) {
                if (running >= options.workers()) {
                    break;
                }
                Lane lane = entry.getValue();
                if (lane.running < options.perHostConcurrency() && !lane.waiting.isEmpty()) {
                    start(entry.getKey(), lane, lane.waiting.poll());
                    started = true;
                }
            }
        }
    }

    /**
     * Runs one row. Its request slot (lane and worker count) is freed as soon as a delivered row's answer arrived, not
     * when the outcome is committed: recording is batched, and a lane waiting for it would idle; the row stays held
     * (lease renewed, waited for on stop) until recorded. A row that failed keeps its slot until its outcome (retry
     * delay, circuit breaker, dead host) is written, so the next request to that host sees it.
     */
    private void start(String host, Lane lane, Job job) {
        lane.running++;
        running++;
        Promise<Void> slotFree = Promise.promise();
        Future<Void> recorded;
        try {
            recorded = deliver(job, slotFree);
        } catch (RuntimeException e) {
            recorded = Future.failedFuture(e);
        }
        boolean[] freed = {false};
        Runnable free = () -> {
            if (!freed[0]) {
                freed[0] = true;
                lane.running--;
                running--;
                if (lane.running == 0 && lane.waiting.isEmpty()) {
                    lanes.remove(host);
                }
                dispatch();
            }
        };
        slotFree.future().onComplete(ar -> context.runOnContext(v -> free.run()));
        recorded.onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                LOG.warn("delivery not recorded activity={} host={} error={}", job.activityId, job.host,
                    ar.cause().toString());
            }
            free.run();
            if (held.remove(job.id, job)) { // not a newer run of the same row, claimed meanwhile
                presigned.remove(job.id);
            }
            timings.deliveries++;
            maybeClaim();
        }));
    }

    private void logTimings() {
        long wall = System.nanoTime() - timings.since;
        LOG.info("delivery idle: {} rows in {} ms; summed over rows: claim {} ms in {} claims, scheme lookup {} ms, signing {} ms, HTTP {} ms, recording {} ms",
            timings.deliveries, wall / 1_000_000, timings.claim / 1_000_000, timings.claims, timings.scheme / 1_000_000,
            timings.sign.getAndSet(0) / 1_000_000, timings.http / 1_000_000, timings.record / 1_000_000);
        timings.claims = 0;
        timings.claim = 0;
        timings.scheme = 0;
        timings.http = 0;
        timings.record = 0;
        timings.deliveries = 0;
    }

    private void renewLeases() {
        if (held.isEmpty()) {
            return;
        }
        Long[] ids = held.keySet().toArray(new Long[0]);
        pool.preparedQuery(RENEW_SQL).execute(Tuple.of(ids, seconds(options.lease())))
            .onFailure(e -> LOG.warn("delivery lease renewal failed: {}", e.toString()));
    }

    private Future<Void> drain(long deadline) {
        Promise<Void> p = Promise.promise();
        long[] timer = new long[1];
        timer[0] = vertx.setPeriodic(20, t -> {
            if (held.isEmpty() || System.nanoTime() > deadline) {
                vertx.cancelTimer(timer[0]);
                p.tryComplete();
            }
        });
        return p.future();
    }

    // ---- one delivery ----

    private Future<Void> deliver(Job job, Promise<Void> slotFree) {
        URI uri = URI.create(job.inbox);
        return policy.mayDial(uri).transform(allowed -> {
            if (allowed.failed()) {
                return record(job, null, null, errorText("address check failed", allowed.cause()), null);
            }
            if (!Boolean.TRUE.equals(allowed.result())) {
                return fail(job, null, "address refused");
            }
            return signers.privateKey(job.signer).transform(key -> {
                if (key.failed()) {
                    return record(job, null, null, errorText("signer lookup failed", key.cause()), null);
                }
                if (key.result() == null) {
                    return fail(job, null, "unknown signer");
                }
                return knock(job, uri, key.result(), slotFree);
            });
        });
    }

    /** Double-knocking (FEDERATION.md §2): remembered scheme or cavage first; on 400/401 once more with the other. */
    private Future<Void> knock(Job job, URI uri, PrivateKey key, Promise<Void> slotFree) {
        long schemeStart = System.nanoTime();
        return rememberedScheme(job.host).compose(remembered -> {
            timings.scheme += System.nanoTime() - schemeStart;
            SignatureScheme first = remembered == null ? SignatureScheme.CAVAGE : remembered;
            return send(job, uri, first, key).compose(a -> {
                if (a.status != null && (a.status == 400 || a.status == 401)) {
                    SignatureScheme second = first == SignatureScheme.CAVAGE ? SignatureScheme.RFC9421 : SignatureScheme.CAVAGE;
                    LOG.info("delivery double-knock activity={} host={} status={} scheme={}", job.activityId, job.host,
                        a.status, schemeName(second));
                    return send(job, uri, second, key).map(b -> new Knock(b, second));
                }
                return Future.succeededFuture(new Knock(a, first));
            });
        }).compose(k -> {
            if (DeliveryOutcome.of(k.attempt.status) == DeliveryOutcome.DELIVERED) {
                slotFree.tryComplete();
            }
            long recordStart = System.nanoTime();
            return record(job, k.attempt.status, k.attempt.retryAfter, k.attempt.error, k.scheme)
                .onComplete(x -> timings.record += System.nanoTime() - recordStart);
        });
    }

    /**
     * The scheme remembered for a host (FEDERATION.md §2), read from the database at most once a minute per host and
     * process: what this worker learns itself is kept at once, what another process learnt is seen within a minute
     * (until then, at worst one double-knock).
     */
    private Future<SignatureScheme> rememberedScheme(String host) {
        RememberedScheme known = schemes.get(host);
        if (known != null && System.nanoTime() - known.readAt() < SCHEME_CACHE_NANOS) {
            return Future.succeededFuture(known.scheme());
        }
        return pool.preparedQuery(REMEMBERED_SCHEME_SQL).execute(Tuple.of(host, seconds(options.schemeMemory())))
            .map(rs -> {
                SignatureScheme scheme = null;
                if (rs.size() > 0) {
                    scheme = "rfc9421".equals(rs.iterator().next().getString(0)) ? SignatureScheme.RFC9421 : SignatureScheme.CAVAGE;
                }
                schemes.put(host, new RememberedScheme(scheme, System.nanoTime()));
                return scheme;
            });
    }

    private Future<Attempt> send(Job job, URI uri, SignatureScheme scheme, PrivateKey key) {
        Future<Presigned> ahead = presigned.remove(job.id);
        Future<SignableRequest> signing = ahead == null ? signNow(job, uri, scheme, key)
            : ahead.transform(p -> p.succeeded() && p.result() != null && p.result().scheme() == scheme
                && p.result().signedAt().plus(PRESIGNED_FRESH).isAfter(options.clock().instant())
                ? Future.succeededFuture(p.result().request())
                : signNow(job, uri, scheme, key));
        return signing
            .transform(signed -> {
                if (signed.failed()) {
                    return Future.succeededFuture(new Attempt(null, null, errorText("signing failed", signed.cause())));
                }
                long httpStart = System.nanoTime();
                return post(uri, signed.result()).onComplete(x -> timings.http += System.nanoTime() - httpStart);
            });
    }

    private Future<SignableRequest> signNow(Job job, URI uri, SignatureScheme scheme, PrivateKey key) {
        return vertx.executeBlocking(() -> sign(job, uri, scheme, key), false);
    }

    private SignableRequest sign(Job job, URI uri, SignatureScheme scheme, PrivateKey key) {
        SignableRequest unsigned = new SignableRequest("POST", uri,
            Map.of("Content-Type", List.of(ActivityPubMediaTypes.ACTIVITY_JSON)), job.body);
        long t = System.nanoTime();
        try {
            return scheme == SignatureScheme.CAVAGE
                ? cavage.signPost(unsigned, job.signer, key)
                : rfc9421.signPost(unsigned, job.signer, key);
        } finally {
            timings.sign.addAndGet(System.nanoTime() - t);
        }
    }

    private boolean isWaiting(Job job) {
        Lane lane = lanes.get(job.host);
        return lane != null && lane.waiting.contains(job);
    }

    /**
     * Signs rows that wait in their lane ahead of their turn, {@link #PRESIGN_CHUNK} to a worker task and one task at
     * a time, with the scheme their host is known to take now: one hand-over to a worker thread and back per chunk
     * instead of per row (in a fan-out these hand-overs cost about a tenth of the node's CPU). A row whose turn comes
     * first, or whose scheme changed meanwhile, or whose signature is older than {@link #PRESIGNED_FRESH}, is signed
     * when it is sent, as before; a failed signing ahead only means that.
     */
    private void presign(List<Job> jobs) {
        for (int from = 0; from < jobs.size(); from += PRESIGN_CHUNK) {
            List<Job> chunk = jobs.subList(from, Math.min(jobs.size(), from + PRESIGN_CHUNK));
            Map<String, Future<PrivateKey>> keys = new java.util.HashMap<>();
            Map<String, Future<SignatureScheme>> hostSchemes = new java.util.HashMap<>();
            for (Job job : chunk) {
                keys.computeIfAbsent(job.signer, signers::privateKey);
                hostSchemes.computeIfAbsent(job.host, this::rememberedScheme);
            }
            List<Future<?>> lookups = new ArrayList<>(keys.values());
            lookups.addAll(hostSchemes.values());
            Future<Map<Long, Presigned>> signed = presignTail.transform(previous -> Future.all(lookups))
                .compose(x -> vertx.executeBlocking(() -> {
                    Map<Long, Presigned> out = new java.util.HashMap<>();
                    for (Job job : chunk) {
                        PrivateKey key = keys.get(job.signer).result();
                        if (key == null) {
                            continue;
                        }
                        SignatureScheme scheme = hostSchemes.get(job.host).result();
                        scheme = scheme == null ? SignatureScheme.CAVAGE : scheme;
                        // Read before signing, so a signature is never taken for younger than its Date (read after, a
                        // clock moving while a loaded machine signed the chunk made a stale signature look fresh).
                        java.time.Instant signedAt = options.clock().instant();
                        SignableRequest request = sign(job, URI.create(job.inbox), scheme, key);
                        out.put(job.id, new Presigned(scheme, request, signedAt));
                    }
                    return out;
                }, false));
            presignTail = signed;
            for (Job job : chunk) {
                presigned.put(job.id, signed.map(m -> m.get(job.id)));
            }
        }
    }

    private record Presigned(SignatureScheme scheme, SignableRequest request, java.time.Instant signedAt) {
    }

    /** One POST: never fails; network errors, timeouts and TLS errors come back as an attempt without a status. */
    private Future<Attempt> post(URI uri, SignableRequest signed) {
        Promise<Attempt> promise = Promise.promise();
        RequestOptions request = new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(uri.toString())
            .setFollowRedirects(false)
            .setConnectTimeout(millis(options.connectTimeout()))
            .setIdleTimeout(millis(options.readTimeout()));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> request.addHeader(name, v));
            }
        });
        signed.header("host").ifPresent(h -> request.putHeader("Host", h));
        request.putHeader("User-Agent", options.userAgent());
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(millis(options.requestTimeout()), t -> {
            HttpClientRequest r = sent.get();
            if (r != null) {
                r.reset(0, new TimeoutException("request timeout"));
            }
            promise.tryComplete(new Attempt(null, null, "timeout after " + options.requestTimeout().toSeconds() + " s"));
        });
        http.request(request).onComplete(req -> {
            if (req.failed()) {
                promise.tryComplete(new Attempt(null, null, errorText("connect", req.cause())));
                return;
            }
            HttpClientRequest r = req.result();
            sent.set(r);
            r.send(Buffer.buffer(signed.body())).onComplete(resp -> {
                if (resp.failed()) {
                    promise.tryComplete(new Attempt(null, null, errorText("request", resp.cause())));
                    return;
                }
                var response = resp.result();
                int status = response.statusCode();
                Duration retryAfter = DeliveryOutcome.retryAfter(response.getHeader("Retry-After"), options.clock());
                long[] size = {0};
                response.handler(chunk -> {
                    size[0] += chunk.length();
                    if (size[0] > options.maxResponseBytes() && !promise.future().isComplete()) {
                        r.connection().close(); // stop reading: the connection cannot be reused
                        promise.tryComplete(new Attempt(status, retryAfter, "response body over limit"));
                    }
                });
                response.exceptionHandler(e -> promise.tryComplete(new Attempt(status, retryAfter, null)));
                response.endHandler(v -> promise.tryComplete(new Attempt(status, retryAfter, null)));
            });
        });
        return promise.future().onComplete(x -> vertx.cancelTimer(timer));
    }

    // ---- recording outcomes ----

    private Future<Void> fail(Job job, Integer status, String error) {
        LOG.info("delivery failed activity={} host={} status={} reason={}", job.activityId, job.host, status, error);
        return pool.preparedQuery(FAILED_SQL).execute(Tuple.of(job.id, status, truncate(error))).mapEmpty();
    }

    private Future<Void> record(Job job, Integer status, Duration retryAfter, String error, SignatureScheme scheme) {
        DeliveryOutcome outcome = DeliveryOutcome.of(status);
        switch (outcome) {
            case DELIVERED:
                LOG.debug("delivery delivered activity={} host={} status={}", job.activityId, job.host, status);
                if (scheme != null) {
                    schemes.put(job.host, new RememberedScheme(scheme, System.nanoTime()));
                }
                return delivered(job, status, scheme);
            case FAILED:
                return fail(job, status, error == null ? "status " + status : error);
            default:
                break;
        }
        int attempts = job.attempts + 1;
        String why = error != null ? error : "status " + status;
        return pool.withTransaction(c -> {
            Future<?> row;
            if (attempts >= options.maxAttempts()) {
                LOG.info("delivery failed activity={} host={} status={} reason=attempts exhausted", job.activityId,
                    job.host, status);
                row = c.preparedQuery(FAILED_SQL).execute(Tuple.of(job.id, status, truncate(why)));
            } else {
                Duration delay = DeliveryOutcome.nextDelay(options.retrySchedule().delay(attempts - 1), retryAfter,
                    options.maxRetryAfter());
                LOG.info("delivery retry activity={} host={} status={} attempt={} delay_s={}", job.activityId,
                    job.host, status, attempts, delay.toSeconds());
                row = c.preparedQuery(RETRY_SQL).execute(Tuple.of(job.id, status, truncate(why), seconds(delay)));
            }
            return row.compose(x -> trackFailure(c, job));
        });
    }

    /**
     * Records a delivery together with the others that finished meanwhile: while one batch is being written the next
     * gathers, so a busy worker commits once per batch, not once per row (an idle one at once, in a batch of one).
     */
    private Future<Void> delivered(Job job, int status, SignatureScheme scheme) {
        Promise<Void> recorded = Promise.promise();
        context.runOnContext(v -> {
            toRecord.add(new Delivered(job, status, schemeName(scheme), recorded));
            writeDelivered();
        });
        return recorded.future();
    }

    private void writeDelivered() {
        if (recording || recordTimer != null || toRecord.isEmpty()) {
            return;
        }
        long sinceLast = System.nanoTime() - lastRecordStart;
        if (sinceLast < RECORD_GATHER_NANOS) {
            // A busy worker writes at most one batch per gathering interval: each statement costs the database about
            // as much to plan as to run, and batches of a few rows made it half of the database's time in a fan-out.
            long delayMs = Math.max(1, (RECORD_GATHER_NANOS - sinceLast) / 1_000_000);
            recordTimer = vertx.setTimer(delayMs, t -> { // set on the context, so it fires there (as the poll timers)
                recordTimer = null;
                writeDelivered();
            });
            return;
        }
        lastRecordStart = System.nanoTime();
        recording = true;
        List<Delivered> batch = List.copyOf(toRecord);
        toRecord.clear();
        Tuple params = Tuple.of(
            batch.stream().map(d -> d.job.id).toArray(Long[]::new),
            batch.stream().map(d -> d.status).toArray(Integer[]::new),
            batch.stream().map(d -> d.job.host).toArray(String[]::new),
            batch.stream().map(d -> d.scheme).toArray(String[]::new),
            batch.stream().map(d -> d.job.inbox).toArray(String[]::new));
        pool.preparedQuery(DELIVERED_SQL).execute(params).onComplete(ar -> context.runOnContext(v -> {
            recording = false;
            for (Delivered d : batch) {
                if (ar.succeeded()) {
                    d.recorded.complete();
                } else {
                    d.recorded.fail(ar.cause());
                }
            }
            writeDelivered();
        }));
    }

    private record Delivered(Job job, int status, String scheme, Promise<Void> recorded) {
    }

    /** Failure day per host (dead hosts) and consecutive failures per inbox (circuit breaker). */
    private Future<Void> trackFailure(SqlConnection c, Job job) {
        LocalDate today = LocalDate.ofInstant(options.clock().instant(), ZoneOffset.UTC);
        return c.preparedQuery(BREAKER_SQL)
            .execute(Tuple.of(job.inbox, options.breakerThreshold(), seconds(options.breakerPause())))
            .compose(rs -> {
                Row r = rs.iterator().next();
                if (r.getInteger("consecutive_failures") >= options.breakerThreshold()) {
                    LOG.info("delivery circuit open host={} failures={}", job.host, r.getInteger("consecutive_failures"));
                }
                return c.preparedQuery(FAILURE_DAY_SQL).execute(Tuple.of(job.host, today));
            })
            .compose(rs -> {
                Row r = rs.iterator().next();
                boolean unavailable = r.getBoolean("unavailable");
                if (!unavailable && r.getInteger("days") < options.failureDaysThreshold()) {
                    return Future.succeededFuture();
                }
                Future<?> mark = unavailable ? Future.succeededFuture()
                    : c.preparedQuery(MARK_UNAVAILABLE_SQL).execute(Tuple.of(job.host)).onSuccess(m -> {
                        if (m.rowCount() > 0) {
                            LOG.warn("delivery host unavailable host={} failure_days={}", job.host, r.getInteger("days"));
                        }
                    });
                return mark.compose(x -> c.preparedQuery(SKIP_PENDING_SQL).execute(Tuple.of(job.host)))
                    .onSuccess(s -> {
                        if (s.rowCount() > 0) {
                            LOG.info("delivery skipped host={} rows={}", job.host, s.rowCount());
                        }
                    })
                    .mapEmpty();
            });
    }

    // ---- helpers ----

    private static String schemeName(SignatureScheme scheme) {
        return scheme == null ? null : scheme == SignatureScheme.RFC9421 ? "rfc9421" : "cavage";
    }

    private static String errorText(String what, Throwable t) {
        String message = t.getMessage();
        return what + ": " + t.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static long millis(Duration d) {
        return Math.max(1, d.toMillis());
    }

    private static final class Lane {
        int running;
        final Deque<Job> waiting = new ArrayDeque<>();
    }

    private record Knock(Attempt attempt, SignatureScheme scheme) {
    }

    /** One HTTP exchange: a status, or null with an error for network/TLS/timeouts. */
    private record Attempt(Integer status, Duration retryAfter, String error) {
    }

    private record Job(long id, String activityId, String activityType, String host, String inbox, byte[] body,
                       String signer, int attempts) {
        /**
         * The claimed rows; a shared body comes with one row of it only ({@link #CLAIM_SQL}), and its other rows get
         * the same bytes. Rows whose body is gone are added to {@code bodiless} instead.
         */
        static List<Job> all(Iterable<Row> rows, List<Long> bodiless) {
            Map<Long, byte[]> shared = new java.util.HashMap<>();
            List<Row> later = new ArrayList<>();
            List<Job> jobs = new ArrayList<>();
            for (Row row : rows) {
                Long bodyId = row.getLong("body_id");
                Buffer body = row.getBuffer("body");
                if (body == null) {
                    later.add(row);
                    continue;
                }
                byte[] bytes = body.getBytes();
                if (bodyId != null) {
                    shared.put(bodyId, bytes);
                }
                jobs.add(of(row, bytes));
            }
            for (Row row : later) {
                byte[] bytes = shared.get(row.getLong("body_id"));
                if (bytes == null) {
                    bodiless.add(row.getLong("id")); // its body was deleted by hand: nothing to send
                } else {
                    jobs.add(of(row, bytes));
                }
            }
            return jobs;
        }

        private static Job of(Row row, byte[] body) {
            return new Job(row.getLong("id"), row.getString("activity_id"), row.getString("activity_type"),
                row.getString("host"), row.getString("inbox"), body, row.getString("signer"), row.getInteger("attempts"));
        }
    }
}
