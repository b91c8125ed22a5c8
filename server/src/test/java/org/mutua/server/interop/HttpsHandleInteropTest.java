package org.mutua.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/**
 * Over HTTPS, as in production: the node behind a TLS proxy whose certificate comes from a CA this test makes, ids
 * on https://localhost:PORT. A Fedify peer that trusts that CA follows a member by handle, with the WebFinger round
 * trip Mastodon does, and verifies our Accept, whose key it fetches over HTTPS.
 */
class HttpsHandleInteropTest {
    private static final String PASSWORD = "correct horse battery";

    @Test
    void fedifyFollowsAMemberByHandleOverHttps(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        int httpsPort;
        try (ServerSocket s = new ServerSocket(0)) {
            httpsPort = s.getLocalPort();
        }
        Vertx vertx = Vertx.vertx();
        try (TestNode node = TestNode.start(Map.of("MUTUA_SCHEME", "https", "MUTUA_DOMAIN", "localhost:" + httpsPort,
                "MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"));
             TlsTerminatingProxy proxy = TlsTerminatingProxy.start(vertx, httpsPort, certs.serverP12, TestCertificates.PASSWORD, node.port)) {
            node.await(node.node.services().members().create("mara", MemberRole.MEMBER, PASSWORD));
            Http api = new Http(node.baseUrl);
            String token = Http.json(api.postJson("/api/mutua/v1/tokens", "{\"username\":\"mara\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
            String member = "https://localhost:" + httpsPort + "/u/mara";

            int peerPort;
            try (ServerSocket s = new ServerSocket(0)) {
                peerPort = s.getLocalPort();
            }
            try (FedifyPeer peer = FedifyPeer.startOn(peerPort, Map.of("NODE_EXTRA_CA_CERTS", certs.caPem.toString()))) {
                JsonObject sent = peer.control("follow", new JsonObject().put("actor", "@mara@localhost:" + httpsPort));
                assertEquals(member, sent.getString("actor"), "the handle resolved by WebFinger over https to our actor id");
                JsonObject request = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (request == null && System.nanoTime() < deadline) {
                    request = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + token)).getJsonArray("items")
                        .stream().map(JsonObject.class::cast).findFirst().orElse(null);
                    Thread.sleep(100);
                }
                assertTrue(request != null, "the Follow arrived through the TLS proxy and verified");
                assertEquals(member, request.getString("object"));
                assertEquals(200, api.postJson("/api/mutua/v1/follow-requests/" + request.getString("id") + "/accept", "{}",
                    "Authorization", "Bearer " + token).statusCode());
                JsonObject accept = peer.awaitInbox("Accept", a -> member.equals(a.getString("actor")));
                assertEquals(true, accept.getJsonObject("httpSignature").getBoolean("verified"));
                assertEquals(member + "#main-key", accept.getJsonObject("httpSignature").getString("keyId"));
            }
        } finally {
            vertx.close();
        }
    }
}
