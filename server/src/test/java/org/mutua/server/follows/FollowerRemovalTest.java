package org.mutua.server.follows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.DbRows;
import org.mutua.server.testing.Eventually;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.ScriptedRemoteActor;
import org.mutua.server.testing.TestNode;

/**
 * Removing an accepted follower (Mastodon's remove-from-followers): {@code DELETE /api/mutua/v1/followers/{id}} sends
 * {@code Reject} of the follower's own Follow, naming them in {@code to}, and nothing followers-only reaches them
 * afterwards, neither a new post nor the {@code Update} of an older one (FEDERATION.md 3.3, 5). Only the member
 * followed, or a coordinator for the neighbourhood, may remove; everyone else gets 404 and nothing is sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowerRemovalTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private Http http;
    private DbRows db;
    private String ana;
    private String ben;
    private String olga;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        http = new Http(node.baseUrl);
        db = new DbRows(node);
        node.await(node.node.services().members().create("ana", MemberRole.MEMBER, PASSWORD));
        node.await(node.node.services().members().create("ben", MemberRole.MEMBER, PASSWORD));
        node.await(node.node.services().members().create("olga", MemberRole.COORDINATOR, PASSWORD));
        ana = token("ana");
        ben = token("ben");
        olga = token("olga");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private String token(String name) {
        return Http.json(http.postJson("/api/mutua/v1/tokens", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"))
            .getString("token");
    }

    private JsonArray items(String path, String token) {
        HttpResponse<String> r = http.get(path, "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), path + " " + r.body());
        return Http.json(r).getJsonArray("items");
    }

    private static JsonObject entryOf(JsonArray items, String actor) {
        return items.stream().map(JsonObject.class::cast).filter(i -> actor.equals(i.getString("actor"))).findFirst().orElse(null);
    }

    /** The actor sends a Follow to one of ours; the follow's request id once it is listed for whoever decides. */
    private String asksToFollow(ScriptedRemoteActor a, String followed, String decider) throws Exception {
        return asksToFollow(a, a.activity("Follow", followed), decider);
    }

    private String asksToFollow(ScriptedRemoteActor a, JsonObject follow, String decider) throws Exception {
        assertEquals(202, a.post(node.baseUrl, follow).statusCode());
        Eventually.until("the request of " + a.id, () -> entryOf(items("/api/mutua/v1/follow-requests", decider), a.id) != null);
        return entryOf(items("/api/mutua/v1/follow-requests", decider), a.id).getString("id");
    }

    private String acceptedFollower(ScriptedRemoteActor a, String followed, String decider) throws Exception {
        return acceptedFollower(a, a.activity("Follow", followed), decider);
    }

    private String acceptedFollower(ScriptedRemoteActor a, JsonObject follow, String decider) throws Exception {
        String id = asksToFollow(a, follow, decider);
        assertEquals(200, http.postJson("/api/mutua/v1/follow-requests/" + id + "/accept", "{}", "Authorization", "Bearer " + decider).statusCode());
        return id;
    }

    /** Rows queued to this actor's server (its inboxes are on its own loopback port). */
    private long queuedTo(ScriptedRemoteActor a, String activityType) throws Exception {
        return db.count("select count(*) from federation_delivery where inbox like ? and activity_type = ?", a.base + "/%", activityType);
    }

    private long queuedTo(ScriptedRemoteActor a, String activityType, String objectId) throws Exception {
        return db.count("select count(*) from federation_delivery where inbox like ? and activity_type = ? and object_id = ?",
            a.base + "/%", activityType, objectId);
    }

    private JsonObject publish(String token, String content) {
        HttpResponse<String> r = http.postJson("/api/mutua/v1/notices", new JsonObject().put("content", content).put("visibility", "followers").encode(),
            "Authorization", "Bearer " + token);
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r);
    }

    @Test
    void aRemovedFollowerGetsARejectOfItsFollowAndNoFollowersOnlyPostOrEditAfterwards() throws Exception {
        try (ScriptedRemoteActor rosa = new ScriptedRemoteActor("rosa");
             ScriptedRemoteActor tom = new ScriptedRemoteActor("tom")) {
            String member = node.baseUrl + "/u/ana";
            JsonObject rosasFollow = rosa.activity("Follow", member);
            String rosaFollow = acceptedFollower(rosa, rosasFollow, ana);
            acceptedFollower(tom, member, ana);
            JsonObject older = publish(ana, "Soup on Friday");
            assertEquals(1, queuedTo(rosa, "Create", older.getString("uri")), "before removal she gets followers-only posts");

            HttpResponse<String> removed = http.delete("/api/mutua/v1/followers/" + rosaFollow, "Authorization", "Bearer " + ana);
            assertEquals(204, removed.statusCode(), removed.body());
            Eventually.until("the Reject", () -> rosa.posted("Reject").isPresent());
            JsonObject reject = rosa.posted("Reject").orElseThrow().getValue();
            assertEquals(member, reject.getString("actor"));
            assertEquals(new JsonArray().add(rosa.id), reject.getJsonArray("to"), "names the follower");
            JsonObject follow = reject.getJsonObject("object");
            assertEquals(rosasFollow.getString("id"), follow.getString("id"), "refers to her own Follow, as the Accept did: " + reject.encode());
            assertEquals(rosa.id, follow.getString("actor"));
            assertEquals(member, follow.getString("object"));
            assertEquals(null, entryOf(items("/api/mutua/v1/followers", ana), rosa.id), "no longer listed");
            assertTrue(entryOf(items("/api/mutua/v1/followers", ana), tom.id) != null, "the other follower stays");

            JsonObject newer = publish(ana, "Soup moved to Saturday");
            assertEquals(1, queuedTo(tom, "Create", newer.getString("uri")), "the remaining follower gets it (the check can fail)");
            assertEquals(0, queuedTo(rosa, "Create", newer.getString("uri")), "no new followers-only post reaches her");
            HttpResponse<String> edit = http.patchJson("/api/mutua/v1/notices/" + older.getString("id"), "{\"content\":\"Soup on Friday, bring a bowl\"}",
                "Authorization", "Bearer " + ana);
            assertEquals(200, edit.statusCode(), edit.body());
            assertEquals(1, queuedTo(tom, "Update", older.getString("uri")));
            assertEquals(0, queuedTo(rosa, "Update", older.getString("uri")), "nor the edit of a post she got before");

            HttpResponse<String> again = http.delete("/api/mutua/v1/followers/" + rosaFollow, "Authorization", "Bearer " + ana);
            assertEquals(404, again.statusCode(), "removing twice: the second time there is no such follower " + again.body());
            assertEquals(1, queuedTo(rosa, "Reject"), "one Reject only");
        }
    }

    @Test
    void anotherMembersFollowerAnUnknownIdAndAPendingRequestCannotBeRemoved() throws Exception {
        try (ScriptedRemoteActor lena = new ScriptedRemoteActor("lena");
             ScriptedRemoteActor ivo = new ScriptedRemoteActor("ivo")) {
            String member = node.baseUrl + "/u/ana";
            String lenaFollow = acceptedFollower(lena, member, ana);
            String ivoRequest = asksToFollow(ivo, member, ana);

            HttpResponse<String> notHers = http.delete("/api/mutua/v1/followers/" + lenaFollow, "Authorization", "Bearer " + ben);
            assertEquals(404, notHers.statusCode(), "another member's follower is as if it did not exist: " + notHers.body());
            HttpResponse<String> coordinator = http.delete("/api/mutua/v1/followers/" + lenaFollow, "Authorization", "Bearer " + olga);
            assertEquals(404, coordinator.statusCode(), "coordinators remove the neighbourhood's followers, not a member's");
            assertEquals(404, http.delete("/api/mutua/v1/followers/no-such-follow", "Authorization", "Bearer " + ana).statusCode());
            assertEquals(404, http.delete("/api/mutua/v1/followers/" + ivoRequest, "Authorization", "Bearer " + ana).statusCode(),
                "a pending request is declined, not removed");
            assertEquals(401, http.delete("/api/mutua/v1/followers/" + lenaFollow).statusCode());

            assertTrue(entryOf(items("/api/mutua/v1/followers", ana), lena.id) != null, "still her follower");
            assertTrue(entryOf(items("/api/mutua/v1/follow-requests", ana), ivo.id) != null, "still waiting");
            assertEquals(0, queuedTo(lena, "Reject"), "nothing sent");
            assertEquals(0, queuedTo(ivo, "Reject"), "nothing sent");
        }
    }

    @Test
    void aCoordinatorRemovesANeighbourhoodFollowerAndAPlainMemberCannot() throws Exception {
        try (ScriptedRemoteActor nico = new ScriptedRemoteActor("nico")) {
            String hood = node.baseUrl + "/g/" + node.config.neighbourhoodUsername();
            String follow = acceptedFollower(nico, hood, olga);
            assertFalse(items("/api/mutua/v1/followers?of=neighbourhood", olga).isEmpty());

            HttpResponse<String> plain = http.delete("/api/mutua/v1/followers/" + follow, "Authorization", "Bearer " + ana);
            assertEquals(404, plain.statusCode(), "a plain member cannot remove the neighbourhood's followers: " + plain.body());
            assertTrue(entryOf(items("/api/mutua/v1/followers?of=neighbourhood", olga), nico.id) != null, "still following");
            assertEquals(0, queuedTo(nico, "Reject"));

            assertEquals(204, http.delete("/api/mutua/v1/followers/" + follow, "Authorization", "Bearer " + olga).statusCode());
            Eventually.until("the neighbourhood's Reject", () -> nico.posted("Reject").isPresent());
            JsonObject reject = nico.posted("Reject").orElseThrow().getValue();
            assertEquals(hood, reject.getString("actor"));
            assertEquals(new JsonArray().add(nico.id), reject.getJsonArray("to"));
            assertEquals(hood, reject.getJsonObject("object").getString("object"));
            assertEquals(null, entryOf(items("/api/mutua/v1/followers?of=neighbourhood", olga), nico.id));
        }
    }
}
