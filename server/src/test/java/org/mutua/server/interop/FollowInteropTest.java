package org.mutua.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.SignedGets;
import org.mutua.server.testing.TestNode;

/**
 * Follows between Mutua and real independent software: a Fedify server on loopback follows a member and the
 * neighbourhood (approved by them), a member follows the peer's user, and both undo. Every Accept the peer gets
 * must carry an HTTP signature Fedify itself verifies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowInteropTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private FedifyPeer peer;
    private Http api;
    private String alice;
    private String olga;

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        peer = FedifyPeer.start("--actors", "alice,bob");
        api = new Http(node.baseUrl);
        node.await(node.node.services().members().create("alice", MemberRole.MEMBER, PASSWORD));
        node.await(node.node.services().members().create("olga", MemberRole.COORDINATOR, PASSWORD));
        alice = token("alice");
        olga = token("olga");
    }

    @AfterAll
    void stop() {
        if (peer != null) {
            peer.close();
        }
        node.close();
    }

    private String token(String name) {
        return Http.json(api.postJson("/api/mutua/v1/tokens", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
    }

    private JsonArray items(String path, String token) {
        HttpResponse<String> r = api.get(path, "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), path + " " + r.body());
        return Http.json(r).getJsonArray("items");
    }

    private static <T> T eventually(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for " + what);
        return null;
    }

    private JsonObject request(String token, String follower, String followed) throws InterruptedException {
        return eventually("a follow request from " + follower, () -> items("/api/mutua/v1/follow-requests", token).stream()
            .map(JsonObject.class::cast).filter(i -> i.getString("actor").equals(follower) && i.getString("object").equals(followed))
            .findFirst().orElse(null));
    }

    @Test
    void peerFollowsAMemberWhoApprovesAndThePeerVerifiesOurAccept() throws Exception {
        String member = node.baseUrl + "/u/alice";
        peer.control("follow", new JsonObject().put("actor", member).put("as", "alice"));
        JsonObject req = request(alice, peer.actor("alice"), member);
        assertEquals("pending", req.getString("state"), "members approve their followers");
        assertTrue(items("/api/mutua/v1/followers", alice).isEmpty(), "not a follower before approval");

        HttpResponse<String> accepted = api.postJson("/api/mutua/v1/follow-requests/" + req.getString("id") + "/accept", "{}", "Authorization", "Bearer " + alice);
        assertEquals(200, accepted.statusCode(), accepted.body());
        JsonObject accept = peer.awaitInbox("Accept", a -> member.equals(a.getString("actor")));
        JsonObject sig = accept.getJsonObject("httpSignature");
        assertEquals(true, sig.getBoolean("verified"), accept.encode());
        assertEquals(member + "#main-key", sig.getString("keyId"));
        assertEquals(1, items("/api/mutua/v1/followers", alice).size());

        // Undo from the peer removes the follower.
        peer.control("unfollow", new JsonObject().put("actor", member).put("as", "alice"));
        eventually("the follower to leave", () -> items("/api/mutua/v1/followers", alice).isEmpty() ? true : null);
    }

    @Test
    void peerFollowsTheNeighbourhoodAndACoordinatorApproves() throws Exception {
        String hood = node.baseUrl + "/g/" + node.config.neighbourhoodUsername();
        peer.control("follow", new JsonObject().put("actor", hood).put("as", "bob"));
        JsonObject req = request(olga, peer.actor("bob"), hood);
        assertTrue(items("/api/mutua/v1/follow-requests", alice).stream().map(JsonObject.class::cast)
            .noneMatch(i -> i.getString("object").equals(hood)), "plain members do not decide for the neighbourhood");
        assertEquals(200, api.postJson("/api/mutua/v1/follow-requests/" + req.getString("id") + "/accept", "{}", "Authorization", "Bearer " + olga).statusCode());
        JsonObject accept = peer.awaitInbox("Accept", a -> hood.equals(a.getString("actor")));
        assertEquals(true, accept.getJsonObject("httpSignature").getBoolean("verified"));
        assertEquals(1, Http.json(api.get("/api/mutua/v1/followers?of=neighbourhood", "Authorization", "Bearer " + olga)).getLong("totalItems"));

        // The neighbourhood's followers collection, like a member's, shows only how many, on every page (FEDERATION.md 7).
        JsonObject collection = Http.json(SignedGets.get(node, api, "/g/" + node.config.neighbourhoodUsername() + "/followers", "application/activity+json"));
        assertEquals(1, collection.getLong("totalItems"));
        HttpResponse<String> page = SignedGets.get(node, api, "/g/" + node.config.neighbourhoodUsername() + "/followers?page=1", "application/activity+json");
        assertEquals(1, Http.json(page).getLong("totalItems"));
        assertFalse(page.body().contains(peer.actor("bob")), "who follows the neighbourhood is served to nobody outside: " + page.body());
        assertFalse(Http.json(page).containsKey("orderedItems") || Http.json(page).containsKey("first"), page.body());
        JsonObject members = Http.json(SignedGets.get(node, api, "/u/alice/followers?page=1", "application/activity+json"));
        assertTrue(!members.containsKey("orderedItems") && members.containsKey("totalItems"), members.encode());
    }

    @Test
    void memberFollowsThePeersUserAndUndoes() throws Exception {
        HttpResponse<String> r = api.postJson("/api/mutua/v1/follows", new JsonObject().put("target", peer.actor("alice")).encode(), "Authorization", "Bearer " + alice);
        assertEquals(201, r.statusCode(), r.body());
        String id = Http.json(r).getString("id");
        JsonObject follow = peer.awaitInbox("Follow", f -> (node.baseUrl + "/u/alice").equals(f.getString("actor")));
        assertEquals(true, follow.getJsonObject("httpSignature").getBoolean("verified"), follow.encode());
        eventually("the peer's Accept", () -> items("/api/mutua/v1/follows", alice).stream().map(JsonObject.class::cast)
            .filter(f -> f.getString("id").equals(id) && f.getString("state").equals("accepted")).findFirst().orElse(null));

        assertEquals(204, api.delete("/api/mutua/v1/follows/" + id, "Authorization", "Bearer " + alice).statusCode());
        JsonObject undo = peer.awaitInbox("Undo", u -> (node.baseUrl + "/u/alice").equals(u.getString("actor")));
        assertEquals(true, undo.getJsonObject("httpSignature").getBoolean("verified"));
    }

    @Test
    void followingSomeoneWhoDoesNotExistIsAClearError() {
        HttpResponse<String> r = api.postJson("/api/mutua/v1/follows", new JsonObject().put("target", peer.actor("nobody")).encode(), "Authorization", "Bearer " + alice);
        assertEquals(404, r.statusCode(), "the peer has no such actor: " + r.body());
        assertEquals("target", Http.json(r).getString("field"));
        HttpResponse<String> bad = api.postJson("/api/mutua/v1/follows", "{\"target\":\"not a handle\"}", "Authorization", "Bearer " + alice);
        assertEquals(400, bad.statusCode());
    }
}
