package org.mutua.federation.delivery;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed delivery tells about its inbox and host (FEDERATION.md §5): the inbox's circuit breaker pauses it
 * after consecutive failures, and a host that failed on enough distinct days is marked unavailable and its queued
 * rows skipped (but Follow, Undo, Accept, Reject). A delivery that succeeds clears both ({@link Outcomes#DELIVERED_SQL});
 * admins see and reset hosts through {@link HostStates}.
 */
final class HostHealth {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class); // the queue's one log category

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

    private final DeliveryOptions options;

    HostHealth(DeliveryOptions options) {
        this.options = options;
    }

    /** Failure day per host (dead hosts) and consecutive failures per inbox (circuit breaker). */
    Future<Void> failed(SqlConnection c, ClaimedRow job) {
        LocalDate today = LocalDate.ofInstant(options.clock().instant(), ZoneOffset.UTC);
        return c.preparedQuery(BREAKER_SQL)
            .execute(Tuple.of(job.inbox(), options.breakerThreshold(), DeliveryOptions.seconds(options.breakerPause())))
            .compose(rs -> {
                Row r = rs.iterator().next();
                if (r.getInteger("consecutive_failures") >= options.breakerThreshold()) {
                    LOG.info("delivery circuit open host={} failures={}", job.host(), r.getInteger("consecutive_failures"));
                }
                return c.preparedQuery(FAILURE_DAY_SQL).execute(Tuple.of(job.host(), today));
            })
            .compose(rs -> {
                Row r = rs.iterator().next();
                boolean unavailable = r.getBoolean("unavailable");
                if (!unavailable && r.getInteger("days") < options.failureDaysThreshold()) {
                    return Future.succeededFuture();
                }
                Future<?> mark = unavailable ? Future.succeededFuture()
                    : c.preparedQuery(MARK_UNAVAILABLE_SQL).execute(Tuple.of(job.host())).onSuccess(m -> {
                        if (m.rowCount() > 0) {
                            LOG.warn("delivery host unavailable host={} failure_days={}", job.host(), r.getInteger("days"));
                        }
                    });
                return mark.compose(x -> c.preparedQuery(SKIP_PENDING_SQL).execute(Tuple.of(job.host())))
                    .onSuccess(s -> {
                        if (s.rowCount() > 0) {
                            LOG.info("delivery skipped host={} rows={}", job.host(), s.rowCount());
                        }
                    })
                    .mapEmpty();
            });
    }
}
