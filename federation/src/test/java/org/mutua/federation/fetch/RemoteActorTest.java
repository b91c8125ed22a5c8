package org.mutua.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RemoteActorTest {
    static JsonObject peer(String name) {
        return new JsonObject(FixtureServer.resource("peers/" + name));
    }

    static String reason(JsonObject doc) {
        return assertThrows(FetchException.class, () -> RemoteActor.parse(doc, false)).reason();
    }

    @Test
    void readsAMastodonActor() {
        RemoteActor a = RemoteActor.parse(peer("mastodon/activitypub.academy-users-brauca_darradiul.json"), false);
        assertEquals(URI.create("https://activitypub.academy/users/brauca_darradiul"), a.id());
        assertEquals("Person", a.type());
        assertEquals("brauca_darradiul", a.preferredUsername());
        assertEquals(URI.create("https://activitypub.academy/inbox"), a.sharedInbox());
        assertEquals(URI.create("https://activitypub.academy/users/brauca_darradiul/outbox"), a.outbox());
        assertEquals(1, a.publicKeys().size());
        assertEquals(URI.create("https://activitypub.academy/users/brauca_darradiul#main-key"), a.publicKeys().get(0).id());
        assertFalse(a.manuallyApprovesFollowers());
        assertEquals(URI.create("https://activitypub.academy/@brauca_darradiul"), a.url());
    }

    @Test
    void readsAMitraActorWithMultikeys() {
        RemoteActor a = RemoteActor.parse(peer("mitra/wizard.casa-users-hongminhee.json"), false);
        assertEquals(2, a.assertionMethods().size());
        assertTrue(a.keyById(URI.create("https://wizard.casa/users/hongminhee#ed25519-key")).isPresent());
    }

    // A Fedify actor as Fedify serves it: PeerDocumentsTest.Actors, on a capture from Fedify 2.3.6.

    @Test
    void toleratesScalarAndArrayForms() {
        JsonObject doc = peer("fedify/hollo-person.json");
        doc.put("type", new JsonArray().add("Person"));
        doc.put("publicKey", new JsonArray().add(doc.getJsonObject("publicKey")));
        doc.put("assertionMethod", doc.getJsonArray("assertionMethod").getJsonObject(0));
        doc.put("url", new JsonObject().put("type", "Link").put("href", "https://hollo.example/@alice"));
        RemoteActor a = RemoteActor.parse(doc, false);
        assertEquals(1, a.publicKeys().size());
        assertEquals(1, a.assertionMethods().size());
        assertEquals(URI.create("https://hollo.example/@alice"), a.url());
    }

    @Test
    void inboxOnAnotherHostIsRejected() {
        JsonObject doc = peer("fedify/hollo-person.json").put("inbox", "https://evil.example/inbox");
        assertEquals("actor-inbox-host", reason(doc));
    }

    @Test
    void prefixDomainInboxIsRejected() {
        JsonObject doc = peer("fedify/hollo-person.json").put("inbox", "https://hollo.example.evil.example/inbox");
        assertEquals("actor-inbox-host", reason(doc));
    }

    private static JsonObject withSharedInbox(String sharedInbox) {
        JsonObject doc = peer("fedify/hollo-person.json");
        doc.getJsonObject("endpoints").put("sharedInbox", sharedInbox);
        return doc;
    }

    /** §6 row 14: a shared inbox on a third party's server would have this actor's followers' posts sent there. */
    @Test
    void sharedInboxOnAnotherDomainIsIgnoredAndThePersonalInboxKept() {
        RemoteActor a = RemoteActor.parse(withSharedInbox("https://evil.example/inbox"), false);
        assertNull(a.sharedInbox());
        assertEquals(URI.create("https://hollo.example/@alice/inbox"), a.inbox());
    }

    @Test
    void sharedInboxOnAPrefixDomainOrAnIpIsIgnored() {
        for (String hostile : new String[] {"https://hollo.example.evil.example/inbox", "https://evilhollo.example/inbox",
            "https://127.0.0.1/inbox", "https://[::1]/inbox"}) {
            assertNull(RemoteActor.parse(withSharedInbox(hostile), false).sharedInbox(), hostile);
        }
        // userinfo naming the actor's host: the whole document is refused, as for any malformed IRI (§6 row 14)
        assertEquals("actor-bad-iri", reason(withSharedInbox("https://hollo.example@evil.example/inbox")));
    }

    @Test
    void sharedInboxOnTheActorsHostOrRegistrableDomainIsKept() {
        assertEquals(URI.create("https://hollo.example/inbox"), RemoteActor.parse(peer("fedify/hollo-person.json"), false).sharedInbox());
        assertEquals(URI.create("https://relay.hollo.example/inbox"),
            RemoteActor.parse(withSharedInbox("https://Relay.Hollo.Example./inbox"), false).sharedInbox());
    }

    @Test
    void keyOwnedBySomeoneElseIsRejected() {
        JsonObject doc = peer("fedify/hollo-person.json");
        doc.getJsonObject("publicKey").put("owner", "https://hollo.example/@mallory");
        assertEquals("actor-key-owner", reason(doc));
    }

    @Test
    void keyIdOnAnotherHostIsRejected() {
        JsonObject doc = peer("fedify/hollo-person.json");
        doc.getJsonObject("publicKey").put("id", "https://evil.example/key");
        assertEquals("actor-key-host", reason(doc));
        JsonObject mk = peer("fedify/hollo-person.json");
        mk.getJsonArray("assertionMethod").getJsonObject(0).put("controller", "https://evil.example/@alice");
        assertEquals("actor-key-owner", reason(mk));
    }

    @Test
    void nonHttpsIrisAreRejected() {
        for (String bad : new String[] {"http://hollo.example/@alice/outbox", "file:///etc/passwd", "data:text/plain,x",
            "gopher://hollo.example/"}) {
            assertEquals("actor-bad-iri", reason(peer("fedify/hollo-person.json").put("outbox", bad)), bad);
        }
        assertEquals("actor-bad-iri", reason(peer("fedify/hollo-person.json").put("url", "javascript:alert(1)")));
    }

    @Test
    void httpIsAcceptedOnlyWhenAllowed() {
        String text = FixtureServer.resource("peers/fedify/hollo-person.json").replace("https://hollo.example", "http://hollo.example");
        assertEquals("actor-bad-iri", reason(new JsonObject(text)));
        assertEquals(URI.create("http://hollo.example/@alice"), RemoteActor.parse(new JsonObject(text), true).id());
    }

    @Test
    void nonActorsAndHandlelessActorsAreRejected() {
        assertEquals("actor-type", reason(peer("fedify/hollo-person.json").put("type", "Note")));
        JsonObject noName = peer("fedify/hollo-person.json");
        noName.remove("preferredUsername");
        assertNull(RemoteActor.parse(noName, false).preferredUsername(), "keys of handleless actors still resolve");
        assertEquals("actor-preferred-username", reason(noName.put("preferredUsername", " ")));
        JsonObject noInbox = peer("fedify/hollo-person.json");
        noInbox.remove("inbox");
        assertEquals("actor-missing-inbox", reason(noInbox));
    }

    @Test
    void optionalFieldsMayBeAbsent() {
        JsonObject doc = peer("fedify/hollo-person.json");
        doc.remove("endpoints");
        doc.remove("following");
        RemoteActor a = RemoteActor.parse(doc, false);
        assertNull(a.sharedInbox());
        assertNull(a.following());
    }
}
