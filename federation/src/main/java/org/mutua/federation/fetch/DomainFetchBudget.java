package org.mutua.federation.fetch;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most N fetches per minute per registrable domain, a sliding window (FEDERATION.md §6 row 22: subdomain farms
 * driving fetch recursion). Checked before DNS and before dialling; over budget fails with "over-budget".
 */
public final class DomainFetchBudget {
    private static final long WINDOW_MILLIS = 60_000;
    private static final int PRUNE_ABOVE_DOMAINS = 10_000;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, ArrayDeque<Long>> recent = new ConcurrentHashMap<>();

    public DomainFetchBudget(int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be positive");
        }
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one fetch from the host's domain budget; false when the budget for this minute is spent. */
    public boolean tryAcquire(String normalizedHost) {
        long now = clock.millis();
        if (recent.size() > PRUNE_ABOVE_DOMAINS) {
            prune(now);
        }
        ArrayDeque<Long> stamps = recent.computeIfAbsent(RegistrableDomain.of(normalizedHost), d -> new ArrayDeque<>());
        synchronized (stamps) {
            while (!stamps.isEmpty() && stamps.peekFirst() <= now - WINDOW_MILLIS) {
                stamps.pollFirst();
            }
            if (stamps.size() >= perMinute) {
                return false;
            }
            stamps.addLast(now);
            return true;
        }
    }

    /** The seconds until the host's domain budget frees a slot: when its oldest fetch in the window leaves it. */
    public long secondsUntilFree(String normalizedHost) {
        long now = clock.millis();
        ArrayDeque<Long> stamps = recent.get(RegistrableDomain.of(normalizedHost));
        if (stamps == null) {
            return 0;
        }
        synchronized (stamps) {
            if (stamps.size() < perMinute || stamps.isEmpty()) {
                return 0;
            }
            long freeAt = stamps.peekFirst() + WINDOW_MILLIS;
            return Math.max(1, (freeAt - now + 999) / 1000);
        }
    }

    private void prune(long now) {
        recent.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long last = e.getValue().peekLast();
                return last == null || last <= now - WINDOW_MILLIS;
            }
        });
    }
}
