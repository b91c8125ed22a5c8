package org.mutua.server.bench;

import static org.mutua.server.bench.BenchSupport.fmt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.mutua.server.testing.Http;

/**
 * Fan-out (issue 5): one followers-only notice to 2,000 followers spread over 16 hosts, received by a Fedify-based
 * receiver that verifies every signature (interop/bench-receiver.mjs, one Node process on 16 loopback ports, or bench.receiverProcesses), without
 * and with shared inboxes, end to end from the API call to the last delivery; next to Fedify's own sendActivity()
 * fan-out of a post to the same 2,000 inboxes (interop/bench-sender.mjs), in the same run. Each sender sends to a
 * receiver process of its own, the same program with the same 2,000 inbox paths on other ports
 * (bench.receiverPerSender), and the timed rounds of one sender start {@link #SETTLE_MS} after the other's ended.
 *
 * <p>The 2,000 followers are inserted with JDBC into the node's PostgreSQL (remote_actor rows and accepted inbound
 * follow rows, exactly what accepting 2,000 Follow activities leaves behind), with shared_inbox null for the first
 * variant and set for the second. Each variant is run bench.warmupRounds (3) times untimed first (JIT warm-up; the
 * receiver fetches the signer's key then), then bench.timedRounds (5) times timed, each timed round right after an
 * untimed one of the same sender (so each starts with the connections its previous round left open). With the first setting of
 * bench.perHost (the default lanes) Mutua's and Fedify's timed rounds alternate, Mutua's first, so that both meet the
 * same state of the machine: on this 2-core virtual machine one sender's rate moved by a third from one run to the
 * next (docs/benchmarks.md), and a single timed round of each, minutes apart, compared the machine's moods more than
 * the senders. Every round is printed; the verdict uses the medians and each round's pair.
 *
 * <p>Mutua runs once per setting in bench.perHost ("1,4:64": lanes per host[:workers], i.e.
 * MUTUA_DELIVERY_PER_HOST_CONCURRENCY, default 1, and MUTUA_DELIVERY_WORKERS, default 16), each on a fresh node. System properties: bench.followers (2000), bench.hosts (16), bench.perHost, bench.mutua (true),
 * bench.fedify (true), bench.ceiling (true), bench.warmupRounds (3), bench.timedRounds (5), bench.profile.
 *
 * <p>The receiver's ceiling (bench.ceiling): the same 2,000 personal inboxes served by the same receiver, POSTed by an
 * ideal sender that has signed and encoded every request before the clock starts ({@link LoadGenerator}, one request
 * in flight per connection, 1 and 4 connections per host as Mutua's two lane settings). No sender can be faster on
 * this machine, so this rate divided by Fedify's is the highest ratio any sender could show here.
 */
public final class FanOutBench {
    /** Untimed rounds before each timed one, for both senders (bench.warmupRounds). */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warmupRounds", 3);
    /** Timed rounds of each sender and variant (bench.timedRounds). */
    private static final int TIMED_ROUNDS = Integer.getInteger("bench.timedRounds", 5);
    /**
     * Each sender has receiver processes of its own (bench.receiverPerSender, true): the same receiver code on other
     * ports, so one sender's traffic (Fedify opens a connection per request, about 2,000 a round, and they linger)
     * is not in the receiver's heap and socket tables while the other sender is timed.
     */
    private static final boolean RECEIVER_PER_SENDER = Boolean.parseBoolean(System.getProperty("bench.receiverPerSender", "true"));
    /**
     * Pause after one sender's timed round before the other sender starts (bench.settleMs, 6,000): longer than both
     * keep-alive timeouts (undici 4 s, the receiver 5 s), so the connections one sender leaves idle are closed before
     * the other sender is timed, not during its round.
     */
    private static final long SETTLE_MS = Long.getLong("bench.settleMs", 6_000);

    private FanOutBench() {
    }

    record Row(String sender, String variant, int expected, Stats stats, double e2eMs, double apiMs, String note) {
        double perSecond() {
            return expected / (e2eMs / 1000.0);
        }
    }

    record Stats(int posts, int verified, int rejected, int distinct, int duplicates, long firstAt, long lastAt, double verifyMs) {
        static Stats of(JsonObject o) {
            return new Stats(o.getInteger("posts"), o.getInteger("verified"), o.getInteger("rejected"), o.getInteger("distinct"),
                o.getInteger("duplicates"), o.getValue("firstAt") == null ? 0 : o.getLong("firstAt"),
                o.getValue("lastAt") == null ? 0 : o.getLong("lastAt"), o.getDouble("verifyMs", 0.0));
        }

        /** Two receiver processes' stats as one: counts added, the first arrival the earliest, the last the latest. */
        Stats plus(Stats o) {
            long first = firstAt == 0 ? o.firstAt : o.firstAt == 0 ? firstAt : Math.min(firstAt, o.firstAt);
            return new Stats(posts + o.posts, verified + o.verified, rejected + o.rejected, distinct + o.distinct,
                duplicates + o.duplicates, first, Math.max(lastAt, o.lastAt), verifyMs + o.verifyMs);
        }
    }

    /**
     * The receiving hosts: one Node process for all of them, or {@code bench.receiverProcesses} processes with the
     * hosts split between them (stats summed). One process checks every signature of both senders on one JavaScript
     * thread: about 0.45 ms of CPU a request when the rest of the machine is idle (near 3,000 a second, see
     * {@link #ceiling}), about 0.75 ms when a sender keeps the other core busy (docs/benchmarks.md).
     */
    static final class Receivers implements AutoCloseable {
        final int[] ports;
        final List<BenchSupport.Child> children = new ArrayList<>();
        final List<Http> controls = new ArrayList<>();

        Receivers(int hosts) throws Exception {
            this(hosts, Integer.getInteger("bench.receiverProcesses", 1));
        }

        Receivers(int hosts, int processes) throws Exception {
            ports = BenchSupport.freePorts(hosts);
            int n = Math.max(1, Math.min(processes, hosts));
            for (int p = 0; p < n; p++) {
                int first = p;
                String share = java.util.stream.IntStream.range(0, hosts).filter(i -> i % n == first)
                    .mapToObj(i -> String.valueOf(ports[i])).collect(Collectors.joining(","));
                children.add(BenchSupport.nodeJs("bench-receiver.mjs", "BENCH-RECEIVER READY", "--ports", share));
                controls.add(new Http("http://127.0.0.1:" + ports[p]));
            }
        }

        /** The receiver processes' pids, for CPU counts. */
        long[] pids() {
            return children.stream().mapToLong(BenchSupport.Child::pid).toArray();
        }

        String host(int follower) {
            return "127.0.0.1:" + ports[follower % ports.length];
        }

        String actor(int follower) {
            return "http://" + host(follower) + "/users/f" + follower;
        }

        String sharedInbox(int follower) {
            return "http://" + host(follower) + "/inbox";
        }

        Stats stats() {
            Stats sum = null;
            for (Http control : controls) {
                Stats s = Stats.of(Http.json(control.get("/_control/stats")));
                sum = sum == null ? s : sum.plus(s);
            }
            return sum;
        }

        void reset() {
            controls.forEach(control -> control.postJson("/_control/reset", "{}"));
        }

        /** Waits until {@code distinct} arrivals (or the timeout); answers the last stats. */
        Stats await(int distinct, long timeoutMs) {
            long deadline = System.currentTimeMillis() + timeoutMs;
            Stats s = stats();
            while (s.distinct() < distinct && System.currentTimeMillis() < deadline) {
                BenchSupport.sleep(20);
                s = stats();
            }
            BenchSupport.sleep(300); // late duplicates, if any
            return stats();
        }

        /** As {@link #await}, but gives up once nothing new has arrived for {@code idleMs} (a sender that gave up). */
        Stats awaitUnlessIdle(int distinct, long timeoutMs, long idleMs) {
            long deadline = System.currentTimeMillis() + timeoutMs;
            Stats s = stats();
            long changedAt = System.currentTimeMillis();
            while (s.distinct() < distinct && System.currentTimeMillis() < deadline && System.currentTimeMillis() - changedAt < idleMs) {
                BenchSupport.sleep(20);
                Stats next = stats();
                if (next.posts() != s.posts()) {
                    changedAt = System.currentTimeMillis();
                }
                s = next;
            }
            BenchSupport.sleep(300);
            return stats();
        }

        @Override
        public void close() throws Exception {
            for (BenchSupport.Child child : children) {
                child.close();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int followers = Integer.getInteger("bench.followers", 2000);
        int hosts = Integer.getInteger("bench.hosts", 16);
        boolean fedify = Boolean.parseBoolean(System.getProperty("bench.fedify", "true"));
        System.out.println("fan-out: " + followers + " followers on " + hosts + " hosts; JVM flags of the node: "
            + String.join(" ", BenchSupport.shippedJvmFlags()) + "; load " + BenchSupport.loadAverage() + "; "
            + TIMED_ROUNDS + " timed rounds after " + WARM_UP_ROUNDS + " untimed ones");
        List<Row> rows = new ArrayList<>();
        try (Receivers receivers = new Receivers(hosts);
             Receivers fedifyOwn = fedify && RECEIVER_PER_SENDER ? new Receivers(hosts) : null;
             BenchSupport.Child sender = fedify
                 ? BenchSupport.nodeJs("bench-sender.mjs", "BENCH-SENDER READY", "--port", String.valueOf(BenchSupport.freePort()))
                 : null) {
            FedifySender fedifySender = sender == null ? null
                : new FedifySender(sender, fedifyOwn == null ? receivers : fedifyOwn, followers);
            boolean fedifyDone = false;
            if (Boolean.parseBoolean(System.getProperty("bench.mutua", "true"))) {
                for (String setting : System.getProperty("bench.perHost", "1,4:64").split(",")) {
                    // A fresh node per setting "lanes[:workers]": MUTUA_DELIVERY_PER_HOST_CONCURRENCY (default 1) and
                    // MUTUA_DELIVERY_WORKERS (default 16). Fedify's rounds alternate with the first setting's.
                    FedifySender paired = fedifyDone ? null : fedifySender;
                    fedifyDone = true;
                    String lanes = setting.split(":")[0].trim();
                    String workers = setting.contains(":") ? setting.split(":")[1].trim() : "16";
                    Path dataDir = Files.createTempDirectory("mutua-bench-fanout");
                    try (BenchSupport.MutuaNode node = BenchSupport.MutuaNode.start(dataDir, BenchSupport.freePort(), BenchSupport.profilingFlags(),
                        java.util.Map.of("MUTUA_DELIVERY_PER_HOST_CONCURRENCY", lanes, "MUTUA_DELIVERY_WORKERS", workers))) {
                        MutuaSender mutua = new MutuaSender(node, node.memberToken("ana"), receivers, followers,
                            " (" + lanes + "/host, " + workers + ")");
                        insertFollowers(node, "ana", receivers, followers, false);
                        if (paired != null) {
                            paired.alternatesWith(node);
                        }
                        rows.addAll(alternate(mutua, paired, false, followers));
                        setSharedInboxes(node, receivers, true);
                        rows.addAll(alternate(mutua, paired, true, hosts));
                        System.out.println("node RSS " + fmt(node.rss()) + " MiB, its PostgreSQL Pss " + fmt(node.pgRss()) + " MiB");
                        if (paired != null) {
                            paired.alternatesWith(null);
                        }
                    }
                }
            }
            if (Boolean.parseBoolean(System.getProperty("bench.ceiling", "true"))) {
                rows.addAll(ceiling(receivers, followers));
            }
            if (fedifySender != null && !fedifyDone) {
                rows.addAll(alternate(null, fedifySender, false, followers));
                rows.addAll(alternate(null, fedifySender, true, hosts));
            }
        }
        print(rows, followers, hosts);
    }

    /** One sender of the bench: untimed rounds, then timed ones. */
    interface Sender {
        void warmUp(boolean shared, int expected, int rounds) throws Exception;

        Row timed(boolean shared, int expected, int round) throws Exception;
    }

    /**
     * Untimed rounds of each sender, then {@link #TIMED_ROUNDS} timed rounds, Mutua's and Fedify's alternating (either
     * may be null), each sender's timed round right after an untimed one of its own ({@link #WARM_UP_ROUNDS} untimed
     * rounds before its first).
     */
    private static List<Row> alternate(Sender mutua, Sender fedify, boolean shared, int expected) throws Exception {
        List<Sender> senders = new ArrayList<>();
        if (mutua != null) {
            senders.add(mutua);
        }
        if (fedify != null) {
            senders.add(fedify);
        }
        for (Sender s : senders) {
            s.warmUp(shared, expected, WARM_UP_ROUNDS - 1);
        }
        List<Row> rows = new ArrayList<>();
        for (int round = 1; round <= TIMED_ROUNDS; round++) {
            for (Sender s : senders) {
                if (senders.size() > 1) {
                    BenchSupport.sleep(SETTLE_MS);
                }
                // each timed round right after an untimed one of the same sender, as when the rounds did not
                // alternate: Fedify's client drops idle connections after 4 s (undici's keep-alive), so a Fedify
                // round after a Mutua round reconnected to every host, and ran at 394-628/s instead of 767-906
                s.warmUp(shared, expected, 1);
                rows.add(s.timed(shared, expected, round));
            }
        }
        return rows;
    }

    /**
     * The receiver's ceiling: pre-signed Create(Note)s from one remote actor (its key fetched by the receiver in the
     * warm-up rounds) to the same personal inboxes, 1 and then 4 connections per host, each after untimed rounds.
     */
    static List<Row> ceiling(Receivers receivers, int followers) throws Exception {
        List<Row> rows = new ArrayList<>();
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (RemoteActorHost remote = new RemoteActorHost(vertx, 1)) {
            for (int perHost : new int[] {1, 4}) {
                String variant = "personal inboxes";
                String tag = " (" + perHost + "/host)";
                for (int round = 0; round <= WARM_UP_ROUNDS; round++) {
                    List<LoadGenerator.Prepared> load = presignedFanOut(remote, receivers, followers, "ceiling-" + perHost + "-" + round);
                    receivers.reset();
                    double[] cpu0 = BenchSupport.Cpu.snapshot(ProcessHandle.current().pid(), 0, receivers.pids());
                    LoadGenerator.Result r = LoadGenerator.runAll(load, perHost);
                    Stats s = receivers.await(followers, 60_000);
                    double[] cpu1 = BenchSupport.Cpu.snapshot(ProcessHandle.current().pid(), 0, receivers.pids());
                    if (round < WARM_UP_ROUNDS) {
                        System.out.println("ideal sender warm-up " + (round + 1) + tag + ": " + s.distinct() + " of " + followers + " arrived, "
                            + fmt(r.accepted() / r.seconds()) + "/s");
                        continue;
                    }
                    System.out.println("ideal sender" + tag + " (bench JVM in the 'node' column): " + BenchSupport.Cpu.between(cpu0, cpu1)
                        + "; receiver verification " + fmt(s.verifyMs()) + " ms in all");
                    rows.add(new Row("ideal sender" + tag, variant, followers, s, r.seconds() * 1000, 0,
                        r.accepted() + " accepted, statuses " + r.statuses()));
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        return rows;
    }

    /** One signed POST per follower's personal inbox, grouped by host, signed and encoded now (before any clock). */
    private static List<LoadGenerator.Prepared> presignedFanOut(RemoteActorHost remote, Receivers receivers, int followers, String tag) {
        java.util.Map<String, List<org.mutua.federation.signatures.SignableRequest>> byHost = new java.util.LinkedHashMap<>();
        for (int i = 0; i < followers; i++) {
            String inbox = receivers.actor(i) + "/inbox";
            byHost.computeIfAbsent(receivers.host(i), h -> new ArrayList<>())
                .add(remote.signed(0, inbox, remote.reply(0, tag + "-" + i, "http://127.0.0.1/notices/1", null)));
        }
        return byHost.values().stream().map(LoadGenerator::prepare).toList();
    }

    /** 2,000 remote actors and their accepted Follow of {@code username}, as accepting their Follows leaves them. */
    static void insertFollowers(BenchSupport.MutuaNode node, String username, Receivers receivers, int followers, boolean shared) throws Exception {
        try (Connection c = node.jdbc()) {
            c.setAutoCommit(false);
            long local;
            try (ResultSet rs = c.createStatement().executeQuery("select id from local_actor where username = '" + username + "'")) {
                rs.next();
                local = rs.getLong(1);
            }
            PreparedStatement actor = c.prepareStatement("""
                insert into remote_actor (uri, host, preferred_username, display_name, inbox, shared_inbox, fetched_at)
                values (?, ?, ?, ?, ?, ?, now()) returning id""");
            PreparedStatement follow = c.prepareStatement("""
                insert into follow (public_id, direction, local_actor_id, remote_actor_id, state, activity_uri, created_at, decided_at)
                values (?, 'inbound', ?, ?, 'accepted', ?, ?, ?)""");
            Timestamp now = Timestamp.from(Instant.now());
            for (int i = 0; i < followers; i++) {
                String uri = receivers.actor(i);
                actor.setString(1, uri);
                actor.setString(2, receivers.host(i));
                actor.setString(3, "f" + i);
                actor.setString(4, "Follower " + i);
                actor.setString(5, uri + "/inbox");
                actor.setString(6, shared ? receivers.sharedInbox(i) : null);
                long id;
                try (ResultSet rs = actor.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                follow.setString(1, UUID.randomUUID().toString().replace("-", "").substring(0, 24));
                follow.setLong(2, local);
                follow.setLong(3, id);
                follow.setString(4, uri + "/follows/" + i);
                follow.setTimestamp(5, now);
                follow.setTimestamp(6, now);
                follow.executeUpdate();
            }
            c.commit();
        }
    }

    static void setSharedInboxes(BenchSupport.MutuaNode node, Receivers receivers, boolean shared) throws Exception {
        try (Connection c = node.jdbc()) {
            c.createStatement().executeUpdate(shared
                ? "update remote_actor set shared_inbox = 'http://' || host || '/inbox' where uri like 'http://127.0.0.1:%/users/f%'"
                : "update remote_actor set shared_inbox = null where uri like 'http://127.0.0.1:%/users/f%'");
        }
    }

    /** Mutua's node: a notice published through the API, end to end from the call to the last arrival. */
    record MutuaSender(BenchSupport.MutuaNode node, String token, Receivers receivers, int followers, String tag) implements Sender {
        @Override
        public void warmUp(boolean shared, int expected, int rounds) throws Exception {
            // Untimed rounds first: JIT warm-up (one round left the C2 compiler using half the node's CPU in the timed
            // one), and the receiver fetches and caches the signer's key.
            String variant = variant(shared);
            for (int round = 1; round <= rounds; round++) {
                receivers.reset();
                node.publish(token, "Warm-up notice " + round + " (" + variant + ")", "followers");
                Stats warm = receivers.await(expected, 300_000);
                System.out.println("mutua warm-up " + round + " (" + variant + "): " + warm.distinct() + " of " + expected + " arrived, "
                    + warm.posts() + " POSTs, " + fmt(expected / ((warm.lastAt() - warm.firstAt()) / 1000.0)) + "/s first to last");
                waitQueueEmpty(node);
            }
        }

        @Override
        public Row timed(boolean shared, int expected, int round) throws Exception {
            String variant = variant(shared);
            receivers.reset();
            double[] cpu0 = BenchSupport.Cpu.snapshot(node.pid(), node.pgPid(), receivers.pids());
            long t0 = System.currentTimeMillis();
            node.publish(token, "Who can lend a ladder this weekend? (" + variant + ", round " + round + ")", "followers");
            long api = System.currentTimeMillis() - t0;
            Stats s = receivers.await(expected, 300_000);
            double[] cpu1 = BenchSupport.Cpu.snapshot(node.pid(), node.pgPid(), receivers.pids());
            System.out.println("mutua" + tag + " " + variant + " round " + round + ": " + fmt(expected / ((s.lastAt() - t0) / 1000.0))
                + "/s end to end, first arrival after " + (s.firstAt() - t0) + " ms; " + BenchSupport.Cpu.between(cpu0, cpu1) + "; receiver verification " + fmt(s.verifyMs()) + " ms in all");
            BenchSupport.sleep(200);
            String idle = Arrays.stream(node.output().split("\n")).filter(l -> l.contains("delivery idle")).reduce((a, b) -> b).orElse("(no delivery idle line)");
            System.out.println("  profile (node log): " + idle.replaceAll(".*\"formattedMessage\":\"([^\"]*)\".*", "$1"));
            waitQueueEmpty(node);
            return new Row("Mutua" + tag, variant, expected, s, s.lastAt() - t0, api, "round " + round);
        }
    }

    private static String variant(boolean shared) {
        return shared ? "shared inboxes" : "personal inboxes";
    }

    static void waitQueueEmpty(BenchSupport.MutuaNode node) throws Exception {
        try (Connection c = node.jdbc()) {
            for (int i = 0; i < 600; i++) {
                try (ResultSet rs = c.createStatement().executeQuery("select count(*) from federation_delivery where state in ('pending', 'in_flight')")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                BenchSupport.sleep(100);
            }
        }
    }

    /** Fedify's own sendActivity() in interop/bench-sender.mjs, end to end from the control call to the last arrival. */
    static final class FedifySender implements Sender {
        private final BenchSupport.Child sender;
        private final Receivers receivers;
        private final int followers;
        /** The Mutua node whose rounds alternate with these, idle during them: its CPU is printed (should be ~0). */
        private BenchSupport.MutuaNode idleNode;

        FedifySender(BenchSupport.Child sender, Receivers receivers, int followers) {
            this.sender = sender;
            this.receivers = receivers;
            this.followers = followers;
        }

        private String body(boolean shared) {
            JsonArray recipients = new JsonArray();
            for (int i = 0; i < followers; i++) {
                recipients.add(new JsonObject().put("id", receivers.actor(i)).put("inbox", receivers.actor(i) + "/inbox")
                    .put("sharedInbox", receivers.sharedInbox(i)));
            }
            return new JsonObject().put("recipients", recipients).put("preferSharedInbox", shared).encode();
        }

        @Override
        public void warmUp(boolean shared, int expected, int rounds) {
            String body = body(shared);
            for (int round = 1; round <= rounds; round++) {
                receivers.reset();
                JsonObject w = send(sender, body);
                // send() answers once sendActivity settled: what has not arrived a few seconds later never will
                Stats warm = receivers.awaitUnlessIdle(expected, 300_000, 5_000);
                System.out.println("fedify warm-up " + round + " (" + variant(shared) + "): " + warm.distinct() + " of " + expected + " arrived; sendActivity "
                    + w.encode().substring(0, Math.min(300, w.encode().length())));
            }
        }

        @Override
        public Row timed(boolean shared, int expected, int round) throws Exception {
            String body = body(shared);
            String variant = variant(shared);
            receivers.reset();
            double idle0 = idleNodeCpu();
            double[] cpu0 = BenchSupport.Cpu.snapshot(sender.pid(), 0, receivers.pids());
            long t0 = System.currentTimeMillis();
            JsonObject r = send(sender, body);
            long api = System.currentTimeMillis() - t0;
            Stats s = receivers.awaitUnlessIdle(expected, 300_000, 5_000);
            double[] cpu1 = BenchSupport.Cpu.snapshot(sender.pid(), 0, receivers.pids());
            double idle = idleNodeCpu() - idle0;
            System.out.println("fedify " + variant + " round " + round + ": " + fmt(expected / ((s.lastAt() - t0) / 1000.0))
                + "/s end to end, first arrival after " + (s.firstAt() - t0) + " ms (sender in the 'node' column, receivers in 'load generator/peers'): " + BenchSupport.Cpu.between(cpu0, cpu1)
                + (idleNode == null ? "" : " (of which the idle Mutua node and its PostgreSQL " + String.format(Locale.ROOT, "%.2f", idle) + ")")
                + "; receiver verification " + fmt(s.verifyMs()) + " ms in all");
            return new Row("Fedify sendActivity", variant, expected, s, s.lastAt() - t0, api, "round " + round + "; "
                + (r.getBoolean("ok", false) ? "sendActivity resolved after " + fmt(r.getDouble("ms", -1.0)) + " ms"
                : "sendActivity failed: " + r.getString("error", "?").split("\n")[0]));
        }

        void alternatesWith(BenchSupport.MutuaNode node) {
            idleNode = node;
        }

        private double idleNodeCpu() throws Exception {
            return idleNode == null ? 0 : BenchSupport.cpuSeconds(idleNode.pid()) + BenchSupport.treeCpuSeconds(idleNode.pgPid());
        }
    }

    /** POST /_control/send to the Fedify sender; answers when sendActivity() settled (no 30 s client timeout here). */
    private static JsonObject send(BenchSupport.Child sender, String body) {
        String base = sender.output().replaceAll("(?s).*BENCH-SENDER READY (\\S+).*", "$1");
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/_control/send")).timeout(java.time.Duration.ofMinutes(10))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            return new JsonObject(r.body());
        } catch (java.io.IOException | InterruptedException e) {
            return new JsonObject().put("ok", false).put("error", e.toString());
        }
    }

    static void print(List<Row> rows, int followers, int hosts) {
        System.out.println();
        System.out.printf(Locale.ROOT, "FAN-OUT: one followers-only post to %d followers on %d hosts, receiver verifies every signature%n", followers, hosts);
        System.out.printf(Locale.ROOT, "%-24s %-17s %8s %8s %8s %8s %9s %11s %9s%n", "sender", "inboxes", "arrived", "POSTs", "dupes", "401s", "e2e ms", "recipients/s", "API ms");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-24s %-17s %8d %8d %8d %8d %9s %11s %9s %s%n", r.sender(), r.variant(), r.stats().distinct(), r.stats().posts(),
                r.stats().duplicates(), r.stats().rejected(), fmt(r.e2eMs()), fmt(r.perSecond()), fmt(r.apiMs()), r.note());
        }
        System.out.println();
        java.util.Map<String, List<Row>> groups = new java.util.LinkedHashMap<>();
        rows.forEach(r -> groups.computeIfAbsent(r.sender() + " | " + r.variant(), k -> new ArrayList<>()).add(r));
        System.out.println("medians of the timed rounds (end-to-end recipients/s; POSTs per round):");
        groups.forEach((k, g) -> System.out.printf(Locale.ROOT, "  %-45s median %9s/s  min %9s  max %9s  POSTs %s%n", k,
            fmt(median(g.stream().map(Row::perSecond).toList())), fmt(g.stream().mapToDouble(Row::perSecond).min().orElse(0)),
            fmt(g.stream().mapToDouble(Row::perSecond).max().orElse(0)),
            g.stream().map(r -> String.valueOf(r.stats().posts())).distinct().collect(Collectors.joining("/"))));
        List<Row> fedify = groups.getOrDefault("Fedify sendActivity | personal inboxes", List.of());
        if (!fedify.isEmpty()) {
            double fedifyMedian = median(fedify.stream().map(Row::perSecond).toList());
            // the first Mutua setting's timed rounds alternated with Fedify's (main): their ratios pair by pair too
            List<Row> paired = groups.values().stream()
                .filter(g -> g.get(0).sender().startsWith("Mutua") && g.get(0).variant().startsWith("personal")).findFirst().orElse(List.of());
            groups.values().stream().filter(g -> !g.get(0).sender().startsWith("Fedify") && g.get(0).variant().startsWith("personal")).forEach(g -> {
                String pairs = "";
                if (g == paired && g.size() == fedify.size()) {
                    List<Double> ratios = new ArrayList<>();
                    for (int i = 0; i < g.size(); i++) {
                        ratios.add(g.get(i).perSecond() / fedify.get(i).perSecond());
                    }
                    pairs = "; round by round " + ratios.stream().map(x -> String.format(Locale.ROOT, "%.2fx", x))
                        .collect(Collectors.joining(", ")) + String.format(Locale.ROOT, " (median %.2fx)", median(ratios));
                }
                System.out.printf(Locale.ROOT, "%s / Fedify end-to-end rate, personal inboxes: %.2fx (medians)%s%n",
                    g.get(0).sender(), median(g.stream().map(Row::perSecond).toList()) / fedifyMedian, pairs);
            });
        }
        System.out.println("targets: >= 1.5x Fedify's end-to-end rate without shared inboxes; one POST per host with them");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
