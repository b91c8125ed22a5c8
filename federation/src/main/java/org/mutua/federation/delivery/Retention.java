package org.mutua.federation.delivery;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes finished rows once they are old enough, and the shared bodies no row needs any more (FEDERATION.md §5). */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class); // the queue's one log category

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

    private Retention() {
    }

    /**
     * Delivered rows older than {@link DeliveryOptions#deliveredRetention()}, failed and skipped ones older than
     * {@link DeliveryOptions#failedRetention()}; answers how many rows were deleted.
     */
    static Future<Integer> run(Pool pool, DeliveryOptions options) {
        return pool.preparedQuery(CLEANUP_SQL)
            .execute(Tuple.of(DeliveryOptions.seconds(options.deliveredRetention()), DeliveryOptions.seconds(options.failedRetention())))
            .compose(rows -> pool.preparedQuery(BODY_CLEANUP_SQL).execute().map(bodies -> {
                if (rows.rowCount() > 0 || bodies.rowCount() > 0) {
                    LOG.info("delivery retention deleted={} bodies={}", rows.rowCount(), bodies.rowCount());
                }
                return rows.rowCount();
            }));
    }
}
