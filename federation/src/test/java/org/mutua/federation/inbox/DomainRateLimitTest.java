package org.mutua.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The inbox's per-domain limit (FEDERATION.md 6 row 32) counts verified signers only and keeps its memory bounded;
 * {@code InboxPipelineTest.forgedKeyIdsNamingAPeerDoNotThrottleItsRealDeliveries} shows the same through the route.
 */
class DomainRateLimitTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:10Z"));

    @Test
    void sixThousandAndOneForgedKeyIdsNamingAPeerLeaveItsWholeBudget() {
        DomainRateLimit limit = new DomainRateLimit(6_000, clock);
        // What the route does for a request whose signature then fails: the check before verification, no count.
        for (int i = 0; i < 6_001; i++) {
            assertEquals(0, limit.retryAfterSeconds("peer.example"));
        }
        for (int i = 0; i < 6_000; i++) {
            assertEquals(0, limit.countVerified("peer.example"), "the peer's real delivery " + (i + 1));
        }
        assertTrue(limit.countVerified("peer.example") > 0, "its 6,001st verified activity is over the budget");
        assertTrue(limit.retryAfterSeconds("peer.example") > 0, "and from then on refused before verification");
    }

    @Test
    void hundredThousandForgedDomainsAreNeverTracked() {
        DomainRateLimit limit = new DomainRateLimit(6_000, 1_000, clock);
        for (int i = 0; i < 100_000; i++) {
            limit.retryAfterSeconds("h" + i + ".forged.example");
        }
        assertEquals(0, limit.trackedDomains());
    }

    @Test
    void hundredThousandVerifiedDomainsStayUnderTheCapAndStillShareALimit() {
        DomainRateLimit limit = new DomainRateLimit(50, 1_000, clock);
        long refused = 0;
        for (int i = 0; i < 100_000; i++) {
            if (limit.countVerified("h" + i + ".farm.example") > 0) {
                refused++;
            }
        }
        assertTrue(limit.trackedDomains() <= 1_000, "tracked " + limit.trackedDomains());
        assertEquals(100_000 - 1_000 - 50, refused, "hosts past the cap share one window, so they are limited too");
    }

    @Test
    void idleDomainsArePrunedWhenTheMapIsFull() {
        DomainRateLimit limit = new DomainRateLimit(50, 1_000, clock);
        for (int i = 0; i < 1_000; i++) {
            limit.countVerified("h" + i + ".example");
        }
        assertEquals(1_000, limit.trackedDomains());
        clock.now = clock.now.plusSeconds(60);
        assertEquals(0, limit.countVerified("new.example"));
        assertEquals(1, limit.trackedDomains(), "last minute's windows were dropped for the new one");
    }

    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
