package org.mutua.federation.delivery;

import java.time.Duration;

/** One HTTP exchange: a status, or null with an error for network/TLS/timeouts. */
record Attempt(Integer status, Duration retryAfter, String error) {
    /** What went wrong, for {@code last_error} and the log. */
    static String errorText(String what, Throwable t) {
        String message = t.getMessage();
        return what + ": " + t.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
