package org.mutua.server.problems;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A refusal a person can act on: an HTTP status, the field at fault (if any), a stable code that pages translate
 * (a message key of the web bundles) and an English sentence for the JSON API and logs. Thrown by services, turned
 * into a response by the router's failure handler; never carries private content.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String field;
    private final String code;
    private final Duration retryAfter;
    private final List<Problem> each;

    public Problem(int status, String field, String code, String message) {
        this(status, field, code, message, null);
    }

    /**
     * With the failure it stands for, kept as the cause so that whoever retries (the inbound worker,
     * {@code InboundFailures}) can tell a spent fetch budget from an actor that is gone; never shown.
     */
    public Problem(int status, String field, String code, String message, Throwable cause) {
        this(status, field, code, message, cause, null, List.of());
    }

    private Problem(int status, String field, String code, String message, Throwable cause, Duration retryAfter, List<Problem> each) {
        super(message, cause, false, false);
        this.status = status;
        this.field = field;
        this.code = code;
        this.retryAfter = retryAfter;
        this.each = List.copyOf(each);
    }

    /**
     * Several fields wrong at once, so a form or script can show every one, not only the first: the answer takes the
     * first problem's status, code and message and lists all of them ({@link #each()}). One problem stays itself.
     */
    public static Problem all(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        Problem first = problems.get(0);
        return new Problem(first.status, first.field, first.code, first.getMessage(), null, first.retryAfter, problems);
    }

    /** 429 with how long to wait, sent as {@code Retry-After} (whole seconds, at least one). */
    public static Problem tooMany(String code, String message, Duration retryAfter) {
        return new Problem(429, null, code, message, null, retryAfter, List.of());
    }

    public static Problem invalid(String field, String code, String message) {
        return new Problem(400, field, code, message);
    }

    public static Problem conflict(String field, String code, String message) {
        return new Problem(409, field, code, message);
    }

    public static Problem forbidden(String code, String message) {
        return new Problem(403, null, code, message);
    }

    public static Problem notFound(String code, String message) {
        return new Problem(404, null, code, message);
    }

    public static Problem unauthorized(String code, String message) {
        return new Problem(401, null, code, message);
    }

    public static Problem tooMany(String code, String message) {
        return new Problem(429, null, code, message);
    }

    /** The problems this one stands for: several from {@link #all}, else this one alone. */
    public List<Problem> each() { return each.isEmpty() ? List.of(this) : each; }
    public Optional<Duration> retryAfter() { return Optional.ofNullable(retryAfter); }
    public int status() { return status; }
    public String field() { return field; }
    public String code() { return code; }
}
