package org.mutua.federation.delivery;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mutua.federation.signatures.SignatureScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what became of each delivery (FEDERATION.md §5, outcomes and retry schedule): delivered rows in batches,
 * permanent failures at once, and retries with their delay together with what they tell about the host
 * ({@link HostHealth}), in one transaction. Made on the worker's context; its batches are gathered there.
 */
final class Outcomes {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class); // the queue's one log category

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

    private static final int MAX_ERROR_CHARS = 300;
    /** Delivered rows are written at most once per this interval (an idle worker's first one at once). */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private final Vertx vertx;
    private final Context context;
    private final Pool pool;
    private final DeliveryOptions options;
    private final SchemeMemory schemes;
    private final HostHealth health;

    // Touched only on the context.
    private final List<Delivered> toRecord = new ArrayList<>();
    private boolean recording;
    private long lastRecordStart = System.nanoTime() - GATHER_NANOS;
    private Long recordTimer;

    Outcomes(Vertx vertx, Context context, Pool pool, DeliveryOptions options, SchemeMemory schemes) {
        this.vertx = vertx;
        this.context = context;
        this.pool = pool;
        this.options = options;
        this.schemes = schemes;
        this.health = new HostHealth(options);
    }

    /** A permanent failure, written at once; it says nothing about the host's health. */
    Future<Void> fail(ClaimedRow job, Integer status, String error) {
        LOG.info("delivery failed activity={} host={} status={} reason={}", job.activityId(), job.host(), status, error);
        return pool.preparedQuery(FAILED_SQL).execute(Tuple.of(job.id(), status, truncate(error))).mapEmpty();
    }

    /**
     * One run's outcome ({@link DeliveryOutcome}): delivered (in the next batch, the scheme that worked remembered),
     * failed, or retried after the schedule's delay (or the host's Retry-After) with the failure counted against the
     * inbox and host; failed instead once the attempts are used up. {@code status} null means no answer.
     */
    Future<Void> record(ClaimedRow job, Integer status, Duration retryAfter, String error, SignatureScheme scheme) {
        DeliveryOutcome outcome = DeliveryOutcome.of(status);
        switch (outcome) {
            case DELIVERED:
                LOG.debug("delivery delivered activity={} host={} status={}", job.activityId(), job.host(), status);
                if (scheme != null) {
                    schemes.learnt(job.host(), scheme);
                }
                return delivered(job, status, scheme);
            case FAILED:
                return fail(job, status, error == null ? "status " + status : error);
            default:
                break;
        }
        int attempts = job.attempts() + 1;
        String why = error != null ? error : "status " + status;
        return pool.withTransaction(c -> {
            Future<?> row;
            if (attempts >= options.maxAttempts()) {
                LOG.info("delivery failed activity={} host={} status={} reason=attempts exhausted", job.activityId(),
                    job.host(), status);
                row = c.preparedQuery(FAILED_SQL).execute(Tuple.of(job.id(), status, truncate(why)));
            } else {
                Duration delay = DeliveryOutcome.nextDelay(options.retrySchedule().delay(attempts - 1), retryAfter,
                    options.maxRetryAfter());
                LOG.info("delivery retry activity={} host={} status={} attempt={} delay_s={}", job.activityId(),
                    job.host(), status, attempts, delay.toSeconds());
                row = c.preparedQuery(RETRY_SQL).execute(Tuple.of(job.id(), status, truncate(why), DeliveryOptions.seconds(delay)));
            }
            return row.compose(x -> health.failed(c, job));
        });
    }

    /**
     * Records a delivery together with the others that finished meanwhile: while one batch is being written the next
     * gathers, so a busy worker commits once per batch, not once per row (an idle one at once, in a batch of one).
     */
    private Future<Void> delivered(ClaimedRow job, int status, SignatureScheme scheme) {
        Promise<Void> recorded = Promise.promise();
        context.runOnContext(v -> {
            toRecord.add(new Delivered(job, status, SchemeMemory.name(scheme), recorded));
            writeDelivered();
        });
        return recorded.future();
    }

    private void writeDelivered() {
        if (recording || recordTimer != null || toRecord.isEmpty()) {
            return;
        }
        long sinceLast = System.nanoTime() - lastRecordStart;
        if (sinceLast < GATHER_NANOS) {
            // A busy worker writes at most one batch per gathering interval: each statement costs the database about
            // as much to plan as to run, and batches of a few rows made it half of the database's time in a fan-out.
            long delayMs = Math.max(1, (GATHER_NANOS - sinceLast) / 1_000_000);
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
            batch.stream().map(d -> d.job.id()).toArray(Long[]::new),
            batch.stream().map(d -> d.status).toArray(Integer[]::new),
            batch.stream().map(d -> d.job.host()).toArray(String[]::new),
            batch.stream().map(d -> d.scheme).toArray(String[]::new),
            batch.stream().map(d -> d.job.inbox()).toArray(String[]::new));
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

    private record Delivered(ClaimedRow job, int status, String scheme, Promise<Void> recorded) {
    }

    /** A claimed row whose shared body is gone: there is nothing to send, ever. */
    void failBodiless(long id) {
        LOG.warn("delivery row={} has no body; recorded as failed", id);
        pool.preparedQuery(FAILED_SQL).execute(Tuple.of(id, null, "its body is missing"))
            .onFailure(e -> LOG.warn("delivery row={} not recorded as failed: {}", id, e.toString()));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS);
    }
}
