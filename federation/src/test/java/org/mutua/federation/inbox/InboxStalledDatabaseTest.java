package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.federation.keys.ActorKeys;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.federation.testing.TestDatabase;

/**
 * The inbox while the database stalls (FEDERATION.md 6 row 32, inbox flood: a bounded queue, 503 with Retry-After):
 * requests waiting for their commit are bounded; past the bound the inbox answers 503 with Retry-After and keeps
 * nothing, so the sender's retry of that same activity, once the database is back, is accepted and processed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxStalledDatabaseTest {
    private static final String ALICE = "https://remote.example/users/alice";
    private static final int BOUND = 4;

    private TestDatabase db;
    private Vertx vertx;
    private Pool pool;
    private HttpServer server;
    private String base;
    private InboundWorker worker;
    private InboundLog log;
    private final HttpClient http = HttpClient.newHttpClient();
    private ActorKeys keys;
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private int seq;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.federation("stalled");
        vertx = Vertx.vertx();
        pool = db.pool(vertx, 8);
        keys = new ActorKeyGenerator().generate();
        SignerKey key = new SignerKey(ALICE + "#main-key", ALICE, keys.rsaPublicKey(), Instant.now());
        SignerKeys known = new SignerKeys() {
            @Override
            public Future<Optional<SignerKey>> known(String keyId) {
                return Future.succeededFuture(Optional.of(key).filter(k -> k.keyId().equals(keyId)));
            }

            @Override
            public Future<SignerKey> key(String keyId) {
                return known(keyId).compose(k -> k.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture("unknown key")));
            }

            @Override
            public Future<SignerKey> refresh(String keyId) {
                return key(keyId);
            }
        };
        log = new InboundLog(pool, InboundSchedule.defaults(), BOUND);
        InboxHandlers handlers = new InboxHandlers().on("Create", a -> {
            handled.add(a.id());
            return Future.succeededFuture(InboxOutcome.APPLIED);
        });
        worker = new InboundWorker(vertx, log, handlers, new JsonLd(new BundledContexts()));
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        base = "http://127.0.0.1:" + server.actualPort();
        router.post("/inbox").handler(new InboxRoute(new RequestAuthenticator(base, true, known, host -> false, Clock.systemUTC()), true,
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

    private JsonObject create() {
        String id = "https://remote.example/activities/" + (++seq);
        return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", id).put("type", "Create").put("actor", ALICE)
            .put("object", new JsonObject().put("id", "https://remote.example/notes/" + seq).put("type", "Note").put("attributedTo", ALICE)
                .put("content", "<p>I can lend a ladder</p>"));
    }

    private CompletableFuture<HttpResponse<String>> post(JsonObject activity) {
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signPost(
            SignableRequest.of("POST", URI.create(base + "/inbox"), activity.encode().getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Type", "application/activity+json"), ALICE + "#main-key", keys.rsaPrivateKey());
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.target()).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long seen(String id) {
        return (long) db.query("select count(*) as n from inbound_activity where activity_id = ?", id).get(0).get("n");
    }

    @Test
    void aStalledDatabaseFillsTheQueueThenTheInboxAnswers503AndKeepsNothing() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        List<String> waitingIds = new ArrayList<>();
        JsonObject refused = create();
        try (Connection lock = db.jdbc(); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            // no insert into the seen ids commits while this transaction lives: the database has stalled
            s.execute("lock table inbound_activity in exclusive mode");
            for (int i = 0; i < BOUND; i++) {
                JsonObject a = create();
                waitingIds.add(a.getString("id"));
                waiting.add(post(a));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.uncommitted() < BOUND && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(BOUND, log.uncommitted(), "the bound's worth of requests wait for the stalled database");
            HttpResponse<String> answer;
            try {
                answer = post(refused).get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("a request past the bound waited for the stalled database instead of being refused");
            }
            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Retry-After").isPresent(), "Retry-After");
            assertFalse(waiting.stream().anyMatch(CompletableFuture::isDone), "the others wait for their commit");
            lock.rollback();
        }
        for (CompletableFuture<HttpResponse<String>> w : waiting) {
            assertEquals(202, w.get(10, TimeUnit.SECONDS).statusCode());
        }
        for (String id : waitingIds) {
            assertEquals(1, seen(id));
        }
        assertEquals(0, seen(refused.getString("id")), "the refused activity is not seen, so its retry is not a duplicate");
        assertEquals(0L, db.query("select count(*) as n from federation_inbound_job where activity_id = ?", refused.getString("id")).get(0).get("n"));

        assertEquals(202, post(refused).get(10, TimeUnit.SECONDS).statusCode(), "the sender's retry once the database is back");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!handled.contains(refused.getString("id")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(handled.contains(refused.getString("id")), "the retried activity is processed");
        assertTrue(handled.containsAll(waitingIds));
    }
}
