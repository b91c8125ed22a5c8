package org.mutua.federation.delivery;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * Claiming due rows of {@code federation_delivery} for one worker with {@code FOR UPDATE SKIP LOCKED} and a lease,
 * renewing the lease while rows are held and letting unstarted rows go (FEDERATION.md §5), so several workers and
 * processes share the queue and a crashed holder's rows are taken over once its lease expires.
 */
final class Claims {
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
     * with the lowest id, and {@code null} with the others ({@link ClaimedRow#all} hands the first one's to them): a claim of 128
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

    private final Pool pool;
    private final DeliveryOptions options;

    Claims(Pool pool, DeliveryOptions options) {
        this.pool = pool;
        this.options = options;
    }

    /** Up to {@code max} due rows, at most {@code perHost} held per host, the hosts in {@code heldHosts} included. */
    Future<RowSet<Row>> claim(int max, int perHost, String[] heldHosts) {
        return pool.preparedQuery(CLAIM_SQL)
            .execute(Tuple.of(max, DeliveryOptions.seconds(options.lease()), perHost, heldHosts));
    }

    Future<RowSet<Row>> renew(Long[] ids) {
        return pool.preparedQuery(RENEW_SQL).execute(Tuple.of(ids, DeliveryOptions.seconds(options.lease())));
    }

    /** Back to {@code pending}, for another worker or a later claim. */
    Future<RowSet<Row>> release(Long[] ids) {
        return pool.preparedQuery(RELEASE_SQL).execute(Tuple.of((Object) ids));
    }
}
