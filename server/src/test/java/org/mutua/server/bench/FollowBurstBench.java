package org.mutua.server.bench;

import static org.mutua.server.bench.BenchSupport.fmt;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mutua.federation.signatures.CavageSigner;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.server.testing.Http;

/**
 * The follow burst of issue 15: 2,000 actors on 16 hosts (125 each) follow one member within a minute, each sender
 * retrying refusals as Mastodon's delivery worker does, against a node with the default per-domain fetch budget (120 a
 * minute). Prints how long until every follow has settled (its sender got a 202 and its job finished) and the counts by
 * outcome. Hosts are loopback servers on 127.0.0.2 … 127.0.0.17, so each is its own domain to the fetch budget; each
 * serves its actors' documents, the actors of a host sharing one RSA-2048 key pair (2,000 pairs cost minutes to make).
 *
 * <p>Senders: a 202 ends it; 429 and 503 wait their Retry-After (at least), and those, 401, 408 and 5xx (which
 * Mastodon does not take as final) are retried after Mastodon's {@code sidekiq_retry_in}, 15 + 10·n⁴ + rand(10·n⁴) s
 * for the n-th retry (n from 0), at most 16 times; any other 4xx drops the follow (counted as lost by the sender).
 *
 * <p>System properties: bench.hosts (16), bench.perHost (125), bench.spreadSeconds (60), bench.timeoutMinutes (40).
 */
public final class FollowBurstBench {
    private static final int MAX_RETRIES = 16;

    private FollowBurstBench() {
    }

    /** One remote host on its own loopback address serving its actors' documents and answering 202 to POSTs. */
    static final class Host implements AutoCloseable {
        final String base;
        final KeyPair keys;
        final String pem;
        final AtomicInteger fetches = new AtomicInteger();
        private final HttpServer server;

        Host(Vertx vertx, String address, int actors) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            keys = g.generateKeyPair();
            pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
            server = vertx.createHttpServer().requestHandler(req -> {
                String path = req.path();
                if (req.method().name().equals("GET") && path.matches("/users/b\\d+") && Integer.parseInt(path.substring(8)) < actors) {
                    fetches.incrementAndGet();
                    req.response().putHeader("Content-Type", "application/activity+json").end(actor(Integer.parseInt(path.substring(8))).encode());
                    return;
                }
                req.response().setStatusCode(req.method().name().equals("POST") ? 202 : 404).end();
            }).listen(0, address).toCompletionStage().toCompletableFuture().get();
            base = "http://" + address + ":" + server.actualPort();
        }

        String actorId(int n) {
            return base + "/users/b" + n;
        }

        JsonObject actor(int n) {
            String id = actorId(n);
            return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams").put("id", id).put("type", "Person")
                .put("preferredUsername", "b" + n).put("inbox", id + "/inbox").put("endpoints", new JsonObject().put("sharedInbox", base + "/inbox"))
                .put("publicKey", new JsonObject().put("id", id + "#main-key").put("owner", id).put("publicKeyPem", pem));
        }

        @Override
        public void close() throws Exception {
            server.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** One follow and its sender's state. */
    static final class Sender {
        final Host host;
        final int actor;
        final byte[] body;
        int retries;
        volatile long acceptedAtNanos;
        volatile boolean dropped;

        Sender(Host host, int actor, byte[] body) {
            this.host = host;
            this.actor = actor;
            this.body = body;
        }

        boolean finished() {
            return acceptedAtNanos != 0 || dropped;
        }
    }

    public static void main(String[] args) throws Exception {
        int hostCount = Integer.getInteger("bench.hosts", 16);
        int perHost = Integer.getInteger("bench.perHost", 125);
        int spreadSeconds = Integer.getInteger("bench.spreadSeconds", 60);
        int timeoutMinutes = Integer.getInteger("bench.timeoutMinutes", 40);
        int total = hostCount * perHost;
        System.out.println("follow burst: " + total + " follows from " + hostCount + " hosts (" + perHost + " actors each) within " + spreadSeconds
            + " s; JVM flags of the node: " + String.join(" ", BenchSupport.shippedJvmFlags()) + "; load " + BenchSupport.loadAverage());
        Vertx vertx = Vertx.vertx();
        List<Host> hosts = new ArrayList<>();
        Path dataDir = Files.createTempDirectory("mutua-bench-burst");
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        CavageSigner signer = new CavageSigner(Clock.systemUTC());
        Map<Integer, AtomicInteger> answers = new TreeMap<>();
        AtomicLong lastAccepted = new AtomicLong();
        try (BenchSupport.MutuaNode node = BenchSupport.MutuaNode.start(dataDir, BenchSupport.freePort(), BenchSupport.profilingFlags())) {
            for (int h = 0; h < hostCount; h++) {
                hosts.add(new Host(vertx, "127.0.0." + (2 + h), perHost));
            }
            String admin = node.memberToken("ana");
            String member = "http://127.0.0.1:" + node.port + "/u/ana";
            URI inbox = URI.create("http://127.0.0.1:" + node.port + "/inbox");
            List<Sender> senders = new ArrayList<>();
            for (int h = 0; h < hostCount; h++) {
                for (int n = 0; n < perHost; n++) {
                    Host host = hosts.get(h);
                    JsonObject follow = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
                        .put("id", host.base + "/follows/" + n).put("type", "Follow").put("actor", host.actorId(n)).put("object", member);
                    senders.add(new Sender(host, n, follow.encode().getBytes(StandardCharsets.UTF_8)));
                }
            }
            Collections.shuffle(senders, new Random(15));
            System.out.println("mutua node pid " + node.pid() + " at http://127.0.0.1:" + node.port + "; member " + member);
            long start = System.nanoTime();
            Random jitter = new Random(42);
            Map<Sender, Boolean> live = new ConcurrentHashMap<>();
            // Each send signs anew (a retry has a fresh Date, as Mastodon's has) and schedules its own retry.
            java.util.function.Consumer<Sender>[] send = new java.util.function.Consumer[1];
            send[0] = s -> {
                SignableRequest signed = signer.signPost(new SignableRequest("POST", inbox,
                    Map.of("Content-Type", List.of("application/activity+json")), s.body), s.host.actorId(s.actor) + "#main-key", s.host.keys.getPrivate());
                HttpRequest.Builder b = HttpRequest.newBuilder(signed.target()).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
                signed.headers().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                        values.forEach(v -> b.header(name, v));
                    }
                });
                http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, err) -> {
                    int status = err != null ? -1 : r.statusCode();
                    synchronized (answers) {
                        answers.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (status >= 200 && status < 300) {
                        s.acceptedAtNanos = System.nanoTime();
                        lastAccepted.accumulateAndGet(s.acceptedAtNanos, Math::max);
                        live.remove(s);
                        return;
                    }
                    boolean salvageable = status < 400 || status >= 500 || status == 401 || status == 408 || status == 429;
                    if (!salvageable || s.retries >= MAX_RETRIES) {
                        s.dropped = true;
                        live.remove(s);
                        return;
                    }
                    long n4;
                    synchronized (jitter) {
                        n4 = (long) Math.pow(s.retries, 4);
                        n4 = 15 + 10 * n4 + (n4 == 0 ? 0 : (long) (jitter.nextDouble() * 10 * n4));
                    }
                    long wait = n4;
                    if (r != null && (status == 429 || status == 503)) {
                        wait = Math.max(wait, r.headers().firstValue("Retry-After").map(v -> {
                            try {
                                return Long.parseLong(v.trim());
                            } catch (NumberFormatException e) {
                                return 0L;
                            }
                        }).orElse(0L));
                    }
                    s.retries++;
                    timers.schedule(() -> send[0].accept(s), wait, TimeUnit.SECONDS);
                });
            };
            for (int i = 0; i < senders.size(); i++) {
                Sender s = senders.get(i);
                live.put(s, true);
                timers.schedule(() -> send[0].accept(s), (long) i * spreadSeconds * 1000 / total, TimeUnit.MILLISECONDS);
            }
            long deadline = start + TimeUnit.MINUTES.toNanos(timeoutMinutes);
            JsonObject queue = null;
            long settledAt = 0;
            long lastPrint = 0;
            while (System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                queue = Http.json(node.http.get("/api/mutua/v1/admin/inbound", "Authorization", "Bearer " + admin));
                long unfinished = queue.getLong("pending") + queue.getLong("waitingToRetry") + queue.getLong("inFlight");
                long sendersLeft = senders.stream().filter(x -> !x.finished()).count();
                if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(30)) {
                    lastPrint = System.nanoTime();
                    System.out.println("  t=" + fmt((System.nanoTime() - start) / 1e9) + " s: senders still retrying " + sendersLeft + ", answers " + answers
                        + ", queue " + queue.encode());
                }
                if (sendersLeft == 0 && unfinished == 0) {
                    settledAt = System.nanoTime();
                    break;
                }
            }
            JsonObject requests = Http.json(node.http.get("/api/mutua/v1/follow-requests?limit=1", "Authorization", "Bearer " + admin));
            long accepted = senders.stream().filter(x -> x.acceptedAtNanos != 0).count();
            long dropped = senders.stream().filter(x -> x.dropped).count();
            int maxRetries = senders.stream().mapToInt(x -> x.retries).max().orElse(0);
            String attempts = "?";
            try (Connection c = node.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) filter (where attempts > 1), max(attempts), count(*) from federation_inbound_job where activity_type = 'Follow'")) {
                rs.next();
                attempts = "jobs " + rs.getLong(3) + ", tried more than once " + rs.getLong(1) + ", most attempts " + rs.getLong(2);
            }
            System.out.println();
            System.out.println("| follows | settled after | last 202 after | sender answers (status: count) | 202s | dropped by senders | most sender retries | follow requests | outcomes | inbound jobs | actor documents served |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            System.out.println("| " + total + " | " + (settledAt == 0 ? "not within " + timeoutMinutes + " min" : fmt((settledAt - start) / 1e9) + " s")
                + " | " + (lastAccepted.get() == 0 ? "-" : fmt((lastAccepted.get() - start) / 1e9) + " s") + " | " + answers + " | " + accepted
                + " | " + dropped + " | " + maxRetries + " | " + requests.getInteger("totalItems")
                + " | applied " + queue.getLong("applied") + ", ignored " + queue.getLong("ignored") + ", refused " + queue.getLong("refused")
                + ", failed " + queue.getLong("failed") + ", unfinished " + (queue.getLong("pending") + queue.getLong("waitingToRetry") + queue.getLong("inFlight"))
                + " | " + attempts + " | " + hosts.stream().mapToInt(h -> h.fetches.get()).sum() + " |");
        } finally {
            timers.shutdownNow();
            for (Host h : hosts) {
                h.close();
            }
            vertx.close();
        }
    }
}
