package org.mutua.server.follows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mutua.federation.inbox.InboundFailures;
import org.mutua.federation.inbox.InboundSchedule;
import org.mutua.server.actors.Actors;
import org.mutua.server.members.MemberRole;
import org.mutua.server.testing.ActorFarm;
import org.mutua.server.testing.DbRows;
import org.mutua.server.testing.Http;
import org.mutua.server.testing.MovableClock;
import org.mutua.server.testing.TestNode;

/**
 * A burst of follows from one host is never lost (issue 15; FEDERATION.md 6 row 22, the per-domain fetch budget, and
 * row 32, inbox flood): with a budget of 5 fetches a minute, 50 actors of one host follow a member within seconds.
 * Senders retry what the inbox refuses, as Mastodon does (401, 429, 503: all but other 4xx); a job whose actor fetch
 * finds the budget spent waits and is tried again instead of ending FAILED. The node's clock is moved a minute at a
 * time, so the budget comes back without waiting for it; the retry schedule is shortened to a fifth of a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowBurstTest {
    private static final String PASSWORD = "correct horse battery";
    private static final int ACTORS = 50;

    private final MovableClock clock = new MovableClock();
    private TestNode node;
    private Http api;
    private ActorFarm farm;
    private String memberToken;
    private String adminToken;

    @BeforeAll
    void start() throws Exception {
        node = TestNode.start(Map.of("MUTUA_DEV_ALLOW_PRIVATE_ADDRESSES", "true", "MUTUA_FETCH_MAX_PER_DOMAIN_PER_MINUTE", "5"), clock,
            new InboundSchedule(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofHours(24), 32, Duration.ofSeconds(60)));
        node.await(node.node.services().members().create("lena", MemberRole.MEMBER, PASSWORD));
        node.await(node.node.services().members().create("ada", MemberRole.ADMIN, PASSWORD));
        api = new Http(node.baseUrl);
        memberToken = token("lena");
        adminToken = token("ada");
        farm = new ActorFarm(ACTORS + 2, clock);
    }

    private String token(String name) {
        return Http.json(api.postJson("/api/mutua/v1/tokens", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}")).getString("token");
    }

    @AfterAll
    void stop() {
        farm.close();
        node.close();
    }

    private JsonObject inbound(String token) {
        HttpResponse<String> r = api.get("/api/mutua/v1/admin/inbound", "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    @Test
    void fiftyFollowsFromOneHostOverItsFetchBudgetAllBecomeFollowRequests() throws Exception {
        String member = node.baseUrl + "/u/lena";
        Map<Integer, JsonObject> unanswered = new HashMap<>();
        for (int n = 0; n < ACTORS; n++) {
            unanswered.put(n, farm.follow(n, member));
        }
        DbRows db = new DbRows(node);
        Map<Integer, Integer> refusals = new HashMap<>();
        boolean sawWaiting = false;
        for (int round = 0; round < 80; round++) {
            // every sender whose delivery was refused sends it again, all at once
            Map<Integer, CompletableFuture<HttpResponse<String>>> sent = new HashMap<>();
            unanswered.forEach((n, follow) -> sent.put(n, farm.post(n, node.baseUrl, follow)));
            for (var e : sent.entrySet()) {
                HttpResponse<String> r = e.getValue().get();
                if (r.statusCode() == 202) {
                    unanswered.remove(e.getKey());
                } else {
                    assertTrue(r.statusCode() == 401 || r.statusCode() == 429 || r.statusCode() == 503, "a refusal a sender retries: " + r.statusCode() + " " + r.body());
                    refusals.merge(r.statusCode(), 1, Integer::sum);
                }
            }
            Thread.sleep(300);
            JsonObject q = inbound(adminToken);
            sawWaiting |= q.getLong("waitingToRetry") > 0;
            assertEquals(0, q.getLong("failed"), "no job ends FAILED: " + q.encode());
            if (unanswered.isEmpty() && db.count("select count(*) from federation_inbound_job where state <> 'done'") == 0) {
                break;
            }
            clock.advance(Duration.ofSeconds(61)); // the budget's minute is over
        }
        assertTrue(unanswered.isEmpty(), "every sender got its 202 in the end; still refused: " + unanswered.size());
        assertEquals(0, db.count("select count(*) from federation_inbound_job where state <> 'done'"), "every job settled");
        assertEquals(0, db.count("select count(*) from federation_inbound_job where outcome = 'FAILED'"), "none FAILED");
        assertEquals(ACTORS, db.count("select count(*) from federation_inbound_job where activity_type = 'Follow' and outcome = 'APPLIED'"));
        JsonObject requests = Http.json(api.get("/api/mutua/v1/follow-requests", "Authorization", "Bearer " + memberToken));
        assertEquals(ACTORS, requests.getInteger("totalItems"), "every follow became a follow request");
        JsonObject q = inbound(adminToken);
        assertEquals(ACTORS, q.getLong("applied"), q.encode());
        assertEquals(0, q.getLong("pending") + q.getLong("waitingToRetry") + q.getLong("inFlight"), q.encode());
        System.out.println("follow burst: refusals " + refusals + ", jobs tried more than once "
            + db.count("select count(*) from federation_inbound_job where attempts > 1") + ", waiting seen " + sawWaiting
            + ", actor fetches " + farm.actorFetches.get());
    }

    @Test
    void onlyAdminsSeeTheInboundQueue() {
        assertEquals(401, api.get("/api/mutua/v1/admin/inbound").statusCode());
        assertEquals(403, api.get("/api/mutua/v1/admin/inbound", "Authorization", "Bearer " + memberToken).statusCode());
        JsonObject q = inbound(adminToken);
        for (String key : new String[] {"pending", "waitingToRetry", "inFlight", "applied", "ignored", "refused", "failed"}) {
            assertTrue(q.getValue(key) instanceof Number, key + " in " + q.encode());
        }
        assertTrue(q.containsKey("oldestWaitingSeconds") && q.containsKey("waitingReasons"), q.encode());
    }

    /**
     * The follows feature's actor fetch hands the worker what it needs to tell a spent budget (wait and retry) from an
     * actor that is gone (end the job): the fetch failure travels as the cause of its Problem.
     */
    @Test
    void aGoneActorIsAPermanentFailureAndASpentBudgetATemporaryOne() throws Exception {
        int goneActor = ACTORS;
        farm.gone.add(goneActor);
        clock.advance(Duration.ofSeconds(61));
        Throwable gone = node.node.feature(Actors.class).remotes().byUri(farm.actorId(goneActor))
            .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get();
        assertFalse(InboundFailures.temporary(gone), "410: " + InboundFailures.reason(gone));
        assertEquals("fetch:http-410", InboundFailures.reason(gone));

        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 5; i++) {
            // spends the domain's budget of 5
            node.node.feature(Actors.class).remotes().byUri(farm.actorId(goneActor)).toCompletionStage().toCompletableFuture()
                .handle((ok, err) -> err).get();
        }
        Throwable spent = node.node.feature(Actors.class).remotes().byUri(farm.actorId(ACTORS + 1))
            .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get();
        assertTrue(InboundFailures.temporary(spent), InboundFailures.reason(spent));
        assertEquals("fetch:over-budget", InboundFailures.reason(spent));
    }
}
