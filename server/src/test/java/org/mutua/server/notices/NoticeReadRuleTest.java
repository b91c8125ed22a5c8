package org.mutua.server.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Eventually;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.ScriptedRemoteActor;
import org.mutua.server.testing.TestNode;

/**
 * The one read rule of notices ({@link NoticeService#canRead}) for every visibility and every kind of viewer, through
 * each surface that uses it: the ActivityPub GET (signed by a remote actor), the notice's page, the JSON API, and the
 * acceptance of a reply from the fediverse. Whoever may not read a notice gets the same 404 as for a notice that does
 * not exist, and their reply is not stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticeReadRuleTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private Http http;
    private String ana;
    private String bo;
    private String olga;
    private ScriptedRemoteActor stranger;
    private ScriptedRemoteActor pending;
    private ScriptedRemoteActor follower;
    private ScriptedRemoteActor former;
    private final Map<String, JsonObject> notices = new java.util.HashMap<>();

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        http = new Http(node.baseUrl);
        node.await(node.node.services().members().create("ana", MemberRole.MEMBER, PASSWORD));
        node.await(node.node.services().members().create("bo", MemberRole.MEMBER, PASSWORD));
        node.await(node.node.services().members().create("olga", MemberRole.COORDINATOR, PASSWORD));
        ana = token("ana");
        bo = token("bo");
        olga = token("olga");
        stranger = new ScriptedRemoteActor("stranger");
        pending = new ScriptedRemoteActor("pending");
        follower = new ScriptedRemoteActor("follower");
        former = new ScriptedRemoteActor("former");
        accept(follow(follower));
        JsonObject formerFollow = follow(former);
        accept(formerFollow);
        assertEquals(202, former.post(node.baseUrl, former.activity("Undo", formerFollow)).statusCode());
        Eventually.until("the former follower gone", () -> followers() == 1);
        follow(pending);
        notices.put("public", publish(ana, "public", false));
        notices.put("followers", publish(ana, "followers", false));
        notices.put("local", publish(ana, "local", false));
        notices.put("neighbourhood", publish(olga, "followers", true));
    }

    @AfterAll
    void stop() {
        for (ScriptedRemoteActor a : List.of(stranger, pending, follower, former)) {
            a.close();
        }
        node.close();
    }

    private String token(String name) {
        return Http.json(http.postJson("/api/mutua/v1/tokens", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
    }

    private JsonObject publish(String token, String visibility, boolean asNeighbourhood) {
        JsonObject body = new JsonObject().put("content", "A " + visibility + " notice" + (asNeighbourhood ? " of the neighbourhood" : ""))
            .put("visibility", visibility);
        if (asNeighbourhood) {
            body.put("as", "neighbourhood");
        }
        HttpResponse<String> r = http.postJson("/api/mutua/v1/notices", body.encode(), "Authorization", "Bearer " + token);
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r);
    }

    private JsonObject follow(ScriptedRemoteActor actor) throws Exception {
        JsonObject follow = actor.activity("Follow", node.baseUrl + "/u/ana");
        assertEquals(202, actor.post(node.baseUrl, follow).statusCode());
        Eventually.until("the request of " + actor.id, () -> requests().stream().anyMatch(r -> r.getString("actor", "").equals(actor.id)
            || r.encode().contains(actor.id)));
        return follow;
    }

    private List<JsonObject> requests() {
        return Http.json(http.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + ana)).getJsonArray("items").stream()
            .map(JsonObject.class::cast).toList();
    }

    private long followers() {
        return Http.json(http.get("/api/mutua/v1/followers", "Authorization", "Bearer " + ana)).getLong("totalItems");
    }

    private void accept(JsonObject follow) {
        String actor = follow.getString("actor");
        String id = requests().stream().filter(r -> r.encode().contains(actor)).findFirst().orElseThrow().getString("id");
        assertEquals(200, http.postJson("/api/mutua/v1/follow-requests/" + id + "/accept", "{}", "Authorization", "Bearer " + ana).statusCode());
    }

    private String path(String visibility) {
        return notices.get(visibility).getString("uri").substring(node.baseUrl.length());
    }

    /** What a remote actor's signed GET of the notice answers. */
    private int fetchedBy(ScriptedRemoteActor actor, String visibility) throws Exception {
        return actor.get(node.baseUrl, path(visibility)).statusCode();
    }

    /** What the notice's page answers a browser that is not logged in. */
    private int pageFor(String visibility) {
        return http.get(path(visibility), "Accept", "text/html").statusCode();
    }

    private int apiFor(String token, String visibility) {
        return http.get("/api/mutua/v1/notices/" + notices.get(visibility).getString("id"), "Authorization", "Bearer " + token).statusCode();
    }

    @Nested
    class OverActivityPub {
        @Test
        void anAnonymousFetchMustBeSigned() {
            for (String v : List.of("public", "followers", "local", "neighbourhood")) {
                assertEquals(401, http.get(path(v), "Accept", "application/activity+json").statusCode(), v);
            }
        }

        @Test
        void aSignedStrangerReadsOnlyThePublicNotice() throws Exception {
            assertEquals(200, fetchedBy(stranger, "public"));
            assertEquals(404, fetchedBy(stranger, "followers"));
            assertEquals(404, fetchedBy(stranger, "local"));
            assertEquals(404, fetchedBy(stranger, "neighbourhood"));
        }

        @Test
        void aPendingFollowerIsNoFollowerYet() throws Exception {
            assertEquals(200, fetchedBy(pending, "public"));
            assertEquals(404, fetchedBy(pending, "followers"));
            assertEquals(404, fetchedBy(pending, "local"));
        }

        @Test
        void anAcceptedFollowerReadsTheFollowersOnlyNoticeButNeverANodeOnlyOne() throws Exception {
            assertEquals(200, fetchedBy(follower, "public"));
            assertEquals(200, fetchedBy(follower, "followers"));
            assertEquals(404, fetchedBy(follower, "local"));
            assertEquals(404, fetchedBy(follower, "neighbourhood"), "a follower of ana, not of the neighbourhood");
        }

        @Test
        void aFormerFollowerReadsNoMoreThanAStranger() throws Exception {
            assertEquals(200, fetchedBy(former, "public"));
            assertEquals(404, fetchedBy(former, "followers"));
            assertEquals(404, fetchedBy(former, "local"));
        }
    }

    @Nested
    class OnThePagesAndTheApi {
        @Test
        void someoneLoggedOutSeesOnlyThePublicNotice() {
            assertEquals(200, pageFor("public"));
            assertEquals(404, pageFor("followers"));
            assertEquals(404, pageFor("local"));
            assertEquals(404, pageFor("neighbourhood"));
        }

        @Test
        void anotherMemberReadsNodeOnlyAndTheNeighbourhoodsButNotAnotherMembersFollowersOnlyNotice() {
            assertEquals(200, apiFor(bo, "public"));
            assertEquals(404, apiFor(bo, "followers"));
            assertEquals(200, apiFor(bo, "local"));
            assertEquals(200, apiFor(bo, "neighbourhood"));
        }

        @Test
        void aCoordinatorReadsWhatAMemberReadsAndNoMore() {
            assertEquals(200, apiFor(olga, "public"));
            assertEquals(404, apiFor(olga, "followers"));
            assertEquals(200, apiFor(olga, "local"));
            assertEquals(200, apiFor(olga, "neighbourhood"));
        }

        @Test
        void theAuthorReadsAllOfHers() {
            for (String v : List.of("public", "followers", "local", "neighbourhood")) {
                assertEquals(200, apiFor(ana, v), v);
            }
        }

        @Test
        void theListsAgreeWithTheRule() {
            String listed = Http.json(http.get("/api/mutua/v1/notices", "Authorization", "Bearer " + bo)).encode();
            assertTrue(listed.contains(notices.get("public").getString("id")));
            assertTrue(listed.contains(notices.get("local").getString("id")));
            assertTrue(listed.contains(notices.get("neighbourhood").getString("id")));
            assertFalse(listed.contains(notices.get("followers").getString("id")), "ana's followers-only notice is not bo's to list");
        }
    }

    @Nested
    class Replies {
        private long replies(String visibility) {
            return Http.json(http.get("/api/mutua/v1/notices/" + notices.get(visibility).getString("id") + "/replies", "Authorization", "Bearer " + ana))
                .getLong("totalItems");
        }

        private void reply(ScriptedRemoteActor actor, String visibility, String text) throws Exception {
            JsonObject note = new JsonObject().put("id", actor.newId("notes")).put("type", "Note").put("attributedTo", actor.id)
                .put("inReplyTo", notices.get(visibility).getString("uri")).put("content", "<p>" + text + "</p>")
                .put("to", new io.vertx.core.json.JsonArray().add(node.baseUrl + "/u/ana"));
            assertEquals(202, actor.post(node.baseUrl, actor.activity("Create", note)).statusCode());
        }

        @Test
        void aReplyToAFollowersOnlyNoticeIsStoredOnlyFromAnAcceptedFollower() throws Exception {
            for (ScriptedRemoteActor a : List.of(stranger, pending, former, follower)) {
                reply(a, "followers", "to the followers-only notice");
                // One actor's activities are processed in order: its marker is stored after its first reply was decided.
                reply(a, "public", "marker of " + a.id);
            }
            Eventually.until("every marker", () -> {
                String publicReplies = Http.json(http.get("/api/mutua/v1/notices/" + notices.get("public").getString("id")
                    + "/replies?limit=1000", "Authorization", "Bearer " + ana)).encode();
                return List.of(stranger, pending, former, follower).stream().allMatch(a -> publicReplies.contains("marker of " + a.id));
            });
            String stored = Http.json(http.get("/api/mutua/v1/notices/" + notices.get("followers").getString("id") + "/replies",
                "Authorization", "Bearer " + ana)).encode();
            assertEquals(1, replies("followers"), stored);
            assertTrue(stored.contains(follower.id), stored);
            for (ScriptedRemoteActor a : List.of(stranger, pending, former)) {
                assertFalse(stored.contains(a.id), a.id + " may not read it, so its reply is not stored");
            }
        }

        @Test
        void aReplyToAPublicNoticeIsStoredFromAnyone() throws Exception {
            reply(stranger, "public", "a stranger helps");
            Eventually.until("the stranger's reply", () -> replies("public") >= 1);
        }

        @Test
        void aReplyToANodeOnlyNoticeIsNeverStored() throws Exception {
            reply(follower, "local", "nobody outside should know this exists");
            reply(follower, "public", "marker");
            Eventually.until("the marker", () -> Http.json(http.get("/api/mutua/v1/notices/" + notices.get("public").getString("id")
                + "/replies?limit=1000", "Authorization", "Bearer " + ana)).encode().contains("marker"));
            assertEquals(0, replies("local"));
        }
    }
}
