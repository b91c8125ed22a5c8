package org.mutua.server.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.DbRows;
import org.mutua.server.testing.ScriptedRemoteActor;
import org.mutua.server.testing.TestNode;

/**
 * FEDERATION.md 6 row 22 at the inbox: when this node's fetch budget for the signer's domain is spent, the signature
 * cannot be checked, which is not a bad signature: {@code 429} with an honest {@code Retry-After} (the seconds until
 * the budget frees a slot), never {@code 401}, and nothing stored, so the sender's retry gets it in.
 */
class KeyFetchBudgetTest {
    @Test
    void signerWhoseKeyFetchIsOverTheDomainBudgetIsAskedToRetryLaterAndNothingIsStored() throws Exception {
        // Every scripted actor listens on 127.0.0.1, one domain: two key fetches a minute for all of them.
        try (TestNode node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true", "MUTUA_FETCH_MAX_PER_DOMAIN_PER_MINUTE", "2"));
             ScriptedRemoteActor ada = new ScriptedRemoteActor("ada");
             ScriptedRemoteActor bo = new ScriptedRemoteActor("bo");
             ScriptedRemoteActor cy = new ScriptedRemoteActor("cy")) {
            node.await(node.node.services().members().create("lena", MemberRole.MEMBER, "correct horse battery"));
            String member = node.baseUrl + "/u/lena";
            DbRows rows = new DbRows(node);
            assertEquals(202, ada.post(node.baseUrl, ada.activity("Follow", member)).statusCode());
            assertEquals(202, bo.post(node.baseUrl, bo.activity("Follow", member)).statusCode());

            JsonObject follow = cy.activity("Follow", member);
            HttpResponse<String> r = cy.post(node.baseUrl, follow);
            assertEquals(429, r.statusCode(), r.body());
            long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "until the first of this minute's fetches leaves the window: " + retryAfter);
            assertEquals(0, cy.documentGets.get(), "never dialled");
            assertEquals(0, rows.count("select count(*) from inbound_activity where activity_id = ?", follow.getString("id")));
            assertEquals(0, rows.count("select count(*) from federation_inbound_job where activity_id = ?", follow.getString("id")));
            assertEquals(0, rows.count("select count(*) from remote_actor where uri = ?", cy.id));
        }
    }
}
