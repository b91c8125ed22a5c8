package org.mutua.server.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.interop.FedifyPeer;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.DbRows;
import org.mutua.server.testing.Eventually;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.SignedGets;
import org.mutua.server.testing.TestNode;

/**
 * Notices through the shared publishing path, against a real Fedify peer that follows a member (approved through the
 * API): what reaches the peer, what stays on the node, and who may fetch what (FEDERATION.md 3, 5, 7).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticeInteropTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String AP = "application/activity+json";
    private TestNode node;
    private FedifyPeer peer;
    private Http api;
    private String ana;
    private String olga;
    private String member;

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        peer = FedifyPeer.start("--actors", "alice");
        api = new Http(node.baseUrl);
        node.await(node.node.services().members().create("ana", MemberRole.MEMBER, PASSWORD));
        node.await(node.node.services().members().create("olga", MemberRole.COORDINATOR, PASSWORD));
        ana = token("ana");
        olga = token("olga");
        member = node.baseUrl + "/u/ana";

        peer.control("follow", new JsonObject().put("actor", member).put("as", "alice"));
        JsonObject request = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (request == null && System.nanoTime() < deadline) {
            request = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + ana)).getJsonArray("items")
                .stream().map(JsonObject.class::cast).filter(i -> i.getString("actor").equals(peer.actor("alice"))).findFirst().orElse(null);
            if (request == null) {
                Thread.sleep(100);
            }
        }
        if (request == null) {
            fail("the peer's follow request never arrived");
        }
        HttpResponse<String> accepted = api.postJson("/api/mutua/v1/follow-requests/" + request.getString("id") + "/accept", "{}", "Authorization", "Bearer " + ana);
        assertEquals(200, accepted.statusCode(), accepted.body());
        peer.awaitInbox("Accept", a -> member.equals(a.getString("actor")));
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

    private HttpResponse<String> post(String token, JsonObject body) {
        return api.postJson("/api/mutua/v1/notices", body.encode(), "Authorization", "Bearer " + token);
    }

    private JsonObject publish(String token, JsonObject body) {
        HttpResponse<String> r = post(token, body);
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r);
    }

    private String path(String uri) {
        return uri.substring(node.baseUrl.length());
    }

    private long deliveries(String objectId) throws Exception {
        return new DbRows(node).count("select count(*) from federation_delivery where object_id = ?", objectId);
    }

    @Test
    void aFollowersOnlyNoticeReachesTheAcceptedFollowerSignedAndAddressedToTheFollowers() throws Exception {
        JsonObject created = publish(ana, new JsonObject().put("content", "Who can lend a ladder?\n\nSaturday morning.").put("visibility", "followers"));
        String uri = created.getString("uri");
        assertEquals(node.baseUrl + "/o/" + created.getString("id"), uri);

        JsonObject create = peer.awaitInbox("Create", a -> a.getJsonObject("object") != null && uri.equals(a.getJsonObject("object").getString("id")));
        assertEquals(true, create.getJsonObject("httpSignature").getBoolean("verified"), create.encode());
        JsonObject note = create.getJsonObject("object");
        assertEquals("Note", note.getString("type"));
        assertEquals(new JsonArray().add(member + "/followers"), note.getJsonArray("to"));
        assertEquals(new JsonArray(), note.getJsonArray("cc"));
        assertEquals("<p>Who can lend a ladder?</p><p>Saturday morning.</p>", note.getString("content"));
        JsonObject raw = create.getJsonObject("raw").getJsonObject("object");
        assertEquals(uri, raw.getString("url"));
        assertEquals("notice", raw.getString("ma:kind"));
        assertEquals(note.getString("content"), raw.getJsonObject("contentMap").getString("en"));
        assertEquals(1, deliveries(uri), "one row for the one follower inbox");

        // The follower may fetch it (signed by the follower); nobody else may.
        HttpResponse<String> looked = peer.lookup(uri, "alice");
        assertEquals(200, looked.statusCode(), looked.body());
        assertEquals(404, SignedGets.get(node, api, path(uri), AP).statusCode(), "a signed GET by a non-follower");
        int unsigned = api.get(path(uri), "Accept", AP).statusCode();
        assertEquals(node.config.authorizedFetch() ? 401 : 404, unsigned, "an unsigned GET: refused when authorized fetch is on, as if missing otherwise");

        JsonObject mine = Http.json(api.get("/api/mutua/v1/notices/" + created.getString("id"), "Authorization", "Bearer " + ana));
        assertEquals("followers", mine.getString("visibility"));
        assertEquals(member, mine.getString("author"));
        assertEquals(404, api.get("/api/mutua/v1/notices/" + created.getString("id"), "Authorization", "Bearer " + olga).statusCode(),
            "another member is not a follower");
    }

    @Test
    void aNodeOnlyNoticeIsNeverQueuedAndNotServedOverActivityPub() throws Exception {
        JsonObject created = publish(ana, new JsonObject().put("content", "Bins go out on Tuesday.").put("visibility", "local"));
        String uri = created.getString("uri");
        assertEquals(0, deliveries(uri));
        assertEquals(404, SignedGets.get(node, api, path(uri), AP).statusCode());
        assertEquals(404, peer.lookup(uri, "alice").statusCode(), "not even for a follower");
        JsonObject read = Http.json(api.get("/api/mutua/v1/notices/" + created.getString("id"), "Authorization", "Bearer " + olga));
        assertEquals("local", read.getString("visibility"));
        assertEquals("<p>Bins go out on Tuesday.</p>", read.getString("content"));
    }

    @Test
    void aPublicNoticeIsFetchableAndAddressedToPublicWithFollowersInCc() throws Exception {
        JsonObject created = publish(ana, new JsonObject().put("content", "Community fridge restocked.").put("visibility", "public"));
        String uri = created.getString("uri");
        HttpResponse<String> signed = SignedGets.get(node, api, path(uri), AP);
        assertEquals(200, signed.statusCode(), signed.body());
        JsonObject note = Http.json(signed);
        assertEquals(new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"), note.getJsonArray("to"));
        assertEquals(new JsonArray().add(member + "/followers"), note.getJsonArray("cc"));
        assertEquals(member, note.getString("attributedTo"));
        int unsigned = api.get(path(uri), "Accept", AP).statusCode();
        assertEquals(node.config.authorizedFetch() ? 401 : 200, unsigned);
        JsonObject create = peer.awaitInbox("Create", a -> a.getJsonObject("object") != null && uri.equals(a.getJsonObject("object").getString("id")));
        assertEquals(true, create.getJsonObject("httpSignature").getBoolean("verified"));
        assertEquals(404, SignedGets.get(node, api, "/o/no-such-notice", AP).statusCode());
    }

    @Test
    void hostileInputIsRefusedOrEscaped() throws Exception {
        HttpResponse<String> empty = post(ana, new JsonObject().put("content", "   ").put("visibility", "followers"));
        assertEquals(400, empty.statusCode());
        assertEquals("content", Http.json(empty).getString("field"));
        HttpResponse<String> missing = post(ana, new JsonObject().put("visibility", "followers"));
        assertEquals(400, missing.statusCode());
        HttpResponse<String> tooLong = post(ana, new JsonObject().put("content", "x".repeat(5001)));
        assertEquals(400, tooLong.statusCode());
        assertEquals("content", Http.json(tooLong).getString("field"));
        assertEquals(201, post(ana, new JsonObject().put("content", "y".repeat(5000)).put("visibility", "local")).statusCode());
        HttpResponse<String> badVisibility = post(ana, new JsonObject().put("content", "hi").put("visibility", "everyone"));
        assertEquals(400, badVisibility.statusCode());
        assertEquals("visibility", Http.json(badVisibility).getString("field"));
        HttpResponse<String> badAs = post(ana, new JsonObject().put("content", "hi").put("as", "mayor"));
        assertEquals(400, badAs.statusCode());
        assertEquals("as", Http.json(badAs).getString("field"));
        HttpResponse<String> notCoordinator = post(ana, new JsonObject().put("content", "hi").put("as", "neighbourhood"));
        assertEquals(403, notCoordinator.statusCode());
        assertEquals("as", Http.json(notCoordinator).getString("field"));
        assertEquals(401, api.postJson("/api/mutua/v1/notices", "{\"content\":\"hi\"}").statusCode());

        JsonObject hood = publish(olga, new JsonObject().put("content", "Assembly on Thursday.").put("visibility", "followers").put("as", "neighbourhood"));
        JsonObject read = Http.json(api.get("/api/mutua/v1/notices/" + hood.getString("id"), "Authorization", "Bearer " + ana));
        assertEquals(node.baseUrl + "/g/" + node.config.neighbourhoodUsername(), read.getString("author"));

        String hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"quotes\"";
        JsonObject created = publish(ana, new JsonObject().put("content", hostile).put("visibility", "followers"));
        JsonObject create = peer.awaitInbox("Create", a -> a.getJsonObject("object") != null
            && created.getString("uri").equals(a.getJsonObject("object").getString("id")));
        String content = create.getJsonObject("object").getString("content");
        assertFalse(content.contains("<script"), content);
        assertFalse(content.contains("<img"), content);
        assertTrue(content.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), content);
        assertNotEquals(-1, content.indexOf("&amp;"), content);
    }

    private JsonObject awaitCreate(String uri) throws InterruptedException {
        return peer.awaitInbox("Create", a -> a.getJsonObject("object") != null && uri.equals(a.getJsonObject("object").getString("id")));
    }

    private JsonObject read(String token, String id) {
        HttpResponse<String> r = api.get("/api/mutua/v1/notices/" + id, "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    @Test
    void anEditAndADeleteReachTheFollowingPeerSignedAndTheNoticeIsGoneAfterwards() throws Exception {
        JsonObject created = publish(ana, new JsonObject().put("content", "Pram to give away.").put("visibility", "followers"));
        String uri = created.getString("uri");
        awaitCreate(uri);

        HttpResponse<String> edited = api.patchJson("/api/mutua/v1/notices/" + created.getString("id"),
            new JsonObject().put("content", "Pram to give away, and a cot.").encode(), "Authorization", "Bearer " + ana);
        assertEquals(200, edited.statusCode(), edited.body());
        JsonObject update = peer.awaitInbox("Update", a -> a.getJsonObject("object") != null && uri.equals(a.getJsonObject("object").getString("id")));
        assertEquals(true, update.getJsonObject("httpSignature").getBoolean("verified"), update.encode());
        assertEquals("<p>Pram to give away, and a cot.</p>", update.getJsonObject("object").getString("content"));
        assertTrue(update.getJsonObject("raw").getJsonObject("object").containsKey("updated"), "Mastodon needs updated to apply an edit");
        assertEquals(new JsonArray().add(member + "/followers"), update.getJsonObject("object").getJsonArray("to"));

        assertEquals(204, api.delete("/api/mutua/v1/notices/" + created.getString("id"), "Authorization", "Bearer " + ana).statusCode());
        JsonObject delete = peer.awaitInbox("Delete", a -> uri.equals(a.getString("objectId"))
            || (a.getJsonObject("object") != null && uri.equals(a.getJsonObject("object").getString("id"))));
        assertEquals(true, delete.getJsonObject("httpSignature").getBoolean("verified"), delete.encode());
        JsonObject tombstone = delete.getJsonObject("raw").getJsonObject("object");
        assertEquals("Tombstone", tombstone.getString("type"));
        assertEquals("Note", tombstone.getString("formerType"));
        assertEquals(3, deliveries(uri), "Create, Update, Delete: one row each for the one follower inbox");
        HttpResponse<String> gone = peer.lookup(uri, "alice");
        assertNotEquals(200, gone.statusCode(), "the follower's own fetch no longer finds it: " + gone.body());
        assertEquals(410, api.get("/api/mutua/v1/notices/" + created.getString("id"), "Authorization", "Bearer " + ana).statusCode());
    }

    @Test
    void thePeersReplyIsStoredUnderTheNoticeAndShown() throws Exception {
        JsonObject created = publish(ana, new JsonObject().put("content", "Who has jump leads?").put("visibility", "followers"));
        String uri = created.getString("uri");
        awaitCreate(uri);
        JsonObject sent = peer.control("reply", new JsonObject().put("as", "alice").put("inReplyTo", uri)
            .put("content", "<p>I do, <strong>come by</strong> <script>alert(1)</script></p>").put("visibility", "direct").put("to", new JsonArray().add(member)));
        assertEquals(true, sent.getBoolean("ok"), sent.encode());
        Eventually.until("the reply", () -> read(ana, created.getString("id")).getLong("repliesCount") > 0);
        JsonObject read = read(ana, created.getString("id"));
        assertEquals(1, read.getLong("repliesCount"), read.encode());
        JsonObject reply = read.getJsonArray("replies").getJsonObject(0);
        assertEquals(peer.actor("alice"), reply.getString("actor"));
        assertEquals(sent.getString("object"), reply.getString("uri"));
        assertTrue(reply.getString("content").contains("<strong>come by</strong>"), reply.getString("content"));
        assertFalse(reply.getString("content").contains("<script"), reply.getString("content"));
        JsonObject page = Http.json(api.get("/api/mutua/v1/notices/" + created.getString("id") + "/replies", "Authorization", "Bearer " + ana));
        assertEquals(1, page.getLong("totalItems"));
    }

    @Test
    void aPublicNoticeBoostedAndLikedByThePeerIsCounted() throws Exception {
        JsonObject created = publish(ana, new JsonObject().put("content", "Free apples at the corner.").put("visibility", "public"));
        String uri = created.getString("uri");
        awaitCreate(uri);
        assertEquals(true, peer.control("announce", new JsonObject().put("as", "alice").put("object", uri)).getBoolean("ok"));
        assertEquals(true, peer.control("like", new JsonObject().put("as", "alice").put("object", uri)).getBoolean("ok"));
        Eventually.until("the boost and the like", () -> {
            JsonObject counted = read(ana, created.getString("id"));
            return counted.getLong("announcesCount") > 0 && counted.getLong("likesCount") > 0;
        });
        JsonObject read = read(ana, created.getString("id"));
        assertEquals(1, read.getLong("announcesCount"), read.encode());
        assertEquals(1, read.getLong("likesCount"), read.encode());
    }

    /** FEDERATION.md 5 and Pixelfed CVE-2025-30741: a follower we have not accepted receives nothing followers-only. */
    @Test
    void pendingFollowerOnAnotherServerReceivesNoFollowersOnlyNotice() throws Exception {
        try (FedifyPeer stranger = FedifyPeer.start()) {
            stranger.control("follow", new JsonObject().put("actor", member));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean pending = false;
            while (!pending && System.nanoTime() < deadline) {
                pending = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + ana)).getJsonArray("items")
                    .stream().map(JsonObject.class::cast).anyMatch(i -> i.getString("actor").equals(stranger.actor("alice")));
                Thread.sleep(100);
            }
            assertTrue(pending, "the stranger's follow request is pending");

            JsonObject created = publish(ana, new JsonObject().put("content", "Soup night on Friday, bring a bowl").put("visibility", "followers"));
            peer.awaitInbox("Create", c -> created.getString("uri").equals(c.getString("objectId"))
                || (c.getJsonObject("object") != null && created.getString("uri").equals(c.getJsonObject("object").getString("id"))));
            assertEquals(1, deliveries(created.getString("uri")), "one row: the accepted follower's server only");
            Thread.sleep(500);
            io.vertx.core.json.JsonArray creates = stranger.inbox("Create");
            assertTrue(creates.isEmpty(), "nothing reached the pending follower's server: " + creates.encode());
        }
    }
}
