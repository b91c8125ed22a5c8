package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mutua.federation.testing.TestDatabase;

/**
 * The inbound claim stays cheap with jobs waiting to retry (the inbox benchmark drains a backlog claim by claim): each
 * of its three kinds of rows is read from its own partial index, never by scanning the table or stepping over the
 * waiting jobs, whatever the statistics say.
 */
class InboundClaimPlanTest {
    @ParameterizedTest
    @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
    void theClaimReadsEachKindOfJobFromItsIndex(String planCacheMode) throws Exception {
        TestDatabase db = TestDatabase.federation("claimplan");
        try (Connection c = db.jdbc(); Statement s = c.createStatement()) {
            s.execute(rows(5_000, "'done'", "null", "null"));
            s.execute(rows(2_000, "'pending'", "now() + interval '10 minutes'", "null"));
            s.execute(rows(2_000, "'pending'", "null", "null"));
            s.execute(rows(32, "'in_flight'", "null", "now() + interval '1 minute'"));
            s.execute("ANALYZE federation_inbound_job");
            s.execute("SET plan_cache_mode = " + planCacheMode);
            s.execute("PREPARE claim(int, bigint) AS " + InboundLog.CLAIM);
            s.execute("BEGIN");
            JsonObject plan;
            try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE claim(32, 60000)")) {
                rs.next();
                plan = new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan");
            }
            s.execute("ROLLBACK");
            List<JsonObject> scans = new ArrayList<>();
            collectScans(plan, scans);
            List<String> indexes = scans.stream().map(n -> n.getString("Index Name", n.getString("Node Type"))).toList();
            assertFalse(scans.stream().anyMatch(n -> n.getString("Node Type").contains("Seq Scan")), plan.encodePrettily());
            assertTrue(indexes.containsAll(List.of("federation_inbound_job_new", "federation_inbound_job_retry", "federation_inbound_job_leased")),
                indexes + "\n" + plan.encodePrettily());
            for (JsonObject scan : scans) {
                if ("federation_inbound_job_retry".equals(scan.getString("Index Name"))) {
                    // the waiting jobs are not due: the index condition stops before any of them is read
                    assertEquals(0, scan.getInteger("Actual Rows"), scan.encodePrettily());
                    assertEquals(0, scan.getInteger("Rows Removed by Filter", 0), scan.encodePrettily());
                }
                if ("federation_inbound_job_new".equals(scan.getString("Index Name"))) {
                    assertEquals(32, scan.getInteger("Actual Rows"), scan.encodePrettily());
                }
            }
        }
    }

    private static String rows(int n, String state, String nextAttempt, String lease) {
        return """
            INSERT INTO federation_inbound_job (activity_id, activity_type, actor, inbox, body, state, next_attempt_at, lease_until, outcome, finished_at)
            SELECT 'https://r.example/a/' || g || '-' || random(), 'Follow', 'https://r.example/users/u' || g, '/inbox', repeat('x', 800), %s, %s, %s,
                   case when %s = 'done' then 'APPLIED' end, case when %s = 'done' then now() end
              FROM generate_series(1, %d) g""".formatted(state, nextAttempt, lease, state, state, n);
    }

    /** Every plan node that reads federation_inbound_job, depth first. */
    private static void collectScans(JsonObject plan, List<JsonObject> out) {
        if ("federation_inbound_job".equals(plan.getString("Relation Name"))) {
            out.add(plan);
        }
        JsonArray children = plan.getJsonArray("Plans");
        for (int i = 0; children != null && i < children.size(); i++) {
            collectScans(children.getJsonObject(i), out);
        }
    }
}
