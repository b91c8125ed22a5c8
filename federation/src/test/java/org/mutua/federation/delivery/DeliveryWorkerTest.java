package org.mutua.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mutua.federation.delivery.DeliveryRows.Recipient;
import org.mutua.federation.delivery.Receiver.Answer;
import org.mutua.federation.signatures.HttpSignatures;
import org.mutua.federation.signatures.SignableRequest;
import org.mutua.federation.signatures.VerificationResult;

/** The worker against real receivers and a real PostgreSQL: outcomes, ordering, signing, leases. */
class DeliveryWorkerTest extends QueueTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void fanOutCollapsesSharedInboxesAndPostsOncePerDistinctInbox() throws Exception {
        Receiver a = Receiver.start(vertx);
        Receiver b = Receiver.start(vertx);
        Receiver c = Receiver.start(vertx);
        List<Recipient> recipients = List.of(
            new Recipient(a.url("/users/1/inbox"), a.url("/inbox")),
            new Recipient(a.url("/users/2/inbox"), a.url("/inbox")),
            new Recipient(a.url("/users/3/inbox"), a.url("/inbox")),
            new Recipient(b.url("/users/4/inbox"), null),
            new Recipient(b.url("/users/5/inbox"), null),
            new Recipient(b.url("/users/5/inbox"), null),
            new Recipient(c.url("/users/6/inbox"), c.url("/inbox").replace("127.0.0.1", "127.0.0.1")));

        assertEquals(4, enqueue("https://aid.example/a/1", "Create", "https://aid.example/o/1", recipients));
        startWorker(fast());

        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        assertEquals(List.of("/inbox"), a.requests.stream().map(Receiver.Received::path).toList());
        assertEquals(List.of("/users/4/inbox", "/users/5/inbox"),
            b.requests.stream().map(Receiver.Received::path).sorted().toList());
        assertEquals(1, c.requests.size());

        // what arrived is a signed POST of the exact body, verifiable with the signer's public key
        Receiver.Received got = a.requests.get(0);
        assertEquals("POST", got.method());
        assertEquals("https://aid.example/a/1", got.activityId());
        assertEquals(1, got.headers().getAll("Host").size());
        assertEquals("application/activity+json", got.headers().get("Content-Type"));
        Map<String, List<String>> headers = new HashMap<>();
        got.headers().forEach(e -> headers.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
        SignableRequest asReceived = new SignableRequest("POST", URI.create(a.url("/inbox")), headers, got.body());
        VerificationResult result = new HttpSignatures(Clock.systemUTC())
            .verify(asReceived, keyId -> keyId.equals(KEY_ID) ? Optional.of(KEY.getPublic()) : Optional.empty());
        assertInstanceOf(VerificationResult.Verified.class, result, result.toString());
        assertFalse(got.rfc9421(), "the first knock is draft-cavage");
    }

    @Test
    void createUpdateDeleteReachOneInboxInOrderEvenWhenTheFirstAttemptFails() throws Exception {
        Receiver r = Receiver.start(vertx);
        int[] calls = {0};
        r.responder = rec -> calls[0]++ == 0 ? Answer.of(503) : Answer.of(202);
        String object = "https://aid.example/o/7";
        enqueueTo(r, "https://aid.example/a/create", "Create", object);
        enqueueTo(r, "https://aid.example/a/update", "Update", object);
        enqueueTo(r, "https://aid.example/a/delete", "Delete", object);
        // several workers, several lanes per host: only the ordering rule keeps them in order
        startWorker(fast().perHostConcurrency(8));

        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        assertEquals(List.of("https://aid.example/a/create", "https://aid.example/a/create",
            "https://aid.example/a/update", "https://aid.example/a/delete"), r.activityIds());
    }

    @Test
    void otherObjectsToTheSameInboxDoNotWaitBehindAFailingRow() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> rec.activityId().endsWith("/stuck") ? Answer.of(500) : Answer.of(202);
        enqueueTo(r, "https://aid.example/a/stuck", "Create", "https://aid.example/o/1");
        enqueueTo(r, "https://aid.example/a/free", "Create", "https://aid.example/o/2");
        startWorker(fast());

        eventually(WAIT, "the other object delivered", () -> "delivered".equals(TestDatabase.states().get(2L)));
        // The stuck row is between attempts (pending) or in one (in_flight), never delivered; which one is timing.
        assertTrue(java.util.Set.of("pending", "in_flight").contains(TestDatabase.states().get(1L)), TestDatabase.states().toString());
    }

    @Test
    void goneReceiverIsNotRetriedAndTheRowFails() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> Answer.of(410);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast());

        eventually(WAIT, "failed", () -> allIn("failed"));
        sleep(Duration.ofMillis(400));
        assertEquals(1, r.requests.size(), "no retry and no double-knock on 410");
        var row = TestDatabase.query("SELECT attempts, last_status FROM federation_delivery").get(0);
        assertEquals(1, row.get("attempts"));
        assertEquals(410, row.get("last_status"));
    }

    @Test
    void notImplementedFailsWithoutRetry() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> Answer.of(501);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast());

        eventually(WAIT, "failed", () -> allIn("failed"));
        sleep(Duration.ofMillis(300));
        assertEquals(1, r.requests.size());
    }

    @Test
    void serverErrorIsRetriedThenDeliveredWithoutADoubleKnock() throws Exception {
        Receiver r = Receiver.start(vertx);
        int[] calls = {0};
        r.responder = rec -> calls[0]++ == 0 ? Answer.of(500) : Answer.of(202);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast());

        eventually(WAIT, "delivered", () -> allIn("delivered"));
        assertEquals(2, r.requests.size());
        assertTrue(r.requests.stream().noneMatch(Receiver.Received::rfc9421), "5xx never triggers the other scheme");
        var row = TestDatabase.query("SELECT attempts, last_status, last_error FROM federation_delivery").get(0);
        assertEquals(2, row.get("attempts"));
        assertEquals(202, row.get("last_status"));
        long gapMs = (r.requests.get(1).nanos() - r.requests.get(0).nanos()) / 1_000_000;
        assertTrue(gapMs >= 90, "waited for the schedule: " + gapMs + " ms");
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() throws Exception {
        Receiver r = Receiver.start(vertx);
        int[] calls = {0};
        r.responder = rec -> calls[0]++ == 0 ? new Answer(429, "2", Duration.ZERO) : Answer.of(202);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast());

        eventually(WAIT, "delivered", () -> allIn("delivered"));
        long gapMs = (r.requests.get(1).nanos() - r.requests.get(0).nanos()) / 1_000_000;
        assertTrue(gapMs >= 1900, "Retry-After 2 s beats the 100 ms schedule: " + gapMs + " ms");
        assertTrue(gapMs < 4000, "not much later than Retry-After: " + gapMs + " ms");
    }

    @Test
    void receiverRejectingCavageGetsRfc9421AfterADoubleKnockAndTheSchemeIsRemembered() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> rec.rfc9421() ? Answer.of(202) : Answer.of(401);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast());

        eventually(WAIT, "first delivered", () -> allIn("delivered"));
        assertEquals(List.of(false, true), r.requests.stream().map(Receiver.Received::rfc9421).toList());
        var host = TestDatabase.query("SELECT signature_scheme, scheme_remembered_at FROM federation_host_state").get(0);
        assertEquals("rfc9421", host.get("signature_scheme"));

        enqueueTo(r, "https://aid.example/a/2", "Create", "https://aid.example/o/2");
        eventually(WAIT, "second delivered", () -> allIn("delivered") && TestDatabase.states().size() == 2);
        assertEquals(3, r.requests.size(), "the second activity goes RFC 9421 first, no knock");
        assertTrue(r.requests.get(2).rfc9421());
        var row = TestDatabase.query("SELECT attempts FROM federation_delivery WHERE id = 1").get(0);
        assertEquals(1, row.get("attempts"), "a double-knock is one attempt");
    }

    @Test
    void rememberedSchemeRejectedKnocksOnceWithTheOther() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> rec.rfc9421() ? Answer.of(401) : Answer.of(202);
        TestDatabase.update("INSERT INTO federation_host_state (host, signature_scheme, scheme_remembered_at) "
            + "VALUES (?, 'rfc9421', now())", r.host());
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast());

        eventually(WAIT, "delivered", () -> allIn("delivered"));
        assertEquals(List.of(true, false), r.requests.stream().map(Receiver.Received::rfc9421).toList());
        assertEquals("cavage", TestDatabase.query("SELECT signature_scheme FROM federation_host_state").get(0)
            .get("signature_scheme"));
    }

    @Test
    void unauthorizedAfterTheDoubleKnockIsRetried() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> Answer.of(401);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast().maxAttempts(2));

        eventually(WAIT, "failed after 2 attempts", () -> allIn("failed"));
        assertEquals(List.of(false, true, false, true), r.requests.stream().map(Receiver.Received::rfc9421).toList());
        var row = TestDatabase.query("SELECT attempts, last_status FROM federation_delivery").get(0);
        assertEquals(2, row.get("attempts"));
        assertEquals(401, row.get("last_status"));
    }

    @Test
    void refusedAddressFailsAtOnceWithoutDialling() throws Exception {
        Receiver r = Receiver.start(vertx);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(pool, fast(), uri -> io.vertx.core.Future.succeededFuture(java.util.Optional.empty()));

        eventually(WAIT, "failed", () -> allIn("failed"));
        sleep(Duration.ofMillis(200));
        assertEquals(0, r.requests.size());
        assertEquals("address refused", TestDatabase.query("SELECT last_error FROM federation_delivery").get(0).get("last_error"));
    }

    @Test
    void unreachableInboxIsRetriedAsANetworkError() throws Exception {
        Receiver r = Receiver.start(vertx);
        String deadInbox = "http://127.0.0.1:1/inbox"; // nothing listens on port 1
        enqueue("https://aid.example/a/1", "Create", "https://aid.example/o/1", List.of(new Recipient(deadInbox, null)));
        startWorker(fast().maxAttempts(3));

        eventually(WAIT, "failed after retries", () -> allIn("failed"));
        var row = TestDatabase.query("SELECT attempts, last_status, last_error FROM federation_delivery").get(0);
        assertEquals(3, row.get("attempts"));
        assertEquals(null, row.get("last_status"));
        assertTrue(((String) row.get("last_error")).startsWith("connect"), (String) row.get("last_error"));
        assertEquals(0, r.requests.size());
    }

    @Test
    void rowsWaitingForTheirLaneAreSignedAheadAndEachRequestVerifiesForItsOwnInbox() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> new Receiver.Answer(202, null, Duration.ofMillis(20));
        List<Recipient> recipients = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            recipients.add(new Recipient(r.url("/users/" + i + "/inbox"), null));
        }
        assertEquals(12, enqueue("https://aid.example/a/1", "Create", "https://aid.example/o/1", recipients));
        startWorker(fast());

        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        assertEquals(12, r.requests.size());
        for (Receiver.Received got : r.requests) {
            assertVerifiesWithTheSignersKey(r, got);
        }
    }

    @Test
    void aFanOutWhoseBodyIsStoredOnceArrivesWholeAndSignedAtEveryInbox() throws Exception {
        Receiver a = Receiver.start(vertx);
        Receiver b = Receiver.start(vertx);
        List<Recipient> recipients = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            recipients.add(new Recipient((i % 2 == 0 ? a : b).url("/users/" + i + "/inbox"), null));
        }
        assertEquals(10, enqueueAsOneFanOut("https://aid.example/a/1", "Create", "https://aid.example/o/1", recipients));
        // a row with its own body (queued one at a time, or before bodies were shared) in the same claim
        assertEquals(1, enqueueTo(a, "https://aid.example/a/2", "Announce", "https://aid.example/o/2"));
        assertEquals(List.of(1L), TestDatabase.query("SELECT count(*) AS n FROM federation_delivery_body").stream()
            .map(m -> m.get("n")).toList());
        startWorker(fast());

        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        assertEquals(6, a.requests.size());
        assertEquals(5, b.requests.size());
        byte[] fanOut = body("https://aid.example/a/1", "Create", "https://aid.example/o/1");
        byte[] announce = body("https://aid.example/a/2", "Announce", "https://aid.example/o/2");
        for (Receiver r : List.of(a, b)) {
            for (Receiver.Received got : r.requests) {
                byte[] expected = got.path().equals("/inbox") ? announce : fanOut;
                assertEquals(new String(expected, java.nio.charset.StandardCharsets.UTF_8),
                    new String(got.body(), java.nio.charset.StandardCharsets.UTF_8), got.path());
                assertVerifiesWithTheSignersKey(r, got);
            }
        }
    }

    @Test
    void rowsWhoseSharedBodyWasDeletedFailInsteadOfBeingSentEmpty() throws Exception {
        Receiver r = Receiver.start(vertx);
        assertEquals(3, enqueueAsOneFanOut("https://aid.example/a/1", "Create", "https://aid.example/o/1", List.of(
            new Recipient(r.url("/users/1/inbox"), null), new Recipient(r.url("/users/2/inbox"), null),
            new Recipient(r.url("/users/3/inbox"), null))));
        TestDatabase.update("DELETE FROM federation_delivery_body");
        startWorker(fast());

        eventually(WAIT, "all failed", () -> allIn("failed"));
        assertEquals(0, r.requests.size());
        assertEquals(List.of("its body is missing"), TestDatabase.query("SELECT DISTINCT last_error FROM federation_delivery")
            .stream().map(m -> m.get("last_error")).toList());
    }

    @Test
    void aSignatureMadeAheadThatGrewStaleIsMadeAgainWithTheCurrentDate() throws Exception {
        MovableClock clock = new MovableClock(java.time.Instant.parse("2026-11-24T10:00:00Z"));
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> {
            if (r.requests.size() == 1) {
                // the other rows were claimed with the first and signed ahead at 10:00; their turn comes a minute later
                clock.now = clock.now.plus(DeliveryWorker.PRESIGNED_FRESH.multipliedBy(2));
            }
            return Receiver.Answer.of(202);
        };
        List<Recipient> recipients = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            recipients.add(new Recipient(r.url("/users/" + i + "/inbox"), null));
        }
        enqueue("https://aid.example/a/1", "Create", "https://aid.example/o/1", recipients);
        startWorker(fast().clock(clock));

        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        assertEquals("Tue, 24 Nov 2026 10:00:00 GMT", r.requests.get(0).headers().get("Date"));
        for (Receiver.Received later : r.requests.subList(1, 4)) {
            assertEquals("Tue, 24 Nov 2026 10:01:00 GMT", later.headers().get("Date"), later.path());
            VerificationResult result = new HttpSignatures(clock).verify(asReceived(r, later),
                keyId -> keyId.equals(KEY_ID) ? Optional.of(KEY.getPublic()) : Optional.empty());
            assertInstanceOf(VerificationResult.Verified.class, result, later.path() + ": " + result);
        }
    }

    private static void assertVerifiesWithTheSignersKey(Receiver r, Receiver.Received got) {
        VerificationResult result = new HttpSignatures(Clock.systemUTC()).verify(asReceived(r, got),
            keyId -> keyId.equals(KEY_ID) ? Optional.of(KEY.getPublic()) : Optional.empty());
        assertInstanceOf(VerificationResult.Verified.class, result, got.path() + ": " + result);
    }

    private static SignableRequest asReceived(Receiver r, Receiver.Received got) {
        Map<String, List<String>> headers = new HashMap<>();
        got.headers().forEach(e -> headers.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
        return new SignableRequest("POST", URI.create(r.url(got.path())), headers, got.body());
    }

    /** A clock a test moves by hand. */
    private static final class MovableClock extends Clock {
        volatile java.time.Instant now;

        MovableClock(java.time.Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void oneRequestInFlightPerHostByDefault() throws Exception {
        Receiver r = receiverWithCreates(5, Duration.ofMillis(100));
        startWorker(fast());
        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        assertEquals(1, r.maxInFlight.get());
    }

    @Test
    void perHostConcurrencyIsConfigurable() throws Exception {
        Receiver r = receiverWithCreates(6, Duration.ofMillis(300));
        startWorker(fast().perHostConcurrency(3));
        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        assertEquals(3, r.maxInFlight.get());
    }

    @Test
    void twoWorkersOnTwoPoolsDeliverEachRowExactlyOnce() throws Exception {
        List<Receiver> receivers = receivers(4, Duration.ofMillis(5));
        assertEquals(40, enqueueCreates(receivers, 40));
        startWorker(newPool(), fast().perHostConcurrency(2), ALLOW_ALL);
        startWorker(newPool(), fast().perHostConcurrency(2), ALLOW_ALL);

        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        List<String> ids = receivers.stream().flatMap(r -> r.activityIds().stream()).toList();
        assertEquals(40, ids.size(), "each row POSTed exactly once");
        assertEquals(40, ids.stream().distinct().count());
        for (Receiver r : receivers) {
            assertTrue(r.maxInFlight.get() <= 2, "lane limit holds across both workers: " + r.maxInFlight.get());
        }
    }

    @Test
    void requestsAcrossAllHostsStayWithinTheWorkerLimit() throws Exception {
        List<Receiver> receivers = receivers(4, Duration.ofMillis(150));
        enqueueCreates(receivers, 12);
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        long sampler = vertx.setPeriodic(5, t -> most.accumulateAndGet(
            receivers.stream().mapToInt(r -> r.inFlight.get()).sum(), Math::max));
        startWorker(fast().workers(2));

        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        vertx.cancelTimer(sampler);
        assertEquals(2, most.get(), "two requests at a time over four hosts, though the worker holds more rows");
    }

    @Test
    void aHostWhoseRowsAnotherWorkerHoldsIsLeftToIt() throws Exception {
        Receiver r = receiverWithCreates(6, Duration.ofMillis(200));
        // The first answer waits until the second worker runs: the first worker surely holds the host's rows then.
        // (Waiting for "exactly one request so far" missed that 200 ms moment whenever this thread was descheduled.)
        Promise<Void> secondWorkerRuns = Promise.promise();
        AtomicInteger calls = new AtomicInteger();
        r.responder = rec -> calls.getAndIncrement() == 0 ? Answer.when(secondWorkerRuns.future(), 202)
            : new Answer(202, null, Duration.ofMillis(200));
        startWorker(newPool(), fast(), ALLOW_ALL);
        eventually(WAIT, "first request arrived", () -> r.requests.size() == 1);
        startWorker(newPool(), fast(), ALLOW_ALL);
        secondWorkerRuns.complete();

        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        assertEquals(1, r.maxInFlight.get(), "one request at a time to the host, across both workers");
        assertEquals(6, r.activityIds().stream().distinct().count());
        assertEquals(6, r.requests.size());
    }

    @Test
    void deliveriesRecordedTogetherClearEachHostsFailureDaysAndEachInboxsBreaker() throws Exception {
        List<Receiver> receivers = List.of(Receiver.start(vertx), Receiver.start(vertx), Receiver.start(vertx));
        for (Receiver r : receivers) {
            TestDatabase.update("INSERT INTO federation_host_state (host, failure_days) VALUES (?, ARRAY[current_date - 1])", r.host());
            TestDatabase.update("INSERT INTO federation_inbox_state (inbox, consecutive_failures) VALUES (?, 3)", r.url("/inbox"));
        }
        enqueueCreates(receivers, 60);
        startWorker(fast().workers(8).perHostConcurrency(4));

        eventually(WAIT, "all delivered", () -> allIn("delivered"));
        assertEquals(60, TestDatabase.query("SELECT 1 FROM federation_delivery WHERE attempts = 1 AND last_status = 202 "
            + "AND last_error IS NULL AND lease_until IS NULL").size());
        assertTrue(TestDatabase.query("SELECT 1 FROM federation_inbox_state").isEmpty(), "every breaker reset");
        var hosts = TestDatabase.query("SELECT cardinality(failure_days) AS days, signature_scheme FROM federation_host_state");
        assertEquals(3, hosts.size());
        for (var h : hosts) {
            assertEquals(0, ((Number) h.get("days")).intValue());
            assertEquals("cavage", h.get("signature_scheme"));
        }
    }

    @Test
    void rowWithAnExpiredLeaseIsClaimedAgainAndDelivered() throws Exception {
        Receiver r = Receiver.start(vertx);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        // a process crashed mid-request: the row is in flight with a lease that ran out
        TestDatabase.update("UPDATE federation_delivery SET state = 'in_flight', lease_until = now() - interval '1 second'");
        startWorker(fast());

        eventually(WAIT, "delivered", () -> allIn("delivered"));
        assertEquals(1, r.requests.size());
    }

    @Test
    void rowWithALiveLeaseIsLeftToItsHolder() throws Exception {
        Receiver r = Receiver.start(vertx);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        TestDatabase.update("UPDATE federation_delivery SET state = 'in_flight', lease_until = now() + interval '1 minute'");
        startWorker(fast());

        sleep(Duration.ofMillis(500));
        assertEquals(0, r.requests.size());
        assertEquals("in_flight", TestDatabase.states().get(1L));
    }

    @Test
    void leaseIsRenewedWhileASlowRequestRuns() throws Exception {
        Receiver r = Receiver.start(vertx);
        // The request outlasts the lease twice over; a renewal may come 2.75 s late before the lease lapses (with a
        // 1 s lease, a database slowed for 750 ms by a loaded machine let the other worker take the row).
        r.responder = rec -> new Answer(202, null, Duration.ofSeconds(6));
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        DeliveryOptions shortLease = fast().lease(Duration.ofSeconds(3)).leaseRenewal(Duration.ofMillis(250));
        startWorker(newPool(), shortLease, ALLOW_ALL);
        eventually(WAIT, "first request arrived", () -> r.requests.size() == 1);
        startWorker(newPool(), shortLease, ALLOW_ALL);

        eventually(WAIT, "delivered", () -> allIn("delivered"));
        sleep(Duration.ofMillis(300));
        assertEquals(1, r.requests.size(), "the other worker never took over a renewed lease");
    }

    @Test
    void stopReturnsUnstartedRowsToPending() throws Exception {
        Receiver r = receiverWithCreates(3, Duration.ZERO);
        // The request in flight ends only once stop() has given the waiting rows back, so no second request can
        // start in between (with a 400 ms answer it did whenever this thread called stop() late).
        Promise<Void> answer = Promise.promise();
        r.responder = rec -> Answer.when(answer.future(), 202);
        DeliveryWorker w = await(DeliveryWorker.start(vertx, pool, SIGNERS, ALLOW_ALL, fast().perHostConcurrency(1)));
        eventually(WAIT, "first request arrived, the other rows held", () -> r.requests.size() == 1
            && TestDatabase.states().values().stream().allMatch("in_flight"::equals));
        io.vertx.core.Future<Void> stopped = w.stop();
        eventually(WAIT, "the waiting rows given back", () -> TestDatabase.states().values().stream().skip(1).allMatch("pending"::equals));
        answer.complete();
        await(stopped);

        var states = TestDatabase.states();
        assertEquals("delivered", states.get(1L), "the request in flight finished and was recorded");
        assertEquals(1, r.requests.size());
        assertTrue(states.values().stream().skip(1).allMatch("pending"::equals), states.toString());
    }

    @Test
    void oversizedResponseIsCutOffAtOneMegabyteAndTheStatusStillCounts() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> new Answer(202, null, Duration.ZERO, 3 * 1024 * 1024, null);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        long start = System.nanoTime();
        startWorker(fast());

        eventually(WAIT, "delivered", () -> allIn("delivered"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5000, "no waiting for the rest of the body");
        assertEquals(1, r.requests.size());
    }

    @Test
    void requestExceedingTheWholeTimeoutIsAbortedAndRetried() throws Exception {
        Receiver r = Receiver.start(vertx);
        int[] calls = {0};
        r.responder = rec -> calls[0]++ == 0 ? new Answer(202, null, Duration.ofSeconds(5)) : Answer.of(202);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast().requestTimeout(Duration.ofMillis(400)));

        eventually(WAIT, "delivered", () -> allIn("delivered"));
        // Between the two attempts as the receiver saw them (not from before the worker started, which on a loaded
        // machine took most of a fixed 3 s): waiting for the slow answer would put the retry 5 s after the first.
        long ms = (r.requests.get(1).nanos() - r.requests.get(0).nanos()) / 1_000_000;
        assertTrue(ms < 5000, "did not wait for the slow answer: retried after " + ms + " ms");
        var row = TestDatabase.query("SELECT attempts FROM federation_delivery").get(0);
        assertEquals(2, row.get("attempts"));
    }

    @Test
    void redirectsAreNotFollowedOnPost() throws Exception {
        Receiver elsewhere = Receiver.start(vertx);
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> new Answer(307, null, Duration.ZERO, 0, elsewhere.url("/inbox"));
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast().maxAttempts(2));

        eventually(WAIT, "failed", () -> allIn("failed"));
        assertEquals(2, r.requests.size());
        assertEquals(0, elsewhere.requests.size());
        assertEquals(307, TestDatabase.query("SELECT last_status FROM federation_delivery").get(0).get("last_status"));
    }

    @Test
    void wakeUpClaimsAtOnceWithoutWaitingForThePoll() throws Exception {
        Receiver r = Receiver.start(vertx);
        DeliveryWorker w = startWorker(fast().pollInterval(Duration.ofMinutes(5)));
        sleep(Duration.ofMillis(200)); // the first poll, at start, found nothing
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        w.wakeUp();

        // well before the next poll in 5 minutes (a fixed 3 s was a guess at this machine's speed)
        eventually(WAIT, "delivered", () -> allIn("delivered"));
    }

    @Test
    void tlsCertificatesAreVerifiedAndTlsErrorsAreRetried(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        // a self-signed certificate for localhost, made with the JDK's keytool
        java.nio.file.Path store = tmp.resolve("self-signed.p12");
        String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "peer", "-keyalg", "RSA", "-keysize", "2048",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
            "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        var server = await(vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new io.vertx.core.net.PfxOptions().setPath(store.toString()).setPassword("changeit")).setHost("127.0.0.1").setPort(0))
            .requestHandler(req -> {
                received.add(req.path());
                req.response().setStatusCode(202).end();
            }).listen());
        String inbox = "https://localhost:" + server.actualPort() + "/inbox";
        enqueue("https://aid.example/a/1", "Create", "https://aid.example/o/1", List.of(new Recipient(inbox, null)));
        startWorker(fast().maxAttempts(2));

        eventually(WAIT, "failed after retries", () -> allIn("failed"));
        assertEquals(List.of(), received, "a self-signed certificate is refused: nothing reached the handler");
        var row = TestDatabase.query("SELECT attempts, last_status, last_error FROM federation_delivery").get(0);
        assertEquals(2, row.get("attempts"));
        assertEquals(null, row.get("last_status"));
        String error = (String) row.get("last_error");
        assertTrue(error.contains("SSL") || error.contains("PKIX") || error.contains("certificat"), error);
    }

    /** A receiver answering 202 after {@code delay}, with {@code rows} Creates of distinct objects queued for it. */
    private Receiver receiverWithCreates(int rows, Duration delay) throws Exception {
        Receiver r = receivers(1, delay).get(0);
        enqueueCreates(List.of(r), rows);
        return r;
    }

    /** Creates of distinct objects, spread over the receivers in turn; answers the rows written. */
    private int enqueueCreates(List<Receiver> receivers, int rows) {
        int written = 0;
        for (int i = 0; i < rows; i++) {
            written += enqueueTo(receivers.get(i % receivers.size()), "https://aid.example/a/" + i, "Create", "https://aid.example/o/" + i);
        }
        return written;
    }

    /** Receivers on separate ports (separate hosts), each answering 202 after the delay. */
    private List<Receiver> receivers(int count, Duration delay) throws Exception {
        List<Receiver> receivers = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Receiver r = Receiver.start(vertx);
            r.responder = rec -> new Answer(202, null, delay);
            receivers.add(r);
        }
        return receivers;
    }
}
