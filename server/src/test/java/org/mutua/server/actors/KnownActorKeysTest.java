package org.mutua.server.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.DbRows;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.ScriptedRemoteActor;
import org.mutua.server.testing.TestNode;

/**
 * A signer's key and the actor it belongs to (FEDERATION.md 2 "Key fetch rules", issue 15): the key fetch stores the
 * actor it fetched, so a new actor costs one GET of its document; a known actor's key is read from its stored record
 * when the in-memory cache has lost it, so its self-Delete after a restart is not dropped (rule 4); an unknown
 * actor's self-Delete is accepted with no fetch and nothing stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KnownActorKeysTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private Http api;
    private DbRows rows;
    private String token;
    private String member;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        node.await(node.node.services().members().create("lena", MemberRole.MEMBER, PASSWORD));
        api = new Http(node.baseUrl);
        rows = new DbRows(node);
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

    private void await(String what, String path, String actor, LongPredicate ok) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (ok.test(count(path, actor))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Test
    void newActorsFollowCostsOneFetchOfItsActorDocument() throws Exception {
        try (ScriptedRemoteActor nia = new ScriptedRemoteActor("nia")) {
            assertEquals(202, nia.post(node.baseUrl, nia.activity("Follow", member)).statusCode());
            await("the follow request", "/api/mutua/v1/follow-requests", nia.id, n -> n == 1);
            Thread.sleep(300);
            assertEquals(1, nia.documentGets.get(), "the key fetch's document is the actor the follow is recorded with");
            assertEquals(1, rows.count("select count(*) from remote_actor_key k join remote_actor r on r.id = k.remote_actor_id "
                + "where r.uri = ? and k.key_id = ?", nia.id, nia.id + "#main-key"), "its key is stored with it");
        }
    }

    @Test
    void knownFollowersSelfDeleteAfterARestartIsVerifiedWithItsStoredKeyAndRemovesIt() throws Exception {
        try (ScriptedRemoteActor ode = new ScriptedRemoteActor("ode")) {
            assertEquals(202, ode.post(node.baseUrl, ode.activity("Follow", member)).statusCode());
            await("the request", "/api/mutua/v1/follow-requests", ode.id, n -> n == 1);
            String id = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + token)).getJsonArray("items")
                .stream().map(JsonObject.class::cast).filter(i -> ode.id.equals(i.getString("actor"))).findFirst().orElseThrow().getString("id");
            assertEquals(200, api.postJson("/api/mutua/v1/follow-requests/" + id + "/accept", "{}", "Authorization", "Bearer " + token).statusCode());
            assertEquals(1, count("/api/mutua/v1/followers", ode.id));

            node = node.restart(); // the key cache is gone with the process
            ode.gone = true;       // and the account's server no longer serves its key
            int getsBefore = ode.documentGets.get();
            assertEquals(202, ode.post(node.baseUrl, ode.activity("Delete", ode.id)).statusCode());
            await("the follower to go", "/api/mutua/v1/followers", ode.id, n -> n == 0);
            assertEquals(getsBefore, ode.documentGets.get(), "verified with the stored key: no fetch of the gone account");
        }
    }

    @Test
    void unknownActorsSelfDeleteIsAcceptedWithoutAFetchAndStoresNothing() throws Exception {
        try (ScriptedRemoteActor uma = new ScriptedRemoteActor("uma")) {
            JsonObject delete = uma.activity("Delete", uma.id);
            assertEquals(202, uma.post(node.baseUrl, delete).statusCode());
            Thread.sleep(300);
            assertEquals(0, uma.documentGets.get(), "never dialled");
            assertEquals(0, rows.count("select count(*) from inbound_activity where activity_id = ?", delete.getString("id")));
            assertEquals(0, rows.count("select count(*) from remote_actor where uri = ?", uma.id));
        }
    }
}
