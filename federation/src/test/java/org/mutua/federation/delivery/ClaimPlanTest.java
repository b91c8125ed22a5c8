package org.mutua.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The claim's ordering check (an earlier unfinished row of the same inbox and object) is answered by the
 * (inbox, object_id, id) index whatever the statistics say. With statistics taken while nothing was queued the planner
 * took the partial index of unfinished rows for "empty" and read all of it for every row a claim considered: 110 ms a
 * claim in a 2,000-row fan-out instead of 4.
 */
class ClaimPlanTest {
    @BeforeEach
    void clean() {
        TestDatabase.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
    void orderingCheckProbesTheOrderIndexEvenWithStatisticsFromAnEmptyQueue(String planCacheMode) throws Exception {
        // a quiet node: yesterday's fan-outs delivered, statistics taken then; then a fan-out is queued
        try (Connection c = TestDatabase.jdbc(); Statement s = c.createStatement()) {
            s.execute(rows(0, 2000, "delivered"));
            s.execute("ANALYZE federation_delivery");
            s.execute(rows(2000, 2000, "pending"));
            assertOrderingCheckProbesTheOrderIndex(s, planCacheMode);
        }
    }

    @Test
    void orderingCheckProbesTheOrderIndexEvenWithStatisticsOfANearlyEmptyTable() throws Exception {
        // a new node: statistics taken when the table held a few rows; then warm-up fan-outs and a real one. (A plan
        // made while the table really was nearly empty reads it whole once it is not: the node plans the claim at
        // every run, plan_cache_mode force_custom_plan on its federation pool.)
        try (Connection c = TestDatabase.jdbc(); Statement s = c.createStatement()) {
            s.execute(rows(0, 16, "pending"));
            s.execute("ANALYZE federation_delivery");
            s.execute("UPDATE federation_delivery SET state = 'delivered'");
            s.execute(rows(16, 6000, "delivered"));
            s.execute(rows(6016, 2000, "pending"));
            assertOrderingCheckProbesTheOrderIndex(s, "force_custom_plan");
        }
    }

    private static void assertOrderingCheckProbesTheOrderIndex(Statement s, String planCacheMode) throws Exception {
        s.execute("SET plan_cache_mode = " + planCacheMode);
        s.execute("PREPARE claim(int, float8, int, text[]) AS " + DeliveryWorker.CLAIM_SQL);
        JsonObject probe;
        try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE claim(64, 60, 16, '{}')")) {
            rs.next();
            probe = node(new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan"), "o");
        }
        assertNotNull(probe, "the ordering check's scan");
        assertEquals("federation_delivery_order", probe.getString("Index Name"), probe.encodePrettily());
        assertNotNull(probe.getString("Index Cond"), probe.encodePrettily());
    }

    /** Rows first … first + n - 1, 2,000 to an activity, to 16 hosts, in the given state. */
    private static String rows(int first, int n, String state) {
        return """
            INSERT INTO federation_delivery (activity_id, activity_type, object_id, host, inbox, body, signer, state)
            SELECT 'https://aid.example/a/' || (g / 2000), 'Create', 'https://aid.example/o/' || (g / 2000),
                   'h' || (g %% 16) || '.example', 'https://h' || (g %% 16) || '.example/users/u' || (g %% 2000) || '/inbox',
                   convert_to(repeat('x', 1500), 'UTF8'), 'https://aid.example/u/ada#main-key', '%s'
              FROM generate_series(%d, %d) g""".formatted(state, first, first + n - 1);
    }

    /** The plan node scanning the relation with this alias, depth first. */
    private static JsonObject node(JsonObject plan, String alias) {
        if (alias.equals(plan.getString("Alias"))) {
            return plan;
        }
        JsonArray children = plan.getJsonArray("Plans");
        for (int i = 0; children != null && i < children.size(); i++) {
            JsonObject found = node(children.getJsonObject(i), alias);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
