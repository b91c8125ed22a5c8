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
    /**
     * Up to $1 jobs: new ones in arrival order, ones put back whose time has come, and claimed ones whose lease ran out
     * (their worker died), each read from its own partial index (V5__inbound_retry.sql), the oldest ids of them taken.
     * Each branch locks with SKIP LOCKED, so processes sharing the table never take one job twice. $2: the lease in
     * milliseconds. Answers each job's age (milliseconds since it arrived, by the database's clock, as the lease is).
     */
    static final String CLAIM = """
        with due as (
          select id from (select id from federation_inbound_job where state = 'pending' and next_attempt_at is null
                          order by id limit $1 for update skip locked) as new_jobs
          union all
          select id from (select id from federation_inbound_job where state = 'pending' and next_attempt_at is not null
                            and next_attempt_at <= now() order by next_attempt_at limit $1 for update skip locked) as put_back
          union all
          select id from (select id from federation_inbound_job where state = 'in_flight' and lease_until < now()
                          order by lease_until limit $1 for update skip locked) as lapsed)
        update federation_inbound_job j set state = 'in_flight', lease_until = now() + $2 * interval '1 millisecond', attempts = attempts + 1
        where j.id in (select id from due order by id limit $1)
        returning id, activity_id, activity_type, actor, inbox, body, attempts,
                  (extract(epoch from now() - created_at) * 1000)::bigint as age_ms""";
    /** $1 job ids still being processed here; $2 the lease in milliseconds. */
    private static final String RENEW = """
        update federation_inbound_job set lease_until = now() + $2 * interval '1 millisecond'
         where id = any(cast($1 as bigint[])) and state = 'in_flight'""";
    /**
     * Arrays of one length: $1 job ids, $2 outcomes (null: put back), $3 waits in milliseconds before the next attempt
     * (put back only), $4 failure tokens (null when it did not fail).
     */
    private static final String SETTLE = """
        update federation_inbound_job j
           set state = case when u.outcome is null then 'pending' else 'done' end,
               outcome = u.outcome,
               finished_at = case when u.outcome is null then null else now() end,
               next_attempt_at = case when u.outcome is null then now() + u.wait_ms * interval '1 millisecond' else j.next_attempt_at end,
               lease_until = null,
               last_error = coalesce(u.error, j.last_error)
          from unnest(cast($1 as bigint[]), cast($2 as text[]), cast($3 as bigint[]), cast($4 as text[])) as u(id, outcome, wait_ms, error)
         where j.id = u.id""";
    /** Unfinished jobs, each kind counted from its own partial index (read by the inbox once a second). */
    private static final String BACKLOG = """
        select (select count(*) from federation_inbound_job where state = 'pending' and next_attempt_at is null)
             + (select count(*) from federation_inbound_job where state = 'pending' and next_attempt_at is not null)
             + (select count(*) from federation_inbound_job where state = 'in_flight')""";

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

    /**
     * Requests waiting for their batch's commit, by default: with the database slow or gone, each holds its body in
     * memory and its sender's connection open, so past this the inbox answers 503 instead of piling them up. A healthy
     * database commits a batch in milliseconds, so the bound is far above what concurrent senders bring.
     */
    public static final int DEFAULT_MAX_UNCOMMITTED = 1_000;
    /** What the inbox tells a sender refused for that reason: a few seconds, long enough for a stalled commit. */
    static final long UNCOMMITTED_RETRY_AFTER_SECONDS = 10;

    private final Pool pool;
    private final InboundSchedule schedule;
    private final int maxUncommitted;
    private final java.util.Queue<Queued> queued = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Requests recorded and not yet answered: in {@link #queued} or in a batch being written. */
    private final java.util.concurrent.atomic.AtomicInteger uncommitted = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger writing = new java.util.concurrent.atomic.AtomicInteger();

    public InboundLog(Pool pool) {
        this(pool, InboundSchedule.defaults(), DEFAULT_MAX_UNCOMMITTED);
    }

    /** With the retry schedule and lease jobs follow, and the bound of requests waiting for a commit (tests, benchmarks). */
    public InboundLog(Pool pool, InboundSchedule schedule, int maxUncommitted) {
        if (maxUncommitted < 1) {
            throw new IllegalArgumentException("maxUncommitted must be positive");
        }
        this.pool = pool;
        this.schedule = schedule;
        this.maxUncommitted = maxUncommitted;
    }

    /** The retry schedule and lease of this table's jobs. */
    public InboundSchedule schedule() {
        return schedule;
    }

    /**
     * Queues the activity when its id is new (true) or not (false: answer 202, do nothing), and clears the dead-host
     * record of the signer's host (normalised authority, as the delivery queue keys hosts). Requests arriving while a
     * batch is being written are written together next (one statement and one commit for all of them, instead of one
     * each: most of the database's work at a thousand activities a second); the answer comes once the activity's batch
     * is committed, on the caller's context. Past {@link #DEFAULT_MAX_UNCOMMITTED} requests waiting for a commit it
     * fails with an {@link InboxRefusal} 503 (with Retry-After) and keeps nothing: the id is not seen, so the sender's
     * retry is taken as new.
     */
    public Future<Boolean> record(InboundActivity a, String signerHost) {
        if (uncommitted.incrementAndGet() > maxUncommitted) {
            uncommitted.decrementAndGet();
            return Future.failedFuture(new InboxRefusal(503, "too many activities waiting to be stored; retry later", UNCOMMITTED_RETRY_AFTER_SECONDS));
        }
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        Promise<Boolean> recorded = context != null ? context.promise() : Promise.promise();
        recorded.future().onComplete(done -> uncommitted.decrementAndGet());
        String body;
        try {
            body = a.activity().encode();
        } catch (RuntimeException e) {
            recorded.fail(e);
            return recorded.future();
        }
        queued.add(new Queued(a, body, signerHost, recorded));
        writeQueued();
        return recorded.future();
    }

    /** Requests waiting for their commit now (tests). */
    int uncommitted() {
        return uncommitted.get();
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

    /** Jobs waiting, waiting to retry or running: the backlog the inbox bounds. */
    public Future<Long> backlog() {
        return pool.query(BACKLOG).execute().map(rows -> rows.iterator().next().getLong(0));
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

    /** A claimed job; {@code attempts} counts this one, {@code ageMillis} is how long ago it arrived. */
    public record Job(long id, String activityId, String type, String actor, String inbox, String body, int attempts, long ageMillis) {
    }

    public Future<List<Job>> claim(int max) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(max, schedule.lease().toMillis())).map(rows -> {
            List<Job> jobs = new ArrayList<>();
            for (Row r : rows) {
                jobs.add(new Job(r.getLong("id"), r.getString("activity_id"), r.getString("activity_type"), r.getString("actor"),
                    r.getString("inbox"), r.getString("body"), r.getInteger("attempts"), r.getLong("age_ms")));
            }
            jobs.sort((x, y) -> Long.compare(x.id(), y.id()));
            return jobs;
        });
    }

    /** Extends the lease of jobs still being processed, so no other worker takes them as abandoned. */
    public Future<Void> renew(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        return pool.preparedQuery(RENEW).execute(Tuple.tuple().addValue(ids.toArray(Long[]::new)).addValue(schedule.lease().toMillis()))
            .mapEmpty();
    }

    /**
     * What became of one processed job: done with its outcome, or put back to wait {@code retryIn} (outcome null).
     * {@code failure} is the short token of why it failed ({@link InboundFailures#reason}), null when it did not.
     */
    public record Settled(long id, InboxOutcome outcome, java.time.Duration retryIn, String failure) {
        public static Settled done(long id, InboxOutcome outcome, String failure) {
            return new Settled(id, outcome, null, failure);
        }

        public static Settled retry(long id, java.time.Duration retryIn, String failure) {
            return new Settled(id, null, retryIn, failure);
        }
    }

    /** Marks jobs done or puts them back, all in one statement. */
    public Future<Void> settleAll(java.util.Collection<Settled> settled) {
        if (settled.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Settled> all = List.copyOf(settled);
        // Tuple.tuple().addValue: Tuple.of(Long[], String[]) would take the String[] as its varargs
        return pool.preparedQuery(SETTLE).execute(Tuple.tuple()
                .addValue(all.stream().map(Settled::id).toArray(Long[]::new))
                .addValue(all.stream().map(x -> x.outcome() == null ? null : x.outcome().name()).toArray(String[]::new))
                .addValue(all.stream().map(x -> x.retryIn() == null ? null : x.retryIn().toMillis()).toArray(Long[]::new))
                .addValue(all.stream().map(Settled::failure).toArray(String[]::new)))
            .mapEmpty();
    }
}
