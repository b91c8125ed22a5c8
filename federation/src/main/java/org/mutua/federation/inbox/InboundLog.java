package org.mutua.federation.inbox;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The inbox's tables: activity ids seen (a unique key, so two processes or a retry never apply one activity twice;
 * Lemmy's received_activity) and the jobs waiting for a worker. Recording both is one statement, for a batch of
 * requests at a time.
 */
public final class InboundLog {
    /**
     * Queues many activities, each id once (the unique key of {@code inbound_activity}), and clears the dead-host
     * record of their signers' hosts, since a validly signed request from a host proves it is alive (Mastodon
     * delivery_failure_tracker.rb track_inverse_success!); in one statement and one commit. Arrays of one length:
     * $1 activity ids, $2 actors, $3 types, $4 inboxes, $5 bodies; $6 signers' normalised authorities. An id twice in
     * one batch is queued once (its first arrival). Jobs get their ids in arrival order. Ids are inserted in id order,
     * so two batches written at once that share ids wait for each other instead of deadlocking.
     */
    private static final String RECORD_MANY = """
        with input as (
          select * from unnest(cast($1 as text[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[]), cast($5 as text[]))
                        with ordinality as t(activity_id, actor, activity_type, inbox, body, n)),
        alive as (update federation_host_state set unavailable = false, failure_days = '{}'
                  where host = any(cast($6 as text[])) and (unavailable or cardinality(failure_days) > 0)),
        firsts as (select distinct on (activity_id) * from input order by activity_id, n),
        seen as (insert into inbound_activity (activity_id, actor)
                 select activity_id, actor from firsts order by activity_id
                 on conflict do nothing returning activity_id)
        insert into federation_inbound_job (activity_id, activity_type, actor, inbox, body)
        select f.activity_id, f.activity_type, f.actor, f.inbox, f.body from firsts f join seen using (activity_id) order by f.n
        returning activity_id""";
    /** At most this many activities in one statement, and (past the first) at most this many characters of them. */
    private static final int MAX_BATCH = 128;
    private static final int MAX_BATCH_CHARS = 4_000_000;
    /**
     * Batches written at once: each waits for its commit to reach the disk, so with one writer every request waited
     * for up to two flushes and 32 connections could not keep the CPU busy; PostgreSQL flushes concurrent commits
     * together.
     */
    private static final int WRITERS = 4;
    private static final String CLAIM = """
        update federation_inbound_job set state = 'in_flight', lease_until = now() + interval '60 seconds', attempts = attempts + 1
        where id in (select id from federation_inbound_job
                     where state = 'pending' or (state = 'in_flight' and lease_until < now())
                     order by id for update skip locked limit $1)
        returning id, activity_id, activity_type, actor, inbox, body, attempts""";
    /** Arrays of one length: $1 job ids, $2 outcomes. */
    private static final String FINISH_ALL = """
        update federation_inbound_job j set state = 'done', outcome = u.outcome, finished_at = now()
          from unnest(cast($1 as bigint[]), cast($2 as text[])) as u(id, outcome)
         where j.id = u.id""";

    /**
     * Retention: finished jobs after a day, or a week when they failed or were refused (for an admin to look into, as
     * failed deliveries are kept); seen ids after 14 days, longer than any sender retries (FEDERATION.md 5 "Inbound
     * idempotency"; Mastodon retries for about three days). Jobs not yet done are never deleted. Without it every
     * activity's body stayed in the database for good.
     */
    private static final String CLEANUP = """
        with jobs as (delete from federation_inbound_job
                       where state = 'done'
                         and finished_at < now() - case when outcome in ('FAILED', 'REFUSED') then interval '7 days'
                                                        else interval '1 day' end
                      returning 1),
             ids as (delete from inbound_activity where received_at < now() - interval '14 days' returning 1)
        select (select count(*) from jobs) as jobs, (select count(*) from ids) as ids""";

    private final Pool pool;
    private final java.util.Queue<Queued> queued = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger writing = new java.util.concurrent.atomic.AtomicInteger();

    public InboundLog(Pool pool) {
        this.pool = pool;
    }

    /**
     * Queues the activity when its id is new (true) or not (false: answer 202, do nothing), and clears the dead-host
     * record of the signer's host (normalised authority, as the delivery queue keys hosts). Requests arriving while a
     * batch is being written are written together next (one statement and one commit for all of them, instead of one
     * each: most of the database's work at a thousand activities a second); the answer comes once the activity's batch
     * is committed, on the caller's context.
     */
    public Future<Boolean> record(InboundActivity a, String signerHost) {
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        Promise<Boolean> recorded = context != null ? context.promise() : Promise.promise();
        queued.add(new Queued(a, a.activity().encode(), signerHost, recorded));
        writeQueued();
        return recorded.future();
    }

    private record Queued(InboundActivity activity, String body, String signerHost, Promise<Boolean> recorded) {
    }

    private static Tuple batchParameters(List<Queued> batch) {
        return Tuple.of(
            batch.stream().map(q -> q.activity().id()).toArray(String[]::new),
            batch.stream().map(q -> q.activity().actor()).toArray(String[]::new),
            batch.stream().map(q -> q.activity().type()).toArray(String[]::new),
            batch.stream().map(q -> q.activity().inbox()).toArray(String[]::new),
            batch.stream().map(Queued::body).toArray(String[]::new),
            batch.stream().map(Queued::signerHost).filter(java.util.Objects::nonNull).distinct().toArray(String[]::new));
    }

    private void writeQueued() {
        int now = writing.get();
        if (now >= WRITERS || queued.isEmpty()) {
            return; // a writer in progress takes these next
        }
        if (!writing.compareAndSet(now, now + 1)) {
            writeQueued();
            return;
        }
        List<Queued> batch = new ArrayList<>();
        long chars = 0;
        for (Queued q; batch.size() < MAX_BATCH && chars < MAX_BATCH_CHARS && (q = queued.poll()) != null; ) {
            batch.add(q);
            chars += q.body().length();
        }
        if (batch.isEmpty()) {
            writing.decrementAndGet();
            writeQueued(); // something may have arrived after the check
            return;
        }
        Tuple params;
        try {
            params = batchParameters(batch);
        } catch (RuntimeException e) {
            writing.decrementAndGet();
            batch.forEach(q -> q.recorded().tryFail(e));
            writeQueued();
            return;
        }
        pool.preparedQuery(RECORD_MANY).execute(params).onComplete(ar -> {
            writing.decrementAndGet();
            if (ar.failed()) {
                batch.forEach(q -> q.recorded().tryFail(ar.cause()));
            } else {
                java.util.Set<String> queuedNow = new java.util.HashSet<>();
                for (Row r : ar.result()) {
                    queuedNow.add(r.getString(0));
                }
                for (Queued q : batch) {
                    // remove: of one id twice in a batch, only the first arrival was queued
                    q.recorded().tryComplete(queuedNow.remove(q.activity().id()));
                }
            }
            writeQueued();
        });
    }

    /** Jobs waiting or running: the backlog the inbox bounds. */
    public Future<Long> backlog() {
        return pool.query("select count(*) from federation_inbound_job where state <> 'done'").execute()
            .map(rows -> rows.iterator().next().getLong(0));
    }

    /** What one retention pass deleted. */
    public record Cleaned(long jobs, long ids) {
    }

    /** Deletes finished jobs and old seen ids (see {@link #CLEANUP}); run by the worker every hour. */
    public Future<Cleaned> cleanup() {
        return pool.query(CLEANUP).execute().map(rows -> {
            Row r = rows.iterator().next();
            return new Cleaned(r.getLong("jobs"), r.getLong("ids"));
        });
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

    /** Marks jobs done with their outcomes, all in one statement. */
    public Future<Void> finishAll(java.util.Map<Long, InboxOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Future.succeededFuture();
        }
        List<java.util.Map.Entry<Long, InboxOutcome>> entries = List.copyOf(outcomes.entrySet());
        // Tuple.tuple().addValue: Tuple.of(Long[], String[]) would take the String[] as its varargs
        return pool.preparedQuery(FINISH_ALL).execute(Tuple.tuple()
                .addValue(entries.stream().map(java.util.Map.Entry::getKey).toArray(Long[]::new))
                .addValue(entries.stream().map(e -> e.getValue().name()).toArray(String[]::new)))
            .mapEmpty();
    }
}
