package org.mutua.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** Both HTTP signature schemes with real Fedify peers: RFC 9421-only receivers get our deliveries, RFC 9421 senders verify. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignatureSchemesInteropTest {
    private static final String PASSWORD = "correct horse battery";
    private TestNode node;
    private Http api;
    private String token;

    @BeforeAll
    void start() {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
        api = new Http(node.baseUrl);
        node.await(node.node.services().members().create("rosa", MemberRole.MEMBER, PASSWORD));
        token = Http.json(api.postJson("/api/mutua/v1/tokens", "{\"username\":\"rosa\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
    }

    @AfterAll
    void stop() {
        node.close();
    }

    /** FEDERATION.md 2: first POST cavage, on 401 at once again with RFC 9421, and the working scheme is remembered. */
    @Test
    void peerThatAcceptsOnlyRfc9421StillGetsOurDeliveriesByDoubleKnock() throws Exception {
        try (FedifyPeer strict = FedifyPeer.start("--rfc9421-only")) {
            HttpResponse<String> r = api.postJson("/api/mutua/v1/follows", new JsonObject().put("target", strict.actor("alice")).encode(),
                "Authorization", "Bearer " + token);
            assertEquals(201, r.statusCode(), r.body());
            JsonObject follow = strict.awaitInbox("Follow", f -> (node.baseUrl + "/u/rosa").equals(f.getString("actor")));
            assertEquals("rfc9421", follow.getJsonObject("httpSignature").getString("scheme"));
            assertEquals(true, follow.getJsonObject("httpSignature").getBoolean("verified"));
            JsonArray requests = new JsonArray(strict.http.get("/_control/requests").body());
            assertTrue(requests.stream().map(JsonObject.class::cast)
                .anyMatch(q -> "POST".equals(q.getString("method")) && Integer.valueOf(401).equals(q.getInteger("status"))),
                "the first knock (cavage) was refused: " + requests.encode());
        }
    }

    @Test
    void peerSigningWithRfc9421IsVerified() throws Exception {
        // What our inbox logs about each accepted activity, including the scheme that verified.
        ch.qos.logback.classic.Logger inboxLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.mutua.federation.inbox.InboxRoute.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        ch.qos.logback.classic.Level level = inboxLog.getLevel();
        inboxLog.setLevel(ch.qos.logback.classic.Level.DEBUG); // the scheme is in the accept line, logged at debug
        inboxLog.addAppender(seen);
        try (FedifyPeer modern = FedifyPeer.start("--first-knock", "rfc9421")) {
            String member = node.baseUrl + "/u/rosa";
            modern.control("follow", new JsonObject().put("actor", member));
            JsonObject request = null;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (request == null && System.nanoTime() < deadline) {
                request = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + token)).getJsonArray("items")
                    .stream().map(JsonObject.class::cast).filter(i -> i.getString("actor").equals(modern.actor("alice"))).findFirst().orElse(null);
                Thread.sleep(100);
            }
            assertTrue(request != null, "the RFC 9421-signed Follow was verified and stored");
            assertTrue(seen.list.stream().map(e -> e.getFormattedMessage())
                .anyMatch(m -> m.startsWith("inbox accepted Follow") && m.contains("signed RFC9421")), seen.list.toString());
        } finally {
            inboxLog.detachAppender(seen);
            inboxLog.setLevel(level);
        }
    }
}
