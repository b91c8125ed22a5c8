package org.mutua.server.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.ShippedJvmFlags;

/**
 * Plumbing shared by the benchmark programs (docs/benchmarks.md): the node as a separate JVM started exactly as the
 * Dockerfile starts it, the Node.js programs of interop/, free ports, RSS, percentiles.
 */
final class BenchSupport {
    static final String PASSWORD = "bench horse battery staple";

    private BenchSupport() {
    }

    /** The repository root (the bench runs from server/ under Maven, or from the root). */
    static Path root() {
        return ShippedJvmFlags.root();
    }

    /** The JVM flags the Dockerfile and README ship; the figures are for those flags. */
    static List<String> shippedJvmFlags() throws IOException {
        return ShippedJvmFlags.read();
    }

    /**
     * Extra JVM flags for profiling runs only (bench.profile, e.g. "-XX:StartFlightRecording=filename=x.jfr"): printed,
     * never used for the reported figures.
     */
    static List<String> profilingFlags() {
        String p = System.getProperty("bench.profile", "").trim();
        if (p.isEmpty()) {
            return List.of();
        }
        System.out.println("PROFILING RUN, extra node flags: " + p);
        return List.of(p.split("\\s+"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** VmRSS of a process in MiB, from /proc; -1 when unreadable. */
    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Summed proportional set size (Pss, shared pages divided among their users, so shared_buffers count once) of a
     * process and all its descendants: the embedded PostgreSQL's postmaster and backends.
     */
    static double treePssMiB(long pid) {
        return ProcessHandle.of(pid).map(h -> pssMiB(pid) + h.descendants().mapToDouble(d -> Math.max(0, pssMiB(d.pid()))).sum()).orElse(-1.0);
    }

    /** CPU seconds (user + system) a process has used, from /proc/PID/stat; 0 when unreadable. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds of a process and its live descendants (PostgreSQL backends that exited are not counted). */
    static double treeCpuSeconds(long pid) {
        return ProcessHandle.of(pid).map(h -> cpuSeconds(pid) + h.descendants().mapToDouble(d -> cpuSeconds(d.pid())).sum()).orElse(0.0);
    }

    /** CPU used by the node, its PostgreSQL, this load generator and any other process, between two snapshots. */
    record Cpu(double node, double pg, double self, double other, double wall) {
        static double[] snapshot(long nodePid, long pgPid, long... extra) {
            double total = 0;
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i = 1; i <= 8; i++) {
                    total += Long.parseLong(f[i]) - (i == 4 || i == 5 ? Long.parseLong(f[i]) : 0); // all but idle, iowait
                }
            } catch (IOException e) {
                total = 0;
            }
            double ex = 0;
            for (long p : extra) {
                ex += treeCpuSeconds(p);
            }
            return new double[] {cpuSeconds(nodePid), treeCpuSeconds(pgPid), cpuSeconds(ProcessHandle.current().pid()), total / 100.0, System.nanoTime() / 1e9, ex};
        }

        static Cpu between(double[] a, double[] b) {
            double node = b[0] - a[0];
            double pg = b[1] - a[1];
            double self = b[2] - a[2];
            double extra = b[5] - a[5];
            return new Cpu(node, pg, self + extra, Math.max(0, (b[3] - a[3]) - node - pg - self - extra), b[4] - a[4]);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "CPU s over %.1f s wall (2 cores = %.1f CPU s): node %.2f, PostgreSQL %.2f, load generator/peers %.1f, rest of machine %.1f",
                wall, 2 * wall, node, pg, self, other);
        }
    }

    static double pssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** A child process whose output is read line by line (the last lines kept), with a readiness line. */
    static class Child implements AutoCloseable {
        final Process process;
        final String name;
        final Deque<String> tail = new ArrayDeque<>();
        private final CountDownLatch ready = new CountDownLatch(1);

        /** {@code -Dbench.logDir=DIR}: a child's warnings and errors are appended to DIR/NAME.log. */
        private static final String LOG_DIR = System.getProperty("bench.logDir");

        Child(String name, List<String> command, Map<String, String> env, String readyMarker) throws IOException {
            this.name = name;
            ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("MUTUA_") || k.equals("DATABASE_URL"));
            pb.environment().putAll(env);
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > 200) {
                                tail.removeFirst();
                            }
                        }
                        if (line.contains(readyMarker)) {
                            ready.countDown();
                        }
                        if (LOG_DIR != null && (line.contains("WARN") || line.contains("ERROR"))) {
                            java.nio.file.Files.writeString(java.nio.file.Path.of(LOG_DIR, name + ".log"), line + "\n",
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        Child awaitReady(int seconds) throws InterruptedException {
            if (!ready.await(seconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not become ready: " + output());
            }
            return this;
        }

        String output() {
            synchronized (tail) {
                return String.join("\n", tail);
            }
        }

        long pid() {
            return process.pid();
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void sigterm() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).inheritIO().start().waitFor();
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                sigterm();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    kill9();
                }
            }
        }
    }

    /** A Node.js program of interop/, e.g. bench-receiver.mjs. */
    static Child nodeJs(String script, String readyMarker, String... args) throws Exception {
        if (!Files.exists(root().resolve("interop/node_modules/@fedify/fedify"))) {
            throw new IllegalStateException("run `npm ci --prefix interop` first");
        }
        List<String> cmd = new ArrayList<>(List.of("node", "interop/" + script));
        cmd.addAll(Arrays.asList(args));
        return new Child(script, cmd, Map.of(), readyMarker).awaitReady(60);
    }

    /** The node as the Dockerfile runs it: java FLAGS -jar server/target/mutua.jar serve, on the embedded default. */
    static final class MutuaNode extends Child {
        final int port;
        final Path dataDir;
        final Http http;

        private MutuaNode(List<String> cmd, Map<String, String> env, int port, Path dataDir) throws IOException {
            super("mutua", cmd, env, "ready");
            this.port = port;
            this.dataDir = dataDir;
            this.http = new Http("http://127.0.0.1:" + port);
        }

        static Map<String, String> env(Path dataDir, int port) {
            Map<String, String> env = new HashMap<>();
            env.put("MUTUA_DATA_DIR", dataDir.toString());
            env.put("MUTUA_SCHEME", "http");
            env.put("MUTUA_DEV_ALLOW_HTTP", "true");
            env.put("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true");
            env.put("MUTUA_DOMAIN", "127.0.0.1:" + port);
            env.put("MUTUA_HTTP_HOST", "127.0.0.1");
            env.put("MUTUA_HTTP_PORT", String.valueOf(port));
            return env;
        }

        static List<String> command(List<String> extraJvmFlags, String... args) throws IOException {
            Path jar = root().resolve("server/target/mutua.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException("build first: mvn -B -DskipTests package");
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(shippedJvmFlags());
            cmd.addAll(extraJvmFlags);
            cmd.addAll(List.of("-jar", jar.toString()));
            cmd.addAll(Arrays.asList(args));
            return cmd;
        }

        static MutuaNode start(Path dataDir, int port, List<String> extraJvmFlags) throws Exception {
            return start(dataDir, port, extraJvmFlags, Map.of());
        }

        /** With extra settings (documented MUTUA_* variables, e.g. delivery lanes), printed by the caller. */
        static MutuaNode start(Path dataDir, int port, List<String> extraJvmFlags, Map<String, String> settings) throws Exception {
            Map<String, String> env = env(dataDir, port);
            env.putAll(settings);
            for (String kv : System.getProperty("bench.env", "").split(",")) {
                if (kv.contains("=")) {
                    System.out.println("PROFILING RUN, extra node environment: " + kv);
                    env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            MutuaNode n = new MutuaNode(command(extraJvmFlags, "serve"), env, port, dataDir);
            n.awaitReady(180);
            return n;
        }

        /** A member with a bearer token (the admin command line, as an operator creates one). */
        String memberToken(String name) throws Exception {
            Child admin = new Child("admin", command(List.of(), "admin", "create-member", name, "--role", "admin", "--password", PASSWORD),
                env(dataDir, port), "\u0000");
            if (!admin.process.waitFor(180, TimeUnit.SECONDS) || admin.process.exitValue() != 0) {
                throw new IllegalStateException("create-member failed: " + admin.output());
            }
            HttpResponse<String> r = http.postJson("/api/mutua/v1/tokens", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");
            return Http.json(r).getString("token");
        }

        JsonObject publish(String token, String content, String visibility) {
            HttpResponse<String> r = http.postJson("/api/mutua/v1/notices", new JsonObject().put("content", content).put("visibility", visibility).encode(),
                "Authorization", "Bearer " + token);
            if (r.statusCode() != 201) {
                throw new IllegalStateException("publish: " + r.statusCode() + " " + r.body());
            }
            return Http.json(r);
        }

        int pgPort() throws IOException {
            return Integer.parseInt(Files.readAllLines(dataDir.resolve("pgdata").resolve("postmaster.pid")).get(3).trim());
        }

        long pgPid() throws IOException {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("pgdata").resolve("postmaster.pid")).get(0).trim());
        }

        /** The embedded PostgreSQL's password, kept with the node's secrets (hex, so it needs no escaping in a URL). */
        String pgPassword() {
            return java.util.HexFormat.of().formatHex(new org.mutua.server.security.SecretStore(dataDir.resolve("secrets")).secret("postgres.password", 24));
        }

        String pgUrl() throws IOException {
            return "postgres://postgres:" + pgPassword() + "@127.0.0.1:" + pgPort() + "/postgres";
        }

        Connection jdbc() throws IOException, SQLException {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort() + "/postgres", "postgres", pgPassword());
        }

        double rss() {
            return rssMiB(pid());
        }

        double pgRss() {
            try {
                return treePssMiB(pgPid());
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
