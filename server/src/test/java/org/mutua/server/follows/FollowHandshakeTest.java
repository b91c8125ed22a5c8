package org.mutua.server.follows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Eventually;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.ScriptedRemoteActor;
import org.mutua.server.testing.TestNode;

/**
 * Follow, Accept, Reject and Undo{Follow} go to the other actor's personal inbox with {@code to} naming it, as Mastodon
 * sends them, even when it has a shared inbox (FEDERATION.md 5): software that routes shared-inbox deliveries by their
 * addressees would otherwise never apply them. Published posts keep using the shared inbox.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowHandshakeTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private Http http;
    private String ana;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        http = new Http(node.baseUrl);
        node.await(node.node.services().members().create("ana", MemberRole.MEMBER, PASSWORD));
        ana = Http.json(http.postJson("/api/mutua/v1/tokens", "{\"username\":\"ana\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private static void toThePersonalInboxNamingIt(ScriptedRemoteActor actor, String type) throws InterruptedException {
        Eventually.until("the " + type, () -> actor.posted(type).isPresent());
        Map.Entry<String, JsonObject> got = actor.posted(type).orElseThrow();
        assertEquals(actor.id.substring(actor.base.length()) + "/inbox", got.getKey(), type + " went to the shared inbox");
        assertEquals(new JsonArray().add(actor.id), got.getValue().getJsonArray("to"), type + " names its addressee");
    }

    @Test
    void anAcceptAndARejectGoToTheFollowersPersonalInbox() throws Exception {
        try (ScriptedRemoteActor rosa = new ScriptedRemoteActor("rosa").withSharedInbox();
             ScriptedRemoteActor tom = new ScriptedRemoteActor("tom").withSharedInbox()) {
            for (ScriptedRemoteActor a : new ScriptedRemoteActor[] {rosa, tom}) {
                assertEquals(202, a.post(node.baseUrl, a.activity("Follow", node.baseUrl + "/u/ana")).statusCode());
                Eventually.until("the request of " + a.id, () -> requests().encode().contains(a.id));
                String id = requests().stream().map(JsonObject.class::cast).filter(r -> r.encode().contains(a.id)).findFirst()
                    .orElseThrow().getString("id");
                String decision = a == rosa ? "accept" : "reject";
                assertEquals(200, http.postJson("/api/mutua/v1/follow-requests/" + id + "/" + decision, "{}", "Authorization", "Bearer " + ana)
                    .statusCode());
            }
            toThePersonalInboxNamingIt(rosa, "Accept");
            toThePersonalInboxNamingIt(tom, "Reject");

            HttpResponse<String> notice = http.postJson("/api/mutua/v1/notices", "{\"content\":\"Soup tonight\",\"visibility\":\"followers\"}",
                "Authorization", "Bearer " + ana);
            assertEquals(201, notice.statusCode(), notice.body());
            Eventually.until("the Create", () -> rosa.posted("Create").isPresent());
            assertEquals("/inbox", rosa.posted("Create").orElseThrow().getKey(), "a post still goes to the shared inbox");
        }
    }

    @Test
    void aMembersFollowAndItsUndoGoToThePersonalInbox() throws Exception {
        try (ScriptedRemoteActor lena = new ScriptedRemoteActor("lena").withSharedInbox()) {
            HttpResponse<String> follow = http.postJson("/api/mutua/v1/follows", new JsonObject().put("target", lena.id).encode(),
                "Authorization", "Bearer " + ana);
            assertEquals(201, follow.statusCode(), follow.body());
            toThePersonalInboxNamingIt(lena, "Follow");
            assertEquals(204, http.delete("/api/mutua/v1/follows/" + Http.json(follow).getString("id"), "Authorization", "Bearer " + ana)
                .statusCode());
            toThePersonalInboxNamingIt(lena, "Undo");
        }
    }

    private JsonArray requests() {
        return Http.json(http.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + ana)).getJsonArray("items");
    }
}
