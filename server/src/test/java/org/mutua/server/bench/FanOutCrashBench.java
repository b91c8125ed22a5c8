package org.mutua.server.bench;

import static org.mutua.server.bench.BenchSupport.fmt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Crash (issue 5): the fan-out of {@link FanOutBench} (2,000 followers on 16 hosts, personal inboxes), the node killed
 * with SIGKILL part-way, restarted on the same data directory (its embedded PostgreSQL orphaned and recovered, as
 * after a power loss): counts what arrived before and after, and the duplicates (delivery is at-least-once: rows in
 * flight at the kill are sent again once their 60 s lease expires).
 *
 * <p>System properties: bench.followers (2000), bench.hosts (16), bench.killAfter (500 arrivals).
 */
public final class FanOutCrashBench {
    private FanOutCrashBench() {
    }

    public static void main(String[] args) throws Exception {
        int followers = Integer.getInteger("bench.followers", 2000);
        int hosts = Integer.getInteger("bench.hosts", 16);
        int killAfter = Integer.getInteger("bench.killAfter", 500);
        System.out.println("fan-out crash: " + followers + " followers on " + hosts + " hosts, kill -9 after " + killAfter
            + " arrivals; JVM flags of the node: " + String.join(" ", BenchSupport.shippedJvmFlags()) + "; load " + BenchSupport.loadAverage());
        Path dataDir = Files.createTempDirectory("mutua-bench-crash");
        int port = BenchSupport.freePort();
        try (FanOutBench.Receivers receivers = new FanOutBench.Receivers(hosts)) {
            BenchSupport.MutuaNode first = BenchSupport.MutuaNode.start(dataDir, port, List.of());
            String token = first.memberToken("ana");
            FanOutBench.insertFollowers(first, "ana", receivers, followers, false);
            receivers.reset();
            long t0 = System.currentTimeMillis();
            first.publish(token, "Power cut on Elm Street: who has a generator?", "followers");
            FanOutBench.Stats s = receivers.stats();
            while (s.distinct() < killAfter && System.currentTimeMillis() - t0 < 300_000) {
                BenchSupport.sleep(5);
                s = receivers.stats();
            }
            first.kill9();
            long killedAt = System.currentTimeMillis();
            BenchSupport.sleep(500);
            FanOutBench.Stats atKill = receivers.stats();
            System.out.println("killed the node (kill -9, pid " + first.pid() + ") " + (killedAt - t0) + " ms after the API call; "
                + atKill.distinct() + " arrived so far (" + atKill.posts() + " POSTs)");

            try (BenchSupport.MutuaNode second = BenchSupport.MutuaNode.start(dataDir, port, List.of())) {
                long restartedAt = System.currentTimeMillis();
                System.out.println("restarted in " + (restartedAt - killedAt) + " ms (pid " + second.pid() + ")");
                FanOutBench.Stats end = receivers.await(followers, 300_000);
                BenchSupport.sleep(2000);
                end = receivers.stats();
                Map<String, Long> states = new TreeMap<>();
                try (Connection c = second.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                    "select state, count(*) from federation_delivery group by state")) {
                    while (rs.next()) {
                        states.put(rs.getString(1), rs.getLong(2));
                    }
                }
                System.out.println();
                System.out.println("CRASH: kill -9 during a fan-out to " + followers + " personal inboxes on " + hosts + " hosts, restart on the same data");
                System.out.println("  arrived before the kill       " + atKill.distinct());
                System.out.println("  arrived in all (distinct)     " + end.distinct() + " of " + followers + (end.distinct() == followers ? "  (all)" : "  (MISSING " + (followers - end.distinct()) + ")"));
                System.out.println("  POSTs received                " + end.posts());
                System.out.println("  duplicates                    " + end.duplicates());
                System.out.println("  rejected (401)                " + end.rejected());
                System.out.println("  last arrival after restart    " + fmt((end.lastAt() - restartedAt) / 1000.0) + " s (rows held by the killed process wait for their 60 s lease)");
                System.out.println("  queue rows by state           " + states);
            }
        }
    }
}
