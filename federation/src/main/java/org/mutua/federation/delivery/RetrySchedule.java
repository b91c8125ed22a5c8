package org.mutua.federation.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Delay before the next attempt after the {@code n}-th retryable failure, counted from 0 (the first retry uses
 * n = 0). The production schedule is Mastodon's ({@code app/workers/activitypub/delivery_worker.rb}, Sidekiq's
 * default): n⁴ + 15 s + random(0, 0.5·n⁴) s.
 */
@FunctionalInterface
public interface RetrySchedule {

    Duration delay(int n);

    /** Mastodon's schedule with a uniform random jitter. */
    static RetrySchedule mastodon() {
        return mastodon(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** Mastodon's schedule; {@code random01} yields values in [0, 1). */
    static RetrySchedule mastodon(DoubleSupplier random01) {
        Objects.requireNonNull(random01, "random01");
        return n -> {
            if (n < 0) {
                throw new IllegalArgumentException("n must be >= 0");
            }
            double p = Math.pow(n, 4);
            double seconds = p + 15 + random01.getAsDouble() * 0.5 * p;
            return Duration.ofMillis(Math.round(seconds * 1000));
        };
    }

    /** The same delay every time (tests). */
    static RetrySchedule fixed(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return n -> delay;
    }
}
