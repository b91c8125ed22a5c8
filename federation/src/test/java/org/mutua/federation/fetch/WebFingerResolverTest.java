package org.mutua.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebFingerResolverTest {
    Vertx vertx;
    FixtureServer server;
    RemoteFetcher fetcher;
    WebFingerResolver resolver;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = Await.result(new FixtureServer().start(vertx));
        fetcher = server.devFetcher(vertx, FetchLimits.defaults());
        resolver = new WebFingerResolver(fetcher, "http");
    }

    @AfterEach
    void stop() {
        fetcher.close();
        Await.result(server.close());
        Await.result(vertx.close());
    }

    /** Serves a JRD at host for exactly one resource; any other resource is 404 (as Mastodon answers). */
    void webfinger(String host, String resource, String subject, String self, String contentType) {
        server.route(host, "/.well-known/webfinger", req -> {
            JsonObject jrd = new JsonObject().put("subject", subject).put("links", new JsonArray()
                .add(new JsonObject().put("rel", "http://webfinger.net/rel/profile-page").put("type", "text/html").put("href", self))
                .add(new JsonObject().put("rel", "self").put("type", "application/activity+json").put("href", self)));
            if (!resource.equals(req.getParam("resource"))) {
                req.response().setStatusCode(404).end();
            } else {
                req.response().putHeader("Content-Type", contentType).end(jrd.encode());
            }
        });
    }

    void webfinger(String host, String resource, String subject, String self) {
        webfinger(host, resource, subject, self, "application/jrd+json; charset=utf-8");
    }

    void hollo(String host) {
        server.activity(host, "/@alice", server.peer("peers/fedify/hollo-person.json", "https://hollo.example", host));
    }

    String acct(String user, String host) {
        return "acct:" + user + "@" + server.authority(host);
    }

    @Test
    void roundTripOnTheActorsOwnHost() {
        hollo("masto.test");
        webfinger("masto.test", acct("alice", "masto.test"), acct("alice", "masto.test"), server.url("masto.test", "/@alice"));
        ResolvedHandle r = Await.result(resolver.resolveHandle("@alice@" + server.authority("masto.test")));
        assertEquals(URI.create(server.url("masto.test", "/@alice")), r.actor().id());
        assertEquals("alice@" + server.authority("masto.test"), r.acct());
        assertEquals(2, server.seen.size(), "one WebFinger (reused for the round trip) and one actor fetch");
        assertEquals(null, server.seen.get(0).signature(), "WebFinger is unsigned");
        assertTrue(server.seen.get(1).signature() != null, "the actor fetch is signed");
    }

    @Test
    void subjectOnAnotherDomainIsAskedOnceMore() {
        // alice@example.test is served by social.test (WebFinger on the apex, actors on a subdomain).
        hollo("social.test");
        String self = server.url("social.test", "/@alice");
        webfinger("example.test", acct("alice", "example.test"), acct("alice", "example.test"), self);
        webfinger("social.test", acct("alice", "social.test"), acct("alice", "example.test"), self);
        ResolvedHandle r = Await.result(resolver.resolveHandle("alice@" + server.authority("example.test")));
        assertEquals(URI.create(self), r.actor().id());
        assertEquals("alice@" + server.authority("example.test"), r.acct());
        assertEquals(2, server.seenAt("example.test").size());
        assertEquals(2, server.seenAt("social.test").size());
    }

    @Test
    void anotherDomainCannotClaimSomeoneElsesActor() {
        hollo("masto.test");
        String victim = server.url("masto.test", "/@alice");
        webfinger("evil.test", acct("alice", "evil.test"), acct("alice", "evil.test"), victim);
        webfinger("masto.test", acct("alice", "masto.test"), acct("alice", "masto.test"), victim);
        ResolvedHandle r = Await.result(resolver.resolveHandle("alice@" + server.authority("evil.test")));
        assertEquals("alice@" + server.authority("masto.test"), r.acct(), "the confirmed handle is the actor's own");
    }

    @Test
    void actorWhoseHostDoesNotLeadBackIsRefused() {
        hollo("masto.test");
        webfinger("evil.test", acct("alice", "evil.test"), acct("alice", "evil.test"), server.url("masto.test", "/@alice"));
        webfinger("masto.test", acct("alice", "masto.test"), acct("alice", "masto.test"), server.url("masto.test", "/@bob"));
        assertEquals("webfinger-no-round-trip", Await.reason(resolver.resolve("alice@" + server.authority("evil.test"))));
    }

    @Test
    void subjectOnAThirdDomainThatDoesNotConfirmIsRefused() {
        hollo("social.test");
        String self = server.url("social.test", "/@alice");
        webfinger("social.test", acct("alice", "social.test"), acct("alice", "third.test"), self);
        webfinger("third.test", acct("alice", "third.test"), acct("alice", "third.test"), server.url("third.test", "/@alice"));
        assertEquals("webfinger-no-round-trip", Await.reason(resolver.resolve("alice@" + server.authority("social.test"))));
    }

    @Test
    void webFingerWithAWrongContentTypeIsRefused() {
        webfinger("masto.test", acct("alice", "masto.test"), acct("alice", "masto.test"), server.url("masto.test", "/@alice"), "text/html");
        assertEquals("bad-content-type", Await.reason(resolver.resolve("alice@" + server.authority("masto.test"))));
    }

    @Test
    void selfLinkWithAForbiddenSchemeIsRefused() {
        webfinger("masto.test", acct("alice", "masto.test"), acct("alice", "masto.test"), "file:///etc/passwd");
        assertEquals("webfinger-bad-self", Await.reason(resolver.resolve("alice@" + server.authority("masto.test"))));
    }

    @Test
    void webFingerHostOnLoopbackIsNeverDialled() {
        WebFingerResolver production = new WebFingerResolver(FixtureServer.productionFetcher(vertx));
        assertEquals("blocked-address", Await.reason(production.resolve("alice@127.0.0.1:" + server.port)));
        assertEquals("blocked-address", Await.reason(production.resolve("alice@masto.test")));
        assertTrue(server.seen.isEmpty());
    }

    @Test
    void malformedHandlesAreRefusedWithoutDialling() {
        for (String h : new String[] {"alice", "@masto.test", "alice@", "al/ice@masto.test", "alice@masto.test/path",
            "alice@user@masto.test:" + server.port}) {
            assertEquals("bad-handle", Await.reason(resolver.resolve(h)), h);
        }
        assertTrue(server.seen.isEmpty());
    }
}
