package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mutua.federation.fetch.FetchException;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;
import org.mutua.federation.testing.TestDatabase;

/**
 * Accepted work is never lost (issue 15): a job that fails for a temporary reason is put back and tried again on a
 * schedule, a permanent failure ends it after one attempt, a job held by a slow handler is not taken by another
 * worker, and each activity still gets one outcome. The schedule is shortened through {@link InboundSchedule}; the
 * waits are the database's, as in production. FEDERATION.md 6 row 22 (the fetch budget a burst spends: its jobs wait
 * instead of failing).
 */
class InboundRetryTest {
    private static final String ACTOR = "https://remote.example/users/a";
    private static final Duration FIRST = Duration.ofMillis(300);

    private TestDatabase db;
    private Vertx vertx;
    private Pool pool;
    private final List<InboundWorker> workers = new ArrayList<>();
    /** What each activity's handler does on each call, and when each call came. */
    private final Map<String, Function<Integer, Future<InboxOutcome>>> behaviour = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> calls = new ConcurrentHashMap<>();
    private int sequence;

    @BeforeEach
    void start() {
        db = TestDatabase.federation("retry");
        vertx = Vertx.vertx();
        pool = db.pool(vertx, 4);
    }

    @AfterEach
    void stop() throws Exception {
        workers.forEach(InboundWorker::stop);
        Thread.sleep(200);
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static InboundSchedule schedule(Duration giveUpAfter, int maxAttempts, Duration lease) {
        return new InboundSchedule(FIRST, Duration.ofSeconds(2), giveUpAfter, maxAttempts, lease);
    }

    private InboundLog log(InboundSchedule schedule) {
        return new InboundLog(pool, schedule, InboundLog.DEFAULT_MAX_UNCOMMITTED);
    }

    private InboundWorker worker(InboundLog log) {
        InboxHandlers handlers = new InboxHandlers().on("Create", a -> {
            List<Long> mine = calls.computeIfAbsent(a.id(), k -> new CopyOnWriteArrayList<>());
            mine.add(System.nanoTime());
            return behaviour.get(a.id()).apply(mine.size());
        });
        InboundWorker w = new InboundWorker(vertx, log, handlers, new JsonLd(new BundledContexts()));
        workers.add(w);
        w.start();
        return w;
    }

    private String queue(InboundLog log, Function<Integer, Future<InboxOutcome>> handler) throws Exception {
        String id = "https://remote.example/activities/" + (++sequence);
        behaviour.put(id, handler);
        JsonObject body = new JsonObject().put("id", id).put("type", "Create").put("actor", ACTOR)
            .put("object", new JsonObject().put("id", id + "/note").put("type", "Note").put("content", "hi"));
        log.record(new InboundActivity(id, "Create", ACTOR, body, "/inbox"), "remote.example")
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        workers.forEach(InboundWorker::arrived);
        return id;
    }

    private Map<String, Object> job(String activityId) {
        return db.query("select state, outcome, attempts, last_error, next_attempt_at from federation_inbound_job where activity_id = ?", activityId).get(0);
    }

    private Map<String, Object> awaitDone(String activityId, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Map<String, Object> row = job(activityId);
            if ("done".equals(row.get("state"))) {
                return row;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job of " + activityId + " not done: " + job(activityId));
    }

    private static Future<InboxOutcome> fail(String reason) {
        return Future.failedFuture(new FetchException(reason));
    }

    @Test
    void aJobOverTheFetchBudgetWaitsAndIsAppliedOnceTheBudgetIsBack() throws Exception {
        InboundLog log = log(schedule(Duration.ofHours(24), 32, Duration.ofSeconds(60)));
        worker(log);
        // as RemoteActors reports a spent budget: wrapped, the fetch failure as the cause
        String id = queue(log, n -> n <= 2
            ? Future.failedFuture(new IllegalStateException("could not fetch that actor (over-budget)", new FetchException("over-budget")))
            : Future.succeededFuture(InboxOutcome.APPLIED));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.getOrDefault(id, List.of()).size() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(50);
        Map<String, Object> waiting = job(id);
        assertEquals("pending", waiting.get("state"), "put back, not done: " + waiting);
        assertEquals("fetch:over-budget", waiting.get("last_error"));

        Map<String, Object> done = awaitDone(id, 20);
        assertEquals("APPLIED", done.get("outcome"));
        assertEquals(3, done.get("attempts"));
        List<Long> at = calls.get(id);
        assertEquals(3, at.size(), "one call per attempt, the outcome once");
        assertTrue(at.get(1) - at.get(0) >= FIRST.toNanos(), "the first retry waits the first delay");
        assertTrue(at.get(2) - at.get(1) >= 2 * FIRST.toNanos(), "the second waits twice as long");
    }

    @Test
    void aGoneActorEndsTheJobFailedAfterOneAttempt() throws Exception {
        InboundLog log = log(schedule(Duration.ofHours(24), 32, Duration.ofSeconds(60)));
        worker(log);
        String gone = queue(log, n -> fail("http-410"));
        String missing = queue(log, n -> fail("http-404"));
        String forged = queue(log, n -> fail("id-mismatch"));
        String refused = queue(log, n -> Future.succeededFuture(InboxOutcome.REFUSED));

        assertEquals("FAILED", awaitDone(gone, 10).get("outcome"));
        assertEquals("FAILED", awaitDone(missing, 10).get("outcome"));
        assertEquals("FAILED", awaitDone(forged, 10).get("outcome"));
        assertEquals("REFUSED", awaitDone(refused, 10).get("outcome"));
        Thread.sleep(3 * FIRST.toMillis());
        for (String id : List.of(gone, missing, forged, refused)) {
            assertEquals(1, calls.get(id).size(), "never tried again: " + id);
            assertEquals(1, job(id).get("attempts"));
        }
        assertEquals("fetch:http-410", job(gone).get("last_error"));
    }

    @Test
    void aJobStillFailingWhenItsScheduleEndsIsFailed() throws Exception {
        // the window: attempts at about 0, 0.3-0.8 s (waits 0.6 s), 0.9-1.9 s; the next would wait 1.2 s, past 1.5 s
        InboundLog log = log(schedule(Duration.ofMillis(1_500), 32, Duration.ofSeconds(60)));
        worker(log);
        String id = queue(log, n -> fail("http-503"));
        Map<String, Object> done = awaitDone(id, 20);
        assertEquals("FAILED", done.get("outcome"));
        assertEquals(3, done.get("attempts"));
        assertEquals("fetch:http-503", done.get("last_error"));
    }

    @Test
    void attemptsAreCapped() throws Exception {
        InboundLog log = log(schedule(Duration.ofHours(24), 2, Duration.ofSeconds(60)));
        worker(log);
        String id = queue(log, n -> fail("timeout"));
        Map<String, Object> done = awaitDone(id, 20);
        assertEquals("FAILED", done.get("outcome"));
        assertEquals(2, done.get("attempts"));
        assertEquals(2, calls.get(id).size());
    }

    @Test
    void aHandlerSlowerThanTheLeaseIsNotProcessedTwice() throws Exception {
        // Two workers on one table, as two processes: without renewal the second takes the job once its lease of
        // 0.6 s runs out, while the first is still in the handler (2 s).
        InboundSchedule s = schedule(Duration.ofHours(24), 32, Duration.ofMillis(600));
        InboundLog first = log(s);
        worker(first);
        String id = queue(first, n -> {
            Promise<InboxOutcome> slow = Promise.promise();
            vertx.setTimer(2_000, t -> slow.complete(InboxOutcome.APPLIED));
            return slow.future();
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.getOrDefault(id, List.of()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        worker(log(s)); // the other process starts while the job runs
        Map<String, Object> done = awaitDone(id, 20);
        Thread.sleep(1_000);
        assertEquals("APPLIED", done.get("outcome"));
        assertEquals(1, calls.get(id).size(), "processed once");
        assertEquals(1, job(id).get("attempts"));
    }

    @Test
    void theDefaultScheduleTriesForADayAndTheCapIsNotReachedFirst() {
        InboundSchedule d = InboundSchedule.defaults();
        assertEquals(Duration.ofSeconds(30), d.delayAfter(1));
        assertEquals(Duration.ofSeconds(60), d.delayAfter(2));
        assertEquals(Duration.ofSeconds(1_920), d.delayAfter(7));
        assertEquals(Duration.ofHours(1), d.delayAfter(8));
        assertEquals(Duration.ofHours(1), d.delayAfter(1_000));
        int attempts = 1;
        Duration age = Duration.ZERO;
        for (var wait = d.retryAfter(attempts, age); wait.isPresent(); wait = d.retryAfter(attempts, age)) {
            age = age.plus(wait.get());
            attempts++;
        }
        assertTrue(age.compareTo(Duration.ofHours(23)) > 0 && age.compareTo(Duration.ofHours(24)) <= 0, "the last attempt within the day: " + age);
        assertTrue(attempts < d.maxAttempts(), "the day ends it, not the cap: " + attempts);
    }

    @Test
    void failuresAreClassifiedInOnePlace() {
        assertTrue(InboundFailures.temporary(new FetchException("over-budget")));
        assertTrue(InboundFailures.temporary(new RuntimeException("wrapped", new FetchException("http-502"))));
        assertTrue(InboundFailures.temporary(new FetchException("connect-failed")));
        assertTrue(InboundFailures.temporary(new FetchException("http-429")));
        assertFalse(InboundFailures.temporary(new FetchException("http-404")));
        assertFalse(InboundFailures.temporary(new FetchException("http-410")));
        assertFalse(InboundFailures.temporary(new FetchException("id-mismatch")));
        assertFalse(InboundFailures.temporary(new FetchException("blocked-address")));
        assertFalse(InboundFailures.temporary(new FetchException("bad-json")));
        assertTrue(InboundFailures.temporary(new io.vertx.pgclient.PgException("could not serialize", "ERROR", "40001", null)));
        assertTrue(InboundFailures.temporary(new RuntimeException(new java.sql.SQLException("terminating connection", "57P01"))));
        assertTrue(InboundFailures.temporary(io.vertx.sqlclient.ClosedConnectionException.INSTANCE));
        assertTrue(InboundFailures.temporary(new io.vertx.core.impl.NoStackTraceTimeoutException("pool")));
        assertFalse(InboundFailures.temporary(new io.vertx.pgclient.PgException("value too long", "ERROR", "22001", null)));
        assertFalse(InboundFailures.temporary(new io.vertx.core.json.DecodeException("bad")));
        assertFalse(InboundFailures.temporary(new NullPointerException()));
        assertEquals("sql:40001", InboundFailures.reason(new RuntimeException(new io.vertx.pgclient.PgException("m", "ERROR", "40001", null))));
        assertEquals("NullPointerException", InboundFailures.reason(new NullPointerException("a remote said <script>")));
    }
}
