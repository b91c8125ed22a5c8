package org.mutua.federation.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The inbox's tables: activity ids seen (a unique key, so two processes or a retry never apply one activity twice;
 * Lemmy's received_activity) and the jobs waiting for a worker. Recording both is one statement.
 */
public final class InboundLog {
    private static final String RECORD = """
        with seen as (insert into inbound_activity (activity_id, actor) values ($1, $2) on conflict do nothing returning activity_id)
        insert into federation_inbound_job (activity_id, activity_type, actor, inbox, body)
        select activity_id, $3, $2, $4, $5 from seen returning id""";
    /** {@link #RECORD} and {@link #HOST_ALIVE} in one round trip ($6: the signer's normalised authority). */
    private static final String RECORD_ALIVE = """
        with alive as (update federation_host_state set unavailable = false, failure_days = '{}'
                       where host = $6 and (unavailable or cardinality(failure_days) > 0)),
        seen as (insert into inbound_activity (activity_id, actor) values ($1, $2) on conflict do nothing returning activity_id)
        insert into federation_inbound_job (activity_id, activity_type, actor, inbox, body)
        select activity_id, $3, $2, $4, $5 from seen returning id""";
    private static final String CLAIM = """
        update federation_inbound_job set state = 'in_flight', lease_until = now() + interval '60 seconds', attempts = attempts + 1
        where id in (select id from federation_inbound_job
                     where state = 'pending' or (state = 'in_flight' and lease_until < now())
                     order by id for update skip locked limit $1)
        returning id, activity_id, activity_type, actor, inbox, body, attempts""";
    /** A validly signed request from a host proves it is alive (Mastodon delivery_failure_tracker.rb track_inverse_success!). */
    private static final String HOST_ALIVE = """
        update federation_host_state set unavailable = false, failure_days = '{}'
        where host = $1 and (unavailable or cardinality(failure_days) > 0)""";
    private static final String FINISH = "update federation_inbound_job set state = 'done', outcome = $2, finished_at = now() where id = $1";

    private final Pool pool;

    public InboundLog(Pool pool) {
        this.pool = pool;
    }

    /** True when the activity is new and now queued; false when its id was seen before (answer 202, do nothing). */
    public Future<Boolean> record(InboundActivity a) {
        return pool.preparedQuery(RECORD)
            .execute(Tuple.of(a.id(), a.actor(), a.type(), a.inbox(), a.activity().encode()))
            .map(rows -> rows.rowCount() == 1);
    }

    /**
     * {@link #record(InboundActivity)} and {@link #hostAlive(String)} in one statement: a validly signed request's
     * host is alive, and the activity is queued when new.
     */
    public Future<Boolean> record(InboundActivity a, String signerHost) {
        return pool.preparedQuery(RECORD_ALIVE)
            .execute(Tuple.of(a.id(), a.actor(), a.type(), a.inbox(), a.activity().encode(), signerHost))
            .map(rows -> rows.rowCount() == 1);
    }

    /** Jobs waiting or running: the backlog the inbox bounds. */
    public Future<Long> backlog() {
        return pool.query("select count(*) from federation_inbound_job where state <> 'done'").execute()
            .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Clears the dead-host record of the signer's host (normalised authority, as the delivery queue keys hosts). */
    public Future<Void> hostAlive(String host) {
        return pool.preparedQuery(HOST_ALIVE).execute(Tuple.of(host)).mapEmpty();
    }

    /** A claimed job. */
    public record Job(long id, String activityId, String type, String actor, String inbox, String body, int attempts) {
    }

    public Future<List<Job>> claim(int max) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(max)).map(rows -> {
            List<Job> jobs = new ArrayList<>();
            for (Row r : rows) {
                jobs.add(new Job(r.getLong("id"), r.getString("activity_id"), r.getString("activity_type"), r.getString("actor"),
                    r.getString("inbox"), r.getString("body"), r.getInteger("attempts")));
            }
            jobs.sort((x, y) -> Long.compare(x.id(), y.id()));
            return jobs;
        });
    }

    public Future<Void> finish(long jobId, InboxOutcome outcome) {
        return pool.preparedQuery(FINISH).execute(Tuple.of(jobId, outcome.name())).mapEmpty();
    }
}
