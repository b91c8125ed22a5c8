package org.mutua.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Production defaults of FEDERATION.md §5: the Mastodon schedule, status classification, Retry-After. */
class SchedulesAndOutcomesTest {

    @Test
    void mastodonScheduleIsNToTheFourthPlusFifteenPlusUpToHalfNToTheFourth() {
        RetrySchedule low = RetrySchedule.mastodon(() -> 0.0);
        RetrySchedule high = RetrySchedule.mastodon(() -> 0.999999);
        long[] expected = {15, 16, 31, 96, 271, 640, 1311, 2416, 4111, 6576, 10015, 14656, 20751, 28576, 38431, 50640};
        for (int n = 0; n <= 15; n++) {
            assertEquals(Duration.ofSeconds(expected[n]), low.delay(n), "n=" + n);
            long n4 = (long) Math.pow(n, 4);
            assertEquals(n4 + 15 + n4 / 2.0, high.delay(n).toMillis() / 1000.0, 0.1, "n=" + n);
        }
    }

    @Test
    void productionDefaults() {
        DeliveryOptions o = new DeliveryOptions();
        assertEquals(16, o.workers());
        assertEquals(1, o.perHostConcurrency());
        assertEquals(17, o.maxAttempts());
        assertEquals(Duration.ofSeconds(60), o.lease());
        assertEquals(Duration.ofHours(6), o.maxRetryAfter());
        assertEquals(10, o.breakerThreshold());
        assertEquals(Duration.ofSeconds(60), o.breakerPause());
        assertEquals(7, o.failureDaysThreshold());
        assertEquals(Duration.ofDays(30), o.schemeMemory());
        assertEquals(Duration.ofSeconds(5), o.connectTimeout());
        assertEquals(Duration.ofSeconds(10), o.readTimeout());
        assertEquals(Duration.ofSeconds(30), o.requestTimeout());
        assertEquals(1024 * 1024, o.maxResponseBytes());
        assertEquals(Duration.ofHours(24), o.deliveredRetention());
        assertEquals(Duration.ofDays(7), o.failedRetention());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> o.perHostConcurrency(9));
    }

    @Test
    void statusesMapToOutcomes() {
        for (int s : new int[] {200, 201, 202, 204, 299}) {
            assertEquals(DeliveryOutcome.DELIVERED, DeliveryOutcome.of(s), "" + s);
        }
        for (int s : new int[] {400, 403, 404, 405, 410, 413, 415, 422, 451, 501}) {
            assertEquals(DeliveryOutcome.FAILED, DeliveryOutcome.of(s), "" + s);
        }
        for (int s : new int[] {401, 408, 429, 500, 502, 503, 504, 520, 301, 302, 307}) {
            assertEquals(DeliveryOutcome.RETRY, DeliveryOutcome.of(s), "" + s);
        }
        assertEquals(DeliveryOutcome.RETRY, DeliveryOutcome.of(null), "network and TLS errors");
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDateAndIsCappedAtSixHours() {
        Clock clock = Clock.fixed(Instant.parse("2026-05-12T09:30:00Z"), ZoneOffset.UTC);
        assertEquals(Duration.ofSeconds(120), DeliveryOutcome.retryAfter("120", clock));
        assertEquals(Duration.ofSeconds(90), DeliveryOutcome.retryAfter("Tue, 12 May 2026 09:31:30 GMT", clock));
        assertEquals(Duration.ZERO, DeliveryOutcome.retryAfter("Tue, 12 May 2026 09:00:00 GMT", clock));
        assertNull(DeliveryOutcome.retryAfter("soon", clock));
        assertNull(DeliveryOutcome.retryAfter(null, clock));

        Duration six = Duration.ofHours(6);
        assertEquals(Duration.ofSeconds(120), DeliveryOutcome.nextDelay(Duration.ofSeconds(15), Duration.ofSeconds(120), six));
        assertEquals(Duration.ofSeconds(271), DeliveryOutcome.nextDelay(Duration.ofSeconds(271), Duration.ofSeconds(120), six));
        assertEquals(six, DeliveryOutcome.nextDelay(Duration.ofSeconds(15), Duration.ofDays(2), six));
        assertEquals(six, DeliveryOutcome.nextDelay(Duration.ofSeconds(15), DeliveryOutcome.retryAfter("99999999999999999999", clock), six));
        assertEquals(Duration.ofSeconds(50640), DeliveryOutcome.nextDelay(Duration.ofSeconds(50640), Duration.ofDays(2), six),
            "the schedule itself is not capped");
    }
}
