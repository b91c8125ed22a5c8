package org.mutua.federation.signatures;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Freshness of a signature, as Mastodon {@code SignedRequest#matches_time_window?} (app/lib/signed_request.rb):
 * reject when created is more than 1 h ahead, or when now is past min(expires or created + 5 min, created + 12 h)
 * plus 1 h of clock skew.
 */
public final class SignatureTimeWindow {
    static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(5);
    static final Duration MAX_VALIDITY = Duration.ofHours(12);
    static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private SignatureTimeWindow() {
    }

    /**
     * @param created signature creation ({@code created} parameter or the signed {@code Date})
     * @param expires the signer's {@code expires}, or null
     * @return empty when fresh, else {@code "future"} or {@code "expired"}
     */
    public static Optional<String> check(Instant created, Instant expires, Instant now) {
        if (created.isAfter(now.plus(CLOCK_SKEW))) {
            return Optional.of("future");
        }
        Instant end = expires != null ? expires : created.plus(DEFAULT_VALIDITY);
        Instant cap = created.plus(MAX_VALIDITY);
        if (end.isAfter(cap)) {
            end = cap;
        }
        if (now.isAfter(end.plus(CLOCK_SKEW))) {
            return Optional.of("expired");
        }
        return Optional.empty();
    }
}
