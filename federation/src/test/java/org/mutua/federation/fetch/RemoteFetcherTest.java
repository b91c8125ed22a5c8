package org.mutua.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mutua.federation.signatures.VerificationResult;
import java.time.Clock;
import java.util.Optional;
import org.mutua.federation.signatures.HttpSignatures;
import org.mutua.federation.signatures.SignableRequest;

class RemoteFetcherTest {
    static final String MASTO_ORIGIN = "https://activitypub.academy";
    static final String MASTO_ACTOR = "peers/mastodon/activitypub.academy-users-brauca_darradiul.json";

    Vertx vertx;
    FixtureServer server;
    RemoteFetcher fetcher;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = Await.result(new FixtureServer().start(vertx));
        fetcher = server.devFetcher(vertx, FetchLimits.defaults());
    }

    @AfterEach
    void stop() {
        fetcher.close();
        Await.result(server.close());
        Await.result(vertx.close());
    }

    URI url(String host, String path) {
        return URI.create(server.url(host, path));
    }

    JsonObject mastodonActor() {
        return server.peer(MASTO_ACTOR, MASTO_ORIGIN, "masto.test");
    }

    @Test
    void fetchesAnActorServedAsActivityJson() {
        server.activity("masto.test", "/users/brauca_darradiul", mastodonActor());
        FetchedDocument doc = Await.result(fetcher.fetch(url("masto.test", "/users/brauca_darradiul")));
        assertEquals(url("masto.test", "/users/brauca_darradiul"), doc.finalUrl());
        assertEquals("brauca_darradiul", doc.json().getString("preferredUsername"));
    }

    @Test
    void fetchesAnActorServedAsLdJsonWithTheActivityStreamsProfile() {
        server.json("masto.test", "/users/brauca_darradiul",
            "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"", mastodonActor());
        assertEquals("Person", Await.result(fetcher.fetch(url("masto.test", "/users/brauca_darradiul"))).json().getString("type"));
    }

    @Test
    void signsTheGetAsTheInstanceActorWithTheHostItDials() {
        server.activity("masto.test", "/users/brauca_darradiul", mastodonActor());
        Await.result(fetcher.fetch(url("masto.test", "/users/brauca_darradiul")));
        FixtureServer.Seen seen = server.seen.get(0);
        assertEquals(server.authority("masto.test"), seen.hostHeader());
        assertEquals(FetchMediaTypes.ACCEPT_ACTIVITY, seen.accept());
        assertNotNull(seen.signature());
        assertTrue(seen.signature().contains("keyId=\"https://aid.example/actor#main-key\""));
        assertTrue(seen.signature().contains("headers=\"(request-target) host date\""));
    }

    @Test
    void unsignedOptionSendsNoSignature() {
        server.activity("masto.test", "/users/brauca_darradiul", mastodonActor());
        Await.result(fetcher.fetch(url("masto.test", "/users/brauca_darradiul"), FetchOptions.unsigned()));
        assertEquals(null, server.seen.get(0).signature());
    }

    @Test
    void fetchesAGzippedDocument() throws IOException {
        byte[] gz = gzip(mastodonActor().encode().getBytes());
        server.route("masto.test", "/users/brauca_darradiul", req -> req.response().putHeader("Content-Type", "application/activity+json")
            .putHeader("Content-Encoding", "gzip").end(Buffer.buffer(gz)));
        assertEquals("brauca_darradiul", Await.result(fetcher.fetch(url("masto.test", "/users/brauca_darradiul"))).json().getString("preferredUsername"));
    }

    @Test
    void followsARedirectAndReportsTheFinalUrl() {
        server.activity("masto.test", "/users/brauca_darradiul", mastodonActor());
        server.route("masto.test", "/@brauca_darradiul", req -> req.response().setStatusCode(301)
            .putHeader("Location", "/users/brauca_darradiul").end());
        FetchedDocument doc = Await.result(fetcher.fetch(url("masto.test", "/@brauca_darradiul")));
        assertEquals(url("masto.test", "/users/brauca_darradiul"), doc.finalUrl());
    }

    // --- hostile: production guard (https only, public addresses only); nothing may reach the server ---

    @Test
    void loopbackLiteralIsNeverDialled() {
        RemoteFetcher production = FixtureServer.productionFetcher(vertx);
        assertEquals("blocked-address", Await.reason(production.fetch(URI.create("https://127.0.0.1:" + server.port + "/actor"))));
        assertTrue(server.seen.isEmpty());
    }

    @Test
    void privateTenNetIsNeverDialled() {
        assertEquals("blocked-address", Await.reason(FixtureServer.productionFetcher(vertx).fetch(URI.create("https://10.0.0.1/actor"))));
    }

    @Test
    void ipv6LoopbackIsNeverDialled() {
        RemoteFetcher production = FixtureServer.productionFetcher(vertx);
        assertEquals("blocked-address", Await.reason(production.fetch(URI.create("https://[::1]:" + server.port + "/actor"))));
        assertEquals("blocked-address", Await.reason(production.fetch(URI.create("https://[::ffff:127.0.0.1]:" + server.port + "/actor"))));
        assertTrue(server.seen.isEmpty());
    }

    @Test
    void cloudMetadataAddressIsNeverDialled() {
        assertEquals("blocked-address", Await.reason(FixtureServer.productionFetcher(vertx)
            .fetch(URI.create("https://169.254.169.254/latest/meta-data/"))));
    }

    @Test
    void nameResolvingToLoopbackIsNeverDialled() {
        RemoteFetcher production = FixtureServer.productionFetcher(vertx);
        assertEquals("blocked-address", Await.reason(production.fetch(URI.create("https://masto.test:" + server.port + "/actor"))));
        assertEquals("blocked-address", Await.reason(production.fetch(URI.create("https://internal.example/actor"))));
        assertTrue(server.seen.isEmpty());
    }

    @Test
    void plainHttpIsNeverDialledInProduction() {
        assertEquals("bad-scheme", Await.reason(FixtureServer.productionFetcher(vertx).fetch(url("masto.test", "/actor"))));
        assertTrue(server.seen.isEmpty());
    }

    @Test
    void userinfoHostTrickIsNeverDialled() {
        server.activity("masto.test", "/actor", mastodonActor());
        assertEquals("userinfo", Await.reason(fetcher.fetch(URI.create("http://aid.example@masto.test:" + server.port + "/actor"))));
        assertTrue(server.seen.isEmpty());
    }

    @Test
    void otherSchemesAreNeverDialled() {
        for (String u : List.of("file:///etc/passwd", "gopher://masto.test/", "data:application/json,%7B%7D")) {
            assertEquals(u.startsWith("data") ? "bad-url" : "bad-scheme", Await.reason(fetcher.fetch(URI.create(u))), u);
        }
        assertTrue(server.seen.isEmpty());
    }

    // --- hostile: servers that misbehave (dev guard so the loopback server is reachable) ---

    @Test
    void slowDripServerIsAbortedAtTheDeadline() {
        RemoteFetcher short1s = server.devFetcher(vertx, FetchLimits.defaults().withTotalTimeout(Duration.ofSeconds(1)));
        server.route("drip.test", "/actor", req -> {
            req.response().setChunked(true).putHeader("Content-Type", "application/activity+json").write("{");
            vertx.setPeriodic(100, id -> {
                if (req.response().closed()) {
                    vertx.cancelTimer(id);
                } else {
                    req.response().write(" ");
                }
            });
        });
        long start = System.nanoTime();
        assertEquals("timeout", Await.reason(short1s.fetch(url("drip.test", "/actor"))));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 900 && millis < 3000, "aborted after " + millis + " ms");
        assertEquals(Duration.ofSeconds(30), FetchLimits.defaults().totalTimeout());
    }

    @Test
    void twoMegabyteBodyIsTooLarge() {
        byte[] big = new byte[2 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        server.route("big.test", "/declared", req -> req.response().putHeader("Content-Type", "application/activity+json").end(Buffer.buffer(big)));
        server.route("big.test", "/chunked", req -> {
            req.response().setChunked(true).putHeader("Content-Type", "application/activity+json");
            for (int i = 0; i < 32; i++) {
                req.response().write(Buffer.buffer(Arrays.copyOf(big, 64 * 1024)));
            }
            req.response().end();
        });
        assertEquals("too-large", Await.reason(fetcher.fetch(url("big.test", "/declared"))));
        assertEquals("too-large", Await.reason(fetcher.fetch(url("big.test", "/chunked"))));
    }

    @Test
    void bodyUntilCloseWithoutAnyLengthIsCounted() {
        int port = rawServer("HTTP/1.1 200 OK\r\nContent-Type: application/activity+json\r\nConnection: close\r\n\r\n", 2 * 1024 * 1024);
        assertEquals("too-large", Await.reason(fetcher.fetch(URI.create("http://raw.test:" + port + "/actor"))));
    }

    @Test
    void lyingShortContentLengthNeverYieldsADocument() {
        int port = rawServer("HTTP/1.1 200 OK\r\nContent-Type: application/activity+json\r\nContent-Length: 10\r\n\r\n", 2 * 1024 * 1024);
        assertEquals("bad-json", Await.reason(fetcher.fetch(URI.create("http://raw.test:" + port + "/actor"))));
    }

    @Test
    void lyingLongContentLengthIsRefusedBeforeReading() {
        int port = rawServer("HTTP/1.1 200 OK\r\nContent-Type: application/activity+json\r\nContent-Length: 5000000\r\n\r\n", 10);
        assertEquals("too-large", Await.reason(fetcher.fetch(URI.create("http://raw.test:" + port + "/actor"))));
    }

    /** A raw TCP peer writing the given head, then {@code bodyBytes} spaces, then closing: HTTP framing as a liar would. */
    int rawServer(String head, int bodyBytes) {
        io.vertx.core.net.NetServer net = vertx.createNetServer().connectHandler(socket -> socket.handler(request -> {
            socket.write(head);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < bodyBytes; sent += chunk.length) {
                socket.write(Buffer.buffer(Arrays.copyOf(chunk, Math.min(chunk.length, bodyBytes - sent))));
            }
            socket.end();
        }));
        return Await.result(net.listen(0, "127.0.0.1")).actualPort();
    }

    @Test
    void gzipBombIsStoppedAfterDecompression() throws IOException {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        assertTrue(bomb.length < 100 * 1024, "the bomb itself is small: " + bomb.length);
        server.route("bomb.test", "/actor", req -> req.response().putHeader("Content-Type", "application/activity+json")
            .putHeader("Content-Encoding", "gzip").end(Buffer.buffer(bomb)));
        assertEquals("too-large", Await.reason(fetcher.fetch(url("bomb.test", "/actor"))));
    }

    @Test
    void wrongContentTypeIsDropped() {
        for (String type : List.of("text/html", "application/json", "application/ld+json",
            "application/ld+json; profile=\"https://evil.example/ns\"")) {
            server.json("masto.test", "/users/brauca_darradiul", type, mastodonActor());
            assertEquals("bad-content-type", Await.reason(fetcher.fetch(url("masto.test", "/users/brauca_darradiul"))), type);
        }
        server.route("masto.test", "/none", req -> req.response().end(mastodonActor().encode()));
        assertEquals("bad-content-type", Await.reason(fetcher.fetch(url("masto.test", "/none"))));
    }

    /**
     * A server that refuses draft-cavage with a small 401 (a Fedify peer run with --rfc9421-only) gets the second
     * knock every time: the refused response is read and dropped, not reset, so the second knock is never handed the
     * closing connection and lost as "network" (it was, 2 runs in 8 of SignatureSchemesInteropTest).
     */
    @Test
    void everySecondKnockAfterASmall401ReachesTheServer() {
        JsonObject actor = mastodonActor();
        server.route("masto.test", "/users/brauca_darradiul", req -> {
            if (req.getHeader("Signature-Input") != null) {
                req.response().putHeader("Content-Type", "application/activity+json").end(actor.encode());
            } else {
                req.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"this peer accepts only RFC 9421 HTTP Message Signatures\"}");
            }
        });
        int failed = 0;
        java.util.List<String> reasons = new java.util.ArrayList<>();
        // Two at once, as the inbox verifies two signed GETs from one peer side by side.
        for (int i = 0; i < 30; i++) {
            Future<FetchedDocument> one = fetcher.fetch(url("masto.test", "/users/brauca_darradiul"));
            Future<FetchedDocument> two = fetcher.fetch(url("masto.test", "/users/brauca_darradiul"));
            for (Future<FetchedDocument> f : java.util.List.of(one, two)) {
                try {
                    Await.result(f);
                } catch (AssertionError e) {
                    failed++;
                    reasons.add(e.getCause() instanceof FetchException x ? x.reason() : String.valueOf(e.getCause()));
                }
            }
        }
        assertEquals(0, failed, "fetches lost after the first knock: " + reasons);
        assertEquals(120, server.seen.size(), "each fetch knocked twice");
    }

    @Test
    void notFoundIsHttp404WithoutTheBody() {
        server.route("masto.test", "/gone", req -> req.response().setStatusCode(404).end("secret page text"));
        FetchException e = assertThrowsFetch(fetcher.fetch(url("masto.test", "/gone")));
        assertEquals("http-404", e.reason());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void idMismatchIsRefetchedByIdOnceThenDropped() {
        JsonObject claimsB = new JsonObject().put("id", server.url("masto.test", "/b")).put("type", "Note");
        JsonObject claimsC = new JsonObject().put("id", server.url("masto.test", "/c")).put("type", "Note");
        server.activity("masto.test", "/a", claimsB).activity("masto.test", "/b", claimsC);
        assertEquals("id-mismatch", Await.reason(fetcher.fetch(url("masto.test", "/a"))));
        assertEquals(List.of("/a", "/b"), server.seen.stream().map(FixtureServer.Seen::path).toList());
    }

    @Test
    void idMismatchIsResolvedByTheCopyAtTheId() {
        JsonObject b = new JsonObject().put("id", server.url("masto.test", "/b")).put("type", "Note");
        server.activity("masto.test", "/a", b).activity("masto.test", "/b", b);
        assertEquals(url("masto.test", "/b"), Await.result(fetcher.fetch(url("masto.test", "/a"))).finalUrl());
    }

    @Test
    void idOnAnotherHostIsDroppedWithoutFetchingIt() {
        server.activity("evil.test", "/a", new JsonObject().put("id", server.url("masto.test", "/users/brauca_darradiul")));
        assertEquals("id-mismatch", Await.reason(fetcher.fetch(url("evil.test", "/a"))));
        assertTrue(server.seenAt("masto.test").isEmpty());
    }

    /** §6 row 12: the redirect named where the actor lives; a document there claiming a third id is not followed. */
    @Test
    void redirectedActorFetchServingAThirdActorsIdIsRefused() {
        JsonObject carol = new JsonObject().put("id", server.url("masto.test", "/users/carol")).put("type", "Person");
        server.route("masto.test", "/users/alice", req -> req.response().setStatusCode(302).putHeader("Location", "/users/bob").end())
            .activity("masto.test", "/users/bob", carol).activity("masto.test", "/users/carol", carol);
        assertEquals("id-mismatch", Await.reason(fetcher.fetch(url("masto.test", "/users/alice"))));
        assertEquals(List.of("/users/alice", "/users/bob"), server.seen.stream().map(FixtureServer.Seen::path).toList(),
            "the third id is never fetched");
    }

    /** §6 rows 12 and 14: a redirect to another server hands over that server's document, whatever its id says. */
    @Test
    void actorFetchRedirectedToAnotherHostIsRefused() {
        JsonObject mallory = new JsonObject().put("id", server.url("evil.test", "/users/mallory")).put("type", "Person");
        server.route("masto.test", "/users/alice", req -> req.response().setStatusCode(301)
                .putHeader("Location", server.url("evil.test", "/users/mallory")).end())
            .activity("evil.test", "/users/mallory", mallory);
        assertEquals("id-mismatch", Await.reason(fetcher.fetch(url("masto.test", "/users/alice"))));
    }

    /**
     * §6 rows 9 and 12, as the key resolver sees it: the keyId's actor URL redirects to a document of another actor
     * that lists the requested key id as its own. Before, the third id was fetched and the key bound to that actor;
     * now nothing resolves and nothing is cached.
     */
    @Test
    void redirectedKeyFetchNamingAnotherActorCachesNoKey() {
        String keyId = server.url("masto.test", "/users/alice#main-key");
        JsonObject carol = mastodonActor().put("id", server.url("masto.test", "/users/carol"));
        carol.getJsonObject("publicKey").put("id", keyId).put("owner", server.url("masto.test", "/users/carol"));
        server.route("masto.test", "/users/alice", req -> req.response().setStatusCode(302).putHeader("Location", "/users/bob").end())
            .activity("masto.test", "/users/bob", carol).activity("masto.test", "/users/carol", carol);
        KeyResolver keys = new KeyResolver(fetcher, Clock.systemUTC());
        assertEquals("id-mismatch", Await.reason(keys.publicKey(keyId)));
        assertTrue(keys.cached(keyId).isEmpty());
        assertTrue(server.seen.stream().noneMatch(s -> s.path().equals("/users/carol")));
    }

    @Test
    void idWithAForbiddenSchemeIsDropped() {
        server.activity("masto.test", "/a", new JsonObject().put("id", "file:///etc/passwd"));
        assertEquals("bad-scheme", Await.reason(fetcher.fetch(url("masto.test", "/a"))));
        server.activity("masto.test", "/n", new JsonObject().put("type", "Note"));
        assertEquals("missing-id", Await.reason(fetcher.fetch(url("masto.test", "/n"))));
    }

    @Test
    void redirectToAPrivateAddressIsRefused() throws Exception {
        RemoteFetcher guarded = server.fixtureOnlyFetcher(vertx, FetchLimits.defaults());
        for (String target : List.of("http://10.0.0.1/actor", "http://169.254.169.254/latest/meta-data/",
            "http://internal.example/actor", "http://[::1]/actor", "file:///etc/passwd")) {
            server.route("masto.test", "/r", req -> req.response().setStatusCode(302).putHeader("Location", target).end());
            String expected = target.startsWith("file") ? "bad-scheme" : "blocked-address";
            assertEquals(expected, Await.reason(guarded.fetch(url("masto.test", "/r"))), target);
        }
        assertTrue(server.seen.stream().allMatch(s -> s.path().equals("/r")));
    }

    @Test
    void moreThanThreeRedirectsAreRefused() {
        for (int i = 0; i < 5; i++) {
            String next = "/r" + (i + 1);
            server.route("masto.test", "/r" + i, req -> req.response().setStatusCode(307).putHeader("Location", next).end());
        }
        assertEquals("too-many-redirects", Await.reason(fetcher.fetch(url("masto.test", "/r0"))));
        assertEquals(4, server.seen.size());
    }

    @Test
    void subdomainFarmIsStoppedByTheDomainBudget() {
        RemoteFetcher budgeted = server.devFetcher(vertx, FetchLimits.defaults().withFetchesPerDomainPerMinute(3));
        for (String host : List.of("a.farm.test", "b.farm.test", "c.farm.test", "d.farm.test", "e.farm.test")) {
            server.activity(host, "/actor", new JsonObject().put("id", server.url(host, "/actor")));
        }
        Await.result(budgeted.fetch(url("a.farm.test", "/actor")));
        Await.result(budgeted.fetch(url("b.farm.test", "/actor")));
        Await.result(budgeted.fetch(url("c.farm.test", "/actor")));
        assertEquals("over-budget", Await.reason(budgeted.fetch(url("d.farm.test", "/actor"))));
        assertEquals("over-budget", Await.reason(budgeted.fetch(url("e.farm.test", "/actor"))));
        assertEquals(3, server.seen.size());
        server.activity("other.test", "/actor", new JsonObject().put("id", server.url("other.test", "/actor")));
        Await.result(budgeted.fetch(url("other.test", "/actor")));
    }

    @Test
    void signatureOnTheGetVerifiesWithTheProjectsOwnVerifier() {
        server.activity("masto.test", "/users/brauca_darradiul", mastodonActor());
        Await.result(fetcher.fetch(url("masto.test", "/users/brauca_darradiul")));
        FixtureServer.Seen seen = server.seen.get(0);
        SignableRequest received = new SignableRequest("GET", url("masto.test", seen.path()), seen.headers(), null);
        VerificationResult result = new HttpSignatures(Clock.systemUTC())
            .verify(received, keyId -> Optional.of(FixtureServer.INSTANCE_KEYS.getPublic()));
        assertInstanceOf(VerificationResult.Verified.class, result, result::toString);
    }

    static FetchException assertThrowsFetch(io.vertx.core.Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return (FetchException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected failure");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
