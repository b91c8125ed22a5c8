package org.mutua.server.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.testing.Eventually;
import org.mutua.server.testing.Fixtures;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.PeerDocuments;
import org.mutua.server.testing.ScriptedRemoteActor;
import org.mutua.server.testing.TestNode;

/**
 * Activities captured from Mastodon and GoToSocial (federation's src/test/resources/peers, sources in SOURCES.md)
 * replayed through a node's real inbox: signed by a scripted actor standing at the captured actor's path, with only
 * the origin swapped for the scripted actor's and the object pointed at one of our notices or members; then what was
 * stored is read back through the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerReplayTest {
    private TestNode node;
    private Fixtures fixtures;
    private Http api;
    private String ana;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        fixtures = Fixtures.on(node);
        api = fixtures.api;
        ana = fixtures.token(Fixtures.MEMBER);
    }

    @AfterAll
    void stop() {
        fixtures.close();
        node.close();
    }

    private JsonObject publish(String visibility, String content) {
        return fixtures.notice(Fixtures.MEMBER, visibility, content);
    }

    private JsonObject read(JsonObject notice) {
        HttpResponse<String> r = api.get("/api/mutua/v1/notices/" + notice.getString("id"), "Authorization", "Bearer " + ana);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    private JsonObject awaitReply(JsonObject notice, String uri) throws InterruptedException {
        Eventually.until("the reply " + uri, () -> read(notice).getJsonArray("replies").stream().map(JsonObject.class::cast)
            .anyMatch(r -> uri.equals(r.getString("uri"))));
        return read(notice).getJsonArray("replies").stream().map(JsonObject.class::cast).filter(r -> uri.equals(r.getString("uri")))
            .findFirst().orElseThrow();
    }

    /** The captured Create made a reply to {@code notice}: the one id the captures lack. */
    private static JsonObject replyingTo(JsonObject create, JsonObject notice) {
        create.getJsonObject("object").put("inReplyTo", notice.getString("uri"));
        return create;
    }

    private void post(ScriptedRemoteActor actor, JsonObject activity) throws Exception {
        HttpResponse<String> r = actor.post(node.baseUrl, activity);
        assertEquals(202, r.statusCode(), r.body());
    }

    @Test
    void mastodonsPublicReplyWithAMentionIsStoredAsPublicWithItsMention() throws Exception {
        try (ScriptedRemoteActor admin = new ScriptedRemoteActor("admin")) {
            JsonObject notice = publish("public", "Ladder to lend.");
            JsonObject create = replyingTo(PeerDocuments.sentBy(admin, "mastodon/create-note-mention.json", "http://framapiaf.org"), notice);
            post(admin, create);
            JsonObject reply = awaitReply(notice, admin.base + "/users/admin/statuses/99512778738411822");
            assertEquals(admin.id, reply.getString("actor"));
            assertEquals(true, reply.getBoolean("public"));
            assertTrue(reply.getString("content").contains("@<span>lain</span>"), reply.getString("content"));
        }
    }

    @Test
    void mastodonsFollowersOnlyReplyIsStoredAsNotPublic() throws Exception {
        try (ScriptedRemoteActor testmover = new ScriptedRemoteActor("testmover")) {
            JsonObject notice = publish("public", "Soup on Friday.");
            post(testmover, replyingTo(PeerDocuments.sentBy(testmover, "mastodon/create-note-followers-only.json", "https://fedi.aeracode.org"), notice));
            JsonObject reply = awaitReply(notice, testmover.base + "/users/testmover/statuses/110758610463118408");
            assertEquals(false, reply.getBoolean("public"), "addressed to its author's followers only");
            assertEquals("<p>This is a followers-only post!</p>", reply.getString("content"));
        }
    }

    @Test
    void goToSocialsReplyIsStoredAsPublic() throws Exception {
        try (ScriptedRemoteActor zork = new ScriptedRemoteActor("the_mighty_zork")) {
            JsonObject notice = publish("public", "Spare chairs.");
            post(zork, replyingTo(PeerDocuments.sentBy(zork, "gotosocial/create-note.json", "http://localhost:8080"), notice));
            JsonObject reply = awaitReply(notice, zork.base + "/users/the_mighty_zork/statuses/01F8MHAMCHF6Y650WCRSCP4WMY");
            assertEquals(zork.id, reply.getString("actor"));
            assertEquals(true, reply.getBoolean("public"), "to Public as a scalar");
            assertTrue(reply.getString("content").contains("hello everyone!"), reply.getString("content"));
        }
    }

    @Test
    void mastodonsLikeAndAnnounceAreCounted() throws Exception {
        try (ScriptedRemoteActor admin = new ScriptedRemoteActor("admin"); ScriptedRemoteActor tcit = new ScriptedRemoteActor("tcit")) {
            JsonObject notice = publish("public", "Bike pump at number 4.");
            JsonObject like = PeerDocuments.sentBy(admin, "mastodon/like.json", "http://mastodon.example.org").put("object", notice.getString("uri"));
            post(admin, like);
            JsonObject announce = PeerDocuments.sentBy(tcit, "mastodon/announce.json", "https://social.tcit.fr").put("object", notice.getString("uri"));
            post(tcit, announce);
            Eventually.until("the like and the boost", () -> read(notice).getLong("likesCount") == 1 && read(notice).getLong("announcesCount") == 1);
        }
    }

    @Test
    void mastodonsUndoFollowRemovesTheFollower() throws Exception {
        try (ScriptedRemoteActor tcit = new ScriptedRemoteActor("tcit")) {
            String member = fixtures.actor(Fixtures.MEMBER);
            JsonObject undo = PeerDocuments.sentBy(tcit, "mastodon/undo-follow.json", "https://social.tcit.fr");
            undo.getJsonObject("object").put("object", member);
            // The Follow the capture undoes, sent first with the capture's own id, and accepted by ana.
            post(tcit, undo.getJsonObject("object").copy().put("@context", "https://www.w3.org/ns/activitystreams"));
            Eventually.until("the request", () -> items("/api/mutua/v1/follow-requests").size() == 1);
            String request = items("/api/mutua/v1/follow-requests").getJsonObject(0).getString("id");
            assertEquals(200, api.postJson("/api/mutua/v1/follow-requests/" + request + "/accept", "{}", "Authorization", "Bearer " + ana).statusCode());
            Eventually.until("a follower", () -> items("/api/mutua/v1/followers").size() == 1);

            post(tcit, undo);
            Eventually.until("the follower gone", () -> items("/api/mutua/v1/followers").isEmpty());
        }
    }

    @Test
    void mastodonsDeleteOfTheActorTakesItsRepliesAway() throws Exception {
        try (ScriptedRemoteActor admin = new ScriptedRemoteActor("admin")) {
            JsonObject notice = publish("public", "Seedlings to give away.");
            post(admin, replyingTo(PeerDocuments.sentBy(admin, "mastodon/create-note-mention.json", "http://framapiaf.org"), notice));
            awaitReply(notice, admin.base + "/users/admin/statuses/99512778738411822");
            assertEquals(1, read(notice).getLong("repliesCount"));

            post(admin, PeerDocuments.sentBy(admin, "mastodon/delete-actor.json", "https://framapiaf.org"));
            Eventually.until("the reply gone", () -> read(notice).getLong("repliesCount") == 0);
        }
    }

    private io.vertx.core.json.JsonArray items(String path) {
        return Http.json(api.get(path, "Authorization", "Bearer " + ana)).getJsonArray("items");
    }
}
