package org.mutua.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mutua.federation.delivery.DeliveryRows.Recipient;
import org.mutua.federation.delivery.Receiver.Answer;

/** Dead hosts, the circuit breaker and retention, against a real PostgreSQL. */
class HostHealthAndRetentionTest extends QueueTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static void seedFailureDays(String host, int days) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        StringBuilder array = new StringBuilder("{");
        for (int i = days; i >= 1; i--) {
            array.append(today.minusDays(i)).append(i > 1 ? "," : "");
        }
        array.append('}');
        TestDatabase.update("INSERT INTO federation_host_state (host, failure_days) VALUES (?, CAST(? AS date[]))",
            host, array.toString());
    }

    @Test
    void seventhFailureDaySkipsPendingRowsAndRefusesNewRowsExceptFollowUndoAcceptReject() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> Answer.of(500);
        seedFailureDays(r.host(), 6);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        enqueueTo(r, "https://aid.example/a/2", "Create", "https://aid.example/o/2");
        enqueueTo(r, "https://aid.example/a/3", "Announce", "https://aid.example/o/3");
        enqueueTo(r, "https://aid.example/a/4", "Follow", "https://peer.example/users/x");
        DeliveryWorker w = startWorker(fast().retrySchedule(RetrySchedule.fixed(Duration.ofMinutes(10))));

        eventually(WAIT, "host marked unavailable", () -> Boolean.TRUE.equals(
            TestDatabase.query("SELECT unavailable FROM federation_host_state").get(0).get("unavailable")));
        eventually(WAIT, "rows skipped", () -> TestDatabase.states().values().stream().filter("skipped"::equals).count() == 3);
        await(w.stop());
        var states = TestDatabase.states();
        assertEquals(List.of("skipped", "skipped", "skipped"), List.copyOf(states.values()).subList(0, 3));
        assertTrue(List.of("pending", "in_flight").contains(states.get(4L)), "a Follow is still delivered: " + states);
        assertEquals(7, ((Object[]) ((java.sql.Array) TestDatabase.query(
            "SELECT failure_days FROM federation_host_state").get(0).get("failure_days")).getArray()).length);

        // new rows to the host: refused, except Follow, Undo, Accept and Reject
        assertEquals(0, enqueueTo(r, "https://aid.example/a/5", "Create", "https://aid.example/o/5"));
        assertEquals(0, enqueueTo(r, "https://aid.example/a/6", "Update", "https://aid.example/o/5"));
        assertEquals(1, enqueueTo(r, "https://aid.example/a/7", "Follow", "https://peer.example/users/y"));
        assertEquals(1, enqueueTo(r, "https://aid.example/a/8", "Undo", "https://aid.example/a/7"));
        assertEquals(1, enqueueTo(r, "https://aid.example/a/9", "Accept", "https://peer.example/follows/1"));
        assertEquals(1, enqueueTo(r, "https://aid.example/a/10", "Reject", "https://peer.example/follows/2"));
    }

    @Test
    void anySuccessClearsTheFailureDaysAndMakesTheHostAvailableAgain() throws Exception {
        Receiver r = Receiver.start(vertx);
        TestDatabase.update("INSERT INTO federation_host_state (host, failure_days, unavailable) "
            + "VALUES (?, CAST(? AS date[]), true)", r.host(), "{2026-01-01,2026-01-02,2026-01-03,2026-01-04,"
            + "2026-01-05,2026-01-06,2026-01-07}");
        assertEquals(0, enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1"));
        assertEquals(1, enqueueTo(r, "https://aid.example/a/2", "Follow", "https://peer.example/users/x"));
        startWorker(fast());

        eventually(WAIT, "delivered", () -> allIn("delivered"));
        var host = TestDatabase.query("SELECT unavailable, cardinality(failure_days) AS days FROM federation_host_state").get(0);
        assertFalse((Boolean) host.get("unavailable"));
        assertEquals(0, host.get("days"));
        assertEquals(1, enqueueTo(r, "https://aid.example/a/3", "Create", "https://aid.example/o/3"));
    }

    @Test
    void failuresOnOneDayCountAsOneFailureDay() throws Exception {
        LocalDate started = LocalDate.now(ZoneOffset.UTC);
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> Answer.of(503);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast().maxAttempts(4));

        eventually(WAIT, "failed", () -> allIn("failed"));
        var host = TestDatabase.query("SELECT unavailable, failure_days[1] AS day, cardinality(failure_days) AS days "
            + "FROM federation_host_state").get(0);
        assertEquals(1, host.get("days"));
        // The day of the failed attempt, by the worker's clock: between the test's start and now (midnight UTC may pass).
        LocalDate day = ((Date) host.get("day")).toLocalDate();
        assertFalse(day.isBefore(started) || day.isAfter(LocalDate.now(ZoneOffset.UTC)), day + " not in " + started + " .. today");
        assertFalse((Boolean) host.get("unavailable"));
    }

    @Test
    void tenConsecutiveFailuresOnOneInboxPauseItForSixtySeconds() throws Exception {
        Receiver r = Receiver.start(vertx);
        r.responder = rec -> Answer.of(500);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast().retrySchedule(RetrySchedule.fixed(Duration.ofMillis(10))));

        eventually(WAIT, "ten attempts", () -> r.requests.size() >= 10);
        sleep(Duration.ofMillis(800));
        assertEquals(10, r.requests.size(), "the circuit is open: no eleventh attempt");
        var inbox = TestDatabase.query("SELECT consecutive_failures, "
            + "extract(epoch FROM paused_until - now()) AS remaining FROM federation_inbox_state").get(0);
        assertEquals(10, inbox.get("consecutive_failures"));
        double remaining = ((Number) inbox.get("remaining")).doubleValue();
        assertTrue(remaining > 55 && remaining <= 60, "paused for 60 s: " + remaining);
        var row = TestDatabase.query("SELECT state, attempts FROM federation_delivery").get(0);
        assertEquals("pending", row.get("state"));
        assertEquals(10, row.get("attempts"));
    }

    @Test
    void circuitClosesAfterThePauseAndASuccessResetsIt() throws Exception {
        Receiver r = Receiver.start(vertx);
        int[] calls = {0};
        r.responder = rec -> calls[0]++ < 3 ? Answer.of(500) : Answer.of(202);
        enqueueTo(r, "https://aid.example/a/1", "Create", "https://aid.example/o/1");
        startWorker(fast().retrySchedule(RetrySchedule.fixed(Duration.ofMillis(10)))
            .breakerThreshold(3).breakerPause(Duration.ofMillis(700)));

        // at least: "exactly three" is true only during the 700 ms pause, which a descheduled test thread can miss
        eventually(WAIT, "three attempts", () -> r.requests.size() >= 3);
        long opened = System.nanoTime();
        eventually(WAIT, "delivered", () -> allIn("delivered"));
        long pausedMs = (r.requests.get(3).nanos() - r.requests.get(2).nanos()) / 1_000_000;
        assertTrue(pausedMs >= 600, "the fourth attempt waited for the pause: " + pausedMs + " ms " + opened);
        assertTrue(TestDatabase.query("SELECT 1 FROM federation_inbox_state").isEmpty(), "success resets the breaker");
    }

    @Test
    void retentionDeletesDeliveredAfter24HoursAndFailedOrSkippedAfter7Days() {
        String insert = "INSERT INTO federation_delivery (activity_id, activity_type, host, inbox, body, signer, state, "
            + "updated_at) VALUES (?, 'Create', 'peer.example', 'https://peer.example/inbox', '\\x7b7d'::bytea, 'k', ?, "
            + "now() - CAST(? AS interval))";
        TestDatabase.update(insert, "delivered-old", "delivered", "25 hours");
        TestDatabase.update(insert, "delivered-new", "delivered", "23 hours");
        TestDatabase.update(insert, "failed-old", "failed", "8 days");
        TestDatabase.update(insert, "failed-new", "failed", "6 days");
        TestDatabase.update(insert, "skipped-old", "skipped", "8 days");
        TestDatabase.update(insert, "skipped-new", "skipped", "6 days");
        TestDatabase.update(insert, "pending-old", "pending", "30 days");
        TestDatabase.update(insert, "in-flight-old", "in_flight", "30 days");

        assertEquals(3, await(DeliveryWorker.cleanup(pool, new DeliveryOptions())));
        List<String> left = TestDatabase.query("SELECT activity_id FROM federation_delivery ORDER BY id").stream()
            .map(m -> (String) m.get("activity_id")).toList();
        assertEquals(List.of("delivered-new", "failed-new", "skipped-new", "pending-old", "in-flight-old"), left);
    }

    @Test
    void retentionDeletesASharedBodyOnceNoRowPointsAtIt() {
        List<Recipient> two = List.of(new Recipient("https://peer.example/users/1/inbox", null),
            new Recipient("https://peer.example/users/2/inbox", null));
        assertEquals(2, enqueueAsOneFanOut("https://aid.example/a/old", "Create", "https://aid.example/o/1", two));
        assertEquals(2, enqueueAsOneFanOut("https://aid.example/a/new", "Create", "https://aid.example/o/2", two));
        TestDatabase.update("UPDATE federation_delivery SET state = 'delivered', updated_at = now() - interval '25 hours' "
            + "WHERE activity_id = 'https://aid.example/a/old'");
        TestDatabase.update("UPDATE federation_delivery SET state = 'delivered', updated_at = now() - interval '25 hours' "
            + "WHERE activity_id = 'https://aid.example/a/new' AND inbox LIKE '%/1/inbox'");
        // every host of this one was refused: its body has no row from the start
        TestDatabase.update("INSERT INTO federation_host_state (host, unavailable) VALUES ('gone.example', true)");
        assertEquals(0, enqueueAsOneFanOut("https://aid.example/a/refused", "Create", "https://aid.example/o/3",
            List.of(new Recipient("https://gone.example/inbox", null))));
        assertEquals(3L, TestDatabase.query("SELECT count(*) AS n FROM federation_delivery_body").get(0).get("n"));

        assertEquals(3, await(DeliveryWorker.cleanup(pool, new DeliveryOptions())));
        assertEquals(List.of("https://aid.example/a/new"), TestDatabase.query(
            "SELECT DISTINCT d.activity_id FROM federation_delivery d JOIN federation_delivery_body b ON b.id = d.body_id")
            .stream().map(m -> m.get("activity_id")).toList());
        assertEquals(1L, TestDatabase.query("SELECT count(*) AS n FROM federation_delivery_body").get(0).get("n"),
            "the bodies of the deleted and the refused fan-outs are gone, the one a row still points at is kept");
    }
}
