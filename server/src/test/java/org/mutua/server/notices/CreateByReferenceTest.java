package org.mutua.server.notices;

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
import org.mutua.server.testing.DbRows;
import org.mutua.server.testing.Eventually;
import org.mutua.server.testing.Fixtures;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.ScriptedRemoteActor;
import org.mutua.server.testing.TestNode;

/**
 * A reply sent by reference: {@code Create} whose {@code object} is only the Note's IRI, as some servers send it. The
 * node fetches the Note (signed) from the actor's own host and stores it as if it had been embedded (Mastodon
 * create.rb); an IRI on another host is never fetched, and a fetched document with another id or another author is
 * refused; nothing is stored for any of them (FEDERATION.md 4 "ids on the actor's host", 6 row 12).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreateByReferenceTest {
    private TestNode node;
    private Fixtures fixtures;
    private Http api;
    private DbRows db;
    private String ana;
    private ScriptedRemoteActor rosa;
    private ScriptedRemoteActor tom;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        fixtures = Fixtures.on(node);
        api = fixtures.api;
        db = new DbRows(node);
        ana = fixtures.token(Fixtures.MEMBER);
        rosa = fixtures.remote(Fixtures.REMOTE);
        tom = fixtures.remote(Fixtures.OTHER_REMOTE);
    }

    @AfterAll
    void stop() {
        fixtures.close();
        node.close();
    }

    private JsonObject note(ScriptedRemoteActor author, String inReplyTo, String content) {
        return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", author.newId("notes")).put("type", "Note")
            .put("attributedTo", author.id).put("inReplyTo", inReplyTo).put("content", content).put("published", "2026-11-20T10:00:00Z")
            .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"));
    }

    /** Serves the note on its author's host, at the path of its id. */
    private static JsonObject served(ScriptedRemoteActor host, JsonObject note) {
        host.served.put(note.getString("id").substring(host.base.length()), note);
        return note;
    }

    /** Posts {@code Create} with the bare IRI as its object; answers the activity's id. */
    private String createByReference(ScriptedRemoteActor actor, String iri) throws Exception {
        JsonObject create = actor.activity("Create", iri);
        assertEquals(202, actor.post(node.baseUrl, create).statusCode());
        return create.getString("id");
    }

    private long replies(JsonObject notice) throws Exception {
        return db.count("select count(*) from notice_reply r join notice n on n.id = r.notice_id where n.uri = ?", notice.getString("uri"));
    }

    private void awaitOutcome(String activityId, String outcome) throws InterruptedException {
        Eventually.until(activityId + " " + outcome, () -> {
            try {
                return db.count("select count(*) from federation_inbound_job where activity_id = ? and outcome = ?", activityId, outcome) == 1;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String path(ScriptedRemoteActor host, String iri) {
        return iri.substring(host.base.length());
    }

    @Test
    void aReplySentByReferenceIsFetchedAndStoredAsAReply() throws Exception {
        JsonObject notice = fixtures.notice(Fixtures.MEMBER, "public", "Ladder to lend.");
        JsonObject note = served(rosa, note(rosa, notice.getString("uri"), "<p>I can pick it up tomorrow</p>"));
        String create = createByReference(rosa, note.getString("id"));
        awaitOutcome(create, "APPLIED");
        assertTrue(rosa.gets.contains(path(rosa, note.getString("id"))), "the Note was fetched from its author's host");

        HttpResponse<String> r = api.get("/api/mutua/v1/notices/" + notice.getString("id"), "Authorization", "Bearer " + ana);
        JsonObject shown = Http.json(r).getJsonArray("replies").getJsonObject(0);
        assertEquals(note.getString("id"), shown.getString("uri"));
        assertEquals(rosa.id, shown.getString("actor"));
        assertEquals("<p>I can pick it up tomorrow</p>", shown.getString("content"));
        assertEquals(false, shown.getBoolean("edited"), "stored with its own published time: " + shown.encode());
    }

    @Test
    void anObjectIriOnAnotherHostThanTheActorIsRefusedWithoutAFetch() throws Exception {
        JsonObject notice = fixtures.notice(Fixtures.MEMBER, "public", "Seeds to swap.");
        // tom's host serves a Note attributed to tom; rosa claims to create it.
        JsonObject toms = served(tom, note(tom, notice.getString("uri"), "not rosa's"));
        String create = createByReference(rosa, toms.getString("id"));
        awaitOutcome(create, "REFUSED");
        assertFalse(tom.gets.contains(path(tom, toms.getString("id"))), "never fetched");
        assertEquals(0, replies(notice), "nothing stored");
    }

    @Test
    void aFetchedDocumentAttributedToSomeoneElseIsRefused() throws Exception {
        JsonObject notice = fixtures.notice(Fixtures.MEMBER, "public", "Bread on Sunday.");
        // On rosa's host, but its author is tom: rosa may not create it in tom's name.
        JsonObject forged = served(rosa, note(rosa, notice.getString("uri"), "in tom's name").put("attributedTo", tom.id));
        String create = createByReference(rosa, forged.getString("id"));
        awaitOutcome(create, "REFUSED");
        assertTrue(rosa.gets.contains(path(rosa, forged.getString("id"))));
        assertEquals(0, replies(notice), "nothing stored");
    }

    @Test
    void aFetchedDocumentWhoseIdDiffersFromTheIriIsRefused() throws Exception {
        JsonObject notice = fixtures.notice(Fixtures.MEMBER, "public", "Bike pump.");
        // Served at /notes/N, but says it is another note of rosa's, which her host serves too.
        JsonObject real = served(rosa, note(rosa, notice.getString("uri"), "the real one"));
        String asked = rosa.newId("notes");
        rosa.served.put(path(rosa, asked), real);
        String create = createByReference(rosa, asked);
        awaitOutcome(create, "REFUSED");
        // And one whose id is on another host (the fetcher's own id check refuses it).
        String elsewhere = rosa.newId("notes");
        rosa.served.put(path(rosa, elsewhere), note(tom, notice.getString("uri"), "tom's id"));
        String second = createByReference(rosa, elsewhere);
        awaitOutcome(second, "REFUSED");
        assertEquals(0, replies(notice), "nothing stored");
    }

    @Test
    void aTemporaryFetchFailureFailsTheActivityAndStoresNothing() throws Exception {
        JsonObject notice = fixtures.notice(Fixtures.MEMBER, "public", "Soup kitchen.");
        String iri = rosa.newId("notes");
        rosa.served.put(path(rosa, iri), 503);
        String create = createByReference(rosa, iri);
        // Tried once; not taken as refused or ignored: the failure is the fetch's, for the worker to retry.
        Eventually.until("one attempt", () -> {
            try {
                return db.count("select count(*) from federation_inbound_job where activity_id = ? and attempts >= 1 and state <> 'in_flight'",
                    create) == 1;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(rosa.gets.contains(path(rosa, iri)));
        assertEquals(0, db.count("select count(*) from federation_inbound_job where activity_id = ? and outcome in ('REFUSED', 'IGNORED', 'APPLIED')",
            create), "a temporary failure is not an answer about the activity");
        assertEquals(0, replies(notice));
    }
}
