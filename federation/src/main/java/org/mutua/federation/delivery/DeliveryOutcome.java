package org.mutua.federation.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** How a response status (or a network error) ends an attempt (FEDERATION.md §5 "Outcomes"). */
enum DeliveryOutcome {
    DELIVERED, RETRY, FAILED;

    /**
     * 2xx delivered; 401 (after the double-knock), 408, 429 and 5xx other than 501 retried; other 4xx and 501 failed
     * (Mastodon {@code response_error_unsalvageable?}); anything else (3xx: redirects are not followed) retried,
     * as Mastodon does. {@code null} status means a network or TLS error: retry.
     */
    static DeliveryOutcome of(Integer status) {
        if (status == null) {
            return RETRY;
        }
        int s = status;
        if (s >= 200 && s < 300) {
            return DELIVERED;
        }
        if (s == 401 || s == 408 || s == 429) {
            return RETRY;
        }
        if (s == 501 || (s >= 400 && s < 500)) {
            return FAILED;
        }
        return RETRY;
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unparseable. */
    static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return Duration.ofDays(365); // absurdly large: capped by the caller
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** max(schedule, min(Retry-After, cap)). */
    static Duration nextDelay(Duration scheduled, Duration retryAfter, Duration cap) {
        if (retryAfter == null) {
            return scheduled;
        }
        Duration capped = retryAfter.compareTo(cap) > 0 ? cap : retryAfter;
        return capped.compareTo(scheduled) > 0 ? capped : scheduled;
    }
}
