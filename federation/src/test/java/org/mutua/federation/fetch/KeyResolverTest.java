package org.mutua.federation.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyResolverTest {
    Vertx vertx;
    FixtureServer server;
    RemoteFetcher fetcher;
    KeyResolver keys;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = Await.result(new FixtureServer().start(vertx));
        fetcher = server.devFetcher(vertx, FetchLimits.defaults());
        keys = new KeyResolver(fetcher, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        fetcher.close();
        Await.result(server.close());
        Await.result(vertx.close());
    }

    JsonObject mastodon(String host) {
        return server.peer(RemoteFetcherTest.MASTO_ACTOR, RemoteFetcherTest.MASTO_ORIGIN, host);
    }

    /** A GtS-shaped actor: key id {actor}/main-key, served as a stub at that path. */
    JsonObject gtsActor(String host, String owner) {
        JsonObject actor = mastodon(host);
        actor.getJsonObject("publicKey").put("id", server.url(host, "/users/brauca_darradiul/main-key"));
        server.activity(host, "/users/brauca_darradiul", actor);
        server.activity(host, "/users/brauca_darradiul/main-key", new JsonObject()
            .put("id", server.url(host, "/users/brauca_darradiul/main-key")).put("type", "CryptographicKey")
            .put("owner", owner).put("publicKeyPem", actor.getJsonObject("publicKey").getString("publicKeyPem")));
        return actor;
    }

    @Test
    void resolvesAMastodonKeyFromTheActor() {
        server.activity("masto.test", "/users/brauca_darradiul", mastodon("masto.test"));
        String keyId = server.url("masto.test", "/users/brauca_darradiul#main-key");
        ResolvedKey key = Await.result(keys.publicKey(keyId));
        assertEquals(keyId, key.keyId());
        assertEquals(URI.create(server.url("masto.test", "/users/brauca_darradiul")), key.ownerActorId());
        assertEquals("RSA", key.publicKey().getAlgorithm());
        assertEquals("/users/brauca_darradiul", server.seen.get(0).path(), "the fragment is not sent");
        assertTrue(server.seen.get(0).signature().contains("keyId=\"https://aid.example/actor#main-key\""));
    }

    /** Keys a store would give back, and the actors a key fetch handed it. */
    static final class RecordingActors implements KnownActors {
        final java.util.List<RemoteActor> fetched = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.Map<String, ResolvedKey> stored = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public io.vertx.core.Future<Void> fetched(RemoteActor actor) {
            fetched.add(actor);
            return io.vertx.core.Future.succeededFuture();
        }

        @Override
        public io.vertx.core.Future<java.util.Optional<ResolvedKey>> storedKey(String keyId) {
            return io.vertx.core.Future.succeededFuture(java.util.Optional.ofNullable(stored.get(keyId)));
        }
    }

    @Test
    void theKeysActorDocumentIsHandedToTheStoreSoItIsNotFetchedAgain() {
        RecordingActors actors = new RecordingActors();
        KeyResolver storing = new KeyResolver(fetcher, Clock.systemUTC(), actors);
        gtsActor("gts.test", server.url("gts.test", "/users/brauca_darradiul"));
        Await.result(storing.publicKey(server.url("gts.test", "/users/brauca_darradiul/main-key")));
        assertEquals(1, actors.fetched.size(), "the owner's document, not the key stub");
        assertEquals(URI.create(server.url("gts.test", "/users/brauca_darradiul")), actors.fetched.get(0).id());
        assertEquals(1, ListedKey.of(actors.fetched.get(0)).size(), "with the key it lists");
    }

    @Test
    void aKnownActorsStoredKeyIsUsedWithoutAFetch() {
        RecordingActors actors = new RecordingActors();
        KeyResolver storing = new KeyResolver(fetcher, Clock.systemUTC(), actors);
        server.activity("masto.test", "/users/brauca_darradiul", mastodon("masto.test"));
        String keyId = server.url("masto.test", "/users/brauca_darradiul#main-key");
        ResolvedKey fetched = Await.result(keys.publicKey(keyId));
        int seen = server.seen.size();
        actors.stored.put(keyId, fetched);
        assertSame(fetched, Await.result(storing.known(keyId)).orElseThrow());
        assertSame(fetched, Await.result(storing.publicKey(keyId)));
        assertEquals(seen, server.seen.size(), "no fetch");
        assertTrue(Await.result(storing.known(server.url("masto.test", "/users/nobody#main-key"))).isEmpty(), "unknown: empty, no fetch");
        assertEquals(seen, server.seen.size());
    }

    // A Fedify actor's RSA key and Ed25519 Multikey, and a GtS key stub resolved through its owner: PeerDocumentsTest.Actors,
    // on documents captured from Fedify 2.3.6 and GoToSocial.

    @Test
    void resolvesAStubThatIsAPartialActorById() {
        // The other GtS shape: the key URL serves a minimal actor whose id is the actor, so it is re-fetched by id.
        JsonObject actor = gtsActor("gts.test", "unused");
        server.activity("gts.test", "/users/brauca_darradiul/main-key", new JsonObject().put("id", actor.getString("id"))
            .put("type", "Person").put("preferredUsername", "brauca_darradiul").put("publicKey", actor.getJsonObject("publicKey")));
        ResolvedKey key = Await.result(keys.publicKey(server.url("gts.test", "/users/brauca_darradiul/main-key")));
        assertEquals(URI.create(actor.getString("id")), key.ownerActorId());
    }

    @Test
    void keyStubOwnedByAnotherHostIsRefusedWithoutDiallingIt() {
        gtsActor("gts.test", server.url("evil.test", "/users/brauca_darradiul"));
        server.activity("evil.test", "/users/brauca_darradiul", mastodon("evil.test"));
        assertEquals("key-owner-host", Await.reason(keys.publicKey(server.url("gts.test", "/users/brauca_darradiul/main-key"))));
        assertTrue(server.seenAt("evil.test").isEmpty());
    }

    @Test
    void ownerThatDoesNotListTheKeyIsRefused() {
        gtsActor("gts.test", server.url("gts.test", "/users/brauca_darradiul"));
        server.activity("gts.test", "/users/brauca_darradiul", mastodon("gts.test")); // lists #main-key, not /main-key
        assertEquals("key-not-listed", Await.reason(keys.publicKey(server.url("gts.test", "/users/brauca_darradiul/main-key"))));
    }

    @Test
    void actorThatDoesNotListTheKeyIdIsRefused() {
        server.activity("masto.test", "/users/brauca_darradiul", mastodon("masto.test"));
        assertEquals("key-not-listed", Await.reason(keys.publicKey(server.url("masto.test", "/users/brauca_darradiul#other-key"))));
    }

    @Test
    void keysAreCachedAndRefreshFetchesAgain() {
        server.activity("masto.test", "/users/brauca_darradiul", mastodon("masto.test"));
        String keyId = server.url("masto.test", "/users/brauca_darradiul#main-key");
        ResolvedKey first = Await.result(keys.publicKey(keyId));
        assertSame(first, Await.result(keys.publicKey(keyId)));
        assertEquals(1, server.seen.size());
        assertTrue(keys.cached(keyId).isPresent());
        assertTrue(!first.olderThan(Duration.ofMinutes(5), java.time.Instant.now()));
        ResolvedKey again = Await.result(keys.refresh(keyId));
        assertEquals(2, server.seen.size());
        assertTrue(!again.fetchedAt().isBefore(first.fetchedAt()));
        assertSame(again, keys.cached(keyId).orElseThrow());
    }

    @Test
    void keyIdOnLoopbackIsNeverDialled() {
        KeyResolver production = new KeyResolver(FixtureServer.productionFetcher(vertx), Clock.systemUTC());
        assertEquals("blocked-address", Await.reason(production.publicKey("https://127.0.0.1:" + server.port + "/actor#main-key")));
        assertEquals("blocked-address", Await.reason(production.publicKey("https://[::1]:" + server.port + "/actor#main-key")));
        assertEquals("bad-key-id", Await.reason(production.publicKey(server.url("masto.test", "/actor#main-key"))));
        assertEquals("bad-key-id", Await.reason(production.publicKey("acct:alice@masto.test")));
        assertTrue(server.seen.isEmpty());
    }

    @Test
    void failedFetchesAreNotCached() {
        String keyId = server.url("masto.test", "/users/brauca_darradiul#main-key");
        assertEquals("http-404", Await.reason(keys.publicKey(keyId)));
        assertTrue(keys.cached(keyId).isEmpty());
        server.activity("masto.test", "/users/brauca_darradiul", mastodon("masto.test"));
        Await.result(keys.publicKey(keyId));
    }
}
