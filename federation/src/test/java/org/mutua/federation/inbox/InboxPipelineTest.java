package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.federation.keys.ActorKeys;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.Rfc9421Signer;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.federation.testing.TestDatabase;

/**
 * The inbox's synchronous checks and its job worker against a real PostgreSQL: each hostile request of FEDERATION.md
 * 6 that concerns the inbox is named after its attack and must leave no row behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxPipelineTest {
    private static final String REMOTE = "https://remote.example";
    private static final String ALICE = REMOTE + "/users/alice";
    private static final String MALLORY = "https://evil.example/users/mallory";

    private TestDatabase db;
    private Vertx vertx;
    private Pool pool;
    private HttpServer server;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private ActorKeys aliceKeys;
    private ActorKeys malloryKeys;
    private final Map<String, SignerKey> knownKeys = new ConcurrentHashMap<>();
    private final AtomicInteger keyFetches = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final Map<String, SignerKey> rotatedKeys = new ConcurrentHashMap<>();
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private final List<InboundActivity> handled = new CopyOnWriteArrayList<>();
    private InboundWorker worker;

    /** Keys as the fetcher would give them, from a table of "remote" actors; counts fetches so tests see none happen. */
    private final SignerKeys keys = new SignerKeys() {
        @Override
        public Future<Optional<SignerKey>> known(String keyId) {
            return Future.succeededFuture(Optional.ofNullable(knownKeys.get(keyId)));
        }

        @Override
        public Future<SignerKey> key(String keyId) {
            keyFetches.incrementAndGet();
            SignerKey k = knownKeys.get(keyId);
            return k == null ? Future.failedFuture("unknown key") : Future.succeededFuture(k);
        }

        @Override
        public Future<SignerKey> refresh(String keyId) {
            refreshes.incrementAndGet();
            SignerKey rotated = rotatedKeys.get(keyId);
            return rotated != null ? Future.succeededFuture(rotated) : key(keyId);
        }
    };

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.federation("inbox");
        vertx = Vertx.vertx();
        pool = db.pool(vertx, 4);
        ActorKeyGenerator gen = new ActorKeyGenerator();
        aliceKeys = gen.generate();
        malloryKeys = gen.generate();
        knownKeys.put(ALICE + "#main-key", new SignerKey(ALICE + "#main-key", ALICE, aliceKeys.rsaPublicKey(), Instant.now()));
        knownKeys.put(MALLORY + "#main-key", new SignerKey(MALLORY + "#main-key", MALLORY, malloryKeys.rsaPublicKey(), Instant.now()));

        InboundLog log = new InboundLog(pool);
        InboxHandlers handlers = new InboxHandlers().on("Create", a -> {
            handled.add(a);
            return Future.succeededFuture(InboxOutcome.APPLIED);
        });
        worker = new InboundWorker(vertx, log, handlers, new JsonLd(new BundledContexts()));
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
        // Listening first, on a port the system picks, and adding the routes after: a port found free and closed again
        // for the server to take later can be taken by another program meanwhile.
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        base = "http://127.0.0.1:" + server.actualPort();
        InboxRoute inbox = new InboxRoute(new RequestAuthenticator(base, true, keys, host -> blocked.contains(host), Clock.systemUTC()), true,
            host -> blocked.contains(host), new DomainRateLimit(50, Clock.systemUTC()), log, worker::arrived);
        router.post("/inbox").handler(inbox);
        router.post("/full/inbox").handler(new InboxRoute(new RequestAuthenticator(base, true, keys, host -> false, Clock.systemUTC()), true,
            host -> false, new DomainRateLimit(50, Clock.systemUTC()), log, () -> { }, -1));
        // The limit counts in fixed wall-clock minutes: on the system clock a flood that straddled a minute's end
        // (seen at 23:28:00) began a new window and its third activity was let in. A clock standing still keeps one.
        Clock oneMinute = Clock.fixed(Instant.parse("2026-11-24T10:00:10Z"), ZoneOffset.UTC);
        router.post("/limited/inbox").handler(new InboxRoute(new RequestAuthenticator(base, true, keys, host -> false, Clock.systemUTC()), true,
            host -> false, new DomainRateLimit(2, oneMinute), log, worker::arrived));
        router.post("/forged/inbox").handler(new InboxRoute(new RequestAuthenticator(base, true, keys, host -> false, Clock.systemUTC()), true,
            host -> false, new DomainRateLimit(5, oneMinute), log, worker::arrived));
        router.post("/u/:name/inbox").handler(inbox);
        router.post("/burst/inbox").handler(new InboxRoute(new RequestAuthenticator(base, true, keys, host -> false, Clock.systemUTC()), true,
            host -> false, new DomainRateLimit(10_000, Clock.systemUTC()), log, worker::arrived));
        worker.start();
    }

    @AfterAll
    void stop() throws Exception {
        worker.stop();
        server.close().toCompletionStage().toCompletableFuture().get();
        pool.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void reset() {
        blocked.clear();
        keyFetches.set(0);
    }

    private static int seq = 0;

    private static synchronized String nextId(String actor) {
        return actor.substring(0, actor.indexOf("/users/")) + "/activities/" + (++seq);
    }

    private JsonObject create(String actor, String noteHost) {
        String id = nextId(actor);
        return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", id).put("type", "Create").put("actor", actor)
            .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
            .put("object", new JsonObject().put("id", noteHost + "/notes/" + seq).put("type", "Note").put("attributedTo", actor)
                .put("content", "<p>I can lend a ladder</p>").put("inReplyTo", base + "/o/1"));
    }

    private HttpResponse<String> post(SignableRequest signed) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(signed.target()).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
            signed.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SignableRequest request(String path, JsonObject activity) {
        return SignableRequest.of("POST", URI.create(base + path), activity.encode().getBytes(StandardCharsets.UTF_8))
            .withHeader("Content-Type", "application/activity+json");
    }

    private HttpResponse<String> signedByAlice(JsonObject activity) {
        return post(new CavageSigner(Clock.systemUTC()).signPost(request("/inbox", activity), ALICE + "#main-key", aliceKeys.rsaPrivateKey()));
    }

    private long rows(String table) {
        try (var c = db.jdbc(); var s = c.createStatement(); var r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long rowsWhere(String table, String condition) {
        try (var c = db.jdbc(); var s = c.createStatement();
             var r = s.executeQuery("select count(*) from " + table + " where " + condition)) {
            r.next();
            return r.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitHandled(String activityId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handled.stream().noneMatch(a -> a.id().equals(activityId))) {
            assertTrue(System.nanoTime() < deadline, "not processed: " + activityId);
            Thread.sleep(20);
        }
    }

    @Test
    void signedReplyIsAcceptedProcessedOnceAndADuplicateChangesNothing() throws Exception {
        JsonObject activity = create(ALICE, REMOTE);
        assertEquals(202, signedByAlice(activity).statusCode());
        awaitHandled(activity.getString("id"));
        long jobs = rows("federation_inbound_job");
        assertEquals(202, signedByAlice(activity).statusCode(), "the same id again (a retry, or shared + personal inbox)");
        Thread.sleep(300);
        assertEquals(jobs, rows("federation_inbound_job"));
        assertEquals(1, handled.stream().filter(a -> a.id().equals(activity.getString("id"))).count());
    }

    @Test
    void theWorkerHandsListenersMutuasTermsUnderAnyPrefixAndSkipsThemForAPlainReply() throws Exception {
        JsonObject plain = create(ALICE, REMOTE);
        JsonObject mutua = create(ALICE, REMOTE);
        mutua.put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams").add(new JsonObject().put("mutua", "https://w3id.org/mutua/ns#")));
        mutua.getJsonObject("object").put("mutua:kind", "offer");
        assertEquals(202, signedByAlice(plain).statusCode());
        assertEquals(202, signedByAlice(mutua).statusCode());
        awaitHandled(plain.getString("id"));
        awaitHandled(mutua.getString("id"));
        InboundActivity reply = handled.stream().filter(a -> a.id().equals(plain.getString("id"))).findFirst().orElseThrow();
        InboundActivity offer = handled.stream().filter(a -> a.id().equals(mutua.getString("id"))).findFirst().orElseThrow();
        assertEquals(null, reply.mutua(), "a body that cannot carry Mutua's terms is not expanded");
        assertEquals("offer", offer.kind());
        assertEquals("offer", offer.mutuaObject().getString("ma:kind"));
        assertEquals("offer", offer.embeddedObject().getString("mutua:kind"), "the JSON as received is left as it was");
    }

    @Test
    void aBurstIsQueuedOnceEachInArrivalOrderAndOneIdSentEightTimesAtOnceOnce() throws Exception {
        List<JsonObject> distinct = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
            distinct.add(create(ALICE, REMOTE));
        }
        JsonObject repeated = create(ALICE, REMOTE);
        List<java.util.concurrent.Callable<Integer>> posts = new java.util.ArrayList<>();
        java.util.function.Function<JsonObject, Integer> toBurstInbox = a -> post(new CavageSigner(Clock.systemUTC())
            .signPost(request("/burst/inbox", a), ALICE + "#main-key", aliceKeys.rsaPrivateKey())).statusCode();
        distinct.forEach(a -> posts.add(() -> toBurstInbox.apply(a)));
        for (int i = 0; i < 8; i++) {
            posts.add(() -> toBurstInbox.apply(repeated));
        }
        java.util.Collections.shuffle(posts, new java.util.Random(7));
        var threads = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            for (var answer : threads.invokeAll(posts)) {
                assertEquals(202, answer.get());
            }
        } finally {
            threads.shutdown();
        }
        for (JsonObject a : distinct) {
            awaitHandled(a.getString("id"));
        }
        awaitHandled(repeated.getString("id"));
        Thread.sleep(300);
        assertEquals(1, handled.stream().filter(a -> a.id().equals(repeated.getString("id"))).count(), "queued and handled once");
        for (JsonObject a : distinct) {
            assertEquals(1, handled.stream().filter(h -> h.id().equals(a.getString("id"))).count());
        }
        try (var c = db.jdbc(); var st = c.createStatement();
             var r = st.executeQuery("select count(*), count(distinct activity_id) from federation_inbound_job")) {
            r.next();
            assertEquals(r.getLong(2), r.getLong(1), "one job per activity id");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rowsWhere("federation_inbound_job", "state <> 'done' or outcome is null or finished_at is null") > 0) {
            assertTrue(System.nanoTime() < deadline, "every job marked done with its outcome");
            Thread.sleep(20);
        }
    }

    @Test
    void rfc9421SignedActivityToAPersonalInboxIsAccepted() throws Exception {
        JsonObject activity = create(ALICE, REMOTE);
        SignableRequest signed = new Rfc9421Signer(Clock.systemUTC()).signPost(request("/u/bea/inbox", activity), ALICE + "#main-key", aliceKeys.rsaPrivateKey());
        assertEquals(202, post(signed).statusCode());
        awaitHandled(activity.getString("id"));
        assertEquals("/u/bea/inbox", handled.stream().filter(a -> a.id().equals(activity.getString("id"))).findFirst().orElseThrow().inbox());
    }

    @Test
    void unknownActivityTypesAreAcceptedAndIgnored() {
        JsonObject react = new JsonObject().put("id", nextId(ALICE)).put("type", "EmojiReact").put("actor", ALICE).put("object", base + "/o/1").put("content", "🔥");
        assertEquals(202, signedByAlice(react).statusCode());
    }

    // FEDERATION.md 6 row 1
    @Test
    void unsignedPostIsRefusedAndStoresNothing() {
        long before = rows("inbound_activity");
        JsonObject activity = create(ALICE, REMOTE);
        HttpResponse<String> r = post(request("/inbox", activity));
        assertEquals(401, r.statusCode());
        assertEquals(before, rows("inbound_activity"));
    }

    // row 3
    @Test
    void bodySwappedAfterSigningIsRefused() {
        long before = rows("inbound_activity");
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signPost(request("/inbox", create(ALICE, REMOTE)), ALICE + "#main-key", aliceKeys.rsaPrivateKey());
        SignableRequest swapped = new SignableRequest(signed.method(), signed.target(), signed.headers(), create(ALICE, REMOTE).encode().getBytes(StandardCharsets.UTF_8));
        assertEquals(401, post(swapped).statusCode());
        assertEquals(before, rows("inbound_activity"));
    }

    // row 5
    @Test
    void signatureDatedTwoHoursAheadIsRefused() {
        Clock future = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        SignableRequest signed = new CavageSigner(future).signPost(request("/inbox", create(ALICE, REMOTE)), ALICE + "#main-key", aliceKeys.rsaPrivateKey());
        assertEquals(401, post(signed).statusCode());
    }

    // row 9
    @Test
    void activitySignedBySomeoneElseThanItsActorIsForbiddenAndStoresNothing() {
        long before = rows("inbound_activity");
        JsonObject forged = create(ALICE, REMOTE);
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signPost(request("/inbox", forged), MALLORY + "#main-key", malloryKeys.rsaPrivateKey());
        assertEquals(403, post(signed).statusCode());
        assertEquals(before, rows("inbound_activity"));
    }

    // row 10
    @Test
    void createOfAnObjectOnAnotherHostIsRefused() {
        assertEquals(400, signedByAlice(create(ALICE, "https://other.example")).statusCode());
    }

    // row 11
    @Test
    void objectAttributedToSomeoneElseIsRefused() {
        JsonObject a = create(ALICE, REMOTE);
        a.getJsonObject("object").put("attributedTo", REMOTE + "/users/bob");
        assertEquals(400, signedByAlice(a).statusCode());
        JsonObject bare = create(ALICE, REMOTE);
        bare.getJsonObject("object").put("attributedTo", "1");
        assertEquals(400, signedByAlice(bare).statusCode(), "a bare local id never maps to a local actor");
    }

    // row 29
    @Test
    void blockedKeyIdHostIsForbiddenBeforeAnyKeyFetch() {
        blocked.add("remote.example");
        assertEquals(403, signedByAlice(create(ALICE, REMOTE)).statusCode());
        assertEquals(0, keyFetches.get(), "no fetch for a blocked host");
    }

    @Test
    void replyToABlockedDomainIsForbidden() {
        blocked.add("blocked.example");
        JsonObject a = create(ALICE, REMOTE);
        a.getJsonObject("object").put("inReplyTo", "https://blocked.example/notes/9");
        assertEquals(403, signedByAlice(a).statusCode());
    }

    // row 21
    @Test
    void tenThousandTagsAreRefused() {
        JsonObject a = create(ALICE, REMOTE);
        JsonArray tags = new JsonArray();
        for (int i = 0; i < 10_000; i++) {
            tags.add(new JsonObject().put("type", "Hashtag").put("name", "#t" + i));
        }
        a.getJsonObject("object").put("tag", tags);
        assertEquals(400, signedByAlice(a).statusCode());
    }

    @Test
    void contentOfTwoHundredThousandCharactersIsRefused() {
        JsonObject a = create(ALICE, REMOTE);
        a.getJsonObject("object").put("contentMap", new JsonObject().put("en", "<p>" + "a".repeat(200_000) + "</p>"));
        assertEquals(400, signedByAlice(a).statusCode());
    }

    @Test
    void jsonNestedFortyDeepIsRefused() {
        JsonObject a = create(ALICE, REMOTE);
        JsonObject deep = new JsonObject();
        JsonObject cur = deep;
        for (int i = 0; i < 40; i++) {
            JsonObject next = new JsonObject();
            cur.put("x", next);
            cur = next;
        }
        a.getJsonObject("object").put("deep", deep);
        assertEquals(400, signedByAlice(a).statusCode());
    }

    // row 31
    @Test
    void nonHttpsIdsAreRefused() {
        JsonObject a = create(ALICE, REMOTE);
        a.put("id", "gopher://remote.example/activities/1");
        assertEquals(400, signedByAlice(a).statusCode());
    }

    // row 35
    @Test
    void malformedBodiesAndWrongContentTypesAreRefused() throws Exception {
        SignableRequest text = SignableRequest.of("POST", URI.create(base + "/inbox"), "hello".getBytes()).withHeader("Content-Type", "text/plain");
        assertEquals(415, post(new CavageSigner(Clock.systemUTC()).signPost(text, ALICE + "#main-key", aliceKeys.rsaPrivateKey())).statusCode());
        SignableRequest broken = SignableRequest.of("POST", URI.create(base + "/inbox"), "{\"id\":".getBytes()).withHeader("Content-Type", "application/activity+json");
        assertEquals(400, post(new CavageSigner(Clock.systemUTC()).signPost(broken, ALICE + "#main-key", aliceKeys.rsaPrivateKey())).statusCode());
        JsonObject noType = create(ALICE, REMOTE);
        noType.remove("type");
        assertEquals(400, signedByAlice(noType).statusCode());
    }

    // row 18
    @Test
    void bodyOverOneMegabyteIs413() {
        JsonObject a = create(ALICE, REMOTE);
        a.getJsonObject("object").put("content", "x".repeat(1_200_000));
        assertEquals(413, signedByAlice(a).statusCode());
    }

    @Test
    void deleteOfAnUnknownActorByItselfIsAcceptedWithoutAFetch() {
        String gone = "https://gone.example/users/zoe";
        JsonObject delete = new JsonObject().put("id", "https://gone.example/users/zoe#delete").put("type", "Delete").put("actor", gone).put("object", gone);
        ActorKeys zoe = new ActorKeyGenerator().generate();
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signPost(request("/inbox", delete), gone + "#main-key", zoe.rsaPrivateKey());
        assertEquals(202, post(signed).statusCode());
        assertEquals(0, keyFetches.get());
    }

    // row 32
    @Test
    void floodFromOneDomainIsSlowedDownWithRetryAfter() {
        HttpResponse<String> last = null;
        for (int i = 0; i < 3; i++) {
            last = post(new CavageSigner(Clock.systemUTC()).signPost(request("/limited/inbox", create(ALICE, REMOTE)), ALICE + "#main-key", aliceKeys.rsaPrivateKey()));
        }
        assertEquals(429, last.statusCode());
        assertTrue(last.headers().firstValue("Retry-After").isPresent());
    }

    // row 32: the per-domain limit counts verified signers only (issue 15: a forger must not starve a real peer)
    @Test
    void forgedKeyIdsNamingAPeerDoNotThrottleItsRealDeliveries() {
        long before = rows("inbound_activity");
        for (int i = 0; i < 50; i++) {
            SignableRequest forged = new CavageSigner(Clock.systemUTC()).signPost(request("/forged/inbox", create(ALICE, REMOTE)),
                ALICE + "#main-key", malloryKeys.rsaPrivateKey());
            assertEquals(401, post(forged).statusCode(), "forged " + (i + 1) + " is refused as badly signed, never as too many");
        }
        assertEquals(before, rows("inbound_activity"), "nothing stored for the forgeries");
        for (int i = 0; i < 5; i++) {
            JsonObject real = create(ALICE, REMOTE);
            assertEquals(202, post(new CavageSigner(Clock.systemUTC()).signPost(request("/forged/inbox", real), ALICE + "#main-key",
                aliceKeys.rsaPrivateKey())).statusCode(), "the peer's real delivery " + (i + 1) + " of its 5 a minute");
        }
        HttpResponse<String> over = post(new CavageSigner(Clock.systemUTC()).signPost(request("/forged/inbox", create(ALICE, REMOTE)),
            ALICE + "#main-key", aliceKeys.rsaPrivateKey()));
        assertEquals(429, over.statusCode(), "real deliveries are counted");
        assertTrue(over.headers().firstValue("Retry-After").isPresent());
    }

    /** A key cached long ago that no longer verifies is fetched once more (Mastodon refreshes once). */
    @Test
    void rotatedKeyIsRefetchedOnceAndThenVerifies() {
        String carol = REMOTE + "/users/carol";
        ActorKeys oldKeys = new ActorKeyGenerator().generate();
        ActorKeys newKeys = new ActorKeyGenerator().generate();
        knownKeys.put(carol + "#main-key", new SignerKey(carol + "#main-key", carol, oldKeys.rsaPublicKey(), Instant.now().minus(Duration.ofHours(1))));
        rotatedKeys.put(carol + "#main-key", new SignerKey(carol + "#main-key", carol, newKeys.rsaPublicKey(), Instant.now()));
        refreshes.set(0);
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signPost(request("/inbox", create(carol, REMOTE)), carol + "#main-key", newKeys.rsaPrivateKey());
        assertEquals(202, post(signed).statusCode());
        assertEquals(1, refreshes.get());
    }

    /** FEDERATION.md 5, dead hosts: any validly signed inbound request makes the host available again. */
    @Test
    void validlySignedActivityFromADeadHostMakesItAvailableAgain() throws Exception {
        try (var c = db.jdbc(); var st = c.createStatement()) {
            st.executeUpdate("insert into federation_host_state (host, failure_days, unavailable) values ('remote.example', "
                + "array[date '2026-01-01', date '2026-01-02']::date[], true) on conflict (host) do update set unavailable = true");
        }
        assertEquals(202, signedByAlice(create(ALICE, REMOTE)).statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean available = false;
        while (!available && System.nanoTime() < deadline) {
            try (var c = db.jdbc(); var st = c.createStatement();
                 var r = st.executeQuery("select unavailable, cardinality(failure_days) from federation_host_state where host = 'remote.example'")) {
                r.next();
                available = !r.getBoolean(1) && r.getInt(2) == 0;
            }
            Thread.sleep(20);
        }
        assertTrue(available, "the host's failure record was cleared");
    }

    // row 32: a bounded inbound job queue
    @Test
    void fullInboundQueueAsksSendersToComeBackLater() throws Exception {
        post(new CavageSigner(Clock.systemUTC()).signPost(request("/full/inbox", create(ALICE, REMOTE)), ALICE + "#main-key", aliceKeys.rsaPrivateKey()));
        Thread.sleep(1100); // the backlog is read at most once a second
        HttpResponse<String> r = post(new CavageSigner(Clock.systemUTC()).signPost(request("/full/inbox", create(ALICE, REMOTE)), ALICE + "#main-key", aliceKeys.rsaPrivateKey()));
        assertEquals(503, r.statusCode());
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
    }
}
