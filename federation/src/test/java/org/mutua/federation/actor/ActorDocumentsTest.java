package org.mutua.federation.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mutua.federation.jsonld.ExpandedNodes.AS;
import static org.mutua.federation.jsonld.ExpandedNodes.LDP;
import static org.mutua.federation.jsonld.ExpandedNodes.MA;
import static org.mutua.federation.jsonld.ExpandedNodes.SEC;
import static org.mutua.federation.jsonld.ExpandedNodes.TOOT;
import static org.mutua.federation.jsonld.ExpandedNodes.first;
import static org.mutua.federation.jsonld.ExpandedNodes.firstValue;
import static org.mutua.federation.jsonld.ExpandedNodes.node;
import static org.mutua.federation.jsonld.ExpandedNodes.resource;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.federation.keys.ActorKeys;

class ActorDocumentsTest {
    private static final String SPEC_PEM = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq…IDAQAB\n-----END PUBLIC KEY-----\n";
    private static final String SPEC_MULTIKEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    private final ActorDocuments documents = new ActorDocuments(false);
    private final BundledContexts contexts = new BundledContexts();
    private final JsonLd jsonLd = new JsonLd(contexts);

    static LocalActorProfile eastside() {
        return LocalActorProfile.builder("https://aid.example/g/eastside", ActorType.Group, "eastside")
            .name("Eastside Mutual Aid")
            .summaryHtml("<p>Neighbours helping neighbours. Follow to see requests, offers and assemblies.</p>")
            .published(Instant.parse("2026-01-10T12:00:00.123Z"))
            .sharedInbox("https://aid.example/inbox")
            .featured("https://aid.example/g/eastside/featured")
            .attributedTo("https://aid.example/g/eastside/moderators")
            .manuallyApprovesFollowers(true).discoverable(true).indexable(false)
            .groupKind("neighbourhood").members("https://aid.example/g/eastside/members")
            .icon(new ActorIcon("https://aid.example/media/eastside.png", "image/png"))
            .keys(SPEC_PEM, SPEC_MULTIKEY)
            .build();
    }

    static LocalActorProfile ana(ActorKeys keys) {
        return LocalActorProfile.builder("https://aid.example/u/ana", ActorType.Person, "ana")
            .name("Ana").summaryHtml("").published(Instant.parse("2026-02-01T08:00:00Z"))
            .sharedInbox("https://aid.example/inbox").keys(keys.rsaPublicPem(), keys.ed25519Multibase()).build();
    }

    static LocalActorProfile instanceActor(ActorKeys keys) {
        return LocalActorProfile.builder("https://aid.example/actor", ActorType.Application, "aid.example")
            .sharedInbox("https://aid.example/inbox").keys(keys.rsaPublicPem(), keys.ed25519Multibase())
            .implementsSpecs(ImplementedSpec.MUTUA_V1).build();
    }

    @Test
    void groupDocumentEqualsTheSpecExampleKeyForKey() {
        JsonObject expected = new JsonObject(resource("/spec/group-eastside.json"));
        JsonObject actual = documents.full(eastside());
        assertEquals(expected, actual);
        assertEquals(new JsonArray(expected.fieldNames().stream().toList()), new JsonArray(actual.fieldNames().stream().toList()));
    }

    @Test
    void groupDocumentExpandsToTheIrisReadersNeed() {
        JsonObject node = node(jsonLd.expand(documents.full(eastside())));
        assertEquals(AS + "Group", node.getJsonArray("@type").getString(0));
        assertEquals("https://aid.example/g/eastside/inbox", firstValue(node, LDP + "inbox"));
        assertEquals("https://aid.example/inbox", firstValue(first(node, AS + "endpoints"), AS + "sharedInbox"));
        assertEquals("neighbourhood", firstValue(node, MA + "groupKind"));
        assertEquals("https://aid.example/g/eastside/members", firstValue(node, MA + "members"));
        assertEquals("https://aid.example/g/eastside/featured", firstValue(node, TOOT + "featured"));
        assertEquals(true, firstValue(node, TOOT + "discoverable"));
        assertEquals(true, firstValue(node, AS + "manuallyApprovesFollowers"));
        assertEquals(SPEC_PEM, firstValue(first(node, SEC + "publicKey"), SEC + "publicKeyPem"));
        JsonObject multikey = first(node, SEC + "assertionMethod");
        assertEquals(SEC + "Multikey", multikey.getJsonArray("@type").getString(0));
        assertEquals(SPEC_MULTIKEY, firstValue(multikey, SEC + "publicKeyMultibase"));
        assertEquals("https://aid.example/g/eastside", firstValue(multikey, SEC + "controller"));
        assertEquals(0, contexts.unknownContextCount());
    }

    @Test
    void personDocumentHasNoGroupFieldsAndExpands() {
        ActorKeys keys = new ActorKeyGenerator().generate();
        JsonObject doc = documents.full(ana(keys));
        for (String groupOnly : new String[] {"featured", "attributedTo", "ma:groupKind", "ma:members", "icon"}) {
            assertFalse(doc.containsKey(groupOnly), groupOnly);
        }
        assertEquals(false, doc.getBoolean("discoverable"));
        JsonObject node = node(jsonLd.expand(doc));
        assertEquals(AS + "Person", node.getJsonArray("@type").getString(0));
        assertEquals(keys.rsaPublicPem(), firstValue(first(node, SEC + "publicKey"), SEC + "publicKeyPem"));
        assertEquals("https://aid.example/u/ana/followers", firstValue(node, AS + "followers"));
    }

    @Test
    void reducedActorCarriesOnlyWhatSignatureVerificationNeeds() {
        JsonObject reduced = documents.reduced(eastside());
        assertEquals(Set.of("@context", "id", "type", "preferredUsername", "inbox", "outbox", "endpoints", "publicKey", "assertionMethod"),
            reduced.fieldNames());
        JsonObject node = node(jsonLd.expand(reduced));
        assertEquals("https://aid.example/g/eastside#main-key", first(node, SEC + "publicKey").getString("@id"));
        assertTrue(node.getJsonArray(AS + "name") == null);
    }

    @Test
    void instanceActorListsTheMutuaProfileInImplementsAndExpands() {
        ActorKeys keys = new ActorKeyGenerator().generate();
        JsonObject doc = documents.full(instanceActor(keys));
        assertEquals("Application", doc.getString("type"));
        assertEquals("aid.example", doc.getString("preferredUsername"));
        assertEquals(true, doc.getBoolean("manuallyApprovesFollowers"));
        assertEquals("https://w3id.org/mutua/ns#profile-v1", doc.getJsonArray("implements").getJsonObject(0).getString("href"));
        assertEquals(doc, documents.reduced(instanceActor(keys)), "the instance actor is served in full to unsigned GETs");

        JsonObject node = node(jsonLd.expand(doc));
        JsonObject firstSpec = first(node, "https://w3id.org/fep/844e/implements");
        assertEquals("https://w3id.org/mutua/ns#profile-v1", firstValue(firstSpec, AS + "href"));
        assertEquals(3, node.getJsonArray("https://w3id.org/fep/844e/implements").getJsonObject(0).getJsonArray("@list").size());
    }

    @Test
    void plainHttpIdsAreRefusedOutsideDevelopmentMode() {
        LocalActorProfile http = LocalActorProfile.builder("http://aid.example/u/ana", ActorType.Person, "ana")
            .name("Ana").published(Instant.EPOCH).keys(SPEC_PEM, SPEC_MULTIKEY).build();
        assertThrows(IllegalArgumentException.class, () -> documents.full(http));
        assertEquals("http://aid.example/u/ana", new ActorDocuments(true).full(http).getString("id"));
    }

    @Test
    void groupFieldsOnAPersonAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LocalActorProfile.builder("https://aid.example/u/x", ActorType.Person, "x")
            .name("X").published(Instant.EPOCH).keys(SPEC_PEM, SPEC_MULTIKEY).groupKind("circle").build());
    }
}
