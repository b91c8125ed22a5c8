package org.mutua.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.TestNode;

/** A peer that is down when we deliver gets the activity from the persistent queue once it is back. */
class PeerOutageInteropTest {
    private static final String PASSWORD = "correct horse battery";

    @Test
    void peerThatWasDownReceivesTheQueuedAcceptWhenItComesBack() throws Exception {
        try (TestNode node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true"))) {
            node.await(node.node.services().members().create("nina", MemberRole.MEMBER, PASSWORD));
            node.await(node.node.services().members().create("adele", MemberRole.ADMIN, PASSWORD));
            Http api = new Http(node.baseUrl);
            String token = Http.json(api.postJson("/api/mutua/v1/tokens", "{\"username\":\"nina\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
            String member = node.baseUrl + "/u/nina";

            // The peer keeps its keys across its restart, as a real server does.
            String keys = java.nio.file.Files.createTempFile("peer-keys", ".json").toString();
            java.nio.file.Files.delete(java.nio.file.Path.of(keys));
            FedifyPeer peer = FedifyPeer.start("--keys-file", keys);
            int port = URI.create(peer.base).getPort();
            peer.control("follow", new JsonObject().put("actor", member));
            JsonObject request = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (request == null && System.nanoTime() < deadline) {
                request = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + token)).getJsonArray("items")
                    .stream().map(JsonObject.class::cast).findFirst().orElse(null);
                Thread.sleep(100);
            }
            assertTrue(request != null, "the follow request arrived");

            peer.close(); // the peer goes down
            assertEquals(200, api.postJson("/api/mutua/v1/follow-requests/" + request.getString("id") + "/accept", "{}",
                "Authorization", "Bearer " + token).statusCode());
            Thread.sleep(2000); // the first delivery attempt fails: connection refused, retried per schedule (15 s)

            // Admins see the failing host, and members may not.
            String admin = Http.json(api.postJson("/api/mutua/v1/tokens", "{\"username\":\"adele\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
            JsonObject hosts = Http.json(api.get("/api/mutua/v1/admin/hosts", "Authorization", "Bearer " + admin));
            assertTrue(hosts.getJsonArray("items").stream().map(JsonObject.class::cast)
                .anyMatch(h -> h.getString("host").equals("127.0.0.1:" + port) && h.getInteger("failureDays") == 1 && h.getLong("queued") == 1), hosts.encode());
            assertEquals(403, api.get("/api/mutua/v1/admin/hosts", "Authorization", "Bearer " + token).statusCode());
            assertEquals(404, api.postJson("/api/mutua/v1/admin/hosts/nowhere.example/reset", "{}", "Authorization", "Bearer " + admin).statusCode());

            try (FedifyPeer back = FedifyPeer.startOn(port, "--keys-file", keys)) {
                JsonObject accept = back.awaitInbox("Accept", a -> member.equals(a.getString("actor")), 60);
                assertEquals(true, accept.getJsonObject("httpSignature").getBoolean("verified"));
            }
            // A success clears the host's failure record (Mastodon delivery_failure_tracker.rb).
            long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean cleared = false;
            while (!cleared && System.nanoTime() < deadline2) {
                cleared = Http.json(api.get("/api/mutua/v1/admin/hosts", "Authorization", "Bearer " + admin)).getJsonArray("items").isEmpty();
                Thread.sleep(100);
            }
            assertTrue(cleared, "the host is healthy again");
        }
    }
}
