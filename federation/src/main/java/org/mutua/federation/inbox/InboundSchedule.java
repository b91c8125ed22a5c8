package org.mutua.federation.inbox;

import java.time.Duration;
import java.util.Optional;

/**
 * When an inbound job that failed for a temporary reason ({@link InboundFailures}) is tried again, and how long a
 * claim holds a job. By default: 30 s after the first attempt, doubling, at most an hour apart, while the next attempt
 * falls within 24 hours of the job's arrival (about 30 attempts); then it ends {@link InboxOutcome#FAILED}. The cap of
 * 32 attempts is a safety net the schedule does not reach: a job whose process dies under it is claimed again when its
 * lease runs out, without waiting, and each such claim counts.
 *
 * @param firstRetry  the wait after the first failed attempt
 * @param maxRetry    the longest wait between two attempts
 * @param giveUpAfter no attempt later than this after the job arrived
 * @param maxAttempts the attempts a job may take, whatever the reason it was taken again
 * @param lease       how long a claim holds a job before another worker may take it; renewed while it runs
 */
public record InboundSchedule(Duration firstRetry, Duration maxRetry, Duration giveUpAfter, int maxAttempts, Duration lease) {
    public InboundSchedule {
        if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0 || maxAttempts < 1
            || lease.toMillis() < 3) {
            throw new IllegalArgumentException("an inbound schedule needs positive waits, maxRetry >= firstRetry, attempts and a lease");
        }
    }

    public static InboundSchedule defaults() {
        return new InboundSchedule(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24), 32, Duration.ofSeconds(60));
    }

    /** The wait after the n-th attempt (n >= 1) failed: {@link #firstRetry} doubled n-1 times, at most {@link #maxRetry}. */
    public Duration delayAfter(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 40));
        long millis = firstRetry.toMillis();
        for (int i = 0; i < doublings && millis < maxRetry.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxRetry.toMillis()));
    }

    /**
     * The wait before the job's next attempt after a temporary failure, or empty when it ends now: it has taken
     * {@link #maxAttempts}, or the next attempt would fall past {@link #giveUpAfter} from its arrival.
     *
     * @param attempts attempts taken, this one included
     * @param age      how long ago the job arrived
     */
    public Optional<Duration> retryAfter(int attempts, Duration age) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = delayAfter(attempts);
        return age.plus(wait).compareTo(giveUpAfter) > 0 ? Optional.empty() : Optional.of(wait);
    }

    /** How often the worker renews the leases of the jobs it holds: three times a lease, so one late renewal is harmless. */
    public Duration renewEvery() {
        return Duration.ofMillis(Math.max(1, lease.toMillis() / 3));
    }
}
