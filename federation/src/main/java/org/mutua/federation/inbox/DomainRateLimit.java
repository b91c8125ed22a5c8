package org.mutua.federation.inbox;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Inbound budget per remote domain (the signer's host), not per IP: a busy server delivers from few addresses
 * (FEDERATION.md 6 row 32). Fixed one-minute windows per process; answers how many seconds to wait when over.
 */
public final class DomainRateLimit {
    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long minute, AtomicInteger count) {
    }

    public DomainRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** 0 when the request may go on, else the seconds until the next window. */
    public long retryAfterSeconds(String host) {
        long now = clock.millis();
        long minute = now / 60_000;
        Window w = windows.compute(host, (h, old) -> old == null || old.minute() != minute ? new Window(minute, new AtomicInteger()) : old);
        if (w.count().incrementAndGet() <= perMinute) {
            return 0;
        }
        return Math.max(1, 60 - (now % 60_000) / 1000);
    }
}
