package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;
import org.mutua.federation.testing.TestDatabase;

/**
 * While the inbox is flooded, processing waits for the flood to pass, but never longer than its bound, and normal
 * traffic is processed at once. The worker reads a hand-moved clock, so "flooded" does not depend on this machine's speed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundWorkerFloodTest {
    private static final long MAX_DEFER = 5_000;

    private TestDatabase db;
    private Vertx vertx;
    private Pool pool;
    private InboundLog log;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private InboundWorker worker;
    private int sequence;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.federation("flood");
        vertx = Vertx.vertx();
        pool = db.pool(vertx, 4);
        log = new InboundLog(pool);
    }

    /**
     * Stops the test's worker and waits for a drain it had begun to end: the tests share one job table and one list of
     * handled ids, and a drain still claiming after its test ended would process the next test's jobs (seen under
     * load as "processed during the flood").
     */
    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.stop();
            awaitNoDrain();
        }
    }

    /** Waits (at most 10 s) until the worker has no drain under way. */
    private void awaitNoDrain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (worker.draining() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @AfterAll
    void stop() throws Exception {
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private InboundWorker newWorker() {
        InboxHandlers handlers = new InboxHandlers().on("Create", a -> {
            handled.add(a.id());
            return Future.succeededFuture(InboxOutcome.APPLIED);
        });
        worker = new InboundWorker(vertx, log, handlers, new JsonLd(new BundledContexts()), clock::get, MAX_DEFER);
        return worker;
    }

    /** Queues one activity as the inbox does, and tells the worker it arrived; returns its id. */
    private String queueOne() throws Exception {
        String id = "https://remote.example/activities/" + (++sequence) + "-" + System.nanoTime();
        JsonObject body = new JsonObject().put("id", id).put("type", "Create").put("actor", "https://remote.example/users/a")
            .put("object", new JsonObject().put("id", id + "/note").put("type", "Note").put("content", "hi"));
        log.record(new InboundActivity(id, "Create", "https://remote.example/users/a", body, "/inbox"), "remote.example")
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        worker.arrived();
        return id;
    }

    /** Arrivals the inbox would report for activities that were duplicates or refused after counting: flood only. */
    private void arrivals(int n) {
        for (int i = 0; i < n; i++) {
            worker.arrived();
        }
    }

    /** More arrivals in the current window than traffic ever brings. */
    private void flood() {
        arrivals(InboundWorker.FLOOD_ARRIVALS + 10);
    }

    /**
     * Floods, then waits until a drain begun before the flood (the one {@code start()} runs, or one woken by the first
     * arrivals) has ended: that drain decided not to wait before the flood was counted, and on a loaded machine its
     * claim can reach the database after the test queued its first activity, which it would then process. Every
     * later drain sees the flood and claims nothing.
     */
    private void floodAndSettle() throws InterruptedException {
        flood();
        awaitNoDrain();
    }

    private boolean handledWithin(String id, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (handled.contains(id)) {
                return true;
            }
            Thread.sleep(20);
        }
        return handled.contains(id);
    }

    @Test
    void fiftyArrivalsInAWindowAreTrafficAndFiftyOneAFlood() {
        InboundWorker w = newWorker();
        arrivals(InboundWorker.FLOOD_ARRIVALS);
        assertFalse(w.flooded(clock.get()));
        arrivals(1);
        assertTrue(w.flooded(clock.get()));
        // the window after a flooded one still counts as flooded, the one after that does not
        assertTrue(w.flooded(clock.get() + InboundWorker.WINDOW_MS));
        assertFalse(w.flooded(clock.get() + 3 * InboundWorker.WINDOW_MS));
    }

    @Test
    void anActivityInOrdinaryTrafficIsProcessedAtOnce() throws Exception {
        newWorker().start();
        String id = queueOne();
        assertTrue(handledWithin(id, 5_000), "processed without a flood");
    }

    @Test
    void aFloodHoldsProcessingBackUntilItPasses() throws Exception {
        newWorker().start();
        clock.addAndGet(10_000);
        floodAndSettle();
        String id = queueOne();
        // the clock stands still, so the flood goes on: well past the resume timer's period, nothing is processed
        assertFalse(handledWithin(id, 600), "processed during the flood");
        clock.addAndGet(3 * InboundWorker.WINDOW_MS); // no arrivals for two windows: the flood is over
        assertTrue(handledWithin(id, 5_000), "processed once the flood passed");
    }

    @Test
    void aFloodLongerThanTheBoundCannotStarveProcessing() throws Exception {
        newWorker().start();
        clock.addAndGet(20_000);
        floodAndSettle();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) { // more than one claimed batch
            ids.add(queueOne());
        }
        assertFalse(handledWithin(ids.get(0), 300), "processed during the flood");
        // the flood goes on, window after window, until processing has waited as long as it may
        for (long waited = 0; waited <= MAX_DEFER; waited += InboundWorker.WINDOW_MS) {
            clock.addAndGet(InboundWorker.WINDOW_MS);
            flood();
        }
        // then it drains the whole backlog, batch after batch, although the flood still goes on
        assertTrue(handledWithin(ids.get(ids.size() - 1), 10_000), "processed although the flood goes on");
        assertTrue(handled.containsAll(ids));
        assertEquals(ids.size(), handled.stream().filter(ids::contains).count(), "each processed once");
    }
}
