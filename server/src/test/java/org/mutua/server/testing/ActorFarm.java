package org.mutua.server.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.SignableRequest;

/**
 * Many remote actors on one host (one loopback server, one registrable domain for the fetch budget), for bursts no
 * {@link ScriptedRemoteActor} per actor could serve cheaply: actor documents at /users/f0 … /users/fN-1, an inbox that
 * answers 202, signed POSTs. The actors share one RSA key pair: the node fetches and caches each actor's key by its
 * own keyId all the same, and generating a pair per actor cost seconds.
 */
public final class ActorFarm implements AutoCloseable {
    public final String base;
    public final AtomicInteger actorFetches = new AtomicInteger();
    /** Actor documents answered 410 Gone from now on (the actor deleted its account). */
    public final java.util.Set<Integer> gone = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final KeyPair keys;
    private final String pem;
    private final CavageSigner signer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger seq = new AtomicInteger();

    /** @param clock what the signatures' dates read (the node's, when a test moves it) */
    public ActorFarm(int actors, Clock clock) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        signer = new CavageSigner(clock);
        server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            if (req.method().name().equals("GET") && path.matches("/users/f\\d+")) {
                int n = Integer.parseInt(path.substring(8));
                if (n < actors) {
                    actorFetches.incrementAndGet();
                    if (gone.contains(n)) {
                        req.response().setStatusCode(410).end();
                    } else {
                        req.response().putHeader("Content-Type", "application/activity+json").end(actor(n).encode());
                    }
                    return;
                }
            }
            req.response().setStatusCode(req.method().name().equals("POST") ? 202 : 404).end();
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    public String actorId(int n) {
        return base + "/users/f" + n;
    }

    private JsonObject actor(int n) {
        String id = actorId(n);
        return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", id).put("type", "Person")
            .put("preferredUsername", "f" + n).put("inbox", id + "/inbox")
            .put("publicKey", new JsonObject().put("id", id + "#main-key").put("owner", id).put("publicKeyPem", pem));
    }

    /** A Follow by actor n of {@code object}, with a new id on this host. */
    public JsonObject follow(int n, String object) {
        return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", base + "/activities/" + seq.incrementAndGet())
            .put("type", "Follow").put("actor", actorId(n)).put("object", object);
    }

    /** Actor n posts the activity to the node's shared inbox, signed (draft-cavage, as Mastodon signs). */
    public CompletableFuture<HttpResponse<String>> post(int n, String nodeBase, JsonObject activity) {
        SignableRequest signed = signer.signPost(
            SignableRequest.of("POST", URI.create(nodeBase + "/inbox"), activity.encode().getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Type", "application/activity+json"), actorId(n) + "#main-key", keys.getPrivate());
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.target()).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        vertx.close();
    }
}
