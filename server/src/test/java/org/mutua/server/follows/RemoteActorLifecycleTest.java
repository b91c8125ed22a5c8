package org.mutua.server.follows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.federation.keys.ActorKeys;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.ScriptedRemoteActor;
import org.mutua.server.testing.TestNode;

/**
 * Remote actors that push key changes, block our members or delete themselves (FEDERATION.md 4 and 6 row 15),
 * scripted by hand because no peer program sends these on demand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteActorLifecycleTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private Http api;
    private String token;
    private String member;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        node.await(node.node.services().members().create("lena", MemberRole.MEMBER, PASSWORD));
        api = new Http(node.baseUrl);
        token = Http.json(api.postJson("/api/mutua/v1/tokens", "{\"username\":\"lena\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
        member = node.baseUrl + "/u/lena";
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private long count(String path, String actor) {
        return Http.json(api.get(path, "Authorization", "Bearer " + token)).getJsonArray("items").stream().map(JsonObject.class::cast)
            .filter(i -> actor.equals(i.getString("actor")) || actor.equals(i.getString("object"))).count();
    }

    private void await(String what, String path, String actor, IntPredicate ok) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (ok.test((int) count(path, actor))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** The remote actor follows our member, who accepts. */
    private void acceptedFollower(ScriptedRemoteActor remote) throws Exception {
        assertEquals(202, remote.post(node.baseUrl, remote.activity("Follow", member)).statusCode());
        await("the request", "/api/mutua/v1/follow-requests", remote.id, n -> n == 1);
        String id = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + token)).getJsonArray("items")
            .stream().map(JsonObject.class::cast).filter(i -> remote.id.equals(i.getString("actor"))).findFirst().orElseThrow().getString("id");
        assertEquals(200, api.postJson("/api/mutua/v1/follow-requests/" + id + "/accept", "{}", "Authorization", "Bearer " + token).statusCode());
        assertEquals(1, count("/api/mutua/v1/followers", remote.id));
    }

    @Test
    void pushedUpdateWithANewPublicKeyIsAcceptedButTheKeyIsNeverSwapped() throws Exception {
        try (ScriptedRemoteActor zed = new ScriptedRemoteActor("zed")) {
            JsonObject follow = zed.activity("Follow", member);
            assertEquals(202, zed.post(node.baseUrl, follow).statusCode());
            await("the request", "/api/mutua/v1/follow-requests", zed.id, n -> n == 1);

            ActorKeys attacker = new ActorKeyGenerator().generate();
            JsonObject pushed = zed.document.copy();
            pushed.getJsonObject("publicKey").put("publicKeyPem", attacker.rsaPublicPem());
            assertEquals(202, zed.post(node.baseUrl, zed.activity("Update", pushed)).statusCode(), "accepted, as Mastodon and GtS do");

            assertEquals(401, zed.post(node.baseUrl, zed.activity("Undo", follow), attacker).statusCode(), "the pushed key verifies nothing");
            Thread.sleep(500);
            assertEquals(1, count("/api/mutua/v1/follow-requests", zed.id), "nothing changed: the request is still there");
        }
    }

    @Test
    void blockEndsFollowsBothWaysSilently() throws Exception {
        try (ScriptedRemoteActor bex = new ScriptedRemoteActor("bex")) {
            acceptedFollower(bex);
            assertEquals(201, api.postJson("/api/mutua/v1/follows", new JsonObject().put("target", bex.id).encode(), "Authorization", "Bearer " + token).statusCode());
            assertEquals(1, count("/api/mutua/v1/follows", bex.id));
            int inboxBefore = bex.inbox.size();

            assertEquals(202, bex.post(node.baseUrl, bex.activity("Block", member)).statusCode());
            await("the follower to go", "/api/mutua/v1/followers", bex.id, n -> n == 0);
            await("our follow to go", "/api/mutua/v1/follows", bex.id, n -> n == 0);
            Thread.sleep(300);
            assertTrue(bex.inbox.subList(inboxBefore, bex.inbox.size()).stream().noneMatch(a -> "Undo".equals(a.getString("type"))),
                "a block is not answered");
        }
    }

    @Test
    void actorThatDeletesItselfLosesItsFollows() throws Exception {
        try (ScriptedRemoteActor dov = new ScriptedRemoteActor("dov")) {
            acceptedFollower(dov);
            JsonObject delete = dov.activity("Delete", dov.id);
            assertEquals(202, dov.post(node.baseUrl, delete).statusCode());
            await("the follower to go", "/api/mutua/v1/followers", dov.id, n -> n == 0);
        }
    }

    @Test
    void deleteOfSomeoneElseIsNotAnActorDeletion() throws Exception {
        try (ScriptedRemoteActor eve = new ScriptedRemoteActor("eve"); ScriptedRemoteActor fay = new ScriptedRemoteActor("fay")) {
            acceptedFollower(fay);
            assertEquals(202, eve.post(node.baseUrl, eve.activity("Delete", fay.id)).statusCode());
            Thread.sleep(500);
            assertEquals(1, count("/api/mutua/v1/followers", fay.id), "fay is still a follower");
        }
    }
}
