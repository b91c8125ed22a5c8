package org.mutua.server.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.mutua.federation.ActivityPubMediaTypes;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.SignableRequest;

/**
 * The remote side of the inbox benchmark: one HTTP host serving N actors (Person documents with an RSA-2048
 * publicKey), so the servers under test fetch each signer's key once and cache it, and the pre-signed replies those
 * actors send (draft-cavage, rsa-sha256, as Mastodon signs).
 */
final class RemoteActorHost implements AutoCloseable {
    final String base;
    final List<KeyPair> keys = new ArrayList<>();
    final AtomicInteger actorFetches = new AtomicInteger();
    private final HttpServer server;
    private final CavageSigner signer = new CavageSigner(Clock.systemUTC());

    RemoteActorHost(Vertx vertx, int actors) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        for (int i = 0; i < actors; i++) {
            keys.add(g.generateKeyPair());
        }
        server = vertx.createHttpServer().requestHandler(req -> {
            String path = req.path();
            if (path.startsWith("/users/") && path.indexOf('/', 7) < 0) {
                int n;
                try {
                    n = Integer.parseInt(path.substring(8));
                } catch (RuntimeException e) {
                    n = -1;
                }
                if (path.charAt(7) == 'a' && n >= 0 && n < keys.size()) {
                    actorFetches.incrementAndGet();
                    req.response().putHeader("Content-Type", ActivityPubMediaTypes.ACTIVITY_JSON).end(actor(n).encode());
                    return;
                }
            }
            req.response().setStatusCode(404).end();
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    String actorId(int n) {
        return base + "/users/a" + n;
    }

    JsonObject actor(int n) {
        String id = actorId(n);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(keys.get(n).getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        return new JsonObject()
            .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1"))
            .put("id", id).put("type", "Person").put("preferredUsername", "a" + n).put("name", "Remote actor " + n)
            .put("inbox", id + "/inbox").put("outbox", id + "/outbox").put("followers", id + "/followers").put("following", id + "/following")
            .put("endpoints", new JsonObject().put("sharedInbox", base + "/inbox"))
            .put("publicKey", new JsonObject().put("id", id + "#main-key").put("owner", id).put("publicKeyPem", pem));
    }

    /** A Create(Note) reply by actor n to {@code inReplyTo}, as Mastodon sends one. */
    byte[] reply(int n, String tag, String inReplyTo, String inReplyToAuthor) {
        String id = actorId(n);
        String note = id + "/statuses/" + tag;
        String published = Instant.now().toString();
        JsonArray to = new JsonArray().add("https://www.w3.org/ns/activitystreams#Public");
        JsonArray cc = new JsonArray().add(id + "/followers");
        if (inReplyToAuthor != null) {
            cc.add(inReplyToAuthor);
        }
        JsonObject object = new JsonObject().put("id", note).put("type", "Note").put("attributedTo", id).put("inReplyTo", inReplyTo)
            .put("content", "<p>Reply " + tag + ": I can help on Saturday morning.</p>").put("published", published)
            .put("to", to).put("cc", cc);
        return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", note + "/activity").put("type", "Create")
            .put("actor", id).put("published", published).put("to", to.copy()).put("cc", cc.copy()).put("object", object)
            .encode().getBytes(StandardCharsets.UTF_8);
    }

    /** The POST signed by actor n for {@code inbox}: Host, Date, Digest, Content-Type and Signature. */
    SignableRequest signed(int n, String inbox, byte[] body) {
        SignableRequest unsigned = new SignableRequest("POST", URI.create(inbox), Map.of("Content-Type", List.of(ActivityPubMediaTypes.ACTIVITY_JSON)), body);
        return signer.signPost(unsigned, actorId(n) + "#main-key", keys.get(n).getPrivate());
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }
}
