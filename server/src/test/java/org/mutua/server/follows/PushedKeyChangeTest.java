package org.mutua.server.follows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.federation.keys.ActorKeys;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/**
 * FEDERATION.md 6 row 15: keys change only through an authoritative fetch of the actor, never through a pushed
 * {@code Update(Person)} (GtS commit 9cd27b412). A remote actor served from this test signs a Follow, then pushes an
 * Update carrying a new key; a later activity signed with that new key must be refused and change nothing.
 */
class PushedKeyChangeTest {
    private static final String PASSWORD = "correct horse battery";

    @Test
    void pushedUpdateWithANewPublicKeyIsAcceptedButTheKeyIsNeverSwapped() throws Exception {
        Vertx vertx = Vertx.vertx();
        ActorKeys old = new ActorKeyGenerator().generate();
        ActorKeys attacker = new ActorKeyGenerator().generate();
        JsonObject[] actorDoc = new JsonObject[1];
        HttpServer remote = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/users/zed")) {
                req.response().putHeader("Content-Type", "application/activity+json").end(actorDoc[0].encode());
            } else {
                req.response().setStatusCode(202).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        String base = "http://127.0.0.1:" + remote.actualPort();
        String zed = base + "/users/zed";
        actorDoc[0] = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", zed).put("type", "Person")
            .put("preferredUsername", "zed").put("inbox", zed + "/inbox")
            .put("publicKey", new JsonObject().put("id", zed + "#main-key").put("owner", zed).put("publicKeyPem", old.rsaPublicPem()));

        try (TestNode node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"))) {
            node.await(node.node.services().members().create("lena", MemberRole.MEMBER, PASSWORD));
            Http api = new Http(node.baseUrl);
            String token = Http.json(api.postJson("/api/mutua/v1/tokens", "{\"username\":\"lena\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
            String member = node.baseUrl + "/u/lena";
            HttpClient http = HttpClient.newHttpClient();

            JsonObject follow = new JsonObject().put("id", base + "/follows/1").put("type", "Follow").put("actor", zed).put("object", member);
            assertEquals(202, post(http, node.baseUrl, follow, zed, old).statusCode());
            awaitRequests(api, token, 1);

            JsonObject pushed = actorDoc[0].copy();
            pushed.getJsonObject("publicKey").put("publicKeyPem", attacker.rsaPublicPem());
            JsonObject update = new JsonObject().put("id", base + "/updates/1").put("type", "Update").put("actor", zed).put("object", pushed);
            assertEquals(202, post(http, node.baseUrl, update, zed, old).statusCode(), "accepted, as Mastodon and GtS do");

            JsonObject undo = new JsonObject().put("id", base + "/undos/1").put("type", "Undo").put("actor", zed).put("object", follow);
            assertEquals(401, post(http, node.baseUrl, undo, zed, attacker).statusCode(), "the pushed key does not verify anything");
            Thread.sleep(500);
            assertEquals(1, awaitRequests(api, token, 1), "nothing changed: the follow request is still there");
        } finally {
            remote.close();
            vertx.close();
        }
    }

    private static HttpResponse<String> post(HttpClient http, String nodeBase, JsonObject activity, String actor, ActorKeys keys) throws Exception {
        activity.put("@context", "https://www.w3.org/ns/activitystreams");
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signPost(
            SignableRequest.of("POST", URI.create(nodeBase + "/inbox"), activity.encode().getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Type", "application/activity+json"), actor + "#main-key", keys.rsaPrivateKey());
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.target()).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int awaitRequests(Http api, String token, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int n = 0;
        while (System.nanoTime() < deadline) {
            n = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + token)).getJsonArray("items").size();
            if (n >= expected) {
                return n;
            }
            Thread.sleep(100);
        }
        assertTrue(n >= expected, "follow requests: " + n);
        return n;
    }
}
