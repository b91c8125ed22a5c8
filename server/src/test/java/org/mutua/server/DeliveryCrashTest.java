package org.mutua.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mutua.federation.delivery.DeliveryRows;

/**
 * The delivery queue survives a hard kill on the embedded default: rows queued for a slow receiver, the node killed
 * with SIGKILL after some were delivered, restarted on the same data directory: every row arrives (at least once).
 */
class DeliveryCrashTest {
    private static final int ROWS = 40;

    @Test
    void killDashNineMidFanOutThenRestartDeliversEveryRow(@TempDir Path dataDir) throws Exception {
        Vertx vertx = Vertx.vertx();
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger posts = new AtomicInteger();
        HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            posts.incrementAndGet();
            received.add(new JsonObject(body.toString(StandardCharsets.UTF_8)).getString("id"));
            vertx.setTimer(150, t -> req.response().setStatusCode(202).end());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        String inbox = "http://127.0.0.1:" + receiver.actualPort() + "/inbox";

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("MUTUA_DATA_DIR", dataDir.toString());
        env.put("MUTUA_SCHEME", "http");
        env.put("MUTUA_DEV_ALLOW_HTTP", "true");
        env.put("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true");
        env.put("MUTUA_DOMAIN", "127.0.0.1:" + port);
        env.put("MUTUA_HTTP_HOST", "127.0.0.1");
        env.put("MUTUA_HTTP_PORT", String.valueOf(port));
        try {
            NodeProcessTest.NodeProcess first = new NodeProcessTest.NodeProcess(env, "serve");
            first.awaitReady();
            // A fan-out as the publishing path will write it: one row per inbox, signed by the neighbourhood.
            String signer = "http://127.0.0.1:" + port + "/g/neighbourhood#main-key";
            // The embedded PostgreSQL asks for the password kept with the node's secrets (issue 16).
            String pgPassword = java.util.HexFormat.of().formatHex(
                new org.mutua.server.security.SecretStore(dataDir.resolve("secrets")).secret("postgres.password", 24));
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort(dataDir) + "/postgres", "postgres", pgPassword)) {
                // JDBC has positional "?" only: expand $n in order of appearance (the statement repeats some).
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$(\\d)").matcher(DeliveryRows.INSERT_SQL);
                List<Integer> order = new java.util.ArrayList<>();
                while (m.find()) {
                    order.add(Integer.parseInt(m.group(1)));
                }
                PreparedStatement insert = c.prepareStatement(DeliveryRows.INSERT_SQL.replaceAll("\\$\\d", "?"));
                for (int i = 0; i < ROWS; i++) {
                    String id = "http://127.0.0.1:" + port + "/a/crash-" + i;
                    byte[] body = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", id).put("type", "Announce")
                        .encode().getBytes(StandardCharsets.UTF_8);
                    List<Object> p = DeliveryRows.rows(id, "Announce", null, body, signer,
                        List.of(new DeliveryRows.Recipient(inbox + "?n=" + i, null))).get(0).parameters();
                    for (int k = 0; k < order.size(); k++) {
                        insert.setObject(k + 1, p.get(order.get(k) - 1));
                    }
                    insert.executeUpdate();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(received.size() >= 5 && received.size() < ROWS, "killed mid-way: " + received.size());
            first.process.destroyForcibly();
            first.process.waitFor(30, TimeUnit.SECONDS);
            int beforeRestart = received.size();

            NodeProcessTest.NodeProcess second = new NodeProcessTest.NodeProcess(env, "serve");
            second.awaitReady();
            // Rows held by the dead process come back when their 60 s lease runs out.
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (received.size() < ROWS && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(ROWS, received.size(), "every row arrived; " + beforeRestart + " before the kill, " + posts.get() + " POSTs in all");
            System.out.println("delivery crash test: " + ROWS + " rows, " + beforeRestart + " before kill -9, " + (posts.get() - ROWS) + " duplicate POSTs");
            second.sigterm();
            second.awaitExit();
        } finally {
            receiver.close();
            vertx.close();
        }
    }

    private static int pgPort(Path dataDir) throws Exception {
        return Integer.parseInt(Files.readAllLines(dataDir.resolve("pgdata").resolve("postmaster.pid")).get(3).trim());
    }
}
