package org.mutua.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.mutua.config.MutuaConfig;
import org.mutua.federation.testing.TestDatabase;
import org.mutua.server.Node;
import org.mutua.server.database.DatabaseHandle;

/** A real node on 127.0.0.1 with its own database, development settings (http on loopback) and a free port. */
public final class TestNode implements AutoCloseable {
    public final Node node;
    public final MutuaConfig config;
    public final String baseUrl;
    public final int port;

    private TestNode(Node node, MutuaConfig config, int port) {
        this.node = node;
        this.config = config;
        this.port = port;
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public static TestNode start(Map<String, String> overrides) {
        return start(overrides, java.time.Clock.systemUTC(), org.mutua.federation.inbox.InboundSchedule.defaults());
    }

    /** With the clock the node reads and its inbound retry schedule (a test moves the one, shortens the other). */
    public static TestNode start(Map<String, String> overrides, java.time.Clock clock, org.mutua.federation.inbox.InboundSchedule inbound) {
        try {
            int port = freePort();
            Path dataDir = Files.createTempDirectory("mutua-test-node");
            Map<String, String> env = new HashMap<>();
            env.put("DATABASE_URL", TestDatabase.create("node").url());
            env.put("MUTUA_SCHEME", "http");
            env.put("MUTUA_DEV_ALLOW_HTTP", "true");
            env.put("MUTUA_DOMAIN", "127.0.0.1:" + port);
            env.put("MUTUA_HTTP_HOST", "127.0.0.1");
            env.put("MUTUA_HTTP_PORT", String.valueOf(port));
            env.put("MUTUA_DATA_DIR", dataDir.toString());
            env.put("MUTUA_NODE_NAME", "Eastside Mutual Aid");
            env.putAll(overrides);
            MutuaConfig config = MutuaConfig.load(env);
            Node node = Node.open(config, DatabaseHandle.forServer(config), clock, inbound);
            node.serve();
            return new TestNode(node, config, port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This node stopped and started again on the same database and port: what survives a restart, and what not. */
    public TestNode restart() {
        node.close();
        Node again = Node.open(config, DatabaseHandle.forServer(config));
        again.serve();
        return new TestNode(again, config, port);
    }

    public static TestNode start() {
        return start(Map.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Blocks the test thread (never an event loop) until the future completes. */
    public <T> T await(io.vertx.core.Future<T> f) {
        return f.toCompletionStage().toCompletableFuture().join();
    }

    @Override
    public void close() {
        node.close();
    }
}
