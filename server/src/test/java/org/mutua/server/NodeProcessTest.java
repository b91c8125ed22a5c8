package org.mutua.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.ShippedJvmFlags;

/**
 * The node as an operator runs it: a separate JVM on the embedded default, the admin command line beside it, a hard
 * kill and a restart on the same data directory, SIGTERM, and a bad setting.
 */
class NodeProcessTest {
    private static final String PASSWORD = "correct horse battery";

    /** A child JVM running Main with the test classpath, its output collected line by line. */
    static final class NodeProcess {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        /** Standard error's lines, when kept apart from standard output (see {@link #admin}). */
        final List<String> errorLines = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ready = new CountDownLatch(1);

        NodeProcess(Map<String, String> env, String... args) throws IOException {
            this(List.of("-Xmx256m"), env, args);
        }

        NodeProcess(List<String> jvmFlags, Map<String, String> env, String... args) throws IOException {
            this(jvmFlags, env, null, false, args);
        }

        /** A command run from {@code folder} (null: this one), its standard output ({@link #lines}) kept apart from its errors. */
        static NodeProcess admin(Map<String, String> env, Path folder, String... args) throws IOException {
            return new NodeProcess(List.of("-Xmx256m"), env, folder, true, args);
        }

        private NodeProcess(List<String> jvmFlags, Map<String, String> env, Path folder, boolean separateErrors, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(jvmFlags);
            cmd.addAll(List.of("-Dlogback.configurationFile=logback.xml", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Main.class.getName()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(!separateErrors);
            if (folder != null) {
                pb.directory(folder.toFile());
            }
            pb.environment().keySet().removeIf(k -> k.startsWith("MUTUA_") || k.equals("DATABASE_URL"));
            pb.environment().putAll(env);
            process = pb.start();
            read(process.getInputStream(), lines);
            if (separateErrors) {
                read(process.getErrorStream(), errorLines);
            }
        }

        private void read(java.io.InputStream stream, List<String> into) {
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        into.add(line);
                        if (line.contains("ready")) {
                            ready.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        void awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!ready.await(200, TimeUnit.MILLISECONDS)) {
                assertTrue(process.isAlive(), () -> "node exited with " + process.exitValue() + " before it was ready: " + output());
                assertTrue(System.nanoTime() < deadline, () -> "node did not print ready: " + output());
            }
        }

        int awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "process did not end: " + lines);
            Thread.sleep(200);
            return process.exitValue();
        }

        /** SIGTERM as an init system sends it; Process.destroy() would also close our end of its output. */
        void sigterm() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).inheritIO().start().waitFor();
        }

        String output() {
            synchronized (lines) {
                synchronized (errorLines) {
                    return String.join("\n", lines) + (errorLines.isEmpty() ? "" : "\n[stderr]\n" + String.join("\n", errorLines));
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<String, String> env(Path dataDir, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("MUTUA_DATA_DIR", dataDir.toString());
        env.put("MUTUA_SCHEME", "http");
        env.put("MUTUA_DEV_ALLOW_HTTP", "true");
        env.put("MUTUA_DOMAIN", "127.0.0.1:" + port);
        env.put("MUTUA_HTTP_HOST", "127.0.0.1");
        env.put("MUTUA_HTTP_PORT", String.valueOf(port));
        return env;
    }

    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pid = dataDir.resolve("pgdata").resolve("postmaster.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim())).filter(ProcessHandle::isAlive);
    }

    @Test
    void embeddedNodeServesSurvivesKillDashNineAndStopsOnSigterm(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        Map<String, String> env = env(dataDir, port);
        Http http = new Http("http://127.0.0.1:" + port);

        NodeProcess first = new NodeProcess(env, "serve");
        first.awaitReady();

        // The admin command line works against the running node's PostgreSQL.
        NodeProcess create = new NodeProcess(env, "admin", "create-member", "alice", "--role", "admin", "--password", PASSWORD);
        assertEquals(0, create.awaitExit(), create.output());
        String token = Http.json(http.postJson("/api/mutua/v1/tokens", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
        JsonObject me = Http.json(http.get("/api/mutua/v1/me", "Authorization", "Bearer " + token));
        assertEquals("alice", me.getString("username"));
        assertEquals("http://127.0.0.1:" + port + "/u/alice", me.getString("actor"));

        // Power loss: the JVM dies at once, its PostgreSQL is orphaned.
        first.process.destroyForcibly();
        first.process.waitFor(30, TimeUnit.SECONDS);
        assertTrue(postmaster(dataDir).isPresent(), "the embedded PostgreSQL outlived the killed node");

        NodeProcess second = new NodeProcess(env, "serve");
        second.awaitReady();
        HttpResponse<String> again = http.postJson("/api/mutua/v1/tokens", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(201, again.statusCode(), "data survived the restart: " + again.body());
        assertEquals(200, http.get("/health/ready").statusCode());

        second.sigterm();
        int code = second.awaitExit();
        assertEquals(143, code, "the JVM ends a SIGTERM with 128 + 15 once the shutdown hook has run");
        assertTrue(second.output().contains("stopped"), second.output());
        assertTrue(postmaster(dataDir).isEmpty(), "SIGTERM also stops the embedded PostgreSQL");

        // With the node down, the command line starts the embedded database itself (here with MUTUA_LOG_LEVEL=warn).
        Map<String, String> quiet = new HashMap<>(env);
        quiet.put("MUTUA_LOG_LEVEL", "warn");
        NodeProcess list = NodeProcess.admin(quiet, null, "admin", "list-members");
        assertEquals(0, list.awaitExit(), list.output());
        assertEquals(List.of("alice\tadmin\tactive\t" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)), list.lines,
            "standard output is one member a line and nothing else: " + list.output());
        assertTrue(postmaster(dataDir).isEmpty(), "and stops it again");
        assertTrue(list.errorLines.stream().anyMatch(l -> l.contains("\"level\":\"WARN\"") && l.contains("org.mutua")),
            "warnings still come (development settings), on standard error: " + list.output());
        assertFalse(list.errorLines.stream().anyMatch(l -> l.contains("\"level\":\"INFO\"") && l.contains("\"loggerName\":\"org.mutua")),
            "no info lines of Mutua's at MUTUA_LOG_LEVEL=warn: " + list.output());

        // At the default level too, an admin command's standard output is its answer alone.
        NodeProcess create2 = NodeProcess.admin(env, null, "admin", "create-member", "bea", "--password", PASSWORD);
        assertEquals(0, create2.awaitExit(), create2.output());
        assertEquals(List.of("created member bea"), create2.lines, create2.output());
        assertFalse(create2.errorLines.stream().anyMatch(l -> l.contains("\"level\":\"INFO\"")), "no info lines: " + create2.output());
        NodeProcess list2 = NodeProcess.admin(env, null, "admin", "list-members");
        assertEquals(0, list2.awaitExit(), list2.output());
        assertEquals(List.of("alice", "bea"), list2.lines.stream().map(l -> l.split("\t")[0]).sorted().toList(), list2.output());
        assertTrue(second.lines.stream().anyMatch(l -> l.contains("\"level\":\"INFO\"") && l.contains("\"loggerName\":\"org.mutua")),
            "info lines by default");

        // Logs are one JSON object per line and never hold the password.
        for (String line : second.lines) {
            if (line.startsWith("{")) {
                new JsonObject(line);
            }
        }
        assertTrue(second.lines.stream().anyMatch(l -> l.startsWith("{") && l.contains("ready")), second.output());
        assertFalse(create.output().contains(PASSWORD) || second.output().contains(PASSWORD));
    }

    /**
     * A new machine: PostgreSQL's binaries not yet unpacked (zonky's working directory empty but for what a start that
     * died mid-unpack left), and the JVM flags that README and the Dockerfile ship. Zonky's own unpacking needed about
     * 90 MB of heap and died of OutOfMemoryError under -Xmx80m, then failed every later start on its leftovers.
     */
    @Test
    void firstStartOnANewMachineUnpacksPostgresWithinTheShippedHeap(@TempDir Path dataDir, @TempDir Path binaries) throws Exception {
        Path halfUnpacked = binaries.resolve("PG-16c5707c09eef4783fc1cb48f11a526d"); // zonky 17.11.0's archive
        Files.createDirectories(halfUnpacked.resolve("bin"));
        Files.writeString(halfUnpacked.resolve("bin/postgres"), "cut short");
        List<String> flags = new ArrayList<>(ShippedJvmFlags.read());
        flags.add("-Dot.epg.working-dir=" + binaries);
        int port = freePort();
        NodeProcess node = new NodeProcess(flags, env(dataDir, port), "serve");
        try {
            node.awaitReady();
            assertEquals(200, new Http("http://127.0.0.1:" + port).get("/health/ready").statusCode(), node.output());
            assertFalse(node.output().contains("OutOfMemoryError"), node.output());
            assertTrue(node.output().contains("unpacking the embedded PostgreSQL's binaries"), node.output());
            node.sigterm();
            int code = node.awaitExit();
            assertEquals(143, code, "the JVM ends a SIGTERM with 128 + 15 once the shutdown hook has run");
        } finally {
            node.process.destroyForcibly();
        }
    }

    @Test
    void invalidSettingStopsStartUpWithOneLineNamingIt(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = env(dataDir, 8080);
        env.put("MUTUA_HTTP_PORT", "eighty");
        NodeProcess p = new NodeProcess(env, "serve");
        assertEquals(2, p.awaitExit());
        List<String> errors = p.lines.stream().filter(l -> l.startsWith("mutua:")).toList();
        assertEquals(1, errors.size(), p.output());
        assertTrue(errors.get(0).contains("MUTUA_HTTP_PORT"), errors.get(0));
        assertFalse(Files.exists(dataDir.resolve("pgdata")), "nothing was started");
    }

    @Test
    void secondNodeOnTheSameDataDirectoryIsRefused(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        NodeProcess first = new NodeProcess(env(dataDir, port), "serve");
        first.awaitReady();
        try {
            NodeProcess second = new NodeProcess(env(dataDir, freePort()), "serve");
            assertEquals(3, second.awaitExit(), second.output());
            assertTrue(second.output().contains("already running"), second.output());
            assertEquals(200, new Http("http://127.0.0.1:" + port).get("/health/ready").statusCode(), "the first node is untouched");
        } finally {
            first.sigterm();
            first.awaitExit();
        }
    }

    /**
     * An admin command run from another folder, or with a data directory that holds no node, never makes a database:
     * only serve does. It says where it looked and exits non-zero (it used to answer "0 member(s)" from a new one).
     */
    @Test
    void adminCommandInAFolderWithoutANodeCreatesNoDatabase(@TempDir Path folder, @TempDir Path emptyDataDir) throws Exception {
        Map<String, String> env = env(emptyDataDir, 8080);
        env.remove("MUTUA_DATA_DIR"); // the default ./data, in a folder where no node ever ran
        NodeProcess here = NodeProcess.admin(env, folder, "admin", "list-members");
        assertEquals(3, here.awaitExit(), here.output());
        assertEquals(List.of(), here.lines, "nothing on standard output: " + here.output());
        String said = String.join("\n", here.errorLines);
        assertTrue(said.contains(folder.toRealPath().resolve("data").resolve("pgdata").toString()) || said.contains(folder.resolve("data").resolve("pgdata").toString()),
            "says where it looked: " + said);
        try (var left = Files.list(folder)) {
            assertEquals(List.of(), left.toList(), "the folder stays empty");
        }

        NodeProcess elsewhere = NodeProcess.admin(env(emptyDataDir, 8080), null, "admin", "create-member", "alice", "--password", PASSWORD);
        assertEquals(3, elsewhere.awaitExit(), elsewhere.output());
        assertEquals(List.of(), elsewhere.lines, elsewhere.output());
        try (var left = Files.list(emptyDataDir)) {
            assertEquals(List.of(), left.toList(), "an empty MUTUA_DATA_DIR stays empty");
        }
    }

    /** With DATABASE_URL naming an empty database, the admin command makes no tables in it either. */
    @Test
    void adminCommandOnAnEmptyExternalDatabaseCreatesNoTables(@TempDir Path dataDir) throws Exception {
        org.mutua.federation.testing.TestDatabase empty = org.mutua.federation.testing.TestDatabase.create("cli-empty");
        Map<String, String> env = env(dataDir, 8080);
        env.put("DATABASE_URL", empty.url());
        NodeProcess list = NodeProcess.admin(env, null, "admin", "list-members");
        assertEquals(3, list.awaitExit(), list.output());
        assertEquals(List.of(), list.lines, list.output());
        assertTrue(String.join("\n", list.errorLines).contains("has no node's data"), list.output());
        try (java.sql.Connection c = empty.jdbc();
             java.sql.ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            r.next();
            assertEquals(0, r.getInt(1), "no tables were made");
        }
    }
}
