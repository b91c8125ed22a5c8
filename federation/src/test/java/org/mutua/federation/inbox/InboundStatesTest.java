package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mutua.federation.testing.TestDatabase;

/** What the admin sees of the inbound queue: each state and outcome counted apart, and the oldest unfinished job. */
class InboundStatesTest {
    @Test
    void countsEachStateAndOutcomeAndTheOldestWaitingJob() throws Exception {
        TestDatabase db = TestDatabase.federation("states");
        Vertx vertx = Vertx.vertx();
        Pool pool = db.pool(vertx, 2);
        try {
            InboundStates states = new InboundStates(pool);
            JsonObject empty = states.counts().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(0, empty.getLong("pending"));
            assertNull(empty.getValue("oldestWaitingSince"));

            insert(db, "'pending'", "null", "null", "null", "now()");
            insert(db, "'pending'", "now() - interval '1 second'", "null", "null", "now()");
            insert(db, "'pending'", "now() + interval '5 minutes'", "null", "'fetch:over-budget'", "now() - interval '2 hours'");
            insert(db, "'pending'", "now() + interval '5 minutes'", "null", "'fetch:over-budget'", "now()");
            insert(db, "'pending'", "now() + interval '1 minute'", "null", "'fetch:http-503'", "now()");
            insert(db, "'in_flight'", "null", "null", "null", "now()");
            insert(db, "'done'", "null", "'APPLIED'", "null", "now() - interval '3 hours'");
            insert(db, "'done'", "null", "'APPLIED'", "null", "now()");
            insert(db, "'done'", "null", "'IGNORED'", "null", "now()");
            insert(db, "'done'", "null", "'REFUSED'", "null", "now()");
            insert(db, "'done'", "null", "'FAILED'", "'fetch:http-410'", "now()");

            JsonObject c = states.counts().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(2, c.getLong("pending"), c.encode());
            assertEquals(3, c.getLong("waitingToRetry"), c.encode());
            assertEquals(1, c.getLong("inFlight"), c.encode());
            assertEquals(2, c.getLong("applied"), c.encode());
            assertEquals(1, c.getLong("ignored"), c.encode());
            assertEquals(1, c.getLong("refused"), c.encode());
            assertEquals(1, c.getLong("failed"), c.encode());
            long age = c.getLong("oldestWaitingSeconds");
            assertTrue(age >= 7_200 && age < 7_300, "the oldest unfinished job, not the older finished one: " + c.encode());
            assertEquals(new JsonObject().put("fetch:over-budget", 2L).put("fetch:http-503", 1L), c.getJsonObject("waitingReasons"));
        } finally {
            pool.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static int n;

    private static void insert(TestDatabase db, String state, String next, String outcome, String error, String created) {
        db.execute("""
            insert into federation_inbound_job (activity_id, activity_type, actor, inbox, body, state, next_attempt_at, outcome, last_error, created_at, finished_at)
            values ('https://r.example/a/%d', 'Follow', 'https://r.example/u', '/inbox', '{}', %s, %s, %s, %s, %s, case when %s = 'done' then now() end)"""
            .formatted(++n, state, next, outcome, error, created, state));
    }
}
