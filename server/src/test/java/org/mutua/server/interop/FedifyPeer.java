package org.mutua.server.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.mutua.server.testing.Http;

/**
 * The independent peer of the interop tests: interop/peer.mjs, a small server on the Fedify framework, started as a
 * child process on loopback and driven through its /_control API.
 */
public final class FedifyPeer implements AutoCloseable {
    private static final Path PEER = Path.of("..", "interop", "peer.mjs");

    final Process process;
    final String base;
    final Http http;
    /** Everything the peer printed (with PEER_FEDIFY_LOG set, Fedify's own log): shown when a wait fails. */
    private final StringBuilder output;

    private FedifyPeer(Process process, String base, StringBuilder output) {
        this.output = output;
        this.process = process;
        this.base = base;
        this.http = new Http(base);
    }

    public static FedifyPeer start(String... extraArgs) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return startOn(port, extraArgs);
    }

    /** On a given port, e.g. to bring a peer back where it was. */
    public static FedifyPeer startOn(int port, String... extraArgs) throws Exception {
        return startOn(port, java.util.Map.of(), extraArgs);
    }

    /** With extra environment, e.g. NODE_EXTRA_CA_CERTS for a test CA. */
    public static FedifyPeer startOn(int port, java.util.Map<String, String> env, String... extraArgs) throws Exception {
        if (!Files.exists(Path.of("..", "interop", "node_modules", "@fedify", "fedify"))) {
            fail("the Fedify peer is not installed: run `npm ci --prefix interop` (README's test command does)");
        }
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("node", PEER.toString(), "--port", String.valueOf(port), "--host", "127.0.0.1"));
        cmd.addAll(java.util.List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                    if (line.startsWith("PEER READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the peer ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Fedify peer did not start: " + out);
        }
        return new FedifyPeer(p, "http://127.0.0.1:" + port, out);
    }

    public String actor(String name) {
        return base + "/users/" + name;
    }

    public JsonObject control(String path, JsonObject body) {
        HttpResponse<String> r = http.postJson("/_control/" + path, body.encode());
        assertTrue(r.statusCode() < 300, path + " → " + r.statusCode() + " " + r.body());
        return Http.json(r);
    }

    /** The peer looks an object up as one of its actors (a GET signed by that actor); answers the control response. */
    public java.net.http.HttpResponse<String> lookup(String uri, String as) {
        return http.get("/_control/lookup?uri=" + java.net.URLEncoder.encode(uri, java.nio.charset.StandardCharsets.UTF_8) + "&as=" + as);
    }

    public JsonArray inbox(String type) {
        return new JsonArray(http.get("/_control/inbox?type=" + type).body());
    }

    public JsonObject state() {
        return Http.json(http.get("/_control/state"));
    }

    /** Waits (bounded) until the peer's inbox holds an activity of this type that matches. */
    public JsonObject awaitInbox(String type, Predicate<JsonObject> match) throws InterruptedException {
        return awaitInbox(type, match, 30);
    }

    public JsonObject awaitInbox(String type, Predicate<JsonObject> match, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Object body = io.vertx.core.json.Json.decodeValue(http.get("/_control/inbox?type=" + type).body());
            JsonArray items = body instanceof JsonArray a ? a : ((JsonObject) body).getJsonArray("items", new JsonArray());
            for (Object o : items) {
                if (o instanceof JsonObject j && match.test(j)) {
                    return j;
                }
            }
            Thread.sleep(100);
        }
        fail("the peer never received a matching " + type + ": " + http.get("/_control/inbox").body()
            + "\nrequests it saw: " + http.get("/_control/requests").body() + "\nits output (end):\n" + outputTail());
        return null;
    }

    private String outputTail() {
        synchronized (output) {
            return output.substring(Math.max(0, output.length() - 20_000));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
