package org.mutua.federation.fetch;

import java.time.Duration;

/**
 * Limits on every outgoing GET (FEDERATION.md §6 rows 18, 19, 22; Mastodon app/lib/request.rb: 5 s connect, 1 MB
 * {@code body_with_limit}, a total deadline rather than per-read timeouts so a slow-drip server cannot hold a
 * connection forever). {@code fetchesPerDomainPerMinute} is the row-22 budget per registrable domain; the profile
 * gives no number, 120 a minute is ours.
 */
public record FetchLimits(Duration connectTimeout, Duration totalTimeout, int maxBodyBytes, int maxRedirects,
                          int fetchesPerDomainPerMinute) {
    public static final int ONE_MB = 1024 * 1024;

    public FetchLimits {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || totalTimeout.isNegative() || totalTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxBodyBytes < 1 || maxRedirects < 0 || fetchesPerDomainPerMinute < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static FetchLimits defaults() {
        return new FetchLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), ONE_MB, 3, 120);
    }

    public FetchLimits withTotalTimeout(Duration d) {
        return new FetchLimits(connectTimeout, d, maxBodyBytes, maxRedirects, fetchesPerDomainPerMinute);
    }

    public FetchLimits withMaxBodyBytes(int n) {
        return new FetchLimits(connectTimeout, totalTimeout, n, maxRedirects, fetchesPerDomainPerMinute);
    }

    public FetchLimits withFetchesPerDomainPerMinute(int n) {
        return new FetchLimits(connectTimeout, totalTimeout, maxBodyBytes, maxRedirects, n);
    }
}
