package org.mutua.server.bench;

import static org.mutua.server.bench.BenchSupport.fmt;
import static org.mutua.server.bench.BenchSupport.percentile;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.server.testing.Http;

/**
 * Inbox ingest (issue 5): 5,000 pre-signed Create(Note) replies from 50 remote actors whose keys are cached, POSTed
 * with 32 connections to the shared inbox of a Mutua node (a separate JVM with the shipped flags, embedded
 * PostgreSQL), then the same load on the shared inbox of a Fedify app that stores the replies in PostgreSQL (the same
 * embedded PostgreSQL, its own table), in the same run. Prints a table; see docs/benchmarks.md.
 *
 * <p>Before the timed run each server gets one reply per actor (so every key is fetched and cached) and then
 * bench.warmup replies (2000) at the same concurrency, untimed, so both the JVM's and V8's JIT compilers have done
 * their work; only then is the clock started.
 *
 * <p>System properties: bench.replies (5000), bench.actors (50), bench.connections (32), bench.warmup (2000),
 * bench.fedify (true), bench.profile (extra node JVM flags for a profiling run).
 */
public final class InboxIngestBench {
    private InboxIngestBench() {
    }

    record Row(String server, LoadGenerator.Result load, double storedAfterLastMs, String storedBy, double rssMaxMiB, double rssEndMiB,
               double pgPssMiB) {
    }

    public static void main(String[] args) throws Exception {
        int replies = Integer.getInteger("bench.replies", 5000);
        int actors = Integer.getInteger("bench.actors", 50);
        int connections = Integer.getInteger("bench.connections", 32);
        boolean fedify = Boolean.parseBoolean(System.getProperty("bench.fedify", "true"));
        System.out.println("inbox ingest: " + replies + " replies, " + actors + " actors, " + connections + " connections; JVM flags of the node: "
            + String.join(" ", BenchSupport.shippedJvmFlags()) + "; load " + BenchSupport.loadAverage());
        Vertx vertx = Vertx.vertx();
        Path dataDir = Files.createTempDirectory("mutua-bench-inbox");
        List<Row> rows = new ArrayList<>();
        try (RemoteActorHost remote = new RemoteActorHost(vertx, actors);
             BenchSupport.MutuaNode node = BenchSupport.MutuaNode.start(dataDir, BenchSupport.freePort(), BenchSupport.profilingFlags(),
                 // All 50 actors live on one loopback host, so the per-domain inbox budget (6,000 a minute by default)
                 // would answer 429 part-way through warm-up plus run; the bench measures ingest, not that limiter.
                 java.util.Map.of("MUTUA_INBOX_MAX_PER_DOMAIN_PER_MINUTE", "1000000"))) {
            String token = node.memberToken("ana");
            JsonObject notice = node.publish(token, "Who can help carry boxes on Saturday?", "public");
            String noticeUri = notice.getString("uri");
            String noticeAuthor = node.http.get("/api/mutua/v1/notices/" + notice.getString("id"), "Authorization", "Bearer " + token).body();
            String author = new JsonObject(noticeAuthor).getString("author");
            System.out.println("mutua node pid " + node.pid() + " at http://127.0.0.1:" + node.port + "; notice " + noticeUri);

            rows.add(runMutua(vertx, remote, node, token, notice.getString("id"), noticeUri, author, replies, actors, connections));
            if (fedify) {
                rows.add(runFedify(vertx, remote, node, replies, actors, connections));
            }
            System.out.println("remote actor documents served: " + remote.actorFetches.get() + " (each server fetches each key once)");
        } finally {
            vertx.close();
        }
        print(rows, replies, actors, connections);
    }

    private static Row runMutua(Vertx vertx, RemoteActorHost remote, BenchSupport.MutuaNode node, String token, String noticeId, String noticeUri,
                                String author, int replies, int actors, int connections) throws Exception {
        String inbox = "http://127.0.0.1:" + node.port + "/inbox";
        // Warm-up: one reply per actor, so every key is fetched and cached before the clock starts.
        List<SignableRequest> warm = new ArrayList<>();
        for (int a = 0; a < actors; a++) {
            warm.add(remote.signed(a, inbox, remote.reply(a, "warm-" + a, noticeUri, author)));
        }
        LoadGenerator.Result w = LoadGenerator.run(vertx, warm, Math.min(connections, 8));
        if (w.accepted() != actors) {
            throw new IllegalStateException("warm-up not accepted: " + w.statuses() + " " + w.firstError() + "\n" + node.output());
        }
        try (Connection c = node.jdbc()) {
            Counter counter = new Counter(node, c, token, noticeId);
            long target0 = counter.await(actors, 60_000);
            System.out.println("mutua key warm-up accepted; stored by " + counter.by.get() + ": " + target0);
            int warmup = Integer.getInteger("bench.warmup", 2000);
            if (warmup > 0) {
                LoadGenerator.Result jit = LoadGenerator.run(vertx, presign(remote, inbox, noticeUri, author, "jit-", warmup, actors), connections);
                long stored = counter.await(actors + warmup, 120_000);
                System.out.println("mutua JIT warm-up (untimed): " + jit.accepted() + " accepted at " + fmt(jit.acceptedPerSecond()) + "/s, p99 "
                    + fmt(percentile(jit.latenciesNanos(), 99)) + " ms; stored " + stored);
            }
            int before = actors + warmup;
            LoadGenerator.Prepared load = LoadGenerator.prepare(presign(remote, inbox, noticeUri, author, "r-", replies, actors));
            double[] rssMax = {0};
            long sampler = vertx.setPeriodic(100, t -> rssMax[0] = Math.max(rssMax[0], node.rss()));
            double[] cpu0 = BenchSupport.Cpu.snapshot(node.pid(), node.pgPid());
            LoadGenerator.Result r = LoadGenerator.run(load, connections);
            double[] cpu1 = BenchSupport.Cpu.snapshot(node.pid(), node.pgPid());
            long stored = counter.awaitNanos(before + replies, 120_000);
            double[] cpu2 = BenchSupport.Cpu.snapshot(node.pid(), node.pgPid());
            System.out.println("mutua during the load: " + BenchSupport.Cpu.between(cpu0, cpu1));
            System.out.println("mutua after the load until stored: " + BenchSupport.Cpu.between(cpu1, cpu2));
            vertx.cancelTimer(sampler);
            rssMax[0] = Math.max(rssMax[0], node.rss());
            return new Row("Mutua", r, (stored - r.endNanos()) / 1e6, counter.by.get(), rssMax[0], node.rss(), node.pgRss());
        }
    }

    private static Row runFedify(Vertx vertx, RemoteActorHost remote, BenchSupport.MutuaNode node, int replies, int actors, int connections) throws Exception {
        int port = BenchSupport.freePort();
        try (BenchSupport.Child fedify = BenchSupport.nodeJs("bench-inbox.mjs", "BENCH-INBOX READY", "--port", String.valueOf(port), "--pg", node.pgUrl())) {
            String base = "http://127.0.0.1:" + port;
            String inbox = base + "/inbox";
            String target = base + "/users/admin/notes/1";
            Http http = new Http(base);
            LongSupplier count = () -> Http.json(http.get("/_bench/count")).getLong("count");
            List<SignableRequest> warm = new ArrayList<>();
            for (int a = 0; a < actors; a++) {
                warm.add(remote.signed(a, inbox, remote.reply(a, "fedify-warm-" + a, target, base + "/users/admin")));
            }
            LoadGenerator.Result w = LoadGenerator.run(vertx, warm, Math.min(connections, 8));
            if (w.accepted() != actors || count.getAsLong() != actors) {
                throw new IllegalStateException("fedify warm-up: " + w.statuses() + " " + w.firstError() + " stored " + count.getAsLong() + "\n" + fedify.output());
            }
            int warmup = Integer.getInteger("bench.warmup", 2000);
            if (warmup > 0) {
                LoadGenerator.Result jit = LoadGenerator.run(vertx, presign(remote, inbox, target, base + "/users/admin", "fedify-jit-", warmup, actors), connections);
                System.out.println("fedify JIT warm-up (untimed): " + jit.accepted() + " accepted at " + fmt(jit.acceptedPerSecond()) + "/s, p99 "
                    + fmt(percentile(jit.latenciesNanos(), 99)) + " ms; stored " + count.getAsLong());
            }
            int before = actors + warmup;
            LoadGenerator.Prepared load = LoadGenerator.prepare(presign(remote, inbox, target, base + "/users/admin", "fedify-", replies, actors));
            double[] rssMax = {0};
            long sampler = vertx.setPeriodic(100, t -> rssMax[0] = Math.max(rssMax[0], BenchSupport.rssMiB(fedify.pid())));
            double[] cpu0 = BenchSupport.Cpu.snapshot(fedify.pid(), node.pgPid());
            LoadGenerator.Result r = LoadGenerator.run(load, connections);
            System.out.println("fedify during the load (its Node process in the 'node' column): " + BenchSupport.Cpu.between(cpu0, BenchSupport.Cpu.snapshot(fedify.pid(), node.pgPid())));
            long deadline = System.nanoTime() + 120_000_000_000L;
            long stored;
            while (true) {
                long n = count.getAsLong();
                if (n >= before + replies || System.nanoTime() > deadline) {
                    stored = System.nanoTime();
                    break;
                }
                BenchSupport.sleep(20);
            }
            vertx.cancelTimer(sampler);
            return new Row("Fedify 2.3.6 (Node " + System.getProperty("bench.nodeVersion", "20") + ")", r, Math.max(0, (stored - r.endNanos()) / 1e6),
                "fedify_reply rows (" + count.getAsLong() + ")", rssMax[0], BenchSupport.rssMiB(fedify.pid()), node.pgRss());
        }
    }

    static List<SignableRequest> presign(RemoteActorHost remote, String inbox, String target, String author, String prefix, int replies, int actors) {
        List<SignableRequest> load = new ArrayList<>(replies);
        for (int i = 0; i < replies; i++) {
            int a = i % actors;
            load.add(remote.signed(a, inbox, remote.reply(a, prefix + i, target, author)));
        }
        return load;
    }

    /**
     * How many replies are stored: repliesCount of GET /api/mutua/v1/notices/{id} when the node answers it (reply
     * storage), else the inbound jobs the node has finished (federation_inbound_job state done), the stage that stores.
     */
    static final class Counter {
        final BenchSupport.MutuaNode node;
        final Connection c;
        final String token;
        final String noticeId;
        final AtomicReference<String> by = new AtomicReference<>("?");

        Counter(BenchSupport.MutuaNode node, Connection c, String token, String noticeId) {
            this.node = node;
            this.c = c;
            this.token = token;
            this.noticeId = noticeId;
        }

        long count() throws Exception {
            HttpResponse<String> r = node.http.get("/api/mutua/v1/notices/" + noticeId, "Authorization", "Bearer " + token);
            JsonObject o = r.statusCode() == 200 ? new JsonObject(r.body()) : new JsonObject();
            if (o.containsKey("repliesCount")) {
                by.set("repliesCount");
                return o.getLong("repliesCount");
            }
            by.set("inbound jobs done (no repliesCount yet)");
            try (ResultSet rs = c.createStatement().executeQuery("select count(*) from federation_inbound_job where state = 'done'")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        long await(long n, long timeoutMs) throws Exception {
            awaitNanos(n, timeoutMs);
            return count();
        }

        long awaitNanos(long n, long timeoutMs) throws Exception {
            long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            while (true) {
                long got = count();
                if (got >= n) {
                    return System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    System.out.println("WARNING: only " + got + " of " + n + " stored after " + timeoutMs + " ms");
                    return System.nanoTime();
                }
                BenchSupport.sleep(20);
            }
        }
    }

    static void print(List<Row> rows, int replies, int actors, int connections) {
        System.out.println();
        System.out.printf(Locale.ROOT, "INBOX INGEST: %d replies from %d actors, %d connections, shared inbox%n", replies, actors, connections);
        System.out.printf(Locale.ROOT, "%-26s %9s %9s %8s %8s %8s %7s %12s %9s %9s %9s%n",
            "server", "accepted", "non-2xx", "errors", "wall s", "acc/s", "p50 ms", "p99 ms", "stored+ms", "RSS max", "PG Pss");
        for (Row r : rows) {
            LoadGenerator.Result l = r.load();
            System.out.printf(Locale.ROOT, "%-26s %9d %9d %8d %8s %8s %7s %12s %9s %9s %9s%n", r.server(), l.accepted(), l.non2xx(), l.errors(),
                fmt(l.seconds()), fmt(l.acceptedPerSecond()), fmt(percentile(l.latenciesNanos(), 50)), fmt(percentile(l.latenciesNanos(), 99)),
                fmt(r.storedAfterLastMs()), fmt(r.rssMaxMiB()), fmt(r.pgPssMiB()));
            System.out.println("   statuses " + l.statuses() + "; stored measured by " + r.storedBy() + "; RSS at end " + fmt(r.rssEndMiB()) + " MiB"
                + (l.firstError() == null ? "" : "; first error " + l.firstError()));
        }
        if (rows.size() == 2) {
            System.out.printf(Locale.ROOT, "Mutua / Fedify accepted per second: %.1fx%n",
                rows.get(0).load().acceptedPerSecond() / rows.get(1).load().acceptedPerSecond());
        }
        System.out.println("targets: >= 1000 accepted/s (>= 10x Fedify), p99 < 100 ms, all stored <= 10000 ms after the last request, RSS <= 256 MB");
    }
}
