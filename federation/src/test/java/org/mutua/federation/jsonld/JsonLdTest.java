package org.mutua.federation.jsonld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mutua.federation.jsonld.ExpandedNodes.AS;
import static org.mutua.federation.jsonld.ExpandedNodes.LDP;
import static org.mutua.federation.jsonld.ExpandedNodes.SEC;
import static org.mutua.federation.jsonld.ExpandedNodes.TOOT;
import static org.mutua.federation.jsonld.ExpandedNodes.first;
import static org.mutua.federation.jsonld.ExpandedNodes.firstValue;
import static org.mutua.federation.jsonld.ExpandedNodes.node;
import static org.mutua.federation.jsonld.ExpandedNodes.resource;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonLdTest {
    private BundledContexts contexts;
    private JsonLd jsonLd;

    @BeforeEach
    void setUp() {
        contexts = new BundledContexts();
        jsonLd = new JsonLd(contexts);
    }

    @Test
    void everyBundledContextExpandsOnItsOwn() {
        for (String url : contexts.canonicalUrls()) {
            JsonObject doc = new JsonObject().put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add(url))
                .put("id", "https://peer.example/1").put("type", "Note");
            assertEquals(1, jsonLd.expand(doc).size(), url);
        }
        assertEquals(0, contexts.unknownContextCount());
    }

    @Test
    void aContextParsedOnceExpandsExactlyAsTheProcessorDoes() throws Exception {
        for (String r : new String[] {"/peers/mastodon/activitypub.academy-users-brauca_darradiul.json", "/peers/mitra/wizard.casa-users-hongminhee.json",
            "/peers/fedify/hollo-person.json"}) {
            JsonObject doc = new JsonObject(resource(r));
            com.github.jsonldjava.core.JsonLdOptions options = new com.github.jsonldjava.core.JsonLdOptions();
            options.setDocumentLoader(contexts.documentLoader());
            JsonArray reference = new JsonArray(com.github.jsonldjava.core.JsonLdProcessor.expand(
                com.github.jsonldjava.utils.JsonUtils.fromString(doc.encode()), options));
            assertEquals(reference, jsonLd.expand(doc), r + " (first)");
            assertEquals(reference, jsonLd.expand(doc.copy()), r + " (parsed context reused)");
        }
    }

    @Test
    void mastodonActorExpandsToTheIrisItMeans() {
        JsonObject actor = node(jsonLd.expand(resource("/peers/mastodon/activitypub.academy-users-brauca_darradiul.json")));
        assertEquals("https://activitypub.academy/users/brauca_darradiul", actor.getString("@id"));
        assertEquals(AS + "Person", actor.getJsonArray("@type").getString(0));
        assertEquals("https://activitypub.academy/users/brauca_darradiul/inbox", firstValue(actor, LDP + "inbox"));
        assertEquals(false, firstValue(actor, AS + "manuallyApprovesFollowers"));
        assertEquals(false, firstValue(actor, TOOT + "discoverable"));
        assertEquals("https://activitypub.academy/users/brauca_darradiul/collections/featured", firstValue(actor, TOOT + "featured"));
        JsonObject key = first(actor, SEC + "publicKey");
        assertEquals("https://activitypub.academy/users/brauca_darradiul#main-key", key.getString("@id"));
        assertTrue(((String) firstValue(key, SEC + "publicKeyPem")).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals(0, contexts.unknownContextCount());
    }

    @Test
    void mitraActorWithDidDataIntegrityAndMultikeyContextsExpands() {
        JsonObject actor = node(jsonLd.expand(resource("/peers/mitra/wizard.casa-users-hongminhee.json")));
        JsonArray methods = actor.getJsonArray(SEC + "assertionMethod");
        assertEquals(2, methods.size());
        JsonObject ed = methods.getJsonObject(1);
        assertEquals("https://wizard.casa/users/hongminhee#ed25519-key", ed.getString("@id"));
        assertEquals(SEC + "Multikey", ed.getJsonArray("@type").getString(0));
        assertEquals("z6MkweqJajqa5jRAJTBVxxu47oCdB7HzmYbBKN8VGbFJmKkC", firstValue(ed, SEC + "publicKeyMultibase"));
        assertEquals("https://wizard.casa/users/hongminhee", firstValue(ed, SEC + "controller"));
        assertEquals(0, contexts.unknownContextCount());
    }

    @Test
    void fedifyActorExpandsAndOnlyItsUnbundledFepContextsAreCounted() {
        JsonObject actor = node(jsonLd.expand(resource("/peers/fedify/hollo-person.json")));
        JsonObject method = first(actor, SEC + "assertionMethod");
        assertEquals("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", firstValue(method, SEC + "publicKeyMultibase"));
        assertEquals(true, firstValue(actor, TOOT + "indexable"));
        assertEquals("https://hollo.example/inbox", firstValue(first(actor, AS + "endpoints"), AS + "sharedInbox"));
        assertEquals(2, contexts.unknownContextCount(), "fep/ef61 and fep/7aa9 are not bundled");
    }

    @Test
    void dataIntegrityProofTermsExpandAfterTheOneZeroDowngrade() {
        JsonObject doc = new JsonObject()
            .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/data-integrity/v2"))
            .put("id", "https://peer.example/a/1").put("type", "Create")
            .put("proof", new JsonObject().put("type", "DataIntegrityProof").put("cryptosuite", "eddsa-jcs-2022")
                .put("proofPurpose", "assertionMethod").put("verificationMethod", "https://peer.example/u/x#ed25519-key")
                .put("proofValue", "z3sMTQ").put("created", "2026-01-01T00:00:00Z"));
        JsonObject proof = first(node(jsonLd.expand(doc)), SEC + "proof");
        assertEquals("eddsa-jcs-2022", firstValue(proof, SEC + "cryptosuite"));
        assertEquals(SEC + "assertionMethod", firstValue(proof, SEC + "proofPurpose"));
        assertEquals("https://peer.example/u/x#ed25519-key", firstValue(proof, SEC + "verificationMethod"));
    }

    @Test
    void litepubContextResolvesThroughItsOwnNestedReferences() {
        JsonObject note = new JsonObject().put("@context", "https://litepub.social/litepub/context.jsonld")
            .put("id", "https://akkoma.example/objects/1").put("type", "Note").put("sensitive", true)
            .put("conversation", "https://akkoma.example/contexts/1");
        JsonObject node = node(jsonLd.expand(note));
        assertEquals(true, firstValue(node, AS + "sensitive"));
        assertEquals("https://akkoma.example/contexts/1", firstValue(node, "http://ostatus.org#conversation"));
        assertEquals(0, contexts.unknownContextCount());
    }

    @Test
    void wellKnownAliasesResolveToTheBundledCopy() {
        for (String alias : new String[] {"http://www.w3.org/ns/activitystreams", "https://www.w3.org/ns/activitystreams/",
            "https://www.w3.org/ns/activitystreams.jsonld", "https://WWW.W3.ORG/ns/activitystreams#", "http://joinmastodon.org/ns#",
            "https://joinmastodon.org/ns", "http://w3id.org/security/v1/", "https://litepub.social/litepub/context"}) {
            assertTrue(contexts.isBundled(alias), alias);
        }
        assertFalse(contexts.isBundled("https://www.w3.org/NS/activitystreams"), "paths stay case-sensitive");
        assertFalse(contexts.isBundled("https://www.w3.org.evil.example/ns/activitystreams"));
        assertFalse(contexts.isBundled("file:///www.w3.org/ns/activitystreams"));
    }

    @Test
    void unknownContextUrlIsNeverFetchedAndIsCounted() throws IOException {
        // A listener that records any connection: the loader must never dial it.
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = trap.accept()) {
                    connections.incrementAndGet();
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String internal = "http://127.0.0.1:" + trap.getLocalPort() + "/context.jsonld";
            JsonObject doc = new JsonObject()
                .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add(internal))
                .put("id", "https://peer.example/notes/1").put("type", "Note").put("content", "hi");
            JsonObject node = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> node(jsonLd.expand(doc)));
            assertEquals("hi", firstValue(node, AS + "content"));
            assertEquals(1, contexts.unknownContextCount());
            jsonLd.expand(doc);
            assertEquals(2, contexts.unknownContextCount());
        }
        assertEquals(0, connections.get(), "the context URL was dialled");
    }

    @Test
    void contextThatPointsAtAPortNobodyListensOnExpandsWithoutWaiting() {
        // Port 9 (discard) on loopback: a fetch would fail or hang; expansion must not even try.
        JsonObject doc = new JsonObject().put("@context", "http://127.0.0.1:9/ns").put("id", "https://peer.example/x").put("name", "x");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> jsonLd.expand(doc));
        assertEquals(1, contexts.unknownContextCount());
    }

    @Test
    void jsonLdOnePointOneContextInlineIsRejectedAsInvalid() {
        JsonObject doc = new JsonObject().put("@context", new JsonObject().put("@version", 1.1).put("x", "https://x.example/#x"))
            .put("x", "y");
        assertThrows(InvalidJsonLdException.class, () -> jsonLd.expand(doc));
    }

    @Test
    void malformedJsonIsRejected() {
        assertThrows(InvalidJsonLdException.class, () -> jsonLd.expand("{\"@context\": "));
    }

    @Test
    void mutuaContextIsTheSection16TermMapInline() {
        JsonObject terms = MutuaContext.inlineTerms();
        assertEquals("https://w3id.org/mutua/ns#", terms.getString("ma"));
        assertEquals("https://w3id.org/fep/844e/implements", terms.getJsonObject("implements").getString("@id"));
        assertEquals(56, terms.size()); // checked equal, key order included, to the FEDERATION.md §1.6 block
        JsonObject doc = new JsonObject().put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add(terms))
            .put("id", "https://aid.example/o/1").put("type", "Note").put("ma:kind", "request").put("unitBased", false);
        JsonObject node = node(jsonLd.expand(doc));
        assertEquals("request", firstValue(node, "https://w3id.org/mutua/ns#kind"));
        assertEquals(false, firstValue(node, "https://w3id.org/valueflows/ont/vf#unitBased"));
    }

    @Test
    void compactedAgainstMutuasContextEveryPrefixReadsAsMa() {
        JsonObject compacted = jsonLd.compactToMutua("""
            {"@context":["https://www.w3.org/ns/activitystreams",{"mutua":"https://w3id.org/mutua/ns#","vf":"https://w3id.org/valueflows/ont/vf#"}],
             "id":"https://b.example/a/1","type":"Create","actor":["https://b.example/u/rosa"],
             "object":{"id":"https://b.example/o/1","type":"Note","mutua:kind":"offer","mutua:status":"open","content":"<p>Soup</p>"}}""");
        JsonObject object = compacted.getJsonObject("object");
        assertEquals("offer", object.getString("ma:kind"));
        assertEquals("open", object.getString("ma:status"));
        assertEquals("Note", object.getString("type"));
        assertEquals("https://b.example/u/rosa", compacted.getString("actor"), "one-element arrays read as scalars");
        assertFalse(compacted.containsKey("@context"));
    }

    @Test
    void compactedAgainstMutuasContextPublicInEachSpellingStaysPublic() {
        for (String spelling : new String[] {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}) {
            JsonObject compacted = jsonLd.compactToMutua("""
                {"@context":["https://www.w3.org/ns/activitystreams",{"ma":"https://w3id.org/mutua/ns#"}],
                 "id":"https://b.example/a/1","type":"Create","to":"%s",
                 "object":{"id":"https://b.example/o/1","type":"Note","cc":["%s"]}}""".formatted(spelling, spelling));
            assertTrue(org.mutua.federation.vocab.ActivityStreams.addressesPublic(compacted), spelling + " -> " + compacted.encode());
            assertTrue(org.mutua.federation.vocab.ActivityStreams.addressesPublic(compacted.getJsonObject("object")), spelling);
        }
    }
}
