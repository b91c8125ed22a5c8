package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.testing.TestDatabase;

/**
 * Retention of the inbox's tables: finished jobs go after a day (a week when they failed or were refused), seen ids
 * after 14 days, and nothing that is still to be processed ever goes, however old.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundRetentionTest {
    private TestDatabase db;
    private Vertx vertx;
    private Pool pool;
    private InboundLog log;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.federation("retention");
        vertx = Vertx.vertx();
        pool = db.pool(vertx, 2);
        log = new InboundLog(pool);
    }

    @AfterAll
    void stop() throws Exception {
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Queues an activity as the inbox does; then sets its job's state, outcome and age, and its id's age. */
    private String queued(String name, String state, String outcome, String jobAge, String idAge) throws Exception {
        String id = "https://remote.example/activities/" + name;
        JsonObject body = new JsonObject().put("id", id).put("type", "Like").put("actor", "https://remote.example/users/a")
            .put("object", "https://here.example/o/1");
        assertTrue(await(log.record(new InboundActivity(id, "Like", "https://remote.example/users/a", body, "/inbox"), "remote.example")));
        sql("update federation_inbound_job set state = ?, outcome = ?, created_at = now() - cast(? as interval),"
            + " finished_at = case when ? = 'done' then now() - cast(? as interval) end where activity_id = ?", state, outcome, jobAge, state, jobAge, id);
        sql("update inbound_activity set received_at = now() - cast(? as interval) where activity_id = ?", idAge, id);
        return id;
    }

    private void sql(String sql, Object... params) throws Exception {
        try (Connection c = db.jdbc(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            q.executeUpdate();
        }
    }

    private boolean exists(String table, String activityId) throws Exception {
        try (Connection c = db.jdbc();
             PreparedStatement q = c.prepareStatement("select count(*) from " + table + " where activity_id = ?")) {
            q.setString(1, activityId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    @Test
    void finishedJobsAndOldIdsGoWhileWaitingJobsStay() throws Exception {
        String appliedYesterday = queued("applied-25h", "done", "APPLIED", "25 hours", "25 hours");
        String appliedToday = queued("applied-1h", "done", "APPLIED", "1 hour", "1 hour");
        String failedLastWeek = queued("failed-8d", "done", "FAILED", "8 days", "8 days");
        String failedDaysAgo = queued("failed-3d", "done", "FAILED", "3 days", "3 days");
        String refusedDaysAgo = queued("refused-3d", "done", "REFUSED", "3 days", "3 days");
        String waitingForLong = queued("pending-30d", "pending", null, "30 days", "30 days");
        String runningForLong = queued("in-flight-30d", "in_flight", null, "30 days", "30 days");
        String seenLongAgo = queued("applied-15d", "done", "APPLIED", "15 days", "15 days");

        InboundLog.Cleaned cleaned = await(log.cleanup());

        assertFalse(exists("federation_inbound_job", appliedYesterday), "applied more than a day ago");
        assertTrue(exists("federation_inbound_job", appliedToday), "applied within the day");
        assertFalse(exists("federation_inbound_job", failedLastWeek), "failed more than a week ago");
        assertTrue(exists("federation_inbound_job", failedDaysAgo), "failed this week: kept to be looked into");
        assertTrue(exists("federation_inbound_job", refusedDaysAgo), "refused this week: kept to be looked into");
        assertTrue(exists("federation_inbound_job", waitingForLong), "never processed: never deleted");
        assertTrue(exists("federation_inbound_job", runningForLong), "running: never deleted");
        assertFalse(exists("federation_inbound_job", seenLongAgo));
        assertEquals(3, cleaned.jobs());

        assertTrue(exists("inbound_activity", appliedYesterday), "ids are kept 14 days, whatever became of the job");
        assertTrue(exists("inbound_activity", failedLastWeek));
        assertFalse(exists("inbound_activity", seenLongAgo), "seen 15 days ago");
        assertFalse(exists("inbound_activity", waitingForLong), "seen 30 days ago; its job stays");
        assertFalse(exists("inbound_activity", runningForLong));
        assertEquals(3, cleaned.ids());

        assertEquals(new InboundLog.Cleaned(0, 0), await(log.cleanup()), "a second pass finds nothing more");
    }
}
