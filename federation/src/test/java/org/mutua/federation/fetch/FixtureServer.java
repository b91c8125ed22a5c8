package org.mutua.federation.fetch;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One real Vert.x HTTP server on 127.0.0.1 playing several hosts: routes are keyed by the Host header's name and the
 * path, and every request is recorded so hostile tests can assert that nothing was dialled.
 */
final class FixtureServer {
    static final KeyPair INSTANCE_KEYS = generate();
    static final Signer INSTANCE_ACTOR = new Signer("https://aid.example/actor#main-key", INSTANCE_KEYS.getPrivate());
    static final String ACTIVITY_JSON = "application/activity+json";

    record Seen(String host, String path, String signature, String hostHeader, String accept, Map<String, List<String>> headers) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Handler<HttpServerRequest>> routes = new ConcurrentHashMap<>();
    private HttpServer server;
    int port;

    Future<FixtureServer> start(Vertx vertx) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        server.requestHandler(req -> {
            String host = req.authority() == null ? "" : req.authority().host();
            Map<String, List<String>> headers = new java.util.HashMap<>();
            req.headers().names().forEach(n -> headers.put(n, req.headers().getAll(n)));
            seen.add(new Seen(host, req.uri(), req.getHeader("Signature"), req.getHeader("Host"), req.getHeader("Accept"), headers));
            Handler<HttpServerRequest> h = routes.get(host + " " + req.path());
            if (h == null) {
                req.response().setStatusCode(404).end();
            } else {
                h.handle(req);
            }
        });
        return server.listen().map(s -> {
            port = s.actualPort();
            return this;
        });
    }

    /** http://host:port + path */
    String url(String host, String path) {
        return "http://" + host + ":" + port + path;
    }

    String authority(String host) {
        return host + ":" + port;
    }

    FixtureServer route(String host, String path, Handler<HttpServerRequest> handler) {
        routes.put(host + " " + path, handler);
        return this;
    }

    FixtureServer json(String host, String path, String contentType, JsonObject body) {
        return route(host, path, req -> req.response().putHeader("Content-Type", contentType).end(body.encode()));
    }

    FixtureServer activity(String host, String path, JsonObject body) {
        return json(host, path, ACTIVITY_JSON, body);
    }

    List<Seen> seenAt(String host) {
        return seen.stream().filter(s -> s.host().equals(host)).toList();
    }

    /** Every *.test name resolves to the fixture server's address. */
    static HostResolver resolver() {
        return host -> {
            try {
                return Future.succeededFuture(List.of(host.endsWith(".test") ? InetAddress.getByName("127.0.0.1")
                    : host.equals("internal.example") ? InetAddress.getByName("192.168.1.10") : null));
            } catch (UnknownHostException | NullPointerException e) {
                return Future.failedFuture(e);
            }
        };
    }

    /** Development settings (http, private addresses) so the loopback server can be reached. */
    RemoteFetcher devFetcher(Vertx vertx, FetchLimits limits) {
        return new RemoteFetcher(vertx, new AddressGuard(resolver(), true, true), limits, INSTANCE_ACTOR, Clock.systemUTC());
    }

    /**
     * http allowed, and only this fixture server's address counts as public: every other private or reserved address
     * is blocked as in production. For redirect tests.
     */
    RemoteFetcher fixtureOnlyFetcher(Vertx vertx, FetchLimits limits) throws UnknownHostException {
        InetAddress fixture = InetAddress.getByName("127.0.0.1");
        AddressGuard guard = new AddressGuard(resolver(), true, a -> a.equals(fixture) || !BlockedAddresses.isBlocked(a));
        return new RemoteFetcher(vertx, guard, limits, INSTANCE_ACTOR, Clock.systemUTC());
    }

    /** Production settings: https only, public addresses only. */
    static RemoteFetcher productionFetcher(Vertx vertx) {
        return new RemoteFetcher(vertx, new AddressGuard(resolver(), false, false), FetchLimits.defaults(), INSTANCE_ACTOR,
            Clock.systemUTC());
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** A peer fixture with its original origin replaced by ours, e.g. https://activitypub.academy -> http://masto.test:port. */
    JsonObject peer(String resource, String originalOrigin, String host) {
        String text = resource(resource).replace(originalOrigin, "http://" + authority(host));
        return new JsonObject(text);
    }

    static String resource(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) {
        try (InputStream in = FixtureServer.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
