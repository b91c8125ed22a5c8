package org.mutua.server.problems;

/**
 * A refusal a person can act on: an HTTP status, the field at fault (if any), a stable code that pages translate
 * (a message key of the web bundles) and an English sentence for the JSON API and logs. Thrown by services, turned
 * into a response by the router's failure handler; never carries private content.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String field;
    private final String code;

    public Problem(int status, String field, String code, String message) {
        this(status, field, code, message, null);
    }

    /**
     * With the failure it stands for, kept as the cause so that whoever retries (the inbound worker,
     * {@code InboundFailures}) can tell a spent fetch budget from an actor that is gone; never shown.
     */
    public Problem(int status, String field, String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.field = field;
        this.code = code;
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

    public int status() { return status; }
    public String field() { return field; }
    public String code() { return code; }
}
