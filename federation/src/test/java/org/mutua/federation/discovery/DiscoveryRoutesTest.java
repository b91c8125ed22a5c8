package org.mutua.federation.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mutua.federation.jsonld.ExpandedNodes.resource;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mutua.federation.NodeIdentity;
import org.mutua.federation.jsonld.BundledContexts;
import org.mutua.federation.jsonld.JsonLd;
import org.mutua.federation.jsonld.MutuaContext;

@ExtendWith(VertxExtension.class)
class DiscoveryRoutesTest {
    static final DiscoverableActor EASTSIDE = new DiscoverableActor("eastside", "https://aid.example/g/eastside", "https://aid.example/g/eastside");
    static final DiscoverableActor ANA = new DiscoverableActor("ana", "https://aid.example/u/ana", "https://aid.example/@ana");
    static final DiscoverableActor INSTANCE = new DiscoverableActor("aid.example", "https://aid.example/actor", "https://aid.example/about");

    /** Fixed actors; records every lookup so hostile tests can assert nothing was asked. */
    static final class FixedDirectory implements ActorDirectory {
        final List<String> lookups = new CopyOnWriteArrayList<>();
        final Map<String, DiscoverableActor> byName = Map.of("eastside", EASTSIDE, "ana", ANA, "aid.example", INSTANCE);

        @Override
        public Future<Optional<DiscoverableActor>> findByUsername(String username) {
            lookups.add(username);
            return Future.succeededFuture(Optional.ofNullable(byName.get(username)));
        }

        @Override
        public Future<Optional<DiscoverableActor>> findByActorId(String actorId) {
            lookups.add(actorId);
            return Future.succeededFuture(byName.values().stream().filter(a -> a.actorId().equals(actorId)).findFirst());
        }
    }

    static final class FixedNodeInfo implements NodeInfoSource {
        NodeInfoUsage usage = new NodeInfoUsage(43L, 17L, 25L, 314L);

        @Override
        public Future<NodeInfoUsage> usage() {
            return Future.succeededFuture(usage);
        }

        @Override
        public NodeSoftware software() {
            return new NodeSoftware("mutua", "1.0.0", "https://example.org/mutua.git", "https://example.org/mutua");
        }

        @Override
        public Optional<String> neighbourhoodActorId() {
            return Optional.of("https://aid.example/g/eastside");
        }

        @Override
        public List<String> features() {
            return List.of("requests", "offers", "assemblies", "decisions", "circles", "fep-0837", "fep-8a8e", "fep-1b12", "rfc9421");
        }
    }

    private final FixedDirectory directory = new FixedDirectory();
    private final FixedNodeInfo nodeInfo = new FixedNodeInfo();
    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext testContext) {
        NodeIdentity identity = new NodeIdentity("https", "aid.example", "Eastside Mutual Aid", "Neighbourhood mutual-aid node", false);
        Router router = new DiscoveryRoutes(identity, directory, nodeInfo).mount(Router.router(vertx));
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
            .onComplete(testContext.succeeding(s -> {
                server = s;
                client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(s.actualPort()));
                testContext.completeNow();
            }));
    }

    @AfterEach
    void stop(VertxTestContext testContext) {
        client.close();
        server.close().onComplete(testContext.succeedingThenComplete());
    }

    private void get(VertxTestContext testContext, String uri, Consumer<HttpResponse<Buffer>> check) {
        client.get(uri).send().onComplete(testContext.succeeding(r -> testContext.verify(() -> {
            check.accept(r);
            testContext.completeNow();
        })));
    }

    private void webfinger(VertxTestContext testContext, String resource, Consumer<HttpResponse<Buffer>> check) {
        get(testContext, WebFingerHandler.PATH + "?resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8), check);
    }

    private static void assertJsonError(HttpResponse<Buffer> r, int status) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
        assertFalse(r.bodyAsJsonObject().getString("error").isBlank());
        assertEquals("*", r.getHeader("Access-Control-Allow-Origin"));
    }

    @Nested
    class WebFinger {
        @Test
        void acctOfAGroupAnswersExactlyTheSpecDocument(VertxTestContext t) {
            webfinger(t, "acct:eastside@aid.example", r -> {
                assertEquals(200, r.statusCode());
                assertEquals("application/jrd+json; charset=utf-8", r.getHeader("Content-Type"));
                assertEquals("*", r.getHeader("Access-Control-Allow-Origin"));
                assertEquals(new JsonObject("{\"subject\":\"acct:eastside@aid.example\",\"aliases\":[\"https://aid.example/g/eastside\"],"
                    + "\"links\":[{\"rel\":\"self\",\"type\":\"application/activity+json\",\"href\":\"https://aid.example/g/eastside\"},"
                    + "{\"rel\":\"http://webfinger.net/rel/profile-page\",\"type\":\"text/html\",\"href\":\"https://aid.example/g/eastside\"}]}"),
                    r.bodyAsJsonObject());
            });
        }

        @Test
        void actorUrlAsResourceAnswersWithTheAcctSubject(VertxTestContext t) {
            webfinger(t, "https://aid.example/u/ana", r -> {
                assertEquals(200, r.statusCode());
                JsonObject jrd = r.bodyAsJsonObject();
                assertEquals("acct:ana@aid.example", jrd.getString("subject"));
                assertEquals(new JsonArray().add("https://aid.example/u/ana").add("https://aid.example/@ana"), jrd.getJsonArray("aliases"));
                assertEquals("https://aid.example/u/ana", jrd.getJsonArray("links").getJsonObject(0).getString("href"));
            });
        }

        @Test
        void instanceActorAnswersToTheHostAsUsername(VertxTestContext t) {
            webfinger(t, "acct:aid.example@aid.example", r -> {
                assertEquals(200, r.statusCode());
                assertEquals("acct:aid.example@aid.example", r.bodyAsJsonObject().getString("subject"));
                assertEquals("https://aid.example/actor", r.bodyAsJsonObject().getJsonArray("links").getJsonObject(0).getString("href"));
            });
        }

        @Test
        void uppercaseAcctIsTheSameAccount(VertxTestContext t) {
            webfinger(t, "ACCT:EastSide@AID.example", r -> {
                assertEquals(200, r.statusCode());
                assertEquals("acct:eastside@aid.example", r.bodyAsJsonObject().getString("subject"));
            });
        }

        @Test
        void unknownNameIsNotFound(VertxTestContext t) {
            webfinger(t, "acct:nobody@aid.example", r -> assertJsonError(r, 404));
        }

        @Test
        void webfingerForAnotherHostIsNotFound(VertxTestContext t) {
            webfinger(t, "acct:admin@evil.example", r -> {
                assertJsonError(r, 404);
                assertTrue(directory.lookups.isEmpty());
            });
        }

        @Test
        void prefixAndSuffixDomainTricksAreNotFound(VertxTestContext t) {
            webfinger(t, "acct:eastside@aid.example.evil.example", r -> assertJsonError(r, 404));
        }

        @Test
        void trailingDotDomainIsNotFound(VertxTestContext t) {
            webfinger(t, "acct:eastside@aid.example.", r -> assertJsonError(r, 404));
        }

        @Test
        void pathTraversalUsernameIsNotFoundAndNeverLookedUp(VertxTestContext t) {
            webfinger(t, "acct:../@aid.example", r -> {
                assertJsonError(r, 404);
                assertTrue(directory.lookups.isEmpty());
            });
        }

        @Test
        void fullwidthLookalikeIsNotFoldedIntoAnExistingName(VertxTestContext t) {
            webfinger(t, "acct:ｅastside@aid.example", r -> {
                assertJsonError(r, 404);
                assertTrue(directory.lookups.isEmpty(), "no Unicode folding to 'eastside'");
            });
        }

        @Test
        void actorUrlOnAnotherHostIsNotFound(VertxTestContext t) {
            webfinger(t, "http://evil.example/u/x", r -> {
                assertJsonError(r, 404);
                assertTrue(directory.lookups.isEmpty());
            });
        }

        @Test
        void actorUrlWithUserinfoOrLookalikeHostIsNotFound(VertxTestContext t) {
            webfinger(t, "https://aid.example@evil.example/u/ana", r -> {
                assertJsonError(r, 404);
                assertTrue(directory.lookups.isEmpty());
            });
        }

        @Test
        void actorUrlThatIsNotAnActorIsNotFound(VertxTestContext t) {
            webfinger(t, "https://aid.example/u/ana/followers", r -> assertJsonError(r, 404));
        }

        @Test
        void missingResourceIsABadRequest(VertxTestContext t) {
            get(t, WebFingerHandler.PATH, r -> assertJsonError(r, 400));
        }

        @Test
        void emptyResourceIsABadRequest(VertxTestContext t) {
            get(t, WebFingerHandler.PATH + "?resource=", r -> assertJsonError(r, 400));
        }

        @Test
        void veryLongResourceIsABadRequest(VertxTestContext t) {
            webfinger(t, "acct:" + "a".repeat(600) + "@aid.example", r -> {
                assertJsonError(r, 400);
                assertTrue(directory.lookups.isEmpty());
            });
        }

        @Test
        void acctWithoutDomainIsABadRequest(VertxTestContext t) {
            webfinger(t, "acct:eastside", r -> assertJsonError(r, 400));
        }

        @Test
        void acctWithTwoAtSignsIsABadRequest(VertxTestContext t) {
            webfinger(t, "acct:eastside@evil.example@aid.example", r -> {
                assertJsonError(r, 400);
                assertTrue(directory.lookups.isEmpty());
            });
        }

        @Test
        void controlCharactersAreABadRequest(VertxTestContext t) {
            webfinger(t, "acct:eastside\u0000@aid.example", r -> assertJsonError(r, 400));
        }

        @Test
        void otherSchemesAreABadRequest(VertxTestContext t) {
            webfinger(t, "mailto:eastside@aid.example", r -> assertJsonError(r, 400));
        }

        @Test
        void twoResourceParametersAreABadRequest(VertxTestContext t) {
            get(t, WebFingerHandler.PATH + "?resource=acct:ana@aid.example&resource=acct:eastside@aid.example", r -> assertJsonError(r, 400));
        }
    }

    @Nested
    class NodeInfo {
        @Test
        void wellKnownLinksBothVersions(VertxTestContext t) {
            get(t, "/.well-known/nodeinfo", r -> {
                assertEquals(200, r.statusCode());
                JsonArray links = r.bodyAsJsonObject().getJsonArray("links");
                assertEquals("http://nodeinfo.diaspora.software/ns/schema/2.1", links.getJsonObject(0).getString("rel"));
                assertEquals("https://aid.example/nodeinfo/2.1", links.getJsonObject(0).getString("href"));
                assertEquals("https://aid.example/nodeinfo/2.0", links.getJsonObject(1).getString("href"));
            });
        }

        @Test
        void version21EqualsTheSpecExampleWithRoundedFigures(VertxTestContext t) {
            get(t, "/nodeinfo/2.1", r -> {
                assertEquals(200, r.statusCode());
                assertEquals("application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"", r.getHeader("Content-Type"));
                // 43 → 40, 17 → 20, 25 → 30, 314 → 310: the figures of the §1.4 example.
                assertEquals(new JsonObject(resource("/spec/nodeinfo-2.1.json")), r.bodyAsJsonObject());
            });
        }

        @Test
        void version20HasNoRepositoryOrHomepage(VertxTestContext t) {
            get(t, "/nodeinfo/2.0", r -> {
                assertEquals("application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\"", r.getHeader("Content-Type"));
                JsonObject doc = r.bodyAsJsonObject();
                assertEquals("2.0", doc.getString("version"));
                assertEquals(new JsonObject().put("name", "mutua").put("version", "1.0.0"), doc.getJsonObject("software"));
            });
        }

        @Test
        void hiddenUsageIsAnEmptyUsersObject(VertxTestContext t) {
            nodeInfo.usage = NodeInfoUsage.hidden();
            get(t, "/nodeinfo/2.1", r -> assertEquals(new JsonObject().put("users", new JsonObject()),
                r.bodyAsJsonObject().getJsonObject("usage")));
        }

        @Test
        void openRegistrationFollowsTheConfiguredMode() {
            NodeIdentity open = new NodeIdentity("https", "aid.example", "Eastside Mutual Aid", "Neighbourhood mutual-aid node", true);
            JsonObject doc = new NodeInfoHandlers(open, nodeInfo).document("2.1", NodeInfoUsage.hidden());
            assertEquals(true, doc.getBoolean("openRegistrations"));
            NodeIdentity closed = new NodeIdentity("https", "aid.example", "Eastside Mutual Aid", "Neighbourhood mutual-aid node", false);
            assertEquals(false, new NodeInfoHandlers(closed, nodeInfo).document("2.1", NodeInfoUsage.hidden()).getBoolean("openRegistrations"));
        }

        @Test
        void roundingIsToTheNearestTen() {
            assertEquals(0, NodeInfoHandlers.roundToTen(4));
            assertEquals(10, NodeInfoHandlers.roundToTen(5));
            assertEquals(310, NodeInfoHandlers.roundToTen(314));
        }
    }

    @Test
    void hostMetaPointsAtWebFinger(VertxTestContext t) {
        get(t, "/.well-known/host-meta", r -> {
            assertEquals(200, r.statusCode());
            assertTrue(r.getHeader("Content-Type").startsWith("application/xrd+xml"));
            assertTrue(r.bodyAsString().contains(
                "<Link rel=\"lrdd\" template=\"https://aid.example/.well-known/webfinger?resource={uri}\"/>"), r.bodyAsString());
        });
    }

    @Test
    void mutuaContextIsServedImmutableAndExpandsOffline(VertxTestContext t) {
        get(t, MutuaContext.PATH, r -> {
            assertEquals(200, r.statusCode());
            assertTrue(r.getHeader("Content-Type").startsWith("application/ld+json"));
            assertTrue(r.getHeader("Cache-Control").contains("immutable"));
            assertEquals(MutuaContext.documentText(), r.bodyAsString());
            JsonObject served = r.bodyAsJsonObject();
            JsonObject doc = new JsonObject().put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
                .add(served.getJsonObject("@context"))).put("id", "https://aid.example/g/eastside").put("ma:groupKind", "circle");
            assertEquals(1, new JsonLd(new BundledContexts()).expand(doc).size());
        });
    }

    @Test
    void unknownPathsAreNotHandled(VertxTestContext t) {
        get(t, "/.well-known/nodeinfo/2.1", r -> assertEquals(404, r.statusCode()));
    }
}
