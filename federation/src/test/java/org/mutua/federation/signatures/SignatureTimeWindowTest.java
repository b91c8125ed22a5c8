package org.mutua.federation.signatures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Mastodon SignedRequest#matches_time_window?: 1 h skew; default validity 5 min; expiry capped at 12 h. */
class SignatureTimeWindowTest {
    private static final Instant NOW = Instant.parse("2026-05-12T09:30:00Z");

    private static Optional<String> check(Duration createdFromNow, Duration expiresFromNow) {
        return SignatureTimeWindow.check(NOW.plus(createdFromNow), expiresFromNow == null ? null : NOW.plus(expiresFromNow), NOW);
    }

    @Test
    void createdUpToAnHourAheadIsAccepted() {
        assertEquals(Optional.empty(), check(Duration.ofHours(1), null));
        assertEquals(Optional.of("future"), check(Duration.ofHours(1).plusSeconds(1), null));
    }

    @Test
    void withoutExpiresTheSignatureLastsFiveMinutesPlusSkew() {
        assertEquals(Optional.empty(), check(Duration.ofMinutes(-65), null));
        assertEquals(Optional.of("expired"), check(Duration.ofMinutes(-65).minusSeconds(1), null));
    }

    @Test
    void expiresIsHonouredPlusSkew() {
        assertEquals(Optional.empty(), check(Duration.ofHours(-3), Duration.ofMinutes(-60)));
        assertEquals(Optional.of("expired"), check(Duration.ofHours(-3), Duration.ofMinutes(-60).minusSeconds(1)));
    }

    @Test
    void expiresBeyondTwelveHoursIsCapped() {
        assertEquals(Optional.empty(), check(Duration.ofHours(-13), Duration.ofDays(30)));
        assertEquals(Optional.of("expired"), check(Duration.ofHours(-13).minusSeconds(1), Duration.ofDays(30)));
    }

    @Test
    void shortExpiresEndsBeforeTheFiveMinuteDefault() {
        assertEquals(Optional.of("expired"), check(Duration.ofMinutes(-62), Duration.ofMinutes(-61)));
    }
}
