package org.mutua.federation.inbox;

/**
 * A synchronous inbox check said no: the status and a short reason the sender's operator can act on, and for a
 * "come back later" answer the seconds to wait ({@code Retry-After}; 0 when there is none).
 */
public final class InboxRefusal extends RuntimeException {
    private final int status;
    private final long retryAfterSeconds;

    public InboxRefusal(int status, String reason) {
        this(status, reason, 0);
    }

    /** A refusal the sender should retry after that many seconds (a Retry-After header; 0 for none). */
    public InboxRefusal(int status, String reason, long retryAfterSeconds) {
        super(reason, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
