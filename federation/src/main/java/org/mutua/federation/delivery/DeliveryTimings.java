package org.mutua.federation.delivery;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the time of a busy period went, summed over deliveries (they overlap, so the sums exceed the wall time;
 * their proportions are the profile). Logged when the worker becomes idle. Touched on the worker's context, except
 * {@link #sign}, added to by worker threads.
 */
final class DeliveryTimings {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class); // the queue's one log category

    final AtomicLong sign = new AtomicLong();
    long claims;
    long claim;
    long scheme;
    long http;
    long record;
    long deliveries;
    long since;

    /** Logs the busy period that just ended and starts counting the next one. */
    void logIdle() {
        long wall = System.nanoTime() - since;
        LOG.info("delivery idle: {} rows in {} ms; summed over rows: claim {} ms in {} claims, scheme lookup {} ms, signing {} ms, HTTP {} ms, recording {} ms",
            deliveries, wall / 1_000_000, claim / 1_000_000, claims, scheme / 1_000_000,
            sign.getAndSet(0) / 1_000_000, http / 1_000_000, record / 1_000_000);
        claims = 0;
        claim = 0;
        scheme = 0;
        http = 0;
        record = 0;
        deliveries = 0;
    }
}
