package org.mutua.server.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.server.testing.DbRows;
import org.mutua.server.testing.Eventually;
import org.mutua.server.testing.Fixtures;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.ScriptedRemoteActor;
import org.mutua.server.testing.SignedGets;
import org.mutua.server.testing.TestNode;

/**
 * What remote actors do with our notices, scripted by hand so that hostile cases can be sent (FEDERATION.md 4, 5, 6):
 * replies stored, edited and deleted by their authors only; likes and boosts counted once and taken back by Undo;
 * nothing stored for a refused activity. Each "nothing stored" check sends a valid marker reply afterwards and waits
 * for it: inbound jobs run in order, so once the marker is in, an earlier activity would have been too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticeInteractionsTest {
    private static final String AP = "application/activity+json";
    private TestNode node;
    private Fixtures fixtures;
    private Http api;
    private String ana;
    private String olga;
    private ScriptedRemoteActor rosa;
    private ScriptedRemoteActor tom;

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        fixtures = Fixtures.on(node);
        api = fixtures.api;
        ana = fixtures.token(Fixtures.MEMBER);
        olga = fixtures.token(Fixtures.COORDINATOR);
        rosa = fixtures.remote(Fixtures.REMOTE);
        tom = fixtures.remote(Fixtures.OTHER_REMOTE);
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

    private JsonObject note(ScriptedRemoteActor author, String inReplyTo, String content) {
        return new JsonObject().put("id", author.newId("notes")).put("type", "Note").put("attributedTo", author.id)
            .put("inReplyTo", inReplyTo).put("content", content).put("published", "2026-11-20T10:00:00Z")
            .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"));
    }

    private JsonObject reply(ScriptedRemoteActor author, JsonObject notice, String content) throws Exception {
        JsonObject note = note(author, notice.getString("uri"), content);
        assertEquals(202, author.post(node.baseUrl, author.activity("Create", note)).statusCode());
        return note;
    }

    private void awaitReplies(JsonObject notice, long count) throws InterruptedException {
        Eventually.until(count + " replies", () -> read(notice).getLong("repliesCount") == count);
    }

    /** A valid reply sent after a refused one, so that "nothing stored" is checked after the worker passed it. */
    private void marker(JsonObject notice, long expectedTotal) throws Exception {
        reply(rosa, notice, "marker");
        awaitReplies(notice, expectedTotal);
    }

    @Test
    void aReplyIsStoredSanitisedAndShownWithItsAuthor() throws Exception {
        JsonObject notice = publish("public", "Ladder to lend.");
        JsonObject note = reply(rosa, notice, "<p>I can help <script>alert(1)</script><a href=\"javascript:x\">here</a></p>");
        awaitReplies(notice, 1);
        JsonObject shown = read(notice).getJsonArray("replies").getJsonObject(0);
        assertEquals(note.getString("id"), shown.getString("uri"));
        assertEquals(rosa.id, shown.getString("actor"));
        assertFalse(shown.getString("content").contains("<script"), shown.getString("content"));
        assertFalse(shown.getString("content").contains("javascript:"), shown.getString("content"));
        assertTrue(shown.getString("content").startsWith("<p>I can help"), shown.getString("content"));

        // The same Create again (a retry with a new activity id) is a no-op: replies are unique by id.
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Create", note)).statusCode());
        reply(tom, notice, "me too");
        awaitReplies(notice, 2);
    }

    @Test
    void repliesArePagedOldestFirst() throws Exception {
        // A followers-only notice takes replies from its author's accepted followers only (NoticeService.canRead).
        try (ScriptedRemoteActor paz = new ScriptedRemoteActor("paz")) {
            JsonObject follow = acceptedFollow(paz);
            try {
                repliesArePagedOldestFirst(paz);
            } finally {
                assertEquals(202, paz.post(node.baseUrl, paz.activity("Undo", follow)).statusCode());
                Eventually.until("paz gone", () -> Http.json(api.get("/api/mutua/v1/followers", "Authorization", "Bearer " + ana))
                    .getJsonArray("items").isEmpty());
            }
        }
    }

    private void repliesArePagedOldestFirst(ScriptedRemoteActor follower) throws Exception {
        JsonObject notice = publish("followers", "Soup on Friday.");
        for (int i = 1; i <= 3; i++) {
            reply(follower, notice, "reply " + i);
        }
        awaitReplies(notice, 3);
        JsonObject first = Http.json(api.get("/api/mutua/v1/notices/" + notice.getString("id") + "/replies?limit=2", "Authorization", "Bearer " + ana));
        assertEquals(3, first.getLong("totalItems"));
        assertEquals(2, first.getJsonArray("items").size());
        assertEquals("<p>reply 1</p>", "<p>" + first.getJsonArray("items").getJsonObject(0).getString("content").replaceAll("</?p>", "") + "</p>");
        String next = first.getString("next");
        assertNotNull(next);
        JsonObject second = Http.json(api.get(next.substring(node.baseUrl.length()), "Authorization", "Bearer " + ana));
        assertEquals(1, second.getJsonArray("items").size());
        assertNull(second.getString("next"));
        assertEquals(400, api.get("/api/mutua/v1/notices/" + notice.getString("id") + "/replies?limit=0", "Authorization", "Bearer " + ana).statusCode());
        assertEquals(404, api.get("/api/mutua/v1/notices/" + notice.getString("id") + "/replies", "Authorization", "Bearer " + olga).statusCode(),
            "a followers-only notice's replies are its author's to read");
    }

    @Test
    void aReplyIsEditedOnlyByItsAuthorAndWhenNewer() throws Exception {
        JsonObject notice = publish("public", "Bikes fixed on Sunday.");
        JsonObject note = reply(rosa, notice, "first words");
        awaitReplies(notice, 1);

        JsonObject forged = note.copy().put("content", "forged").put("updated", "2026-11-21T10:00:00Z").put("attributedTo", tom.id);
        assertEquals(400, tom.post(node.baseUrl, tom.activity("Update", forged)).statusCode(), "someone else's object");
        JsonObject stale = note.copy().put("content", "older words").put("updated", "2026-11-19T10:00:00Z");
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Update", stale)).statusCode());
        JsonObject edited = note.copy().put("content", "second words").put("updated", "2099-11-21T10:00:00Z");
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Update", edited)).statusCode());
        Eventually.until("the edit", () -> read(notice).getJsonArray("replies").getJsonObject(0).getString("content").contains("second words"));
        assertTrue(read(notice).getJsonArray("replies").getJsonObject(0).getBoolean("edited"));
    }

    /** Issue 15: a reply was stamped with its arrival as its last change, so it read as edited and earlier edits were dropped. */
    @Test
    void aNewReplyIsNotMarkedEditedAndAnEditMadeBeforeItArrivedStillApplies() throws Exception {
        JsonObject notice = publish("public", "Ladders at the community hall.");
        JsonObject note = reply(rosa, notice, "I can carry one"); // published 2026-11-20T10:00:00Z, received now
        awaitReplies(notice, 1);
        assertFalse(read(notice).getJsonArray("replies").getJsonObject(0).getBoolean("edited"), "a reply nobody edited");

        JsonObject edit = note.copy().put("content", "I can carry two").put("updated", "2026-11-21T10:00:00Z");
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Update", edit)).statusCode());
        Eventually.until("the edit dated before the reply arrived", () -> read(notice).getJsonArray("replies").getJsonObject(0)
            .getString("content").contains("carry two"));
        assertTrue(read(notice).getJsonArray("replies").getJsonObject(0).getBoolean("edited"));
    }

    @Test
    void aReplyDeletedByItsAuthorGoesAndItsIdIsNeverStoredAgain() throws Exception {
        JsonObject notice = publish("public", "Seedlings to give away.");
        JsonObject note = reply(rosa, notice, "I'd love some");
        awaitReplies(notice, 1);
        assertEquals(202, tom.post(node.baseUrl, tom.activity("Delete", note.getString("id"))).statusCode(), "not tom's to delete");
        marker(notice, 2);
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Delete", new JsonObject().put("id", note.getString("id")).put("type", "Tombstone"))).statusCode());
        awaitReplies(notice, 1);
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Create", note)).statusCode(), "a late Create of a deleted id");
        marker(notice, 2);
        assertTrue(read(notice).getJsonArray("replies").stream().map(JsonObject.class::cast).noneMatch(r -> r.getString("uri").equals(note.getString("id"))));
    }

    // FEDERATION.md 6 row 28
    @Test
    void deleteThatArrivesBeforeItsCreateLeavesATombstone() throws Exception {
        JsonObject notice = publish("public", "Fridge restocked.");
        JsonObject note = note(rosa, notice.getString("uri"), "arrives late");
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Delete", note.getString("id"))).statusCode());
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Create", note)).statusCode());
        marker(notice, 1);
        assertEquals("<p>marker</p>", "<p>" + read(notice).getJsonArray("replies").getJsonObject(0).getString("content").replaceAll("</?p>", "") + "</p>");
    }

    @Test
    void aReplyToADeletedNoticeIsNotStoredAndTheNoticeAnswers410() throws Exception {
        JsonObject notice = publish("public", "Gone soon.");
        assertEquals(204, api.delete("/api/mutua/v1/notices/" + notice.getString("id"), "Authorization", "Bearer " + ana).statusCode());
        JsonObject live = publish("public", "Still here.");
        reply(rosa, notice, "too late");
        marker(live, 1);
        assertEquals(410, api.get("/api/mutua/v1/notices/" + notice.getString("id"), "Authorization", "Bearer " + ana).statusCode());
        assertEquals(0, countReplies(notice));
        HttpResponse<String> gone = SignedGets.get(node, api, notice.getString("uri").substring(node.baseUrl.length()), AP);
        assertEquals(410, gone.statusCode());
        JsonObject tombstone = Http.json(gone);
        assertEquals("Tombstone", tombstone.getString("type"));
        assertEquals("Note", tombstone.getString("formerType"));
        assertEquals(notice.getString("uri"), tombstone.getString("id"));
        assertNotNull(tombstone.getString("deleted"));
    }

    private long countReplies(JsonObject notice) throws Exception {
        return new DbRows(node).count("select count(*) from notice_reply r join notice n on n.id = r.notice_id where n.uri = ?", notice.getString("uri"));
    }

    // FEDERATION.md 6 row 26
    @Test
    void aUrlOnAnotherHostThanTheIdIsShownAsALinkThatLeavesTheNodeAndNeverIdentifiesTheReply() throws Exception {
        JsonObject notice = publish("public", "Chairs for the street party.");
        String elsewhere = tom.base + "/@rosa/77";
        rosa.document.put("url", tom.base + "/@rosa");
        try {
            JsonObject note = note(rosa, notice.getString("uri"), "I have six").put("url", elsewhere);
            assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Create", note)).statusCode());
            awaitReplies(notice, 1);
            JsonObject shown = read(notice).getJsonArray("replies").getJsonObject(0);
            assertEquals(note.getString("id"), shown.getString("uri"), "the reply is its id");
            assertEquals(elsewhere, shown.getString("url"), "its url is shown as given");
            assertEquals(rosa.id, shown.getString("actor"));

            org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(api.get("/o/" + notice.getString("id"), "Accept", "text/html",
                "Accept-Language", "en").body());
            org.jsoup.nodes.Element original = page.selectFirst("section[aria-labelledby=replies-title] a[href=" + elsewhere + "]");
            assertNotNull(original, "the url is a link: " + page.select("section[aria-labelledby=replies-title]").outerHtml());
            assertTrue(original.attr("rel").contains("external") && original.attr("rel").contains("nofollow")
                && original.attr("rel").contains("noopener"), original.outerHtml());
            assertEquals(org.mutua.web.Messages.forLanguage("en").t("notices.replyOriginal", java.net.URI.create(elsewhere).getHost()),
                original.text(), "says it leaves the node, and for where");
            assertNotNull(page.selectFirst("section[aria-labelledby=replies-title] a[href=" + rosa.id + "]"), "the author is her actor id");
            assertNull(page.selectFirst("a[href=" + tom.base + "/@rosa]"), "her actor's url is never taken for her profile");

            // tom's own Note at that address is another reply; his Delete of it leaves rosa's untouched.
            JsonObject toms = note(tom, notice.getString("uri"), "a reply of tom's").put("id", elsewhere);
            assertEquals(202, tom.post(node.baseUrl, tom.activity("Create", toms)).statusCode());
            awaitReplies(notice, 2);
            assertEquals(202, tom.post(node.baseUrl, tom.activity("Delete", elsewhere)).statusCode());
            awaitReplies(notice, 1);
            JsonObject left = read(notice).getJsonArray("replies").getJsonObject(0);
            assertEquals(note.getString("id"), left.getString("uri"));
            assertTrue(left.getString("content").contains("I have six"), left.encode());
        } finally {
            rosa.document.remove("url");
        }
    }

    // FEDERATION.md 6 rows 9 and 1
    @Test
    void aReplyWhoseSignatureDoesNotMatchItsActorIsRefusedAndNotStored() throws Exception {
        JsonObject notice = publish("public", "Tools library open.");
        JsonObject forgedKey = rosa.activity("Create", note(rosa, notice.getString("uri"), "signed with another key"));
        assertEquals(401, rosa.post(node.baseUrl, forgedKey, new ActorKeyGenerator().generate()).statusCode());
        JsonObject asSomeoneElse = rosa.activity("Create", note(rosa, notice.getString("uri"), "tom signs for rosa"));
        assertEquals(403, tom.post(node.baseUrl, asSomeoneElse).statusCode(), "signer is not the activity's actor");
        marker(notice, 1);
        assertEquals(1, countReplies(notice));
    }

    // FEDERATION.md 6 row 21, and the 100,000-character text cap
    @Test
    void tenThousandTagsOrOversizedContentAreRefusedAndNotStored() throws Exception {
        JsonObject notice = publish("public", "Choir practice.");
        JsonObject tagged = note(rosa, notice.getString("uri"), "tagged");
        JsonArray tags = new JsonArray();
        for (int i = 0; i < 10_000; i++) {
            tags.add(new JsonObject().put("type", "Hashtag").put("name", "#t" + i).put("href", rosa.base + "/tags/t" + i));
        }
        tagged.put("tag", tags);
        HttpResponse<String> manyTags = rosa.post(node.baseUrl, rosa.activity("Create", tagged));
        assertEquals(400, manyTags.statusCode());
        assertTrue(manyTags.body().contains("tags"), manyTags.body());
        HttpResponse<String> huge = rosa.post(node.baseUrl, rosa.activity("Create", note(rosa, notice.getString("uri"), "<p>" + "a".repeat(150_000) + "</p>")));
        assertEquals(400, huge.statusCode());
        assertTrue(huge.body().contains("content"), huge.body());
        marker(notice, 1);
        assertEquals(1, countReplies(notice));
    }

    @Test
    void likesAndBoostsAreCountedOncePerActorAndUndone() throws Exception {
        JsonObject open = publish("public", "Open mic tonight.");
        JsonObject closed = publish("followers", "Key is under the mat.");
        JsonObject local = publish("local", "Bins on Tuesday.");
        JsonObject like = rosa.activity("Like", open.getString("uri"));
        assertEquals(202, rosa.post(node.baseUrl, like).statusCode());
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Like", open.getString("uri"))).statusCode(), "a second like by rosa");
        assertEquals(202, tom.post(node.baseUrl, tom.activity("Like", open.getString("uri"))).statusCode());
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Announce", open.getString("uri"))).statusCode());
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Announce", closed.getString("uri"))).statusCode(), "followers-only: not boostable");
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Like", closed.getString("uri"))).statusCode());
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Like", local.getString("uri"))).statusCode(), "node-only: has no counts");
        marker(open, 1);
        JsonObject counted = read(open);
        assertEquals(2, counted.getLong("likesCount"));
        assertEquals(1, counted.getLong("announcesCount"));
        assertEquals(0, read(closed).getLong("announcesCount"));
        assertEquals(1, read(closed).getLong("likesCount"));
        assertEquals(0, read(local).getLong("likesCount"));

        assertEquals(202, tom.post(node.baseUrl, tom.activity("Undo", like)).statusCode(), "not tom's like to undo");
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Undo", like)).statusCode());
        Eventually.until("the like undone", () -> read(open).getLong("likesCount") == 1);
        JsonObject unboost = rosa.activity("Undo", new JsonObject().put("type", "Announce").put("actor", rosa.id).put("object", open.getString("uri")));
        assertEquals(202, rosa.post(node.baseUrl, unboost).statusCode(), "undo by embedded object, no id");
        Eventually.until("the boost undone", () -> read(open).getLong("announcesCount") == 0);
    }

    /** FEDERATION.md 4: an Undo may name what it takes back by id only; the feature that counted it recognises it. */
    @Test
    void aLikeUndoneByItsIdAloneIsTakenBack() throws Exception {
        JsonObject notice = publish("public", "Bike pump at number 4.");
        JsonObject like = rosa.activity("Like", notice.getString("uri"));
        assertEquals(202, rosa.post(node.baseUrl, like).statusCode());
        Eventually.until("the like counted", () -> read(notice).getLong("likesCount") == 1);
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Undo", like.getString("id"))).statusCode());
        Eventually.until("the like undone", () -> read(notice).getLong("likesCount") == 0);
    }

    @Test
    void theOutboxListsPublicNoticesOnly() throws Exception {
        HttpResponse<String> before = SignedGets.get(node, api, "/u/olga/outbox", AP);
        assertEquals(200, before.statusCode(), before.body());
        assertEquals(0, Http.json(before).getLong("totalItems"));
        String hood = "/g/" + node.config.neighbourhoodUsername();
        HttpResponse<String> mine = api.postJson("/api/mutua/v1/notices", new JsonObject().put("content", "Public, through the neighbourhood")
            .put("visibility", "public").put("as", "neighbourhood").encode(), "Authorization", "Bearer " + olga);
        assertEquals(201, mine.statusCode());
        for (String v : new String[] {"followers", "local"}) {
            assertEquals(201, api.postJson("/api/mutua/v1/notices", new JsonObject().put("content", "Not public: " + v).put("visibility", v)
                .put("as", "neighbourhood").encode(), "Authorization", "Bearer " + olga).statusCode());
        }
        JsonObject outbox = Http.json(SignedGets.get(node, api, hood + "/outbox", AP));
        assertEquals("OrderedCollection", outbox.getString("type"));
        assertEquals(1, outbox.getLong("totalItems"));
        JsonObject page = Http.json(SignedGets.get(node, api, hood + "/outbox?page=1", AP));
        assertEquals(1, page.getJsonArray("orderedItems").size());
        JsonObject create = page.getJsonArray("orderedItems").getJsonObject(0);
        assertEquals("Create", create.getString("type"));
        assertEquals(Http.json(mine).getString("uri"), create.getJsonObject("object").getString("id"));
        assertEquals(Http.json(mine).getString("uri") + "/activity", create.getString("id"));
        assertEquals(400, SignedGets.get(node, api, hood + "/outbox?page=-1", AP).statusCode());
        assertEquals(404, SignedGets.get(node, api, "/u/nobody/outbox", AP).statusCode());
        if (node.config.authorizedFetch()) {
            assertEquals(401, api.get(hood + "/outbox", "Accept", AP).statusCode());
        }
    }

    @Test
    void onlyThePosterEditsOrDeletesAMemberNoticeAndOnlyTheText() throws Exception {
        JsonObject notice = publish("public", "Tea at mine.");
        String path = "/api/mutua/v1/notices/" + notice.getString("id");
        HttpResponse<String> notYours = api.patchJson(path, "{\"content\":\"Tea at olga's\"}", "Authorization", "Bearer " + olga);
        assertEquals(403, notYours.statusCode());
        assertEquals(403, api.delete(path, "Authorization", "Bearer " + olga).statusCode());
        HttpResponse<String> visibility = api.patchJson(path, "{\"content\":\"x\",\"visibility\":\"local\"}", "Authorization", "Bearer " + ana);
        assertEquals(400, visibility.statusCode());
        assertEquals(400, api.patchJson(path, "{\"content\":\"  \"}", "Authorization", "Bearer " + ana).statusCode());
        assertEquals(400, api.patchJson(path, "{\"content\":\"" + "x".repeat(5001) + "\"}", "Authorization", "Bearer " + ana).statusCode());
        assertEquals(401, api.patchJson(path, "{\"content\":\"x\"}").statusCode());
        assertEquals("<p>Tea at mine.</p>", read(notice).getString("content"), "nothing changed so far");

        HttpResponse<String> edited = api.patchJson(path, "{\"content\":\"Tea at mine, 5pm.\"}", "Authorization", "Bearer " + ana);
        assertEquals(200, edited.statusCode(), edited.body());
        assertEquals("<p>Tea at mine, 5pm.</p>", Http.json(edited).getString("content"));
        assertNotNull(Http.json(edited).getString("updatedAt"));
        JsonObject served = Http.json(SignedGets.get(node, api, notice.getString("uri").substring(node.baseUrl.length()), AP));
        assertNotNull(served.getString("updated"), "Mastodon applies an Update only when updated is set");

        assertEquals(204, api.delete(path, "Authorization", "Bearer " + ana).statusCode());
        assertEquals(410, api.delete(path, "Authorization", "Bearer " + ana).statusCode());
        assertEquals(410, api.patchJson(path, "{\"content\":\"back\"}", "Authorization", "Bearer " + ana).statusCode());
        assertEquals(404, api.delete("/api/mutua/v1/notices/nope", "Authorization", "Bearer " + ana).statusCode());
    }

    @Test
    void anyCoordinatorChangesTheNeighbourhoodsNotices() throws Exception {
        String pia = fixtures.token(Fixtures.ADMIN);
        HttpResponse<String> r = api.postJson("/api/mutua/v1/notices", new JsonObject().put("content", "Assembly moved").put("as", "neighbourhood").encode(),
            "Authorization", "Bearer " + olga);
        String path = "/api/mutua/v1/notices/" + Http.json(r).getString("id");
        assertEquals(403, api.patchJson(path, "{\"content\":\"by a member\"}", "Authorization", "Bearer " + ana).statusCode());
        assertEquals(200, api.patchJson(path, "{\"content\":\"Assembly moved to 7pm\"}", "Authorization", "Bearer " + pia).statusCode());
    }

    /** Public in one spelling: stored as public, so a member who may not change the notice sees it too. */
    private void aReplyToPublicIsStoredAsPublic(String spelling, String field) throws Exception {
        JsonObject notice = publish("public", "Spare chairs for the street party (" + spelling + ").");
        JsonObject note = note(rosa, notice.getString("uri"), "I'll take two").put("to", new JsonArray().add(node.baseUrl + "/u/ana"))
            .put(field, new JsonArray().add(spelling));
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Create", note)).statusCode());
        awaitReplies(notice, 1);
        assertEquals(true, read(notice).getJsonArray("replies").getJsonObject(0).getBoolean("public"), spelling);
        HttpResponse<String> asOlga = api.get("/api/mutua/v1/notices/" + notice.getString("id"), "Authorization", "Bearer " + olga);
        assertEquals(1, Http.json(asOlga).getLong("repliesCount"), spelling);
    }

    @Test
    void aReplyToPublicByItsFullIriIsStoredAsPublic() throws Exception {
        aReplyToPublicIsStoredAsPublic("https://www.w3.org/ns/activitystreams#Public", "to");
    }

    @Test
    void aReplyToPublicAsTheCompactIriAsPublicIsStoredAsPublic() throws Exception {
        aReplyToPublicIsStoredAsPublic("as:Public", "to");
    }

    @Test
    void aReplyToPublicAsTheBareTermPublicInCcIsStoredAsPublic() throws Exception {
        aReplyToPublicIsStoredAsPublic("Public", "cc");
    }

    /** A direct or followers-only reply to a public notice is not published by us: only the notice's poster sees it. */
    @Test
    void aReplyNotAddressedToThePublicIsShownOnlyToThePoster() throws Exception {
        JsonObject notice = publish("public", "Spare bread at the bakery.");
        JsonObject direct = note(rosa, notice.getString("uri"), "My address is 12 Elm Street")
            .put("to", new JsonArray().add(node.baseUrl + "/u/ana"));
        assertEquals(202, rosa.post(node.baseUrl, rosa.activity("Create", direct)).statusCode());
        awaitReplies(notice, 1);
        JsonObject shown = read(notice).getJsonArray("replies").getJsonObject(0);
        assertEquals(false, shown.getBoolean("public"));

        HttpResponse<String> asOlga = api.get("/api/mutua/v1/notices/" + notice.getString("id"), "Authorization", "Bearer " + olga);
        assertEquals(0, Http.json(asOlga).getLong("repliesCount"));
        assertTrue(Http.json(asOlga).getJsonArray("replies").isEmpty());
        assertEquals(0, Http.json(api.get("/api/mutua/v1/notices/" + notice.getString("id") + "/replies", "Authorization", "Bearer " + olga))
            .getLong("totalItems"));
        HttpResponse<String> page = api.get("/o/" + notice.getString("id"), "Accept", "text/html");
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains("Elm Street"), "a visitor does not see it");
        assertTrue(page.body().contains("Spare bread"));
    }

    /** One rule for ?page= on every collection: a whole number from 1 to 100,000; anything else a 400 saying so. */
    @Test
    void collectionPagesRefuseHostilePageNumbersWithAReadableError() throws Exception {
        String hood = "/g/" + node.config.neighbourhoodUsername();
        for (String collection : new String[] {hood + "/followers", hood + "/outbox"}) {
            assertEquals(200, SignedGets.get(node, api, collection + "?page=1", AP).statusCode(), collection);
            assertEquals(200, SignedGets.get(node, api, collection + "?page=100000", AP).statusCode(), collection);
            for (String bad : new String[] {"0", "-1", "abc", "1.5", "100001", "2147483647", "99999999999", "%00"}) {
                HttpResponse<String> r = SignedGets.get(node, api, collection + "?page=" + bad, AP);
                assertEquals(400, r.statusCode(), collection + "?page=" + bad + ": " + r.body());
                assertTrue(r.body().contains("page must be a whole number from 1 to 100000"), r.body());
            }
        }
    }

    /** FEDERATION.md 3.3 and 5 "Recipients": an Update goes to the current followers only; a Delete to every inbox that got the object. */
    @Test
    void anEditNeverReachesAFormerFollowerButTheDeleteDoes() throws Exception {
        try (ScriptedRemoteActor finn = new ScriptedRemoteActor("finn")) {
            JsonObject follow = acceptedFollow(finn);
            JsonObject notice = publish("followers", "Spare keys with Finn.");
            String uri = notice.getString("uri");
            Eventually.until("the Create", () -> received(finn, "Create", uri));

            assertEquals(202, finn.post(node.baseUrl, finn.activity("Undo", follow)).statusCode());
            Eventually.until("the follower gone", () -> Http.json(api.get("/api/mutua/v1/followers", "Authorization", "Bearer " + ana))
                .getJsonArray("items").isEmpty());
            assertEquals(200, api.patchJson("/api/mutua/v1/notices/" + notice.getString("id"), "{\"content\":\"Spare keys moved.\"}",
                "Authorization", "Bearer " + ana).statusCode());
            assertEquals(204, api.delete("/api/mutua/v1/notices/" + notice.getString("id"), "Authorization", "Bearer " + ana).statusCode());
            Eventually.until("the Delete", () -> received(finn, "Delete", uri));
            // Each inbox gets an item's activities in order (FEDERATION.md 5 "Lanes"): had the Update been queued for
            // finn, it would have arrived before the Delete.
            assertFalse(received(finn, "Update", uri), "an edit of a followers-only notice went to a former follower");
            JsonObject published = publish("followers", "After finn left.");
            Thread.sleep(500);
            assertFalse(received(finn, "Create", published.getString("uri")), "a new notice goes to followers only");
        }
    }

    /** The audience of an object grows with each send: an edit reaches a newer follower, and so does the Delete after both left. */
    @Test
    void aFollowerWhoGotOnlyTheEditAlsoGetsTheDeleteAfterLeaving() throws Exception {
        try (ScriptedRemoteActor finn = new ScriptedRemoteActor("finn"); ScriptedRemoteActor gus = new ScriptedRemoteActor("gus")) {
            JsonObject finnFollow = acceptedFollow(finn);
            JsonObject notice = publish("followers", "Soup on Sunday.");
            String uri = notice.getString("uri");
            Eventually.until("finn's Create", () -> received(finn, "Create", uri));
            JsonObject gusFollow = acceptedFollow(gus);
            assertEquals(200, api.patchJson("/api/mutua/v1/notices/" + notice.getString("id"), "{\"content\":\"Soup on Saturday.\"}",
                "Authorization", "Bearer " + ana).statusCode());
            Eventually.until("both Updates", () -> received(finn, "Update", uri) && received(gus, "Update", uri));

            assertEquals(202, finn.post(node.baseUrl, finn.activity("Undo", finnFollow)).statusCode());
            assertEquals(202, gus.post(node.baseUrl, gus.activity("Undo", gusFollow)).statusCode());
            Eventually.until("both followers gone", () -> Http.json(api.get("/api/mutua/v1/followers", "Authorization", "Bearer " + ana))
                .getJsonArray("items").isEmpty());
            assertEquals(204, api.delete("/api/mutua/v1/notices/" + notice.getString("id"), "Authorization", "Bearer " + ana).statusCode());
            Eventually.until("both Deletes", () -> received(finn, "Delete", uri) && received(gus, "Delete", uri));
        }
    }

    /** The actor follows ana and ana accepts; answers the Follow (for its Undo). */
    private JsonObject acceptedFollow(ScriptedRemoteActor actor) throws Exception {
        JsonObject follow = actor.activity("Follow", node.baseUrl + "/u/ana");
        assertEquals(202, actor.post(node.baseUrl, follow).statusCode());
        Eventually.until("the request", () -> Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + ana))
            .getJsonArray("items").size() == 1);
        String request = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + ana)).getJsonArray("items")
            .getJsonObject(0).getString("id");
        assertEquals(200, api.postJson("/api/mutua/v1/follow-requests/" + request + "/accept", "{}", "Authorization", "Bearer " + ana).statusCode());
        return follow;
    }

    private static boolean received(ScriptedRemoteActor actor, String type, String objectId) {
        return actor.inbox.stream().anyMatch(a -> type.equals(a.getString("type")) && a.getValue("object") instanceof JsonObject o
            && objectId.equals(o.getString("id")));
    }
}
