package org.mutua.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding against fetches (FEDERATION.md §6 rows 8 and 14): a name that passes the address check and then
 * resolves to a blocked address. Every hop connects to the address its own check answered, never to a fresh lookup,
 * and a hop whose check sees the blocked address is refused before anything is dialled.
 */
class DnsRebindingFetchTest {
    static final String NAME = "rebind.test";

    Vertx vertx;
    RebindingDns dns;
    final List<String> atChecked = new CopyOnWriteArrayList<>();
    final List<String> atInternal = new CopyOnWriteArrayList<>();
    int port;

    @BeforeEach
    void start() {
        dns = new RebindingDns(NAME);
        vertx = Vertx.vertx(dns.connectTimeAnswer());
        HttpServer checked = vertx.createHttpServer(new HttpServerOptions().setHost(RebindingDns.CHECKED.getHostAddress()).setPort(0))
            .requestHandler(req -> {
                atChecked.add(req.path());
                if (req.path().equals("/users/alice")) {
                    req.response().setStatusCode(302).putHeader("Location", "/users/alice/profile").end();
                } else {
                    req.response().putHeader("Content-Type", FixtureServer.ACTIVITY_JSON)
                        .end(new JsonObject().put("id", "http://" + NAME + ":" + port + req.path()).put("type", "Person").encode());
                }
            });
        port = Await.result(checked.listen()).actualPort();
        // The internal service on the same port of the address the name is rebound to.
        Await.result(vertx.createHttpServer(new HttpServerOptions().setHost(RebindingDns.INTERNAL.getHostAddress()).setPort(port))
            .requestHandler(req -> {
                atInternal.add(req.path());
                req.response().putHeader("Content-Type", FixtureServer.ACTIVITY_JSON)
                    .end(new JsonObject().put("id", "http://" + NAME + ":" + port + req.path()).put("type", "Person").encode());
            }).listen());
    }

    @AfterEach
    void stop() {
        Await.result(vertx.close());
    }

    RemoteFetcher fetcher() {
        return new RemoteFetcher(vertx, dns.guard(), FetchLimits.defaults(), FixtureServer.INSTANCE_ACTOR, Clock.systemUTC());
    }

    URI url(String path) {
        return URI.create("http://" + NAME + ":" + port + path);
    }

    @Test
    void fetchGoesToTheCheckedAddressWhenTheNameIsReboundToLoopback() {
        FetchedDocument doc = Await.result(fetcher().fetch(url("/users/bob")));
        assertEquals(url("/users/bob"), doc.finalUrl());
        assertEquals(List.of("/users/bob"), atChecked);
        assertEquals(List.of(), atInternal, "nothing reached the address the name was rebound to");
        assertEquals(1, dns.lookups.get(), "one lookup: the one that was checked");
    }

    @Test
    void redirectHopWhoseNameIsReboundToLoopbackIsRefusedUndialled() {
        assertEquals("blocked-address", Await.reason(fetcher().fetch(url("/users/alice"))));
        assertEquals(List.of("/users/alice"), atChecked, "the first hop went to the checked address");
        assertEquals(List.of(), atInternal, "the second hop dialled nothing");
        assertEquals(2, dns.lookups.get(), "each hop checked once");
    }
}
