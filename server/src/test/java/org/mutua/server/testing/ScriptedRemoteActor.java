package org.mutua.server.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.federation.keys.ActorKeys;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.SignableRequest;

/**
 * A remote actor the test scripts by hand, for activities no peer program sends on demand (forged keys, Block,
 * Delete): its actor document is served on loopback, it signs what it posts, and its inbox records what it gets.
 */
public final class ScriptedRemoteActor implements AutoCloseable {
    public final Vertx vertx = Vertx.vertx();
    public final HttpServer server;
    public final String base;
    public final String id;
    public final ActorKeys keys = new ActorKeyGenerator().generate();
    public final List<JsonObject> inbox = new CopyOnWriteArrayList<>();
    /** The path each activity in {@link #inbox} was posted to, in the same order. */
    public final List<String> postedTo = new CopyOnWriteArrayList<>();
    public JsonObject document;
    /** How many GETs of the actor document its server has answered (key fetches included). */
    public final java.util.concurrent.atomic.AtomicInteger documentGets = new java.util.concurrent.atomic.AtomicInteger();
    /** Set once the account is deleted: its server then answers 410 Gone to every GET of it, as Mastodon does. */
    public volatile boolean gone;
    /** Other documents served at a path on this host: a JSON object (as ActivityPub JSON) or an Integer status. */
    public final java.util.Map<String, Object> served = new java.util.concurrent.ConcurrentHashMap<>();
    /** The paths of every GET this host answered, in order (to tell "fetched" from "never fetched"). */
    public final List<String> gets = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private int seq;

    public ScriptedRemoteActor(String name) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            if (req.method().name().equals("GET")) {
                gets.add(req.path());
            }
            Object other = served.get(req.path());
            if (req.method().name().equals("GET") && req.path().equals("/users/" + name)) {
                documentGets.incrementAndGet();
                if (gone) {
                    req.response().setStatusCode(410).end();
                } else {
                    req.response().putHeader("Content-Type", "application/activity+json").end(document.encode());
                }
            } else if (req.method().name().equals("GET") && other instanceof JsonObject doc) {
                req.response().putHeader("Content-Type", "application/activity+json").end(doc.encode());
            } else if (req.method().name().equals("GET") && other instanceof Integer status) {
                req.response().setStatusCode(status).end();
            } else {
                if (body.length() > 0) {
                    postedTo.add(req.path());
                    inbox.add(new JsonObject(body.toString(StandardCharsets.UTF_8)));
                }
                req.response().setStatusCode(202).end();
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        base = "http://127.0.0.1:" + server.actualPort();
        id = base + "/users/" + name;
        document = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", id).put("type", "Person")
            .put("preferredUsername", name).put("inbox", id + "/inbox")
            .put("publicKey", new JsonObject().put("id", id + "#main-key").put("owner", id).put("publicKeyPem", keys.rsaPublicPem()));
    }

    /** Gives the actor a shared inbox ({@code /inbox} on its host), as Mastodon's actors have. */
    public ScriptedRemoteActor withSharedInbox() {
        document.put("endpoints", new JsonObject().put("sharedInbox", base + "/inbox"));
        return this;
    }

    /** The activity of that type posted to this actor, and the path it was posted to, if any arrived. */
    public java.util.Optional<java.util.Map.Entry<String, JsonObject>> posted(String type) {
        for (int i = 0; i < inbox.size(); i++) {
            if (type.equals(inbox.get(i).getString("type"))) {
                return java.util.Optional.of(java.util.Map.entry(postedTo.get(i), inbox.get(i)));
            }
        }
        return java.util.Optional.empty();
    }

    /** A new id on this actor's host, for objects it authors. */
    public String newId(String kind) {
        return base + "/" + kind + "/" + (++seq);
    }

    /** A new activity of this actor, with an id on its host. */
    public JsonObject activity(String type, Object object) {
        return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", base + "/activities/" + (++seq))
            .put("type", type).put("actor", id).put("object", object);
    }

    public HttpResponse<String> post(String nodeBase, JsonObject activity) throws Exception {
        return post(nodeBase, activity, keys);
    }

    public HttpResponse<String> post(String nodeBase, JsonObject activity, ActorKeys signWith) throws Exception {
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signPost(
            SignableRequest.of("POST", URI.create(nodeBase + "/inbox"), activity.encode().getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Type", "application/activity+json"), id + "#main-key", signWith.rsaPrivateKey());
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.target()).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET signed by this actor (authorized fetch), asking for ActivityPub JSON. */
    public HttpResponse<String> get(String nodeBase, String path) throws Exception {
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signGet(SignableRequest.of("GET", URI.create(nodeBase + path), null),
            id + "#main-key", keys.rsaPrivateKey());
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.target()).GET().header("Accept", "application/activity+json");
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        vertx.close();
    }
}
