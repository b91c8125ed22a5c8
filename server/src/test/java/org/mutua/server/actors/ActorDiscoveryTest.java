package org.mutua.server.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** Local actors as the fediverse discovers them: WebFinger with Mastodon's round trip, actor documents, NodeInfo. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActorDiscoveryTest {
    private static final String AS = "https://www.w3.org/ns/activitystreams#";
    private static final String ACTIVITY_JSON = "application/activity+json";
    private TestNode node;
    private Http http;

    @BeforeAll
    void start() {
        node = TestNode.start(java.util.Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        http = new Http(node.baseUrl);
        node.await(node.node.services().members().create("alice", MemberRole.MEMBER, "correct horse battery"));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private HttpResponse<String> signedGet(String path, String accept) {
        return org.mutua.server.testing.SignedGets.get(node, http, path, accept);
    }

    private JsonObject webfinger(String acct) {
        HttpResponse<String> r = http.get("/.well-known/webfinger?resource=" + URLEncoder.encode(acct, StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), acct + " " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/jrd+json"));
        return Http.json(r);
    }

    private String selfLink(JsonObject jrd) {
        return jrd.getJsonArray("links").stream().map(JsonObject.class::cast)
            .filter(l -> "self".equals(l.getString("rel"))).findFirst().orElseThrow().getString("href");
    }

    /** Mastodon's check_webfinger!: acct → self link → actor whose id and preferredUsername lead back to the same acct. */
    @Test
    void everyLocalActorSurvivesTheWebfingerRoundTrip() {
        String domain = node.config.domain();
        for (String name : List.of("alice", node.config.neighbourhoodUsername(), node.config.hostname())) {
            JsonObject jrd = webfinger("acct:" + name + "@" + domain);
            assertEquals("acct:" + name + "@" + domain, jrd.getString("subject"));
            String self = selfLink(jrd);
            HttpResponse<String> actor = http.get(self.substring(node.baseUrl.length()), "Accept", ACTIVITY_JSON);
            assertEquals(200, actor.statusCode(), self);
            JsonObject doc = Http.json(actor);
            assertEquals(self, doc.getString("id"), "self link is byte-equal to the id");
            assertEquals(name, doc.getString("preferredUsername"));
            assertEquals("acct:" + name + "@" + domain, webfinger(self).getString("subject"), "the actor URL is accepted as resource");
        }
    }

    @Test
    void actorDocumentsAreValidActivityStreams() {
        JsonLd jsonLd = new JsonLd(new BundledContexts());
        for (String path : List.of("/u/alice", "/g/" + node.config.neighbourhoodUsername(), "/actor")) {
            HttpResponse<String> r = signedGet(path, "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"");
            assertEquals(200, r.statusCode(), path);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(ACTIVITY_JSON));
            assertTrue(r.headers().allValues("Vary").toString().contains("Accept"));
            JsonObject doc = Http.json(r);
            JsonArray expanded = jsonLd.expand(doc);
            assertEquals(1, expanded.size(), path);
            JsonObject node0 = expanded.getJsonObject(0);
            assertEquals(doc.getString("id"), node0.getString("@id"));
            assertTrue(node0.containsKey("http://www.w3.org/ns/ldp#inbox"), path + " has an inbox");
            assertTrue(node0.containsKey(AS + "outbox"), path);
            assertTrue(node0.containsKey("https://w3id.org/security#publicKey"), path);
            assertTrue(node0.containsKey("https://w3id.org/security#assertionMethod"), path);
            assertFalse(r.body().contains("PRIVATE KEY"), "private keys never leave the node");
        }
        JsonObject group = Http.json(signedGet("/g/" + node.config.neighbourhoodUsername(), ACTIVITY_JSON));
        assertEquals("Group", group.getString("type"));
        assertEquals("Eastside Mutual Aid", group.getString("name"));
        assertEquals(true, group.getBoolean("manuallyApprovesFollowers"));
        assertEquals("neighbourhood", group.getString("ma:groupKind"));
        JsonObject person = Http.json(signedGet("/u/alice", ACTIVITY_JSON));
        assertEquals(false, person.getBoolean("discoverable"));
        assertEquals(node.baseUrl + "/u/alice#main-key", person.getJsonObject("publicKey").getString("id"));
        assertTrue(person.getJsonArray("assertionMethod").getJsonObject(0).getString("publicKeyMultibase").startsWith("z6Mk"));
        JsonObject app = Http.json(http.get("/actor"));
        assertEquals("Application", app.getString("type"));
        assertTrue(app.encode().contains("https://w3id.org/mutua/ns#profile-v1"));
    }

    @Test
    void collectionsExistAndAreEmpty() {
        for (String c : List.of("outbox", "followers", "following")) {
            HttpResponse<String> r = signedGet("/u/alice/" + c, ACTIVITY_JSON);
            assertEquals(200, r.statusCode(), c);
            assertEquals(0, Http.json(r).getInteger("totalItems"));
            assertEquals(node.baseUrl + "/u/alice/" + c, Http.json(r).getString("id"));
        }
    }

    // FEDERATION.md 2 (authorized fetch) and 6 row 7
    @Test
    void unsignedGetsGetAReducedActorAndNoCollections() {
        JsonObject reduced = Http.json(http.get("/g/" + node.config.neighbourhoodUsername(), "Accept", ACTIVITY_JSON));
        assertTrue(reduced.containsKey("publicKey") && reduced.containsKey("inbox"), "enough to verify signatures");
        assertFalse(reduced.containsKey("name") || reduced.containsKey("summary"), "nothing more: " + reduced.encode());
        assertEquals(401, http.get("/u/alice/followers", "Accept", ACTIVITY_JSON).statusCode());
        assertEquals(200, http.get("/actor", "Accept", ACTIVITY_JSON).statusCode(), "the instance actor is always served");
    }

    @Test
    void getWithAForgedSignatureIsRefused() {
        HttpResponse<String> r = http.get("/u/alice/followers", "Accept", ACTIVITY_JSON, "Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)),
            "Signature", "keyId=\"" + node.baseUrl + "/actor#main-key\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\"AAAA\"");
        assertEquals(401, r.statusCode());
    }

    /**
     * An actor document asked for with a signature that does not verify is served as to an unsigned reader, never
     * refused: the signer may need our key to check our delivery, and a 401 here made a Fedify peer refuse our Follow
     * at its personal inbox whenever our fetch of its own key failed (FEDERATION.md 2; SignatureSchemesInteropTest).
     */
    @Test
    void actorAskedForWithASignatureThatDoesNotVerifyIsServedAsToAnUnsignedReader() {
        HttpResponse<String> r = http.get("/u/alice", "Accept", ACTIVITY_JSON, "Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)),
            "Signature", "keyId=\"" + node.baseUrl + "/actor#main-key\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\"AAAA\"");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject reduced = Http.json(r);
        assertEquals(node.baseUrl + "/u/alice#main-key", reduced.getJsonObject("publicKey").getString("id"), "the key is there to verify with");
        assertFalse(reduced.containsKey("name") || reduced.containsKey("summary"), "no more than an unsigned reader gets: " + reduced.encode());
    }

    /**
     * FEDERATION.md 2 (authorized fetch), 6 rows 2 and 7: a cavage GET that signs an empty body's Digest instead of
     * (request-target) names no path, so a signature made for one page would open every other; refused, while the
     * same signer's proper GET of the same collection is served.
     */
    @Test
    void signedGetWithoutRequestTargetIsRefused() throws Exception {
        LocalActor instance = node.await(node.node.services().actors().instanceActor());
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        String digest = "SHA-256=" + java.util.Base64.getEncoder().encodeToString(
            java.security.MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        String host = java.net.URI.create(node.baseUrl).getRawAuthority();
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initSign(instance.keys().rsaPrivateKey());
        rsa.update(("host: " + host + "\ndate: " + date + "\ndigest: " + digest).getBytes(StandardCharsets.UTF_8));
        String signature = "keyId=\"" + node.config.baseUrl() + "/actor#main-key\",algorithm=\"rsa-sha256\",headers=\"host date digest\","
            + "signature=\"" + java.util.Base64.getEncoder().encodeToString(rsa.sign()) + "\"";
        HttpResponse<String> r = http.get("/u/alice/followers", "Accept", ACTIVITY_JSON, "Date", date, "Digest", digest,
            "Signature", signature);
        assertEquals(401, r.statusCode(), r.body());
        assertEquals(200, signedGet("/u/alice/followers", ACTIVITY_JSON).statusCode(), "a GET signing (request-target) is served");
    }

    @Test
    void unknownActorsAndPendingMembersAreNotFound() {
        assertEquals(404, http.get("/u/nobody", "Accept", ACTIVITY_JSON).statusCode());
        assertEquals(404, http.get("/g/alice", "Accept", ACTIVITY_JSON).statusCode(), "a person is not a group");
        assertEquals(404, http.get("/.well-known/webfinger?resource=acct:nobody@" + node.config.domain()).statusCode());
        assertEquals(404, http.get("/.well-known/webfinger?resource=acct:alice@evil.example").statusCode());
        assertEquals(400, http.get("/.well-known/webfinger?resource=alice").statusCode());
        assertEquals(400, http.get("/.well-known/webfinger").statusCode());
    }

    @Test
    void nodeInfoDescribesTheNode() {
        JsonObject wellKnown = Http.json(http.get("/.well-known/nodeinfo"));
        assertTrue(wellKnown.encode().contains(node.baseUrl + "/nodeinfo/2.1"));
        JsonObject info = Http.json(http.get("/nodeinfo/2.1"));
        assertEquals("mutua", info.getJsonObject("software").getString("name"));
        assertEquals(false, info.getBoolean("openRegistrations"));
        assertEquals("Eastside Mutual Aid", info.getJsonObject("metadata").getString("nodeName"));
        HttpResponse<String> hostMeta = http.get("/.well-known/host-meta");
        assertEquals(200, hostMeta.statusCode());
        assertTrue(hostMeta.body().contains("lrdd"));
    }

    @Test
    void unsignedDeliveryIsRefused() {
        HttpResponse<String> r = http.post("/inbox", ACTIVITY_JSON, "{}".getBytes());
        assertEquals(401, r.statusCode());
    }
}
