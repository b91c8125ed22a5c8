package org.mutua.federation.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link DeliveryWorker}. The defaults are the production values of FEDERATION.md §5; tests shorten
 * the schedule and intervals through the setters.
 */
public final class DeliveryOptions {
    private int workers = 16;
    private int perHostConcurrency = 1;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration lease = Duration.ofSeconds(60);
    private Duration leaseRenewal = Duration.ofSeconds(20);
    private RetrySchedule retrySchedule = RetrySchedule.mastodon();
    private int maxAttempts = 17;
    private Duration maxRetryAfter = Duration.ofHours(6);
    private int breakerThreshold = 10;
    private Duration breakerPause = Duration.ofSeconds(60);
    private int failureDaysThreshold = 7;
    private Duration schemeMemory = Duration.ofDays(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxResponseBytes = 1024 * 1024;
    private Duration deliveredRetention = Duration.ofHours(24);
    private Duration failedRetention = Duration.ofDays(7);
    private Duration cleanupInterval = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private String userAgent = "Mutua";

    public int workers() { return workers; }
    public int perHostConcurrency() { return perHostConcurrency; }
    public Duration pollInterval() { return pollInterval; }
    public Duration lease() { return lease; }
    public Duration leaseRenewal() { return leaseRenewal; }
    public RetrySchedule retrySchedule() { return retrySchedule; }
    public int maxAttempts() { return maxAttempts; }
    public Duration maxRetryAfter() { return maxRetryAfter; }
    public int breakerThreshold() { return breakerThreshold; }
    public Duration breakerPause() { return breakerPause; }
    public int failureDaysThreshold() { return failureDaysThreshold; }
    public Duration schemeMemory() { return schemeMemory; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration readTimeout() { return readTimeout; }
    public Duration requestTimeout() { return requestTimeout; }
    public int maxResponseBytes() { return maxResponseBytes; }
    public Duration deliveredRetention() { return deliveredRetention; }
    public Duration failedRetention() { return failedRetention; }
    public Duration cleanupInterval() { return cleanupInterval; }
    public Clock clock() { return clock; }
    public String userAgent() { return userAgent; }

    /** Requests in flight (and rows held) by this worker in total; default 16. */
    public DeliveryOptions workers(int n) { this.workers = positive(n, "workers"); return this; }

    /** Requests in flight per normalised host; default 1, at most 8. */
    public DeliveryOptions perHostConcurrency(int n) {
        if (n < 1 || n > 8) {
            throw new IllegalArgumentException("perHostConcurrency must be 1..8");
        }
        this.perHostConcurrency = n;
        return this;
    }

    public DeliveryOptions pollInterval(Duration d) { this.pollInterval = positive(d, "pollInterval"); return this; }

    /** Lease taken on claim; renewed every {@link #leaseRenewal} while the row is held. */
    public DeliveryOptions lease(Duration d) { this.lease = positive(d, "lease"); return this; }
    public DeliveryOptions leaseRenewal(Duration d) { this.leaseRenewal = positive(d, "leaseRenewal"); return this; }
    public DeliveryOptions retrySchedule(RetrySchedule s) { this.retrySchedule = Objects.requireNonNull(s); return this; }

    /** Attempts in total before a retryable row becomes failed; default 17 (1 + 16 retries). */
    public DeliveryOptions maxAttempts(int n) { this.maxAttempts = positive(n, "maxAttempts"); return this; }
    public DeliveryOptions maxRetryAfter(Duration d) { this.maxRetryAfter = positive(d, "maxRetryAfter"); return this; }
    public DeliveryOptions breakerThreshold(int n) { this.breakerThreshold = positive(n, "breakerThreshold"); return this; }
    public DeliveryOptions breakerPause(Duration d) { this.breakerPause = positive(d, "breakerPause"); return this; }
    public DeliveryOptions failureDaysThreshold(int n) { this.failureDaysThreshold = positive(n, "failureDaysThreshold"); return this; }
    public DeliveryOptions schemeMemory(Duration d) { this.schemeMemory = positive(d, "schemeMemory"); return this; }
    public DeliveryOptions connectTimeout(Duration d) { this.connectTimeout = positive(d, "connectTimeout"); return this; }
    public DeliveryOptions readTimeout(Duration d) { this.readTimeout = positive(d, "readTimeout"); return this; }
    public DeliveryOptions requestTimeout(Duration d) { this.requestTimeout = positive(d, "requestTimeout"); return this; }
    public DeliveryOptions maxResponseBytes(int n) { this.maxResponseBytes = positive(n, "maxResponseBytes"); return this; }
    public DeliveryOptions deliveredRetention(Duration d) { this.deliveredRetention = positive(d, "deliveredRetention"); return this; }
    public DeliveryOptions failedRetention(Duration d) { this.failedRetention = positive(d, "failedRetention"); return this; }
    public DeliveryOptions cleanupInterval(Duration d) { this.cleanupInterval = positive(d, "cleanupInterval"); return this; }

    /** Clock for signature dates and the UTC failure day; the queue's timestamps use the database's now(). */
    public DeliveryOptions clock(Clock c) { this.clock = Objects.requireNonNull(c); return this; }
    public DeliveryOptions userAgent(String ua) { this.userAgent = Objects.requireNonNull(ua); return this; }

    /** A duration as the SQL statements' {@code make_interval(secs => …)} parameters take it. */
    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** A duration for Vert.x timers and timeouts, which take at least 1 ms. */
    static long millis(Duration d) {
        return Math.max(1, d.toMillis());
    }

    private static int positive(int n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return n;
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
        return d;
    }
}
