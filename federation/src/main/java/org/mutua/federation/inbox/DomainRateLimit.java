package org.mutua.federation.inbox;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inbound budget per remote domain (the signer's host), not per IP: a busy server delivers from few addresses
 * (FEDERATION.md 6 row 32). Fixed one-minute windows per process. Only <em>verified</em> signers are counted
 * ({@link #countVerified}): anyone can write a real peer's domain into a keyId, and forged requests must not spend its
 * budget. Before verification {@link #retryAfterSeconds} only reads, refusing a domain already over its budget
 * cheaply, and never adds a domain. At most {@code maxDomains} domains are tracked: idle ones (an older minute) are
 * dropped when the map is full, and past that, new domains share one window, so memory stays bounded while every
 * signer is still limited.
 */
public final class DomainRateLimit {
    /** Enough for every peer a busy node hears from in a minute; a window costs some tens of bytes. */
    public static final int DEFAULT_MAX_DOMAINS = 10_000;

    private final int perMinute;
    private final int maxDomains;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    /** The window shared by hosts that found the map full. */
    private final AtomicLong prunedInMinute = new AtomicLong(-1);
    private final AtomicReference<Window> overflow = new AtomicReference<>(new Window(-1, new AtomicInteger()));

    private record Window(long minute, AtomicInteger count) {
    }

    public DomainRateLimit(int perMinute, Clock clock) {
        this(perMinute, DEFAULT_MAX_DOMAINS, clock);
    }

    public DomainRateLimit(int perMinute, int maxDomains, Clock clock) {
        this.perMinute = perMinute;
        this.maxDomains = maxDomains;
        this.clock = clock;
    }

    /** Before verification: 0 when the host may go on, else the seconds until the next window. Counts nothing. */
    public long retryAfterSeconds(String host) {
        long now = clock.millis();
        Window w = windows.getOrDefault(host, overflow.get());
        if (w.minute() != now / 60_000 || w.count().get() < perMinute) {
            return 0;
        }
        return secondsToNextWindow(now);
    }

    /** After verification: counts one activity of this signer's host; 0 while within its budget, else as above. */
    public long countVerified(String host) {
        long now = clock.millis();
        long minute = now / 60_000;
        // Idle windows go when the map is full, once a minute at most: a full map of this minute's hosts stays full.
        long pruned = prunedInMinute.get();
        if (!windows.containsKey(host) && windows.size() >= maxDomains && pruned != minute && prunedInMinute.compareAndSet(pruned, minute)) {
            windows.entrySet().removeIf(e -> e.getValue().minute() != minute);
        }
        Window w = windows.containsKey(host) || windows.size() < maxDomains
            ? windows.compute(host, (h, old) -> current(old, minute))
            : overflow.updateAndGet(old -> current(old, minute));
        if (w.count().incrementAndGet() <= perMinute) {
            return 0;
        }
        return secondsToNextWindow(now);
    }

    private static Window current(Window old, long minute) {
        return old == null || old.minute() != minute ? new Window(minute, new AtomicInteger()) : old;
    }

    /** How many domains have a window (for the test that memory stays bounded). */
    int trackedDomains() {
        return windows.size();
    }

    private static long secondsToNextWindow(long now) {
        return Math.max(1, 60 - (now % 60_000) / 1000);
    }
}
