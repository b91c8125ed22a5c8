package org.mutua.server.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.keys.ActorKeyGenerator;
import org.mutua.federation.keys.ActorKeys;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.server.testing.DbRows;
import org.mutua.server.testing.TestNode;

/**
 * FEDERATION.md 6 row 8 at the inbox: a keyId on localhost, a private or reserved address, or a non-https URL is
 * answered {@code 401} and never dialled (no SSRF through key fetches), and nothing is stored. The node runs as in
 * production (https ids, no development settings), served on loopback; a listener on the loopback port the keyIds
 * name sees whether anything connected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxKeyIdAddressTest {
    private TestNode node;
    private DbRows rows;
    private ServerSocket trap;
    private final AtomicInteger dialled = new AtomicInteger();
    private final ActorKeys keys = new ActorKeyGenerator().generate();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start(Map.of("MUTUA_SCHEME", "https", "MUTUA_DEV_ALLOW_HTTP", "false"));
        rows = new DbRows(node);
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread listener = new Thread(() -> {
            while (!trap.isClosed()) {
                try (Socket s = trap.accept()) {
                    dialled.incrementAndGet();
                } catch (Exception closed) {
                    return;
                }
            }
        }, "row-8-trap");
        listener.setDaemon(true);
        listener.start();
    }

    @AfterAll
    void stop() throws Exception {
        trap.close();
        node.close();
    }

    /** A Follow by the actor the keyId names, signed for the node's public https address, posted to its listener. */
    private HttpResponse<String> followSignedBy(String keyId) throws Exception {
        String actor = keyId.substring(0, keyId.indexOf('#'));
        String publicBase = node.config.baseUrl();
        JsonObject follow = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
            .put("id", actor + "/follows/1").put("type", "Follow").put("actor", actor).put("object", publicBase + "/g/neighbourhood");
        SignableRequest signed = new CavageSigner(Clock.systemUTC()).signPost(
            SignableRequest.of("POST", URI.create(publicBase + "/inbox"), follow.encode().getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Type", "application/activity+json"), keyId, keys.rsaPrivateKey());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl + "/inbox")).POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void refusedUndialledAndNothingStored(List<String> keyIds) throws Exception {
        for (String keyId : keyIds) {
            HttpResponse<String> r = followSignedBy(keyId);
            assertEquals(401, r.statusCode(), keyId + ": " + r.body());
        }
        Thread.sleep(300);
        assertEquals(0, dialled.get(), "nothing connected to the loopback listener");
        assertEquals(0, rows.count("select count(*) from inbound_activity"));
        assertEquals(0, rows.count("select count(*) from federation_inbound_job"));
        assertEquals(0, rows.count("select count(*) from remote_actor"));
    }

    @Test
    void keyIdOnLoopbackOrLocalhostIsRefusedAndNeverDialled() throws Exception {
        int port = trap.getLocalPort();
        refusedUndialledAndNothingStored(List.of("https://127.0.0.1:" + port + "/users/mallory#main-key",
            "https://localhost:" + port + "/users/mallory#main-key"));
    }

    @Test
    void keyIdOnAPrivateOrReservedAddressIsRefused() throws Exception {
        refusedUndialledAndNothingStored(List.of("https://10.1.2.3/users/mallory#main-key", "https://192.168.0.1/users/mallory#main-key",
            "https://169.254.169.254/users/mallory#main-key", "https://[::1]:" + trap.getLocalPort() + "/users/mallory#main-key",
            "https://0.0.0.0:" + trap.getLocalPort() + "/users/mallory#main-key"));
    }

    @Test
    void keyIdThatIsNotHttpsIsRefusedAndNeverDialled() throws Exception {
        refusedUndialledAndNothingStored(List.of("http://127.0.0.1:" + trap.getLocalPort() + "/users/mallory#main-key",
            "http://peer.example/users/mallory#main-key"));
    }
}
