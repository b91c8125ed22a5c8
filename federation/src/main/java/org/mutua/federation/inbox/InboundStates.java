package org.mutua.federation.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * What admins see of the inbound job queue (FEDERATION.md 4, issue 15): jobs by state and, for finished ones, by
 * outcome (as long as retention keeps them: a day, a week when failed or refused), the oldest unfinished job, and why
 * the jobs waiting to retry failed last (the short tokens of {@link InboundFailures#reason}). One pass over the table,
 * read on demand only.
 */
public final class InboundStates {
    private static final String COUNTS = """
        select count(*) filter (where state = 'pending' and (next_attempt_at is null or next_attempt_at <= now())) as pending,
               count(*) filter (where state = 'pending' and next_attempt_at > now()) as waiting,
               count(*) filter (where state = 'in_flight') as in_flight,
               count(*) filter (where state = 'done' and outcome = 'APPLIED') as applied,
               count(*) filter (where state = 'done' and outcome = 'IGNORED') as ignored,
               count(*) filter (where state = 'done' and outcome = 'REFUSED') as refused,
               count(*) filter (where state = 'done' and outcome = 'FAILED') as failed,
               min(created_at) filter (where state <> 'done') as oldest,
               (extract(epoch from now() - min(created_at) filter (where state <> 'done')))::bigint as oldest_age
          from federation_inbound_job""";
    private static final String WAITING_REASONS = """
        select coalesce(last_error, '?') as reason, count(*) as n from federation_inbound_job
         where state = 'pending' and next_attempt_at > now() group by 1 order by 2 desc, 1 limit 20""";

    private final Pool pool;

    public InboundStates(Pool pool) {
        this.pool = pool;
    }

    /**
     * {@code pending} (due now), {@code waitingToRetry}, {@code inFlight}, {@code applied}, {@code ignored},
     * {@code refused}, {@code failed}; {@code oldestWaitingSince} and {@code oldestWaitingSeconds} of the oldest job not
     * finished (null when none); {@code waitingReasons}: failure token to count, for the jobs waiting to retry.
     */
    public Future<JsonObject> counts() {
        return pool.query(COUNTS).execute().compose(rows -> {
            Row r = rows.iterator().next();
            OffsetDateTime oldest = r.getOffsetDateTime("oldest");
            JsonObject out = new JsonObject()
                .put("pending", r.getLong("pending")).put("waitingToRetry", r.getLong("waiting")).put("inFlight", r.getLong("in_flight"))
                .put("applied", r.getLong("applied")).put("ignored", r.getLong("ignored")).put("refused", r.getLong("refused"))
                .put("failed", r.getLong("failed"))
                .put("oldestWaitingSince", oldest == null ? null : oldest.toInstant().toString())
                .put("oldestWaitingSeconds", r.getLong("oldest_age"));
            return pool.query(WAITING_REASONS).execute().map(reasons -> {
                JsonObject byReason = new JsonObject();
                for (Row x : reasons) {
                    byReason.put(x.getString("reason"), x.getLong("n"));
                }
                return out.put("waitingReasons", byReason);
            });
        });
    }
}
